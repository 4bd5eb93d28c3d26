"""Write docs/rules.md, the catalogue of the built-in rules, from the packs themselves.

usage: python docs/make_rules_doc.py [--check]

The packs are the source of truth; this page is generated so that it cannot drift from them
(`--check` exits 1 when the page is out of date; a test runs it).
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

from copydesk.rules.loader import BUILTIN_PACKS, load_rules

OUT = Path(__file__).resolve().parent / "rules.md"


def _one_line(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def render() -> str:
    rules = load_rules([BUILTIN_PACKS])
    by_pack = defaultdict(list)
    for rule in rules:
        by_pack[rule.pack].append(rule)
    glossary = sum(len(r.extra.get("swap_all", {})) or len(r.phrases) for r in by_pack["names"])
    lines = [
        "# Built-in rules",
        "",
        "Generated from `src/copydesk/rules/packs/*.yaml` by `python docs/make_rules_doc.py`;",
        "do not edit by hand. `copydesk rules show ID` prints a rule with its examples.",
        "",
        f"{len(rules)} rules in {len(by_pack)} packs; the `names` glossary holds about"
        f" {glossary} wrong → official name pairs. Rules marked *newsroom* run only with"
        ' `--profile newsroom` (or `profiles = ["newsroom"]` in the config).',
        "",
    ]
    for pack in sorted(by_pack):
        lines += [
            f"## {pack}",
            "",
            "| rule | severity | what it flags | why |",
            "|---|---|---|---|",
        ]
        for rule in by_pack[pack]:
            severity = str(rule.severity)
            if "profile" in rule.extra:
                severity += f", *{rule.extra['profile']}*"
            if rule.safe:
                severity += ", safe fix"
            message = _one_line(rule.message.replace("{match}", "…").replace("{suggestion}", "…"))
            lines.append(f"| `{rule.id}` | {severity} | {message} | {_one_line(rule.why)} |")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            print(f"{OUT} is out of date: run python docs/make_rules_doc.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
