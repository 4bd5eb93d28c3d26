"""The editor driven headless with Textual's Pilot: every action, as a user would do it."""

from __future__ import annotations

import os
from pathlib import Path

from textual.pilot import Pilot

from copydesk.editor.screens import (
    ConfirmScreen,
    DiffScreen,
    EditorScreen,
    FolderPickerScreen,
    HelpScreen,
)
from copydesk.editor.widgets import IssueDetail, IssueList, ScoreBar, StatusLine

from .conftest import ARTICLE, REFERENCE, FakeEngine, make_app

SIZE = (110, 32)


async def settle(pilot: Pilot) -> None:
    """Let debounce timers fire and checks finish."""
    for _ in range(50):
        await pilot.pause(0.02)
        await pilot.app.workers.wait_for_complete()
        screen = pilot.app.screen
        if isinstance(screen, EditorScreen) and screen.checker.pending:
            continue
        if isinstance(screen, FolderPickerScreen) and len(screen.counts) < len(screen.files):
            continue
        break
    await pilot.pause()


def editor(pilot: Pilot) -> EditorScreen:
    screen = pilot.app.screen
    assert isinstance(screen, EditorScreen)
    return screen


def spans(screen: EditorScreen) -> list[tuple[str, int, int]]:
    return [(i.rule, i.start, i.end) for i in screen.shown_issues]


async def test_opens_with_issues_listed_in_document_order(article: Path) -> None:
    async with make_app(article).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = editor(pilot)
        assert [r for r, _, _ in spans(screen)] == [
            "core-competitiveness",
            "born-for-fever",
            "deep-cultivation",
        ]
        assert screen.query_one(IssueList).option_count == 3
        assert "3 issues" in str(screen.query_one(StatusLine).render())


async def test_next_and_previous_issue_move_the_cursor_and_the_detail(article: Path) -> None:
    async with make_app(article).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = editor(pilot)
        await pilot.press("alt+n")
        assert screen.text_area.cursor_offset == ARTICLE.index("core competitiveness")
        assert screen.current_index == 0
        await pilot.press("alt+n")
        assert screen.text_area.cursor_offset == ARTICLE.index("born for fever")
        assert screen.query_one(IssueList).highlighted == 1
        detail = screen.query_one(IssueDetail).shown_text
        assert "A calqued slogan." in detail and "built for speed" in detail
        assert "Why born-for-fever" in detail
        await pilot.press("alt+p")
        assert screen.current_index == 0
        await pilot.press("alt+p")  # wraps to the last
        assert screen.current_index == 2


async def test_the_side_panel_follows_the_cursor(article: Path) -> None:
    async with make_app(article).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = editor(pilot)
        screen.text_area.move_cursor((2, 10))  # inside "deep cultivation"
        await pilot.pause()
        assert screen.current_index == 2
        assert screen.query_one(IssueList).highlighted == 2


async def test_applying_a_suggestion_changes_exactly_the_flagged_span(article: Path) -> None:
    async with make_app(article).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = editor(pilot)
        await pilot.press("alt+n", "alt+n", "alt+n")  # deep cultivation
        await pilot.press("alt+2")
        expected = ARTICLE.replace("deep cultivation", "years of work")
        assert screen.text == expected
        await settle(pilot)
        assert [r for r, _, _ in spans(screen)] == ["core-competitiveness", "born-for-fever"]
        assert screen.modified


async def test_a_missing_suggestion_number_changes_nothing(article: Path) -> None:
    async with make_app(article).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = editor(pilot)
        await pilot.press("alt+n", "alt+n")  # born for fever: one suggestion
        await pilot.press("alt+5")
        assert screen.text == ARTICLE


async def test_undo_and_redo_of_an_applied_suggestion(article: Path) -> None:
    async with make_app(article).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = editor(pilot)
        await pilot.press("alt+n", "alt+1")
        changed = ARTICLE.replace("core competitiveness", "edge")
        assert screen.text == changed
        await pilot.press("ctrl+z")
        assert screen.text == ARTICLE
        await settle(pilot)
        assert len(screen.shown_issues) == 3
        await pilot.press("ctrl+y")
        assert screen.text == changed


async def test_ignore_issue_and_ignore_rule(article: Path) -> None:
    text = ARTICLE + "Another core competitiveness claim.\n"
    article.write_text(text)
    async with make_app(article).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = editor(pilot)
        assert len(screen.shown_issues) == 4
        await pilot.press("alt+n", "alt+n")  # born for fever
        await pilot.press("alt+i")
        assert "born-for-fever" not in [r for r, _, _ in spans(screen)]
        assert len(screen.shown_issues) == 3
        await pilot.press("alt+p")  # core competitiveness (first)
        await pilot.press("alt+r")
        assert [r for r, _, _ in spans(screen)] == ["deep-cultivation"]
        # Ignored flags stay hidden after their paragraph is checked again.
        await pilot.press("end", "x")
        await settle(pilot)
        assert [r for r, _, _ in spans(screen)] == ["deep-cultivation"]
        assert "2 ignored" in str(screen.query_one(StatusLine).render()) or "3 ignored" in str(
            screen.query_one(StatusLine).render()
        )


async def test_typing_rechecks_only_the_changed_paragraph(article: Path) -> None:
    engine = FakeEngine()
    async with make_app(article, engine).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = editor(pilot)
        assert engine.full_checks == 1
        screen.text_area.move_cursor((1, 0))
        await pilot.press(*"born for fever ")
        await settle(pilot)
        line = screen.text.split("\n")[1]
        start = screen.text.index(line)
        # Each re-check covered the second line (as it was then), nothing else.
        assert engine.ranges and all(s == start for s, _ in engine.ranges)
        assert all(e <= start + len(line) for _, e in engine.ranges)
        assert engine.ranges[-1] == (start, start + len(line))
        assert [r for r, _, _ in spans(screen)].count("born-for-fever") == 2


async def test_issue_positions_move_while_a_check_is_pending(article: Path) -> None:
    app = make_app(article)
    app.options.check_delay = 30  # the re-check will not run during this test
    async with app.run_test(size=SIZE) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.05)
        screen = editor(pilot)
        before = spans(screen)
        screen.text_area.move_cursor((0, 0))
        await pilot.press(*"Now ")
        assert screen.checker.pending
        assert spans(screen) == [(r, s + 4, e + 4) for r, s, e in before]
        flagged = [screen.text[s:e] for _, s, e in spans(screen)]
        assert flagged == ["core competitiveness", "born for fever", "deep cultivation"]


async def test_save_writes_the_file_keeping_crlf_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbf" + ARTICLE.replace("\n", "\r\n").encode())
    os.chmod(path, 0o600)
    async with make_app(path).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = editor(pilot)
        await pilot.press("alt+n", "alt+1", "ctrl+s")
        await pilot.pause()
        expected = ARTICLE.replace("core competitiveness", "edge").replace("\n", "\r\n")
        assert path.read_bytes() == b"\xef\xbb\xbf" + expected.encode()
        assert os.stat(path).st_mode & 0o777 == 0o600
        assert not screen.modified


async def test_save_asks_before_overwriting_a_file_changed_on_disk(article: Path) -> None:
    async with make_app(article).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x")
        article.write_text("changed elsewhere\n")
        os.utime(article, ns=(5, 5))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("c")
        await pilot.pause()
        assert article.read_text() == "changed elsewhere\n"
        assert editor(pilot).modified
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert article.read_text() == "x" + ARTICLE


async def test_quit_without_changes_exits(article: Path) -> None:
    app = make_app(article)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_value == 0


async def test_quit_with_changes_asks_and_cancel_keeps_editing(article: Path) -> None:
    app = make_app(article)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x", "ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert editor(pilot).text.startswith("x")
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("d")  # discard
        await pilot.pause()
    assert app.return_value == 0
    assert article.read_text() == ARTICLE


async def test_quit_with_changes_can_save_first(article: Path) -> None:
    app = make_app(article)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x", "ctrl+q")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
    assert article.read_text() == "x" + ARTICLE


async def test_diff_shows_the_changes_against_the_file_as_opened(article: Path) -> None:
    async with make_app(article).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("alt+n", "alt+1", "alt+d")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, DiffScreen)
        assert "-Xiaomi shows its core competitiveness in cars." in screen.diff
        assert "+Xiaomi shows its edge in cars." in screen.diff
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, EditorScreen)


async def test_help_screen_lists_every_key(article: Path) -> None:
    async with make_app(article).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, HelpScreen)
        keys = " ".join(k for k, _ in screen.keys)
        for key in ("alt+n", "alt+p", "alt+1", "alt+i", "alt+r", "ctrl+z", "ctrl+s", "ctrl+q"):
            assert key in keys
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, EditorScreen)


async def test_footer_shows_the_keys(article: Path) -> None:
    async with make_app(article).run_test(size=(200, 30)) as pilot:
        await settle(pilot)
        bindings = pilot.app.screen.active_bindings.values()
        shown = {b.binding.action for b in bindings if b.binding.show}
        wanted = {"next_issue", "previous_issue", "apply_suggestion(1)", "ignore_issue"}
        wanted |= {"ignore_rule", "undo", "redo", "save", "diff", "app.help", "app.quit"}
        assert wanted <= shown


async def test_command_palette_runs_editor_commands(article: Path) -> None:
    async with make_app(article).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = editor(pilot)
        commands = {c.title for c in pilot.app.get_system_commands(screen)}
        assert {"Next issue", "Apply suggestion 1", "Ignore rule", "Save", "Diff"} <= commands
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        await pilot.press(*"Next issue")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert screen.text_area.cursor_offset == ARTICLE.index("core competitiveness")


async def test_score_bar_improves_after_an_edit_toward_the_reference(
    article: Path, tmp_path: Path
) -> None:
    ref = tmp_path / "ref.txt"
    ref.write_text(REFERENCE)
    async with make_app(article, refs=[ref], mt=article).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = editor(pilot)
        first = screen._last_report
        assert first is not None and first.ok and first.chrf == first.mt_chrf
        await pilot.press("alt+n", "alt+1")  # core competitiveness -> edge, as in the ref
        await pilot.pause(0.1)
        await settle(pilot)
        after = screen._last_report
        assert after is not None and after.chrf > first.chrf
        assert "vs MT ▲" in str(screen.query_one(ScoreBar).render())


async def test_reference_with_other_line_count_opens_and_explains(
    article: Path, tmp_path: Path
) -> None:
    ref = tmp_path / "ref.txt"
    ref.write_text("Only one line.\n")
    async with make_app(article, refs=[ref]).run_test(size=SIZE) as pilot:
        await settle(pilot)
        bar = str(editor(pilot).query_one(ScoreBar).render())
        assert "cannot score" in bar and "3 lines" in bar and "ref.txt has 1" in bar


async def test_folder_picker_counts_issues_and_opens_a_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "b.md").write_text("Nothing wrong here.\n")
    (tmp_path / "c.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "notes.py").write_text("x = 1\n")
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        await settle(pilot)
        picker = pilot.app.screen
        assert isinstance(picker, FolderPickerScreen)
        counts = {p.name: c.cell() for p, c in picker.counts.items()}
        assert counts["a.txt"] == "3" and counts["b.md"] == "0"
        assert counts["c.txt"] == "unreadable"
        assert picker.counts[tmp_path / "c.txt"].note().startswith("binary")
        assert "notes.py" not in counts
        await pilot.press("enter")
        await settle(pilot)
        screen = editor(pilot)
        assert screen.session.path.name == "a.txt"
        await pilot.press("alt+n", "alt+1", "ctrl+s", "ctrl+o")
        await settle(pilot)
        assert pilot.app.screen is picker
        assert picker.counts[tmp_path / "a.txt"].issues == 2
        await pilot.press("down", "down", "enter")  # the binary file: refused, stays
        await pilot.pause()
        assert pilot.app.screen is picker


async def test_a_new_file_opens_empty_and_is_created_on_save(tmp_path: Path) -> None:
    path = tmp_path / "new.txt"
    async with make_app(path).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = editor(pilot)
        assert screen.text == "" and screen.session.is_new
        assert not path.exists()
        await pilot.press(*"born for fever")
        await settle(pilot)
        assert spans(screen) == [("born-for-fever", 0, 14)]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert path.read_text() == "born for fever"


async def test_small_terminal_long_line_and_unicode(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    text = ("文字 core competitiveness " * 2000) + "\nborn for fever\n"
    path.write_text(text)
    async with make_app(path).run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        screen = editor(pilot)
        assert len(screen.shown_issues) == 2001
        await pilot.press("alt+p")  # wraps to the last issue, on line 2
        assert screen.text_area.cursor_location == (1, 0)
        await pilot.press("alt+1")
        assert screen.text.endswith("\nbuilt for speed\n")


async def test_a_one_megabyte_article_stays_responsive(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    paragraph = "Plain words about cars and phones, with core competitiveness inside. " * 10
    text = "\n".join(paragraph for _ in range(1500)) + "\n"
    assert len(text) > 1_000_000
    path.write_text(text)
    engine = FakeEngine()
    async with make_app(path, engine).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = editor(pilot)
        assert len(screen.shown_issues) == 15000
        screen.text_area.move_cursor((700, 0))
        await pilot.press(*"deep cultivation ")
        await settle(pilot)
        assert len(screen.shown_issues) == 15001
        assert len(engine.ranges) >= 1 and all(e - s < 1000 for s, e in engine.ranges)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert path.read_text() == screen.text


async def test_languagetool_issues_are_told_apart(article: Path) -> None:
    from copydesk.editor.app import CopydeskEditor
    from copydesk.editor.recheck import EngineChecker, WholeDocumentChecker
    from copydesk.editor.session import FileSession
    from copydesk.editor.widgets import issue_prompt
    from copydesk.editor.widgets._issue_text_area import style_name
    from copydesk.rules.model import Issue, Severity

    class FakeLanguageTool:
        """Flags every "cars" as LanguageTool would."""

        def check(self, doc):  # noqa: ANN001, ANN201
            at = doc.text.find("cars")
            if at < 0:
                return []
            return [
                Issue(
                    "LT_CARS",
                    "grammar",
                    Severity.WARNING,
                    "Cars?",
                    at,
                    at + 4,
                    ["vehicles"],
                    source="languagetool",
                )
            ]

    engine = FakeEngine()
    app = CopydeskEditor(
        article,
        lambda: [EngineChecker(engine), WholeDocumentChecker(FakeLanguageTool())],
        engine.rules,
        session=FileSession.open(article),
        check_delay=0.01,
    )
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = editor(pilot)
        lt = [i for i in screen.shown_issues if i.source == "languagetool"]
        assert [(i.rule, i.start) for i in lt] == [("LT_CARS", ARTICLE.index("cars"))]
        assert style_name(lt[0]) == "issue.lt.warning"
        assert style_name(screen.shown_issues[0]) == "issue.warning"
        assert issue_prompt(lt[0]).plain.startswith("W LT LT_CARS")
        screen.text_area.move_cursor(screen.text_area.location_of(lt[0].start))
        await pilot.pause()
        assert "LanguageTool" in screen.query_one(IssueDetail).shown_text
        await pilot.press("alt+1")
        assert "vehicles" in screen.text and "cars" not in screen.text


async def test_issue_list_keys_work_without_alt(article: Path) -> None:
    async with make_app(article).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = editor(pilot)
        await pilot.press("tab")
        assert screen.focused is screen.query_one(IssueList)
        await pilot.press("down")  # born for fever; the text cursor follows
        assert screen.current_index == 1
        assert screen.text_area.cursor_offset == ARTICLE.index("born for fever")
        await pilot.press("1")
        assert screen.text == ARTICLE.replace("born for fever", "built for speed")
        await settle(pilot)
        await pilot.press("i")  # ignores the issue now current (deep cultivation)
        assert [r for r, _, _ in spans(screen)] == ["core-competitiveness"]
        await pilot.press("enter")
        assert screen.focused is screen.text_area
