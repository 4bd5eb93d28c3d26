"""The editor's screens, one per private module."""

from copydesk.editor.screens._confirm import ConfirmScreen
from copydesk.editor.screens._diff import DiffScreen
from copydesk.editor.screens._editor import EditorOptions, EditorScreen
from copydesk.editor.screens._folder import FileCount, FolderPickerScreen, text_files
from copydesk.editor.screens._help import HelpScreen

__all__ = [
    "ConfirmScreen",
    "DiffScreen",
    "EditorOptions",
    "EditorScreen",
    "FileCount",
    "FolderPickerScreen",
    "HelpScreen",
    "text_files",
]
