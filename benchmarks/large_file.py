"""`copydesk check` on one very large text file: time, throughput and peak memory.

usage: python benchmarks/large_file.py [--mb 100]

A 100 MB file must complete with bounded memory: the engine checks it a paragraph-aligned
megabyte at a time, so peak memory is the text itself plus the issues found, not a multiple
of the text per rule.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def paragraphs() -> list[str]:
    for data in (
        HERE / "data" / "mqm-zhen-news-dev.jsonl",
        HERE.parent.parent / "shared" / "data" / "mqm-zhen-news-dev.jsonl",
    ):
        if data.exists():
            with data.open(encoding="utf-8") as handle:
                return [json.loads(line)["text"] for line in handle]
    return [(HERE.parent / "corpora" / "xiaomi-tribute" / "mt.txt").read_text(encoding="utf-8")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=100.0)
    parser.add_argument("--copydesk", default=str(Path(sys.executable).parent / "copydesk"))
    args = parser.parse_args()
    block = "\n\n".join(paragraphs()) + "\n\n"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.txt"
        with path.open("w", encoding="utf-8") as handle:
            written = 0
            while written < args.mb * 1e6:
                handle.write(block)
                written += len(block.encode("utf-8"))
        size = path.stat().st_size / 1e6
        start = time.perf_counter()
        proc = subprocess.run(
            [
                *args.copydesk.split(),
                "check",
                "--format",
                "json",
                "--languagetool",
                "off",
                str(path),
            ],
            capture_output=True,
        )
        elapsed = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        issues = json.loads(proc.stdout)["summary"]["issues"] if proc.stdout else 0
        print(f"file: {size:.1f} MB; exit {proc.returncode}; {issues} issues")
        print(
            f"time: {elapsed:.1f} s, {size / elapsed:.2f} MB/s; peak memory {peak:.0f} MB ({peak / size:.1f}x the file)"
        )


if __name__ == "__main__":
    main()
