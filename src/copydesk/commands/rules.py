"""`copydesk rules`: list the rules, show one, or test a pack's examples."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "rules",
        help="list, show or test rules",
        description=(
            "copydesk rules               list every rule (id, category, severity, pack)\n"
            "copydesk rules show ID       message, why, suggestions and examples of one rule\n"
            "copydesk rules test [DIR]    run the examples of the packs in DIR (default: built-in)"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("action", nargs="?", choices=("list", "show", "test"), default="list")
    parser.add_argument("target", nargs="?", help="rule id for show; pack folder for test")
    parser.add_argument("--config", metavar="PATH", help="config file (its packs are listed too)")
    parser.add_argument("--profile", metavar="NAME", action="append", default=[])
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from copydesk.config import load_config
    from copydesk.rules.engine import rule_folders
    from copydesk.rules.loader import load_rules

    if args.action == "test":
        return _test(args)
    config = load_config(args.config)
    rules = load_rules(rule_folders(config))
    if args.action == "show":
        if not args.target:
            sys.stderr.write("copydesk: error: rules show needs a rule id\n")
            return 2
        matches = [r for r in rules if r.id.upper() == args.target.upper()]
        if not matches:
            sys.stderr.write(f"copydesk: error: no rule {args.target!r} (see `copydesk rules`)\n")
            return 2
        _show(matches[0])
        return 0
    if args.format == "json":
        import json

        json.dump(
            [
                {
                    "id": r.id,
                    "category": r.category,
                    "severity": str(r.severity),
                    "pack": r.pack,
                    "profile": r.extra.get("profile"),
                    "message": r.message,
                }
                for r in rules
            ],
            sys.stdout,
            indent=1,
        )
        sys.stdout.write("\n")
        return 0
    width = max((len(r.id) for r in rules), default=4)
    cat_width = max((len(r.category) for r in rules), default=8)
    sys.stdout.write(f"{'RULE':<{width}}  {'CATEGORY':<{cat_width}}  SEVERITY  PACK\n")
    for r in rules:
        profile = f" (profile {r.extra['profile']})" if "profile" in r.extra else ""
        sys.stdout.write(
            f"{r.id:<{width}}  {r.category:<{cat_width}}  {str(r.severity):<8}  {r.pack}{profile}\n"
        )
    sys.stdout.write(f"{len(rules)} rules\n")
    return 0


def _show(rule) -> None:  # noqa: ANN001
    out = sys.stdout
    out.write(f"{rule.id}  ({rule.category}, {rule.severity}, pack {rule.pack})\n\n")
    out.write(f"{rule.message}\n")
    if rule.why:
        out.write(f"\nWhy: {rule.why}\n")
    if rule.extra.get("source"):
        out.write(f"Source: {rule.extra['source']}\n")
    if rule.matcher == "phrases":
        swap = rule.extra.get("swap")
        if swap:
            out.write("\nReplacements:\n")
            for phrase, replacements in swap.items():
                out.write(f"  {phrase} -> {' | '.join(replacements)}\n")
        else:
            out.write("\nPhrases: " + "; ".join(rule.phrases) + "\n")
    elif rule.pattern:
        out.write(f"\nPattern: {rule.pattern}\n")
    if rule.suggest:
        out.write("Suggestions: " + " | ".join(rule.suggest) + "\n")
    out.write(f"Fix: {'safe (applied by copydesk fix)' if rule.safe else 'needs --unsafe'}\n")
    bad = [e for e in rule.examples if e.bad]
    good = [e for e in rule.examples if not e.bad]
    if bad:
        out.write("\nFlagged:\n")
        for e in bad:
            out.write(f"  - {e.text}\n")
            if e.expected:
                out.write(f"    -> {e.expected}\n")
    if good:
        out.write("\nNot flagged:\n")
        for e in good:
            out.write(f"  - {e.text}\n")


def _test(args: argparse.Namespace) -> int:
    from copydesk.rules.examples import run_examples
    from copydesk.rules.loader import BUILTIN_PACKS, load_rules

    folder = Path(args.target) if args.target else BUILTIN_PACKS
    rules = load_rules([folder])
    failures = run_examples(rules)
    total = sum(len(r.examples) for r in rules)
    for failure in failures:
        sys.stdout.write(f"FAIL {failure}\n")
    sys.stdout.write(
        f"{total - len(failures)} passed, {len(failures)} failed ({len(rules)} rules in {folder})\n"
    )
    return 1 if failures else 0
