"""`copydesk edit DIR`: the folder's text files with their issue counts, to pick one.

Counting checks every file, so it runs in a worker thread and the table fills in as files
are done; a file that cannot be read says why in the table instead of failing the folder.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from copydesk.files import text_files_under

MAX_FILES = 5000


def text_files(folder: Path) -> list[Path]:
    """Text and Markdown files under `folder`, as `copydesk check` would find them without
    .gitignore (hidden folders skipped), sorted by path, at most MAX_FILES."""
    return sorted(text_files_under(folder, respect_gitignore=False))[:MAX_FILES]


@dataclass(frozen=True)
class FileCount:
    """Issues found in one file, or why it could not be checked."""

    path: Path
    issues: int | None
    problem: str | None = None

    def cell(self) -> str:
        return str(self.issues) if self.problem is None else "unreadable"

    def note(self) -> str:
        return "" if self.problem is None else self.problem


class FolderPickerScreen(Screen[None]):
    """Pick a file; the app opens it in an editor screen on top of this one."""

    BINDINGS = [
        Binding("enter", "open_file", "Open", priority=True),
        Binding("f1", "app.help", "Help", priority=True),
        Binding("ctrl+q", "app.quit", "Quit", priority=True),
    ]

    class Counted(Message):
        def __init__(self, count: FileCount) -> None:
            super().__init__()
            self.count = count

    class Picked(Message):
        def __init__(self, path: Path) -> None:
            super().__init__()
            self.path = path

    def __init__(self, folder: Path, count_issues: Callable[[Path], FileCount]) -> None:
        super().__init__()
        self.folder = folder
        self.count_issues = count_issues
        self.files = text_files(folder)
        self.counts: dict[Path, FileCount] = {}

    def compose(self) -> ComposeResult:
        yield Static(self._title(), id="folder-title")
        table: DataTable[str] = DataTable(id="files", cursor_type="row", zebra_stripes=True)
        table.add_column("File", key="file")
        table.add_column("Issues", key="issues", width=10)
        table.add_column("Note", key="note", width=70)
        for path in self.files:
            table.add_row(str(path.relative_to(self.folder)), "…", "", key=str(path))
        yield table
        yield Footer()

    def _title(self) -> str:
        done = len(self.counts)
        total = len(self.files)
        if not total:
            return f"{self.folder}: no .txt or .md files here. ctrl+q quits."
        state = "" if done == total else f"  (counting {done}/{total}…)"
        return f"{self.folder}: {total} text file{'s' if total != 1 else ''}{state}"

    def on_mount(self) -> None:
        self.count_all(self.files)

    @work(thread=True, exclusive=True, group="count")
    def count_all(self, paths: list[Path]) -> None:
        for path in paths:
            self.post_message(self.Counted(self.count_issues(path)))

    def recount(self, path: Path) -> None:
        """Count one file again (after it was edited and saved)."""
        self.counts.pop(path, None)
        self.count_all([path])

    def on_folder_picker_screen_counted(self, message: Counted) -> None:
        count = message.count
        self.counts[count.path] = count
        table = self.query_one(DataTable)
        with contextlib.suppress(Exception):  # the row is gone: nothing to show
            table.update_cell(str(count.path), "issues", count.cell())
            table.update_cell(str(count.path), "note", count.note())
        self.query_one("#folder-title", Static).update(self._title())

    def action_open_file(self) -> None:
        table = self.query_one(DataTable)
        if not self.files:
            return
        row = table.cursor_row
        if row is None or not 0 <= row < len(self.files):
            return
        path = self.files[row]
        count = self.counts.get(path)
        if count is not None and count.problem is not None:
            self.notify(f"{path.name}: {count.problem}", severity="error")
            return
        self.post_message(self.Picked(path))
