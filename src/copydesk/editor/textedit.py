"""One edit of the text as a span replacement, and how offsets move through it.

The text area reports only "the text changed"; comparing the old and new text gives the one
span that changed (every keystroke, paste, undo or suggestion is one contiguous replacement),
and that span tells each issue whether it moves, stays or has to go.

Issues are moved in place: a 1 MB article has tens of thousands of them, and building new
objects for every issue after the cursor on each keystroke cost more than the re-check.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from copydesk.rules.model import Issue

_CHUNK = 4096
LOOK_BACK = 64
"""How many issues starting before an edit are examined for overlapping it: issues are short
(a phrase, at most a sentence), so the ones that reach an edit start just before it."""


@dataclass(frozen=True)
class TextEdit:
    """`old[start:old_end]` was replaced by `new[start:new_end]`."""

    start: int
    old_end: int
    new_end: int

    @property
    def delta(self) -> int:
        return self.new_end - self.old_end


def _common_prefix(a: str, b: str, limit: int) -> int:
    """Length of the common prefix of a and b, at most `limit`, comparing whole chunks in C."""
    pos = 0
    while pos + _CHUNK <= limit and a[pos : pos + _CHUNK] == b[pos : pos + _CHUNK]:
        pos += _CHUNK
    end = min(pos + _CHUNK, limit)
    while pos < end and a[pos] == b[pos]:
        pos += 1
    return pos


def _common_suffix(a: str, b: str, limit: int) -> int:
    """Length of the common suffix of a and b, at most `limit`."""
    la, lb = len(a), len(b)
    n = 0
    while n + _CHUNK <= limit and a[la - n - _CHUNK : la - n] == b[lb - n - _CHUNK : lb - n]:
        n += _CHUNK
    end = min(n + _CHUNK, limit)
    while n < end and a[la - n - 1] == b[lb - n - 1]:
        n += 1
    return n


def diff_texts(old: str, new: str) -> TextEdit | None:
    """The smallest single span replacement turning `old` into `new`, or None if equal."""
    if old == new:
        return None
    shortest = min(len(old), len(new))
    prefix = _common_prefix(old, new, shortest)
    suffix = _common_suffix(old, new, shortest - prefix)
    return TextEdit(prefix, len(old) - suffix, len(new) - suffix)


def shift_span(start: int, end: int, edit: TextEdit) -> tuple[int, int] | None:
    """Where [start, end) is after `edit`, or None when the edit touched its inside.

    A span that merely touches the edit at its edge survives: typing right after or right
    before a flagged word does not change the word.
    """
    if end <= edit.start:
        return start, end
    if start >= edit.old_end:
        return start + edit.delta, end + edit.delta
    return None


def shift_issues(issues: list[Issue], edit: TextEdit) -> list[Issue]:
    """The issues (sorted by start) after `edit`: unchanged before it, moved in place after
    it, dropped where it cut into them. Returns a new list; moved Issue objects are the same
    objects with new offsets."""
    first = bisect.bisect_left(issues, edit.start, key=lambda issue: issue.start)
    first = max(0, first - LOOK_BACK)
    kept = issues[:first]
    delta = edit.delta
    for issue in issues[first:]:
        if issue.end <= edit.start:
            kept.append(issue)
        elif issue.start >= edit.old_end:
            if delta:
                issue.start += delta
                issue.end += delta
            kept.append(issue)
    return kept


def shift_range(start: int, end: int, edit: TextEdit) -> tuple[int, int]:
    """A range that must keep covering whatever it covered, growing over the edit if needed."""
    if end < edit.start:
        return start, end
    if start > edit.old_end:
        return start + edit.delta, end + edit.delta
    new_start = min(start, edit.start)
    new_end = max(edit.new_end, end + edit.delta if end > edit.old_end else edit.new_end)
    return new_start, new_end
