"""Fixtures for the LanguageTool tests: a fake server on loopback, a fake `java` that runs it
as a local server process, and guards so that no test ever downloads LanguageTool or sees the
developer's own install (except the integration test, marked `real_languagetool`)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .fake_languagetool import FakeLanguageTool
from .support import FakeJava, make_fake_java


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "real_languagetool: runs against a real local LanguageTool when present"
    )


@pytest.fixture(autouse=True)
def no_download(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to download LanguageTool fails the test."""
    from language_tool_python import download_lt

    def refuse(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("a test tried to download LanguageTool")

    monkeypatch.setattr(download_lt.ReleaseLocalLanguageTool, "download", refuse)
    monkeypatch.setattr(download_lt.SnapshotLocalLanguageTool, "download", refuse)
    monkeypatch.setattr(download_lt.LocalLanguageTool, "_get_remote_zip", refuse)


@pytest.fixture(autouse=True)
def isolated_install(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Hide the developer's LanguageTool: an empty download cache, no LTP_JAR_DIR_PATH."""
    if request.node.get_closest_marker("real_languagetool"):
        return
    monkeypatch.setenv("LTP_PATH", str(tmp_path / "ltp-cache"))
    monkeypatch.delenv("LTP_JAR_DIR_PATH", raising=False)
    for name in ("FAKE_LT_BEHAVIOUR", "FAKE_LT_STATUS", "FAKE_LT_DELAY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def fake_lt() -> Iterator[FakeLanguageTool]:
    fake = FakeLanguageTool()
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture
def fake_java(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeJava:
    """LTP_JAR_DIR_PATH names a LanguageTool folder and `java` runs the fake server."""
    fake = make_fake_java(tmp_path / "fakejava")
    monkeypatch.setenv("PATH", f"{fake.bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setenv("LTP_JAR_DIR_PATH", str(fake.jar_dir))
    return fake
