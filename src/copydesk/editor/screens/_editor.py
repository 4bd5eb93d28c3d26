"""The main screen: the article, its issues, the current issue, scores and status.

It owns the editing state of one file: the `FileSession` (open/save/diff), the
`LiveChecker` (issues kept current by re-checking changed paragraphs in a worker), the
session's ignores and, with references, the scorer. Widgets report upward with messages
(`IssueList.Chosen`; edits through the text area's synchronous edit listener); the screen answers by calling their methods.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, TextArea

from copydesk.editor.ignores import SessionIgnores
from copydesk.editor.recheck import CheckOutcome, CheckRequest, LiveChecker, RangeChecker
from copydesk.editor.scoring import LiveScorer, ScoreReport
from copydesk.editor.session import FileSession
from copydesk.editor.textedit import TextEdit
from copydesk.editor.widgets import IssueDetail, IssueList, IssueTextArea, ScoreBar, StatusLine
from copydesk.rules.fix import FileChangedError
from copydesk.rules.model import Issue, Rule


@dataclass
class EditorOptions:
    """What every editor screen of one app shares."""

    make_checkers: object  # Callable[[], list[RangeChecker]]
    rules: dict[str, Rule]
    scorer: LiveScorer | None = None
    check_delay: float = 0.15
    score_delay: float = 0.4


def _apply_binding(n: int) -> Binding:
    return Binding(
        f"alt+{n}",
        f"apply_suggestion({n})",
        "Apply" if n == 1 else f"Apply suggestion {n}",
        key_display="alt+1…9" if n == 1 else None,
        show=n == 1,
        priority=True,
    )


class EditorScreen(Screen[None]):
    """Editing one file."""

    BINDINGS = [
        Binding("alt+n,f8", "next_issue", "Next", key_display="alt+n", priority=True),
        Binding("alt+p,shift+f8", "previous_issue", "Prev", key_display="alt+p", priority=True),
        *[_apply_binding(n) for n in range(1, 10)],
        Binding("alt+i", "ignore_issue", "Ignore", priority=True),
        Binding("alt+r", "ignore_rule", "Ign.rule", priority=True),
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("ctrl+q", "app.quit", "Quit", priority=True),
        Binding("f1", "app.help", "Help", priority=True),
        Binding("alt+d", "diff", "Diff", priority=True),
        Binding("ctrl+z", "undo", "Undo", priority=True),
        Binding("ctrl+y", "redo", "Redo", priority=True),
        Binding("ctrl+o", "close_file", "Files", priority=True),
    ]

    class CheckFinished(Message):
        def __init__(self, outcome: CheckOutcome) -> None:
            super().__init__()
            self.outcome = outcome

    class ScoreFinished(Message):
        def __init__(self, report: ScoreReport, version: int) -> None:
            super().__init__()
            self.report = report
            self.version = version

    def __init__(self, session: FileSession, options: EditorOptions, from_folder: bool = False):
        super().__init__()
        self.session = session
        self.options = options
        self.from_folder = from_folder
        checkers: list[RangeChecker] = options.make_checkers()  # type: ignore[operator]
        self.checker = LiveChecker(checkers, str(session.path), session.markdown, session.encoding)
        self.ignores = SessionIgnores()
        self.shown_issues: list[Issue] = []
        self._preferred: int | None = None
        self.current_index: int | None = None
        self.check_errors: set[str] = set()
        self._check_timer: Timer | None = None
        self._score_timer: Timer | None = None
        self._score_version = -1
        self._last_report: ScoreReport | None = None
        self._detail_shown: tuple[str, int, int, str] | None = ()  # type: ignore[assignment]

    # ---------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            yield IssueTextArea(self.session.saved_text, id="text")
            with Vertical(id="side"):
                yield IssueList(id="issues")
                yield IssueDetail(id="detail")
        score = ScoreBar(id="score")
        score.display = self.options.scorer is not None
        yield score
        yield StatusLine(id="status")
        yield Footer(compact=True)

    @property
    def text_area(self) -> IssueTextArea:
        return self.query_one(IssueTextArea)

    @property
    def text(self) -> str:
        return self.text_area.text

    @property
    def modified(self) -> bool:
        return self.session.is_modified(self.text)

    def on_mount(self) -> None:
        self.text_area.edit_listener = self._text_edited
        self.text_area.focus()
        if self.session.is_new:
            self.notify(
                f"{self.session.path} does not exist yet: it will be created when you save.",
                title="New file",
            )
        for warning in self.session.warnings:
            self.notify(warning, severity="warning", timeout=8)
        self.checker.start(self.text)
        self._start_check()
        if self.options.scorer is not None:
            self.query_one(ScoreBar).show_scores("scoring…", stale=True)
            self._start_score()
        self._refresh_view()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "close_file" and not self.from_folder)

    # ------------------------------------------------------------ checking

    def _schedule(self, timer: Timer | None, delay: float, callback) -> Timer:  # noqa: ANN001
        if timer is not None:
            timer.stop()
        return self.set_timer(max(delay, 0.001), callback)

    def _start_check(self) -> None:
        request = self.checker.request(self.text)
        if request is not None:
            self._run_check(request)
        self._refresh_status()

    @work(thread=True, exclusive=True, group="check", exit_on_error=False)
    def _run_check(self, request: CheckRequest) -> None:
        self.checker.run(request, on_outcome=lambda o: self.post_message(self.CheckFinished(o)))

    def on_editor_screen_check_finished(self, message: CheckFinished) -> None:
        outcome = message.outcome
        if outcome.error is not None:
            if outcome.error not in self.check_errors:
                self.check_errors.add(outcome.error)
                self.notify(f"check failed: {outcome.error}", severity="error", timeout=10)
            self.checker.dirty[outcome.source] = []
        elif self.checker.accept(outcome):
            self._refresh_view()
        elif self.checker.pending:
            self._check_timer = self._schedule(
                self._check_timer, self.options.check_delay, self._start_check
            )
        self._refresh_status()

    # ------------------------------------------------------------- scoring

    def _start_score(self) -> None:
        self._score_version = self.checker.version
        self._run_score(self.text, self.checker.version)

    @work(thread=True, exclusive=True, group="score", exit_on_error=False)
    def _run_score(self, text: str, version: int) -> None:
        scorer = self.options.scorer
        if scorer is None:
            return
        try:
            report = scorer.score(text, self.session.path.name)
        except Exception as exc:  # scoring must never take the editor down
            report = ScoreReport(problem=f"{type(exc).__name__}: {exc}")
        self.post_message(self.ScoreFinished(report, version))

    def on_editor_screen_score_finished(self, message: ScoreFinished) -> None:
        self._last_report = message.report
        stale = message.version != self.checker.version
        self.query_one(ScoreBar).show_scores(message.report.summary(), stale=stale)

    # --------------------------------------------------------------- edits

    def _text_edited(self, edit: TextEdit, text: str) -> None:
        """The text area's edit listener: runs inside the edit, before marks are redrawn."""
        self.checker.note_edit(edit)
        self.ignores.note_edit(edit)
        self._refresh_view()
        self._check_timer = self._schedule(
            self._check_timer, self.options.check_delay, self._start_check
        )
        if self.options.scorer is not None:
            self.query_one(ScoreBar).set_class(True, "-stale")
            self._score_timer = self._schedule(
                self._score_timer, self.options.score_delay, self._start_score
            )

    @on(TextArea.SelectionChanged)
    def _cursor_moved(self) -> None:
        self._follow_cursor()

    # ---------------------------------------------------------------- view

    def _refresh_view(self) -> None:
        """Show the current issues in the list, the text and the detail view."""
        every = self.checker.all_issues()
        self.shown_issues = self.ignores.visible(every)
        self.query_one(IssueList).show_issues(self.shown_issues)
        self.text_area.set_issues(self.shown_issues)
        self._follow_cursor()
        self._refresh_status(hidden=len(every) - len(self.shown_issues))

    def _refresh_status(self, hidden: int | None = None) -> None:
        if hidden is None:
            hidden = len(self.checker.all_issues()) - len(self.shown_issues)
        name = str(self.session.path) + (" (new)" if self.session.is_new else "")
        self.query_one(StatusLine).show_status(
            name, self.modified, len(self.shown_issues), hidden, self.checker.pending
        )

    def _index_at_cursor(self) -> int | None:
        """The issue under the cursor (the one last jumped to, if several are), else the
        next one after it, else the last one."""
        issues = self.shown_issues
        if not issues:
            return None
        offset = self.text_area.cursor_offset
        preferred = self._preferred
        if preferred is not None and preferred < len(issues):
            issue = issues[preferred]
            if issue.start <= offset < issue.end or issue.start == offset:
                return preferred
        self._preferred = None
        after = bisect.bisect_right(issues, offset, key=_start_of)
        for index in range(after - 1, max(-1, after - 64), -1):
            issue = issues[index]
            if issue.start <= offset < issue.end or issue.start == offset:
                return index
        return min(after, len(issues) - 1)

    def _follow_cursor(self) -> None:
        self.current_index = self._index_at_cursor()
        issue = self.shown_issues[self.current_index] if self.current_index is not None else None
        self.text_area.set_current((issue.start, issue.end) if issue else None)
        self.query_one(IssueList).follow(self.current_index)
        shown = (issue.rule, issue.start, issue.end, issue.message) if issue else None
        if shown != self._detail_shown:
            self._detail_shown = shown
            rule = self.options.rules.get(issue.rule) if issue else None
            flagged = self.text[issue.start : issue.end] if issue else ""
            self.query_one(IssueDetail).show_issue(issue, rule, flagged)

    def _go_to(self, index: int, focus_text: bool = False) -> None:
        issue = self.shown_issues[index]
        self._preferred = index
        area = self.text_area
        area.move_cursor(area.location_of(issue.start), center=True)
        self._follow_cursor()
        if focus_text:
            area.focus()

    # ------------------------------------------------------------- actions

    def _at_current(self) -> int | None:
        """The current issue's index if the cursor is at its start (where jumps land)."""
        index = self.current_index
        if index is None or index >= len(self.shown_issues):
            return None
        return index if self.shown_issues[index].start == self.text_area.cursor_offset else None

    def action_next_issue(self) -> None:
        if not self.shown_issues:
            self.notify("No issues.", timeout=2)
            return
        here = self._at_current()
        if here is not None:
            index = here + 1
        else:
            index = bisect.bisect_right(
                self.shown_issues, self.text_area.cursor_offset, key=_start_of
            )
        if index >= len(self.shown_issues):
            index = 0
            self.notify("Back to the first issue.", timeout=2)
        self._go_to(index)

    def action_previous_issue(self) -> None:
        if not self.shown_issues:
            self.notify("No issues.", timeout=2)
            return
        here = self._at_current()
        if here is not None:
            index = here - 1
        else:
            offset = self.text_area.cursor_offset
            index = bisect.bisect_left(self.shown_issues, offset, key=_start_of) - 1
        if index < 0:
            index = len(self.shown_issues) - 1
            self.notify("Back to the last issue.", timeout=2)
        self._go_to(index)

    def _current_issue(self) -> Issue | None:
        if self.current_index is None or self.current_index >= len(self.shown_issues):
            self.notify("No issue at the cursor.", timeout=2)
            return None
        return self.shown_issues[self.current_index]

    def action_apply_suggestion(self, number: int) -> None:
        issue = self._current_issue()
        if issue is None:
            return
        if not 1 <= number <= len(issue.suggestions):
            have = len(issue.suggestions)
            self.notify(
                f"{issue.rule} has no suggestion {number}"
                + (f" (it has {have})." if have else " (it has none)."),
                severity="warning",
                timeout=3,
            )
            return
        replacement = issue.suggestions[number - 1]
        area = self.text_area
        area.history.checkpoint()
        area.replace_span(issue.start, issue.end, replacement)
        area.history.checkpoint()
        area.move_cursor(area.location_of(issue.start + len(replacement)))
        self._follow_cursor()

    def action_ignore_issue(self) -> None:
        issue = self._current_issue()
        if issue is None:
            return
        self.ignores.ignore_issue(issue)
        self._refresh_view()
        self.notify(f"Ignored this {issue.rule}.", timeout=2)

    def action_ignore_rule(self) -> None:
        issue = self._current_issue()
        if issue is None:
            return
        self.ignores.ignore_rule(issue.rule)
        self._refresh_view()
        self.notify(f"Ignoring {issue.rule} until you quit.", timeout=3)

    def action_undo(self) -> None:
        self.text_area.undo()

    def action_redo(self) -> None:
        self.text_area.redo()

    def action_diff(self) -> None:
        from copydesk.editor.screens._diff import DiffScreen

        self.app.push_screen(DiffScreen(self.session.diff(self.text)))

    @on(IssueList.Chosen)
    def _issue_chosen(self, message: IssueList.Chosen) -> None:
        if 0 <= message.index < len(self.shown_issues):
            self._go_to(message.index, focus_text=message.focus_text)

    # -------------------------------------------------------------- saving

    def action_save(self) -> None:
        self.save()

    def save(self, then=None, overwrite: bool = False) -> None:  # noqa: ANN001
        """Save; if the file changed on disk, ask first. `then` runs after a good save."""
        try:
            self.session.save(self.text, overwrite=overwrite)
        except FileChangedError:
            from copydesk.editor.screens._confirm import ConfirmScreen

            def answered(choice: str | None) -> None:
                if choice == "overwrite":
                    self.save(then, overwrite=True)
                else:
                    self.notify("Not saved. Your text is still here; alt+d shows your changes.")

            self.app.push_screen(
                ConfirmScreen(
                    f"{self.session.path} changed on disk since you opened it.\n"
                    "Overwrite it with your version?",
                    [("overwrite", "Overwrite", "o"), ("cancel", "Cancel", "c")],
                ),
                answered,
            )
            return
        except OSError as exc:
            self.notify(
                f"Could not save {self.session.path}: {exc.strerror or exc}. "
                "Your text is still here.",
                severity="error",
                timeout=10,
            )
            return
        self.notify(f"Saved {self.session.path}.", timeout=2)
        self._refresh_status()
        if then is not None:
            then()

    def confirm_leave(self, leave) -> None:  # noqa: ANN001
        """Run `leave` now if nothing is unsaved, else after asking (and maybe saving)."""
        if not self.modified:
            leave()
            return
        from copydesk.editor.screens._confirm import ConfirmScreen

        def answered(choice: str | None) -> None:
            if choice == "save":
                self.save(then=leave)
            elif choice == "discard":
                leave()

        self.app.push_screen(
            ConfirmScreen(
                f"{self.session.path} has unsaved changes.",
                [
                    ("save", "Save", "s"),
                    ("discard", "Discard changes", "d"),
                    ("cancel", "Cancel", "c"),
                ],
            ),
            answered,
        )

    def action_close_file(self) -> None:
        if self.from_folder:
            self.confirm_leave(lambda: self.dismiss(None))

    def key_commands(self) -> list[tuple[str, str]]:
        """(key, description) of every editor key, for the help screen."""
        rows: list[tuple[str, str]] = []
        for binding in self.BINDINGS:
            assert isinstance(binding, Binding)
            if not binding.show and binding.action.startswith("apply_suggestion"):
                continue
            if binding.action == "close_file" and not self.from_folder:
                continue
            keys = binding.key.replace(",", " or ")
            label = HELP_TEXT.get(binding.action, binding.description)
            if binding.action.startswith("apply_suggestion"):
                keys, label = "alt+1 … alt+9", "apply suggestion 1-9 of the current issue"
            rows.append((keys, label))
        rows.append(("ctrl+p", "command palette: every command by name"))
        return rows


HELP_TEXT = {
    "next_issue": "next issue (wraps around)",
    "previous_issue": "previous issue (wraps around)",
    "ignore_issue": "ignore the current issue for this session",
    "ignore_rule": "ignore every issue of the current rule for this session",
    "save": "save (atomic; same encoding, BOM, line endings, mode; asks if changed on disk)",
    "diff": "diff of your changes against the file as opened",
    "undo": "undo",
    "redo": "redo",
    "close_file": "close the file and go back to the folder (asks if unsaved)",
    "app.help": "this help",
    "app.quit": "quit (asks if there are unsaved changes)",
}


def _start_of(issue: Issue) -> int:
    return issue.start
