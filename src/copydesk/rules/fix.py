"""Apply suggestions to text, and write files atomically.

A user's file is written only on an explicit fix or save: to a temporary file in the same
folder, flushed, given the original's mode, then renamed over the original, so a crash or a
full disk never leaves half a file.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from copydesk.document import TextEncoding
from copydesk.errors import CopydeskError
from copydesk.rules.model import Issue

MAX_PASSES = 10


class FileChangedError(CopydeskError):
    """The file on disk changed since it was read; refusing to overwrite it silently."""


def fixable(issue: Issue, unsafe: bool) -> bool:
    return bool(issue.suggestions) and (issue.safe or unsafe)


def apply_suggestions(text: str, issues: list[Issue], unsafe: bool = False) -> str:
    """Replace each fixable issue's span by its first suggestion. Overlapping issues are
    applied first-come (by start offset); the later ones are left for the user."""
    chosen: list[Issue] = []
    last_end = -1
    for issue in sorted(issues, key=lambda i: (i.start, -(i.end - i.start))):
        if not fixable(issue, unsafe) or issue.start < last_end:
            continue
        if issue.start == issue.end and chosen and chosen[-1].end == issue.start:
            continue
        chosen.append(issue)
        last_end = max(issue.end, issue.start + 1 if issue.start == issue.end else issue.end)
    parts: list[str] = []
    pos = 0
    for issue in chosen:
        parts.append(text[pos : issue.start])
        parts.append(issue.suggestions[0])
        pos = issue.end
    parts.append(text[pos:])
    return "".join(parts)


def fix_text(text: str, check: Callable[[str], list[Issue]], unsafe: bool = False) -> str:
    """Apply fixes until nothing more changes, so that a second `copydesk fix` is a no-op."""
    for _ in range(MAX_PASSES):
        fixed = apply_suggestions(text, check(text), unsafe)
        if fixed == text:
            break
        text = fixed
    return text


def file_fingerprint(path: str | Path) -> tuple[int, int] | None:
    """(mtime_ns, size) of a file, or None when it does not exist: enough to notice that
    someone else changed it."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


def atomic_write(path: str | Path, text: str, encoding: TextEncoding) -> None:
    """Write `text` with the file's own encoding, BOM and mode, atomically."""
    target = Path(path)
    data = encoding.encode(text)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
