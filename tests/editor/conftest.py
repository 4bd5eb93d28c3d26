"""A tiny rule engine for the editor's tests, so they do not depend on the real packs.

It flags three phrases with fixed suggestions; `check_range` honours [start, end) the way
the real engine does, and counts its calls so tests can see what was re-checked.
"""

from __future__ import annotations

import asyncio
import inspect
import re
from pathlib import Path

import pytest

from copydesk.document import Document
from copydesk.editor.app import CopydeskEditor
from copydesk.editor.recheck import EngineChecker
from copydesk.editor.scoring import LiveScorer
from copydesk.editor.session import FileSession
from copydesk.rules.model import Issue, Rule, Severity


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests (Pilot tests) without needing an asyncio plugin."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


FAKE_RULES = {
    "core-competitiveness": (
        "core competitiveness",
        Severity.WARNING,
        "Business boilerplate.",
        ["edge", "strength"],
    ),
    "born-for-fever": ("born for fever", Severity.ERROR, "A calqued slogan.", ["built for speed"]),
    "deep-cultivation": (
        "deep cultivation",
        Severity.INFO,
        "A calque of 深耕.",
        ["long investment", "years of work", "focus"],
    ),
}


class FakeEngine:
    def __init__(self) -> None:
        self.rules = {
            rule_id: Rule(
                rule_id,
                "test",
                severity,
                message,
                "phrases",
                why=f"Why {rule_id}: because tests say so.",
                phrases=[phrase],
                suggest=suggest,
            )
            for rule_id, (phrase, severity, message, suggest) in FAKE_RULES.items()
        }
        self.ranges: list[tuple[int, int]] = []
        self.full_checks = 0

    def _find(self, text: str, start: int, end: int) -> list[Issue]:
        issues = []
        for rule_id, (phrase, severity, message, suggest) in FAKE_RULES.items():
            for m in re.finditer(re.escape(phrase), text[start:end], re.IGNORECASE):
                issues.append(
                    Issue(
                        rule_id,
                        "test",
                        severity,
                        message,
                        start + m.start(),
                        start + m.end(),
                        list(suggest),
                    )
                )
        return sorted(issues, key=Issue.sort_key)

    def check(self, doc: Document) -> list[Issue]:
        self.full_checks += 1
        return self._find(doc.text, 0, len(doc.text))

    def check_range(self, doc: Document, start: int, end: int) -> list[Issue]:
        self.ranges.append((start, end))
        return self._find(doc.text, start, end)


ARTICLE = (
    "Xiaomi shows its core competitiveness in cars.\n"
    "The car was born for fever and speed.\n"
    "After deep cultivation of the market, it sells.\n"
)

REFERENCE = (
    "Xiaomi shows its edge in cars.\n"
    "The car was built for speed.\n"
    "After years of work in the market, it sells.\n"
)


@pytest.fixture
def fake_engine() -> FakeEngine:
    return FakeEngine()


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def make_app(
    target: Path,
    engine: FakeEngine | None = None,
    refs: list[Path] | None = None,
    mt: Path | None = None,
) -> CopydeskEditor:
    engine = engine or FakeEngine()
    scorer = None
    if refs:
        scorer = LiveScorer.from_files([str(r) for r in refs], str(mt) if mt else None, target)
    session = FileSession.open(target) if not target.is_dir() else None
    return CopydeskEditor(
        target,
        lambda: [EngineChecker(engine)],
        engine.rules,
        scorer=scorer,
        session=session,
        check_delay=0.01,
        score_delay=0.01,
    )
