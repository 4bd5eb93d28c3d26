"""Check many files, in parallel across cores, and collect one result per file.

Workers receive the compiled engine once (it pickles) and send back plain results; one bad
file becomes an error result and never stops the others.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from copydesk.document import Document, read_document
from copydesk.errors import InputError
from copydesk.files import FileTask
from copydesk.rules.engine import Engine
from copydesk.rules.model import Issue

PARALLEL_MIN_FILES = 8


@dataclass
class FileResult:
    """What checking one file gave: issues with their positions, or an error."""

    path: str
    issues: list[Issue] = field(default_factory=list)
    positions: list[tuple[int, int, int, int]] = field(default_factory=list)
    error: str | None = None
    skipped: bool = False
    size: int = 0
    flagged: list[str] = field(default_factory=list)  # each issue's text, for text output


def positions_of(doc: Document, issues: list[Issue]) -> list[tuple[int, int, int, int]]:
    out = []
    for issue in issues:
        line, col = doc.line_col(issue.start)
        end_line, end_col = doc.line_col(issue.end)
        out.append((line, col, end_line, end_col))
    return out


def flagged_texts(doc: Document, issues: list[Issue], limit: int = 40) -> list[str]:
    """The text each issue flags, shortened, so a report can show what a suggestion replaces."""
    out = []
    for issue in issues:
        text = doc.text[issue.start : issue.end]
        out.append(text if len(text) <= limit else text[: limit - 1] + "…")
    return out


def check_file(engine: Engine, task: FileTask) -> FileResult:
    try:
        doc = read_document(task.path)
    except InputError as exc:
        if not task.explicit and exc.reason.startswith("binary file"):
            return FileResult(task.path, skipped=True)
        return FileResult(task.path, error=str(exc))
    except Exception as exc:  # a bug must not lose the other files' results
        return FileResult(task.path, error=f"{task.path}: internal error: {exc!r}")
    issues = engine.check(doc)
    return FileResult(
        task.path,
        issues,
        positions_of(doc, issues),
        size=len(doc.text),
        flagged=flagged_texts(doc, issues),
    )


_worker_engine: Engine | None = None


def _init_worker(engine: Engine) -> None:
    global _worker_engine
    _worker_engine = engine


def _work(task: FileTask) -> FileResult:
    assert _worker_engine is not None
    return check_file(_worker_engine, task)


def default_jobs() -> int:
    return max(
        1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    )


def check_files(
    engine: Engine,
    tasks: list[FileTask],
    jobs: int | None = None,
    on_done: Callable[[FileResult], None] | None = None,
) -> list[FileResult]:
    """Results in the order of `tasks`."""
    jobs = jobs or default_jobs()
    results: list[FileResult] = []

    def collect(stream: Iterator[FileResult]) -> None:
        for result in stream:
            results.append(result)
            if on_done:
                on_done(result)

    if jobs <= 1 or len(tasks) < PARALLEL_MIN_FILES:
        collect(check_file(engine, task) for task in tasks)
        return results
    chunksize = max(1, min(64, len(tasks) // (jobs * 8)))
    with ProcessPoolExecutor(
        max_workers=jobs, initializer=_init_worker, initargs=(engine,)
    ) as pool:
        collect(pool.map(_work, tasks, chunksize=chunksize))
    return results
