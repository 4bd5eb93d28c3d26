"""The article: an editable, soft-wrapped text area with every flagged span marked.

Textual's TextArea colours text through `_highlights` (per line, UTF-8 byte columns, a
theme style name), rebuilt by `_build_highlight_map` after every edit, undo and redo. This
widget fills them from the issues' spans instead of a syntax tree, and only for a window of
rows around what is on screen (re-filled when the view scrolls out of it), so a 1 MB article
with 20,000 flags costs the same per keystroke as a short one.

It also notices each change of the text and reports the changed span at once, before the
marks are redrawn: to `edit_listener` synchronously (the screen moves the issues there, so
marks never lag behind typing, and issues are moved once, not once per holder), and as an
`Edited` message. The marks are the issues themselves (same objects, moved in place), so
showing a new list of issues costs nothing until rows are drawn.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from itertools import accumulate

from rich.style import Style
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip
from textual.widgets import TextArea
from textual.widgets.text_area import Location

from copydesk.editor.textedit import LOOK_BACK, TextEdit, diff_texts, shift_issues, shift_span
from copydesk.rules.model import Issue, Severity

WINDOW_ROWS = 150
"""Rows marked on each side of the row in view; re-filled when the view leaves them."""

ISSUE_STYLES: dict[str, Style] = {
    "issue.error": Style(bgcolor="#5f1f1f", underline=True),
    "issue.warning": Style(bgcolor="#4f4510", underline=True),
    "issue.info": Style(bgcolor="#1f3550"),
    "issue.lt.error": Style(color="#ff8787", underline=True, italic=True),
    "issue.lt.warning": Style(color="#ffd75f", underline=True, italic=True),
    "issue.lt.info": Style(color="#87afff", underline=True, italic=True),
    "issue.current": Style(bgcolor="#875f00", bold=True),
}

_STYLE_NAMES = {
    (severity, own): f"issue.{severity.name.lower()}"
    if own
    else f"issue.lt.{severity.name.lower()}"
    for severity in Severity
    for own in (True, False)
}


def style_name(issue: Issue) -> str:
    """The theme style of an issue's mark: by severity, LanguageTool's told apart."""
    return _STYLE_NAMES[(issue.severity, issue.source == "copydesk")]


def _start_of(issue: Issue) -> int:
    return issue.start


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
        self.edit_listener: Callable[[TextEdit, str], None] | None = None
        self._issues: list[Issue] = []  # sorted by start
        self._editing = False
        self._current: tuple[int, int] | None = None
        self._known_text: str | None = None
        self._line_starts: list[int] = [0]
        self._window: tuple[int, int] = (0, -1)  # rows whose marks are filled in
        self._ascii_rows: dict[int, bool] = {}
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

    def set_issues(self, issues: list[Issue]) -> None:
        """Mark these issues (sorted by start). The list is kept, not copied: whoever moves
        the issues with edits (the `edit_listener`) moves the marks too."""
        self._issues = issues
        if not self._editing:
            self._fill_window(self._view_row())
            self.refresh()

    @property
    def spans(self) -> list[tuple[int, int, str]]:
        return [(i.start, i.end, style_name(i)) for i in self._issues]

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
        if current is not None and self._in_window(current[0]):
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
        """Report an edit (before the marks are redrawn) and move the current mark."""
        if self._known_text is None:
            return
        text = self.text
        edit = diff_texts(self._known_text, text)
        if edit is None:
            return
        self._known_text = text
        self._line_starts = self._compute_line_starts()
        if self._current is not None:
            self._current = shift_span(*self._current, edit)
        if self.edit_listener is not None:
            self._editing = True
            try:
                self.edit_listener(edit, text)
            finally:
                self._editing = False
        else:
            self._issues = shift_issues(self._issues, edit)
        self.post_message(self.Edited(self, edit, text))

    # ------------------------------------------------------------- highlights

    def _view_row(self) -> int:
        """The document row at the top of the view."""
        info = self.wrapped_document._offset_to_line_info
        top = int(self.scroll_offset.y)
        if not info:
            return 0
        return info[max(0, min(top, len(info) - 1))][0]

    def _in_window(self, offset: int) -> bool:
        row = bisect.bisect_right(self._line_starts, offset) - 1
        return self._window[0] <= row <= self._window[1]

    def _build_highlight_map(self) -> None:
        self._note_text_change()
        self._fill_window(self._view_row())

    def _fill_window(self, row: int) -> None:
        """Mark the spans of rows around `row` (and no others)."""
        self._line_cache.clear()
        self._ascii_rows.clear()
        highlights = self._highlights
        highlights.clear()
        if self._known_text is None:
            return
        starts = self._line_starts
        first_row = max(0, row - WINDOW_ROWS)
        last_row = min(len(starts) - 1, row + WINDOW_ROWS + self.size.height)
        self._window = (first_row, last_row)
        low = starts[first_row]
        high = starts[last_row + 1] if last_row + 1 < len(starts) else len(self._known_text) + 1
        issues = self._issues
        begin = max(0, bisect.bisect_left(issues, low, key=_start_of) - LOOK_BACK)
        stop = bisect.bisect_left(issues, high, key=_start_of)
        for issue in issues[begin:stop]:
            if issue.end >= low:
                self._add_highlight(issue.start, issue.end, style_name(issue))
        if self._current is not None and low <= self._current[0] < high:
            self._add_highlight(*self._current, "issue.current")

    def render_line(self, y: int) -> Strip:
        info = self.wrapped_document._offset_to_line_info
        visual = y + int(self.scroll_offset.y)
        if 0 <= visual < len(info):
            row = info[visual][0]
            first, last = self._window
            if not first <= row <= last:
                self._fill_window(row)
        return super().render_line(y)

    def _byte_col(self, row: int, column: int) -> int:
        """TextArea highlights count UTF-8 bytes, not characters (ASCII rows remembered:
        one very long line can carry thousands of marks)."""
        ascii_row = self._ascii_rows.get(row)
        line = self.document.get_line(row)
        if ascii_row is None:
            ascii_row = self._ascii_rows[row] = line.isascii()
        if ascii_row:
            return column
        return len(line[:column].encode("utf-8"))

    def _add_highlight(self, start: int, end: int, name: str) -> None:
        top_row, top_col = self.location_of(start)
        bottom_row, bottom_col = self.location_of(end if end > start else start + 1)
        if (bottom_row, bottom_col) <= (top_row, top_col):
            bottom_row, bottom_col = top_row, top_col + 1
        byte_col = self._byte_col
        if bottom_row == top_row:
            self._highlights[top_row].append(
                (byte_col(top_row, top_col), byte_col(top_row, bottom_col), name)
            )
            return
        self._highlights[top_row].append((byte_col(top_row, top_col), None, name))
        for row in range(top_row + 1, bottom_row):
            self._highlights[row].append((0, None, name))
        if bottom_col:
            self._highlights[bottom_row].append((0, byte_col(bottom_row, bottom_col), name))
