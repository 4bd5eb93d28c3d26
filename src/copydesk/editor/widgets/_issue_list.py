"""The side panel: every visible issue in document order, one line each, following the cursor.

A line-API scroll view rather than an OptionList: it renders only the rows on screen, so an
article with thousands of issues costs the same to update as one with ten (an OptionList
re-measured every option on each change, ~90 ms for 600 issues).
"""

from __future__ import annotations

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from copydesk.rules.model import Issue, Severity

SEVERITY_MARK = {
    Severity.ERROR: ("E", "bold red"),
    Severity.WARNING: ("W", "bold yellow"),
    Severity.INFO: ("I", "bold blue"),
}


def issue_prompt(issue: Issue) -> Text:
    """One entry: severity, rule, message and the first suggestion."""
    mark, style = SEVERITY_MARK.get(issue.severity, ("?", "bold"))
    prompt = Text(no_wrap=True, overflow="ellipsis")
    prompt.append(f"{mark} ", style)
    if issue.source != "copydesk":
        prompt.append("LT ", "italic magenta")
    prompt.append(issue.rule, "bold")
    if issue.suggestions:
        prompt.append(" → ", "dim")
        prompt.append(issue.suggestions[0] or "(delete)", "green")
    prompt.append(f"  {issue.message}", "dim")
    return prompt


class IssueList(ScrollView, can_focus=True):
    """Issues, one per row; enter or a click posts `Chosen` with the row's index."""

    DEFAULT_CSS = """
    IssueList {
        background: $surface;
    }
    IssueList > .issue-list--highlight {
        background: $accent 40%;
    }
    IssueList:focus > .issue-list--highlight {
        background: $accent;
    }
    """
    COMPONENT_CLASSES = {"issue-list--highlight"}
    BINDINGS = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "move_to(0)", "First", show=False),
        Binding("end", "move_to(-1)", "Last", show=False),
        Binding("enter", "choose", "Edit here", show=False),
        # Plain keys while the list has focus: they work in every terminal, unlike alt+digit.
        *[
            Binding(str(n), f"screen.apply_suggestion({n})", f"Apply {n}", show=n == 1)
            for n in range(1, 10)
        ],
        Binding("i", "screen.ignore_issue", "Ignore"),
        Binding("r", "screen.ignore_rule", "Ignore rule"),
        Binding("n", "move(1)", "Next", show=False),
        Binding("p", "move(-1)", "Prev", show=False),
    ]

    highlighted: reactive[int | None] = reactive(None)

    class Chosen(Message):
        """The user moved to row `index`; `focus_text` when they want to edit there."""

        def __init__(self, index: int, focus_text: bool = False) -> None:
            super().__init__()
            self.index = index
            self.focus_text = focus_text

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._issues: list[Issue] = []
        self._prompts: dict[int, Text] = {}

    @property
    def option_count(self) -> int:
        return len(self._issues)

    def show_issues(self, issues: list[Issue]) -> None:
        """Show `issues`; only the rows on screen are drawn, so this is cheap at any size."""
        self._issues = issues
        self._prompts.clear()
        self.virtual_size = Size(self.size.width, len(issues))
        if self.highlighted is not None and self.highlighted >= len(issues):
            self.highlighted = len(issues) - 1 if issues else None
        self.refresh()

    def follow(self, index: int | None) -> None:
        """Highlight row `index` (the issue at or after the cursor) and keep it in view."""
        if index is None or index >= len(self._issues):
            return
        self.highlighted = index

    def watch_highlighted(self, index: int | None) -> None:
        if index is None:
            return
        top = round(self.scroll_offset.y)
        height = max(1, self.scrollable_content_region.height)
        if index < top:
            self.scroll_to(y=index, animate=False, immediate=True)
        elif index >= top + height:
            self.scroll_to(y=index - height + 1, animate=False, immediate=True)
        self.refresh()

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self._issues))

    def render_line(self, y: int) -> Strip:
        index = round(self.scroll_offset.y) + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= len(self._issues):
            return Strip.blank(width, base)
        prompt = self._prompts.get(index)
        if prompt is None:
            prompt = self._prompts[index] = issue_prompt(self._issues[index])
        shown = prompt.copy()
        shown.truncate(max(1, width - 1), overflow="ellipsis")
        segments = [Segment(" ")] + list(shown.render(self.app.console))
        strip = Strip(segments).crop(0, width).extend_cell_length(width)
        style = base
        if index == self.highlighted:
            style = base + self.get_component_rich_style("issue-list--highlight")
        return strip.apply_style(style) if style else strip

    # --------------------------------------------------------------- actions

    def _pick(self, index: int) -> None:
        self.highlighted = index
        self.post_message(self.Chosen(index))

    def action_move(self, step: int) -> None:
        if not self._issues:
            return
        current = self.highlighted if self.highlighted is not None else -1
        self._pick(max(0, min(len(self._issues) - 1, current + step)))

    def action_page(self, direction: int) -> None:
        self.action_move(direction * max(1, self.scrollable_content_region.height - 1))

    def action_move_to(self, index: int) -> None:
        if self._issues:
            self._pick(index % len(self._issues))

    def action_choose(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.Chosen(self.highlighted, focus_text=True))

    def on_click(self, event: events.Click) -> None:
        index = round(self.scroll_offset.y) + event.y
        if 0 <= index < len(self._issues):
            self.highlighted = index
            self.post_message(self.Chosen(index, focus_text=event.chain > 1))
