"""The one vocabulary every room speaks: severities, rules, issues and suggestions.

Issues store character offsets into the decoded text only; line and column are derived
from a `Document` when they are needed, so they can never disagree with the offsets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any


class Severity(IntEnum):
    """Ordered so that `severity >= threshold` reads naturally."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, name: str) -> Severity:
        try:
            return cls[name.strip().upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {name!r} (expected error, warning or info)"
            ) from None

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Example:
    """A rule's own test: a `bad` text that must be flagged (optionally with the text it
    should be rewritten to), or a `good` text that must not be."""

    text: str
    bad: bool
    expected: str | None = None


@dataclass
class Rule:
    """One rule of a pack. `matcher` says which engine component runs it:
    `phrases`, `regex`, `sentence-length` or `consistency`."""

    id: str
    category: str
    severity: Severity
    message: str
    matcher: str
    pack: str = ""
    why: str = ""
    phrases: list[str] = field(default_factory=list)
    pattern: str | None = None
    case_sensitive: bool = False
    suggest: list[str] = field(default_factory=list)
    safe: bool = False
    inflect: bool = True
    max_words: int | None = None
    variants: list[list[str]] = field(default_factory=list)
    examples: list[Example] = field(default_factory=list)
    source_file: str = ""
    source_line: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Issue:
    """A flagged span: [start, end) character offsets into the decoded document text.

    Slotted: a large file can carry hundreds of thousands of issues."""

    rule: str
    category: str
    severity: Severity
    message: str
    start: int
    end: int
    suggestions: list[str] = field(default_factory=list)
    source: str = "copydesk"
    safe: bool = False

    def shifted(self, delta: int) -> Issue:
        """The same issue moved by `delta` characters (used when text before it changes)."""
        return Issue(
            self.rule,
            self.category,
            self.severity,
            self.message,
            self.start + delta,
            self.end + delta,
            list(self.suggestions),
            self.source,
            self.safe,
        )

    def sort_key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.rule)
