"""Real MT texts for the scoring tests: WMT 2023 zh-en outputs shipped in benchmarks/data.

Different MT systems' outputs for the same document stand in for hypothesis, MT and
reference, which is all a metric test needs: real, varied English segments aligned by index.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

_ROOT = Path(__file__).resolve().parents[2]
DATA = _ROOT / "benchmarks" / "data" / "mqm-zhen-news-dev.jsonl"  # shipped with the project
if not DATA.exists():
    DATA = _ROOT.parent / "shared" / "data" / "mqm-zhen-news-dev.jsonl"


@lru_cache(maxsize=1)
def _by_system() -> dict[str, dict[tuple[str, int], str]]:
    if not DATA.exists():
        pytest.skip(f"{DATA} is not available")
    systems: dict[str, dict[tuple[str, int], str]] = {}
    with DATA.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            text = " ".join(row["text"].split())  # one segment a line
            systems.setdefault(row["system"], {})[(row["doc"], int(row["seg"]))] = text
    return systems


def documents() -> list[str]:
    return sorted({doc for doc, _ in _by_system()["HW-TSC"]})


def segments(system: str, doc: str, limit: int | None = None) -> list[str]:
    """One system's segments of one document, in segment order."""
    rows = _by_system()[system]
    keys = sorted(k for k in rows if k[0] == doc)
    return [rows[k] for k in keys][:limit]


# (hypothesis system, reference system, MT system): three real texts a case.
CASES = [
    ("ONLINE-B", "GPT4-5shot", "NLLB_Greedy"),
    ("HW-TSC", "ONLINE-W", "ONLINE-M"),
    ("Lan-BridgeMT", "IOL_Research", "NLLB_MBR_BLEU"),
    ("ONLINE-A", "GPT4-5shot", "ONLINE-B"),
]


def corpus(system: str) -> list[str]:
    """One system's segments of every document, documents in name order."""
    return [seg for doc in documents() for seg in segments(system, doc)]
