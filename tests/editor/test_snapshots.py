"""Snapshots (pytest-textual-snapshot) of the main screen, the help screen and the folder
picker. Deterministic: fixed terminal size, relative paths, no clock, the cursor not
blinking, checks finished before the picture is taken.

After a deliberate change of the UI: `pytest tests/editor --snapshot-update`, and look at
the SVGs in `__snapshots__/` before committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from copydesk.editor.screens import EditorScreen

from .conftest import ARTICLE, REFERENCE, make_app
from .test_app import settle

SIZE = (100, 28)


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    Path("article.txt").write_text(ARTICLE)
    Path("ref.txt").write_text(REFERENCE)
    return tmp_path


async def ready(pilot: Pilot) -> None:
    await settle(pilot)
    screen = pilot.app.screen
    if isinstance(screen, EditorScreen):
        screen.text_area.cursor_blink = False
    await pilot.pause()


def test_main_screen(workdir: Path, snap_compare) -> None:  # noqa: ANN001
    app = make_app(Path("article.txt"), refs=[Path("ref.txt")], mt=Path("article.txt"))

    async def run_before(pilot: Pilot) -> None:
        await ready(pilot)
        await pilot.press("alt+n", "alt+n")
        await ready(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_help_screen(workdir: Path, snap_compare) -> None:  # noqa: ANN001
    app = make_app(Path("article.txt"))

    async def run_before(pilot: Pilot) -> None:
        await ready(pilot)
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_folder_picker(workdir: Path, snap_compare) -> None:  # noqa: ANN001
    folder = Path("articles")
    folder.mkdir()
    (folder / "one.txt").write_text(ARTICLE)
    (folder / "two.md").write_text("Nothing to flag here.\n")
    (folder / "three.txt").write_bytes(b"\xff\xfe\x00\xd8")  # UTF-16 with a lone surrogate
    app = make_app(folder)

    async def run_before(pilot: Pilot) -> None:
        await ready(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_small_terminal(workdir: Path, snap_compare) -> None:  # noqa: ANN001
    app = make_app(Path("article.txt"))

    async def run_before(pilot: Pilot) -> None:
        await ready(pilot)
        await pilot.press("alt+n")
        await ready(pilot)

    assert snap_compare(app, terminal_size=(60, 20), run_before=run_before)
