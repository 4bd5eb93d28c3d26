"""`--languagetool`, the `[tool.copydesk.languagetool]` table, merging, and the config's
ignore/select/severity and inline disable comments applied to LanguageTool's issues."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from copydesk.config import Config
from copydesk.document import Document
from copydesk.errors import ConfigError
from copydesk.rules.languagetool_options import (
    add_arguments,
    apply_config,
    merge_issues,
    resolve_settings,
    same_span,
)
from copydesk.rules.model import Issue, Severity


def lt_issue(start: int, end: int, rule: str = "LT:X", category: str = "grammar") -> Issue:
    return Issue(rule, category, Severity.ERROR, "lt", start, end, [], "languagetool")


def own_issue(start: int, end: int, rule: str = "calque-x") -> Issue:
    return Issue(rule, "calque", Severity.WARNING, "own", start, end, [], "copydesk")


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(exit_on_error=False)
    add_arguments(parser)
    return parser.parse_args(argv)


# --------------------------------------------------------------------------- option


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("off", "off"),
        ("AUTO", "auto"),
        ("local", "local"),
        ("http://localhost:8081", "http://localhost:8081"),
        ("https://lt.example.org/v2/", "https://lt.example.org/v2/"),
    ],
)
def test_option_values(value: str, expected: str) -> None:
    assert parse(["--languagetool", value]).languagetool == expected


@pytest.mark.parametrize("value", ["on", "localhost:8081", "ftp://x", ""])
def test_option_rejects_other_values(value: str) -> None:
    with pytest.raises(argparse.ArgumentError, match="expected off, auto, local or a server URL"):
        parse(["--languagetool", value])


def test_default_is_auto_and_not_explicit() -> None:
    settings = resolve_settings(None, Config())
    assert settings.mode == "auto" and not settings.explicit
    assert settings.language == "en-US"
    assert resolve_settings(None, None).mode == "auto"


def test_option_overrides_config() -> None:
    config = Config(path=Path("copydesk.toml"), languagetool={"mode": "local"})
    assert resolve_settings("off", config).mode == "off"
    assert resolve_settings(None, config).mode == "local"
    assert resolve_settings(None, config).explicit


def test_url_in_config_means_that_server() -> None:
    config = Config(path=Path("p.toml"), languagetool={"url": "http://127.0.0.1:8010"})
    settings = resolve_settings(None, config)
    assert (settings.mode, settings.url, settings.explicit) == (
        "url",
        "http://127.0.0.1:8010",
        True,
    )
    config.languagetool["mode"] = "off"
    assert resolve_settings(None, config).mode == "off"  # off keeps the url for later
    assert resolve_settings("auto", config).mode == "auto"


def test_full_table() -> None:
    table = {
        "mode": "auto",
        "language": "en-GB",
        "mother_tongue": "zh",
        "enabled_rules": ["LT:EN_A_VS_AN", "EN_QUOTES"],
        "disabled_rules": "MORFOLOGIK_RULE_EN_GB",
        "enabled_categories": ["STYLE"],
        "disabled_categories": ["TYPOGRAPHY"],
        "enabled_only": False,
        "picky": True,
        "timeout": 5,
        "startup_timeout": 90.5,
    }
    settings = resolve_settings(None, Config(path=Path("c.toml"), languagetool=table))
    options = settings.check_options()
    assert options.params() == {
        "language": "en-GB",
        "motherTongue": "zh",
        "enabledRules": "EN_A_VS_AN,EN_QUOTES",
        "disabledRules": "MORFOLOGIK_RULE_EN_GB",
        "enabledCategories": "STYLE",
        "disabledCategories": "TYPOGRAPHY",
        "level": "picky",
    }
    assert (settings.timeout, settings.startup_timeout) == (5.0, 90.5)


@pytest.mark.parametrize(
    ("table", "key", "reason"),
    [
        ({"mode": "sometimes"}, "mode", "expected off, auto, local"),
        ({"mode": 3}, "mode", "expected off, auto, local"),
        ({"url": "localhost"}, "url", "http:// or https://"),
        ({"mode": "local", "url": "http://x:1"}, "url", "keep only one"),
        ({"language": "English"}, "language", "language code"),
        ({"mother_tongue": "中文"}, "mother_tongue", "language code"),
        ({"disabled_rules": ["A B"]}, "disabled_rules", "ids like"),
        ({"enabled_categories": 5}, "enabled_categories", "list of ids"),
        ({"picky": "yes"}, "picky", "true or false"),
        ({"timeout": 0}, "timeout", "above 0"),
        ({"startup_timeout": True}, "startup_timeout", "above 0"),
        ({"server": "http://x"}, "server", "unknown key"),
    ],
)
def test_bad_table_names_file_and_key(table: dict, key: str, reason: str) -> None:
    config = Config(path=Path("/proj/pyproject.toml"), languagetool=table)
    with pytest.raises(ConfigError) as info:
        resolve_settings(None, config)
    message = str(info.value)
    assert message.startswith(f"/proj/pyproject.toml: languagetool.{key}: ")
    assert reason in message


def test_real_config_file_round_trip(tmp_path: Path) -> None:
    from copydesk.config import load_config

    (tmp_path / "copydesk.toml").write_text(
        '[languagetool]\nmode = "http://127.0.0.1:8081"\nlanguage = "en-US"\npicky = true\n',
        encoding="utf-8",
    )
    config = load_config(str(tmp_path / "copydesk.toml"))
    settings = resolve_settings(None, config)
    assert settings.mode == "url" and settings.picky


# --------------------------------------------------------------------------- merging


def test_same_span() -> None:
    assert same_span(lt_issue(10, 15), own_issue(10, 15))
    assert same_span(lt_issue(10, 13), own_issue(11, 14))  # overlap 2 of 3
    assert same_span(lt_issue(5, 20), own_issue(5, 26))  # "competitiveness" in "core ..."
    assert not same_span(lt_issue(10, 14), own_issue(0, 200))  # a word in a long sentence
    assert not same_span(lt_issue(10, 12), own_issue(12, 14))  # touching is not overlapping
    assert same_span(lt_issue(7, 7), own_issue(7, 7))


def test_copydesk_wins_on_the_same_span() -> None:
    own = [own_issue(10, 20), own_issue(0, 300, "sentence-length")]
    extra = [lt_issue(10, 20), lt_issue(12, 18), lt_issue(40, 44), lt_issue(100, 101)]
    merged = merge_issues(own, extra)
    assert [(i.source, i.start, i.end) for i in merged] == [
        ("copydesk", 0, 300),
        ("copydesk", 10, 20),
        ("languagetool", 40, 44),
        ("languagetool", 100, 101),
    ]


def test_merge_without_extra() -> None:
    own = [own_issue(5, 6), own_issue(1, 2)]
    assert [i.start for i in merge_issues(own, None)] == [1, 5]
    assert [i.start for i in merge_issues(own, [])] == [1, 5]
    assert [i.start for i in merge_issues([], [lt_issue(3, 4)])] == [3]


# --------------------------------------------------------------------------- policy


def test_config_ignore_select_and_severity() -> None:
    doc = Document.from_text("x" * 50)
    issues = [
        lt_issue(0, 1, "LT:EN_A_VS_AN", "misc"),
        lt_issue(2, 3, "LT:MORFOLOGIK_RULE_EN_US", "typos"),
        lt_issue(4, 5, "LT:IN_ORDER_TO", "style"),
    ]
    kept = apply_config(doc, [*issues], Config(ignore=["lt:morfologik_rule_en_us"]))
    assert [i.rule for i in kept] == ["LT:EN_A_VS_AN", "LT:IN_ORDER_TO"]
    kept = apply_config(doc, [*issues], Config(ignore=["typos", "style"]))
    assert [i.rule for i in kept] == ["LT:EN_A_VS_AN"]
    assert apply_config(doc, [*issues], Config(ignore=["languagetool"])) == []
    kept = apply_config(doc, [*issues], Config(select=["calque", "LT:IN_ORDER_TO"]))
    assert [i.rule for i in kept] == ["LT:IN_ORDER_TO"]
    kept = apply_config(
        doc,
        [lt_issue(0, 1, "LT:A", "misc"), lt_issue(2, 3, "LT:B", "typos")],
        Config(severity={"languagetool": Severity.INFO, "LT:B": Severity.WARNING}),
    )
    assert [i.severity for i in kept] == [Severity.INFO, Severity.WARNING]


def test_inline_disable_comments_apply_to_languagetool() -> None:
    text = (
        "Line one teh.\n"
        "<!-- copydesk-disable LT:MORFOLOGIK_RULE_EN_US -->\n"
        "Line three teh and a apple.\n"
        "<!-- copydesk-enable LT:MORFOLOGIK_RULE_EN_US -->\n"
        "Line five teh.\n"
        "<!-- copydesk-disable-next-line typos -->\n"
        "Line seven teh.\n"
    )
    doc = Document.from_text(text, path="d.md")

    def at(word: str, line: int) -> Issue:
        start = doc.offset_of(line, 1) + doc.text.splitlines()[line - 1].index(word)
        rule = "LT:MORFOLOGIK_RULE_EN_US" if word == "teh" else "LT:EN_A_VS_AN"
        return lt_issue(start, start + len(word), rule, "typos" if word == "teh" else "misc")

    issues = [at("teh", 1), at("teh", 3), at("a", 3), at("teh", 5), at("teh", 7)]
    kept = apply_config(doc, issues, Config())
    assert [(doc.line_col(i.start)[0], i.rule) for i in kept] == [
        (1, "LT:MORFOLOGIK_RULE_EN_US"),
        (3, "LT:EN_A_VS_AN"),
        (5, "LT:MORFOLOGIK_RULE_EN_US"),
    ]
