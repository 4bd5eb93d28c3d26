"""The `--languagetool` option shared by check, fix and edit, and opening the backend.

Stub until the LanguageTool backend lands: the option exists and the backend is always off.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from copydesk.document import Document
from copydesk.rules.model import Issue


class IssueChecker(Protocol):
    """A second checker: one call per document, issues in the document's own offsets."""

    def check(self, doc: Document) -> list[Issue]: ...


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--languagetool",
        metavar="MODE",
        default=None,
        help="LanguageTool as a second checker: off, auto (default), local or a server URL",
    )


@contextmanager
def open_backend(
    args: argparse.Namespace, config: Any, warn: Callable[[str], None]
) -> Iterator[IssueChecker | None]:
    """Yield a started backend, or None when LanguageTool is off or unavailable."""
    yield None


def merge_issues(own: list[Issue], extra: list[Issue]) -> list[Issue]:
    """copydesk's issues plus a second checker's, one issue per span."""
    return sorted(own + extra, key=Issue.sort_key)
