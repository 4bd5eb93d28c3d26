"""Which files `copydesk check PATH...` looks at.

Folders are walked recursively: text and Markdown files by default (`--include` globs
replace that), `--exclude` and config globs drop files, hidden folders and files matched by
a `.gitignore` are skipped. A file named explicitly is always checked.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from pathlib import Path

from copydesk.document import TEXT_SUFFIXES

DEFAULT_INCLUDE = ("*.txt", "*.md", "*.markdown")


@dataclass(frozen=True)
class FileTask:
    """One file to check; `explicit` when the user named it (then binary is an error)."""

    path: str
    explicit: bool


class _GitIgnore:
    """The patterns of one .gitignore file (enough of gitignore(5) for article folders)."""

    def __init__(self, folder: Path, lines: list[str]) -> None:
        self.folder = folder
        self.rules: list[tuple[str, bool, bool, bool]] = []  # pattern, negate, dir_only, anchored
        for raw in lines:
            line = raw.rstrip("\n").rstrip()
            if not line or line.startswith("#"):
                continue
            negate = line.startswith("!")
            if negate:
                line = line[1:]
            dir_only = line.endswith("/")
            line = line.rstrip("/")
            anchored = "/" in line
            self.rules.append((line.lstrip("/"), negate, dir_only, anchored))

    def match(self, path: Path, is_dir: bool) -> bool | None:
        """True ignored, False re-included, None no opinion."""
        try:
            relative = path.relative_to(self.folder).as_posix()
        except ValueError:
            return None
        verdict: bool | None = None
        for pattern, negate, dir_only, anchored in self.rules:
            if dir_only and not is_dir:
                continue
            target = relative if anchored else path.name
            if fnmatch.fnmatchcase(target, pattern) or (
                anchored and fnmatch.fnmatchcase(relative, pattern + "/*")
            ):
                verdict = not negate
        return verdict


def _read_gitignore(folder: Path) -> _GitIgnore | None:
    path = folder / ".gitignore"
    try:
        return _GitIgnore(folder, path.read_text(encoding="utf-8", errors="replace").splitlines())
    except OSError:
        return None


def _matches_any(relative: str, name: str, patterns: tuple[str, ...] | list[str]) -> bool:
    for pattern in patterns:
        if fnmatch.fnmatch(name, pattern) or fnmatch.fnmatch(relative, pattern):
            return True
        if pattern.endswith("/**") and (relative + "/").startswith(pattern[:-2]):
            return True
    return False


def discover(
    paths: list[str],
    include: list[str] | None = None,
    exclude: list[str] | None = None,
) -> tuple[list[FileTask], list[str]]:
    """Files to check and the paths that do not exist (reported as input errors)."""
    tasks: list[FileTask] = []
    missing: list[str] = []
    seen: set[str] = set()
    includes = tuple(include) if include else DEFAULT_INCLUDE  # identity marks the default
    excludes = list(exclude or [])
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            missing.append(raw)
            continue
        if not path.is_dir():
            if raw not in seen:
                seen.add(raw)
                tasks.append(FileTask(raw, explicit=True))
            continue
        for file in _walk(path, includes, excludes):
            if file not in seen:
                seen.add(file)
                tasks.append(FileTask(file, explicit=False))
    return tasks, missing


def text_files_under(root: Path, respect_gitignore: bool = True) -> list[Path]:
    """The text and Markdown files below `root`, hidden folders and files skipped, in walk
    order (a folder's files, then its sub-folders). The one walker that `check`, `score`
    and the editor's folder picker share."""
    return [Path(p) for p in _walk(root, DEFAULT_INCLUDE, [], respect_gitignore)]


def _walk(
    root: Path, includes: tuple[str, ...], excludes: list[str], respect_gitignore: bool = True
) -> list[str]:
    found: list[str] = []
    ignores: dict[Path, list[_GitIgnore]] = {}
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        parent_rules = ignores.get(here.parent, []) if here != root else []
        rules = list(parent_rules)
        own = _read_gitignore(here) if respect_gitignore else None
        if own:
            rules.append(own)
        ignores[here] = rules

        def ignored(path: Path, is_dir: bool, rules: list[_GitIgnore] = rules) -> bool:
            verdict = False
            for rule in rules:
                result = rule.match(path, is_dir)
                if result is not None:
                    verdict = result
            return verdict

        kept_dirs = []
        for name in sorted(dirs):
            sub = here / name
            relative = sub.relative_to(root).as_posix()
            if name.startswith(".") or ignored(sub, True) or _matches_any(relative, name, excludes):
                continue
            kept_dirs.append(name)
        dirs[:] = kept_dirs
        for name in sorted(files):
            file = here / name
            relative = file.relative_to(root).as_posix()
            if name.startswith("."):
                continue
            if includes is DEFAULT_INCLUDE:
                if file.suffix.lower() not in TEXT_SUFFIXES:  # README.MD counts too
                    continue
            elif not _matches_any(relative, name, includes):
                continue
            if _matches_any(relative, name, excludes) or ignored(file, False):
                continue
            found.append(str(file))
    return found
