"""Helpers shared by the LanguageTool tests."""

from __future__ import annotations

import stat
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass
class FakeJava:
    """A `java` on the PATH that runs the fake server, and a LanguageTool folder for it."""

    bin_dir: Path
    jar_dir: Path


def make_fake_java(root: Path, version: str = '"17.0.15" 2025-04-15') -> FakeJava:
    bin_dir = root / "bin"
    bin_dir.mkdir(parents=True, exist_ok=True)
    java = bin_dir / "java"
    java.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "-version" ]; then\n'
        f"  echo 'openjdk version {version}' >&2\n"
        "  exit 0\n"
        "fi\n"
        f'exec "{sys.executable}" "{HERE / "fake_languagetool.py"}" "$@"\n'
    )
    java.chmod(java.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    jar_dir = root / "LanguageTool-6.6"
    jar_dir.mkdir(exist_ok=True)
    (jar_dir / "languagetool-server.jar").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    return FakeJava(bin_dir, jar_dir)
