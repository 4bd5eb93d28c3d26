"""Issues -> text, JSON, SARIF 2.1.0 or GitHub workflow commands.

JSON is the contract other tools rely on: `{"files": [{"path", "issues": [...]}], "summary"}`
with 0-based character offsets and 1-based line/column.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from typing import Any, TextIO

from copydesk import __version__
from copydesk.batch import FileResult
from copydesk.rules.model import Issue, Rule, Severity

_COLOURS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def summarize(results: list[FileResult]) -> dict[str, Any]:
    severities: Counter[str] = Counter()
    rules: Counter[str] = Counter()
    for result in results:
        for issue in result.issues:
            severities[str(issue.severity)] += 1
            rules[issue.rule] += 1
    checked = [r for r in results if not r.error and not r.skipped]
    return {
        "files_checked": len(checked),
        "files_with_issues": sum(1 for r in checked if r.issues),
        "input_errors": sum(1 for r in results if r.error),
        "skipped": sum(1 for r in results if r.skipped),
        "issues": sum(severities.values()),
        "error": severities["error"],
        "warning": severities["warning"],
        "info": severities["info"],
        "by_rule": dict(rules.most_common()),
    }


def issue_dict(issue: Issue, position: tuple[int, int, int, int]) -> dict[str, Any]:
    line, col, end_line, end_col = position
    return {
        "rule": issue.rule,
        "category": issue.category,
        "severity": str(issue.severity),
        "message": issue.message,
        "start": issue.start,
        "end": issue.end,
        "line": line,
        "column": col,
        "end_line": end_line,
        "end_column": end_col,
        "suggestions": list(issue.suggestions),
        "source": issue.source,
    }


def write_json(results: list[FileResult], out: TextIO) -> None:
    """One JSON object, written a file and an issue at a time, so that a file with hundreds
    of thousands of issues never exists as one giant string in memory."""
    dumps = json.JSONEncoder(ensure_ascii=False).encode  # the C encoder
    out.write('{"files": [')
    first = True
    for result in results:
        if result.skipped:
            continue
        if not first:
            out.write(", ")
        first = False
        out.write('{"path": ' + dumps(result.path))
        if result.error:
            out.write(', "error": ' + dumps(result.error))
        out.write(', "issues": [')
        for n, (issue, position) in enumerate(zip(result.issues, result.positions, strict=True)):
            if n:
                out.write(", ")
            out.write(dumps(issue_dict(issue, position)))
        out.write("]}")
    out.write('], "summary": ' + dumps(summarize(results)) + "}\n")


def describe_suggestion(issue: Issue, flagged: str | None) -> str:
    """` -> "fix"`, or ` ("flagged" -> "fix")` when the message does not quote the flagged
    text: a suggestion for part of a word (a quote mark and the letter after it) is
    meaningless without what it replaces."""
    if not issue.suggestions:
        return ""
    first = issue.suggestions[0]
    shown = f'"{first}"' if first else "(delete)"
    if flagged and f'"{flagged}"' not in issue.message:
        return f' ("{flagged}" -> {shown})'
    return f" -> {shown}"


def format_text_line(
    result: FileResult,
    issue: Issue,
    position: tuple[int, int, int, int],
    colour: bool,
    flagged: str | None = None,
) -> str:
    line, col, _, _ = position
    severity = str(issue.severity)
    suggestion = describe_suggestion(issue, flagged)
    if colour:
        c = _COLOURS[issue.severity]
        return (
            f"{_BOLD}{result.path}:{line}:{col}:{_RESET} {c}{severity}{_RESET} "
            f"{_BOLD}{issue.rule}{_RESET} {issue.message}{_DIM}{suggestion}{_RESET}"
        )
    return f"{result.path}:{line}:{col}: {severity} {issue.rule} {issue.message}{suggestion}"


def write_text(results: list[FileResult], out: TextIO, colour: bool) -> None:
    for result in results:
        flagged = result.flagged if len(result.flagged) == len(result.issues) else None
        for n, (issue, position) in enumerate(zip(result.issues, result.positions, strict=True)):
            text = flagged[n] if flagged else None
            out.write(format_text_line(result, issue, position, colour, text) + "\n")
    summary = summarize(results)
    parts = [f"{summary[k]} {k}" for k in ("error", "warning", "info") if summary[k]]
    detail = f" ({', '.join(parts)})" if parts else ""
    files = summary["files_checked"]
    noun = "file" if files == 1 else "files"
    out.write(f"Found {summary['issues']} issues{detail} in {files} {noun} checked.\n")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def write_github(results: list[FileResult], out: TextIO) -> None:
    """GitHub Actions workflow commands: annotations on the pull request."""
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    for result in results:
        if result.error:
            out.write(
                f"::error file={_escape_property(result.path)}::{_escape_data(result.error)}\n"
            )
        flagged = result.flagged if len(result.flagged) == len(result.issues) else None
        for n, (issue, (line, col, end_line, end_col)) in enumerate(
            zip(result.issues, result.positions, strict=True)
        ):
            props = (
                f"file={_escape_property(result.path)},line={line},col={col},"
                f"endLine={end_line},endColumn={end_col},title={_escape_property(issue.rule)}"
            )
            message = issue.message + describe_suggestion(issue, flagged[n] if flagged else None)
            out.write(f"::{level[issue.severity]} {props}::{_escape_data(message)}\n")


def sarif_log(results: list[FileResult], rules: Iterable[Rule]) -> dict[str, Any]:
    """A SARIF 2.1.0 log: one run, the rules with their help text in the tool component."""
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
    used: dict[str, Issue] = {}
    for result in results:
        for issue in result.issues:
            used.setdefault(issue.rule, issue)
    descriptors: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for rule in rules:
        index[rule.id] = len(descriptors)
        help_text = rule.why or rule.message
        descriptors.append(
            {
                "id": rule.id,
                "name": rule.id,
                "shortDescription": {
                    "text": rule.message.replace("{match}", "…").replace("{suggestion}", "…")
                },
                "fullDescription": {"text": help_text},
                "help": {"text": help_text},
                "defaultConfiguration": {"level": level[rule.severity]},
                "properties": {"category": rule.category, "pack": rule.pack},
            }
        )
    for rule_id, issue in used.items():  # rules from other checkers (LanguageTool)
        if rule_id not in index:
            index[rule_id] = len(descriptors)
            descriptors.append(
                {
                    "id": rule_id,
                    "name": rule_id,
                    "shortDescription": {"text": issue.message},
                    "defaultConfiguration": {"level": level[issue.severity]},
                    "properties": {"category": issue.category, "source": issue.source},
                }
            )
    sarif_results = []
    artifacts: list[dict[str, Any]] = []
    notifications = []
    for result in results:
        if result.error:
            notifications.append(
                {
                    "level": "error",
                    "message": {"text": result.error},
                    "locations": [
                        {"physicalLocation": {"artifactLocation": {"uri": _uri(result.path)}}}
                    ],
                }
            )
            continue
        if result.skipped:
            continue
        artifacts.append({"location": {"uri": _uri(result.path)}})
        for issue, (line, col, end_line, end_col) in zip(
            result.issues, result.positions, strict=True
        ):
            entry: dict[str, Any] = {
                "ruleId": issue.rule,
                "ruleIndex": index[issue.rule],
                "level": level[issue.severity],
                "message": {"text": issue.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": _uri(result.path)},
                            "region": {
                                "startLine": line,
                                "startColumn": col,
                                "endLine": end_line,
                                "endColumn": end_col,
                                "charOffset": issue.start,
                                "charLength": issue.end - issue.start,
                            },
                        }
                    }
                ],
                "properties": {"category": issue.category, "source": issue.source},
            }
            if issue.suggestions:
                entry["fixes"] = [
                    {
                        "description": {"text": f'Replace with "{issue.suggestions[0]}"'},
                        "artifactChanges": [
                            {
                                "artifactLocation": {"uri": _uri(result.path)},
                                "replacements": [
                                    {
                                        "deletedRegion": {
                                            "charOffset": issue.start,
                                            "charLength": issue.end - issue.start,
                                        },
                                        "insertedContent": {"text": issue.suggestions[0]},
                                    }
                                ],
                            }
                        ],
                    }
                ]
            sarif_results.append(entry)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "copydesk",
                "version": __version__,
                "informationUri": "https://github.com/copydesk/copydesk",
                "rules": descriptors,
            }
        },
        "columnKind": "unicodeCodePoints",
        "artifacts": artifacts,
        "results": sarif_results,
    }
    if notifications:
        run["invocations"] = [
            {"executionSuccessful": False, "toolExecutionNotifications": notifications}
        ]
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def _uri(path: str) -> str:
    from urllib.parse import quote

    return quote(path.replace("\\", "/"))


def write_sarif(results: list[FileResult], rules: Iterable[Rule], out: TextIO) -> None:
    out.write(json.dumps(sarif_log(results, rules), ensure_ascii=False, indent=2))
    out.write("\n")
