"""Incremental re-checking: after an edit, check again only the paragraphs that changed.

`LiveChecker` keeps, per checker (copydesk's engine, LanguageTool), the current issues and
the ranges of text not checked since they last changed. Edits move both at once, so issue
positions stay right while a check is pending. A check works on a snapshot
(`CheckRequest`) and may run in any thread; its outcome is accepted only if no edit
happened since the snapshot, otherwise the ranges stay dirty and the next check covers them.

Paragraphs are blank-line separated; in `.txt` files one line is one paragraph.
"""

from __future__ import annotations

import bisect
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from copydesk.document import Document, TextEncoding
from copydesk.editor.textedit import LOOK_BACK, TextEdit, shift_issues, shift_range
from copydesk.markdown import merge_ranges
from copydesk.rules.model import Issue

Range = tuple[int, int]


class RangeChecker(Protocol):
    """A checker the editor can run on a whole document or on part of one."""

    source: str

    def check(self, doc: Document) -> list[Issue]: ...

    def check_range(self, doc: Document, start: int, end: int) -> list[Issue]: ...


class EngineChecker:
    """copydesk's own rule engine, which re-checks a range natively. Its document-level
    rules (term consistency) look at the whole article, so after a range check they run
    again over the whole text (one automaton pass) and their issues are replaced."""

    source = "copydesk"

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        rules = getattr(engine, "rules", {}) or {}
        self.document_rule_ids = frozenset(
            rule_id for rule_id, rule in rules.items() if rule.matcher == "consistency"
        )

    def check_document_rules(self, doc: Document) -> list[Issue] | None:
        """Issues of the document-level rules, or None when the engine has none."""
        if not self.document_rule_ids or not hasattr(self.engine, "check_document_rules"):
            return None
        return list(self.engine.check_document_rules(doc))

    def check(self, doc: Document) -> list[Issue]:
        return list(self.engine.check(doc))

    def check_range(self, doc: Document, start: int, end: int) -> list[Issue]:
        return list(self.engine.check_range(doc, start, end))


class WholeDocumentChecker:
    """A checker that only checks whole documents (LanguageTool): a range is checked as a
    document of its own and the issues are moved back to whole-document offsets."""

    def __init__(self, backend: Any, source: str = "languagetool") -> None:
        self.backend = backend
        self.source = source

    def check(self, doc: Document) -> list[Issue]:
        # A LanguageTool backend that has given up answers None: no issues, no error.
        return list(self.backend.check(doc) or [])

    def check_range(self, doc: Document, start: int, end: int) -> list[Issue]:
        part = Document.from_text(doc.text[start:end], path=doc.path, markdown=doc.markdown)
        return [issue.shifted(start) for issue in self.backend.check(part) or []]


def is_line_per_paragraph(path: str) -> bool:
    """Plain-text files hold one paragraph per line; Markdown and others use blank lines."""
    return Path(path).suffix.lower() == ".txt"


def _is_blank(text: str, start: int, end: int) -> bool:
    return not text[start:end].strip()


def paragraph_bounds(text: str, start: int, end: int, per_line: bool) -> Range:
    """[start, end) grown to whole paragraphs (without the separating newlines)."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", end)
    if para_end < 0:
        para_end = len(text)
    if per_line:
        return para_start, para_end
    # Walk back over non-blank lines to the line after a blank one.
    while para_start > 0:
        prev = text.rfind("\n", 0, para_start - 1) + 1
        if _is_blank(text, prev, para_start - 1):
            break
        para_start = prev
    # Walk forward over non-blank lines to the line before a blank one.
    while para_end < len(text):
        nxt = text.find("\n", para_end + 1)
        if nxt < 0:
            nxt = len(text)
        if _is_blank(text, para_end + 1, nxt):
            break
        para_end = nxt
    return para_start, para_end


def _overlaps(issue: Issue, ranges: list[Range]) -> bool:
    return any(
        (issue.start < end and start < issue.end) or start <= issue.start <= issue.end <= end
        for start, end in ranges
    )


def _overlaps_from(issue: Issue, ranges: list[Range], index: int) -> bool:
    """Whether the issue touches ranges[index] or a later range it reaches into."""
    for start, end in ranges[index:]:
        if start > issue.end:
            return False
        if _overlaps(issue, [(start, end)]):
            return True
    return False


def _start_of(issue: Issue) -> int:
    return issue.start


def splice_issues(issues: list[Issue], ranges: list[Range], fresh: list[Issue]) -> list[Issue]:
    """`issues` (sorted) with those touching `ranges` (sorted, disjoint) replaced by
    `fresh`, the issues a checker found inside those ranges."""
    found = sorted(fresh, key=Issue.sort_key)
    out: list[Issue] = []
    pos = used = 0
    for index, (start, end) in enumerate(ranges):
        low = max(pos, bisect.bisect_left(issues, start, lo=pos, key=_start_of) - LOOK_BACK)
        high = max(low, bisect.bisect_right(issues, end, lo=pos, key=_start_of))
        out.extend(issues[pos:low])
        window = [i for i in issues[low:high] if not _overlaps_from(i, ranges, index)]
        upto = bisect.bisect_right(found, end, lo=used, key=_start_of)
        window.extend(found[used:upto])
        window.sort(key=Issue.sort_key)
        out.extend(window)
        pos, used = high, upto
    out.extend(issues[pos:])
    if used < len(found):  # a checker reported something outside its ranges
        out = sorted(out + found[used:], key=Issue.sort_key)
    return out


def replace_rule_issues(
    issues: list[Issue], rule_ids: frozenset[str], fresh: list[Issue]
) -> list[Issue]:
    """`issues` with every issue of `rule_ids` replaced by `fresh`; cheap when nothing
    changed, which is the usual case after typing in one paragraph."""
    old = [i for i in issues if i.rule in rule_ids]
    key = Issue.sort_key
    if sorted(map(key, old)) == sorted(map(key, fresh)):
        return issues
    kept = [i for i in issues if i.rule not in rule_ids] if old else list(issues)
    for issue in fresh:
        bisect.insort(kept, issue, key=key)
    return kept


@dataclass
class CheckRequest:
    """A snapshot to check: the text as of `version` and, per checker, the ranges to check
    (already grown to whole paragraphs)."""

    version: int
    text: str
    ranges: dict[str, list[Range]]


@dataclass
class CheckOutcome:
    """One checker's issues for the ranges of a request."""

    version: int
    source: str
    ranges: list[Range]
    issues: list[Issue] = field(default_factory=list)
    document_issues: list[Issue] | None = None  # the document-level rules, whole text
    document_rule_ids: frozenset[str] = frozenset()
    error: str | None = None
    seconds: float = 0.0


class LiveChecker:
    """Issues of a text being edited, kept current by re-checking changed paragraphs."""

    def __init__(
        self,
        checkers: list[RangeChecker],
        path: str = "<text>",
        markdown: bool | None = None,
        encoding: TextEncoding | None = None,
    ) -> None:
        self.checkers = {checker.source: checker for checker in checkers}
        self.path = path
        self.markdown = markdown
        self.encoding = encoding
        self.per_line = is_line_per_paragraph(path)
        self.version = 0
        self.issues: dict[str, list[Issue]] = {name: [] for name in self.checkers}
        self.dirty: dict[str, list[Range]] = {name: [] for name in self.checkers}

    def start(self, text: str) -> None:
        """Forget everything: the whole text needs checking."""
        self.version += 1
        for name in self.checkers:
            self.issues[name] = []
            self.dirty[name] = [(0, len(text))]

    @property
    def pending(self) -> bool:
        """Whether some text has not been checked since it last changed."""
        return any(self.dirty.values())

    def note_edit(self, edit: TextEdit) -> None:
        """Move issues and dirty ranges with an edit and mark the edited span dirty."""
        self.version += 1
        for name in self.checkers:
            self.issues[name] = shift_issues(self.issues[name], edit)
            moved = [shift_range(s, e, edit) for s, e in self.dirty[name]]
            moved.append((edit.start, edit.new_end))
            self.dirty[name] = merge_ranges(moved)

    def request(self, text: str, sources: Iterable[str] | None = None) -> CheckRequest | None:
        """A snapshot of what needs checking, or None when nothing does."""
        wanted = list(self.checkers) if sources is None else list(sources)
        ranges: dict[str, list[Range]] = {}
        for name in wanted:
            if self.dirty.get(name):
                snapped = (paragraph_bounds(text, s, e, self.per_line) for s, e in self.dirty[name])
                ranges[name] = merge_ranges(snapped)
        if not ranges:
            return None
        return CheckRequest(self.version, text, ranges)

    def document(self, text: str) -> Document:
        return Document.from_text(
            text, path=self.path, markdown=self.markdown, encoding=self.encoding
        )

    def run(
        self, request: CheckRequest, on_outcome: Callable[[CheckOutcome], None] | None = None
    ) -> list[CheckOutcome]:
        """Check a snapshot, one checker after the other (safe to call from a worker thread:
        it reads only the request and the checkers)."""
        doc = self.document(request.text)
        outcomes: list[CheckOutcome] = []

        def report(outcome: CheckOutcome) -> None:
            outcomes.append(outcome)
            if on_outcome is not None:
                on_outcome(outcome)

        for name, ranges in request.ranges.items():
            checker = self.checkers[name]
            began = time.perf_counter()
            outcome = CheckOutcome(request.version, name, ranges)
            whole = None
            try:
                if ranges == [(0, len(request.text))]:
                    outcome.issues = checker.check(doc)
                else:
                    for start, end in ranges:
                        outcome.issues.extend(checker.check_range(doc, start, end))
                    whole = getattr(checker, "check_document_rules", None)
            except Exception as exc:  # a checker failing must not take the editor down
                outcome.error = f"{name}: {type(exc).__name__}: {exc}"
            outcome.seconds = time.perf_counter() - began
            report(outcome)
            if whole is None:
                continue
            # The local issues are shown first; the document-level rules follow.
            began = time.perf_counter()
            follow_up = CheckOutcome(request.version, name, [])
            try:
                follow_up.document_issues = whole(doc)
                follow_up.document_rule_ids = checker.document_rule_ids  # type: ignore[attr-defined]
            except Exception as exc:
                follow_up.error = f"{name}: {type(exc).__name__}: {exc}"
            follow_up.seconds = time.perf_counter() - began
            if follow_up.document_issues is not None or follow_up.error:
                report(follow_up)
        return outcomes

    def accept(self, outcome: CheckOutcome) -> bool:
        """Take a checker's outcome if the text has not changed since its request: the
        issues in the checked ranges are replaced, the rest are kept (spliced, not re-sorted:
        an article can have tens of thousands of issues)."""
        if outcome.version != self.version or outcome.error is not None:
            return False
        name = outcome.source
        issues = splice_issues(self.issues[name], outcome.ranges, outcome.issues)
        if outcome.document_issues is not None:
            issues = replace_rule_issues(issues, outcome.document_rule_ids, outcome.document_issues)
        self.issues[name] = issues
        self.dirty[name] = []
        return True

    def all_issues(self) -> list[Issue]:
        """Every checker's issues in document order, one issue per span."""
        own = self.issues.get("copydesk", [])
        extra = [i for name, found in self.issues.items() if name != "copydesk" for i in found]
        if not extra:
            return list(own)
        from copydesk.rules.languagetool_options import merge_issues

        return merge_issues(list(own), extra)
