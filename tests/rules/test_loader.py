"""Bad packs are refused with the file, line and rule id."""

from __future__ import annotations

from pathlib import Path

import pytest

from copydesk.errors import PackError
from copydesk.rules.loader import load_pack_text, load_rules

GOOD_RULE = """
  - id: R1
    category: c
    severity: warning
    message: m
    phrases: [foo bar]
    examples:
      bad: [a foo bar]
"""


def load(body: str) -> list:
    return load_pack_text("rules:" + body, "pack.yaml")


def test_valid_pack_loads() -> None:
    (rule,) = load(GOOD_RULE)
    assert (rule.id, rule.pack, rule.source_line) == ("R1", "pack", 2)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (GOOD_RULE.replace("message: m", "mesage: m"), "unknown key 'mesage'"),
        (GOOD_RULE.replace("    message: m\n", ""), "missing field 'message'"),
        (GOOD_RULE.replace("severity: warning", "severity: fatal"), "unknown severity"),
        (GOOD_RULE.replace("phrases: [foo bar]", "pattern: '(unclosed'"), "bad regular expression"),
        (GOOD_RULE.replace("phrases: [foo bar]", "pattern: '(a+)+$'"), "catastrophically"),
        (
            GOOD_RULE.replace("phrases: [foo bar]", "phrases: [x]\n    pattern: y"),
            "exactly one matcher",
        ),
        (GOOD_RULE.replace("      bad: [a foo bar]\n", "      good: [x]\n"), "at least one"),
        (
            GOOD_RULE.replace("phrases: [foo bar]", "pattern: 'a(b)'\n    suggest: ['\\2']"),
            "no group 2",
        ),
    ],
)
def test_bad_rule_is_refused_naming_file_line_and_rule(body: str, reason: str) -> None:
    with pytest.raises(PackError) as info:
        load(body)
    message = str(info.value)
    assert message.startswith("pack.yaml:2: rule R1:"), message
    assert reason in message


def test_yaml_syntax_error_names_line() -> None:
    with pytest.raises(PackError, match=r"^pack\.yaml:[34]: YAML error"):
        load_pack_text("rules:\n  - id: R1\n    message: [unclosed\n", "pack.yaml")


def test_missing_id_and_unknown_top_level_key() -> None:
    with pytest.raises(PackError, match="invalid 'id'"):
        load(GOOD_RULE.replace("id: R1", "id: 1bad"))
    with pytest.raises(PackError, match="unknown key 'rulez'"):
        load_pack_text("rulez: []\n", "pack.yaml")


def test_duplicate_ids_across_packs(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("rules:" + GOOD_RULE)
    (tmp_path / "b.yaml").write_text("rules:" + GOOD_RULE)
    with pytest.raises(PackError, match="duplicate rule id"):
        load_rules([tmp_path])


def test_loading_never_runs_code() -> None:
    with pytest.raises(PackError):
        load_pack_text("rules: !!python/object/apply:os.system ['echo hi']\n", "pack.yaml")
