"""The help screen: every key of the editor, what the marks mean, what the panels show."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from copydesk.editor.widgets import ISSUE_STYLES

EDITING_KEYS = [
    ("arrows, home, end, pgup, pgdn", "move; with shift: select"),
    ("ctrl+x / ctrl+c / ctrl+v", "cut / copy / paste"),
    ("tab / shift+tab", "move between the text and the issue list"),
    ("in the issue list:", "up/down/n/p move (the text follows), enter edits there,"),
    ("", "1-9 apply a suggestion, i ignore, r ignore the rule (no alt needed)"),
]

MARKS = [
    ("issue.error", "error (copydesk)"),
    ("issue.warning", "warning (copydesk)"),
    ("issue.info", "info (copydesk)"),
    ("issue.lt.warning", "LanguageTool (italic, underlined)"),
    ("issue.current", "the current issue"),
]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,q", "dismiss", "Close help")]

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column()
        for key, what in self.keys + EDITING_KEYS:
            table.add_row(key, what)
        marks = Text()
        for name, meaning in MARKS:
            marks.append(" sample ", ISSUE_STYLES[name])
            marks.append(f" {meaning}\n")
        with VerticalScroll(id="help"):
            yield Static("[b]copydesk edit[/b] — keys", classes="help-title")
            yield Static(table)
            yield Static("[b]Marks in the text[/b]", classes="help-title")
            yield Static(marks)
            yield Static(
                "[b]Panels[/b]\nRight: the issues in document order (rule, message, first "
                "suggestion), following the cursor; below it the current issue in full: "
                "message, why, every suggestion.\nBottom: the score bar (with --ref) and the "
                "status line. Issues update shortly after you stop typing; only the changed "
                "paragraphs are checked again.",
                classes="help-text",
            )
        yield Footer()
