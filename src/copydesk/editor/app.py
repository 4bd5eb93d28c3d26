"""`copydesk edit`: the Textual app that opens a file (or a folder picker) for post-editing.

The app itself only routes: it opens the first screen, turns a picked file into an editor
screen, asks before quitting with unsaved changes, and offers the editor's actions in the
command palette. The editing state lives in `screens.EditorScreen`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

from textual.app import App, SystemCommand
from textual.screen import Screen

from copydesk.editor.recheck import RangeChecker
from copydesk.editor.scoring import LiveScorer
from copydesk.editor.screens import (
    EditorOptions,
    EditorScreen,
    FileCount,
    FolderPickerScreen,
    HelpScreen,
)
from copydesk.editor.session import FileSession
from copydesk.errors import CopydeskError
from copydesk.rules.model import Rule

ALT_KEYS = "123456789npird"
"""The letters and digits the editor binds with alt."""


def enable_alt_keys() -> None:
    """Make the editor's alt keys arrive as alt keys, at once, in every terminal.

    Terminals send alt+x as ESC followed by x. Textual maps ESC + digit to the characters
    macOS types for Option+digit (ESC 1 -> "¡"), so alt+1 would type "¡"; and it reads
    ESC + letter as alt+letter only after a 0.1 s pause, so two quick presses (alt+n, alt+n)
    arrive as the text "^n^n". Registering the editor's ESC + x sequences as keys fixes
    both. Only these sequences are touched: a "£" typed on a keyboard that has one still
    arrives as "£".
    """
    from enum import Enum

    from textual import _ansi_sequences

    table = _ansi_sequences.ANSI_SEQUENCES_KEYS
    if not isinstance(table, dict):
        return
    alt_key = Enum(  # type: ignore[misc]
        "AltKey", {f"ALT_{c.upper()}": f"alt+{c}" for c in ALT_KEYS}, type=str
    )
    for c in ALT_KEYS:
        table[f"\x1b{c}"] = (alt_key[f"ALT_{c.upper()}"],)


class CopydeskEditor(App[int]):
    """Edit one file, or pick one from a folder first."""

    CSS_PATH = "copydesk.tcss"
    TITLE = "copydesk edit"

    def __init__(
        self,
        target: Path,
        make_checkers: Callable[[], list[RangeChecker]],
        rules: dict[str, Rule],
        scorer: LiveScorer | None = None,
        session: FileSession | None = None,
        check_delay: float = 0.15,
        score_delay: float = 0.4,
        startup_warnings: Iterable[str] = (),
    ) -> None:
        super().__init__()
        enable_alt_keys()
        self.target = target
        self.first_session = session
        self.options = EditorOptions(make_checkers, rules, scorer, check_delay, score_delay)
        self.startup_warnings = list(startup_warnings)
        self.picker: FolderPickerScreen | None = None

    def on_mount(self) -> None:
        for warning in self.startup_warnings:
            self.notify(warning, severity="warning", timeout=8)
        if self.target.is_dir():
            self.picker = FolderPickerScreen(self.target, self.count_issues)
            self.push_screen(self.picker)
        else:
            session = self.first_session or FileSession.open(self.target)
            self.push_screen(EditorScreen(session, self.options))

    # ------------------------------------------------------------- folder

    def count_issues(self, path: Path) -> FileCount:
        """Issues in one file of the folder (runs in the picker's worker thread)."""
        try:
            session = FileSession.open(path)
            checkers = self.options.make_checkers()
            own = [c for c in checkers if c.source == "copydesk"] or checkers[:1]
            if not own:
                return FileCount(path, 0)
            from copydesk.document import Document

            doc = Document.from_text(
                session.saved_text, str(path), session.markdown, session.encoding
            )
            return FileCount(path, len(own[0].check(doc)))
        except CopydeskError as exc:
            return FileCount(path, None, getattr(exc, "reason", str(exc)))
        except Exception as exc:  # one bad file must not stop the others
            return FileCount(path, None, f"{type(exc).__name__}: {exc}")

    def on_folder_picker_screen_picked(self, message: FolderPickerScreen.Picked) -> None:
        try:
            session = FileSession.open(message.path)
        except CopydeskError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return
        self.push_screen(
            EditorScreen(session, self.options, from_folder=True),
            partial(self._closed_file, message.path),
        )

    def _closed_file(self, path: Path, _result: object = None) -> None:
        if self.picker is not None:
            self.picker.recount(path)

    # ------------------------------------------------------------ actions

    def _editor(self) -> EditorScreen | None:
        for screen in reversed(self.screen_stack):
            if isinstance(screen, EditorScreen):
                return screen
        return None

    async def action_quit(self) -> None:
        editor = self._editor()
        if editor is None:
            self.exit(0)
            return
        editor.confirm_leave(lambda: self.exit(0))

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        editor = self._editor()
        keys = editor.key_commands() if editor else [("enter", "open the file"), ("ctrl+q", "quit")]
        self.push_screen(HelpScreen(keys))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if not isinstance(screen, EditorScreen):
            return
        commands = [
            ("Next issue", "Go to the next flagged span", screen.action_next_issue),
            ("Previous issue", "Go to the previous flagged span", screen.action_previous_issue),
            ("Ignore issue", "Hide the current issue", screen.action_ignore_issue),
            (
                "Ignore rule",
                "Hide every issue of the current rule until you quit",
                screen.action_ignore_rule,
            ),
            ("Save", "Write the file (atomically, same encoding)", screen.action_save),
            ("Diff", "Show the changes against the file as opened", screen.action_diff),
            ("Undo", "Undo the last edit", screen.action_undo),
            ("Redo", "Redo the last undone edit", screen.action_redo),
            ("Help", "Every key of the editor", self.action_help),
        ]
        for n in range(1, 10):
            commands.append(
                (
                    f"Apply suggestion {n}",
                    f"Replace the current issue's text by its suggestion {n}",
                    partial(screen.action_apply_suggestion, n),
                )
            )
        for title, help_text, callback in commands:
            yield SystemCommand(title, help_text, callback)
