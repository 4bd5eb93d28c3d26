"""Which parts of a Markdown file are prose, and its inline disable comments.

A small scanner rather than a full Markdown parser: the checker only needs the character
ranges to leave alone (front matter, fenced and indented code, inline code, URLs, HTML), and
start-up time matters for `copydesk check` on one file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_FRONT_MATTER_END = re.compile(r"^(---|\.\.\.)[ \t]*\r?$")
_INDENTED = re.compile(r"^(?: {4}|\t)")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]")
_INLINE = re.compile(
    r"(?P<code>(?P<ticks>`+)(?!`).*?(?<!`)(?P=ticks)(?!`))"
    r"|(?P<comment><!--.*?-->)"
    r"|(?P<autolink><(?:https?|ftp|mailto):[^>\s]*>)"
    r"|(?P<tag></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)"
    r"|(?P<dest>\]\([^)\s]*(?:\s+\"[^\"]*\")?\))"
    r"|(?P<refdef>^[ ]{0,3}\[[^\]\n]+\]:[ \t]*\S+.*$)"
    r"|(?P<url>\b(?:https?://|www\.)[^\s<>()\[\]`\"]+[^\s<>()\[\]`\".,;:!?'])",
    re.DOTALL | re.MULTILINE,
)
_DIRECTIVE = re.compile(
    r"<!--\s*copydesk-(disable-next-line|disable|enable)\b([^>]*?)-->", re.IGNORECASE
)


@dataclass(frozen=True)
class Directive:
    """An inline `<!-- copydesk-disable RULE -->` comment; empty `rules` means all rules."""

    kind: str  # "disable", "enable" or "disable-next-line"
    rules: frozenset[str]
    offset: int
    line: int


def _lines_with_offsets(text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        out.append((pos, line))
        pos += len(line)
    return out


def _block_ranges(text: str) -> list[tuple[int, int]]:
    """Front matter, fenced code and indented code, as whole-line ranges."""
    ranges: list[tuple[int, int]] = []
    lines = _lines_with_offsets(text)
    i = 0
    if lines and lines[0][1].rstrip("\r\n") == "---":
        for j in range(1, len(lines)):
            if _FRONT_MATTER_END.match(lines[j][1].rstrip("\n")):
                ranges.append((0, lines[j][0] + len(lines[j][1])))
                i = j + 1
                break
    previous_blank = True
    in_list = False
    while i < len(lines):
        start, line = lines[i]
        stripped = line.strip()
        fence = _FENCE.match(line)
        if fence:
            marker = fence.group(1)
            end = len(text)
            j = i + 1
            while j < len(lines):
                closing = lines[j][1].strip()
                if closing.startswith(marker[0] * len(marker)) and set(closing) <= {marker[0]}:
                    end = lines[j][0] + len(lines[j][1])
                    break
                j += 1
            ranges.append((start, end))
            i = j + 1
            previous_blank = True
            continue
        if stripped and previous_blank and not in_list and _INDENTED.match(line):
            end = start + len(line)
            j = i + 1
            while j < len(lines) and (not lines[j][1].strip() or _INDENTED.match(lines[j][1])):
                if lines[j][1].strip():
                    end = lines[j][0] + len(lines[j][1])
                j += 1
            ranges.append((start, end))
            i = j
            previous_blank = True
            continue
        if _LIST_ITEM.match(line):
            in_list = True
        elif stripped and previous_blank and not line[:1].isspace():
            in_list = False
        previous_blank = not stripped
        i += 1
    return ranges


def merge_ranges(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, with overlapping or touching ranges joined."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def non_prose_ranges(text: str) -> list[tuple[int, int]]:
    """Sorted, non-overlapping [start, end) ranges of `text` that are not prose."""
    blocks = merge_ranges(_block_ranges(text))
    ranges = list(blocks)
    block_index = 0
    for match in _INLINE.finditer(text):
        start, end = match.span()
        while block_index < len(blocks) and blocks[block_index][1] <= start:
            block_index += 1
        if block_index < len(blocks) and blocks[block_index][0] < end:
            continue
        if match.lastgroup == "dest":
            start += 1  # keep the closing bracket of the link text as prose
        ranges.append((start, end))
    return merge_ranges(ranges)


def disable_directives(text: str) -> list[Directive]:
    """Every copydesk-disable/enable comment, in document order."""
    out: list[Directive] = []
    for match in _DIRECTIVE.finditer(text):
        names = frozenset(n.upper() for n in re.split(r"[\s,]+", match.group(2).strip()) if n)
        line = text.count("\n", 0, match.start()) + 1
        out.append(Directive(match.group(1).lower(), names, match.start(), line))
    return out
