"""The changes made so far, as a unified diff against the file as it was opened."""

from __future__ import annotations

from rich.syntax import Syntax
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static


class DiffScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,alt+d", "dismiss", "Close diff"),
    ]

    def __init__(self, diff: str) -> None:
        super().__init__()
        self.diff = diff

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="diff"):
            if self.diff:
                yield Static(Syntax(self.diff, "diff", theme="ansi_dark", word_wrap=True))
            else:
                yield Static("No changes since the file was opened.", id="no-changes")
        yield Footer()
