"""Chunking at paragraph boundaries, Markdown annotation, and UTF-16 offset mapping."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copydesk.document import Document
from copydesk.rules.languagetool import (
    HttpClient,
    LanguageToolChecker,
    Utf16Index,
    annotate,
    chunk_bounds,
    document_chunks,
    interpret_markup,
    paragraph_range,
)

from .fake_languagetool import FakeLanguageTool

# --------------------------------------------------------------------------- UTF-16


def test_utf16_index_ascii_is_identity() -> None:
    index = Utf16Index("plain text")
    assert not index.has_astral
    assert [index.to_index(n) for n in range(11)] == list(range(11))


def test_utf16_index_counts_astral_as_two() -> None:
    text = "a😀b𝒞c"
    index = Utf16Index(text)
    # UTF-16 units: a=0, 😀=1-2, b=3, 𝒞=4-5, c=6, end=7
    assert [index.to_index(u) for u in (0, 1, 3, 4, 6, 7)] == [0, 1, 2, 3, 4, 5]
    assert index.to_index(2) == 2  # inside the pair: moves past the emoji


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab \n") + ["😀", "𝒞", "é", "小", "\U0010ffff"])))
def test_utf16_round_trip(text: str) -> None:
    index = Utf16Index(text)
    for position in range(len(text) + 1):
        units = len(text[:position].encode("utf-16-le")) // 2
        assert index.to_index(units) == position


# --------------------------------------------------------------------------- chunks


def _paragraphs(n: int, width: int = 30) -> str:
    return "".join(f"Paragraph {i} " + "x" * width + ".\n\n" for i in range(n))


def test_chunks_cover_the_text_and_cut_at_blank_lines() -> None:
    text = _paragraphs(40)
    bounds = chunk_bounds(text, 0, len(text), 200)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:], strict=False))
    assert all(end - start <= 200 for start, end in bounds)
    assert all(text[:end].endswith("\n\n") for _, end in bounds)
    assert len(bounds) > 5


def test_long_paragraph_is_cut_at_lines_then_sentences_then_words() -> None:
    lines = "".join(f"Line {i} of a long paragraph.\n" for i in range(20))
    bounds = chunk_bounds(lines, 0, len(lines), 100)
    assert all(lines[:end].endswith("\n") for _, end in bounds)
    sentences = " ".join(f"Sentence number {i} is here." for i in range(30))
    bounds = chunk_bounds(sentences, 0, len(sentences), 120)
    assert all(end - start <= 120 for start, end in bounds)
    assert all(sentences[:end].endswith(". ") for _, end in bounds[:-1])
    words = "word " * 100
    bounds = chunk_bounds(words, 0, len(words), 42)
    assert all(words[:end].endswith(" ") for _, end in bounds[:-1])
    assert "".join(words[s:e] for s, e in bounds) == words


@settings(max_examples=150, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab .\n\r") + ["😀"]), max_size=400),
    st.integers(min_value=1, max_value=60),
)
def test_chunks_always_partition(text: str, limit: int) -> None:
    bounds = chunk_bounds(text, 0, len(text), limit)
    assert "".join(text[s:e] for s, e in bounds) == text
    assert all(0 < e - s <= limit for s, e in bounds)


def test_paragraph_range() -> None:
    text = "One.\n\nTwo two.\nstill two.\n\nThree."
    start = text.index("still")
    assert text[slice(*paragraph_range(text, start, start + 1))] == "Two two.\nstill two.\n\n"
    assert text[slice(*paragraph_range(text, 0, 1))] == "One.\n\n"
    assert text[slice(*paragraph_range(text, len(text) - 1, len(text)))] == "Three."


def test_long_document_goes_in_chunks_with_right_offsets() -> None:
    fake = FakeLanguageTool()
    fake.start()
    try:
        text = "".join(f"Paragraph {i} has teh typo and a apple.\n\n" for i in range(300))
        doc = Document.from_text(text)
        checker = LanguageToolChecker(HttpClient(fake.url, 5), chunk_chars=1000)
        issues = checker.check(doc) or []
    finally:
        fake.stop()
    assert len(fake.requests) == len(chunk_bounds(text, 0, len(text), 1000)) > 10
    assert all(len(form["text"]) <= 1000 for form in fake.requests)
    assert all(form["text"].endswith("\n\n") for form in fake.requests)
    assert len(issues) == 600
    assert {doc.text[i.start : i.end] for i in issues} == {"teh", "a"}
    assert issues == sorted(issues, key=lambda i: (i.start, i.end, i.rule))


# --------------------------------------------------------------------------- Markdown

MARKDOWN = """---
title: teh front matter
---
# A article about phones

Xiaomi said teh phone, run `pip install teh` then visit https://example.com/teh now.
See [teh docs](https://example.com/a-apple "a apple") for a apple.

```python
print("teh code a apple")
```

    teh indented code

<!-- teh comment --> Last teh words.
"""


def test_markdown_annotation_rebuilds_the_text() -> None:
    doc = Document.from_text(MARKDOWN, path="post.md")
    parts = annotate(doc, 0, len(doc.text))
    assert parts is not None
    assert "".join(p.get("text", p.get("markup", "")) for p in parts) == MARKDOWN
    markup = [p["markup"] for p in parts if "markup" in p]
    assert any("print(" in m for m in markup)
    assert "`pip install teh`" in markup
    prose = "".join(p["text"] for p in parts if "text" in p)
    assert "print(" not in prose and "pip install" not in prose and "example.com" not in prose


def test_interpret_markup() -> None:
    assert interpret_markup("```\ncode\n```\n") == "\n\n"
    assert interpret_markup("`code`") == "Dummy0"
    assert interpret_markup("https://example.com") == "Dummy0"
    assert interpret_markup("<!-- note -->") == ""
    assert interpret_markup("<b>") == ""
    assert interpret_markup("<https://example.com>") == "Dummy0"
    assert interpret_markup('(https://x.org "t")') == ""


def test_markdown_sends_only_prose_and_maps_offsets_back(fake_lt: FakeLanguageTool) -> None:
    doc = Document.from_text(MARKDOWN, path="post.md")
    issues = LanguageToolChecker(HttpClient(fake_lt.url, 5)).check(doc) or []
    found = [(doc.line_col(i.start)[0], doc.text[i.start : i.end]) for i in issues]
    # teh in front matter, inline code, URL, link target, fenced and indented code and the
    # HTML comment are not checked; prose on lines 4, 6, 7 and 15 is.
    assert found == [
        (4, "A"),
        (6, "teh"),
        (7, "teh"),
        (7, "a"),
        (15, "teh"),
    ]
    (form,) = fake_lt.requests
    assert "text" not in form
    data = json.loads(form["data"])
    assert all("teh code" not in p.get("text", "") for p in data["annotation"])


def test_plain_text_is_sent_as_text(fake_lt: FakeLanguageTool) -> None:
    doc = Document.from_text("Run `pip install teh` now.", path="notes.txt")
    LanguageToolChecker(HttpClient(fake_lt.url, 5)).check(doc)
    assert fake_lt.requests[-1]["text"] == doc.text


def test_markdown_chunks_carry_their_own_markup() -> None:
    body = "Prose with `code` here.\n\n" * 50
    doc = Document.from_text(body, path="x.md")
    chunks = document_chunks(doc, limit=200)
    assert len(chunks) > 3
    for chunk in chunks:
        assert chunk.annotation is not None
        rebuilt = "".join(p.get("text", p.get("markup", "")) for p in chunk.annotation)
        assert rebuilt == doc.text[chunk.start : chunk.end]


def test_astral_characters_in_markdown(fake_lt: FakeLanguageTool) -> None:
    text = "Emoji 🚀 in `code 😀😀` then teh word 🎉 and a apple.\n"
    doc = Document.from_text(text, path="e.md")
    issues = LanguageToolChecker(HttpClient(fake_lt.url, 5)).check(doc) or []
    assert [doc.text[i.start : i.end] for i in issues] == ["teh", "a"]


# --------------------------------------------------------------------------- property

TOKENS = [
    "teh",
    "word",
    "😀",
    "𝒞𝒞",
    "小米",
    "e\u0301",
    "`teh code`",
    "https://example.com/teh",
    "<b>",
    "\n\n",
    "\r\n",
]


@pytest.fixture(scope="module")
def shared_fake() -> Iterator[FakeLanguageTool]:
    fake = FakeLanguageTool()
    fake.start()
    yield fake
    fake.stop()


@settings(max_examples=60, deadline=None)
@given(tokens=st.lists(st.sampled_from(TOKENS), max_size=60), limit=st.integers(20, 300))
def test_every_typo_lands_on_its_word(
    shared_fake: FakeLanguageTool, tokens: list[str], limit: int
) -> None:
    """Markdown, chunking, astral characters and CRLF together: each prose `teh` is found
    exactly where it is, and none inside code or URLs."""
    text = " ".join(tokens)
    doc = Document.from_text(text, path="p.md")
    checker = LanguageToolChecker(HttpClient(shared_fake.url, 5), chunk_chars=limit)
    issues = [i for i in checker.check(doc) or [] if i.rule == "LT:MORFOLOGIK_RULE_EN_US"]
    assert all(doc.text[i.start : i.end] == "teh" for i in issues)
    assert len(issues) == tokens.count("teh")
