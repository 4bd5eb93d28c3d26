"""Split texts into segments and check that every side of a comparison lines up.

MT metrics compare segment *i* of a revision with segment *i* of each reference, so a
segment must mean the same thing on every side. Plain text files hold one segment a line
(the format sacrebleu's own command line reads); Markdown files hold one segment a paragraph
(blank-line separated, its lines joined with single spaces), because editors re-wrap
Markdown paragraphs freely. The rule is chosen once per document and applied to every side.

Lines are split the way Python's text files (and so sacrebleu's command line) split them:
LF, CRLF and a lone CR all end a line, a final line break does not start another segment,
and trailing whitespace is dropped. A BOM never reaches a segment: files are decoded with
`copydesk.document.decode_bytes`, which removes it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from copydesk.document import is_markdown_path, read_text_file
from copydesk.errors import CopydeskError, InputError

SegmentBy = Literal["line", "paragraph"]

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class AlignmentError(CopydeskError):
    """Files (or segment lists) that do not have the same number of segments."""


@dataclass(frozen=True)
class SegmentedText:
    """The segments of one file and the 1-based line where each starts."""

    path: str
    segments: tuple[str, ...]
    lines: tuple[int, ...]
    segment_by: SegmentBy

    def __len__(self) -> int:
        return len(self.segments)

    @property
    def unit(self) -> str:
        """What a segment is called in messages: lines or paragraphs."""
        return "lines" if self.segment_by == "line" else "paragraphs"


def split_lines(text: str) -> tuple[list[str], list[int]]:
    """One segment a line: LF, CRLF and CR alike, no extra segment for a final line break."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text:
        return [], []
    parts = _LINE_BREAK.split(text)
    if parts and parts[-1] == "":
        parts.pop()
    return [part.rstrip() for part in parts], list(range(1, len(parts) + 1))


def split_paragraphs(text: str) -> tuple[list[str], list[int]]:
    """One segment a blank-line separated paragraph, its lines joined by single spaces."""
    lines, _ = split_lines(text)
    segments: list[str] = []
    starts: list[int] = []
    current: list[str] = []
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped:
            if current:
                segments.append(" ".join(current))
                current = []
            continue
        if not current:
            starts.append(number)
        current.append(stripped)
    if current:
        segments.append(" ".join(current))
    return segments, starts


def segment_text(text: str, segment_by: SegmentBy = "line") -> list[str]:
    """The segments of `text`; what the editor calls on a draft before rescoring it."""
    if segment_by == "paragraph":
        return split_paragraphs(text)[0]
    return split_lines(text)[0]


def segment_by_for(path: str | Path) -> SegmentBy:
    """The default rule for a file: paragraphs for Markdown, lines for everything else."""
    return "paragraph" if is_markdown_path(path) else "line"


def read_segments(path: str | Path, segment_by: SegmentBy | None = None) -> SegmentedText:
    """Read, decode and segment one file; an unreadable or empty file is an InputError."""
    name = str(path)
    text, _encoding = read_text_file(path)
    rule = segment_by or segment_by_for(name)
    segments, lines = split_paragraphs(text) if rule == "paragraph" else split_lines(text)
    if not any(segment.strip() for segment in segments):
        raise InputError(name, "empty file: nothing to score")
    return SegmentedText(name, tuple(segments), tuple(lines), rule)


def check_aligned(texts: Sequence[SegmentedText]) -> None:
    """Raise AlignmentError naming every file and its count unless all counts agree."""
    counts = {len(text) for text in texts}
    if len(counts) <= 1:
        return
    unit = texts[0].unit
    listing = ", ".join(f"{text.path} has {len(text)}" for text in texts)
    raise AlignmentError(
        f"segment counts differ ({unit}; a final line break does not count): {listing}"
    )
