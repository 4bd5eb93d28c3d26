"""How many times a second can the editor rescore a 100-segment draft after an edit?

Prints calls per second of `Scorer.score` after a one-segment edit (the editor's case),
for all three metrics and for chrF + BLEU only, next to the baseline of calling sacrebleu's
`corpus_score` afresh on the whole draft (what a naive rescore costs), and the ratio.

Run: .venv/bin/python benchmarks/score_api.py [--segments 100] [--calls 200]
Texts: 100 paragraphs of WMT 2023 zh-en MT (../shared/data), one system as the draft,
another as the reference, a third as the original MT.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from sacrebleu.metrics import BLEU, CHRF, TER

from copydesk.corpora.score import Scorer

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "mqm-zhen-news-dev.jsonl"


def load(n: int) -> tuple[list[str], list[str], list[str]]:
    systems: dict[str, dict[tuple[str, int], str]] = {}
    with DATA.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            key = (row["doc"], int(row["seg"]))
            systems.setdefault(row["system"], {})[key] = " ".join(row["text"].split())
    keys = sorted(systems["HW-TSC"])[:n]
    return tuple([systems[s][k] for k in keys] for s in ("ONLINE-B", "GPT4-5shot", "NLLB_Greedy"))


def edits(draft: list[str], calls: int):
    """Yield drafts that each differ from the last in one segment, never repeating a text."""
    current = list(draft)
    for i in range(calls):
        index = (i * 37) % len(current)
        words = draft[index].split()
        words.insert(i % max(len(words), 1), f"edit{i}")
        current[index] = " ".join(words)
        yield current


def rate(fn, drafts) -> float:
    start = time.perf_counter()
    count = 0
    for draft in drafts:
        fn(draft)
        count += 1
    return count / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=100)
    parser.add_argument("--calls", type=int, default=200)
    args = parser.parse_args()
    hyp, ref, mt = load(args.segments)
    chars = sum(map(len, hyp)) / len(hyp)
    print(f"{len(hyp)} segments, {chars:.0f} characters a segment on average")

    for metrics in (("chrF", "BLEU", "TER"), ("chrF", "BLEU")):
        label = "+".join(metrics)
        start = time.perf_counter()
        scorer = Scorer([ref], mt_segments=mt, metrics=metrics)
        scorer.score(hyp)
        setup = time.perf_counter() - start
        ours = rate(scorer.score, edits(hyp, args.calls))
        unchanged = rate(scorer.score, [hyp] * args.calls)
        segs = rate(scorer.segment_scores, edits(hyp, args.calls))

        sacre = {"chrF": CHRF(), "BLEU": BLEU(), "TER": TER()}
        base_calls = max(3, args.calls // 40 if "TER" in metrics else args.calls // 4)

        def baseline(draft: list[str], sacre=sacre, metrics=metrics) -> None:
            for kind in metrics:
                sacre[kind].corpus_score(draft, [ref])

        base = rate(baseline, edits(hyp, base_calls))
        print(f"\n[{label}]")
        print(f"  set-up (references, MT, first draft): {setup * 1000:8.1f} ms")
        print(f"  Scorer.score after a one-segment edit: {ours:8.1f} calls/s")
        print(f"  Scorer.score, draft unchanged:         {unchanged:8.1f} calls/s")
        print(f"  Scorer.segment_scores after an edit:   {segs:8.1f} calls/s")
        print(f"  baseline: sacrebleu corpus_score afresh: {base:6.1f} calls/s")
        print(f"  speed-up over the baseline: {ours / base:.0f}x")


if __name__ == "__main__":
    main()
