"""Errors that end with one clear line for the user instead of a traceback."""

from __future__ import annotations


class CopydeskError(Exception):
    """Base for every error copydesk reports to the user as one line and exit status 2."""


class InputError(CopydeskError):
    """A file that cannot be read or decoded; names the file and, where known, where."""

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        self.path = path
        self.reason = reason
        self.line = line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {reason}")


class ConfigError(CopydeskError):
    """An invalid configuration file; names the file and the key."""


class PackError(CopydeskError):
    """A rule pack that cannot be loaded; names the file, line and rule id."""

    def __init__(self, path: str, line: int | None, rule_id: str | None, reason: str) -> None:
        self.path = path
        self.line = line
        self.rule_id = rule_id
        self.reason = reason
        where = f"{path}:{line}" if line else path
        rule = f" rule {rule_id}:" if rule_id else ""
        super().__init__(f"{where}:{rule} {reason}")
