"""Decoding, line/column arithmetic and Markdown prose ranges."""

from __future__ import annotations

from pathlib import Path

import pytest

from copydesk.document import Document, decode_bytes, read_document
from copydesk.errors import InputError
from copydesk.markdown import disable_directives, non_prose_ranges


@pytest.mark.parametrize(
    ("data", "encoding", "bom"),
    [
        ("héllo".encode(), "utf-8", False),
        (b"\xef\xbb\xbf" + "héllo".encode(), "utf-8", True),
        (b"\xff\xfe" + "héllo".encode("utf-16-le"), "utf-16-le", True),
        (b"\xfe\xff" + "héllo".encode("utf-16-be"), "utf-16-be", True),
    ],
)
def test_decodes_utf8_and_utf16_with_bom(data: bytes, encoding: str, bom: bool) -> None:
    text, enc = decode_bytes(data, "f.txt")
    assert text == "héllo"
    assert (enc.encoding, enc.bom) == (encoding, bom)
    assert enc.encode(text) == data


def test_invalid_utf8_names_file_and_byte_offset() -> None:
    with pytest.raises(InputError) as info:
        decode_bytes(b"ok\nbad \xff here", "a.txt")
    message = str(info.value)
    assert message.startswith("a.txt:2:")
    assert "byte offset 7" in message


def test_png_renamed_md_is_binary() -> None:
    with pytest.raises(InputError, match="PNG"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00", "image.md")


def test_nul_byte_is_binary() -> None:
    with pytest.raises(InputError, match="NUL byte at byte offset 3"):
        decode_bytes(b"abc\x00def", "x.txt")


def test_crlf_is_kept_and_lines_count_correctly() -> None:
    text, enc = decode_bytes(b"one\r\ntwo\r\nthree", "x.txt")
    assert text == "one\r\ntwo\r\nthree" and enc.newline == "\r\n"
    doc = Document.from_text(text, encoding=enc)
    assert doc.line_col(text.index("three")) == (3, 1)
    assert doc.line_col(text.index("wo")) == (2, 2)
    assert doc.offset_of(3, 1) == text.index("three")


def test_missing_and_folder_paths(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="folder"):
        read_document(tmp_path)


def test_markdown_skips_code_urls_html_and_front_matter() -> None:
    text = (
        "---\ntitle: In the field of\n---\n"
        "Prose with `inline code` and https://example.com/x and <span>tag</span>.\n\n"
        "    indented code\n\n"
        "```\nfenced code\n```\n"
        "[a link](https://example.com) ends.\n"
    )
    skipped = [text[s:e] for s, e in non_prose_ranges(text)]
    assert skipped[0].startswith("---\ntitle")
    assert "`inline code`" in skipped
    assert "https://example.com/x" in skipped
    assert "<span>" in skipped and "</span>" in skipped
    assert "    indented code\n" in skipped
    assert "```\nfenced code\n```\n" in skipped
    assert "(https://example.com)" in skipped
    doc = Document.from_text(text, path="a.md")
    assert len(doc.masked_text) == len(text)
    assert "fenced code" not in doc.masked_text
    assert "Prose with" in doc.masked_text


def test_list_continuation_is_not_indented_code() -> None:
    text = "- item one\n\n    continued paragraph of the item\n"
    assert non_prose_ranges(text) == []


def test_disable_directives_are_parsed() -> None:
    text = "a\n<!-- copydesk-disable FOO, bar -->\nb\n<!-- copydesk-enable -->\n"
    directives = disable_directives(text)
    assert [(d.kind, sorted(d.rules), d.line) for d in directives] == [
        ("disable", ["BAR", "FOO"], 2),
        ("enable", [], 4),
    ]
