"""Opening LanguageTool for a run: finding a local install, one server per run, stopping it
on every way out, and every failure as one warning (auto) or an error (local or a URL).

A fake `java` on the PATH runs `fake_languagetool.py` as the server process, so the whole
start/check/stop cycle runs here without LanguageTool."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from copydesk.config import Config
from copydesk.document import Document
from copydesk.rules import languagetool as lt
from copydesk.rules.languagetool_options import open_backend

from .fake_languagetool import FakeLanguageTool
from .support import FakeJava, make_fake_java

HERE = Path(__file__).resolve().parent
SRC = HERE.parents[1] / "src"


def args(mode: str | None = None) -> argparse.Namespace:
    return argparse.Namespace(languagetool=mode)


def config(**table: object) -> Config:
    return Config(path=Path("/proj/copydesk.toml"), languagetool=dict(table))


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie is dead for our purposes
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split()[2] != "Z"
    except OSError:
        return True


def wait_gone(pid: int, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not pid_alive(pid):
            return True
        time.sleep(0.05)
    return False


# --------------------------------------------------------------------------- finding


def test_nothing_installed() -> None:
    with pytest.raises(lt.LanguageToolUnavailable, match="no LanguageTool installed"):
        lt.find_local_install()


def test_jar_dir_without_jar(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LTP_JAR_DIR_PATH", str(tmp_path))
    with pytest.raises(lt.LanguageToolUnavailable, match="holds no languagetool-server.jar"):
        lt.find_local_install()
    monkeypatch.setenv("LTP_JAR_DIR_PATH", str(tmp_path / "missing"))
    with pytest.raises(lt.LanguageToolUnavailable, match="is not a folder"):
        lt.find_local_install()


def test_cache_newest_version_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    for name in ("LanguageTool-5.9", "LanguageTool-6.6", "LanguageTool-6.10", "LanguageTool-x"):
        (cache / name).mkdir(parents=True)
        (cache / name / "languagetool-server.jar").write_bytes(b"")
    (cache / "LanguageTool-7.0").mkdir()  # no jar: not an install
    monkeypatch.setenv("LTP_PATH", str(cache))
    jar, version, found_by = lt.find_jar()
    assert (version, found_by) == ("6.10", "language-tool-python cache")
    assert jar == cache / "LanguageTool-6.10" / "languagetool-server.jar"


def test_found_but_no_java(fake_java: FakeJava, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(fake_java.jar_dir))  # no java there
    with pytest.raises(lt.LanguageToolUnavailable, match="no Java on the PATH"):
        lt.find_local_install()


def test_java_too_old(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = make_fake_java(tmp_path, version='"11.0.2" 2019-01-15')
    monkeypatch.setenv("PATH", f"{old.bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("LTP_JAR_DIR_PATH", str(old.jar_dir))
    with pytest.raises(lt.LanguageToolUnavailable, match="Java 11; LanguageTool needs Java 17"):
        lt.find_local_install()


def test_java_version_formats(tmp_path: Path) -> None:
    for shown, expected in (('"1.8.0_292"', (8, 0)), ('"21.0.1" 2023-10-17', (21, 0))):
        fake = make_fake_java(tmp_path / shown[1:5], version=shown)
        assert lt.java_version(str(fake.bin_dir / "java")) == expected


def test_install_found(fake_java: FakeJava) -> None:
    install = lt.find_local_install()
    assert install.version == "6.6" and install.found_by == "LTP_JAR_DIR_PATH"
    assert install.java_version == (17, 0)


# --------------------------------------------------------------------------- off / auto


def test_off_is_none_and_silent() -> None:
    warnings: list[str] = []
    with open_backend(args("off"), config(), warn=warnings.append) as backend:
        assert backend is None
    assert warnings == []


def test_auto_without_languagetool_warns_once() -> None:
    warnings: list[str] = []
    with open_backend(args(), config(), warn=warnings.append) as backend:
        assert backend is None
    assert len(warnings) == 1
    assert warnings[0].startswith("LanguageTool not used: no LanguageTool installed")


def test_local_without_languagetool_is_an_error() -> None:
    with (
        pytest.raises(lt.LanguageToolUnavailable, match="no LanguageTool installed"),
        open_backend(args("local"), config(), warn=print),
    ):
        pass


def test_auto_starts_one_server_and_stops_it(fake_java: FakeJava) -> None:
    warnings: list[str] = []
    with open_backend(args(), config(), warn=warnings.append) as backend:
        assert backend is not None
        server = backend.server
        pid = server.pid
        assert pid_alive(pid)
        for n in range(3):
            doc = Document.from_text(f"File {n} has teh typo.", path=f"{n}.txt")
            assert [i.rule for i in backend.check(doc) or []] == ["LT:MORFOLOGIK_RULE_EN_US"]
        assert server.pid == pid  # the same server for every file
    assert warnings == []
    assert wait_gone(pid)
    assert not server.alive()


def test_open_from_a_worker_thread(fake_java: FakeJava) -> None:
    """The editor opens the backend and checks from worker threads."""
    import threading

    found: list[object] = []

    def work() -> None:
        with open_backend(args("local"), config(), warn=print) as backend:
            found.append(backend.check(Document.from_text("a apple")))
            found.append(backend.server.pid)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(30)
    issues, pid = found
    assert [i.rule for i in issues] == ["LT:EN_A_VS_AN"]
    assert wait_gone(pid)


def test_server_stopped_when_the_run_fails(fake_java: FakeJava) -> None:
    with pytest.raises(RuntimeError), open_backend(args(), config(), warn=print) as backend:
        pid = backend.server.pid
        raise RuntimeError("boom")
    assert wait_gone(pid)


def test_server_stopped_on_keyboard_interrupt(fake_java: FakeJava) -> None:
    with pytest.raises(KeyboardInterrupt), open_backend(args(), config(), warn=print) as backend:
        pid = backend.server.pid
        raise KeyboardInterrupt
    assert wait_gone(pid)


def test_server_that_will_not_start(fake_java: FakeJava, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_LT_BEHAVIOUR", "exit")
    warnings: list[str] = []
    with open_backend(args(), config(), warn=warnings.append) as backend:
        assert backend is None
    assert len(warnings) == 1
    assert "exited with status 1 while starting" in warnings[0]
    assert "Could not find or load main class" in warnings[0]
    with (
        pytest.raises(lt.LanguageToolUnavailable, match="exited with status 1"),
        open_backend(args("local"), config(), warn=warnings.append),
    ):
        pass


def test_server_start_timeout(fake_java: FakeJava, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_LT_BEHAVIOUR", "hang")
    before = set(lt._RUNNING)
    with (
        pytest.raises(lt.LanguageToolUnavailable, match="did not answer within 0.5 s"),
        open_backend(args("local"), config(startup_timeout=0.5), warn=print),
    ):
        pass
    assert set(lt._RUNNING) == before  # the hung process was stopped and forgotten


def test_auto_http_500_warns_once(fake_java: FakeJava, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_LT_STATUS", "500")
    warnings: list[str] = []
    with open_backend(args(), config(), warn=warnings.append) as backend:
        assert backend.check(Document.from_text("teh", path="a.txt")) is None
        assert backend.check(Document.from_text("teh", path="b.txt")) is None
    assert len(warnings) == 1 and "HTTP 500" in warnings[0] and "a.txt" in warnings[0]


def test_auto_timeout_warns_once(fake_java: FakeJava, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_LT_DELAY", "2")
    warnings: list[str] = []
    with open_backend(args(), config(timeout=0.3), warn=warnings.append) as backend:
        assert backend.check(Document.from_text("teh", path="slow.txt")) is None
    assert len(warnings) == 1 and "no answer within 0.3 s" in warnings[0]


def test_local_server_dies_mid_run(fake_java: FakeJava) -> None:
    warnings: list[str] = []
    with open_backend(args(), config(), warn=warnings.append) as backend:
        assert backend.check(Document.from_text("teh", path="one.txt"))
        os.kill(backend.server.pid, signal.SIGKILL)
        wait_gone(backend.server.pid)
        assert backend.check(Document.from_text("teh two", path="two.txt")) is None
        assert backend.check(Document.from_text("teh three", path="three.txt")) is None
    assert len(warnings) == 1 and "two.txt" in warnings[0]


def test_explicit_local_server_dies_mid_run_is_an_error(fake_java: FakeJava) -> None:
    with (
        pytest.raises(lt.LanguageToolUnavailable, match="two.txt"),
        open_backend(args("local"), config(), warn=print) as backend,
    ):
        assert backend.check(Document.from_text("teh", path="one.txt"))
        os.kill(backend.server.pid, signal.SIGKILL)
        wait_gone(backend.server.pid)
        backend.check(Document.from_text("teh two", path="two.txt"))


# --------------------------------------------------------------------------- URL


def test_url_server(fake_lt: FakeLanguageTool) -> None:
    warnings: list[str] = []
    with open_backend(args(fake_lt.url), config(), warn=warnings.append) as backend:
        issues = backend.check(Document.from_text("a apple"))
        assert [i.rule for i in issues] == ["LT:EN_A_VS_AN"]
        assert backend.server is None  # nothing started here
    assert warnings == []


def test_url_from_config_with_language(fake_lt: FakeLanguageTool) -> None:
    with open_backend(args(), config(url=fake_lt.url, language="en-GB"), warn=print) as backend:
        backend.check(Document.from_text("teh"))
    assert fake_lt.requests[-1]["language"] == "en-GB"


def test_url_not_answering_is_an_error(fake_lt: FakeLanguageTool) -> None:
    url = fake_lt.url
    fake_lt.stop()
    with (
        pytest.raises(lt.LanguageToolUnavailable, match="cannot connect"),
        open_backend(args(url), config(), warn=print),
    ):
        pass


def test_url_without_the_language(fake_lt: FakeLanguageTool) -> None:
    with (
        pytest.raises(
            lt.LanguageToolUnavailable,
            match=r"does not support language 'fr-FR' \(/proj/copydesk.toml: languagetool",
        ),
        open_backend(args(fake_lt.url), config(language="fr-FR"), warn=print),
    ):
        pass


def test_url_http_error_on_languages(fake_lt: FakeLanguageTool) -> None:
    fake_lt.languages_status = 503
    with (
        pytest.raises(lt.LanguageToolUnavailable, match="HTTP 503"),
        open_backend(args(fake_lt.url + "/v2/"), config(), warn=print),
    ):
        pass


def test_no_proxy_for_loopback(fake_lt: FakeLanguageTool, monkeypatch: pytest.MonkeyPatch) -> None:
    """Text for a server on this machine never goes through a proxy from the environment."""
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:9")
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    with open_backend(args(fake_lt.url), config(), warn=print) as backend:
        assert backend.check(Document.from_text("teh"))


# --------------------------------------------------------------------------- process exit

SCRIPT = textwrap.dedent(
    """
    import argparse, os, signal, sys, time
    sys.path.insert(0, {src!r})
    from copydesk.rules.languagetool_options import open_backend
    how = sys.argv[1]
    with open_backend(argparse.Namespace(languagetool="local"), None, warn=print) as backend:
        print(backend.server.pid, flush=True)
        time.sleep(60)
    """
)


@pytest.mark.parametrize("how", ["sigint", "sigterm", "sighup", "sigkill"])
def test_no_server_outlives_copydesk(fake_java: FakeJava, tmp_path: Path, how: str) -> None:
    """Ctrl+C (SIGINT to copydesk's process group, as a terminal sends it), `kill`, a closed
    terminal, or even SIGKILL of copydesk: the server goes too."""
    script = tmp_path / "run.py"
    script.write_text(SCRIPT.format(src=str(SRC)))
    process = subprocess.Popen(
        [sys.executable, str(script), how],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
        start_new_session=True,  # its own process group, like a job in a terminal
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line.strip().isdigit(), process.stderr.read() if process.stderr else line
    server_pid = int(line)
    assert pid_alive(server_pid)
    if how == "sigint":
        os.killpg(process.pid, signal.SIGINT)
    else:
        os.kill(process.pid, getattr(signal, how.upper()))
    process.wait(timeout=30)
    assert wait_gone(server_pid), f"server {server_pid} outlived copydesk ({how})"
