"""The file being edited: how it was opened, and saving it back without losing anything.

A save keeps the encoding, BOM, line endings and mode the file had (through
`copydesk.rules.fix.atomic_write`) and refuses to overwrite a file that someone else changed
on disk since it was opened or last saved: the editor then asks the user.
A file that does not exist yet opens empty and is created by the first save, as `vi` and
`nano` do; its folder must exist.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from copydesk.document import TextEncoding, read_document
from copydesk.errors import InputError
from copydesk.rules.fix import FileChangedError, atomic_write, file_fingerprint


def normalise_for_editing(text: str) -> str:
    """The text as the editor's text area holds it: one kind of line ending (the first
    seen), and only \\r\\n, \\n or \\r as line breaks."""
    from textual.document._document import Document as TextualDocument

    return TextualDocument(text).text


@dataclass
class FileSession:
    """One file open in the editor."""

    path: Path
    opened_text: str
    encoding: TextEncoding = field(default_factory=TextEncoding)
    is_new: bool = False
    saved_text: str = ""
    fingerprint: tuple[int, int] | None = None
    warnings: list[str] = field(default_factory=list)

    @classmethod
    def open(cls, path: str | Path) -> FileSession:
        """Open `path` for editing; raises InputError for a folder, a binary or undecodable
        file, or a new file whose folder does not exist."""
        target = Path(path)
        if not target.exists():
            if not target.parent.is_dir():
                raise InputError(
                    str(path), f"no such file, and folder {target.parent} does not exist"
                )
            return cls(target, "", is_new=True, saved_text="", fingerprint=None)
        doc = read_document(target)
        session = cls(target, doc.text, doc.encoding, saved_text=doc.text)
        session.fingerprint = file_fingerprint(target)
        editable = normalise_for_editing(doc.text)
        if editable != doc.text:
            session.warnings.append(
                "mixed or unusual line breaks: saving writes every line break as "
                + repr(doc.encoding.newline).strip("'")
            )
            session.saved_text = editable
        return session

    @property
    def markdown(self) -> bool:
        return self.path.suffix.lower() in (".md", ".markdown")

    def is_modified(self, text: str) -> bool:
        return text != self.saved_text

    def changed_on_disk(self) -> bool:
        """Whether the file on disk is no longer the one opened or last saved."""
        return file_fingerprint(self.path) != self.fingerprint

    def save(self, text: str, overwrite: bool = False) -> None:
        """Write `text` atomically in the file's own encoding; raises FileChangedError
        when the file changed on disk and `overwrite` is not set."""
        if not overwrite and self.changed_on_disk():
            raise FileChangedError(f"{self.path}: changed on disk since it was opened")
        atomic_write(self.path, text, self.encoding)
        self.saved_text = text
        self.is_new = False
        self.fingerprint = file_fingerprint(self.path)

    def diff(self, text: str) -> str:
        """A unified diff of `text` against the file as it was opened."""
        before = self.opened_text.splitlines(keepends=True)
        after = text.splitlines(keepends=True)
        name = str(self.path)
        lines = difflib.unified_diff(before, after, f"{name} (as opened)", f"{name} (now)")
        return "".join(line if line.endswith("\n") else line + "\n" for line in lines)
