"""`copydesk check PATH...`: flag translationese in files and folders (also the CI lint)."""

from __future__ import annotations

import argparse
import sys

from copydesk.commands.common import add_rule_options, engine_from_args, warn
from copydesk.rules import languagetool_options as lt
from copydesk.rules.model import Severity

FORMATS = ("text", "json", "sarif", "github")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "check",
        help="flag translationese in files and folders",
        description=(
            "Check .txt and .md files (folders recursively; hidden folders, .gitignored and "
            "binary files skipped) and report every flagged span."
        ),
        epilog=(
            "Exit status: 0 when no issue is at or above --fail-on, 1 when one is, "
            "2 for usage, config or input errors (the other files are still checked)."
        ),
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    parser.add_argument(
        "--format", choices=FORMATS, default="text", help="output format (default: text)"
    )
    parser.add_argument(
        "--fail-on",
        choices=("error", "warning", "info", "never"),
        default=None,
        help="lowest severity that makes the exit status 1 (default: warning)",
    )
    parser.add_argument(
        "--include",
        metavar="GLOB",
        action="append",
        default=[],
        help="files to check inside folders (default: *.txt *.md *.markdown)",
    )
    parser.add_argument(
        "--exclude",
        metavar="GLOB",
        action="append",
        default=[],
        help="files or folders to skip (repeatable)",
    )
    parser.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=None,
        metavar="N",
        help="worker processes (default: one per core)",
    )
    parser.add_argument(
        "--no-progress", action="store_true", help="no progress bar or summary table on a terminal"
    )
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour, progress bar and summary table: auto (only on a terminal), always, never",
    )
    add_rule_options(parser)
    lt.add_arguments(parser)
    parser.set_defaults(func=run)


def fail_threshold(args: argparse.Namespace, config_fail_on: Severity | None) -> Severity | None:
    if args.fail_on == "never":
        return None
    if args.fail_on:
        return Severity.parse(args.fail_on)
    return config_fail_on or Severity.WARNING


def run(args: argparse.Namespace) -> int:
    from copydesk.batch import FileResult, check_files, flagged_texts, positions_of
    from copydesk.document import read_document
    from copydesk.files import discover

    config, engine = engine_from_args(args)
    include = args.include or config.include or None
    tasks, missing = discover(args.paths, include, list(config.exclude) + args.exclude)
    out = sys.stdout
    terminal = {"always": True, "never": False}.get(args.color, out.isatty())
    tty = terminal and args.format == "text"
    show_progress = (
        not args.no_progress
        and len(tasks) > 1
        and {"always": True, "never": False}.get(args.color, sys.stderr.isatty())
    )
    if not tasks and not missing:
        warn("no text or Markdown files found in " + ", ".join(args.paths))

    if show_progress:
        results = _with_progress(engine, tasks, args.jobs)
    else:
        results = check_files(engine, tasks, args.jobs)
    results = [
        FileResult(path, error=f"{path}: no such file or folder") for path in missing
    ] + results

    with lt.open_backend(args, config, warn=warn) as backend:
        if backend is not None:
            for result in results:
                if result.error or result.skipped:
                    continue
                doc = read_document(result.path)
                extra = backend.check(doc) or []
                merged = lt.merge_issues(result.issues, extra)
                result.issues = merged
                result.positions = positions_of(doc, merged)
                result.flagged = flagged_texts(doc, merged)

    for result in results:
        if result.error:
            sys.stderr.write(f"copydesk: error: {result.error}\n")
    from copydesk import report

    if args.format == "json":
        report.write_json(results, out)
    elif args.format == "sarif":
        report.write_sarif(results, engine.rules.values(), out)
    elif args.format == "github":
        report.write_github(results, out)
    else:
        report.write_text(results, out, colour=tty)
        if tty and not args.no_progress:
            _summary_table(results)
    out.flush()

    if any(r.error for r in results):
        return 2
    threshold = fail_threshold(args, config.fail_on)
    if threshold is not None and any(i.severity >= threshold for r in results for i in r.issues):
        return 1
    return 0


def _with_progress(engine, tasks, jobs):  # noqa: ANN001, ANN202
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from copydesk.batch import check_files

    with Progress(
        TextColumn("checking"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=True,
        console=_stderr_console(),
    ) as progress:
        bar = progress.add_task("files", total=len(tasks))
        return check_files(engine, tasks, jobs, on_done=lambda _r: progress.advance(bar))


def _stderr_console():  # noqa: ANN202
    from rich.console import Console

    return Console(file=sys.stderr, force_terminal=True)


def _summary_table(results) -> None:  # noqa: ANN001
    from rich.console import Console
    from rich.table import Table

    from copydesk.report import summarize

    summary = summarize(results)
    if not summary["issues"]:
        return
    console = Console(file=sys.stdout, force_terminal=True)
    table = Table(title="Issues by severity", show_edge=False)
    table.add_column("severity")
    table.add_column("count", justify="right")
    for key in ("error", "warning", "info"):
        table.add_row(key, str(summary[key]))
    rules = Table(title="Most frequent rules", show_edge=False)
    rules.add_column("rule")
    rules.add_column("count", justify="right")
    for rule, count in list(summary["by_rule"].items())[:10]:
        rules.add_row(rule, str(count))
    console.print(table)
    console.print(rules)
