"""Fixes: atomic writes that keep encoding, BOM, newlines and mode; fixes that never
overlap, never touch text outside their span, and are idempotent (property tests)."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from copydesk.document import TextEncoding, read_document
from copydesk.rules.engine import compile_rules
from copydesk.rules.fix import apply_suggestions, atomic_write, fix_text
from copydesk.rules.loader import load_rules
from copydesk.rules.model import Issue, Severity
from tests.conftest import SAMPLE_PACKS

ENGINE = compile_rules(load_rules([SAMPLE_PACKS]))


def check(text: str) -> list[Issue]:
    return ENGINE.check_text(text)


def issue(start: int, end: int, text: str, safe: bool = True) -> Issue:
    return Issue("R", "c", Severity.WARNING, "m", start, end, [text], safe=safe)


def test_apply_skips_unsafe_and_overlapping() -> None:
    text = "abcdefghij"
    issues = [issue(0, 3, "X"), issue(2, 5, "Y"), issue(6, 8, "Z", safe=False)]
    assert apply_suggestions(text, issues) == "Xdefghij"
    assert apply_suggestions(text, issues, unsafe=True) == "XdefZij"


WORDS = st.sampled_from(
    [
        "Surging OS",
        "Mi Surging OS",
        "known for:",
        '"The',
        "cars",
        "text",
        "adhere to the concept of",
        ",",
        ".",
        "\n",
        "\r\n",
        " ",
        "é",
        "漢",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(WORDS, max_size=30).map(" ".join))
def test_fixes_are_idempotent_and_local(text: str) -> None:
    once = fix_text(text, check, unsafe=True)
    assert fix_text(once, check, unsafe=True) == once
    issues = [i for i in check(text) if i.suggestions]
    chosen_text = apply_suggestions(text, issues, unsafe=True)
    # Text outside the fixed spans is unchanged: strip each applied span and compare.
    kept = []
    last_end = -1
    for i in sorted(issues, key=lambda i: (i.start, -(i.end - i.start))):
        if i.start >= last_end:
            kept.append(i)
            last_end = i.end
    pieces, pos = [], 0
    for i in kept:
        pieces.append(text[pos : i.start])
        pos = i.end
    pieces.append(text[pos:])
    rebuilt = []
    for piece, fixed in zip(pieces, [i.suggestions[0] for i in kept] + [""], strict=True):
        rebuilt.append(piece + fixed)
    assert "".join(rebuilt) == chosen_text
    for a, b in zip(kept, kept[1:], strict=False):
        assert a.end <= b.start


def test_atomic_write_keeps_encoding_bom_newlines_and_mode(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    original = "\ufeffThe Surging OS\r\nline two\r\n".encode("utf-16-le")
    path.write_bytes(b"\xff\xfe" + original[2:])
    os.chmod(path, 0o640)
    doc = read_document(path)
    assert doc.encoding == TextEncoding("utf-16-le", True, "\r\n")
    atomic_write(path, doc.text.replace("Surging OS", "HyperOS"), doc.encoding)
    data = path.read_bytes()
    assert data.startswith(b"\xff\xfe")
    assert data[2:].decode("utf-16-le") == "The HyperOS\r\nline two\r\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"], "no temporary file left behind"


def test_atomic_write_failure_leaves_original(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    path = tmp_path / "a.txt"
    path.write_text("original")

    def boom(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with contextlib.suppress(OSError):
        atomic_write(path, "new", TextEncoding())
    assert path.read_text() == "original"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]
