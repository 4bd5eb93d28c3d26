"""The editor's widgets, one per private module."""

from copydesk.editor.widgets._issue_detail import IssueDetail
from copydesk.editor.widgets._issue_list import IssueList, issue_prompt
from copydesk.editor.widgets._issue_text_area import ISSUE_STYLES, IssueTextArea
from copydesk.editor.widgets._score_bar import ScoreBar
from copydesk.editor.widgets._status_line import StatusLine

__all__ = [
    "ISSUE_STYLES",
    "IssueDetail",
    "IssueList",
    "IssueTextArea",
    "ScoreBar",
    "StatusLine",
    "issue_prompt",
]
