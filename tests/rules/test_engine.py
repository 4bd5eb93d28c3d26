"""The engine on the sample pack: phrases with inflections, swaps, regex groups, sentence
length, consistency, quotes, context guards, profiles, Markdown and disable comments."""

from __future__ import annotations

import pytest

from copydesk.config import Config
from copydesk.document import Document
from copydesk.rules.engine import Engine, compile_rules, load_engine
from copydesk.rules.loader import load_rules
from copydesk.rules.model import Issue, Severity
from tests.conftest import SAMPLE_PACKS


@pytest.fixture(scope="module")
def engine() -> Engine:
    config = Config(profiles=["newsroom"])
    return compile_rules(config.apply_to_rules(load_rules([SAMPLE_PACKS])))


def flags(engine: Engine, text: str, markdown: bool = False) -> list[tuple[str, str]]:
    doc = Document.from_text(text, path="a.md" if markdown else "a.txt")
    return [(i.rule, text[i.start : i.end]) for i in engine.check(doc)]


def test_phrase_matches_inflections_case_insensitively(engine: Engine) -> None:
    text = "ADHERED TO THE CONCEPTS OF quality. Adheres to the concept of speed."
    assert flags(engine, text) == [
        ("SAMPLE_ADHERE", "ADHERED TO THE CONCEPTS OF"),
        ("SAMPLE_ADHERE", "Adheres to the concept of"),
    ]


def test_phrase_needs_whole_words(engine: Engine) -> None:
    assert flags(engine, "Sweden was here. Between us.") == []


def test_phrase_spans_line_breaks_and_crlf(engine: Engine) -> None:
    text = "They adhered to\r\nthe   concept of quality."
    assert flags(engine, text) == [("SAMPLE_ADHERE", "adhered to\r\nthe   concept of")]


def test_suggestion_keeps_case(engine: Engine) -> None:
    doc = Document.from_text("Adhering to the concept of x. ADHERE TO THE CONCEPT OF y.")
    suggestions = [i.suggestions[0] for i in engine.check(doc)]
    assert suggestions == ["Focus on", "FOCUS ON"]


def test_swap_prefers_longest_and_uses_its_replacement(engine: Engine) -> None:
    doc = Document.from_text("The Mi Surging OS and the Surging OS.")
    issues = engine.check(doc)
    assert [(doc.text[i.start : i.end], i.suggestions) for i in issues] == [
        ("Mi Surging OS", ["Xiaomi HyperOS"]),
        ("Surging OS", ["HyperOS"]),
    ]
    assert issues[0].message == 'Literal product name; the official name is "Xiaomi HyperOS"'
    assert issues[0].safe and issues[0].severity is Severity.ERROR


def test_regex_group_suggestion(engine: Engine) -> None:
    doc = Document.from_text('They are known for:"The whole')
    (issue,) = engine.check(doc)
    assert (doc.text[issue.start : issue.end], issue.suggestions) == ("r:", ["r: "])


def test_sentence_length_reports_word_count(engine: Engine) -> None:
    text = "Short one. " + " ".join(["word"] * 15) + "."
    issues = [i for i in engine.check(Document.from_text(text)) if i.rule == "SAMPLE_LONG"]
    assert len(issues) == 1 and issues[0].message == "Sentence of 15 words"
    assert text[issues[0].start :].startswith("word")


def test_consistency_flags_the_minority_term(engine: Engine) -> None:
    text = "Cars sell. Cars drive. Vehicles park."
    assert ("SAMPLE_CONSISTENT", "Vehicles") in flags(engine, text)
    assert not any(r == "SAMPLE_CONSISTENT" and m == "Cars" for r, m in flags(engine, text))


def test_quotes_and_not_after_guards(engine: Engine) -> None:
    assert flags(engine, 'He said "we will win".') == []
    assert flags(engine, "They said we would.") == []
    assert flags(engine, "Now we wait.") == [("SAMPLE_WE", "we")]


def test_profiles_switch_rules_on() -> None:
    rules = load_rules([SAMPLE_PACKS])
    default_ids = {r.id for r in Config().apply_to_rules(rules)}
    assert "SAMPLE_NEWSROOM" not in default_ids
    assert "SAMPLE_NEWSROOM" in {r.id for r in Config(profiles=["newsroom"]).apply_to_rules(rules)}


def test_markdown_code_and_urls_are_not_checked(engine: Engine) -> None:
    text = "Use `adhere to the concept of` here.\n\n```\nSurging OS\n```\nSurging OS is out.\n"
    assert flags(engine, text, markdown=True) == [("SAMPLE_SURGING", "Surging OS")]
    issue = engine.check(Document.from_text(text, path="a.md"))[0]
    assert text[issue.start : issue.end] == "Surging OS" and issue.start > text.index("```\n", 40)


def test_inline_disable_enable_and_next_line(engine: Engine) -> None:
    text = (
        "Surging OS one.\n"
        "<!-- copydesk-disable SAMPLE_SURGING -->\n"
        "Surging OS two.\n"
        "<!-- copydesk-enable SAMPLE_SURGING -->\n"
        "Surging OS three.\n"
        "<!-- copydesk-disable-next-line names -->\n"
        "Surging OS four.\n"
        "Surging OS five.\n"
    )
    found = [
        text[i.start : text.index(".", i.start)]
        for i in engine.check(Document.from_text(text, path="a.md"))
    ]
    assert found == ["Surging OS one", "Surging OS three", "Surging OS five"]


def test_check_range_returns_document_offsets(engine: Engine) -> None:
    text = "First paragraph.\n\nThe Surging OS again.\n"
    doc = Document.from_text(text)
    start = text.index("The")
    issues = engine.check_range(doc, start, len(text))
    assert [text[i.start : i.end] for i in issues] == ["Surging OS"]


def test_large_document_is_checked_in_chunks(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    import copydesk.rules.engine as module

    monkeypatch.setattr(module, "CHUNK_CHARS", 64)
    paragraph = "Nothing here at all in this one paragraph.\n\n"
    text = paragraph * 20 + "The Surging OS.\n\n" + paragraph * 5 + "Mi Surging OS.\n"
    issues = engine.check(Document.from_text(text))
    assert [text[i.start : i.end] for i in issues] == ["Surging OS", "Mi Surging OS"]


def test_issue_shift_keeps_everything_else() -> None:
    issue = Issue("R", "c", Severity.INFO, "m", 3, 5, ["x"])
    moved = issue.shifted(10)
    assert (moved.start, moved.end, moved.suggestions, moved.rule) == (13, 15, ["x"], "R")


def test_builtin_engine_loads() -> None:
    engine = load_engine()
    assert engine.rules, "the built-in packs define rules"


def test_engine_cache_rebuilds_when_a_pack_changes(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    from copydesk.config import Config

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    house = tmp_path / "house"
    house.mkdir()
    pack = house / "house.yaml"
    rule = (
        "rules:\n  - id: HOUSE_{n}\n    category: house\n    severity: info\n    message: m\n"
        "    phrases: [widget]\n    examples: {{bad: [a widget]}}\n"
    )
    pack.write_text(rule.format(n=1))
    config = Config(path=tmp_path / "copydesk.toml", packs=[house])
    assert "HOUSE_1" in load_engine(config).rules
    assert list((tmp_path / "cache" / "copydesk").glob("engine-*.pickle"))
    pack.write_text(rule.format(n=22))  # a different size: a different key
    rules = load_engine(config).rules
    assert "HOUSE_22" in rules and "HOUSE_1" not in rules
    for cached in (tmp_path / "cache" / "copydesk").glob("engine-*.pickle"):
        cached.write_bytes(b"not a pickle")
    assert "HOUSE_22" in load_engine(config).rules, "a corrupt cache is rebuilt"


def test_consistency_is_decided_over_all_chunks(engine: Engine, monkeypatch) -> None:  # noqa: ANN001
    import copydesk.rules.engine as module

    monkeypatch.setattr(module, "CHUNK_CHARS", 40)
    text = "Cars sell well.\n\n" * 3 + "Filler paragraph here.\n\n" * 4 + "Vehicles park.\n"
    found = [
        text[i.start : i.end]
        for i in engine.check(Document.from_text(text))
        if i.rule == "SAMPLE_CONSISTENT"
    ]
    assert found == ["Vehicles"]
