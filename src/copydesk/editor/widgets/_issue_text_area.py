"""The article: an editable, soft-wrapped text area with every flagged span marked.

Textual's TextArea colours text through `_highlights` (per line, UTF-8 byte columns, a
theme style name), rebuilt by `_build_highlight_map` after every edit, undo and redo. This
widget rebuilds them from the issues' spans instead of a syntax tree. It also notices each
change of the text, moves its spans at once (so marks never lag behind typing) and posts
`Edited` with the changed span so the screen can move issues and schedule a re-check.
"""

from __future__ import annotations

import bisect
from itertools import accumulate

from rich.style import Style
from textual.binding import Binding
from textual.message import Message
from textual.widgets import TextArea
from textual.widgets.text_area import Location

from copydesk.editor.textedit import TextEdit, diff_texts, shift_span

Span = tuple[int, int, str]

ISSUE_STYLES: dict[str, Style] = {
    "issue.error": Style(bgcolor="#5f1f1f", underline=True),
    "issue.warning": Style(bgcolor="#4f4510", underline=True),
    "issue.info": Style(bgcolor="#1f3550"),
    "issue.lt.error": Style(color="#ff8787", underline=True, italic=True),
    "issue.lt.warning": Style(color="#ffd75f", underline=True, italic=True),
    "issue.lt.info": Style(color="#87afff", underline=True, italic=True),
    "issue.current": Style(bgcolor="#875f00", bold=True),
}


class IssueTextArea(TextArea, inherit_bindings=False):
    """A TextArea whose highlights are issue spans, given as character offsets."""

    # Undo and redo are the screen's keys (working from any panel, listed in the footer in
    # the screen's order), so the text area's own copies are left out.
    BINDINGS = [
        binding
        for binding in TextArea.BINDINGS
        if not (isinstance(binding, Binding) and binding.action in ("undo", "redo"))
    ]

    class Edited(Message):
        """The text changed: `edit` is the replaced span, `text` the new text."""

        def __init__(self, text_area: IssueTextArea, edit: TextEdit, text: str) -> None:
            super().__init__()
            self.text_area = text_area
            self.edit = edit
            self.text = text

    def __init__(self, text: str = "", **kwargs: object) -> None:
        self._spans: list[Span] = []
        self._current: tuple[int, int] | None = None
        self._known_text: str | None = None
        self._line_starts: list[int] = [0]
        super().__init__(text, soft_wrap=True, tab_behavior="focus", **kwargs)  # type: ignore[arg-type]
        self._known_text = self.text
        self._line_starts = self._compute_line_starts()

    # ----------------------------------------------------------------- offsets

    def _compute_line_starts(self) -> list[int]:
        newline = len(self.document.newline)
        lengths = (len(line) + newline for line in self.document.lines)
        return [0, *accumulate(lengths)][: self.document.line_count]

    def location_of(self, offset: int) -> Location:
        """(row, column) of a character offset into `text`."""
        row = bisect.bisect_right(self._line_starts, offset) - 1
        row = max(0, min(row, len(self._line_starts) - 1))
        column = offset - self._line_starts[row]
        return row, max(0, min(column, len(self.document.get_line(row))))

    def offset_of(self, location: Location) -> int:
        row, column = location
        row = max(0, min(row, len(self._line_starts) - 1))
        return self._line_starts[row] + column

    @property
    def cursor_offset(self) -> int:
        return self.offset_of(self.cursor_location)

    # ------------------------------------------------------------------- spans

    def set_spans(self, spans: list[Span]) -> None:
        """Mark these spans: (start, end, style name)."""
        self._spans = spans
        self._build_highlight_map()
        self.refresh()

    def set_current(self, current: tuple[int, int] | None) -> None:
        """Mark the current issue brighter; patches only the rows it covers."""
        if current == self._current:
            return
        old, self._current = self._current, current
        if old is not None:
            first, _ = self.location_of(old[0])
            last, _ = self.location_of(old[1])
            for row in range(first, last + 1):
                marks = self._highlights.get(row)
                if marks:
                    marks[:] = [mark for mark in marks if mark[2] != "issue.current"]
        if current is not None:
            self._add_highlight(current[0], current[1], "issue.current")
        self._line_cache.clear()
        self.refresh()

    def replace_span(self, start: int, end: int, replacement: str) -> None:
        """Replace characters [start, end) as one undoable edit."""
        self.replace(replacement, self.location_of(start), self.location_of(end))

    def _set_theme(self, theme: str) -> None:
        super()._set_theme(theme)
        self._theme.syntax_styles = {**self._theme.syntax_styles, **ISSUE_STYLES}

    def _note_text_change(self) -> None:
        """Move spans with an edit and tell the screen what changed."""
        if self._known_text is None:
            return
        text = self.text
        edit = diff_texts(self._known_text, text)
        if edit is None:
            return
        self._known_text = text
        self._line_starts = self._compute_line_starts()
        moved: list[Span] = []
        for start, end, name in self._spans:
            span = shift_span(start, end, edit)
            if span is not None:
                moved.append((span[0], span[1], name))
        self._spans = moved
        if self._current is not None:
            self._current = shift_span(*self._current, edit)
        self.post_message(self.Edited(self, edit, text))

    def _build_highlight_map(self) -> None:
        self._note_text_change()
        self._line_cache.clear()
        highlights = self._highlights
        highlights.clear()
        if self._known_text is None:
            return
        spans = list(self._spans)
        if self._current is not None:
            spans.append((*self._current, "issue.current"))
        for start, end, name in spans:
            self._add_highlight(start, end, name)

    def _add_highlight(self, start: int, end: int, name: str) -> None:
        top_row, top_col = self.location_of(start)
        bottom_row, bottom_col = self.location_of(max(end, start + 1) if end <= start else end)
        if (bottom_row, bottom_col) <= (top_row, top_col):
            bottom_col = top_col + 1
            bottom_row = top_row
        line = self.document.get_line(top_row)
        if bottom_row == top_row:
            self._highlights[top_row].append(
                (_byte_col(line, top_col), _byte_col(line, bottom_col), name)
            )
            return
        self._highlights[top_row].append((_byte_col(line, top_col), None, name))
        for row in range(top_row + 1, bottom_row):
            self._highlights[row].append((0, None, name))
        last = self.document.get_line(bottom_row)
        if bottom_col:
            self._highlights[bottom_row].append((0, _byte_col(last, bottom_col), name))


def _byte_col(line: str, column: int) -> int:
    """TextArea highlights count UTF-8 bytes, not characters."""
    if line.isascii():
        return column
    return len(line[:column].encode("utf-8"))
