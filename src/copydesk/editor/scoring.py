"""The score bar's numbers: chrF, BLEU and TER of the text being edited against references.

The scorer is built once from the references (and the original MT) and rescoring the
current text is cheap; the app calls `score` in a worker thread after a pause in typing.
Segments are lines. When the line counts differ the text cannot be scored, and the report
says why instead of a number; the editor keeps working.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from copydesk.document import decode_bytes
from copydesk.errors import InputError


@dataclass(frozen=True)
class NamedText:
    """A reference or the original MT: where it came from and its lines."""

    name: str
    lines: list[str]

    @classmethod
    def read(cls, path: str) -> NamedText:
        target = Path(path)
        if not target.is_file():
            raise InputError(path, "no such file" if not target.exists() else "not a file")
        try:
            data = target.read_bytes()
        except OSError as exc:
            raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
        text, _ = decode_bytes(data, path)
        return cls(target.name, segment_lines(text))


def segment_lines(text: str) -> list[str]:
    """Lines as segments; trailing empty lines are not segments."""
    lines = text.splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


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
                change = now - before
                better = change > 0 if higher_better else change < 0
                mark = "▲" if better else ("▼" if change else "=")
                part += f" ({change:+.1f} vs MT {mark})"
            parts.append(part)
        if self.note:
            parts.append(f"(MT not compared: {self.note})")
        return "   ".join(parts)


class LiveScorer:
    """Scores revisions of one text against fixed references, with reference statistics
    computed once (sacrebleu caches them when given the references up front)."""

    def __init__(self, references: list[NamedText], mt: NamedText | None = None) -> None:
        from sacrebleu.metrics import BLEU, CHRF, TER

        self.references = references
        self.mt = mt
        self.problem: str | None = None
        self.mt_problem: str | None = None
        counts = {len(ref.lines) for ref in references}
        if not references:
            self.problem = "no reference"
        elif len(counts) > 1:
            shown = ", ".join(f"{ref.name} has {len(ref.lines)}" for ref in references)
            self.problem = f"references differ in line count ({shown})"
        self.lines = references[0].lines if references else []
        self._metrics: list = []
        self._mt_scores: tuple[float, float, float] | None = None
        if self.problem is None:
            streams = [ref.lines for ref in references]
            self._metrics = [
                CHRF(references=streams),
                BLEU(references=streams),
                TER(references=streams),
            ]
            if mt is not None:
                if len(mt.lines) == len(self.lines):
                    self._mt_scores = self._score_lines(mt.lines)
                else:
                    self.mt_problem = (
                        f"{mt.name} has {len(mt.lines)} lines, "
                        f"{references[0].name} has {len(self.lines)}"
                    )

    def _score_lines(self, lines: list[str]) -> tuple[float, float, float]:
        chrf, bleu, ter = (metric.corpus_score(lines, None).score for metric in self._metrics)
        return chrf, bleu, ter

    def score(self, text: str, name: str = "the text") -> ScoreReport:
        if self.problem is not None:
            return ScoreReport(problem=self.problem)
        lines = segment_lines(text)
        if len(lines) != len(self.lines):
            return ScoreReport(
                problem=(
                    f"{name} has {len(lines)} lines, {self.references[0].name} has "
                    f"{len(self.lines)}; segments are lines"
                )
            )
        chrf, bleu, ter = self._score_lines(lines)
        mt = self._mt_scores or (None, None, None)
        return ScoreReport(chrf, bleu, ter, *mt, note=self.mt_problem)
