"""The command line: `copydesk check --languagetool ...` end to end, and
`copydesk languagetool status|install` (install with language-tool-python's download faked)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from copydesk.cli import main

from .fake_languagetool import FakeLanguageTool
from .support import FakeJava

ARTICLE = (
    "# Launch\n\n"
    "Xiaomi said the phone is born for fever, with teh new chip and a upgraded camera.\n\n"
    "```\nteh code\n```\n"
)


@pytest.fixture
def article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "post.md"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def run_json(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, Any, str]:
    code = main(argv + ["--format", "json", "--jobs", "1"])
    captured = capsys.readouterr()
    return code, json.loads(captured.out) if captured.out.strip() else None, captured.err


def issues_of(report: Any) -> list[dict[str, Any]]:
    if isinstance(report, dict) and "files" in report:
        return [issue for f in report["files"] for issue in f.get("issues", [])]
    if isinstance(report, list):
        return [issue for f in report for issue in f.get("issues", [])]
    raise AssertionError(f"unexpected JSON report: {report!r}")


def test_check_with_a_server_url(
    article: Path, fake_lt: FakeLanguageTool, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report, err = run_json(["check", str(article), "--languagetool", fake_lt.url], capsys)
    rules = [issue["rule"] for issue in issues_of(report)]
    assert "LT:MORFOLOGIK_RULE_EN_US" in rules and "LT:EN_A_VS_AN" in rules
    assert rules.count("LT:MORFOLOGIK_RULE_EN_US") == 1  # not the one in the code block
    assert any(not rule.startswith("LT:") for rule in rules)  # copydesk's own too
    lt_issue = next(i for i in issues_of(report) if i["rule"] == "LT:EN_A_VS_AN")
    assert lt_issue.get("source") in (None, "languagetool")
    assert code == 1 and err == ""


def test_auto_without_languagetool_changes_nothing_but_one_warning(
    article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    off_code, off_report, off_err = run_json(
        ["check", str(article), "--languagetool", "off"], capsys
    )
    code, report, err = run_json(["check", str(article)], capsys)
    assert code == off_code and report == off_report and off_err == ""
    assert err.count("\n") == 1 and "LanguageTool not used" in err


def test_auto_failure_mid_run_keeps_the_exit_status(
    article: Path,
    fake_java: FakeJava,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    off_code, off_report, _ = run_json(["check", str(article), "--languagetool", "off"], capsys)
    monkeypatch.setenv("FAKE_LT_STATUS", "500")
    code, report, err = run_json(["check", str(article)], capsys)
    assert code == off_code and report == off_report
    assert err.count("\n") == 1 and "HTTP 500" in err


def test_explicit_url_that_fails_is_exit_2(
    article: Path, fake_lt: FakeLanguageTool, capsys: pytest.CaptureFixture[str]
) -> None:
    url = fake_lt.url
    fake_lt.stop()
    code = main(["check", str(article), "--languagetool", url])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("copydesk: error: ") and "cannot connect" in err
    assert err.count("\n") == 1


def test_bad_mode_is_a_usage_error(article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["check", str(article), "--languagetool", "sometimes"])
    assert info.value.code == 2
    assert "expected off, auto, local or a server URL" in capsys.readouterr().err


def test_bad_config_table_is_exit_2(
    article: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "copydesk.toml").write_text('[languagetool]\nmode = "sometimes"\n')
    code = main(["check", str(article)])
    err = capsys.readouterr().err
    assert code == 2 and "copydesk.toml: languagetool.mode:" in err


# --------------------------------------------------------------------------- status


def test_status_without_languagetool(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["languagetool", "status"]) == 0
    out = capsys.readouterr().out
    assert "auto would:" in out and "stay off: no LanguageTool installed" in out
    assert "copydesk languagetool install" in out and "LTP_JAR_DIR_PATH" in out
    assert "docker run" in out
    assert not (tmp_path / "ltp-cache").exists()  # looking creates nothing


def test_status_with_languagetool(
    fake_java: FakeJava,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "copydesk.toml").write_text('[languagetool]\nurl = "http://127.0.0.1:9"\n')
    assert main(["languagetool"]) == 0
    out = capsys.readouterr().out
    assert "start LanguageTool 6.6 from" in out and "(Java 17.0)" in out
    assert "copydesk.toml: mode http://127.0.0.1:9" in out
    assert "text is sent there" in out


# --------------------------------------------------------------------------- install


def test_install_uses_language_tool_pythons_download(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from language_tool_python import download_lt

    from .support import make_fake_java

    fake = make_fake_java(tmp_path / "fj")
    monkeypatch.setenv("PATH", f"{fake.bin_dir}{os.pathsep}{os.environ['PATH']}")
    calls: list[str] = []

    def fake_download(self: Any) -> None:
        calls.append(self.version_name)
        folder = Path(os.environ["LTP_PATH"]) / f"LanguageTool-{self.version_name}"
        folder.mkdir(parents=True)
        (folder / "languagetool-server.jar").write_bytes(b"")

    monkeypatch.setattr(download_lt.ReleaseLocalLanguageTool, "download", fake_download)
    assert main(["languagetool", "install", "--version", "6.6"]) == 0
    captured = capsys.readouterr()
    assert calls == ["6.6"]
    assert "downloading LanguageTool 6.6" in captured.err
    assert "LanguageTool 6.6 is ready in" in captured.out
    assert main(["languagetool", "install", "--version", "6.6"]) == 0
    assert calls == ["6.6"]  # already there: not downloaded again
    assert "already installed" in capsys.readouterr().out


def test_install_failure_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from language_tool_python import download_lt
    from language_tool_python.exceptions import PathError

    from .support import make_fake_java

    fake = make_fake_java(tmp_path / "fj")
    monkeypatch.setenv("PATH", f"{fake.bin_dir}{os.pathsep}{os.environ['PATH']}")

    def failing(self: Any) -> None:
        raise PathError("Failed to download from https://x/LanguageTool-6.6.zip.\nmore")

    monkeypatch.setattr(download_lt.ReleaseLocalLanguageTool, "download", failing)
    assert main(["languagetool", "install", "--version", "6.6"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == (
        "copydesk: error: could not install LanguageTool 6.6: "
        "Failed to download from https://x/LanguageTool-6.6.zip."
    )


def test_install_needs_java(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert main(["languagetool", "install"]) == 2
    assert "no Java on the PATH" in capsys.readouterr().err


def test_install_with_jar_dir_set(fake_java: FakeJava, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["languagetool", "install"]) == 0
    assert "already there" in capsys.readouterr().out


def test_install_bad_version(fake_java: FakeJava, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LTP_JAR_DIR_PATH")
    assert main(["languagetool", "install", "--version", "six"]) == 2
