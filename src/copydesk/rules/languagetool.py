"""LanguageTool as a second checker: find or reach a server, send prose, get back `Issue`s.

copydesk talks to LanguageTool over its HTTP API (`/v2/check`, `/v2/languages`), whether the
server is one it started from a local install or one the user named by URL. The pieces:

* **Finding a local LanguageTool** the way language-tool-python does: the folder named by
  `LTP_JAR_DIR_PATH`, else the newest `LanguageTool-*` folder in its download cache (`LTP_PATH`,
  default `~/.cache/language_tool_python`), plus Java 17 or newer on the path. Finding never
  downloads anything; only `copydesk languagetool install` does.
* **One local server per run** (`LocalServer`): started on a free loopback port, in its own
  session so that a Ctrl+C reaches copydesk first, and stopped when copydesk leaves its `with`
  block, at exit, or (on Linux) when copydesk itself dies.
* **An HTTP client of our own** rather than `language_tool_python.LanguageTool.check`, because
  that one keeps match state in class attributes (not thread-safe, and the editor checks from a
  worker thread), waits up to 300 s per request, silently restarts a dead server, and cannot
  send LanguageTool's `data` annotation that keeps Markdown code out of the check.
* **Chunks and offsets**: long texts go in chunks cut at paragraph boundaries; Markdown goes
  as annotated text (prose as `text`, code/URLs/HTML as `markup`), so offsets come back in
  the original text; LanguageTool counts offsets in UTF-16 code units (Java string indices),
  which are mapped back to Python characters (emoji and other astral characters count two).
"""

from __future__ import annotations

import bisect
import contextlib
import json
import os
import re
import shutil
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from copydesk.document import Document
from copydesk.errors import CopydeskError
from copydesk.rules.model import Issue, Severity

SOURCE = "languagetool"
RULE_PREFIX = "LT:"
DEFAULT_LANGUAGE = "en-US"
MAX_SUGGESTIONS = 5
CHUNK_CHARS = 10_000
MIN_JAVA = 17
JAR_NAMES = ("languagetool-server.jar", "LanguageTool.jar", "languagetool.jar")
SERVER_CLASS = "org.languagetool.server.HTTPServer"
JAR_DIR_ENV = "LTP_JAR_DIR_PATH"
CACHE_ENV = "LTP_PATH"

# LanguageTool's issue types are the ITS 2.0 localization-quality types. Text that is wrong
# (a misspelt word, broken grammar, a doubled word, a mistranslation) is an error; a matter of
# taste or register is info; conventions (typography, whitespace, consistency, ...) and any
# type we do not know are warnings.
_ERROR_TYPES = frozenset(
    {"misspelling", "grammar", "duplication", "mistranslation", "omission", "untranslated",
     "addition"}
)  # fmt: skip
_INFO_TYPES = frozenset({"style", "register"})

_SUGGESTION_TAG = re.compile(r"</?suggestion>")
_WHITESPACE = re.compile(r"\s+")
_PARAGRAPH_BREAK = re.compile(r"\r?\n[ \t]*\r?\n")
_LINE_BREAK = re.compile(r"\n")
_SENTENCE_END = re.compile(r"[.!?。！？][\"'”’)\]]*\s+")
_PROSE_CHARACTER = re.compile(r"\w")


class LanguageToolUnavailable(CopydeskError):
    """LanguageTool cannot be used (missing, will not start, or failed while checking).

    Raised to the user (exit 2) only when they asked for LanguageTool explicitly; in `auto`
    mode it becomes one warning line and copydesk goes on with its own rules."""


def issue_severity(issue_type: str | None) -> Severity:
    """Severity for a LanguageTool `issueType` (`misspelling`, `locale-violation`, or the
    `LocaleViolation` spelling older servers used)."""
    key = re.sub(r"[^a-z]", "", (issue_type or "").lower())
    if key in _ERROR_TYPES:
        return Severity.ERROR
    if key in _INFO_TYPES:
        return Severity.INFO
    return Severity.WARNING


def issue_category(category_id: str | None) -> str:
    """LanguageTool's category id in copydesk's spelling: `CONFUSED_WORDS` -> `confused-words`."""
    if not category_id:
        return SOURCE
    return category_id.strip().lower().replace("_", "-")


def clean_message(message: str | None, fallback: str = "") -> str:
    """One line of text: `<suggestion>` tags become quotes, runs of whitespace one space."""
    text = _SUGGESTION_TAG.sub('"', message or "")
    text = _WHITESPACE.sub(" ", text).strip()
    return text or fallback.strip() or "LanguageTool match"


# --------------------------------------------------------------------------- offsets


class Utf16Index:
    """Maps UTF-16 code-unit offsets in `text` to Python string indices.

    Java strings, and so LanguageTool's offsets, count a character outside the Basic
    Multilingual Plane (most emoji, rare CJK) as two code units; Python counts it as one."""

    def __init__(self, text: str) -> None:
        self.text = text
        # UTF-16 offsets at which each astral character starts.
        self._astral: list[int] = []
        if not text.isascii():
            extra = 0
            for index, char in enumerate(text):
                if ord(char) > 0xFFFF:
                    self._astral.append(index + extra)
                    extra += 1

    @property
    def has_astral(self) -> bool:
        return bool(self._astral)

    def to_index(self, utf16_offset: int) -> int:
        """Python index for a UTF-16 offset; an offset inside a surrogate pair moves past it."""
        if not self._astral:
            return utf16_offset
        before = bisect.bisect_right(self._astral, utf16_offset - 2)
        return utf16_offset - before


def _units_to_span(text: str, offset: int, length: int, utf16: bool) -> tuple[int, int]:
    if not utf16:
        return offset, offset + length
    index = Utf16Index(text)
    return index.to_index(offset), index.to_index(offset + length)


def _context_says(match: Mapping[str, Any], utf16: bool) -> str | None:
    """The matched text as the match's `context` shows it, read in the given units."""
    context = match.get("context")
    if not isinstance(context, Mapping):
        return None
    text, offset, length = context.get("text"), context.get("offset"), context.get("length")
    if not isinstance(text, str) or not isinstance(offset, int) or not isinstance(length, int):
        return None
    start, end = _units_to_span(text, offset, length, utf16)
    return text[start:end]


def _same_text(a: str, b: str) -> bool:
    """LanguageTool's context turns line breaks into spaces; compare the way it shows text."""
    return _WHITESPACE.sub(" ", a) == _WHITESPACE.sub(" ", b)


def match_span(match: Mapping[str, Any], sent: str, index: Utf16Index) -> tuple[int, int] | None:
    """[start, end) in `sent` (the text of one request) for one LanguageTool match.

    Offsets are read as UTF-16 code units, as every LanguageTool since 4.0 reports them. If
    the text holds astral characters and the match's own `context` contradicts that reading
    but agrees with counting code points (as some rules of LanguageTool 3.9 did), code points
    are used instead. (When the context is the whole text, both readings agree with it and
    UTF-16 stays.) None when the offsets do not fit the text."""
    offset, length = match.get("offset"), match.get("length")
    if not isinstance(offset, int) or not isinstance(length, int) or offset < 0 or length < 0:
        return None
    start, end = index.to_index(offset), index.to_index(offset + length)
    if index.has_astral:
        shown = _context_says(match, utf16=True)
        if shown is not None and not _same_text(sent[start:end], shown):
            alt_start, alt_end = offset, offset + length
            alt_shown = _context_says(match, utf16=False)
            if alt_shown is not None and _same_text(sent[alt_start:alt_end], alt_shown):
                start, end = alt_start, alt_end
    if end > len(sent) or start > end:
        return None
    return start, end


# --------------------------------------------------------------------------- conversion


def _replacements(match: Mapping[str, Any]) -> list[str]:
    """Replacement values: `[{"value": ...}]` in API v2, plain strings in LanguageTool 3.4."""
    out: list[str] = []
    for item in match.get("replacements") or ():
        value = item.get("value") if isinstance(item, Mapping) else item
        if isinstance(value, str) and value not in out:
            out.append(value)
        if len(out) >= MAX_SUGGESTIONS:
            break
    return out


def match_to_issue(match: Mapping[str, Any], start: int, end: int) -> Issue:
    """One LanguageTool match as copydesk's `Issue`, at document offsets [start, end)."""
    rule = match.get("rule") if isinstance(match.get("rule"), Mapping) else {}
    category = rule.get("category") if isinstance(rule.get("category"), Mapping) else {}
    rule_id = str(rule.get("id") or "UNKNOWN")
    return Issue(
        rule=RULE_PREFIX + rule_id,
        category=issue_category(category.get("id")),
        severity=issue_severity(rule.get("issueType")),
        message=clean_message(
            match.get("message"), str(match.get("shortMessage") or rule.get("description") or "")
        ),
        start=start,
        end=end,
        suggestions=_replacements(match),
        source=SOURCE,
    )


def response_to_issues(response: Any, sent: str, base: int) -> list[Issue]:
    """Issues for one `/v2/check` response to a request that sent `sent`, which starts at
    document offset `base`. Raises `ValueError` when the response is not LanguageTool's."""
    if not isinstance(response, Mapping) or not isinstance(response.get("matches"), list):
        raise ValueError("the answer has no 'matches' list")
    index = Utf16Index(sent)
    issues: list[Issue] = []
    for match in response["matches"]:
        if not isinstance(match, Mapping):
            continue
        span = match_span(match, sent, index)
        if span is None:
            continue
        issues.append(match_to_issue(match, base + span[0], base + span[1]))
    return issues


# --------------------------------------------------------------------------- chunks


@dataclass(frozen=True)
class Chunk:
    """One request's worth of a document: [start, end) and what to send for it."""

    start: int
    end: int
    annotation: list[dict[str, str]] | None = None  # None: send as plain `text`

    def text(self, doc: Document) -> str:
        return doc.text[self.start : self.end]


def _paragraph_ends(text: str, start: int, end: int) -> list[int]:
    """Offsets in (start, end] where a paragraph ends (just after a blank line), and `end`."""
    ends = [m.end() for m in _PARAGRAPH_BREAK.finditer(text, start, end)]
    if not ends or ends[-1] != end:
        ends.append(end)
    return ends


def _split_long(text: str, start: int, end: int, limit: int) -> list[int]:
    """Cut points for one paragraph longer than `limit`: at line ends, else sentence ends,
    else hard."""
    cuts: list[int] = []
    pos = start
    while end - pos > limit:
        window_end = pos + limit
        cut = -1
        for pattern in (_LINE_BREAK, _SENTENCE_END):
            found = [m.end() for m in pattern.finditer(text, pos, window_end)]
            found = [f for f in found if pos < f < window_end]
            if found:
                cut = found[-1]
                break
        if cut < 0:
            space = text.rfind(" ", pos + 1, window_end)
            cut = space + 1 if space > pos else window_end
        cuts.append(cut)
        pos = cut
    cuts.append(end)
    return cuts


def _natural_end(text: str, start: int, end: int) -> bool:
    """Whether a paragraph is a content-chosen place to end a chunk (about one in four).

    Chunk boundaries then depend on the paragraphs themselves, not on everything before
    them, so an edit near the top of a long document changes one or two chunks instead of
    shifting every boundary after it, and the other chunks' cached answers stay valid."""
    import zlib

    return zlib.crc32(text[start:end].encode("utf-8", "surrogatepass")) % 4 == 0


def chunk_bounds(
    text: str, start: int, end: int, limit: int = CHUNK_CHARS
) -> list[tuple[int, int]]:
    """Split [start, end) of `text` into pieces of at most `limit` characters, cut at paragraph
    boundaries (a blank line) wherever possible, so LanguageTool sees whole paragraphs."""
    bounds: list[tuple[int, int]] = []
    chunk_start = pos = start
    for para_end in _paragraph_ends(text, start, end):
        para_start = pos
        if para_end - chunk_start <= limit:
            pos = para_end
            long_enough = pos > chunk_start and pos - chunk_start >= limit // 4
            if long_enough and _natural_end(text, para_start, para_end):
                bounds.append((chunk_start, pos))
                chunk_start = pos
            continue
        if pos > chunk_start:
            bounds.append((chunk_start, pos))
            chunk_start = pos
        if para_end - chunk_start <= limit:
            pos = para_end
            continue
        cut_start = chunk_start
        for cut in _split_long(text, chunk_start, para_end, limit):
            bounds.append((cut_start, cut))
            cut_start = cut
        chunk_start = pos = para_end
    if pos > chunk_start:
        bounds.append((chunk_start, pos))
    return bounds


def interpret_markup(markup: str) -> str:
    """What LanguageTool should read in place of a non-prose span, so sentences around it
    stay grammatical: code blocks and front matter become a paragraph break, HTML tags,
    comments and link targets disappear, inline code and URLs become a neutral word."""
    if "\n" in markup:
        return "\n\n"
    stripped = markup.lstrip()
    if re.match(r"<(?:https?|ftp|mailto):", stripped):
        return "Dummy0"  # an autolink reads as a word
    if stripped.startswith(("<!--", "(", "[")) or re.match(r"</?[A-Za-z]", stripped):
        return ""
    return "Dummy0"


def annotate(doc: Document, start: int, end: int) -> list[dict[str, str]] | None:
    """LanguageTool's `data` annotation for [start, end): prose as text, skipped ranges as
    markup. None when the range has no skipped part (then plain `text` is sent)."""
    parts: list[dict[str, str]] = []
    pos = start
    for skip_start, skip_end in doc.skip_ranges:
        if skip_end <= start or skip_start >= end:
            continue
        s, e = max(skip_start, start), min(skip_end, end)
        if s > pos:
            parts.append({"text": doc.text[pos:s]})
        markup = doc.text[s:e]
        parts.append({"markup": markup, "interpretAs": interpret_markup(markup)})
        pos = e
    if not parts:
        return None
    if pos < end:
        parts.append({"text": doc.text[pos:end]})
    return parts


def has_prose(doc: Document, chunk: Chunk) -> bool:
    """Whether a chunk has anything for LanguageTool to read outside markup."""
    if chunk.annotation is None:
        return bool(_PROSE_CHARACTER.search(doc.text, chunk.start, chunk.end))
    return any(
        "text" in part and _PROSE_CHARACTER.search(part["text"]) for part in chunk.annotation
    )


def document_chunks(
    doc: Document, start: int = 0, end: int | None = None, limit: int = CHUNK_CHARS
) -> list[Chunk]:
    """The requests needed to check [start, end) of a document, empty chunks left out."""
    stop = len(doc.text) if end is None else end
    chunks = []
    for s, e in chunk_bounds(doc.text, start, stop, limit):
        chunk = Chunk(s, e, annotate(doc, s, e) if doc.markdown else None)
        if has_prose(doc, chunk):
            chunks.append(chunk)
    return chunks


def paragraph_range(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) widened to whole paragraphs (blank-line separated)."""
    before = [m.end() for m in _PARAGRAPH_BREAK.finditer(text, 0, max(start, 0))]
    para_start = before[-1] if before else 0
    after = _PARAGRAPH_BREAK.search(text, end)
    para_end = after.end() if after else len(text)
    return para_start, para_end


# --------------------------------------------------------------------------- check options


@dataclass(frozen=True)
class CheckOptions:
    """What every `/v2/check` request asks for, from `[tool.copydesk.languagetool]`."""

    language: str = DEFAULT_LANGUAGE
    mother_tongue: str | None = None
    enabled_rules: tuple[str, ...] = ()
    disabled_rules: tuple[str, ...] = ()
    enabled_categories: tuple[str, ...] = ()
    disabled_categories: tuple[str, ...] = ()
    enabled_only: bool = False
    picky: bool = False

    def params(self) -> dict[str, str]:
        """Form fields in LanguageTool's spelling (`motherTongue`, `level=picky`, ...)."""
        params = {"language": self.language}
        if self.mother_tongue:
            params["motherTongue"] = self.mother_tongue
        for key, values in (
            ("enabledRules", self.enabled_rules),
            ("disabledRules", self.disabled_rules),
            ("enabledCategories", self.enabled_categories),
            ("disabledCategories", self.disabled_categories),
        ):
            if values:
                params[key] = ",".join(values)
        if self.enabled_only:
            params["enabledOnly"] = "true"
        if self.picky:
            params["level"] = "picky"
        return params


# --------------------------------------------------------------------------- HTTP client


class RequestFailed(Exception):
    """One HTTP exchange with LanguageTool failed; the message says why, in a few words."""


def _is_loopback(url: str) -> bool:
    from urllib.parse import urlsplit

    host = (urlsplit(url).hostname or "").lower()
    return host in {"localhost", "::1"} or host.startswith("127.")


def normalize_server_url(url: str) -> str:
    """`http://host:8081`, `.../v2` or `.../v2/` -> `http://host:8081/v2/` (the API root)."""
    base = url.strip().rstrip("/")
    if base.endswith("/v2"):
        base = base[: -len("/v2")]
    return base + "/v2/"


class HttpClient:
    """The two calls copydesk needs from LanguageTool's HTTP API, thread-safe (one connection
    per request). Proxies from the environment are honoured only for a server the user named
    off this machine: text for a loopback server never goes through a proxy."""

    def __init__(self, base_url: str, timeout: float) -> None:
        import urllib.request

        self.base_url = normalize_server_url(base_url)
        self.timeout = timeout
        handlers: list[Any] = []
        if _is_loopback(self.base_url):
            handlers.append(urllib.request.ProxyHandler({}))
        self._opener = urllib.request.build_opener(*handlers)

    def _request(self, path: str, form: Mapping[str, str] | None, timeout: float | None) -> Any:
        import http.client
        import urllib.error
        import urllib.parse
        import urllib.request

        url = self.base_url + path
        data = urllib.parse.urlencode(form).encode("utf-8") if form is not None else None
        request = urllib.request.Request(url, data=data, headers={"Accept": "application/json"})
        try:
            with self._opener.open(request, timeout=timeout or self.timeout) as response:
                body = response.read()
        except urllib.error.HTTPError as exc:
            detail = ""
            with contextlib.suppress(OSError, IndexError):
                detail = exc.read().decode("utf-8", "replace").strip().splitlines()[0][:200]
            reason = f"HTTP {exc.code} {exc.reason}".strip()
            raise RequestFailed(f"{reason}: {detail}" if detail else reason) from None
        except urllib.error.URLError as exc:
            why = exc.reason
            if isinstance(why, TimeoutError):
                raise RequestFailed(f"no answer within {timeout or self.timeout:g} s") from None
            raise RequestFailed(
                f"cannot connect ({getattr(why, 'strerror', None) or why})"
            ) from None
        except TimeoutError:
            raise RequestFailed(f"no answer within {timeout or self.timeout:g} s") from None
        except (http.client.HTTPException, ConnectionError, OSError) as exc:
            raise RequestFailed(f"connection lost ({exc.__class__.__name__}: {exc})") from None
        try:
            return json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise RequestFailed("the answer is not LanguageTool's JSON") from None

    def languages(self, timeout: float | None = None) -> list[dict[str, Any]]:
        answer = self._request("languages", None, timeout)
        if not isinstance(answer, list):
            raise RequestFailed("/v2/languages did not answer with a list of languages")
        return [entry for entry in answer if isinstance(entry, dict)]

    def check(self, form: Mapping[str, str]) -> Any:
        return self._request("check", form, None)


def supports_language(languages: Iterable[Mapping[str, Any]], language: str) -> bool:
    """Whether `/v2/languages` lists `language` (`auto` is always accepted)."""
    if language.lower() == "auto":
        return True
    wanted = language.lower()
    for entry in languages:
        for key in ("longCode", "code"):
            value = entry.get(key)
            if isinstance(value, str) and value.lower() == wanted:
                return True
    return False


# --------------------------------------------------------------------------- local install


@dataclass(frozen=True)
class LocalInstall:
    """A LanguageTool found on this machine, and the Java that will run it."""

    jar: Path
    version: str
    found_by: str  # "LTP_JAR_DIR_PATH" or "language-tool-python cache"
    java: str
    java_version: tuple[int, int]


def cache_folder(env: Mapping[str, str] | None = None) -> Path:
    """language-tool-python's download folder (not created if missing)."""
    env = os.environ if env is None else env
    return Path(env.get(CACHE_ENV) or Path.home() / ".cache" / "language_tool_python")


def _jar_in(folder: Path) -> Path | None:
    for name in JAR_NAMES:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None


def _newest_cached(folder: Path) -> Path | None:
    """The newest `LanguageTool-<version>` folder, ordered as language-tool-python orders
    them (snapshots after releases); imported lazily because it is only needed when the cache
    holds something."""
    candidates = [p for p in folder.glob("LanguageTool*") if p.is_dir() and _jar_in(p)]
    if not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0]
    try:
        from language_tool_python.download_lt import LocalLanguageTool
    except ImportError:  # language-tool-python older than 3.3: plain name order
        return sorted(candidates)[-1]
    ranked = []
    for path in candidates:
        try:
            ranked.append((LocalLanguageTool.from_path(path), path))
        except ValueError:
            continue
    if not ranked:
        return sorted(candidates)[-1]
    return max(ranked, key=lambda pair: pair[0])[1]


def find_jar(env: Mapping[str, str] | None = None) -> tuple[Path, str, str]:
    """(jar, version, found_by) of the LanguageTool language-tool-python would use, without
    downloading anything. Raises `LanguageToolUnavailable` saying where it looked."""
    env = os.environ if env is None else env
    jar_dir = env.get(JAR_DIR_ENV)
    if jar_dir:
        folder = Path(jar_dir).expanduser()
        if not folder.is_dir():
            raise LanguageToolUnavailable(f"{JAR_DIR_ENV}={jar_dir} is not a folder")
        jar = _jar_in(folder)
        if jar is None:
            names = " or ".join(JAR_NAMES[:2])
            raise LanguageToolUnavailable(f"{JAR_DIR_ENV}={jar_dir} holds no {names}")
        name = folder.name
        version = name.removeprefix("LanguageTool-") if name.startswith("LanguageTool-") else name
        return jar, version, JAR_DIR_ENV
    folder = cache_folder(env)
    newest = _newest_cached(folder) if folder.is_dir() else None
    if newest is None:
        raise LanguageToolUnavailable(
            f"no LanguageTool installed (looked in {folder}; {JAR_DIR_ENV} is not set)"
        )
    jar = _jar_in(newest)
    assert jar is not None
    return jar, newest.name.removeprefix("LanguageTool-"), "language-tool-python cache"


def java_version(java: str) -> tuple[int, int]:
    """(major, minor) of `java -version`; raises `LanguageToolUnavailable` when it cannot tell."""
    import subprocess

    try:
        result = subprocess.run(
            [java, "-version"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise LanguageToolUnavailable(f"cannot run {java} -version: {exc}") from None
    output = (result.stderr or "") + (result.stdout or "")
    match = re.search(r'(?:java|openjdk) (?:version )?"?(\d+)(?:\.(\d+))?', output)
    if not match:
        raise LanguageToolUnavailable(f"cannot read the Java version from {java} -version")
    major, minor = int(match.group(1)), int(match.group(2) or 0)
    if major == 1:  # "1.8.0" style
        major, minor = minor, 0
    return major, minor


def find_local_install(env: Mapping[str, str] | None = None) -> LocalInstall:
    """The local LanguageTool `auto` and `local` would start; raises `LanguageToolUnavailable`
    with the reason when there is none. Cheap when nothing is installed (a few stat calls)."""
    jar, version, found_by = find_jar(env)
    path = (os.environ if env is None else env).get("PATH")
    java = shutil.which("java", path=path)
    if not java:
        raise LanguageToolUnavailable(
            f"found LanguageTool {version} at {jar.parent}, but no Java on the PATH "
            f"(LanguageTool needs Java {MIN_JAVA} or newer)"
        )
    major, minor = java_version(java)
    if major < MIN_JAVA:
        raise LanguageToolUnavailable(
            f"found LanguageTool {version}, but {java} is Java {major}; "
            f"LanguageTool needs Java {MIN_JAVA} or newer"
        )
    return LocalInstall(jar, version, found_by, java, (major, minor))


# --------------------------------------------------------------------------- local server

_RUNNING: set[LocalServer] = set()
_RUNNING_LOCK = threading.Lock()


def _stop_all_servers() -> None:
    """atexit: whatever happened, no LanguageTool started by copydesk outlives it."""
    with _RUNNING_LOCK:
        servers = list(_RUNNING)
    for server in servers:
        server.stop()


def _free_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Linux: have the kernel send SIGTERM to the server if copydesk itself is killed."""
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class LocalServer:
    """A LanguageTool HTTP server that copydesk started and will stop.

    Started with the same command line language-tool-python uses
    (`java -cp <jar> org.languagetool.server.HTTPServer --port N`), bound to loopback only
    (LanguageTool's default without `--public`)."""

    def __init__(self, install: LocalInstall, startup_timeout: float = 60.0) -> None:
        self.install = install
        self.startup_timeout = startup_timeout
        self.process: Any = None
        self.url = ""
        self._lock = threading.Lock()

    def command(self, port: int) -> list[str]:
        return [self.install.java, "-cp", str(self.install.jar), SERVER_CLASS, "--port", str(port)]

    def start(self) -> str:
        """Start the server and wait until it answers; returns its API URL."""
        last_error = "did not start"
        for _attempt in range(3):
            port = _free_port()
            try:
                self._spawn(port)
                self._wait_ready(port)
                return self.url
            except _PortTaken as exc:
                last_error = str(exc)
                self.stop()
                continue
            except BaseException:
                self.stop()
                raise
        raise LanguageToolUnavailable(f"LanguageTool server {last_error}")

    def _spawn(self, port: int) -> None:
        import atexit
        import subprocess
        import sys
        import tempfile

        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()
        # PR_SET_PDEATHSIG fires when the *thread* that forked exits, so only set it from the
        # main thread of a single-threaded process (also where preexec_fn is safe).
        preexec = None
        if (
            sys.platform.startswith("linux")
            and threading.current_thread() is threading.main_thread()
            and threading.active_count() == 1
        ):
            preexec = _die_with_parent
        try:
            self.process = subprocess.Popen(  # noqa: S603 - our own command line
                self.command(port),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=self._stderr,
                start_new_session=True,  # a Ctrl+C reaches copydesk, which stops the server
                preexec_fn=preexec,
            )
        except OSError as exc:
            raise LanguageToolUnavailable(f"cannot start {self.install.java}: {exc}") from None
        self.url = f"http://127.0.0.1:{port}/v2/"
        with _RUNNING_LOCK:
            if not _RUNNING:
                atexit.register(_stop_all_servers)
            _RUNNING.add(self)

    def _stderr_tail(self) -> str:
        try:
            self._stderr.seek(0)
            lines = self._stderr.read().decode("utf-8", "replace").strip().splitlines()
        except (OSError, ValueError, AttributeError):
            return ""
        useful = [line.strip() for line in lines if line.strip()]
        return useful[-1][:200] if useful else ""

    def _wait_ready(self, port: int) -> None:
        import time

        client = HttpClient(self.url, timeout=2.0)
        deadline = time.monotonic() + self.startup_timeout
        while True:
            code = self.process.poll()
            if code is not None:
                tail = self._stderr_tail()
                if "address already in use" in tail.lower() or "bindexception" in tail.lower():
                    raise _PortTaken(f"could not use port {port}: {tail}")
                detail = f": {tail}" if tail else ""
                raise LanguageToolUnavailable(
                    f"LanguageTool server exited with status {code} while starting{detail}"
                )
            try:
                client.languages(timeout=2.0)
                return
            except RequestFailed:
                pass
            if time.monotonic() >= deadline:
                raise LanguageToolUnavailable(
                    f"LanguageTool server did not answer within {self.startup_timeout:g} s "
                    "of starting (raise startup_timeout in [tool.copydesk.languagetool])"
                )
            time.sleep(0.1)

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL after 5 s) and forget it; idempotent."""
        import subprocess

        with self._lock:
            process, self.process = self.process, None
        if process is not None:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=5)
            stderr = getattr(self, "_stderr", None)
            if stderr is not None:
                stderr.close()
        with _RUNNING_LOCK:
            _RUNNING.discard(self)


class _PortTaken(Exception):
    """The free port we picked was taken before the server bound it; try another."""


# --------------------------------------------------------------------------- the checker


def _incomplete(answer: Any) -> bool:
    warnings = answer.get("warnings") if isinstance(answer, Mapping) else None
    return isinstance(warnings, Mapping) and warnings.get("incompleteResults") is True


@dataclass
class _Failure:
    reason: str
    path: str


@dataclass
class LanguageToolChecker:
    """Checks documents with one LanguageTool server; safe to call from several threads.

    The first failure (timeout, HTTP error, the server gone) switches the checker off for the
    rest of the run: one warning through `warn`, then `check` returns None, unless the user
    asked for LanguageTool explicitly (`strict`), when it raises `LanguageToolUnavailable`.
    Answers are cached per chunk, so the editor re-checking a document only sends the
    paragraphs that changed."""

    client: HttpClient
    options: CheckOptions = field(default_factory=CheckOptions)
    warn: Callable[[str], None] = print
    strict: bool = False
    chunk_chars: int = CHUNK_CHARS
    describe: str = "LanguageTool"
    suppress: Callable[[Document, list[Issue]], list[Issue]] | None = None
    cache_size: int = 256
    server: LocalServer | None = None  # the server copydesk started, for status displays
    _failure: _Failure | None = field(default=None, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)
    _cache: OrderedDict[tuple[str, str], list[Issue]] = field(
        default_factory=OrderedDict, init=False
    )
    requests_sent: int = field(default=0, init=False)
    _warned_incomplete: bool = field(default=False, init=False)

    @property
    def failed(self) -> str | None:
        """Why the checker switched itself off, or None while it works."""
        return self._failure.reason if self._failure else None

    def check(self, doc: Document) -> list[Issue] | None:
        """LanguageTool's issues for the whole document, or None when it is (now) unavailable."""
        return self.check_range(doc, 0, len(doc.text), widen=False)

    def check_range(
        self, doc: Document, start: int, end: int, widen: bool = True
    ) -> list[Issue] | None:
        """Issues in the paragraphs touching [start, end), in whole-document offsets."""
        if self._failure is not None:
            return None
        if widen:
            start, end = paragraph_range(doc.text, start, end)
        issues: list[Issue] = []
        for chunk in document_chunks(doc, start, end, self.chunk_chars):
            found = self._check_chunk(doc, chunk)
            if found is None:
                return None
            issues.extend(found)
        issues = [i for i in issues if not doc.in_skipped(i.start, i.end)]
        if self.suppress is not None:
            issues = self.suppress(doc, issues)
        return sorted(issues, key=Issue.sort_key)

    def check_many(
        self, docs: Iterable[Document], workers: int = 4
    ) -> Iterator[list[Issue] | None]:
        """`check` for each document, in order, with up to `workers` requests in flight:
        a LanguageTool server checks several requests at once, and a batch mostly waits on
        it."""
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            yield from pool.map(self.check, docs)

    def _form(self, doc: Document, chunk: Chunk) -> dict[str, str]:
        form = self.options.params()
        if chunk.annotation is None:
            form["text"] = chunk.text(doc)
        else:
            form["data"] = json.dumps({"annotation": chunk.annotation}, ensure_ascii=False)
        return form

    def _check_chunk(self, doc: Document, chunk: Chunk) -> list[Issue] | None:
        sent = chunk.text(doc)
        key = (sent, "" if chunk.annotation is None else json.dumps(chunk.annotation))
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
        if cached is not None:
            return [issue.shifted(chunk.start) for issue in cached]
        try:
            answer = self.client.check(self._form(doc, chunk))
            with self._lock:
                self.requests_sent += 1
            relative = response_to_issues(answer, sent, 0)
        except RequestFailed as exc:
            self._fail(str(exc), doc.path)
            return None
        except ValueError as exc:
            self._fail(f"unexpected answer: {exc}", doc.path)
            return None
        if _incomplete(answer):
            self._note_incomplete(answer, doc.path)
        else:
            with self._lock:
                self._cache[key] = relative
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
        return [issue.shifted(chunk.start) for issue in relative]

    def _note_incomplete(self, answer: Mapping[str, Any], path: str) -> None:
        """LanguageTool ran out of time on its side and says so: keep what it found, say it
        once, and do not cache the partial answer."""
        with self._lock:
            first, self._warned_incomplete = not self._warned_incomplete, True
        if first:
            reason = answer["warnings"].get("incompleteResultsReason") or "no reason given"
            self.warn(f"{self.describe} returned incomplete results for {path}: {reason}")

    def _fail(self, reason: str, path: str) -> None:
        with self._lock:
            first = self._failure is None
            if first:
                self._failure = _Failure(reason, path)
        message = f"{self.describe} failed while checking {path}: {reason}"
        if self.strict:
            raise LanguageToolUnavailable(message)
        if first:
            self.warn(f"{message}; the rest is checked with copydesk's own rules only")
