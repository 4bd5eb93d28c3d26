"""The detail view of the current issue: message, why, and every suggestion numbered."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.widgets import Static

from copydesk.rules.model import Issue, Rule

SEVERITY_STYLE = {"error": "bold red", "warning": "bold yellow", "info": "bold blue"}


class IssueDetail(Static):
    """What is wrong with the current span and what to write instead."""

    shown_text = ""
    """The plain text of what is shown (for tests and screen readers)."""

    def show_issue(self, issue: Issue | None, rule: Rule | None, flagged: str = "") -> None:
        if issue is None:
            empty = Text("No issue here. alt+n jumps to the next one.", style="dim")
            self.shown_text = empty.plain
            self.update(empty)
            return
        severity = str(issue.severity)
        head = Text()
        head.append(severity.upper(), SEVERITY_STYLE.get(severity, "bold"))
        head.append(f"  {issue.rule}", "bold")
        source = "LanguageTool" if issue.source == "languagetool" else issue.category
        head.append(f"  ({source})", "dim")
        parts: list[Text] = [head]
        if flagged:
            shown = flagged if len(flagged) <= 80 else flagged[:77] + "…"
            parts.append(Text.assemble(("“", "dim"), (shown, "reverse"), ("”", "dim")))
        parts.append(Text(issue.message))
        if issue.suggestions:
            for number, suggestion in enumerate(issue.suggestions, start=1):
                key = f"alt+{number}" if number <= 9 else "     "
                line = Text()
                line.append(f"{key} ", "bold cyan")
                line.append(suggestion or "(delete it)", "green")
                parts.append(line)
        else:
            parts.append(Text("No suggestion: rewrite by hand, or alt+i to ignore.", "dim"))
        why = rule.why if rule is not None else ""
        if why:
            parts.append(Text(why.strip(), style="italic"))
        self.shown_text = "\n".join(part.plain for part in parts)
        self.update(Group(*parts))
