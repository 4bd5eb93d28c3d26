"""`copydesk edit FILE|DIR [--ref REF ...] [--mt ORIGINAL]`: post-edit in a terminal UI.

Everything that can fail on bad input (the file, the references, the config, the rules) is
checked before the terminal is taken over, so a bad file gets one line and exit status 2,
never a traceback or a broken screen. Textual is imported only here, inside `run`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from copydesk.commands.common import add_rule_options, engine_from_args
from copydesk.errors import CopydeskError
from copydesk.rules import languagetool_options as lt


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "edit",
        help="post-edit a file in a terminal editor that flags issues as you type",
        description=(
            "Open FILE in an editor that marks every flagged span, lists the issues with "
            "their suggestions, and re-checks the paragraphs you change. With a folder, "
            "first pick one of its .txt/.md files. A FILE that does not exist opens empty "
            "and is created when you save. Keys: F1 in the editor."
        ),
        epilog="Exit status: 0 after a normal quit, 2 for usage, config or input errors.",
    )
    parser.add_argument("path", metavar="FILE|DIR", help="the file to edit, or a folder")
    parser.add_argument(
        "--ref",
        metavar="REF",
        action="append",
        default=[],
        help="reference translation, line-aligned with FILE (repeatable): shows a score bar",
    )
    parser.add_argument(
        "--mt",
        metavar="ORIGINAL",
        help="the original machine translation: the score bar shows the change against it",
    )
    add_rule_options(parser)
    lt.add_arguments(parser)
    parser.set_defaults(func=run)


def _warn_later(warnings: list[str]):  # noqa: ANN202
    def warn(message: str) -> None:
        warnings.append(message)

    return warn


def run(args: argparse.Namespace) -> int:
    from copydesk.editor.app import CopydeskEditor
    from copydesk.editor.recheck import EngineChecker, WholeDocumentChecker
    from copydesk.editor.scoring import LiveScorer
    from copydesk.editor.session import FileSession

    target = Path(args.path)
    session = None
    if target.is_dir():
        if args.ref or args.mt:
            raise CopydeskError("--ref and --mt need a FILE, not a folder")
    else:
        session = FileSession.open(target)

    scorer = None
    if args.ref:
        scorer = LiveScorer.from_files(args.ref, args.mt, target)
    elif args.mt:
        raise CopydeskError("--mt needs at least one --ref to score against")

    config, engine = engine_from_args(args)

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise CopydeskError("copydesk edit needs a terminal (stdin and stdout must be a tty)")

    warnings: list[str] = []
    with lt.open_backend(args, config, _warn_later(warnings)) as backend:

        def make_checkers() -> list:
            checkers: list = [EngineChecker(engine)]
            if backend is not None:
                checkers.append(WholeDocumentChecker(backend))
            return checkers

        app = CopydeskEditor(
            target,
            make_checkers,
            dict(engine.rules),
            scorer=scorer,
            session=session,
            startup_warnings=warnings,
        )
        result = app.run()
    return int(result or 0)
