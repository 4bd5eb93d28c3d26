"""`copydesk edit` on bad input: one clear line naming the file, exit status 2, no
traceback, and the terminal never taken over."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import ARTICLE


def test_binary_file_is_refused_with_one_line(cli, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    result = cli("edit", path)
    assert result.status == 2
    assert result.err.strip().count("\n") == 0
    assert str(path) in result.err and "binary" in result.err
    assert "Traceback" not in result.err


def test_undecodable_file_names_the_byte(cli, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "latin1.txt"
    path.write_bytes("caf\xe9\n".encode("latin-1"))
    result = cli("edit", path)
    assert result.status == 2
    assert "latin1.txt" in result.err and "byte offset 3" in result.err


def test_new_file_in_a_missing_folder(cli, tmp_path: Path) -> None:  # noqa: ANN001
    result = cli("edit", tmp_path / "nowhere" / "a.txt")
    assert result.status == 2 and "does not exist" in result.err


def test_missing_reference(cli, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE)
    result = cli("edit", path, "--ref", tmp_path / "missing.txt")
    assert result.status == 2 and "missing.txt" in result.err


def test_mt_without_reference(cli, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE)
    result = cli("edit", path, "--mt", path)
    assert result.status == 2 and "--ref" in result.err


def test_needs_a_terminal(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE)
    done = subprocess.run(
        [sys.executable, "-m", "copydesk", "edit", str(path)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert done.returncode == 2
    assert "needs a terminal" in done.stderr and "Traceback" not in done.stderr
    assert path.read_text() == ARTICLE


def test_edit_does_not_import_textual_at_startup() -> None:
    code = "import sys, copydesk.cli as c; c.build_parser(); print('textual' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr


def test_alt_keys_arrive_as_alt_keys_even_when_fast() -> None:
    """Terminals send alt+x as ESC x. Without the editor's table entries Textual turns
    ESC 1 into "¡" and two quick ESC n into the text "^n"."""
    from textual._xterm_parser import XTermParser

    from copydesk.editor.app import enable_alt_keys

    enable_alt_keys()
    keys = [getattr(t, "key", None) for t in XTermParser().feed("\x1bn\x1bn\x1b1\x1bia")]
    assert keys == ["alt+n", "alt+n", "alt+1", "alt+i", "a"]
