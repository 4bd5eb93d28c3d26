"""Throughput of `copydesk check` on a folder of articles, against proselint on the same folder.

usage: python benchmarks/check_throughput.py [--files 2000] [--jobs 2] [--copydesk CMD]

Builds a folder of article files (several MB) from the MT in benchmarks/data (real
Chinese -> English news MT) and the example article, then prints, for the whole default rule
set on N processes: MB/s, files/s, peak memory of the check process, the start-up time of
`copydesk check` on one small file (median of 7 runs), and where proselint is installed its
throughput on the same folder with the files split across the same number of processes.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def source_paragraphs() -> list[str]:
    paragraphs: list[str] = []
    data = HERE / "data" / "mqm-zhen-news-dev.jsonl"
    if not data.exists():
        data = ROOT.parent / "shared" / "data" / "mqm-zhen-news-dev.jsonl"
    if data.exists():
        with data.open(encoding="utf-8") as handle:
            paragraphs += [json.loads(line)["text"] for line in handle]
    example = ROOT / "corpora" / "xiaomi-tribute" / "mt.txt"
    if example.exists():
        paragraphs += example.read_text(encoding="utf-8").splitlines()
    if not paragraphs:
        sys.exit("no source text: benchmarks/data/mqm-zhen-news-dev.jsonl or corpora/ is needed")
    return [p for p in paragraphs if p.strip()]


def build_folder(folder: Path, files: int, seed: int = 1) -> int:
    rng = random.Random(seed)
    paragraphs = source_paragraphs()
    total = 0
    for n in range(files):
        body = "\n\n".join(rng.choice(paragraphs) for _ in range(rng.randint(4, 12)))
        suffix = ".md" if n % 4 == 0 else ".txt"
        sub = folder / f"section{n % 20:02d}"
        sub.mkdir(exist_ok=True)
        path = sub / f"article{n:05d}{suffix}"
        path.write_text(body + "\n", encoding="utf-8")
        total += path.stat().st_size
    return total


def timed(cmd: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd[:3])} failed ({proc.returncode}): {proc.stderr[-500:]}")
    return elapsed, proc.stdout.count('"rule"')


def proselint_time(files: list[str], jobs: int) -> float | None:
    exe = Path(sys.executable).parent / "proselint"
    if not exe.exists():
        return None
    groups = [files[i::jobs] for i in range(jobs)]
    start = time.perf_counter()
    procs = [
        subprocess.Popen(
            [str(exe), "check", *g], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        for g in groups
    ]
    for p in procs:
        p.wait()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--copydesk", default=str(Path(sys.executable).parent / "copydesk"))
    parser.add_argument("--no-proselint", action="store_true")
    args = parser.parse_args()
    env_cmd = args.copydesk.split()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        size = build_folder(folder, args.files)
        mb = size / 1e6
        # Warm the inflection cache and the file system cache once.
        subprocess.run([*env_cmd, "check", "--format", "json", str(folder)], capture_output=True)
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        elapsed, flags = timed(
            [
                *env_cmd,
                "check",
                "--format",
                "json",
                "--languagetool",
                "off",
                "-j",
                str(args.jobs),
                str(folder),
            ]
        )
        peak_kb = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)

        one = Path(tmp) / "one.txt"
        one.write_text(
            "Xiaomi's Surging OS system is undoubtedly born for fever.\n", encoding="utf-8"
        )
        startups = [
            timed([*env_cmd, "check", "--languagetool", "off", str(one)])[0] for _ in range(7)
        ]

        print(f"folder: {args.files} files, {mb:.2f} MB; copydesk on {args.jobs} processes")
        print(
            f"copydesk check: {elapsed:.2f} s, {mb / elapsed:.2f} MB/s, {args.files / elapsed:.0f} files/s, {flags} flags"
        )
        print(f"peak memory (largest process): {peak_kb / 1024:.0f} MB")
        print(f"start-up on one small file: median {statistics.median(startups) * 1000:.0f} ms")
        if not args.no_proselint:
            files = sorted(str(p) for p in folder.rglob("*") if p.is_file())
            pl = proselint_time(files, args.jobs)
            if pl is None:
                print("proselint: not installed (pip install proselint) - no comparison")
            else:
                print(f"proselint check: {pl:.2f} s, {mb / pl:.2f} MB/s on {args.jobs} processes")
                print(f"copydesk / proselint throughput: {pl / elapsed:.1f}x")


if __name__ == "__main__":
    main()
