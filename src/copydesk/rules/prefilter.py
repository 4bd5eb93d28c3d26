"""Literal prefixes of regular expressions, so regex rules run only where they can match.

Python's `re` scans every position of the text for every pattern; with hundreds of rules
that dominates a check. Most rule patterns start with a literal word or an alternation of
words (`\\b(?:inject|infuse|bring)...`). Those literals go into one Aho-Corasick automaton;
a pattern is then tried with `pattern.match` only at the positions where one of its
prefixes occurs. Patterns without a usable literal prefix are scanned as before.
"""

from __future__ import annotations

import re
from typing import Any

try:
    from re import _constants as c  # type: ignore[attr-defined]
    from re import _parser as p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants as c  # type: ignore[no-redef]
    import sre_parse as p  # type: ignore[no-redef]

MAX_PREFIXES = 400
_ZERO_WIDTH = (c.AT, c.ASSERT, c.ASSERT_NOT)
_WORDLIKE = re.compile(r"\w")
_COMMON = frozenset(" \t\n\r,.")


def _sequence(items: Any) -> tuple[set[str], bool] | None:
    """(prefixes, complete): every match of `items` starts with one of the prefixes;
    complete means the prefixes are the whole possible texts. None: no literal prefix."""
    results = {""}
    for op, arg in items:
        if op in _ZERO_WIDTH:
            continue
        if op == c.LITERAL:
            results = {r + chr(arg) for r in results}
            continue
        if op == c.IN:
            chars = []
            for sub_op, sub_arg in arg:
                if sub_op == c.LITERAL:
                    chars.append(chr(sub_arg))
                else:
                    return _stop(results)
            if len(results) * len(chars) > MAX_PREFIXES:
                return _stop(results)
            results = {r + ch for r in results for ch in chars}
            continue
        if op == c.SUBPATTERN:
            inner = _sequence(arg[-1])
        elif op == c.BRANCH:
            inner = _branch(arg[1])
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
            low, _high, sub = arg
            if low == 0:
                return _stop(results)
            inner = _sequence(sub)
            if inner is not None:
                inner = (inner[0], False)
        else:
            return _stop(results)
        if inner is None:
            return _stop(results)
        strings, complete = inner
        if len(results) * len(strings) > MAX_PREFIXES:
            return _stop(results)
        results = {r + s for r in results for s in strings}
        if not complete:
            return _stop(results)
    return results, True


def _branch(branches: Any) -> tuple[set[str], bool] | None:
    out: set[str] = set()
    complete = True
    for branch in branches:
        inner = _sequence(branch)
        if inner is None:
            return None
        out |= inner[0]
        complete = complete and inner[1]
    return out, complete


def _stop(results: set[str]) -> tuple[set[str], bool] | None:
    if not results or "" in results:
        return None
    return results, False


_INLINE_I = re.compile(r"\(\?[aiLmsux]*i[aiLmsux-]*[:)]")


def ignores_case(pattern: re.Pattern[str]) -> bool:
    """Whether any part of the pattern matches case-insensitively."""
    return bool(pattern.flags & re.IGNORECASE) or bool(_INLINE_I.search(pattern.pattern))


def lower_same_length(text: str) -> str:
    """`text.lower()`, keeping characters whose lower case is longer, so offsets agree."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


def literal_prefixes(pattern: re.Pattern[str]) -> set[str] | None:
    """The literal prefixes of a compiled pattern (lower-cased when it ignores case), or
    None when a prefix filter would not be sound or not selective."""
    try:
        parsed = p.parse(pattern.pattern, pattern.flags & ~re.UNICODE)
    except Exception:  # noqa: BLE001 - any parser trouble simply means: scan everything
        return None
    found = _sequence(parsed)
    if found is None:
        return None
    prefixes = found[0]
    if ignores_case(pattern):
        lowered = {s.lower() for s in prefixes}
        if any(len(s) != len(o) for s, o in zip(sorted(lowered), sorted(prefixes), strict=False)):
            return None
        prefixes = lowered
        if any(ch.lower() != ch.upper() and not ch.isascii() for s in prefixes for ch in s):
            return None  # non-ASCII case folding can differ from str.lower
    if any(len(s) < 2 and (_WORDLIKE.match(s) or s in _COMMON) for s in prefixes):
        return None  # one letter, a space, a comma or a full stop is no filter at all
    if len(prefixes) > MAX_PREFIXES:
        return None
    return prefixes


def _required(items: Any, behind: bool = True) -> set[str] | None:
    """Strings of which every match of `items` contains at least one (None: no guarantee).
    Among the sequence's elements the most selective set is kept (longest shortest string).
    `behind=False` ignores lookbehinds, whose text may lie before the line of the match."""
    options: list[set[str]] = []
    run = ""
    for op, arg in items:
        if op == c.LITERAL:
            run += chr(arg)
            continue
        if run:
            options.append({run})
            run = ""
        inner: set[str] | None = None
        if op == c.SUBPATTERN:
            inner = _required(arg[-1], behind)
        elif op == c.ASSERT and (behind or arg[0] > 0):
            # A positive lookahead or lookbehind: its text is not in the match, but it is in
            # the document, which is all a gate needs.
            inner = _required(arg[1], behind)
        elif op == c.IN and all(sub_op == c.LITERAL for sub_op, _ in arg):
            inner = {chr(sub_arg) for _, sub_arg in arg}
        elif op == c.BRANCH:
            parts = [_required(branch, behind) for branch in arg[1]]
            if all(part for part in parts):
                inner = set().union(*parts)  # type: ignore[arg-type]
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and arg[0] >= 1:
            inner = _required(arg[2], behind)
        if inner:
            options.append(inner)
    if run:
        options.append({run})
    options = [o for o in options if len(o) <= MAX_PREFIXES]
    if not options:
        return None
    return max(options, key=lambda o: (all(map(_usable, o)), min(len(s) for s in o), -len(o)))


def _usable(text: str) -> bool:
    """A gate literal that is likely to be absent from a text: three characters or more,
    or one holding punctuation other than a space, comma or full stop."""
    return len(text) >= 3 or any(
        not ch.isalnum() and not ch.isspace() and ch not in _COMMON for ch in text
    )


def required_literals(pattern: re.Pattern[str], behind: bool = True) -> set[str] | None:
    """Strings one of which occurs in every match (lower-cased when the pattern ignores
    case); a rule whose strings are all absent from a text cannot match it. With
    `behind=False` the strings lie in the match or in what its lookaheads read."""
    try:
        parsed = p.parse(pattern.pattern, pattern.flags & ~re.UNICODE)
    except Exception:  # noqa: BLE001
        return None
    found = _required(parsed, behind)
    ignore = ignores_case(pattern)
    if not found or any(len(s) < 3 and not _selective(s, ignore) for s in found):
        return None
    if ignore:
        found = {s.lower() for s in found}
        if any(not ch.isascii() and ch.lower() != ch.upper() for s in found for ch in s):
            return None
    return found


def _selective(text: str, ignore_case: bool) -> bool:
    """Whether a short string is worth gating on: it holds punctuation that most texts lack
    (a quote, a bracket, a full-width mark), or, matched case-sensitively, a capital or a
    digit ("GB", "Ah")."""
    if any(not ch.isalnum() and not ch.isspace() and ch not in _COMMON for ch in text):
        return True
    return len(text) == 2 and not ignore_case and any(ch.isupper() or ch.isdigit() for ch in text)


# ------------------------------------------------------------------ line-local patterns

_LINE_SAFE_AT = frozenset(
    {
        c.AT_BEGINNING,  # `^` without MULTILINE: the real start of the string, even with pos
        c.AT_BEGINNING_STRING,
        c.AT_BEGINNING_LINE,
        c.AT_END_LINE,
        c.AT_BOUNDARY,
        c.AT_NON_BOUNDARY,
    }
)
_NEWLINE_CATEGORIES = frozenset(
    {c.CATEGORY_SPACE, c.CATEGORY_NOT_WORD, c.CATEGORY_NOT_DIGIT, c.CATEGORY_LINEBREAK}
)
_NL = ord("\n")


def _set_has_newline(items: Any) -> bool:
    """Whether a character class matches a line feed (True when unsure)."""
    negate = False
    hit = False
    for op, arg in items:
        if op == c.NEGATE:
            negate = True
        elif op == c.LITERAL:
            hit = hit or arg == _NL
        elif op == c.RANGE:
            hit = hit or arg[0] <= _NL <= arg[1]
        elif op == c.CATEGORY:
            if arg in _NEWLINE_CATEGORIES:
                hit = True
            elif arg not in (c.CATEGORY_NOT_SPACE, c.CATEGORY_WORD, c.CATEGORY_DIGIT):
                return True
        else:
            return True
    return hit != negate


def _line_free(items: Any, flags: int) -> bool:
    """Whether `items` never reads past a line feed: no part that consumes or looks ahead
    can match one, and no end-of-string anchor. Lookbehinds may read anything."""
    for op, arg in items:
        if op == c.LITERAL:
            if arg == _NL:
                return False
        elif op == c.NOT_LITERAL:
            if arg != _NL:
                return False
        elif op == c.ANY:
            if flags & c.SRE_FLAG_DOTALL:
                return False
        elif op == c.IN:
            if _set_has_newline(arg):
                return False
        elif op == c.AT:
            if arg not in _LINE_SAFE_AT:
                return False
        elif op == c.SUBPATTERN:
            _group, add, remove, sub = arg
            if not _line_free(sub, (flags | add) & ~remove):
                return False
        elif op == c.BRANCH:
            if not all(_line_free(b, flags) for b in arg[1]):
                return False
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            if not _line_free(arg[2], flags):
                return False
        elif op == c.ATOMIC_GROUP:
            if not _line_free(arg, flags):
                return False
        elif op in (c.ASSERT, c.ASSERT_NOT):
            if arg[0] > 0 and not _line_free(arg[1], flags):
                return False
        elif op == c.GROUPREF:
            continue  # the group it repeats is checked where it is defined
        elif op == c.GROUPREF_EXISTS:
            _group, yes, no = arg
            if not _line_free(yes, flags) or (no is not None and not _line_free(no, flags)):
                return False
        else:
            return False
    return True


def line_local(pattern: re.Pattern[str]) -> bool:
    """Whether every match of the pattern, and all it reads ahead, lies within one line
    (a line including its line feed), and no match is empty. Then `finditer(text, s, e)`
    over the lines that hold a required literal finds exactly what `finditer(text)` finds:
    lookbehinds, `^` and `\\b` still see the text before `s`."""
    try:
        parsed = p.parse(pattern.pattern, pattern.flags & ~re.UNICODE)
    except Exception:  # noqa: BLE001
        return False
    if parsed.getwidth()[0] < 1:
        return False
    return _line_free(parsed, parsed.state.flags)
