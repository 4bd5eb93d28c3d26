"""`copydesk check`: formats, exit statuses, folders, config, and bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import DATA, SAMPLE_PACKS, example_file

ISSUE_KEYS = {
    "rule",
    "category",
    "severity",
    "message",
    "start",
    "end",
    "line",
    "column",
    "end_line",
    "end_column",
    "suggestions",
    "source",
}


@pytest.fixture
def sample_config(no_config: Path) -> Path:
    """A folder whose copydesk.toml uses only the sample pack (the built-ins ignored)."""
    from copydesk.rules.loader import BUILTIN_PACKS, load_rules

    builtin_ids = sorted({r.id for r in load_rules([BUILTIN_PACKS])})
    (no_config / "copydesk.toml").write_text(
        f'packs = ["{SAMPLE_PACKS.as_posix()}"]\nignore = {json.dumps(builtin_ids)}\n'
    )
    return no_config


def test_json_shape_offsets_and_positions(cli, sample_config: Path) -> None:  # noqa: ANN001
    text = 'First line.\r\nThe Surging OS é and known for:"The end".\n'
    path = sample_config / "a.txt"
    path.write_bytes(text.encode("utf-8"))
    result = cli("check", "--format", "json", path)
    assert result.status == 1
    data = json.loads(result.out)
    (entry,) = data["files"]
    assert entry["path"] == str(path)
    issues = entry["issues"]
    assert {tuple(sorted(i)) for i in issues} == {tuple(sorted(ISSUE_KEYS))}
    surging = next(i for i in issues if i["rule"] == "SAMPLE_SURGING")
    assert text[surging["start"] : surging["end"]] == "Surging OS"
    assert (surging["line"], surging["column"]) == (2, 5)
    assert (surging["end_line"], surging["end_column"]) == (2, 15)
    assert surging["suggestions"] == ["HyperOS"] and surging["source"] == "copydesk"
    assert data["summary"]["issues"] == len(issues)


def test_text_format_is_ruff_like(cli, sample_config: Path) -> None:  # noqa: ANN001
    path = sample_config / "a.txt"
    path.write_text("The Surging OS.\n")
    result = cli("check", path)
    assert result.status == 1
    first = result.out.splitlines()[0]
    assert (
        first
        == f'{path}:1:5: error SAMPLE_SURGING Literal product name; the official name is "HyperOS" ("Surging OS" -> "HyperOS")'
    )
    assert "Found 1 issues (1 error)" in result.out
    assert "\x1b[" not in result.out, "no colour when not on a terminal"


def test_fail_on_threshold(cli, sample_config: Path) -> None:  # noqa: ANN001
    path = sample_config / "a.txt"
    path.write_text("Now we wait.\n")  # one info issue
    assert cli("check", path).status == 0
    assert cli("check", "--fail-on", "info", path).status == 1
    clean = sample_config / "b.txt"
    clean.write_text("Nothing to see.\n")
    assert cli("check", "--fail-on", "info", clean).status == 0


def test_github_format(cli, sample_config: Path) -> None:  # noqa: ANN001
    path = sample_config / "a,b.txt"
    path.write_text("The Surging OS.\n")
    result = cli("check", "--format", "github", path)
    line = result.out.splitlines()[0]
    assert line.startswith(
        f"::error file={str(path).replace(',', '%2C')},line=1,col=5,endLine=1,endColumn=15,title=SAMPLE_SURGING::"
    )


def test_sarif_validates_against_the_official_schema(cli, sample_config: Path) -> None:  # noqa: ANN001
    (sample_config / "a.txt").write_text('The Surging OS and known for:"The.\n')
    (sample_config / "bad.txt").write_bytes(b"\xff\xfe\xfe")  # odd-length UTF-16
    result = cli("check", "--format", "sarif", sample_config)
    log = json.loads(result.out)
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text())
    jsonschema.validate(log, schema)
    run = log["runs"][0]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert "SAMPLE_SURGING" in rule_ids
    assert all("help" in r for r in run["tool"]["driver"]["rules"])
    result_ids = {r["ruleId"] for r in run["results"]}
    assert {"SAMPLE_SURGING", "SAMPLE_COLON_SPACE"} <= result_ids
    assert run["invocations"][0]["executionSuccessful"] is False
    assert result.status == 2


def test_folder_skips_hidden_gitignored_binary_and_other_suffixes(cli, sample_config: Path) -> None:  # noqa: ANN001
    root = sample_config / "articles"
    (root / "sub").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "a.txt").write_text("The Surging OS.\n")
    (root / "sub" / "b.md").write_text("The Surging OS.\n")
    (root / "c.markdown").write_text("The Surging OS.\n")
    (root / ".hidden" / "d.txt").write_text("The Surging OS.\n")
    (root / "ignored.txt").write_text("The Surging OS.\n")
    (root / "notes.rst").write_text("The Surging OS.\n")
    (root / "image.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (root / ".gitignore").write_text("ignored.txt\n")
    result = cli("check", "--format", "json", root)
    paths = sorted(Path(f["path"]).name for f in json.loads(result.out)["files"])
    assert paths == ["a.txt", "b.md", "c.markdown"]
    assert result.status == 1
    only_md = cli("check", "--format", "json", "--include", "*.md", "--exclude", "sub/**", root)
    assert json.loads(only_md.out)["files"] == []
    rst = cli("check", "--format", "json", "--include", "*.rst", root)
    assert [Path(f["path"]).name for f in json.loads(rst.out)["files"]] == ["notes.rst"]


def test_folders_are_checked_in_parallel_with_the_same_results(cli, sample_config: Path) -> None:  # noqa: ANN001
    for n in range(20):
        (sample_config / f"f{n:02d}.txt").write_text("The Surging OS.\n" * (n + 1))
    serial = json.loads(cli("check", "--format", "json", "-j", "1", sample_config).out)
    parallel = json.loads(cli("check", "--format", "json", "-j", "2", sample_config).out)
    assert serial == parallel
    assert serial["summary"]["issues"] == sum(range(1, 21))


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file (a PNG image)"),
        ("bad.txt", b"caf\xe9 au lait\n", "cannot decode as UTF-8 at byte offset 3"),
        ("nul.txt", b"abc\x00", "binary file"),
    ],
)
def test_bad_file_is_one_line_and_others_still_checked(
    cli, sample_config: Path, name: str, content: bytes, reason: str
) -> None:  # noqa: ANN001, E501
    bad = sample_config / name
    bad.write_bytes(content)
    good = sample_config / "good.txt"
    good.write_text("The Surging OS.\n")
    result = cli("check", "--format", "json", bad, good)
    assert result.status == 2
    errors = [line for line in result.err.splitlines() if "error:" in line]
    assert len(errors) == 1 and str(bad) in errors[0] and reason in errors[0]
    files = {Path(f["path"]).name: f for f in json.loads(result.out)["files"]}
    assert files["good.txt"]["issues"], "the good file is still checked"
    assert "Traceback" not in result.err


def test_missing_path_empty_folder_and_empty_file(cli, sample_config: Path) -> None:  # noqa: ANN001
    missing = cli("check", sample_config / "nope.txt")
    assert missing.status == 2 and "nope.txt: no such file or folder" in missing.err
    empty_dir = sample_config / "empty"
    empty_dir.mkdir()
    empty = cli("check", empty_dir)
    assert empty.status == 0 and "no text or Markdown files" in empty.err
    empty_file = sample_config / "empty.txt"
    empty_file.write_text("")
    result = cli("check", "--format", "json", empty_file)
    assert result.status == 0 and json.loads(result.out)["files"][0]["issues"] == []


def test_unreadable_file(cli, sample_config: Path, monkeypatch) -> None:  # noqa: ANN001
    secret = sample_config / "secret.txt"
    secret.write_text("The Surging OS.\n")
    good = sample_config / "good.txt"
    good.write_text("The Surging OS.\n")
    real_read_bytes = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "secret.txt":  # root reads anything, so refuse the way a chmod 0 would
            raise PermissionError(13, "Permission denied")
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = cli("check", "--format", "json", secret, good)
    assert result.status == 2
    assert f"{secret}: permission denied" in result.err
    files = {Path(f["path"]).name: f for f in json.loads(result.out)["files"]}
    assert files["good.txt"]["issues"] and "permission denied" in files["secret.txt"]["error"]


def test_config_errors_name_file_and_key(cli, no_config: Path) -> None:  # noqa: ANN001
    (no_config / "copydesk.toml").write_text('selct = ["X"]\n')
    (no_config / "a.txt").write_text("hi\n")
    result = cli("check", no_config / "a.txt")
    assert result.status == 2
    assert "copydesk.toml: unknown key 'selct'" in result.err
    (no_config / "copydesk.toml").write_text('severity = { X = "loud" }\n')
    assert "severity.X" in cli("check", no_config / "a.txt").err
    (no_config / "copydesk.toml").write_text("select = [\n")
    assert "invalid TOML" in cli("check", no_config / "a.txt").err


def test_pyproject_config_is_found_walking_up(cli, no_config: Path, monkeypatch) -> None:  # noqa: ANN001
    (no_config / "pyproject.toml").write_text(
        f'[tool.copydesk]\npacks = ["{SAMPLE_PACKS.as_posix()}"]\nselect = ["SAMPLE_SURGING"]\n'
    )
    sub = no_config / "deep" / "er"
    sub.mkdir(parents=True)
    (sub / "a.txt").write_text("The Surging OS. Now we wait.\n")
    monkeypatch.chdir(sub)
    data = json.loads(cli("check", "--format", "json", "a.txt").out)
    assert [i["rule"] for i in data["files"][0]["issues"]] == ["SAMPLE_SURGING"]


def test_config_severity_override_and_cli_ignore(cli, sample_config: Path) -> None:  # noqa: ANN001
    config = sample_config / "copydesk.toml"
    config.write_text(config.read_text() + 'severity = { SAMPLE_SURGING = "info" }\n')
    (sample_config / "a.txt").write_text("The Surging OS.\n")
    result = cli("check", "--format", "json", sample_config / "a.txt")
    assert json.loads(result.out)["files"][0]["issues"][0]["severity"] == "info"
    assert result.status == 0
    ignored = cli("check", "--format", "json", "--ignore", "names", sample_config / "a.txt")
    assert json.loads(ignored.out)["files"][0]["issues"] == []


def test_house_pack_with_error_is_refused(cli, no_config: Path) -> None:  # noqa: ANN001
    house = no_config / "house"
    house.mkdir()
    (house / "style.yaml").write_text(
        "rules:\n  - id: H1\n    category: c\n    severity: warning\n    message: m\n    pattern: '(x'\n    examples: {bad: [x]}\n"
    )
    (no_config / "copydesk.toml").write_text('packs = ["house"]\n')
    (no_config / "a.txt").write_text("x\n")
    result = cli("check", no_config / "a.txt")
    assert result.status == 2
    assert "style.yaml:2: rule H1: bad regular expression" in result.err


def test_usage_error_exits_2(cli) -> None:  # noqa: ANN001
    assert cli("check").status == 2
    assert cli("check", "--format", "xml", "a").status == 2


def test_python_dash_m_and_example_article(no_config: Path) -> None:
    mt = example_file("xiaomi-tribute.mt.txt")
    proc = subprocess.run(
        [sys.executable, "-m", "copydesk", "check", "--format", "json", str(mt)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    issues = json.loads(proc.stdout)["files"][0]["issues"]
    assert len(issues) >= 10


def test_colour_progress_and_summary_table_when_asked(cli, sample_config: Path) -> None:  # noqa: ANN001
    for n in range(3):
        (sample_config / f"a{n}.txt").write_text("The Surging OS. Now we wait.\n")
    result = cli("check", "--color", "always", sample_config)
    assert "\x1b[" in result.out
    assert "Issues by severity" in result.out and "Most frequent rules" in result.out
    assert "SAMPLE_SURGING" in result.out.split("Most frequent rules")[1]
    plain = cli("check", "--color", "never", sample_config)
    assert "\x1b[" not in plain.out and "Most frequent rules" not in plain.out


def test_text_output_shows_what_a_partial_suggestion_replaces(cli, no_config: Path) -> None:  # noqa: ANN001
    house = no_config / "house"
    house.mkdir()
    (house / "q.yaml").write_text(
        "rules:\n"
        "  - id: H_QUOTE\n    category: quotation\n    severity: warning\n"
        "    message: Opening quote around a slogan\n"
        "    pattern: '(\"(\\w))\\w* \\w+\"'\n    span_group: 1\n    suggest: ['\\2']\n"
        "    examples: {bad: ['\"dual carbon\"']}\n"
        "  - id: H_DELETE\n    category: hedge\n    severity: warning\n"
        "    message: '\"{match}\" adds nothing'\n"
        "    phrases: [undoubtedly]\n    suggest: ['']\n"
        "    examples: {bad: [it is undoubtedly so]}\n"
    )
    (no_config / "copydesk.toml").write_text(
        'packs = ["house"]\nselect = ["H_QUOTE", "H_DELETE"]\n'
    )
    path = no_config / "a.txt"
    path.write_text('the goal of "dual carbon", undoubtedly.\n')
    lines = cli("check", "--color", "never", path).out.splitlines()
    assert lines[0].endswith('Opening quote around a slogan ("\\"d" -> "d")'.replace('\\"', '"'))
    assert lines[1].endswith('"undoubtedly" adds nothing -> (delete)')
    github = cli("check", "--format", "github", path).out.splitlines()
    assert github[0].endswith('::Opening quote around a slogan ("\\"d" -> "d")'.replace('\\"', '"'))
