"""The score bar's numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from copydesk.corpora.segments import SegmentedText
from copydesk.editor.scoring import LiveScorer
from copydesk.errors import InputError


def seg(name: str, lines: list[str]) -> SegmentedText:
    return SegmentedText(name, tuple(lines), tuple(range(1, len(lines) + 1)), "line")


REF = seg("ref.txt", ["The cat sat on the mat.", "It was warm."])
MT = seg("mt.txt", ["The cat was sitting on a mat.", "It was hot."])


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
    other = seg("ref2.txt", ["Only one line."])
    report = LiveScorer([REF, other]).score("a\nb\n")
    assert report.summary().startswith("cannot score:")
    assert "ref2.txt has 1" in report.summary()


def test_mt_with_other_line_count_still_scores() -> None:
    report = LiveScorer([REF], seg("mt.txt", ["one"])).score("a\nb\n")
    assert report.ok and "MT not compared" in report.summary()


def test_missing_reference_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        LiveScorer.from_files([str(tmp_path / "nope.txt")], None, tmp_path / "a.txt")
