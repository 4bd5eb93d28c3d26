"""The status line: file, saved or not, how many issues, whether a check is running."""

from __future__ import annotations

from textual.widgets import Static


class StatusLine(Static):
    def show_status(
        self, name: str, modified: bool, shown: int, hidden: int, checking: bool, note: str = ""
    ) -> None:
        parts = [name + (" ●" if modified else "")]
        parts.append(f"{shown} issue" + ("" if shown == 1 else "s"))
        if hidden:
            parts.append(f"{hidden} ignored")
        if checking:
            parts.append("checking…")
        if note:
            parts.append(note)
        self.update("  │  ".join(parts))
