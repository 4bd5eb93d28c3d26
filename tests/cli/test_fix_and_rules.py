"""`copydesk fix` and `copydesk rules`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SAMPLE_PACKS


@pytest.fixture
def sample_config(no_config: Path) -> Path:
    from copydesk.rules.loader import BUILTIN_PACKS, load_rules

    builtin_ids = sorted({r.id for r in load_rules([BUILTIN_PACKS])})
    (no_config / "copydesk.toml").write_text(
        f'packs = ["{SAMPLE_PACKS.as_posix()}"]\nignore = {json.dumps(builtin_ids)}\n'
    )
    return no_config


def test_fix_applies_safe_only_then_unsafe_and_keeps_crlf_bom(cli, sample_config: Path) -> None:  # noqa: ANN001
    path = sample_config / "a.txt"
    original = "\ufeffThe Surging OS\r\nThey adhered to the concept of speed.\r\n"
    path.write_bytes(original.encode("utf-8"))
    diff = cli("fix", "--diff", path)
    assert diff.status == 1 and "+The HyperOS" in diff.out
    assert path.read_bytes() == original.encode("utf-8"), "--diff never writes"
    assert cli("fix", path).status == 0
    assert (
        path.read_bytes()
        == "\ufeffThe HyperOS\r\nThey adhered to the concept of speed.\r\n".encode()
    )
    assert cli("fix", "--unsafe", path).status == 0
    assert path.read_bytes() == "\ufeffThe HyperOS\r\nThey focus on speed.\r\n".encode()
    before = path.read_bytes()
    cli("fix", "--unsafe", path)
    assert path.read_bytes() == before, "a second run changes nothing"


def test_fix_bad_input(cli, sample_config: Path) -> None:  # noqa: ANN001
    bad = sample_config / "bad.txt"
    bad.write_bytes(b"\xff\xff\xff")
    good = sample_config / "good.txt"
    good.write_text("The Surging OS\n")
    result = cli("fix", bad, good, sample_config / "missing.txt")
    assert result.status == 2
    assert good.read_text() == "The HyperOS\n"
    assert bad.read_bytes() == b"\xff\xff\xff"
    assert "missing.txt: no such file" in result.err


def test_rules_list_show_and_test(cli, sample_config: Path) -> None:  # noqa: ANN001
    listed = cli("rules")
    assert listed.status == 0 and "SAMPLE_SURGING" in listed.out and "names" in listed.out
    shown = cli("rules", "show", "sample_surging")
    assert shown.status == 0
    assert "Mi Surging OS -> Xiaomi HyperOS" in shown.out and "Flagged:" in shown.out
    assert cli("rules", "show", "NOPE").status == 2
    tested = cli("rules", "test", SAMPLE_PACKS)
    assert tested.status == 0 and " 0 failed" in tested.out


def test_rules_test_reports_failing_examples(cli, tmp_path: Path) -> None:  # noqa: ANN001
    (tmp_path / "p.yaml").write_text(
        "rules:\n  - id: P1\n    category: c\n    severity: info\n    message: m\n"
        "    phrases: [foo]\n    suggest: [bar]\n    examples:\n"
        "      bad:\n        - text: a foo\n          fixed: a baz\n      good: [foo fighters]\n"
    )
    result = cli("rules", "test", tmp_path)
    assert result.status == 1
    assert "expected 'a baz'" in result.out and "good example flagged" in result.out
    assert "0 passed, 2 failed" in result.out
