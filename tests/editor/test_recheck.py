"""Incremental re-checking: paragraphs, dirty ranges, stale outcomes."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from copydesk.editor.recheck import (
    EngineChecker,
    LiveChecker,
    WholeDocumentChecker,
    merge_ranges,
    paragraph_bounds,
)
from copydesk.editor.textedit import diff_texts

from .conftest import FakeEngine


def test_line_paragraphs_for_txt() -> None:
    text = "one line\nsecond line\nthird"
    assert paragraph_bounds(text, 12, 13, per_line=True) == (9, 20)


def test_blank_line_paragraphs() -> None:
    text = "a b\nc d\n\ne f\ng h\n\ni"
    start = text.index("f")
    assert paragraph_bounds(text, start, start + 1, per_line=False) == (9, 16)
    assert paragraph_bounds(text, 0, 1, per_line=False) == (0, 7)


def test_merge_ranges() -> None:
    assert merge_ranges([(5, 8), (0, 2), (2, 3), (7, 10)]) == [(0, 3), (5, 10)]


def _checker(engine: FakeEngine, path: str = "a.txt") -> LiveChecker:
    return LiveChecker([EngineChecker(engine)], path)


def _settle(checker: LiveChecker, text: str) -> None:
    request = checker.request(text)
    assert request is not None
    for outcome in checker.run(request):
        assert checker.accept(outcome)


def test_only_the_changed_paragraph_is_rechecked() -> None:
    engine = FakeEngine()
    checker = _checker(engine)
    old = "born for fever\nplain line\ncore competitiveness here\n"
    checker.start(old)
    _settle(checker, old)
    assert engine.full_checks == 1
    new = old.replace("plain line", "plain deep cultivation line")
    checker.note_edit(diff_texts(old, new))
    _settle(checker, new)
    line = new.split("\n")[1]
    assert engine.ranges == [(15, 15 + len(line))]
    assert [i.rule for i in checker.all_issues()] == [
        "born-for-fever",
        "deep-cultivation",
        "core-competitiveness",
    ]


def test_issues_move_while_a_check_is_pending() -> None:
    engine = FakeEngine()
    checker = _checker(engine)
    old = "x\nborn for fever\n"
    checker.start(old)
    _settle(checker, old)
    new = "xyz" + old[1:]
    checker.note_edit(diff_texts(old, new))
    assert checker.pending
    assert [(i.start, i.end) for i in checker.all_issues()] == [(4, 18)]


def test_an_outcome_older_than_the_text_is_refused() -> None:
    engine = FakeEngine()
    checker = _checker(engine)
    text = "born for fever\n"
    checker.start(text)
    request = checker.request(text)
    assert request is not None
    outcomes = checker.run(request)
    checker.note_edit(diff_texts(text, "a" + text))
    assert not checker.accept(outcomes[0])
    assert checker.pending


def test_checker_errors_are_reported_not_raised() -> None:
    class Broken(FakeEngine):
        def check(self, doc):  # noqa: ANN001, ANN201
            raise RuntimeError("boom")

    checker = _checker(Broken())
    checker.start("text")
    request = checker.request("text")
    assert request is not None
    (outcome,) = checker.run(request)
    assert outcome.error is not None and "boom" in outcome.error
    assert not checker.accept(outcome)


def test_whole_document_checker_moves_issues_to_document_offsets() -> None:
    engine = FakeEngine()
    lt = WholeDocumentChecker(engine, source="languagetool")
    checker = LiveChecker([EngineChecker(FakeEngine()), lt], "a.txt")
    text = "plain\nborn for fever\n"
    checker.start(text)
    _settle(checker, text)
    new = text + "core competitiveness\n"
    checker.note_edit(diff_texts(text, new))
    _settle(checker, new)
    found = [(i.rule, i.start) for i in checker.issues["languagetool"]]
    assert found == [("born-for-fever", 6), ("core-competitiveness", 21)]


def _issue(rule: str, start: int, end: int):  # noqa: ANN202
    from copydesk.rules.model import Issue, Severity

    return Issue(rule, "c", Severity.INFO, "m", start, end)


def test_splice_replaces_only_the_checked_ranges() -> None:
    from copydesk.editor.recheck import splice_issues

    old = [_issue("a", 0, 3), _issue("b", 10, 12), _issue("c", 15, 18), _issue("d", 30, 33)]
    fresh = [_issue("x", 16, 17), _issue("y", 11, 13)]
    out = splice_issues(old, [(10, 20)], fresh)
    assert [(i.rule, i.start) for i in out] == [("a", 0), ("y", 11), ("x", 16), ("d", 30)]


@given(
    st.lists(st.tuples(st.integers(0, 200), st.integers(0, 8)), max_size=60),
    st.lists(st.tuples(st.integers(0, 200), st.integers(1, 40)), max_size=4),
    st.lists(st.tuples(st.integers(0, 200), st.integers(0, 8)), max_size=20),
)
@example(
    spans=[(148, 2)], raw_ranges=[(108, 40), (149, 1)], fresh_spans=[]
)  # reaches the next range
def test_splice_matches_filter_and_sort(spans, raw_ranges, fresh_spans) -> None:  # noqa: ANN001
    from copydesk.editor.recheck import _overlaps, splice_issues
    from copydesk.rules.model import Issue

    ranges = merge_ranges((s, s + n) for s, n in raw_ranges)
    old = sorted((_issue("o", s, s + n) for s, n in spans), key=Issue.sort_key)
    fresh = [
        _issue("f", s, s + n)
        for s, n in fresh_spans
        if any(a <= s and s + n <= b for a, b in ranges)
    ]
    expected = sorted([i for i in old if not _overlaps(i, ranges)] + fresh, key=Issue.sort_key)
    got = splice_issues(old, ranges, fresh)
    assert [(i.rule, i.start, i.end) for i in got] == [(i.rule, i.start, i.end) for i in expected]


def test_document_level_rules_are_refreshed_after_a_range_check() -> None:
    """A consistency rule flags the second spelling of a term; editing the first paragraph
    so that it uses the other spelling moves the flag, which a range check alone misses."""
    from copydesk.document import Document
    from copydesk.rules.model import Issue, Rule, Severity

    class Engine(FakeEngine):
        def __init__(self) -> None:
            super().__init__()
            self.rules["term"] = Rule("term", "c", Severity.INFO, "mixed", "consistency")

        def check_document_rules(self, doc: Document) -> list[Issue]:
            a, b = doc.text.find("e-mail"), doc.text.find("email")
            if a < 0 or b < 0:
                return []
            later = max(a, b)
            size = 6 if later == a else 5
            return [Issue("term", "c", Severity.INFO, "mixed", later, later + size)]

        def check(self, doc: Document) -> list[Issue]:
            return super().check(doc) + self.check_document_rules(doc)

    engine = Engine()
    checker = LiveChecker([EngineChecker(engine)], "a.txt")
    old = "Send an e-mail.\nThen an email.\n"
    checker.start(old)
    _settle(checker, old)
    assert [(i.rule, i.start) for i in checker.all_issues()] == [("term", 24)]
    new = old.replace("Send an e-mail.", "Send a letter.")  # the flag is in the other line
    checker.note_edit(diff_texts(old, new))
    _settle(checker, new)
    assert checker.all_issues() == []


def test_a_backend_that_gave_up_reports_no_issues() -> None:
    from copydesk.document import Document
    from copydesk.editor.recheck import WholeDocumentChecker

    class GaveUp:
        def check(self, doc: Document) -> None:
            return None  # what the LanguageTool backend answers after a failure

    checker = WholeDocumentChecker(GaveUp())
    doc = Document.from_text("Some text.\n\nMore text.\n")
    assert checker.check(doc) == []
    assert checker.check_range(doc, 12, 23) == []
