"""How one edit is found and how offsets move through it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from copydesk.editor.textedit import TextEdit, diff_texts, shift_issues, shift_range, shift_span
from copydesk.rules.model import Issue, Severity


def test_diff_of_equal_texts_is_none() -> None:
    assert diff_texts("abc", "abc") is None


def test_diff_finds_the_replaced_span() -> None:
    assert diff_texts("the big cat", "the small cat") == TextEdit(4, 7, 9)


def test_diff_of_insertion_and_deletion() -> None:
    assert diff_texts("abcdef", "abcXdef") == TextEdit(3, 3, 4)
    assert diff_texts("abcXdef", "abcdef") == TextEdit(3, 4, 3)


@given(st.text(alphabet="ab\n", max_size=9000), st.text(alphabet="ab\n", max_size=9000))
def test_diff_reconstructs_the_new_text(old: str, new: str) -> None:
    edit = diff_texts(old, new)
    if edit is None:
        assert old == new
        return
    assert old[: edit.start] + new[edit.start : edit.new_end] + old[edit.old_end :] == new


def test_spans_before_move_not_after_move_inside_go() -> None:
    edit = TextEdit(10, 12, 15)  # 2 chars replaced by 5
    assert shift_span(0, 10, edit) == (0, 10)
    assert shift_span(12, 14, edit) == (15, 17)
    assert shift_span(9, 11, edit) is None


def test_shift_issues_keeps_order_and_drops_cut_issues() -> None:
    issues = [
        Issue("A", "c", Severity.INFO, "m", 0, 3),
        Issue("B", "c", Severity.INFO, "m", 5, 8),
        Issue("C", "c", Severity.INFO, "m", 10, 12),
    ]
    moved = shift_issues(issues, TextEdit(6, 7, 6))
    assert [(i.rule, i.start, i.end) for i in moved] == [("A", 0, 3), ("C", 9, 11)]


def test_shift_range_grows_over_the_edit() -> None:
    assert shift_range(5, 10, TextEdit(8, 9, 20)) == (5, 21)
    assert shift_range(5, 10, TextEdit(0, 0, 3)) == (8, 13)
    assert shift_range(5, 10, TextEdit(11, 11, 13)) == (5, 10)
