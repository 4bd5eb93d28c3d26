"""A file becomes a `Document`: decoded text, which parts are prose, and offset <-> line:col.

The text is kept exactly as decoded (CRLF line ends included), so every offset points into
what the user's file holds and a fix can be written back without touching anything else.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from pathlib import Path

from copydesk.errors import InputError
from copydesk.markdown import Directive, disable_directives, non_prose_ranges

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
TEXT_SUFFIXES = frozenset({".txt"}) | MARKDOWN_SUFFIXES

_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x7fELF", "an executable"),
)


@dataclass(frozen=True)
class TextEncoding:
    """How the file was stored, so that a save writes it back the same way."""

    encoding: str = "utf-8"  # a Python codec name without BOM handling: utf-8, utf-16-le, utf-16-be
    bom: bool = False
    newline: str = "\n"

    def encode(self, text: str) -> bytes:
        """Encode `text` the way the original file was stored (BOM included)."""
        body = text.encode(self.encoding)
        if not self.bom:
            return body
        if self.encoding == "utf-8":
            return b"\xef\xbb\xbf" + body
        if self.encoding == "utf-16-le":
            return b"\xff\xfe" + body
        return b"\xfe\xff" + body


def describe_binary(data: bytes) -> str | None:
    """Why `data` is not text, or None when it may be text."""
    for signature, what in _BINARY_SIGNATURES:
        if data.startswith(signature):
            return f"binary file ({what}), not text"
    nul = data.find(b"\x00", 0, 8192)
    if nul >= 0:
        return f"binary file (NUL byte at byte offset {nul}), not text"
    return None


def decode_bytes(data: bytes, path: str) -> tuple[str, TextEncoding]:
    """Decode UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else is an input
    error naming the file and the byte offset where decoding failed."""
    if data.startswith(b"\xef\xbb\xbf"):
        encoding, bom, body, skip = "utf-8", True, data[3:], 3
    elif data.startswith(b"\xff\xfe"):
        encoding, bom, body, skip = "utf-16-le", True, data[2:], 2
    elif data.startswith(b"\xfe\xff"):
        encoding, bom, body, skip = "utf-16-be", True, data[2:], 2
    else:
        why = describe_binary(data)
        if why:
            raise InputError(path, why)
        encoding, bom, body, skip = "utf-8", False, data, 0
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        offset = exc.start + skip
        line = data.count(b"\n", 0, offset) + 1 if encoding == "utf-8" else None
        bad = data[offset : offset + 1].hex()
        raise InputError(
            path,
            f"cannot decode as {encoding.upper()} at byte offset {offset} (byte 0x{bad}); "
            "save the file as UTF-8, or UTF-16 with a BOM",
            line=line,
        ) from None
    newline = "\r\n" if "\r\n" in text else "\n"
    return text, TextEncoding(encoding, bom, newline)


def is_markdown_path(path: str | Path) -> bool:
    return Path(path).suffix.lower() in MARKDOWN_SUFFIXES


@dataclass
class Document:
    """Decoded text plus what the checker needs to know about it.

    `skip_ranges` are the non-prose parts of a Markdown file (code, URLs, HTML, front
    matter); `masked_text` has them blanked out with spaces so that offsets are unchanged.
    """

    path: str
    text: str
    encoding: TextEncoding = field(default_factory=TextEncoding)
    markdown: bool = False
    skip_ranges: list[tuple[int, int]] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)
    _line_starts: list[int] | None = field(default=None, repr=False)
    _masked: str | None = field(default=None, repr=False)

    @classmethod
    def from_text(
        cls,
        text: str,
        path: str = "<text>",
        markdown: bool | None = None,
        encoding: TextEncoding | None = None,
    ) -> Document:
        md = is_markdown_path(path) if markdown is None else markdown
        enc = encoding or TextEncoding(newline="\r\n" if "\r\n" in text else "\n")
        doc = cls(path=path, text=text, encoding=enc, markdown=md)
        if md:
            doc.skip_ranges = non_prose_ranges(text)
            doc.directives = disable_directives(text)
        return doc

    @property
    def masked_text(self) -> str:
        """The text with non-prose ranges replaced by spaces (line breaks kept)."""
        if self._masked is None:
            if not self.skip_ranges:
                self._masked = self.text
            else:
                parts: list[str] = []
                pos = 0
                for start, end in self.skip_ranges:
                    parts.append(self.text[pos:start])
                    chunk = self.text[start:end]
                    parts.append("".join(c if c in "\r\n" else " " for c in chunk))
                    pos = end
                parts.append(self.text[pos:])
                self._masked = "".join(parts)
        return self._masked

    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            starts = [0]
            find = self.text.find
            pos = find("\n")
            while pos >= 0:
                starts.append(pos + 1)
                pos = find("\n", pos + 1)
            self._line_starts = starts
        return self._line_starts

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset."""
        starts = self.line_starts
        index = bisect.bisect_right(starts, offset) - 1
        return index + 1, offset - starts[index] + 1

    def offset_of(self, line: int, column: int) -> int:
        """Character offset of a 1-based line and column."""
        return self.line_starts[line - 1] + column - 1

    def in_skipped(self, start: int, end: int) -> bool:
        """Whether [start, end) touches a non-prose range."""
        ranges = self.skip_ranges
        if not ranges:
            return False
        i = bisect.bisect_right(ranges, (start, float("inf"))) - 1
        for j in (i, i + 1):
            if 0 <= j < len(ranges):
                s, e = ranges[j]
                if s < max(end, start + 1) and start < e:
                    return True
        return False


def read_text_file(path: str | Path) -> tuple[str, TextEncoding]:
    """Read and decode a file; raises InputError with a clear reason on failure."""
    name = str(path)
    p = Path(path)
    if not p.exists():
        raise InputError(name, "no such file or folder")
    if p.is_dir():
        raise InputError(name, "is a folder, not a file")
    try:
        data = p.read_bytes()
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except OSError as exc:
        raise InputError(name, f"cannot read: {exc.strerror or exc}") from None
    return decode_bytes(data, name)


def read_document(path: str | Path, markdown: bool | None = None) -> Document:
    """Read and decode a file into a Document; raises InputError on failure."""
    name = str(path)
    text, encoding = read_text_file(path)
    return Document.from_text(text, path=name, markdown=markdown, encoding=encoding)
