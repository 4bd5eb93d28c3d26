"""Segments mean the same thing on every side, whatever the file's encoding and line ends."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from copydesk.corpora.segments import (
    AlignmentError,
    check_aligned,
    read_segments,
    segment_text,
    split_lines,
    split_paragraphs,
)
from copydesk.errors import InputError


def test_lines_split_on_lf_crlf_and_cr_and_ignore_a_final_break():
    assert split_lines("a\nb") == (["a", "b"], [1, 2])
    assert split_lines("a\nb\n") == (["a", "b"], [1, 2])
    assert split_lines("a\r\nb\r\n") == (["a", "b"], [1, 2])
    assert split_lines("a\rb") == (["a", "b"], [1, 2])
    assert split_lines("a\n\nb\n") == (["a", "", "b"], [1, 2, 3])
    assert split_lines("") == ([], [])


def test_trailing_whitespace_and_bom_do_not_reach_a_segment():
    assert split_lines("\ufeffa  \nb\t\n")[0] == ["a", "b"]
    assert split_lines("  indented\n")[0] == ["  indented"]


def test_paragraphs_are_blank_line_separated_and_joined_with_spaces():
    text = "# Title\n\nFirst line\n  second line\n\n\n\nNext\r\n \r\nLast"
    assert split_paragraphs(text) == (
        ["# Title", "First line second line", "Next", "Last"],
        [1, 3, 8, 10],
    )
    assert segment_text(text, "paragraph") == split_paragraphs(text)[0]
    assert segment_text(text, "line")[0] == "# Title"


@given(
    st.lists(
        st.text(alphabet=st.characters(blacklist_characters="\r\n\ufeff"), max_size=20),
        min_size=1,
    )
)
def test_crlf_lf_and_final_newline_give_the_same_segments(lines):
    expected = [line.rstrip() for line in lines]
    with_final = "\n".join(lines) + "\n"
    assert split_lines(with_final)[0] == expected
    assert split_lines(with_final.replace("\n", "\r\n"))[0] == expected
    if lines[-1]:  # without a final break, a last empty line cannot be told apart
        assert split_lines(with_final[:-1])[0] == expected
    assert split_paragraphs(with_final.replace("\n", "\r\n")) == split_paragraphs(with_final)


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
        lambda t: b"\xff\xfe" + t.encode("utf-16-le"),
        lambda t: b"\xfe\xff" + t.encode("utf-16-be"),
        lambda t: t.replace("\n", "\r\n").encode("utf-8"),
        lambda t: b"\xff\xfe" + t.replace("\n", "\r\n").encode("utf-16-le"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "crlf", "utf16-crlf"],
)
def test_encodings_boms_and_line_ends_read_alike(tmp_path, encode):
    text = "Xiaomi’s “ecosystem” — café\nSecond line\n"
    path = tmp_path / "f.txt"
    path.write_bytes(encode(text))
    assert read_segments(path).segments == ("Xiaomi’s “ecosystem” — café", "Second line")


def test_undecodable_file_names_file_and_offset(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("ok\ncafé\n".encode("latin-1"))
    with pytest.raises(InputError) as info:
        read_segments(path)
    assert str(path) in str(info.value) and "byte offset 6" in str(info.value)


@pytest.mark.parametrize("content", [b"", b"\n\n", b"   \n", b"\xef\xbb\xbf"])
def test_empty_files_are_an_input_error(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match="empty file"):
        read_segments(path)


def test_missing_file_and_folder_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_segments(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a folder"):
        read_segments(tmp_path)


def test_markdown_segments_by_paragraph_unless_told(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("One\ntwo\n\nThree\n", encoding="utf-8")
    assert read_segments(path).segments == ("One two", "Three")
    assert read_segments(path).lines == (1, 4)
    assert read_segments(path, "line").segments == ("One", "two", "", "Three")


def test_misaligned_files_name_every_file_and_count(tmp_path):
    for name, lines in (("rev.txt", 9), ("ref.txt", 10), ("mt.txt", 10)):
        (tmp_path / name).write_text("x\n" * lines, encoding="utf-8")
    texts = [read_segments(tmp_path / n) for n in ("rev.txt", "ref.txt", "mt.txt")]
    with pytest.raises(AlignmentError) as info:
        check_aligned(texts)
    message = str(info.value)
    assert f"{tmp_path / 'rev.txt'} has 9" in message
    assert f"{tmp_path / 'ref.txt'} has 10" in message
    assert f"{tmp_path / 'mt.txt'} has 10" in message
    check_aligned(texts[1:])
