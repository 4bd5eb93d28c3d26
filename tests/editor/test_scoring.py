"""The score bar's numbers."""

from __future__ import annotations

from copydesk.editor.scoring import LiveScorer, NamedText

REF = NamedText("ref.txt", ["The cat sat on the mat.", "It was warm."])
MT = NamedText("mt.txt", ["The cat was sitting on a mat.", "It was hot."])


def test_scores_rise_toward_the_reference() -> None:
    scorer = LiveScorer([REF], MT)
    before = scorer.score("The cat was sitting on a mat.\nIt was hot.\n")
    after = scorer.score("The cat sat on the mat.\nIt was hot.\n")
    assert before.ok and after.ok
    assert after.chrf > before.chrf and after.bleu > before.bleu and after.ter < before.ter
    assert "vs MT" in after.summary()


def test_different_line_count_cannot_score_and_says_why() -> None:
    report = LiveScorer([REF]).score("One line only.\n", "a.txt")
    assert not report.ok
    assert "a.txt has 1 lines, ref.txt has 2" in report.summary()


def test_references_that_disagree_cannot_score() -> None:
    other = NamedText("ref2.txt", ["Only one line."])
    report = LiveScorer([REF, other]).score("a\nb\n")
    assert report.summary().startswith("cannot score: references differ")
