"""How far to trust copydesk's flags: agreement with professional MQM annotators.

usage: python benchmarks/mqm_agreement.py [DATA.jsonl] [--copydesk CMD] [--profile NAME]
                                          [--limit N] [--baseline] [--text]

DATA defaults to benchmarks/data/mqm-zhen-news-dev.jsonl: Chinese -> English news MT with
error spans marked by professional translators (WMT 2023, Apache-2.0, see data/NOTICE).
Every segment is written to its own file in a temporary folder, the installed copydesk runs
once over the folder (`copydesk check --format json`), and the flags are scored against the
marked spans:

  flags_per_1k_chars  flags per 1,000 characters of MT
  precision           share of flags (of at most 60 characters) that overlap a marked span
  random_prec         the same flags moved to random places in their segment (20 draws):
                      what precision a flagger with no idea would get on such dense text
  lift                precision / random_prec
  recall[group]       share of marked spans (deduplicated across raters) that a flag catches:
                      at least half of the flag lies inside the span (spans of 0-2
                      characters: any overlap, one character of slack)
  tau                 Kendall tau-b between flags per character and MQM penalty per character

The same figures for a baseline of a few punctuation and hedge regexes are printed next to
copydesk's in the same run; `--baseline` prints only the baseline. This is the measurement of
the project's shared tool (`shared/tools/mqm_agreement.py`), shipped so that users can repeat
it.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "mqm-zhen-news-dev.jsonl"

GROUPS = [
    ("style", ("Style/",)),
    ("punctuation", ("Fluency/Punctuation",)),
    ("grammar", ("Fluency/Grammar",)),
    ("spelling", ("Fluency/Spelling",)),
    ("terminology", ("Terminology/",)),
    ("locale", ("Locale convention/",)),
    ("accuracy", ("Accuracy/",)),
]

Span = tuple[int, int]


def group(category: str) -> str | None:
    """The category group of an MQM category, or None for categories nobody can score."""
    for name, prefixes in GROUPS:
        if category.startswith(prefixes):
            return name
    return None


def overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def caught(span: Span, flags: list[Span]) -> bool:
    """A marked span is caught by a flag lying at least half inside it; spans of up to two
    characters (a quote mark, a comma) by any flag touching them or their neighbours."""
    s0, s1 = span
    if s1 - s0 <= 2:
        return any(overlap(s0 - 1, s1 + 1, f0, f1) > 0 for f0, f1 in flags)
    return any(overlap(s0, s1, f0, f1) * 2 >= max(1, f1 - f0) for f0, f1 in flags)


def hits(f0: int, f1: int, spans: list[Span]) -> bool:
    return any(overlap(f0, f1, a, b) > 0 or (a == b and f0 <= a <= f1) for a, b in spans)


def tau_b(x: list[float], y: list[float]) -> float:
    """Kendall tau-b (quadratic, fine for a few thousand segments)."""
    n = len(x)
    c = d = tx = ty = 0
    for i in range(n):
        for j in range(i + 1, n):
            a = (x[i] > x[j]) - (x[i] < x[j])
            b = (y[i] > y[j]) - (y[i] < y[j])
            if a == 0 and b == 0:
                continue
            if a == 0:
                tx += 1
            elif b == 0:
                ty += 1
            elif a == b:
                c += 1
            else:
                d += 1
    den = ((c + d + tx) * (c + d + ty)) ** 0.5
    return (c - d) / den if den else 0.0


_BASE = [
    re.compile(p)
    for p in (
        r"[,.:;?!][A-Za-z\"]",
        r"\b(undoubtedly|constantly|greatly|vigorously|effectively|further|comprehensively)\b",
        r"\b(in the field of|carry out|the development of|high-quality development)\b",
    )
]


def baseline(text: str) -> list[Span]:
    """The reference point: a few punctuation and hedge regexes plus sentences of 40+ words."""
    out = [(m.start(), m.end()) for p in _BASE for m in p.finditer(text)]
    for m in re.finditer(r"[^.!?]+[.!?]?", text):
        if len(m.group().split()) > 40:
            out.append((m.start(), m.end()))
    return out


def copydesk_command(explicit: str | None) -> list[str]:
    """The copydesk to measure: as given, else the one on PATH, else this Python's module."""
    if explicit:
        return explicit.split()
    found = shutil.which("copydesk")
    return [found] if found else [sys.executable, "-m", "copydesk"]


def predict(rows: list[dict], command: list[str], profile: str | None = None) -> list[list[Span]]:
    """Flags of `copydesk check` for every segment, by segment index."""
    extra = ["--profile", profile] if profile else []
    with tempfile.TemporaryDirectory() as folder:
        for i, row in enumerate(rows):
            Path(folder, f"s{i:05d}.txt").write_text(row["text"], encoding="utf-8")
        proc = subprocess.run(
            [*command, "check", "--format", "json", *extra, folder],
            capture_output=True,
            text=True,
            timeout=1800,
        )
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError:
        sys.exit(f"copydesk check printed no JSON (exit {proc.returncode}): {proc.stderr[:300]}")
    flags: dict[int, list[Span]] = collections.defaultdict(list)
    for entry in data.get("files", []):
        match = re.search(r"s(\d{5})\.txt$", entry.get("path", ""))
        if match:
            flags[int(match.group(1))] += [(x["start"], x["end"]) for x in entry.get("issues", [])]
    return [flags.get(i, []) for i in range(len(rows))]


def measure(rows: list[dict], preds: list[list[Span]], seed: int = 7) -> dict:
    """The agreement figures of one set of flags (see the module docstring)."""
    rng = random.Random(seed)
    nflag = hit = nlong = 0
    random_hits = 0.0
    recall: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    for row, flags in zip(rows, preds, strict=True):
        spans = [(s["start"], s["end"]) for s in row["spans"] if group(s["category"])]
        size = len(row["text"])
        for f0, f1 in flags:
            if f1 - f0 > 60:
                nlong += 1
                continue
            nflag += 1
            hit += hits(f0, f1, spans)
            length = f1 - f0
            for _ in range(20):
                r0 = rng.randint(0, max(0, size - length))
                random_hits += hits(r0, r0 + length, spans) / 20
        seen: set[tuple[int, int, str]] = set()
        for s in row["spans"]:
            g = group(s["category"])
            key = (s["start"], s["end"], g)
            if not g or key in seen:
                continue
            seen.add(key)
            recall[g][1] += 1
            recall[g][0] += caught((s["start"], s["end"]), flags)
    precision = hit / nflag if nflag else 0.0
    rand = random_hits / nflag if nflag else 0.0
    chars = sum(len(r["text"]) for r in rows)
    tau = tau_b(
        [len(f) / max(1, len(r["text"])) for f, r in zip(preds, rows, strict=True)],
        [r["mqm"] / max(1, len(r["text"])) for r in rows],
    )
    return {
        "segments": len(rows),
        "flags": nflag + nlong,
        "long_flags": nlong,
        "flags_per_1k_chars": round(1000 * nflag / chars, 2) if chars else 0.0,
        "precision": round(precision, 3),
        "random_prec": round(rand, 3),
        "lift": round(precision / rand, 2) if rand else 0.0,
        "recall": {g: round(a / b, 3) for g, (a, b) in recall.items() if b},
        "tau": round(tau, 3),
    }


def load_rows(path: Path, limit: int | None = None) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return rows[:limit] if limit else rows


def _text(name: str, figures: dict) -> str:
    recall = ", ".join(f"{g} {v:.0%}" for g, v in sorted(figures["recall"].items()))
    return (
        f"{name:9s} precision {figures['precision']:.2f} (random {figures['random_prec']:.2f},"
        f" lift {figures['lift']:.2f}), {figures['flags_per_1k_chars']} flags/1k chars;"
        f" recall: {recall}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default=str(DATA), help="MQM JSON lines file")
    parser.add_argument("--copydesk", help="command that runs copydesk (default: on PATH)")
    parser.add_argument("--profile", help="rule profile to enable, e.g. newsroom")
    parser.add_argument("--limit", type=int, help="only the first N segments")
    parser.add_argument("--baseline", action="store_true", help="score only the baseline")
    parser.add_argument("--text", action="store_true", help="print sentences, not JSON")
    args = parser.parse_args(argv)
    path = Path(args.data)
    if not path.is_file():
        print(f"mqm_agreement: {path}: no such file", file=sys.stderr)
        return 2
    rows = load_rows(path, args.limit)
    base = measure(rows, [baseline(r["text"]) for r in rows])
    if args.baseline:
        print(_text("baseline", base) if args.text else json.dumps(base))
        return 0
    ours = measure(rows, predict(rows, copydesk_command(args.copydesk), args.profile))
    if args.text:
        print(_text("copydesk", ours))
        print(_text("baseline", base))
    else:
        print(json.dumps({**ours, "baseline": base}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
