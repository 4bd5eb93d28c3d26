"""What the LanguageTool backend costs copydesk itself (not LanguageTool's own checking time).

Prints:
* start-up: importing the `--languagetool` option module and the backend, against importing
  `copydesk.document` alone (what every command pays anyway), in fresh interpreters;
* `auto` with nothing installed: the cost of looking (what every default `copydesk check`
  pays when LanguageTool is absent);
* client-side work per document: chunking + Markdown annotation + converting answers
  (UTF-16 offsets included), on a large Markdown article with emoji, against a loopback
  fake server that answers instantly, as characters per second and as a share of the run.

Run: .venv/bin/python benchmarks/languagetool_overhead.py
"""

from __future__ import annotations

import contextlib
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))


def import_time(module: str, runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", f"import {module}"], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    import os

    base = import_time("copydesk.document")
    option = import_time("copydesk.rules.languagetool_options")
    backend = import_time("copydesk.rules.languagetool")
    print(f"start-up: copydesk.document {base * 1000:.0f} ms (baseline)")
    print(
        f"start-up: + languagetool_options {option * 1000:.0f} ms "
        f"(+{(option - base) * 1000:.0f} ms, x{option / base:.2f})"
    )
    print(
        f"start-up: + languagetool backend {backend * 1000:.0f} ms "
        f"(+{(backend - base) * 1000:.0f} ms, x{backend / base:.2f})"
    )

    from copydesk.document import Document
    from copydesk.rules import languagetool as lt

    with tempfile.TemporaryDirectory() as empty:
        os.environ["LTP_PATH"] = str(Path(empty) / "cache")
        os.environ.pop("LTP_JAR_DIR_PATH", None)
        runs = 2000
        start = time.perf_counter()
        for _ in range(runs):
            with contextlib.suppress(lt.LanguageToolUnavailable):
                lt.find_local_install()
        per = (time.perf_counter() - start) / runs
        print(f"auto, nothing installed: {per * 1e6:.0f} µs to find out")

    from tests.languagetool.fake_languagetool import FakeLanguageTool

    paragraph = (
        "Xiaomi 🚀 said teh new phone, run `pip install x` and see https://example.com, is "
        "a upgraded device for fans 😀 of the brand. It was born for fever in order to win.\n\n"
    )
    text = "# Launch\n\n" + paragraph * 4000
    doc = Document.from_text(text, path="big.md")
    fake = FakeLanguageTool()
    fake.start()
    try:
        client = lt.HttpClient(fake.url, timeout=30)
        chunks = lt.document_chunks(doc)
        answers = []
        start = time.perf_counter()
        for chunk in chunks:
            form = {"language": "en-US"}
            form["data"] = __import__("json").dumps({"annotation": chunk.annotation})
            answers.append(client.check(form))
        http_time = time.perf_counter() - start
    finally:
        fake.stop()
    start = time.perf_counter()
    chunks = lt.document_chunks(doc)
    chunk_time = time.perf_counter() - start
    start = time.perf_counter()
    issues = []
    for chunk, answer in zip(chunks, answers, strict=True):
        issues += lt.response_to_issues(answer, chunk.text(doc), chunk.start)
    convert_time = time.perf_counter() - start
    ours = chunk_time + convert_time
    print(
        f"client work on {len(text) / 1e6:.2f} M chars, {len(chunks)} chunks, "
        f"{len(issues)} issues: chunk+annotate {chunk_time * 1000:.0f} ms, "
        f"convert {convert_time * 1000:.0f} ms = {len(text) / ours / 1e6:.1f} M chars/s"
    )
    print(
        f"round trips to an instant loopback server (fake LanguageTool's own matching "
        f"included): {http_time * 1000:.0f} ms; client work is {ours / (ours + http_time):.0%} "
        "of that run"
    )


if __name__ == "__main__":
    main()
