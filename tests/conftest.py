"""Shared fixtures: the sample pack, the shared examples, and running the CLI in-process."""

from __future__ import annotations

import io
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SAMPLE_PACKS = DATA / "packs"
SHARED_EXAMPLES = ROOT.parent / "shared" / "examples"
CORPUS_EXAMPLE = ROOT / "corpora" / "xiaomi-tribute"


def example_file(name: str) -> Path:
    """A file of the example article: the shared copy, else the corpus shipped in the repo."""
    shared = SHARED_EXAMPLES / name
    if shared.exists():
        return shared
    local = {"xiaomi-tribute.mt.txt": "mt.txt", "xiaomi-tribute.ref.txt": "ref.txt"}.get(name)
    if local and (CORPUS_EXAMPLE / local).exists():
        return CORPUS_EXAMPLE / local
    pytest.skip(f"example file {name} is not available")


@dataclass
class CliResult:
    status: int
    out: str
    err: str


@pytest.fixture
def cli() -> Callable[..., CliResult]:
    """Run `copydesk ARGS` in-process and capture its output and exit status."""
    from copydesk.cli import main

    def run(*args: str) -> CliResult:
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            try:
                status = main([str(a) for a in args])
            except SystemExit as exc:
                status = int(exc.code or 0)
        return CliResult(status, out.getvalue(), err.getvalue())

    return run


@pytest.fixture(autouse=True)
def _isolated_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep the inflection cache of the tests out of the user's home."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))


@pytest.fixture
def no_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in an empty folder so that no project config is picked up."""
    monkeypatch.chdir(tmp_path)
    return tmp_path
