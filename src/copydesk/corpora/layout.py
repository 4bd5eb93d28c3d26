"""Which files make up each document to score, from what the user named on the command line.

Three shapes are accepted:

* a revision file with `--ref FILE` (and optionally `--mt FILE`): one document;
* a revision folder with `--ref FOLDER` (and optionally `--mt FOLDER`): documents paired by
  relative path (`*.txt`, `*.md`, `*.markdown`);
* a corpus folder alone: every folder inside it (or the folder itself) that holds `rev.*`,
  `ref*.*` and optionally `mt.*` and `source.*` is one document.

A problem that spoils only one document (its reference is missing, say) is collected in
`Layout.problems` so the other documents are still scored; a problem that spoils the whole
run (the revision does not exist, the same reference twice) raises at once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from copydesk.document import TEXT_SUFFIXES
from copydesk.errors import CopydeskError, InputError
from copydesk.files import text_files_under


@dataclass(frozen=True)
class DocumentFiles:
    """The files of one document: the revision to score, its references, the original MT."""

    name: str
    revision: Path
    references: tuple[Path, ...]
    mt: Path | None = None
    source: Path | None = None


@dataclass
class Layout:
    documents: list[DocumentFiles] = field(default_factory=list)
    problems: list[CopydeskError] = field(default_factory=list)


def _is_text_file(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in TEXT_SUFFIXES


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def _check_distinct_references(references: list[str]) -> None:
    for i, first in enumerate(references):
        for second in references[i + 1 :]:
            if _same_file(Path(first), Path(second)):
                same = "" if first == second else f" ({first} and {second} are the same file)"
                raise CopydeskError(
                    f"--ref {second} is given twice{same}; each reference must be a different file"
                )


def _require(path: str, what: str) -> Path:
    p = Path(path)
    if not p.exists():
        raise InputError(path, f"no such file or folder ({what})")
    return p


def find_documents(revision: str, references: list[str], mt: str | None = None) -> Layout:
    """Resolve command-line paths into documents; see the module docstring for the shapes."""
    rev = _require(revision, "the revision to score")
    ref_paths = [_require(r, "reference") for r in references]
    mt_path = _require(mt, "original MT") if mt else None
    _check_distinct_references(references)
    if rev.is_file():
        return _file_layout(rev, ref_paths, mt_path)
    if not references:
        if mt_path is not None:
            raise CopydeskError(
                f"--mt cannot be used with the corpus folder {rev}: each document folder "
                "holds its own mt.* file (or give --ref to pair folders by file name)"
            )
        return corpus_layout(rev)
    return _folder_layout(rev, ref_paths, mt_path)


def _file_layout(rev: Path, refs: list[Path], mt: Path | None) -> Layout:
    if not refs:
        raise CopydeskError(
            f"{rev}: give at least one --ref REFERENCE to score it against "
            "(or name a corpus folder holding rev.*, ref*.* and mt.* files)"
        )
    for path in [*refs, *([mt] if mt else [])]:
        if path.is_dir():
            raise InputError(str(path), f"is a folder, but the revision {rev} is a file")
    return Layout([DocumentFiles(str(rev), rev, tuple(refs), mt)])


def _text_files_under(root: Path) -> list[Path]:
    # A reference or MT folder is often kept out of git: pair every text file, ignored or not.
    return text_files_under(root, respect_gitignore=False)


def _folder_layout(rev: Path, refs: list[Path], mt: Path | None) -> Layout:
    for path in [*refs, *([mt] if mt else [])]:
        if path.is_file():
            raise InputError(str(path), f"is a file, but the revision {rev} is a folder")
    files = _text_files_under(rev)
    if not files:
        raise InputError(str(rev), "no .txt, .md or .markdown files in this folder")
    layout = Layout()
    for path in files:
        relative = path.relative_to(rev)
        doc_refs = [ref / relative for ref in refs]
        missing = [p for p in doc_refs if not p.is_file()]
        doc_mt = mt / relative if mt else None
        if doc_mt is not None and not doc_mt.is_file():
            missing.append(doc_mt)
        if missing:
            for p in missing:
                role = "original MT" if p == doc_mt else "reference"
                layout.problems.append(
                    InputError(str(p), f"no such file: the {role} for {path} is missing")
                )
            continue
        layout.documents.append(DocumentFiles(str(relative), path, tuple(doc_refs), doc_mt))
    return layout


def _role_files(folder: Path) -> dict[str, list[Path]]:
    roles: dict[str, list[Path]] = {"rev": [], "ref": [], "mt": [], "source": []}
    for path in sorted(folder.iterdir()):
        if not _is_text_file(path) or path.name.startswith("."):
            continue
        stem = path.stem.lower()
        if stem in ("rev", "mt", "source"):
            roles[stem].append(path)
        elif stem.startswith("ref"):
            roles["ref"].append(path)
    return roles


def _is_document_folder(folder: Path) -> bool:
    roles = _role_files(folder)
    return bool(roles["rev"] or roles["ref"] or roles["mt"])


def corpus_layout(root: Path) -> Layout:
    """Documents of a corpus folder: `root` itself, or every folder below it, holding
    `rev.*`, `ref*.*` and optional `mt.*` and `source.*` text files."""
    folders: list[Path] = []
    if _is_document_folder(root):
        folders.append(root)
    else:
        for folder, dirs, _files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            here = Path(folder)
            if here != root and _is_document_folder(here):
                folders.append(here)
                dirs[:] = []
    if not folders:
        raise InputError(
            str(root),
            "no documents found: expected folders holding rev.*, ref*.* and mt.* files "
            "(or give --ref to pair a revision folder with a reference folder)",
        )
    layout = Layout()
    for folder in folders:
        name = folder.name if folder == root else str(folder.relative_to(root))
        try:
            layout.documents.append(_document_in(folder, name))
        except CopydeskError as exc:
            layout.problems.append(exc)
    return layout


def _document_in(folder: Path, name: str) -> DocumentFiles:
    roles = _role_files(folder)
    for role in ("rev", "mt", "source"):
        if len(roles[role]) > 1:
            listing = ", ".join(p.name for p in roles[role])
            raise InputError(str(folder), f"more than one {role}.* file ({listing}); keep one")
    if not roles["rev"]:
        hint = ""
        if roles["mt"] and roles["ref"]:
            hint = (
                f"; to score the MT alone run: copydesk score {roles['mt'][0]} "
                f"--ref {roles['ref'][0]}"
            )
        raise InputError(str(folder), f"no rev.* file (the revision to score){hint}")
    if not roles["ref"]:
        raise InputError(str(folder), "no ref*.* file (a reference to score against)")
    return DocumentFiles(
        name,
        roles["rev"][0],
        tuple(roles["ref"]),
        roles["mt"][0] if roles["mt"] else None,
        roles["source"][0] if roles["source"] else None,
    )
