"""The literal-prefix filter must never change what a regex rule finds."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copydesk.rules.engine import _matches_at
from copydesk.rules.loader import BUILTIN_PACKS, load_rules
from copydesk.rules.prefilter import ignores_case, line_local, literal_prefixes, lower_same_length
from tests.conftest import example_file


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"(?i)\b(?:inject(?:s|ed)?|brought) new", {"inject", "brought"}),
        (r"(?i)\b(?:injects|brought) new", {"injects new", "brought new"}),
        (r"\bhistory has (?:proven|shown)", {"history has proven", "history has shown"}),
        (r"[:;][A-Za-z]", {":", ";"}),
        (r"[,;][A-Za-z]", None),
        (r"\w+ing", None),
        (r"(?i)(?:a|the)? vast", None),
        (r"x", None),
    ],
)
def test_literal_prefixes(pattern: str, expected: set[str] | None) -> None:
    assert literal_prefixes(re.compile(pattern)) == expected


def test_inline_case_flag_counts_as_ignoring_case() -> None:
    assert ignores_case(re.compile(r"Foo(?i:bar)"))
    assert not ignores_case(re.compile(r"Foo bar"))


def finds(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    prefixes = literal_prefixes(pattern)
    assert prefixes is not None
    haystack = lower_same_length(text) if ignores_case(pattern) else text
    positions = sorted(
        i for prefix in prefixes for i in range(len(haystack)) if haystack.startswith(prefix, i)
    )
    return [m.span() for m in _matches_at(pattern, text, positions)]


PREFIXED = [
    r.pattern
    for r in load_rules([BUILTIN_PACKS])
    if r.pattern and literal_prefixes(re.compile(r.pattern)) is not None
]
FRAGMENTS = st.sampled_from(
    [
        "the",
        "The",
        "INJECT",
        "new",
        "energy",
        ",",
        ".",
        "?",
        '"',
        "“",
        "”",
        ":",
        " ",
        "\n",
        "OS",
        "system",
        "10,000",
        "yuan",
        "2023-02-11",
        "Mbps",
        "500",
        "it",
        "is",
        "layout",
        "ecology",
        "é",
    ]
)


@pytest.mark.parametrize("pattern", PREFIXED[:400])
def test_prefiltered_matches_equal_finditer_on_the_example(pattern: str) -> None:
    compiled = re.compile(pattern)
    text = example_file("xiaomi-tribute.mt.txt").read_text(encoding="utf-8")
    assert finds(compiled, text) == [m.span() for m in compiled.finditer(text)]


@settings(max_examples=60, deadline=None)
@given(st.lists(FRAGMENTS, max_size=40).map("".join), st.sampled_from(PREFIXED or [r"\bthe"]))
def test_prefiltered_matches_equal_finditer_on_generated_text(text: str, pattern: str) -> None:
    compiled = re.compile(pattern)
    assert finds(compiled, text) == [m.span() for m in compiled.finditer(text)]


@pytest.mark.parametrize(
    ("pattern", "local"),
    [
        (r"\bfoo bar\b", True),
        (r"(?i)said:(?= ?[\"“])", True),
        (r"foo\s+bar", False),  # \s crosses a line break
        (r"foo[^x]*bar", False),  # a negated class can match "\n"
        (r"(?m)^foo", True),
        (r"(?s)foo.bar", False),
        (r"x?", False),  # can match empty text
    ],
)
def test_line_local(pattern: str, local: bool) -> None:
    assert line_local(re.compile(pattern)) is local


LINE_LOCAL = [
    r.pattern
    for r in load_rules([BUILTIN_PACKS])
    if r.pattern and line_local(re.compile(r.pattern))
]


@settings(max_examples=80, deadline=None)
@given(
    st.lists(FRAGMENTS | st.just("\n"), max_size=40).map("".join),
    st.sampled_from(LINE_LOCAL or [r"\bthe"]),
)
def test_line_local_patterns_match_the_same_line_by_line(text: str, pattern: str) -> None:
    compiled = re.compile(pattern)
    whole = [m.span() for m in compiled.finditer(text)]
    by_line = []
    start = 0
    for line in text.splitlines(keepends=True):
        by_line += [m.span() for m in compiled.finditer(text, start, start + len(line))]
        start += len(line)
    assert by_line == whole
