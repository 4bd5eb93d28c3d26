"""Opening and saving files: encodings, BOM, line endings, mode, changes on disk."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from copydesk.editor.ignores import SessionIgnores
from copydesk.editor.session import FileSession
from copydesk.editor.textedit import TextEdit
from copydesk.errors import InputError
from copydesk.rules.fix import FileChangedError
from copydesk.rules.model import Issue, Severity


def test_save_keeps_bom_crlf_and_mode(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbfone\r\ntwo\r\n")
    os.chmod(path, 0o640)
    session = FileSession.open(path)
    session.save(session.saved_text.replace("two", "three"))
    assert path.read_bytes() == b"\xef\xbb\xbfone\r\nthree\r\n"
    assert (os.stat(path).st_mode & 0o777) == 0o640


def test_save_keeps_utf16(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("\ufeffhé\n".encode("utf-16-le"))
    session = FileSession.open(path)
    session.save("hà\n")
    assert path.read_bytes() == "\ufeffhà\n".encode("utf-16-le")


def test_refuses_to_overwrite_a_file_changed_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("one\n")
    session = FileSession.open(path)
    path.write_text("someone else's text\n")
    os.utime(path, ns=(1, 1))
    with pytest.raises(FileChangedError):
        session.save("mine\n")
    assert path.read_text() == "someone else's text\n"
    session.save("mine\n", overwrite=True)
    assert path.read_text() == "mine\n"


def test_new_file_opens_empty_and_save_creates_it(tmp_path: Path) -> None:
    path = tmp_path / "new.txt"
    session = FileSession.open(path)
    assert session.is_new and session.saved_text == ""
    assert not path.exists()
    session.save("hello\n")
    assert path.read_text() == "hello\n"


def test_new_file_in_a_missing_folder_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        FileSession.open(tmp_path / "nowhere" / "new.txt")


def test_binary_file_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(InputError, match="binary"):
        FileSession.open(path)


def test_mixed_line_endings_warn(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"one\r\ntwo\nthree\r\n")
    session = FileSession.open(path)
    assert session.warnings and "line breaks" in session.warnings[0]
    assert session.saved_text == "one\r\ntwo\r\nthree\r\n"


def test_diff_against_the_file_as_opened(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("one\ntwo\n")
    session = FileSession.open(path)
    diff = session.diff("one\n2\n")
    assert "-two\n" in diff and "+2\n" in diff
    assert session.diff("one\ntwo\n") == ""


def test_ignored_spans_move_with_edits() -> None:
    issue = Issue("R", "c", Severity.INFO, "m", 10, 14)
    ignores = SessionIgnores()
    ignores.ignore_issue(issue)
    ignores.note_edit(TextEdit(0, 0, 2))
    assert not ignores.allows(issue.shifted(2))
    assert ignores.allows(issue)
    ignores.ignore_rule("S")
    assert not ignores.allows(Issue("S", "c", Severity.INFO, "m", 0, 1))
