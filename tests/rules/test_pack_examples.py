"""Every example of every built-in pack runs as a test, as LanguageTool's rule examples do:
each `bad` text is flagged by its rule (and rewritten as expected), each `good` one is not."""

from __future__ import annotations

import pytest

from copydesk.rules.examples import check_example
from copydesk.rules.loader import BUILTIN_PACKS, load_rules

RULES = load_rules([BUILTIN_PACKS])
CASES = [
    pytest.param(rule, example, id=f"{rule.id}-{'bad' if example.bad else 'good'}{n}")
    for rule in RULES
    for n, example in enumerate(rule.examples)
]


@pytest.mark.parametrize(("rule", "example"), CASES)
def test_builtin_example(rule, example) -> None:  # noqa: ANN001
    failure = check_example(rule, example)
    assert failure is None, failure


def test_every_builtin_rule_documents_itself() -> None:
    for rule in RULES:
        assert any(e.bad for e in rule.examples), rule.id
        assert rule.message, rule.id
