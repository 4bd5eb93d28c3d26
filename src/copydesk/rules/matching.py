"""Text helpers the matchers share: case keeping, whitespace folding, quotes, sentences."""

from __future__ import annotations

import bisect
import re

# A run of two or more white-space characters, or one tab, line end, no-break or wide space:
# written to start with a character class so that `re` skips ahead to candidates itself.
_WS_RUN = re.compile(r"[\s\u200b](?:(?<=\s)\s+|(?<=[\t\r\n\f\v\u00a0\u2000-\u200b\u3000]))")
_QUOTE_PAIRS = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"|‘[^’\n]*’|«[^»\n]*»|「[^」\n]*」")
_SENTENCE = re.compile(r"[^.!?。！？\n]+(?:[.!?。！？]+[\"'”’)]*|\n|$)")


def keep_case(replacement: str, original: str) -> str:
    """Give `replacement` the case pattern of `original`: ALL CAPS, Capitalised or as written."""
    if not replacement or not original:
        return replacement
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    if original[0].isupper() and replacement[0].islower():
        return replacement[0].upper() + replacement[1:]
    if original[0].islower() and replacement[0].isupper() and not _is_name_like(replacement):
        return replacement[0].lower() + replacement[1:]
    return replacement


def _is_name_like(text: str) -> bool:
    """A replacement that starts with a proper noun or acronym keeps its capital."""
    first = text.split()[0] if text.split() else text
    return len(first) > 1 and (first[1:2].isupper() or first[0].isupper())


class FoldedText:
    """Lower-cased text with every run of white space folded to one space, and the map back
    to the original offsets. Phrase matching runs on the folded text so that a phrase wrapped
    across lines, or with CRLF line ends, still matches."""

    __slots__ = ("text", "_folded_at", "_removed_before")

    def __init__(self, original: str) -> None:
        lowered = original.lower()
        if len(lowered) != len(original):  # a few characters lengthen when lowered
            lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in original)
        lowered = lowered.replace("’", "'")
        folded_at: list[int] = []
        removed_before: list[int] = []
        parts: list[str] = []
        pos = 0
        removed = 0
        for match in _WS_RUN.finditer(lowered):
            start, end = match.span()
            parts.append(lowered[pos:start])
            parts.append(" ")
            removed += end - start - 1
            folded_at.append(start - (removed - (end - start - 1)) + 1)
            removed_before.append(removed)
            pos = end
        parts.append(lowered[pos:])
        self.text = "".join(parts)
        self._folded_at = folded_at
        self._removed_before = removed_before

    def to_original(self, index: int) -> int:
        """Original offset of a folded offset (the start of a char, or an end boundary)."""
        i = bisect.bisect_right(self._folded_at, index) - 1
        return index + (self._removed_before[i] if i >= 0 else 0)


def is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def quote_ranges(text: str) -> list[tuple[int, int]]:
    """Quoted passages (paired on one line), as [start, end) including the marks."""
    return [m.span() for m in _QUOTE_PAIRS.finditer(text)]


def inside(ranges: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect.bisect_right(ranges, (start, float("inf"))) - 1
    return i >= 0 and ranges[i][0] <= start and end <= ranges[i][1]


def sentences(text: str) -> list[tuple[int, int]]:
    """Rough sentence spans: enough for sentence-length checks, cheap enough for every file."""
    out: list[tuple[int, int]] = []
    for match in _SENTENCE.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append((start, end))
    return out
