"""Good English stays clean: idiomatic news and feature prose, written for this corpus, gets
at least five times fewer flags per 1,000 characters than machine-translated news."""

from __future__ import annotations

import json

from tests.conftest import example_file
from tests.packs.conftest import GOOD_ENGLISH, MQM_DATA


def rate(check, texts: list[str]) -> float:
    chars = sum(len(t) for t in texts)
    return 1000 * sum(len(check(t)) for t in texts) / chars


def good_texts() -> list[str]:
    files = sorted(GOOD_ENGLISH.glob("*.txt"))
    assert len(files) >= 8
    return [f.read_text(encoding="utf-8") for f in files]


def test_corpus_is_substantial() -> None:
    assert sum(len(t) for t in good_texts()) > 10_000


def test_good_english_vs_example_article(check) -> None:
    mt = example_file("xiaomi-tribute.mt.txt").read_text(encoding="utf-8")
    good, bad = rate(check, good_texts()), rate(check, [mt])
    assert bad > 0
    assert good * 5 <= bad, (good, bad)


def test_good_english_vs_mqm_news_mt(check) -> None:
    rows = [json.loads(line) for line in MQM_DATA.read_text(encoding="utf-8").splitlines()]
    mt = [r["text"] for r in rows[:400]]
    good, bad = rate(check, good_texts()), rate(check, mt)
    assert good * 5 <= bad, (good, bad)


def test_reference_translation_is_nearly_clean(check) -> None:
    ref = example_file("xiaomi-tribute.ref.txt").read_text(encoding="utf-8")
    assert len(check(ref)) <= 2
