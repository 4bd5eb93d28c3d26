"""The example article against its copy editor's gold annotation: the default rules catch at
least 85% of the gold spans, at least 85% of their flags lie on a gold span, the clean
reference gets at most two flags, and `copydesk fix` brings the MT closer to the reference."""

from __future__ import annotations

import json

import pytest

from copydesk.rules.fix import fix_text
from tests.conftest import example_file
from tests.packs.conftest import GOLD


def overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


@pytest.fixture(scope="module")
def mt() -> str:
    return example_file("xiaomi-tribute.mt.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def ref() -> str:
    return example_file("xiaomi-tribute.ref.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def gold(mt: str) -> list[dict]:
    spans = json.loads(GOLD.read_text(encoding="utf-8"))["spans"]
    for span in spans:
        assert mt[span["start"] : span["end"]] == span["span"]
    return spans


def test_gold_spans_caught(check, mt: str, gold: list[dict]) -> None:
    """A span counts as caught by a flag lying at least half inside it."""
    flags = check(mt)
    caught = [
        g
        for g in gold
        if any(
            overlap(g["start"], g["end"], f.start, f.end) * 2 >= max(1, f.end - f.start)
            for f in flags
        )
    ]
    assert len(caught) / len(gold) >= 0.85, [g["span"] for g in gold if g not in caught]


def test_flags_on_gold_spans(check, mt: str, gold: list[dict]) -> None:
    flags = check(mt)
    on_gold = [f for f in flags if any(overlap(g["start"], g["end"], f.start, f.end) for g in gold)]
    stray = [mt[f.start : f.end] for f in flags if f not in on_gold]
    assert len(on_gold) / len(flags) >= 0.85, stray


def test_reference_gets_at_most_two_flags(check, ref: str) -> None:
    flags = check(ref)
    assert len(flags) <= 2, [(f.rule, ref[f.start : f.end]) for f in flags]


@pytest.mark.parametrize("unsafe", [False, True])
def test_fix_moves_mt_towards_reference(check, mt: str, ref: str, unsafe: bool) -> None:
    """chrF (sacrebleu) of the fixed article against the reference beats the raw MT's."""
    import sacrebleu

    fixed = fix_text(mt, check, unsafe=unsafe)
    assert fixed != mt
    before = sacrebleu.sentence_chrf(mt, [ref]).score
    after = sacrebleu.sentence_chrf(fixed, [ref]).score
    assert after > before + (1.0 if unsafe else 0.5), (before, after)


def test_safe_fixes_are_idempotent(check, mt: str) -> None:
    once = fix_text(mt, check)
    assert fix_text(once, check) == once
