"""The score bar's numbers: chrF, BLEU and TER of the text being edited against references.

A thin adapter over `copydesk.corpora.score.Scorer`, which is built once from the references
(and the original MT) and rescores only changed segments, so the app can call `score` in a
worker thread after each pause in typing. Segments are lines (paragraphs for Markdown), as in
`copydesk score`. When the counts differ the text cannot be scored: the report says why
instead of giving a number, and the editor keeps working.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from copydesk.corpora.score import ReferenceSet, Scorer
from copydesk.corpora.segments import (
    AlignmentError,
    SegmentBy,
    SegmentedText,
    read_segments,
    segment_by_for,
    segment_text,
)


@dataclass(frozen=True)
class ScoreReport:
    """What the score bar shows: scores, or the reason there are none."""

    chrf: float | None = None
    bleu: float | None = None
    ter: float | None = None
    mt_chrf: float | None = None
    mt_bleu: float | None = None
    mt_ter: float | None = None
    problem: str | None = None
    note: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None and self.chrf is not None

    def summary(self) -> str:
        if self.problem:
            return f"cannot score: {self.problem}"
        parts = []
        for label, now, before, higher_better in (
            ("chrF", self.chrf, self.mt_chrf, True),
            ("BLEU", self.bleu, self.mt_bleu, True),
            ("TER", self.ter, self.mt_ter, False),
        ):
            if now is None:
                continue
            part = f"{label} {now:.1f}"
            if before is not None:
                change = round(now - before, 1) + 0.0  # no "-0.0"
                better = change > 0 if higher_better else change < 0
                mark = "▲" if better else ("▼" if change else "=")
                part += f" ({change:+.1f} vs MT {mark})"
            parts.append(part)
        if self.note:
            parts.append(f"(MT not compared: {self.note})")
        return "   ".join(parts)


class LiveScorer:
    """Scores revisions of one text against fixed references."""

    def __init__(
        self,
        references: Sequence[SegmentedText],
        mt: SegmentedText | None = None,
        segment_by: SegmentBy = "line",
    ) -> None:
        self.segment_by = segment_by
        self.problem: str | None = None
        self.mt_problem: str | None = None
        self.reference_name = Path(references[0].path).name if references else "reference"
        self.scorer: Scorer | None = None
        try:
            reference_set = ReferenceSet.from_texts(list(references))
        except AlignmentError as exc:
            self.problem = str(exc)
            return
        if mt is not None:
            try:
                self.scorer = Scorer(reference_set, mt_segments=mt.segments)
                return
            except AlignmentError as exc:
                self.mt_problem = str(exc)
        self.scorer = Scorer(reference_set)

    @classmethod
    def from_files(
        cls, reference_paths: Sequence[str], mt_path: str | None, edited_path: str | Path
    ) -> LiveScorer:
        """Read references and MT (an unreadable one is an InputError, before the UI)."""
        segment_by = segment_by_for(edited_path)
        references = [read_segments(path, segment_by) for path in reference_paths]
        mt = read_segments(mt_path, segment_by) if mt_path else None
        return cls(references, mt, segment_by)

    def score(self, text: str, name: str = "the text") -> ScoreReport:
        if self.scorer is None:
            return ScoreReport(problem=self.problem or "no reference")
        segments = segment_text(text, self.segment_by)
        expected = len(self.scorer)
        if len(segments) != expected:
            unit = "lines" if self.segment_by == "line" else "paragraphs"
            return ScoreReport(
                problem=(
                    f"{name} has {len(segments)} {unit}, {self.reference_name} has "
                    f"{expected}; segments must line up"
                )
            )
        scores = self.scorer.score(segments)
        mt = scores.mt
        return ScoreReport(
            scores.chrf.score,
            scores.bleu.score,
            scores.ter.score,
            mt.chrf.score if mt else None,
            mt.bleu.score if mt else None,
            mt.ter.score if mt else None,
            note=self.mt_problem,
        )
