"""Integration test against a real LanguageTool, when this machine has one installed (found
the way `--languagetool auto` finds it: LTP_JAR_DIR_PATH or language-tool-python's cache, and
Java 17+). Skipped, with the reason, when it has not; it never downloads one."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from copydesk.document import Document
from copydesk.rules import languagetool as lt
from copydesk.rules.languagetool_options import open_backend

pytestmark = pytest.mark.real_languagetool

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.fixture(scope="module")
def install() -> lt.LocalInstall:
    try:
        return lt.find_local_install()
    except lt.LanguageToolUnavailable as exc:
        pytest.skip(f"no local LanguageTool to test against: {exc}")


def _gone(pid: int, seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def test_real_languagetool_end_to_end(install: lt.LocalInstall) -> None:
    warnings: list[str] = []
    text = (
        "# A article\n\n"
        "This is an test of teh checker 😀 with a apple.\n\n"
        "```\nteh code is not checked\n```\n"
    )
    doc = Document.from_text(text, path="real.md")
    with open_backend(argparse.Namespace(languagetool="local"), None, warnings.append) as backend:
        assert backend is not None
        pid = backend.server.pid
        issues = backend.check(doc) or []
    assert warnings == []
    flagged = {(i.rule, doc.text[i.start : i.end]) for i in issues}
    assert ("LT:EN_A_VS_AN", "an") in flagged
    assert any(rule.startswith("LT:MORFOLOGIK") and span == "teh" for rule, span in flagged)
    assert any(span == "a" for rule, span in flagged if rule == "LT:EN_A_VS_AN")
    assert all(not doc.in_skipped(i.start, i.end) for i in issues)
    assert _gone(pid), "LanguageTool outlived the run"


def test_real_languagetool_stopped_by_ctrl_c(install: lt.LocalInstall, tmp_path: Path) -> None:
    import signal

    script = tmp_path / "run.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import argparse, sys, time
            sys.path.insert(0, {str(SRC)!r})
            from copydesk.rules.languagetool_options import open_backend
            with open_backend(argparse.Namespace(languagetool="local"), None, print) as b:
                print(b.server.pid, flush=True)
                time.sleep(120)
            """
        )
    )
    process = subprocess.Popen(
        [sys.executable, str(script)], stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    assert process.stdout is not None
    pid = int(process.stdout.readline())
    os.killpg(process.pid, signal.SIGINT)
    process.wait(timeout=60)
    assert _gone(pid), "LanguageTool outlived copydesk after Ctrl+C"
