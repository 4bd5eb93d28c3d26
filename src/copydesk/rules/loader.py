"""YAML rule packs -> `Rule`s, refusing bad packs with the file, line and rule id.

Packs are data only: they are read with PyYAML's safe loader, so loading one never runs code.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from copydesk.errors import PackError

try:  # the regex parser moved in Python 3.11; the old names warn on import
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]
from copydesk.rules.model import Example, Rule, Severity

BUILTIN_PACKS = Path(__file__).parent / "packs"

_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_.:-]*$")
MATCHER_KEYS = ("phrases", "swap", "pattern", "max_words", "variants")
_MATCHER_NAMES = {
    "phrases": "phrases",
    "swap": "phrases",
    "pattern": "regex",
    "max_words": "sentence-length",
    "variants": "consistency",
}
RULE_KEYS = frozenset(
    {
        "id",
        "category",
        "severity",
        "message",
        "why",
        "suggest",
        "safe",
        "inflect",
        "case_sensitive",
        "span_group",
        "examples",
        "not_before",
        "not_after",
        "skip_in_quotes",
        "profile",
        "source",
        *MATCHER_KEYS,
    }
)
PACK_KEYS = frozenset({"pack", "description", "rules"})


class _LineMap(dict):
    """A mapping that remembers the line it started on."""

    line: int = 0


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader (libyaml's when available: packs are parsed on every cold start)."""


def _construct_mapping(loader: Any, node: yaml.MappingNode) -> _LineMap:
    mapping = _LineMap()
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise PackError(
                str(getattr(loader, "name", "")),
                key_node.start_mark.line + 1,
                None,
                f"duplicate key {key!r}",
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
    mapping.line = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _has_nested_unbounded_repeat(pattern: str) -> bool:
    """True for the classic shape of catastrophic backtracking: an unbounded repeat whose
    body is nothing but repeats, at least one of them unbounded, e.g. `(a+)+` or
    `(\\w+\\s*)*`. A body with a mandatory separator, like `(\\s+[A-Z]\\w*)*`, is fine."""
    repeats = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT)

    def flatten(items: Any) -> list[Any]:
        out = []
        for op, arg in items:
            if op == sre_constants.SUBPATTERN:
                out.extend(flatten(arg[-1]))
            else:
                out.append((op, arg))
        return out

    def only_repeats(items: Any) -> bool:
        body = flatten(items)
        if not body:
            return False
        has_unbounded = False
        for op, arg in body:
            if op in repeats:
                low, high, _sub = arg
                if high == sre_constants.MAXREPEAT:
                    has_unbounded = True
                elif low > 0:
                    return False
            elif op in (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT):
                continue
            else:
                return False
        return has_unbounded

    def walk(items: Any) -> bool:
        for op, arg in items:
            if op in repeats:
                _low, high, sub = arg
                if high == sre_constants.MAXREPEAT and only_repeats(sub):
                    return True
                if walk(sub):
                    return True
            elif op == sre_constants.SUBPATTERN:
                if walk(arg[-1]):
                    return True
            elif op == sre_constants.BRANCH:
                if any(walk(branch) for branch in arg[1]):
                    return True
            elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
                if walk(arg[1]):
                    return True
        return False

    return walk(sre_parse.parse(pattern))


def compile_pattern(pattern: str, where: str, line: int, rule_id: str, key: str) -> re.Pattern[str]:
    """Compile a pack's regex, refusing invalid and catastrophic ones with a clear reason."""
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise PackError(where, line, rule_id, f"bad regular expression in {key}: {exc}") from None
    if _has_nested_unbounded_repeat(pattern):
        raise PackError(
            where,
            line,
            rule_id,
            f"{key} has a nested unbounded repeat (like (a+)+) that can backtrack "
            "catastrophically; rewrite it",
        )
    return compiled


def _string_list(value: Any, where: str, line: int, rule_id: str, key: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise PackError(where, line, rule_id, f"{key} must be a string or a list of strings")


def _examples(value: Any, where: str, line: int, rule_id: str) -> list[Example]:
    if not isinstance(value, dict) or not set(value) <= {"bad", "good"}:
        raise PackError(
            where, line, rule_id, "examples must be a mapping with 'bad' and 'good' lists"
        )
    out: list[Example] = []
    bad = value.get("bad") or []
    good = value.get("good") or []
    if not isinstance(bad, list) or not isinstance(good, list):
        raise PackError(where, line, rule_id, "examples.bad and examples.good must be lists")
    if not bad:
        raise PackError(where, line, rule_id, "examples.bad needs at least one text the rule flags")
    for item in bad:
        if isinstance(item, str):
            out.append(Example(item, bad=True))
        elif (
            isinstance(item, dict)
            and isinstance(item.get("text"), str)
            and set(item)
            <= {
                "text",
                "fixed",
            }
        ):
            fixed = item.get("fixed")
            if fixed is not None and not isinstance(fixed, str):
                raise PackError(where, line, rule_id, "examples.bad[].fixed must be a string")
            out.append(Example(item["text"], bad=True, expected=fixed))
        else:
            raise PackError(
                where, line, rule_id, "each examples.bad entry is a string or {text, fixed}"
            )
    for item in good:
        if not isinstance(item, str):
            raise PackError(where, line, rule_id, "each examples.good entry must be a string")
        out.append(Example(item, bad=False))
    return out


def _rule(raw: Any, where: str, pack: str) -> Rule:
    line = getattr(raw, "line", 0)
    if not isinstance(raw, dict):
        raise PackError(where, line, None, "each entry of 'rules' must be a mapping")
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not _ID.match(rule_id):
        raise PackError(where, line, None, "missing or invalid 'id' (letters, digits, _ . : -)")
    unknown = sorted(set(raw) - RULE_KEYS)
    if unknown:
        raise PackError(where, line, rule_id, f"unknown key {unknown[0]!r}")
    for key in ("category", "severity", "message"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise PackError(where, line, rule_id, f"missing field {key!r}")
    try:
        severity = Severity.parse(raw["severity"])
    except ValueError as exc:
        raise PackError(where, line, rule_id, str(exc)) from None
    matchers = [k for k in MATCHER_KEYS if k in raw]
    if len(matchers) != 1:
        found = ", ".join(matchers) or "none"
        raise PackError(
            where,
            line,
            rule_id,
            f"needs exactly one matcher of {', '.join(MATCHER_KEYS)} (found {found})",
        )
    if "examples" not in raw:
        raise PackError(where, line, rule_id, "missing field 'examples'")
    rule = Rule(
        id=rule_id,
        category=raw["category"].strip(),
        severity=severity,
        message=raw["message"].strip(),
        matcher=_MATCHER_NAMES[matchers[0]],
        pack=pack,
        why=str(raw.get("why") or "").strip(),
        suggest=_string_list(raw.get("suggest", []), where, line, rule_id, "suggest"),
        safe=bool(raw.get("safe", False)),
        inflect=bool(raw.get("inflect", True)),
        case_sensitive=bool(raw.get("case_sensitive", False)),
        examples=_examples(raw["examples"], where, line, rule_id),
        source_file=where,
        source_line=line,
    )
    kind = matchers[0]
    if kind == "phrases":
        rule.phrases = _string_list(raw["phrases"], where, line, rule_id, "phrases")
        if not rule.phrases:
            raise PackError(where, line, rule_id, "phrases is empty")
    elif kind == "swap":
        swap = raw["swap"]
        if not isinstance(swap, dict) or not swap:
            raise PackError(where, line, rule_id, "swap must be a non-empty mapping")
        rule.extra["swap"] = {
            str(k): _string_list(v, where, line, rule_id, f"swap[{k!r}]") for k, v in swap.items()
        }
        rule.phrases = list(rule.extra["swap"])
    elif kind == "pattern":
        if not isinstance(raw["pattern"], str) or not raw["pattern"]:
            raise PackError(where, line, rule_id, "pattern must be a non-empty string")
        rule.pattern = raw["pattern"]
        compiled = compile_pattern(rule.pattern, where, line, rule_id, "pattern")
        group = raw.get("span_group")
        if group is not None:
            if isinstance(group, int) and not 0 <= group <= compiled.groups:
                raise PackError(where, line, rule_id, f"span_group {group} is not a group")
            if isinstance(group, str) and group not in compiled.groupindex:
                raise PackError(where, line, rule_id, f"span_group {group!r} is not a group name")
            rule.extra["span_group"] = group
        for template in rule.suggest:
            try:
                _check_template(compiled, template)
            except (re.error, IndexError) as exc:
                raise PackError(
                    where, line, rule_id, f"bad suggestion {template!r}: {exc}"
                ) from None
    elif kind == "max_words":
        if not isinstance(raw["max_words"], int) or raw["max_words"] < 1:
            raise PackError(where, line, rule_id, "max_words must be a positive whole number")
        rule.max_words = raw["max_words"]
    else:
        variants = raw["variants"]
        if (
            not isinstance(variants, list)
            or len(variants) < 2
            or not all(
                isinstance(g, list) and g and all(isinstance(p, str) for p in g) for g in variants
            )
        ):
            raise PackError(
                where, line, rule_id, "variants must be a list of at least two lists of phrases"
            )
        rule.variants = [list(g) for g in variants]
    for key in ("not_before", "not_after"):
        if key in raw:
            if not isinstance(raw[key], str):
                raise PackError(where, line, rule_id, f"{key} must be a regular expression string")
            compile_pattern(raw[key], where, line, rule_id, key)
            if key == "not_after":
                from copydesk.rules.engine import anchor_at_end

                compile_pattern(anchor_at_end(raw[key]), where, line, rule_id, key)
            rule.extra[key] = raw[key]
    if raw.get("skip_in_quotes"):
        rule.extra["skip_in_quotes"] = True
    if "profile" in raw:
        if not isinstance(raw["profile"], str):
            raise PackError(where, line, rule_id, "profile must be a string")
        rule.extra["profile"] = raw["profile"]
    if "source" in raw:
        rule.extra["source"] = str(raw["source"])
    return rule


def _check_template(compiled: re.Pattern[str], template: str) -> None:
    """Validate group references of a suggestion template against the pattern."""
    for match in re.finditer(r"\\(\d+)|\\g<([^>]*)>", template):
        ref = match.group(1) or match.group(2)
        if ref.isdigit():
            if int(ref) > compiled.groups:
                raise re.error(f"no group {ref}")
        elif ref not in compiled.groupindex:
            raise re.error(f"no group named {ref!r}")


def load_pack_text(text: str, where: str) -> list[Rule]:
    """Rules from the YAML text of one pack; `where` names the file in errors."""
    try:
        loader = _LineLoader(text)
        loader.name = where  # type: ignore[attr-defined]
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise PackError(where, line, None, f"YAML error: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise PackError(where, None, None, f"YAML error: {exc}") from None
    if data is None:
        return []
    if not isinstance(data, dict):
        raise PackError(where, 1, None, "a pack is a mapping with a 'rules' list")
    unknown = sorted(set(data) - PACK_KEYS)
    if unknown:
        raise PackError(where, getattr(data, "line", 1), None, f"unknown key {unknown[0]!r}")
    pack = str(data.get("pack") or Path(where).stem)
    rules = data.get("rules") or []
    if not isinstance(rules, list):
        raise PackError(where, getattr(data, "line", 1), None, "'rules' must be a list")
    return [_rule(raw, where, pack) for raw in rules]


def load_pack(path: Path) -> list[Rule]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(str(path), None, None, f"cannot read pack: {exc}") from None
    return load_pack_text(text, str(path))


def pack_files(folder: Path) -> list[Path]:
    """The pack files of a folder, in a stable order."""
    if not folder.is_dir():
        raise PackError(str(folder), None, None, "rule pack folder does not exist")
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def load_rules(folders: list[Path]) -> list[Rule]:
    """All rules of the packs in `folders`, refusing duplicate ids across packs."""
    seen: dict[str, Rule] = {}
    out: list[Rule] = []
    for folder in folders:
        for path in pack_files(folder):
            for rule in load_pack(path):
                key = rule.id.upper()
                if key in seen:
                    first = seen[key]
                    raise PackError(
                        str(path),
                        rule.source_line,
                        rule.id,
                        f"duplicate rule id (first defined in {first.source_file}:{first.source_line})",
                    )
                seen[key] = rule
                out.append(rule)
    return out
