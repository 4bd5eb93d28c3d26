"""Compile a rule set once; check documents against it.

Every phrase of every rule goes into one Aho-Corasick automaton, so a document is scanned for
all literal phrases in a single pass; regex rules run one compiled pattern each; sentence and
document rules run last. The compiled engine is plain data and pickles, so worker processes
of a folder check receive it ready to use.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import ahocorasick

from copydesk.document import Document
from copydesk.rules.inflect import ExpansionCache
from copydesk.rules.loader import BUILTIN_PACKS, load_rules
from copydesk.rules.matching import (
    FoldedText,
    inside,
    is_word_char,
    keep_case,
    quote_ranges,
    sentences,
)
from copydesk.rules.model import Issue, Rule
from copydesk.rules.prefilter import (
    ignores_case,
    line_local,
    literal_prefixes,
    lower_same_length,
    required_literals,
)

if TYPE_CHECKING:
    from copydesk.config import Config

CHUNK_CHARS = 1 << 20  # documents are checked a paragraph-aligned megabyte at a time
_CONTEXT = 60
# Consistency terms found, by rule index: (start, end, variant group).
_Terms = dict[int, list[tuple[int, int, int]]]
_LINE_FEED = re.compile("\n")
_WORD = re.compile(r"\w+(?:['’]\w+)*")


@dataclass
class _RegexRule:
    rule: Rule
    pattern: re.Pattern[str]
    group: int | str
    prefixed: bool = False  # True: tried only where one of its literal prefixes occurs
    gated: bool = False  # True: run only when one of its required literals occurs
    by_line: bool = False  # gated, and run only on the lines where a required literal occurs
    same_as: int | None = None  # an earlier rule with the same pattern: reuse its matches
    shared_by_others: bool = False


@dataclass
class Engine:
    """A compiled rule set. Build it with `compile_rules` or `load_engine`."""

    rules: dict[str, Rule]
    automaton: ahocorasick.Automaton | None
    regex_rules: list[_RegexRule]
    sentence_rules: list[Rule]
    consistency: list[Rule]
    not_before: dict[str, re.Pattern[str]] = field(default_factory=dict)
    not_after: dict[str, re.Pattern[str]] = field(default_factory=dict)
    always_run: list[int] = field(default_factory=list)  # regex rules with no literal filter
    prefix_lower: ahocorasick.Automaton | None = None
    prefix_exact: ahocorasick.Automaton | None = None

    # ---------------------------------------------------------------- checking

    def check(self, doc: Document) -> list[Issue]:
        """Every issue in the document, sorted by position, disable comments applied."""
        text = doc.masked_text
        issues: list[Issue] = []
        chunks = list(_chunks(text, CHUNK_CHARS))
        # Most documents are one chunk: fold the text once, and find phrases and consistency
        # terms in one pass over it.
        folded = FoldedText(text) if len(chunks) == 1 else None
        terms: _Terms | None = defaultdict(list) if folded is not None else None
        for start, end in chunks:
            issues.extend(self._check_span(text, start, end, folded, terms))
        issues.extend(self._check_consistency(text, folded, terms))
        return finish(issues, doc)

    def check_range(self, doc: Document, start: int, end: int) -> list[Issue]:
        """Issues of the local rules (all but document-level consistency) inside
        [start, end), in whole-document offsets. For the editor's re-check of changed
        paragraphs: callers pass paragraph-aligned ranges."""
        return finish(self._check_span(doc.masked_text, start, end), doc)

    def check_document_rules(self, doc: Document) -> list[Issue]:
        """Only the document-level rules (term consistency)."""
        return finish(self._check_consistency(doc.masked_text), doc)

    def check_text(self, text: str, markdown: bool = False) -> list[Issue]:
        return self.check(Document.from_text(text, markdown=markdown))

    def _check_span(
        self,
        text: str,
        start: int,
        end: int,
        folded: FoldedText | None = None,
        terms: _Terms | None = None,
    ) -> list[Issue]:
        chunk = text[start:end]
        issues: list[Issue] = []
        quotes: list[tuple[int, int]] | None = None

        def quoted(s: int, e: int) -> bool:
            nonlocal quotes
            if quotes is None:
                quotes = quote_ranges(chunk)
            return inside(quotes, s, e)

        for issue in self._phrase_issues(chunk, folded, terms):
            rule = self.rules[issue.rule]
            if self._accept(rule, chunk, issue.start, issue.end, quoted):
                issues.append(issue)
        candidates, present = self._regex_candidates(chunk)
        active = sorted(set(self.always_run) | present | candidates.keys())
        line_ends: list[int] | None = None
        shared: dict[int, list[re.Match[str]]] = {}
        for index in active:
            regex_rule = self.regex_rules[index]
            rule = regex_rule.rule
            if regex_rule.same_as is not None and regex_rule.same_as in shared:
                matches: Iterable[re.Match[str]] = shared[regex_rule.same_as]
            elif regex_rule.prefixed:
                matches = _matches_at(regex_rule.pattern, chunk, candidates.get(index, ()))
            elif regex_rule.by_line:
                if line_ends is None:
                    line_ends = _line_ends(chunk)
                matches = _matches_in_lines(regex_rule.pattern, chunk, candidates[index], line_ends)
            else:
                matches = regex_rule.pattern.finditer(chunk)
            if regex_rule.shared_by_others:
                matches = shared[index] = list(matches)
            for match in matches:
                s, e = match.span(regex_rule.group)
                if s < 0 or (s == e and match.end() == match.start()):
                    continue
                if not self._accept(rule, chunk, s, e, quoted):
                    continue
                suggestions = []
                for template in rule.suggest:
                    if "\\" not in template:  # no group reference: expands to itself
                        suggestions.append(template)
                        continue
                    try:
                        suggestions.append(match.expand(template))
                    except (re.error, IndexError):
                        continue
                issues.append(self._issue(rule, chunk, s, e, suggestions, case=False))
        for rule in self.sentence_rules:
            for s, e in sentences(chunk):
                words = _WORD.findall(chunk, s, e)
                if rule.max_words is not None and len(words) > rule.max_words:
                    if self._accept(rule, chunk, s, e, quoted):
                        issue = self._issue(rule, chunk, s, e, [], case=False)
                        issue.message = issue.message.replace("{words}", str(len(words)))
                        issues.append(issue)
        if start:
            issues = [i.shifted(start) for i in issues]
        return issues

    def _regex_candidates(self, chunk: str) -> tuple[dict[int, list[int]], set[int]]:
        """Start positions, per prefixed regex rule, where one of its prefixes occurs; and
        the gated rules one of whose required literals occurs."""
        found: dict[int, list[int]] = defaultdict(list)
        present: set[int] = set()
        for automaton, text in (
            (self.prefix_lower, lower_same_length(chunk) if self.prefix_lower else ""),
            (self.prefix_exact, chunk),
        ):
            if automaton is None:
                continue
            for last, entries in automaton.iter(text):
                for index, length in entries:
                    if length > 0:
                        found[index].append(last - length + 1)
                    elif length:
                        found[index].append(last)  # a line gate: any offset in the line
                    else:
                        present.add(index)
        for positions in found.values():
            positions.sort()
        return found, present

    def _phrase_issues(
        self, chunk: str, folded: FoldedText | None = None, terms: _Terms | None = None
    ) -> list[Issue]:
        """Phrase-rule issues of a chunk; with `terms`, the chunk is the whole text and the
        consistency terms found on the way are collected there too."""
        if self.automaton is None or not chunk:
            return []
        folded = folded or FoldedText(chunk)
        ftext = folded.text
        best: dict[tuple[str, int], tuple[int, int, str | None]] = {}
        for last, entries in self.automaton.iter(ftext):
            for entry in entries:
                if len(entry) == 3:  # a consistency term
                    if terms is not None:
                        self._add_term(folded, 0, last, entry, terms)
                    continue
                rule_id, length, replacement, case_sensitive = entry
                fstart = last - length + 1
                if fstart > 0 and is_word_char(ftext[fstart - 1]) and is_word_char(ftext[fstart]):
                    continue
                if (
                    last + 1 < len(ftext)
                    and is_word_char(ftext[last + 1])
                    and is_word_char(ftext[last])
                ):
                    continue
                start = folded.to_original(fstart)
                end = folded.to_original(last) + 1
                if case_sensitive and not self._case_matches(chunk[start:end], case_sensitive):
                    continue
                key = (rule_id, start)
                previous = best.get(key)
                if previous is None or end > previous[0]:
                    best[key] = (end, length, replacement)
        # Within one rule, keep the longest of overlapping matches.
        by_rule: dict[str, list[tuple[int, int, str | None]]] = defaultdict(list)
        for (rule_id, start), (end, _length, replacement) in best.items():
            by_rule[rule_id].append((start, end, replacement))
        issues: list[Issue] = []
        for rule_id, spans in by_rule.items():
            spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
            last_end = -1
            rule = self.rules[rule_id]
            for start, end, replacement in spans:
                if start < last_end:
                    continue
                last_end = end
                if replacement is not None:
                    suggestions = [replacement]
                    suggestions += [r for r in rule.extra["swap_all"].get(replacement, [])]
                else:
                    suggestions = list(rule.suggest)
                issues.append(self._issue(rule, chunk, start, end, suggestions, case=True))
        return issues

    @staticmethod
    def _case_matches(found: str, phrases: str) -> bool:
        return found in phrases.split("\x00")

    def _accept(self, rule: Rule, text: str, start: int, end: int, quoted) -> bool:  # noqa: ANN001
        after = self.not_before.get(rule.id)
        if after is not None and after.match(text, end):
            return False
        before = self.not_after.get(rule.id)
        if before is not None and before.search(text, max(0, start - _CONTEXT), start):
            return False
        return not (rule.extra.get("skip_in_quotes") and quoted(start, end))

    @staticmethod
    def _issue(
        rule: Rule, text: str, start: int, end: int, suggestions: list[str], case: bool
    ) -> Issue:
        found = text[start:end]
        if case:
            suggestions = [keep_case(s, found) for s in suggestions]
        seen: list[str] = []
        for s in suggestions:
            if s not in seen and s != found:
                seen.append(s)
        message = rule.message
        if "{" in message:
            message = message.replace("{match}", found).replace(
                "{suggestion}", seen[0] if seen else ""
            )
        return Issue(
            rule.id, rule.category, rule.severity, message, start, end, seen, "copydesk", rule.safe
        )

    def _check_consistency(
        self, text: str, folded: FoldedText | None = None, terms: _Terms | None = None
    ) -> list[Issue]:
        """Term consistency over the whole text: found a paragraph-aligned chunk at a time
        (folding a 100 MB text at once would cost several times its size), decided once.
        `terms`: the terms already found by the phrase pass over the whole text."""
        if not self.consistency:
            return []
        by_rule: _Terms = defaultdict(list)
        if terms is not None:
            by_rule = terms
        elif folded is not None:
            self._consistency_hits(folded, 0, by_rule)
        else:
            for start, end in _chunks(text, CHUNK_CHARS):
                self._consistency_hits(FoldedText(text[start:end]), start, by_rule)
        issues: list[Issue] = []
        for rule_index, found in sorted(by_rule.items()):
            rule = self.consistency[rule_index]
            counts = Counter(g for _, _, g in found)
            if len(counts) < 2:
                continue
            main_group = max(
                counts, key=lambda g: (counts[g], -min(s for s, _, gg in found if gg == g))
            )
            preferred = rule.variants[main_group][0]
            for start, end, group in sorted(found):
                if group != main_group:
                    issues.append(self._issue(rule, text, start, end, [preferred], case=True))
        return issues

    def _consistency_hits(self, folded: FoldedText, base: int, by_rule: _Terms) -> None:
        assert self.automaton is not None
        for last, entries in self.automaton.iter(folded.text):
            for entry in entries:
                if len(entry) == 3:
                    self._add_term(folded, base, last, entry, by_rule)

    @staticmethod
    def _add_term(
        folded: FoldedText, base: int, last: int, entry: tuple[int, int, int], by_rule: _Terms
    ) -> None:
        ftext = folded.text
        rule_index, group, length = entry
        fstart = last - length + 1
        if fstart > 0 and is_word_char(ftext[fstart - 1]):
            return
        if last + 1 < len(ftext) and is_word_char(ftext[last + 1]):
            return
        start = base + folded.to_original(fstart)
        by_rule[rule_index].append((start, base + folded.to_original(last) + 1, group))


def _matches_at(
    pattern: re.Pattern[str], text: str, positions: Iterable[int]
) -> Iterable[re.Match[str]]:
    """Like `finditer`, but trying only the given start positions (sorted)."""
    end = -1
    previous = -1
    for pos in positions:
        if pos < end or pos == previous:
            continue
        previous = pos
        match = pattern.match(text, pos)
        if match is not None:
            end = match.end() if match.end() > match.start() else match.start() + 1
            yield match


def _line_ends(text: str) -> list[int]:
    """The offset just past each line (past its line feed; the last line ends the text)."""
    ends = [m.end() for m in _LINE_FEED.finditer(text)]
    if not ends or ends[-1] != len(text):
        ends.append(len(text))
    return ends


def _matches_in_lines(
    pattern: re.Pattern[str], text: str, offsets: list[int], line_ends: list[int]
) -> Iterable[re.Match[str]]:
    """`finditer` over only the lines holding one of `offsets` (sorted), for a pattern whose
    matches and lookaheads never cross a line feed (`prefilter.line_local`)."""
    done = 0
    for offset in offsets:
        if offset < done:
            continue
        i = bisect.bisect_right(line_ends, offset)
        start = line_ends[i - 1] if i else 0
        done = line_ends[i]
        yield from pattern.finditer(text, start, done)


def _chunks(text: str, size: int) -> Iterable[tuple[int, int]]:
    """Paragraph-aligned chunks of at most about `size` characters."""
    n = len(text)
    if n <= size:
        yield 0, n
        return
    start = 0
    while start < n:
        end = min(n, start + size)
        if end < n:
            cut = text.rfind("\n\n", start, end)
            if cut <= start:
                cut = text.rfind("\n", start, end)
            if cut > start:
                end = cut + 1
        yield start, end
        start = end


def finish(issues: list[Issue], doc: Document) -> list[Issue]:
    """Drop issues in non-prose ranges or switched off by inline comments; dedupe; sort."""
    if doc.skip_ranges:
        issues = [i for i in issues if not doc.in_skipped(i.start, i.end)]
    if doc.directives:
        issues = apply_directives(issues, doc)
    unique: dict[tuple[int, int, str], Issue] = {}
    for issue in issues:
        key = (issue.start, issue.end, issue.rule)
        if key not in unique:
            unique[key] = issue
    return sorted(unique.values(), key=Issue.sort_key)


def apply_directives(issues: list[Issue], doc: Document) -> list[Issue]:
    """Honour `<!-- copydesk-disable RULE -->`, `-enable` and `-disable-next-line`; a
    rule may be named by id or category, no names means every rule. One sweep over the
    sorted issues and directives: the latest directive naming an issue decides."""
    directives = sorted(doc.directives, key=lambda d: d.offset)
    starts = doc.line_starts
    next_line_off: dict[int, list[frozenset[str]]] = defaultdict(list)
    for d in directives:
        if d.kind == "disable-next-line":
            target = d.line + 1
            while target <= len(starts) and not _line_text(doc.text, starts, target).strip():
                target += 1
            next_line_off[target].append(d.rules)

    latest: dict[str, tuple[int, bool]] = {}  # name ("" = every rule) -> (order, disabled)
    pending = iter(enumerate(d for d in directives if d.kind != "disable-next-line"))
    upcoming = next(pending, None)
    kept: list[Issue] = []
    for issue in sorted(issues, key=Issue.sort_key):
        while upcoming is not None and upcoming[1].offset <= issue.start:
            order, d = upcoming
            for name in d.rules or {""}:
                latest[name] = (order, d.kind == "disable")
            upcoming = next(pending, None)
        names = ("", issue.rule.upper(), issue.category.upper())
        decisions = [latest[n] for n in names if n in latest]
        disabled = max(decisions)[1] if decisions else False
        line, _ = doc.line_col(issue.start)
        if any(
            not rules or names[1] in rules or names[2] in rules
            for rules in next_line_off.get(line, ())
        ):
            disabled = True
        if not disabled:
            kept.append(issue)
    return kept


def _line_text(text: str, starts: list[int], line: int) -> str:
    end = starts[line] if line < len(starts) else len(text)
    return text[starts[line - 1] : end]


# -------------------------------------------------------------------- compiling


def compile_rules(rules: Iterable[Rule]) -> Engine:
    """Build the automaton and patterns for a rule list (inflections expanded here)."""
    rule_list = list(rules)
    phrase_rules = [r for r in rule_list if r.matcher == "phrases"]
    cache = ExpansionCache(
        f"{r.inflect}|{p}"
        for r in phrase_rules + [r for r in rule_list if r.variants]
        for p in (r.phrases or [x for g in r.variants for x in g])
    )
    keys: dict[str, list[tuple[str, int, str | None, str | None]]] = defaultdict(list)
    for rule in phrase_rules:
        swap = rule.extra.get("swap")
        if swap is not None:
            rule.extra["swap_all"] = {v[0]: v[1:] for v in swap.values()}
        for phrase in rule.phrases:
            replacement = swap[phrase][0] if swap is not None else None
            exact = None
            if rule.case_sensitive:
                exact = "\x00".join(
                    f.replace(" ", " ") for f in _case_forms(phrase, rule.inflect, cache)
                )
            for form in cache.forms(phrase, rule.inflect):
                key = " ".join(form.lower().replace("’", "'").split())
                if not key:
                    continue
                entry = (rule.id, len(key), replacement, exact)
                if entry not in keys[key]:
                    keys[key].append(entry)
    consistency = [r for r in rule_list if r.matcher == "consistency"]
    consistency_keys: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for rule_index, rule in enumerate(consistency):
        seen: set[str] = set()
        for group_index, group in enumerate(rule.variants):
            for phrase in group:
                for form in cache.forms(phrase, rule.inflect):
                    key = " ".join(form.lower().split())
                    if key and key not in seen:
                        seen.add(key)
                        consistency_keys[key].append((rule_index, group_index, len(key)))
    # One automaton for phrases and consistency terms: each key maps to its phrase entries
    # (rule id, length, replacement, exact forms) followed by its term entries (rule index,
    # variant group, length), so a document's folded text is scanned once for both.
    automaton: ahocorasick.Automaton | None = None
    if keys or consistency_keys:
        automaton = ahocorasick.Automaton()
        for key in keys.keys() | consistency_keys.keys():
            automaton.add_word(key, tuple(keys.get(key, ())) + tuple(consistency_keys.get(key, ())))
        automaton.make_automaton()
    cache.save()

    regex_rules = [
        _RegexRule(r, re.compile(r.pattern or ""), r.extra.get("span_group", 0))
        for r in rule_list
        if r.matcher == "regex"
    ]
    first_with_pattern: dict[str, int] = {}
    for index, regex_rule in enumerate(regex_rules):
        first = first_with_pattern.setdefault(regex_rule.pattern.pattern, index)
        if first != index:
            regex_rule.same_as = first
            regex_rules[first].shared_by_others = True
    prefix_keys: dict[bool, dict[str, list[tuple[int, int]]]] = {True: {}, False: {}}
    for index, regex_rule in enumerate(regex_rules):
        table = prefix_keys[ignores_case(regex_rule.pattern)]
        prefixes = literal_prefixes(regex_rule.pattern)
        if prefixes is not None and _weak(prefixes) and line_local(regex_rule.pattern):
            # "19" or "20" starts thousands of words; "-01-" is on a line or two, if any.
            in_line = required_literals(regex_rule.pattern, behind=False)
            if in_line is not None and min(map(len, in_line)) >= 4:
                regex_rule.gated = regex_rule.by_line = True
                for literal in in_line:
                    table.setdefault(literal, []).append((index, -1))
                continue
        if prefixes is not None:
            regex_rule.prefixed = True
            for prefix in prefixes:
                table.setdefault(prefix, []).append((index, len(prefix)))
            continue
        required = required_literals(regex_rule.pattern)
        if required is not None:
            regex_rule.gated = True
            in_line = None
            if line_local(regex_rule.pattern):
                in_line = required_literals(regex_rule.pattern, behind=False)
            if in_line is not None:
                regex_rule.by_line = True
                for literal in in_line:
                    table.setdefault(literal, []).append((index, -1))
                continue
            for literal in required:
                table.setdefault(literal, []).append((index, 0))
    prefix_automata: dict[bool, ahocorasick.Automaton | None] = {}
    for lowered, table in prefix_keys.items():
        if not table:
            prefix_automata[lowered] = None
            continue
        auto = ahocorasick.Automaton()
        for prefix, entries in table.items():
            auto.add_word(prefix, tuple(entries))
        auto.make_automaton()
        prefix_automata[lowered] = auto
    return Engine(
        rules={r.id: r for r in rule_list},
        automaton=automaton,
        regex_rules=regex_rules,
        sentence_rules=[r for r in rule_list if r.matcher == "sentence-length"],
        prefix_lower=prefix_automata[True],
        always_run=[i for i, r in enumerate(regex_rules) if not (r.prefixed or r.gated)],
        prefix_exact=prefix_automata[False],
        consistency=consistency,
        not_before={
            r.id: re.compile(r.extra["not_before"]) for r in rule_list if "not_before" in r.extra
        },
        not_after={
            r.id: re.compile(anchor_at_end(r.extra["not_after"]))
            for r in rule_list
            if "not_after" in r.extra
        },
    )


def _weak(prefixes: set[str]) -> bool:
    """Prefixes of two characters or fewer: found so often that trying the pattern at each
    costs more than a gate on a longer literal."""
    return max(map(len, prefixes)) <= 2


def anchor_at_end(pattern: str) -> str:
    """`pattern` anchored at the end of the searched window (white space allowed between);
    leading global flags such as (?i) stay at the front, where Python requires them."""
    flags = re.match(r"\(\?[aiLmsux]+\)", pattern)
    prefix = flags.group(0) if flags else ""
    return f"{prefix}(?:{pattern[len(prefix) :]})\\s*\\Z"


def _case_forms(phrase: str, inflect: bool, cache: ExpansionCache) -> list[str]:
    """Case-sensitive phrases match their written form and its inflections, with the first
    letter of each word as written."""
    written = [w.lstrip("=") for w in phrase.split()]
    out = []
    for form in cache.forms(phrase, inflect):
        words = form.split()
        if len(words) != len(written):
            continue
        out.append(
            " ".join(
                o if w == o.lower() else _match_case(w, o)
                for w, o in zip(words, written, strict=True)
            )
        )
    return out


def _match_case(word: str, model: str) -> str:
    if model.isupper():
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def select_rules(rules: list[Rule], config: Config | None) -> list[Rule]:
    """Apply the config's select/ignore/severity overrides and profiles."""
    if config is None:
        return [r for r in rules if "profile" not in r.extra]
    return config.apply_to_rules(rules)


def rule_folders(config: Config | None) -> list[Path]:
    folders = [BUILTIN_PACKS]
    if config is not None:
        folders += list(config.packs)
    return folders


def load_engine(config: Config | None = None) -> Engine:
    """The engine for the built-in packs plus the config's own packs, filtered by the config.

    Cached on disk (see `compiled_cache`): pack files are only stat-ed on a warm start."""
    from copydesk.rules.compiled_cache import cache_key, load_or_build
    from copydesk.rules.loader import pack_files

    folders = rule_folders(config)
    files = [path for folder in folders for path in pack_files(folder)]
    settings = None
    if config is not None:
        settings = [config.select, config.ignore, sorted(config.severity.items()), config.profiles]

    def build() -> Engine:
        return compile_rules(select_rules(load_rules(folders), config))

    return load_or_build(cache_key(files, settings), build)
