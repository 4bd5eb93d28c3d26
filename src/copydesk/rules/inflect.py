"""Expand phrase lists with inflections, once, when a rule set is compiled.

"adhere to the concept of" must also catch "adhered to the concepts of". The forms come from
lemminflect's tables; the expansion of each phrase is cached on disk (keyed by the phrase),
so `copydesk check` does not import lemminflect on every run.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path

MAX_VARIANTS = 256
_INFLECTED_POS = ("VERB", "NOUN", "AUX")


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "copydesk"


@cache
def word_forms(word: str) -> tuple[str, ...]:
    """The word itself and every inflection of its verb and noun lemmas (lowercase)."""
    import lemminflect

    lower = word.lower()
    forms = {lower}
    lemmas = lemminflect.getAllLemmas(lower)
    for upos in _INFLECTED_POS:
        for lemma in lemmas.get(upos, ()):
            forms.add(lemma.lower())
            for variants in lemminflect.getAllInflections(lemma, upos=upos).values():
                forms.update(v.lower() for v in variants)
    return tuple(sorted(forms))


def expand_phrase(phrase: str, inflect: bool = True) -> list[str]:
    """Every surface form of a phrase: words prefixed with '=' stay as written."""
    words = phrase.split()
    plain = " ".join(w[1:] if w.startswith("=") else w for w in words)
    if not inflect:
        return [plain]
    choices: list[tuple[str, ...]] = []
    for word in words:
        if word.startswith("="):
            choices.append((word[1:],))
        elif word.isalpha():
            choices.append(word_forms(word))
        else:
            choices.append((word,))
    total = 1
    for options in choices:
        total *= len(options)
    if total > MAX_VARIANTS:
        # Too many combinations: inflect only the first word that has forms.
        first = next((i for i, c in enumerate(choices) if len(c) > 1), None)
        choices = [c if i == first else (words[i].lstrip("="),) for i, c in enumerate(choices)]
    out = {" ".join(combo) for combo in itertools.product(*choices)}
    out.add(plain.lower())
    return sorted(out)


class ExpansionCache:
    """A JSON file of phrase -> forms, shared by every run of the same rule set."""

    def __init__(self, key_material: Iterable[str]) -> None:
        digest = hashlib.sha256("\n".join(sorted(set(key_material))).encode()).hexdigest()[:16]
        self.path = cache_dir() / f"inflections-{digest}.json"
        self.data: dict[str, list[str]] = {}
        self.dirty = False
        try:
            self.data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.data = {}

    def forms(self, phrase: str, inflect: bool) -> list[str]:
        key = ("1|" if inflect else "0|") + phrase
        cached = self.data.get(key)
        if cached is None:
            cached = expand_phrase(phrase, inflect)
            self.data[key] = cached
            self.dirty = True
        return cached

    def save(self) -> None:
        if not self.dirty:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(self.data), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:
            pass  # a read-only home only costs speed
