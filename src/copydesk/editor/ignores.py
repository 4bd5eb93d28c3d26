"""What the user chose to ignore in this editing session (never written anywhere).

An ignored issue is remembered by rule and span; the span moves with edits like an issue
does, so the same flag found again by a re-check of its paragraph stays hidden.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from copydesk.editor.textedit import TextEdit, shift_span
from copydesk.rules.model import Issue


@dataclass
class SessionIgnores:
    rules: set[str] = field(default_factory=set)
    spans: set[tuple[str, int, int]] = field(default_factory=set)

    def ignore_issue(self, issue: Issue) -> None:
        self.spans.add((issue.rule, issue.start, issue.end))

    def ignore_rule(self, rule: str) -> None:
        self.rules.add(rule)

    def allows(self, issue: Issue) -> bool:
        return (
            issue.rule not in self.rules and (issue.rule, issue.start, issue.end) not in self.spans
        )

    def visible(self, issues: list[Issue]) -> list[Issue]:
        if not self.rules and not self.spans:
            return issues
        return [issue for issue in issues if self.allows(issue)]

    def note_edit(self, edit: TextEdit) -> None:
        """Move ignored spans with the text; a span the edit cut into is forgotten."""
        moved: set[tuple[str, int, int]] = set()
        for rule, start, end in self.spans:
            span = shift_span(start, end, edit)
            if span is not None:
                moved.add((rule, *span))
        self.spans = moved
