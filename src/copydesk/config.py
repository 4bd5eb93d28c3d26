"""`[tool.copydesk]` in pyproject.toml, or copydesk.toml: one validated `Config`.

Found by walking up from the working directory, or named with `--config PATH`. Every key is
checked; an unknown key or a wrong type is an error naming the file and the key.
"""

from __future__ import annotations

import fnmatch
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from copydesk.errors import ConfigError
from copydesk.rules.model import Rule, Severity

CONFIG_FILES = ("copydesk.toml", ".copydesk.toml", "pyproject.toml")
_KEYS = {
    "select",
    "ignore",
    "severity",
    "packs",
    "include",
    "exclude",
    "profiles",
    "fail-on",
    "languagetool",
}


@dataclass
class Config:
    """The validated settings. `path` is the file they came from (None: defaults)."""

    path: Path | None = None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, Severity] = field(default_factory=dict)
    packs: list[Path] = field(default_factory=list)
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    profiles: list[str] = field(default_factory=list)
    fail_on: Severity | None = None
    languagetool: dict[str, Any] = field(default_factory=dict)

    def _names(self, rule: Rule) -> set[str]:
        return {rule.id.upper(), rule.category.upper(), rule.pack.upper()}

    def rule_selected(self, rule: Rule) -> bool:
        names = self._names(rule)
        profile = rule.extra.get("profile")
        if profile is not None and profile not in self.profiles:
            return False
        if self.select and not names & {s.upper() for s in self.select}:
            return False
        return not names & {s.upper() for s in self.ignore}

    def is_ignored_id(self, rule_id: str, category: str = "") -> bool:
        """For issues from other checkers (LanguageTool): ignored by id or category."""
        ignored = {s.upper() for s in self.ignore}
        return rule_id.upper() in ignored or (bool(category) and category.upper() in ignored)

    def apply_to_rules(self, rules: list[Rule]) -> list[Rule]:
        out = []
        overrides = {k.upper(): v for k, v in self.severity.items()}
        for rule in rules:
            if not self.rule_selected(rule):
                continue
            for name in (rule.pack.upper(), rule.category.upper(), rule.id.upper()):
                if name in overrides:
                    rule = replace(rule, severity=overrides[name])
            out.append(rule)
        return out

    def excluded(self, relative: str) -> bool:
        return any(_glob_match(relative, pattern) for pattern in self.exclude)


def _glob_match(relative: str, pattern: str) -> bool:
    relative = relative.replace("\\", "/")
    if fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(Path(relative).name, pattern):
        return True
    if pattern.endswith("/**") or pattern.endswith("/"):
        prefix = pattern.rstrip("*").rstrip("/")
        return relative == prefix or relative.startswith(prefix + "/")
    return False


def _str_list(table: dict[str, Any], key: str, where: str) -> list[str]:
    value = table.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: '{key}' must be a list of strings")
    return value


def parse_config(table: dict[str, Any], path: Path, prefix: str = "") -> Config:
    """Validate a `[tool.copydesk]` table."""
    where = str(path)
    for key in table:
        if key not in _KEYS:
            known = ", ".join(sorted(_KEYS))
            raise ConfigError(f"{where}: unknown key '{prefix}{key}' (known keys: {known})")
    config = Config(path=path)
    config.select = _str_list(table, "select", where)
    config.ignore = _str_list(table, "ignore", where)
    config.include = _str_list(table, "include", where)
    config.exclude = _str_list(table, "exclude", where)
    config.profiles = _str_list(table, "profiles", where)
    severity = table.get("severity", {})
    if not isinstance(severity, dict):
        raise ConfigError(f"{where}: '{prefix}severity' must be a table of RULE = \"severity\"")
    for name, value in severity.items():
        try:
            config.severity[name] = Severity.parse(str(value))
        except ValueError as exc:
            raise ConfigError(f"{where}: '{prefix}severity.{name}': {exc}") from None
    base = path.parent
    for entry in _str_list(table, "packs", where):
        folder = (base / entry).resolve()
        if not folder.is_dir():
            raise ConfigError(f"{where}: '{prefix}packs': no such folder {entry!r}")
        config.packs.append(folder)
    if "fail-on" in table:
        try:
            config.fail_on = Severity.parse(str(table["fail-on"]))
        except ValueError as exc:
            raise ConfigError(f"{where}: '{prefix}fail-on': {exc}") from None
    languagetool = table.get("languagetool", {})
    if not isinstance(languagetool, dict):
        raise ConfigError(f"{where}: '{prefix}languagetool' must be a table")
    config.languagetool = languagetool
    return config


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def load_config_file(path: Path) -> Config:
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("copydesk", {})
        return parse_config(table, path, prefix="tool.copydesk.")
    return parse_config(data, path)


def find_config(start: Path) -> Path | None:
    """The nearest config file at or above `start`; a pyproject.toml counts only when it has
    a [tool.copydesk] table."""
    for folder in (start, *start.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name == "pyproject.toml":
                try:
                    data = _read_toml(candidate)
                except ConfigError:
                    continue
                if "copydesk" not in data.get("tool", {}):
                    continue
            return candidate
    return None


def load_config(explicit: str | None = None, start: Path | None = None) -> Config:
    """The config named with --config, else the nearest one found, else the defaults."""
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"{explicit}: config file does not exist")
        return load_config_file(path)
    found = find_config((start or Path.cwd()).resolve())
    return load_config_file(found) if found else Config()
