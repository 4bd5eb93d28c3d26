"""Contract tests: copydesk's LanguageTool client against a server that answers like one.

The fake server (`fake_languagetool.py`) answers in the format LanguageTool documents for its
HTTP API v2 (https://languagetool.org/http-api/, the Swagger description of `POST /v2/check`
and `GET /v2/languages`):

* `/v2/check` takes form fields `language`, `text` *or* `data` (a JSON
  `{"annotation": [{"text": ...}, {"markup": ..., "interpretAs": ...}]}`), `motherTongue`,
  `enabledRules`, `disabledRules`, `enabledCategories`, `disabledCategories`, `enabledOnly`
  and `level=picky`; it answers `{"software": {...}, "language": {...}, "matches": [...]}`
  where each match has `message`, `shortMessage`, `offset`, `length`,
  `replacements: [{"value": ...}]`, `context: {text, offset, length}`, `sentence` and
  `rule: {id, description, issueType, category: {id, name}}`. This matches
  `RuleMatchesAsJsonSerializer` in languagetool-org/languagetool (languagetool-core,
  org.languagetool.tools), which also shows that `offset` and `length` are Java string
  indices, i.e. UTF-16 code units, taken in the text *with* markup for `data` requests, that
  `issueType` is the ITS 2.0 name in lower case with hyphens (`ITSIssueType.toString()`), and
  that `<suggestion>` tags in messages are turned into quotes. LanguageTool 3.4's first JSON
  format sent `replacements` as plain strings and had no `issueType`.
* `/v2/languages` answers `[{"name": "English (US)", "code": "en", "longCode": "en-US"}, ...]`.
* UTF-16 offsets: languagetool-org/languagetool#842 (2017: some rules counted an emoji as one
  character, others as two; fixed), mhayashi1120/Emacs-langtool#69 (2023: offsets after a
  non-BMP character are off by one, i.e. UTF-16), jxmorris12/language_tool_python#94 (2024:
  language-tool-python started converting 4-byte characters), and
  languagetool-org/languagetool#11361 (2025, LanguageTool 6.7.1: offset 17 for a word after
  four mathematical script letters and 9 more characters, which is UTF-16).
"""

from __future__ import annotations

import json
import threading

import pytest

from copydesk.document import Document
from copydesk.rules.languagetool import (
    CheckOptions,
    HttpClient,
    LanguageToolChecker,
    LanguageToolUnavailable,
)
from copydesk.rules.model import Severity

from .fake_languagetool import FakeLanguageTool


def checker_for(fake: FakeLanguageTool, **kwargs: object) -> tuple[LanguageToolChecker, list[str]]:
    warnings: list[str] = []
    checker = LanguageToolChecker(HttpClient(fake.url, timeout=5), warn=warnings.append, **kwargs)  # type: ignore[arg-type]
    return checker, warnings


def spans(doc: Document, issues: list) -> list[tuple[str, str]]:
    return [(i.rule, doc.text[i.start : i.end]) for i in issues]


def test_matches_become_issues(fake_lt: FakeLanguageTool) -> None:
    doc = Document.from_text("He bought a apple and teh pear.\n")
    checker, warnings = checker_for(fake_lt)
    issues = checker.check(doc)
    assert issues is not None and not warnings
    assert spans(doc, issues) == [("LT:EN_A_VS_AN", "a"), ("LT:MORFOLOGIK_RULE_EN_US", "teh")]
    a_vs_an, typo = issues
    assert a_vs_an.source == typo.source == "languagetool"
    assert a_vs_an.category == "misc" and typo.category == "typos"
    assert a_vs_an.severity is Severity.ERROR and typo.severity is Severity.ERROR
    assert a_vs_an.suggestions == ["an"]
    assert typo.suggestions == ["the", "ten", "tech"]
    assert a_vs_an.message.startswith('Use "an" instead of')
    assert "<suggestion>" not in a_vs_an.message


def test_style_is_info_and_duplication_an_error(fake_lt: FakeLanguageTool) -> None:
    doc = Document.from_text("We met in order to talk about about it.")
    issues = checker_for(fake_lt)[0].check(doc)
    by_rule = {i.rule: i for i in issues or []}
    assert by_rule["LT:IN_ORDER_TO_STYLE"].severity is Severity.INFO
    assert by_rule["LT:ENGLISH_WORD_REPEAT_RULE"].severity is Severity.ERROR
    assert doc.text[by_rule["LT:ENGLISH_WORD_REPEAT_RULE"].start :].startswith("about about")


def test_request_carries_the_options(fake_lt: FakeLanguageTool) -> None:
    options = CheckOptions(
        language="en-GB",
        mother_tongue="zh",
        enabled_rules=("A", "B"),
        disabled_rules=("MORFOLOGIK_RULE_EN_US",),
        enabled_categories=("STYLE",),
        disabled_categories=("TYPOGRAPHY",),
        enabled_only=True,
        picky=True,
    )
    doc = Document.from_text("teh end")
    issues = checker_for(fake_lt, options=options)[0].check(doc)
    assert issues == []  # the disabled rule was honoured by the server
    form = fake_lt.requests[-1]
    assert form == {
        "language": "en-GB",
        "motherTongue": "zh",
        "enabledRules": "A,B",
        "disabledRules": "MORFOLOGIK_RULE_EN_US",
        "enabledCategories": "STYLE",
        "disabledCategories": "TYPOGRAPHY",
        "enabledOnly": "true",
        "level": "picky",
        "text": "teh end",
    }


def test_languages_endpoint(fake_lt: FakeLanguageTool) -> None:
    from copydesk.rules.languagetool import supports_language

    languages = HttpClient(fake_lt.url + "/v2/", timeout=5).languages()
    assert supports_language(languages, "en-US")
    assert supports_language(languages, "EN-gb")
    assert supports_language(languages, "auto")
    assert not supports_language(languages, "xx-YY")


def test_astral_characters_shift_offsets(fake_lt: FakeLanguageTool) -> None:
    """Emoji count two UTF-16 code units in LanguageTool's offsets, one character in ours."""
    doc = Document.from_text("🚀🚀 Launch day 😀: teh phone has a 𝒞 and a odd name.\n")
    issues = checker_for(fake_lt)[0].check(doc)
    assert spans(doc, issues or []) == [
        ("LT:MORFOLOGIK_RULE_EN_US", "teh"),
        ("LT:EN_A_VS_AN", "a"),
    ]
    assert doc.text[issues[1].start : issues[1].start + 5] == "a odd"


def test_code_point_servers_are_recognised_from_context() -> None:
    """A server that counted code points (as some rules of LanguageTool 3.9 did) is detected
    where the match's context does not start where the text does, and its offsets are then
    used as they are."""
    fake = FakeLanguageTool(units="codepoints")
    fake.start()
    try:
        padding = " and then some more words to push the context window along"
        doc = Document.from_text("😀😀😀 Emoji first" + padding + ": teh cat" + padding + " a egg")
        issues = checker_for(fake)[0].check(doc)
    finally:
        fake.stop()
    assert spans(doc, issues or []) == [
        ("LT:MORFOLOGIK_RULE_EN_US", "teh"),
        ("LT:EN_A_VS_AN", "a"),
    ]


def test_cjk_and_combining_characters_are_one_unit(fake_lt: FakeLanguageTool) -> None:
    doc = Document.from_text("小米 said “e\u0301” then teh end — a apple.")
    issues = checker_for(fake_lt)[0].check(doc)
    assert spans(doc, issues or []) == [
        ("LT:MORFOLOGIK_RULE_EN_US", "teh"),
        ("LT:EN_A_VS_AN", "a"),
    ]


def test_crlf_text_keeps_offsets(fake_lt: FakeLanguageTool) -> None:
    doc = Document.from_text("First line.\r\nThen teh second.\r\n\r\nThen a apple.\r\n")
    issues = checker_for(fake_lt)[0].check(doc)
    assert [doc.text[i.start : i.end] for i in issues or []] == ["teh", "a"]


def test_answers_are_cached_per_chunk(fake_lt: FakeLanguageTool) -> None:
    text = "One teh paragraph.\n\nAnother a apple paragraph.\n"
    checker, _ = checker_for(fake_lt, chunk_chars=40)
    first = checker.check(Document.from_text(text))
    sent = len(fake_lt.requests)
    assert sent == 2
    edited = Document.from_text(text.replace("Another", "Yet another"))
    second = checker.check(edited)
    assert len(fake_lt.requests) == sent + 1  # only the changed paragraph went again
    assert [i.rule for i in first or []] == [i.rule for i in second or []]
    assert edited.text[second[1].start : second[1].end] == "a"


def test_editing_a_long_document_resends_little(fake_lt: FakeLanguageTool) -> None:
    """Chunk boundaries follow the paragraphs' content, so an edit near the top does not
    shift every chunk after it: most answers come from the cache."""
    paragraphs = [f"Paragraph {n} talks about teh phone number {n * 7}.\n\n" for n in range(400)]
    checker, _ = checker_for(fake_lt, chunk_chars=1000)
    first = checker.check(Document.from_text("".join(paragraphs))) or []
    sent = len(fake_lt.requests)
    assert sent > 10
    paragraphs[3] = "Paragraph three was rewritten at length, and teh typo stayed in it.\n\n"
    edited = Document.from_text("".join(paragraphs))
    second = checker.check(edited) or []
    assert len(fake_lt.requests) - sent <= 2
    assert len(second) == len(first) == 400
    assert all(edited.text[i.start : i.end] == "teh" for i in second)


def test_check_range_sends_only_the_touched_paragraphs(fake_lt: FakeLanguageTool) -> None:
    text = "Para one teh.\n\nPara two a apple.\n\nPara three teh.\n"
    doc = Document.from_text(text)
    checker, _ = checker_for(fake_lt)
    position = text.index("two")
    issues = checker.check_range(doc, position, position + 3)
    assert fake_lt.requests[-1]["text"] == "Para two a apple.\n\n"
    assert spans(doc, issues or []) == [("LT:EN_A_VS_AN", "a")]
    assert issues[0].start == text.index("a apple")


def test_check_is_thread_safe(fake_lt: FakeLanguageTool) -> None:
    checker, warnings = checker_for(fake_lt)
    texts = [f"Text {n}: " + "😀" * n + " teh a apple.\n" for n in range(12)]
    results: dict[int, list] = {}

    def work(n: int) -> None:
        doc = Document.from_text(texts[n])
        results[n] = spans(doc, checker.check(doc) or [])

    threads = [threading.Thread(target=work, args=(n,)) for n in range(len(texts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not warnings
    for n in range(len(texts)):
        assert results[n] == [("LT:MORFOLOGIK_RULE_EN_US", "teh"), ("LT:EN_A_VS_AN", "a")]


def test_check_many_keeps_the_order(fake_lt: FakeLanguageTool) -> None:
    fake_lt.delay = 0.05
    checker, _ = checker_for(fake_lt)
    docs = [Document.from_text("x" * n + " teh", path=f"{n}.txt") for n in range(10)]
    results = list(checker.check_many(docs, workers=4))
    assert [[i.start for i in r or []] for r in results] == [[n + 1] for n in range(10)]


# --------------------------------------------------------------------------- failures


def test_http_500_warns_once_and_switches_off(fake_lt: FakeLanguageTool) -> None:
    fake_lt.status = 500
    checker, warnings = checker_for(fake_lt)
    assert checker.check(Document.from_text("teh", path="a.txt")) is None
    assert checker.check(Document.from_text("teh", path="b.txt")) is None
    assert len(warnings) == 1
    assert "a.txt" in warnings[0] and "HTTP 500" in warnings[0]
    assert len(fake_lt.requests) == 1  # switched off: b.txt was not sent
    assert checker.failed and "HTTP 500" in checker.failed


def test_http_500_is_an_error_when_asked_for(fake_lt: FakeLanguageTool) -> None:
    fake_lt.status = 500
    checker, warnings = checker_for(fake_lt, strict=True)
    with pytest.raises(LanguageToolUnavailable, match=r"a\.txt: HTTP 500"):
        checker.check(Document.from_text("teh", path="a.txt"))
    assert not warnings


def test_timeout(fake_lt: FakeLanguageTool) -> None:
    fake_lt.delay = 1.0
    warnings: list[str] = []
    checker = LanguageToolChecker(HttpClient(fake_lt.url, timeout=0.2), warn=warnings.append)
    assert checker.check(Document.from_text("teh", path="slow.md")) is None
    assert len(warnings) == 1 and "no answer within 0.2 s" in warnings[0]


def test_server_dies_mid_run(fake_lt: FakeLanguageTool) -> None:
    checker, warnings = checker_for(fake_lt)
    first = checker.check(Document.from_text("teh one", path="one.txt"))
    assert first and first[0].rule == "LT:MORFOLOGIK_RULE_EN_US"
    fake_lt.stop()
    assert checker.check(Document.from_text("teh two", path="two.txt")) is None
    assert checker.check(Document.from_text("teh three", path="three.txt")) is None
    assert len(warnings) == 1 and "two.txt" in warnings[0] and "cannot connect" in warnings[0]


def test_not_languagetool_json(fake_lt: FakeLanguageTool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(FakeLanguageTool, "answer", lambda self, form: {"hello": "world"})
    checker, warnings = checker_for(fake_lt)
    assert checker.check(Document.from_text("teh")) is None
    assert "unexpected answer" in warnings[0]


def test_incomplete_results_are_kept_and_said_once(
    fake_lt: FakeLanguageTool, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer = FakeLanguageTool.answer

    def incomplete(self: FakeLanguageTool, form: dict[str, str]) -> dict:
        result = answer(self, form)
        result["warnings"] = {"incompleteResults": True, "incompleteResultsReason": "timeout"}
        return result

    monkeypatch.setattr(FakeLanguageTool, "answer", incomplete)
    checker, warnings = checker_for(fake_lt)
    doc = Document.from_text("teh", path="t.txt")
    assert [i.rule for i in checker.check(doc) or []] == ["LT:MORFOLOGIK_RULE_EN_US"]
    assert checker.check(doc)
    assert len(fake_lt.requests) == 2  # a partial answer is not cached
    assert warnings == ["LanguageTool returned incomplete results for t.txt: timeout"]


def test_nothing_to_check_sends_nothing(fake_lt: FakeLanguageTool) -> None:
    checker, _ = checker_for(fake_lt)
    assert checker.check(Document.from_text("   \n\n  \n")) == []
    doc = Document.from_text("```\nteh code\n```\n", path="x.md")
    assert checker.check(doc) == []
    assert fake_lt.requests == []


def test_data_annotation_is_valid_json(fake_lt: FakeLanguageTool) -> None:
    doc = Document.from_text('Run `x = "teh"` now.\n', path="x.md")
    checker_for(fake_lt)[0].check(doc)
    data = json.loads(fake_lt.requests[-1]["data"])
    assert "".join(p.get("text", p.get("markup", "")) for p in data["annotation"]) == doc.text
