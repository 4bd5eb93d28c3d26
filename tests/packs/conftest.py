"""Fixtures of the pack tests: the default engine and the texts it is judged on."""

from __future__ import annotations

from pathlib import Path

import pytest

from copydesk.document import Document
from copydesk.rules.engine import load_engine
from copydesk.rules.model import Issue

DATA = Path(__file__).resolve().parent / "data"
GOOD_ENGLISH = DATA / "good"
GOLD = DATA / "xiaomi-tribute.gold.json"
ROOT = Path(__file__).resolve().parents[2]
MQM_DATA = ROOT / "benchmarks" / "data" / "mqm-zhen-news-dev.jsonl"


@pytest.fixture(scope="module")
def check():
    """Check a text with the built-in packs and the default profile (no config)."""
    engine = load_engine(None)

    def run(text: str) -> list[Issue]:
        return engine.check(Document.from_text(text))

    return run
