"""`--languagetool` and `[tool.copydesk.languagetool]`: which LanguageTool a run uses, opening
it for the run, and merging its issues with copydesk's own.

Kept light on purpose: `copydesk check` imports this module at start-up, and the backend
(`copydesk.rules.languagetool`) is imported only when LanguageTool is not off.

Modes: `off`; `auto` (the default): a LanguageTool already installed on this machine, else off
with one warning line; `local`: the same, but its absence is an error; a URL: that server, and
its absence is an error. Nothing is ever downloaded here, and text leaves the machine only
for a server URL the user named.
"""

from __future__ import annotations

import argparse
import bisect
import re
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from copydesk.document import Document
from copydesk.errors import ConfigError
from copydesk.rules.model import Issue

if TYPE_CHECKING:
    from copydesk.rules.languagetool import CheckOptions

MODES = ("off", "auto", "local")
DEFAULT_MODE = "auto"
DEFAULT_TIMEOUT = 60.0
DEFAULT_STARTUP_TIMEOUT = 60.0
CONFIG_TABLE = "languagetool"
CONFIG_KEYS = (
    "mode",
    "url",
    "language",
    "mother_tongue",
    "enabled_rules",
    "disabled_rules",
    "enabled_categories",
    "disabled_categories",
    "enabled_only",
    "picky",
    "timeout",
    "startup_timeout",
)
_URL = re.compile(r"^https?://[^\s/:?#]+(:\d{1,5})?(/[^\s]*)?$", re.IGNORECASE)
_LANGUAGE = re.compile(r"^(auto|[a-z]{2,3}(-[A-Za-z0-9]{1,8})*)$")
_RULE_ID = re.compile(r"^[A-Za-z0-9_]+$")


class IssueChecker(Protocol):
    """A second checker: one call per document, issues in the document's own offsets, or
    None once it has become unavailable (after its one warning)."""

    def check(self, doc: Document) -> list[Issue] | None: ...


# --------------------------------------------------------------------------- the option


def parse_mode(value: str) -> str:
    """argparse type for `--languagetool`: off, auto, local, or an http(s) URL."""
    text = value.strip()
    if text.lower() in MODES:
        return text.lower()
    if _URL.match(text):
        return text
    raise argparse.ArgumentTypeError(
        f"expected off, auto, local or a server URL such as http://localhost:8081, not {value!r}"
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--languagetool",
        metavar="MODE",
        type=parse_mode,
        default=None,
        help=(
            "LanguageTool as a second checker: off; auto (default: a LanguageTool installed "
            "on this machine, if any); local (the same, but required); or a server URL, the "
            "only way text is sent anywhere"
        ),
    )


# --------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class Settings:
    """What one run does about LanguageTool, after option and config are reconciled."""

    mode: str  # "off", "auto", "local" or "url"
    url: str | None = None
    explicit: bool = False  # the user asked for it: failures are errors, not warnings
    language: str = "en-US"
    mother_tongue: str | None = None
    enabled_rules: tuple[str, ...] = ()
    disabled_rules: tuple[str, ...] = ()
    enabled_categories: tuple[str, ...] = ()
    disabled_categories: tuple[str, ...] = ()
    enabled_only: bool = False
    picky: bool = False
    timeout: float = DEFAULT_TIMEOUT
    startup_timeout: float = DEFAULT_STARTUP_TIMEOUT
    config_path: str | None = None

    def check_options(self) -> CheckOptions:
        from copydesk.rules.languagetool import CheckOptions

        return CheckOptions(
            language=self.language,
            mother_tongue=self.mother_tongue,
            enabled_rules=self.enabled_rules,
            disabled_rules=self.disabled_rules,
            enabled_categories=self.enabled_categories,
            disabled_categories=self.disabled_categories,
            enabled_only=self.enabled_only,
            picky=self.picky,
        )


class _TableReader:
    """Typed reads from the raw `[tool.copydesk.languagetool]` table, each error naming the
    config file and the key."""

    def __init__(self, table: Mapping[str, Any], path: str | None) -> None:
        self.table = table
        self.where = path or "configuration"

    def error(self, key: str, reason: str) -> ConfigError:
        return ConfigError(f"{self.where}: {CONFIG_TABLE}.{key}: {reason}")

    def string(
        self, key: str, pattern: re.Pattern[str] | None = None, what: str = ""
    ) -> str | None:
        value = self.table.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.error(key, f"expected {what or 'a string'}, got {value!r}")
        value = value.strip()
        if pattern is not None and not pattern.match(value):
            raise self.error(key, f"expected {what}, got {value!r}")
        return value

    def boolean(self, key: str) -> bool:
        value = self.table.get(key, False)
        if not isinstance(value, bool):
            raise self.error(key, f"expected true or false, got {value!r}")
        return value

    def seconds(self, key: str, default: float) -> float:
        value = self.table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
            raise self.error(key, f"expected a number of seconds above 0, got {value!r}")
        return float(value)

    def ids(self, key: str) -> tuple[str, ...]:
        """A list of LanguageTool rule or category ids; an `LT:` prefix is accepted."""
        value = self.table.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise self.error(key, f"expected a list of ids, got {value!r}")
        out: list[str] = []
        for item in value:
            text = item.strip().removeprefix("LT:") if isinstance(item, str) else None
            if not text or not _RULE_ID.match(text):
                raise self.error(key, f"expected ids like EN_A_VS_AN, got {item!r}")
            out.append(text)
        return tuple(out)


def resolve_settings(cli_mode: str | None, config: Any) -> Settings:
    """Reconcile `--languagetool` with the config table; raises `ConfigError` for a bad table.

    The option wins over the config's `mode`/`url`. A config `url` alone means that server.
    `local` or a URL, named in either place, is an explicit request: failing it is an error."""
    raw = getattr(config, "languagetool", None) if config is not None else None
    path = getattr(config, "path", None) if config is not None else None
    path_text = str(path) if path is not None else None
    table: Mapping[str, Any] = raw if raw is not None else {}
    reader = _TableReader(table, path_text)
    if not isinstance(table, Mapping):
        raise ConfigError(f"{reader.where}: {CONFIG_TABLE}: expected a table, got {table!r}")
    for key in table:
        if key not in CONFIG_KEYS:
            raise reader.error(key, f"unknown key (known: {', '.join(CONFIG_KEYS)})")

    config_mode = reader.string("mode", what="off, auto, local or a server URL")
    if config_mode is not None:
        try:
            config_mode = parse_mode(config_mode)
        except argparse.ArgumentTypeError as exc:
            raise reader.error("mode", str(exc)) from None
    config_url = reader.string("url", _URL, "an http:// or https:// URL")
    if config_url and config_mode not in (None, "off"):
        raise reader.error(
            "url", f"a server URL is set but mode is {config_mode!r}; keep only one of the two"
        )
    from_config = config_mode or config_url
    chosen = cli_mode or from_config or DEFAULT_MODE
    mode, url = (chosen, None) if chosen in MODES else ("url", chosen)

    return Settings(
        mode=mode,
        url=url,
        explicit=mode in ("local", "url"),
        language=reader.string("language", _LANGUAGE, "a language code such as en-US") or "en-US",
        mother_tongue=reader.string("mother_tongue", _LANGUAGE, "a language code such as zh"),
        enabled_rules=reader.ids("enabled_rules"),
        disabled_rules=reader.ids("disabled_rules"),
        enabled_categories=reader.ids("enabled_categories"),
        disabled_categories=reader.ids("disabled_categories"),
        enabled_only=reader.boolean("enabled_only"),
        picky=reader.boolean("picky"),
        timeout=reader.seconds("timeout", DEFAULT_TIMEOUT),
        startup_timeout=reader.seconds("startup_timeout", DEFAULT_STARTUP_TIMEOUT),
        config_path=path_text,
    )


# --------------------------------------------------------------------------- config policy


def _names(issue: Issue) -> set[str]:
    """What a config or comment may call a LanguageTool issue: its rule id (`LT:EN_A_VS_AN`),
    its category (`grammar`), or `languagetool` for all of them (as a pack name would)."""
    return {issue.rule.upper(), issue.category.upper(), issue.source.upper()}


def apply_config(doc: Document, issues: list[Issue], config: Any = None) -> list[Issue]:
    """The config's `select`, `ignore` and `severity` overrides, then the document's inline
    `<!-- copydesk-disable ... -->` comments (through the engine's own `apply_directives`,
    so both checkers obey the same rules), applied to LanguageTool's issues."""
    select = {str(s).upper() for s in getattr(config, "select", None) or ()}
    ignore = {str(s).upper() for s in getattr(config, "ignore", None) or ()}
    overrides = {str(k).upper(): v for k, v in (getattr(config, "severity", None) or {}).items()}
    kept: list[Issue] = []
    for issue in issues:
        names = _names(issue)
        if (select and not names & select) or names & ignore:
            continue
        for name in (issue.source.upper(), issue.category.upper(), issue.rule.upper()):
            if name in overrides:
                issue.severity = overrides[name]
        kept.append(issue)
    if doc.directives and kept:
        from copydesk.rules.engine import apply_directives

        kept = apply_directives(kept, doc)
    return kept


# --------------------------------------------------------------------------- opening


@contextmanager
def _stop_on_termination() -> Iterator[None]:
    """While a server runs, turn SIGTERM and SIGHUP into SystemExit (main thread only, and
    only where nobody else handles them) so the `finally` that stops the server runs."""
    import signal

    installed: list[tuple[int, Any]] = []
    if threading.current_thread() is threading.main_thread():

        def _exit(signum: int, _frame: Any) -> None:
            raise SystemExit(128 + signum)

        for name in ("SIGTERM", "SIGHUP"):
            signum = getattr(signal, name, None)
            if signum is not None and signal.getsignal(signum) is signal.SIG_DFL:
                installed.append((signum, signal.signal(signum, _exit)))
    try:
        yield
    finally:
        for signum, previous in installed:
            signal.signal(signum, previous)


def _start_checker(settings: Settings, config: Any, warn: Callable[[str], None]) -> tuple[Any, Any]:
    """(checker, server or None); raises `LanguageToolUnavailable` with the reason."""
    from functools import partial

    from copydesk.rules import languagetool as lt

    server = None
    if settings.mode == "url":
        assert settings.url is not None
        base, describe = settings.url, f"LanguageTool at {settings.url}"
    else:
        install = lt.find_local_install()
        server = lt.LocalServer(install, settings.startup_timeout)
        base = server.start()
        describe = f"LanguageTool {install.version}"
    try:
        client = lt.HttpClient(base, settings.timeout)
        try:
            languages = client.languages(timeout=min(settings.timeout, 15.0))
        except lt.RequestFailed as exc:
            raise lt.LanguageToolUnavailable(f"{describe}: {exc}") from None
        if not lt.supports_language(languages, settings.language):
            where = settings.config_path or "configuration"
            raise lt.LanguageToolUnavailable(
                f"{describe} does not support language {settings.language!r} "
                f"({where}: {CONFIG_TABLE}.language)"
            )
    except BaseException:
        if server is not None:
            server.stop()
        raise
    checker = lt.LanguageToolChecker(
        client,
        settings.check_options(),
        warn=warn,
        strict=settings.explicit,
        describe=describe,
        suppress=partial(apply_config, config=config),
    )
    checker.server = server
    return checker, server


@contextmanager
def open_backend(
    args: argparse.Namespace, config: Any, warn: Callable[[str], None]
) -> Iterator[IssueChecker | None]:
    """Yield a started LanguageTool checker for the whole run, or None when it is off or
    (in `auto`) unavailable, after one warning. A server copydesk started is stopped when the
    block ends, by an exception or Ctrl+C included. Raises `ConfigError` for a bad config
    table and `LanguageToolUnavailable` when an explicitly requested LanguageTool fails."""
    settings = resolve_settings(getattr(args, "languagetool", None), config)
    if settings.mode == "off":
        yield None
        return
    from copydesk.rules import languagetool as lt

    server = None
    try:
        with _stop_on_termination():
            checker = None
            try:
                checker, server = _start_checker(settings, config, warn)
            except lt.LanguageToolUnavailable as exc:
                if settings.explicit:
                    raise
                warn(f"LanguageTool not used: {exc}; `copydesk languagetool status` tells more")
            yield checker
    finally:
        if server is not None:
            server.stop()


# --------------------------------------------------------------------------- merging


def same_span(a: Issue, b: Issue) -> bool:
    """Whether two issues flag the same text: they overlap by at least half of the longer
    span. A word inside a long sentence-level issue is not the same span as the sentence."""
    overlap = min(a.end, b.end) - max(a.start, b.start)
    longest = max(a.end - a.start, b.end - b.start)
    if longest == 0:
        return a.start == b.start
    return overlap > 0 and overlap * 2 >= longest


def merge_issues(own: list[Issue], extra: list[Issue] | None) -> list[Issue]:
    """copydesk's issues plus a second checker's, one issue per span, sorted by offset.

    Where both flag the same span, copydesk's issue wins: its rules are written for
    machine-translated English, name the translationese (category, why) and carry curated
    rewrites, some safe to apply automatically, while LanguageTool's general rule on the same
    words usually says something vaguer about them."""
    ordered = sorted(own, key=Issue.sort_key)
    if not extra:
        return ordered
    starts = [issue.start for issue in ordered]
    kept = []
    for issue in extra:
        limit = bisect.bisect_right(starts, issue.end)  # later ones cannot overlap
        if not any(same_span(issue, mine) for mine in ordered[:limit] if mine.end >= issue.start):
            kept.append(issue)
    return sorted(ordered + kept, key=Issue.sort_key)
