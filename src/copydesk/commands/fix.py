"""`copydesk fix PATH...`: apply the safe suggestions (all of them with --unsafe)."""

from __future__ import annotations

import argparse
import difflib
import sys

from copydesk.commands.common import add_rule_options, engine_from_args, warn
from copydesk.rules import languagetool_options as lt


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "fix",
        help="apply suggested rewrites to files",
        description=(
            "Apply the first suggestion of every issue whose rule marks its rewrite as safe "
            "(punctuation spacing, full-width marks, official names); --unsafe applies every "
            "rule's first suggestion. Files are written atomically, keeping encoding, BOM, "
            "line endings and mode; running fix twice changes nothing the second time."
        ),
        epilog="Exit status: 0 done, 1 with --diff when there are changes, 2 on input errors.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    parser.add_argument(
        "--diff", action="store_true", help="print a unified diff instead of writing"
    )
    parser.add_argument("--unsafe", action="store_true", help="also apply rewrites not marked safe")
    parser.add_argument("--include", metavar="GLOB", action="append", default=[])
    parser.add_argument("--exclude", metavar="GLOB", action="append", default=[])
    add_rule_options(parser)
    lt.add_arguments(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from copydesk.document import Document, read_document
    from copydesk.errors import InputError
    from copydesk.files import discover
    from copydesk.rules.fix import atomic_write, fix_text

    config, engine = engine_from_args(args)
    tasks, missing = discover(
        args.paths, args.include or config.include or None, list(config.exclude) + args.exclude
    )
    status = 0
    for path in missing:
        sys.stderr.write(f"copydesk: error: {path}: no such file or folder\n")
        status = 2
    changed_files = 0
    with lt.open_backend(args, config, warn=warn) as backend:
        for task in tasks:
            try:
                doc = read_document(task.path)
            except InputError as exc:
                if not task.explicit and exc.reason.startswith("binary file"):
                    continue
                sys.stderr.write(f"copydesk: error: {exc}\n")
                status = 2
                continue

            def check(text: str, doc: Document = doc) -> list:
                current = Document.from_text(text, path=doc.path, encoding=doc.encoding)
                issues = engine.check(current)
                if backend is not None:
                    issues = lt.merge_issues(issues, backend.check(current) or [])
                return issues

            fixed = fix_text(doc.text, check, unsafe=args.unsafe)
            if fixed == doc.text:
                continue
            changed_files += 1
            if args.diff:
                diff = difflib.unified_diff(
                    doc.text.splitlines(keepends=True),
                    fixed.splitlines(keepends=True),
                    fromfile=f"a/{task.path}",
                    tofile=f"b/{task.path}",
                )
                sys.stdout.writelines(line if line.endswith("\n") else line + "\n" for line in diff)
            else:
                try:
                    atomic_write(task.path, fixed, doc.encoding)
                except OSError as exc:
                    sys.stderr.write(
                        f"copydesk: error: {task.path}: cannot write: {exc.strerror or exc}\n"
                    )
                    status = 2
                    continue
                sys.stderr.write(f"fixed {task.path}\n")
    if not args.diff:
        sys.stderr.write(f"{changed_files} file{'s' if changed_files != 1 else ''} changed\n")
    if status:
        return status
    return 1 if args.diff and changed_files else 0
