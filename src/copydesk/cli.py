"""The `copydesk` command: parse arguments and hand over to one command module.

Thin on purpose. Each command lives in `copydesk.commands.<name>` with `register(subparsers)`
and `run(args) -> int`; command modules import heavy libraries (Textual, sacrebleu,
language-tool-python) inside `run`, so `copydesk check` starts fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from copydesk import __version__
from copydesk.errors import CopydeskError

COMMANDS = ("check", "fix", "rules", "score", "edit", "languagetool")

EXIT_CLEAN, EXIT_ISSUES, EXIT_ERROR = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse that exits with status 2 and one line, as every copydesk error does."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"copydesk: error: {message}\n")
        raise SystemExit(EXIT_ERROR)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="copydesk",
        description=(
            "A copy desk for English text that came out of machine translation: flags "
            "translationese, suggests rewrites, scores revisions against references."
        ),
        epilog="Exit status: 0 clean, 1 issues at or above --fail-on, 2 usage, config or input error.",
    )
    parser.add_argument("--version", action="version", version=f"copydesk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        module = importlib.import_module(f"copydesk.commands.{name}")
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_ERROR
    try:
        return int(args.func(args))
    except CopydeskError as exc:
        sys.stderr.write(f"copydesk: error: {exc}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("copydesk: interrupted\n")
        return 130
    except BrokenPipeError:
        return EXIT_CLEAN


if __name__ == "__main__":
    sys.exit(main())
