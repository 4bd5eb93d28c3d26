"""Run the `examples` a rule carries: its own test, as LanguageTool's rules have.

Each rule is compiled on its own, so an example tests that rule and no other."""

from __future__ import annotations

from copydesk.document import Document
from copydesk.rules.engine import compile_rules
from copydesk.rules.fix import apply_suggestions
from copydesk.rules.model import Example, Rule


def check_example(rule: Rule, example: Example) -> str | None:
    """None when the example behaves, else a one-line description of the failure."""
    engine = compile_rules([rule])
    doc = Document.from_text(example.text, path="<example>", markdown=False)
    issues = [i for i in engine.check(doc) if i.rule == rule.id]
    where = f"{rule.source_file}:{rule.source_line}: {rule.id}"
    if not example.bad:
        if issues:
            found = example.text[issues[0].start : issues[0].end]
            return f"{where}: good example flagged at {found!r}: {example.text!r}"
        return None
    if not issues:
        return f"{where}: bad example not flagged: {example.text!r}"
    if example.expected is not None:
        fixed = apply_suggestions(example.text, issues, unsafe=True)
        if fixed != example.expected:
            return f"{where}: fixed {example.text!r} -> {fixed!r}, expected {example.expected!r}"
    return None


def run_examples(rules: list[Rule]) -> list[str]:
    failures = []
    for rule in rules:
        for example in rule.examples:
            failure = check_example(rule, example)
            if failure:
                failures.append(failure)
    return failures
