"""A pickled compiled engine on disk, so that a cold `copydesk check` skips YAML parsing,
inflection and automaton building when the packs and the config have not changed."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from copydesk import __version__
from copydesk.rules.inflect import cache_dir


def cache_key(pack_files: list[Path], settings: Any) -> str:
    """Changes whenever a pack file, the selection settings or copydesk itself change."""
    stats = []
    for path in pack_files:
        st = path.stat()
        stats.append([str(path), st.st_mtime_ns, st.st_size])
    material = json.dumps(
        [__version__, sys.version, stats, settings, _code_stamp()],
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(material.encode()).hexdigest()[:20]


def _code_stamp() -> list[int]:
    """The modification times of the engine's own modules: a changed compiler (a
    development checkout) must not reuse an engine built by the old one."""
    return [p.stat().st_mtime_ns for p in sorted(Path(__file__).parent.glob("*.py"))]


def load_or_build(key: str, build: Callable[[], Any]) -> Any:
    """The cached object for `key`, or `build()` stored for next time."""
    if os.environ.get("COPYDESK_NO_CACHE"):
        return build()
    path = cache_dir() / f"engine-{key}.pickle"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        _prune(path.parent, keep=path)
    except OSError:
        pass
    return value


def _prune(folder: Path, keep: Path, limit: int = 8) -> None:
    """Keep the cache folder small: the newest few engines only."""
    engines = sorted(folder.glob("engine-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in engines[limit:]:
        if old != keep:
            with contextlib.suppress(OSError):
                old.unlink()
