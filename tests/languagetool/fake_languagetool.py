"""A stand-in LanguageTool HTTP server for contract tests (LanguageTool itself cannot be
installed on the test machines).

It answers `GET /v2/languages` and `POST /v2/check` in LanguageTool's documented JSON shapes
(see the docstring of `test_contract.py` for the sources), with a handful of toy rules whose
matches are computed on what was actually sent, so offsets are real:

* `teh` -> MORFOLOGIK_RULE_EN_US (misspelling, TYPOS)
* `a` before a vowel -> EN_A_VS_AN (grammar, GRAMMAR)
* a doubled word -> ENGLISH_WORD_REPEAT_RULE (duplication, MISC)
* `in order to` -> IN_ORDER_TO_STYLE (style, STYLE)

Like LanguageTool it reads `data` annotations (text + markup parts), checks only the text
parts (reading `interpretAs` for markup), and reports offsets in the text *with* markup, in
UTF-16 code units (`units="codepoints"` imitates a server that counted code points).

Run as a script it is also a fake `org.languagetool.server.HTTPServer` process for the
`local` mode tests: `fake_languagetool.py [-cp JAR CLASS] --port N`.
"""

from __future__ import annotations

import json
import os
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

LANGUAGES = [
    {"name": "English", "code": "en", "longCode": "en"},
    {"name": "English (US)", "code": "en", "longCode": "en-US"},
    {"name": "English (GB)", "code": "en", "longCode": "en-GB"},
    {"name": "Chinese", "code": "zh", "longCode": "zh-CN"},
    {"name": "German (Germany)", "code": "de", "longCode": "de-DE"},
]

RULES: list[tuple[re.Pattern[str], dict[str, Any], Any]] = [
    (
        re.compile(r"\bteh\b"),
        {
            "id": "MORFOLOGIK_RULE_EN_US",
            "description": "Possible spelling mistake",
            "issueType": "misspelling",
            "category": {"id": "TYPOS", "name": "Possible Typo"},
        },
        lambda m: ("Possible spelling mistake found.", ["the", "ten", "tech"]),
    ),
    (
        re.compile(r"\b[aA](?= [aeiouAEIOU]\w)"),
        {
            "id": "EN_A_VS_AN",
            "description": "Use of 'a' vs. 'an'",
            "issueType": "misspelling",
            "category": {"id": "MISC", "name": "Miscellaneous"},
        },
        lambda m: (
            "Use <suggestion>an</suggestion> instead of 'a' if the following word starts "
            "with a vowel sound, e.g. 'an article', 'an hour'.",
            ["an"],
        ),
    ),
    (
        re.compile(r"\b(\w+) \1\b", re.IGNORECASE),
        {
            "id": "ENGLISH_WORD_REPEAT_RULE",
            "description": "Word repetition (e.g. 'will will')",
            "issueType": "duplication",
            "category": {"id": "MISC", "name": "Miscellaneous"},
        },
        lambda m: ("Possible typo: you repeated a word", [m.group(1)]),
    ),
    (
        re.compile(r"\bin order to\b", re.IGNORECASE),
        {
            "id": "IN_ORDER_TO_STYLE",
            "description": "'in order to' (to)",
            "issueType": "style",
            "category": {"id": "STYLE", "name": "Style"},
        },
        lambda m: ("Consider a shorter alternative to avoid wordiness.", ["to"]),
    ),
]


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class FakeLanguageTool:
    """State and knobs shared by the request handlers; `requests` records every form sent."""

    def __init__(self, units: str = "utf16") -> None:
        self.units = units
        self.status: int | None = None  # answer /v2/check with this HTTP error
        self.delay = 0.0  # seconds before answering /v2/check
        self.languages_status: int | None = None
        self.requests: list[dict[str, str]] = []
        self.lock = threading.Lock()
        self.httpd: ThreadingHTTPServer | None = None
        self.thread: threading.Thread | None = None

    # ---------------------------------------------------------------- lifecycle
    def start(self, port: int = 0) -> str:
        handler = type("Handler", (_Handler,), {"fake": self})
        self.httpd = _QuietServer(("127.0.0.1", port), handler)
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()
        return self.url

    @property
    def port(self) -> int:
        assert self.httpd is not None
        return int(self.httpd.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.httpd is not None:
            self.httpd.shutdown()
            self.httpd.server_close()
            self.httpd = None

    # ---------------------------------------------------------------- checking
    def units_of(self, text: str) -> int:
        return utf16_len(text) if self.units == "utf16" else len(text)

    def answer(self, form: dict[str, str]) -> dict[str, Any]:
        if "data" in form:
            parts = json.loads(form["data"])["annotation"]
        else:
            parts = [{"text": form.get("text", "")}]
        original = "".join(p.get("text", p.get("markup", "")) for p in parts)
        # plain text as LanguageTool reads it, and where each plain character came from
        plain_chars: list[str] = []
        origin: list[int] = []
        pos = 0
        for part in parts:
            if "text" in part:
                for i, ch in enumerate(part["text"]):
                    plain_chars.append(ch)
                    origin.append(pos + i)
                pos += len(part["text"])
            else:
                for ch in part.get("interpretAs", ""):
                    plain_chars.append(ch)
                    origin.append(-1)
                pos += len(part["markup"])
        plain = "".join(plain_chars)
        disabled = set(filter(None, form.get("disabledRules", "").split(",")))
        matches = []
        for pattern, rule, describe in RULES:
            if rule["id"] in disabled:
                continue
            for m in pattern.finditer(plain):
                start, end = origin[m.start()], origin[m.end() - 1] + 1
                if start < 0 or end <= 0:
                    continue  # inside interpretAs text: LanguageTool maps these to the markup
                message, replacements = describe(m)
                matches.append(self._match(original, start, end, rule, message, replacements))
        matches.sort(key=lambda match: match["offset"])
        return {
            "software": {
                "name": "LanguageTool",
                "version": "6.6",
                "buildDate": "2025-03-27 12:00:00 +0000",
                "apiVersion": 1,
                "premium": False,
                "status": "",
            },
            "warnings": {"incompleteResults": False},
            "language": {
                "name": "English (US)",
                "code": form.get("language", "en-US"),
                "detectedLanguage": {"name": "English (US)", "code": "en-US", "confidence": 0.9},
            },
            "matches": matches,
            "sentenceRanges": [],
        }

    def _match(
        self,
        original: str,
        start: int,
        end: int,
        rule: dict[str, Any],
        message: str,
        replacements: list[str],
    ) -> dict[str, Any]:
        ctx_start, ctx_end = max(0, start - 40), min(len(original), end + 40)
        prefix = "..." if ctx_start > 0 else ""
        suffix = "..." if ctx_end < len(original) else ""
        context = prefix + original[ctx_start:ctx_end] + suffix
        context = re.sub(r"[\r\n]", " ", context)
        in_context = len(prefix) + (start - ctx_start)
        return {
            "message": message.replace("<suggestion>", '"').replace("</suggestion>", '"'),
            "shortMessage": "",
            "replacements": [{"value": r} for r in replacements],
            "offset": self.units_of(original[:start]),
            "length": self.units_of(original[start:end]),
            "context": {
                "text": context,
                "offset": self.units_of(context[:in_context]),
                "length": self.units_of(original[start:end]),
            },
            "sentence": original[start:end],
            "type": {"typeName": "Other"},
            "rule": rule,
            "ignoreForIncompleteSentence": False,
            "contextForSureMatch": 0,
        }


class _QuietServer(ThreadingHTTPServer):
    """A client that gave up (the timeout tests) is not worth a traceback."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        exc = sys.exc_info()[1]
        if not isinstance(exc, (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    fake: FakeLanguageTool
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass

    def _send(self, status: int, body: Any) -> None:
        payload = (body if isinstance(body, str) else json.dumps(body)).encode("utf-8")
        self.send_response(status)
        ctype = "text/plain" if isinstance(body, str) else "application/json"
        self.send_header("Content-Type", f"{ctype}; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        if self.path.startswith("/v2/languages"):
            if self.fake.languages_status:
                self._send(self.fake.languages_status, "Error: unavailable")
            else:
                self._send(200, LANGUAGES)
        elif self.path.startswith("/v2/healthcheck"):
            self._send(200, "OK")
        else:
            self._send(404, "Error: not found")

    def do_POST(self) -> None:  # noqa: N802 - stdlib name
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length).decode("utf-8")
        form = {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True).items()}
        if not self.path.startswith("/v2/check"):
            self._send(404, "Error: not found")
            return
        with self.fake.lock:
            self.fake.requests.append(form)
        if self.fake.delay:
            time.sleep(self.fake.delay)
        if self.fake.status:
            self._send(self.fake.status, "Error: Internal Server Error: java.lang.RuntimeException")
            return
        if "text" not in form and "data" not in form:
            self._send(400, "Error: Missing 'text' or 'data' parameter")
            return
        self._send(200, self.fake.answer(form))


def main(argv: list[str]) -> int:
    """Fake `java -cp JAR org.languagetool.server.HTTPServer --port N`, steered by env vars:
    FAKE_LT_BEHAVIOUR=exit|hang|normal, FAKE_LT_STATUS=500, FAKE_LT_DELAY=seconds."""
    port = int(argv[argv.index("--port") + 1]) if "--port" in argv else 8081
    behaviour = os.environ.get("FAKE_LT_BEHAVIOUR", "normal")
    if behaviour == "exit":
        sys.stderr.write("Error: Could not find or load main class org.languagetool.server\n")
        return 1
    if behaviour == "hang":
        time.sleep(600)
        return 0
    fake = FakeLanguageTool()
    fake.status = int(os.environ["FAKE_LT_STATUS"]) if os.environ.get("FAKE_LT_STATUS") else None
    fake.delay = float(os.environ.get("FAKE_LT_DELAY", "0"))
    fake.start(port)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
