"""The side panel: every visible issue in document order, following the cursor."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from copydesk.rules.model import Issue, Severity

SEVERITY_MARK = {
    Severity.ERROR: ("E", "bold red"),
    Severity.WARNING: ("W", "bold yellow"),
    Severity.INFO: ("I", "bold blue"),
}


def issue_prompt(issue: Issue) -> Text:
    """One entry: severity, rule, message and the first suggestion."""
    mark, style = SEVERITY_MARK.get(issue.severity, ("?", "bold"))
    prompt = Text()
    prompt.append(f"{mark} ", style)
    if issue.source != "copydesk":
        prompt.append("LT ", "italic magenta")
    prompt.append(issue.rule, "bold")
    prompt.append(f" {issue.message}")
    if issue.suggestions:
        prompt.append(" → ", "dim")
        prompt.append(issue.suggestions[0] or "(delete)", "green")
    return prompt


class IssueList(OptionList):
    """Issues as options; choosing one posts `Chosen` with its index."""

    class Chosen(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._signature: list[tuple[str, str, str, str]] = []

    def show_issues(self, issues: list[Issue]) -> None:
        """Show `issues`; rebuilds the options only when the list of issues changed (not
        when they merely moved), so typing stays cheap with thousands of issues."""
        signature = [
            (i.rule, i.message, i.suggestions[0] if i.suggestions else "", i.source) for i in issues
        ]
        if signature == self._signature:
            return
        self._signature = signature
        highlighted = self.highlighted
        self.set_options([Option(issue_prompt(issue)) for issue in issues])
        if issues and highlighted is not None:
            self.highlighted = min(highlighted, len(issues) - 1)

    def follow(self, index: int | None) -> None:
        """Highlight entry `index` (the issue at or after the cursor) without stealing focus."""
        if index is None or index >= self.option_count:
            return
        if self.highlighted != index:
            self.highlighted = index

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Chosen(event.option_index))
