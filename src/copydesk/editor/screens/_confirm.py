"""A question with a few answers, asked before anything could be lost."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmScreen(ModalScreen[str]):
    """Dismissed with the id of the chosen answer; escape answers "cancel"."""

    BINDINGS = [Binding("escape", "dismiss('cancel')", "Cancel")]

    def __init__(self, question: str, answers: list[tuple[str, str, str]]) -> None:
        """`answers`: (id, label, key) triples; the key chooses the answer directly."""
        super().__init__()
        self.question = question
        self.answers = answers

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Static(self.question, id="question")
            with Horizontal(id="answers"):
                for answer_id, label, key in self.answers:
                    yield Button(Text(f"{label} ({key})"), id=f"answer-{answer_id}", compact=True)

    def on_mount(self) -> None:
        for answer_id, _label, key in self.answers:
            self._bindings.bind(key, f"choose('{answer_id}')", show=False)

    def action_choose(self, answer_id: str) -> None:
        self.dismiss(answer_id)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss((event.button.id or "answer-cancel").removeprefix("answer-"))
