"""House rules for the built-in packs: every rule explains itself and shows both sides, fixes
applied without review are mechanical, and the names glossary is a real glossary."""

from __future__ import annotations

import yaml

from copydesk.rules.loader import BUILTIN_PACKS, load_rules

RULES = load_rules([BUILTIN_PACKS])
SAFE_CATEGORIES = {"punctuation", "names", "numbers-units", "spelling", "boilerplate"}


def test_scale() -> None:
    assert len(RULES) >= 200
    assert len({r.pack for r in RULES}) >= 17


def test_every_rule_has_why_and_both_kinds_of_example() -> None:
    for rule in RULES:
        assert rule.why.strip(), rule.id
        assert any(e.bad for e in rule.examples), rule.id
        assert any(not e.bad for e in rule.examples), rule.id


def test_safe_fixes_are_mechanical() -> None:
    for rule in RULES:
        if rule.safe:
            assert rule.category in SAFE_CATEGORIES, rule.id
            assert "profile" not in rule.extra, rule.id


def test_names_glossary() -> None:
    data = yaml.safe_load((BUILTIN_PACKS / "names.yaml").read_text(encoding="utf-8"))
    pairs = [(k, v) for r in data["rules"] if "swap" in r for k, v in r["swap"].items()]
    assert len(pairs) >= 300
    assert all(k.lower() != v.lower() for k, v in pairs), [
        k for k, v in pairs if k.lower() == v.lower()
    ]
    keys = [k.lower() for k, _ in pairs]
    assert len(keys) == len(set(keys))
