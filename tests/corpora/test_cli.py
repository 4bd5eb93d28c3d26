"""`copydesk score` end to end: formats, options, the shipped corpus, and every bad input."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import sacrebleu
from sacrebleu.metrics import BLEU, CHRF, TER

from copydesk.corpora.score import Scorer
from copydesk.corpora.significance import paired_test
from tests.corpora import mqm

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "corpora"
EXAMPLE = CORPUS / "xiaomi-tribute"
QUICK = ("--paired", "none")


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _write(
    path: Path, lines: list[str], encoding: str = "utf-8", newline: str = "\n", bom: bytes = b""
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bom + (newline.join(lines) + newline).encode(encoding))
    return path


def _doc(tmp_path: Path, doc_index: int = 0) -> tuple[Path, Path, Path, list, list, list]:
    doc = mqm.documents()[doc_index]
    hyp, ref, mt = (mqm.segments(s, doc) for s in ("ONLINE-B", "GPT4-5shot", "NLLB_Greedy"))
    return (
        _write(tmp_path / "rev.txt", hyp),
        _write(tmp_path / "ref.txt", ref),
        _write(tmp_path / "mt.txt", mt),
        hyp,
        ref,
        mt,
    )


def _json(result) -> dict:
    assert "Traceback" not in result.err
    return json.loads(result.out)


def _assert_one_clean_error(result, *fragments: str) -> None:
    assert result.status == 2
    assert "Traceback" not in result.err
    error_lines = [line for line in result.err.splitlines() if line.startswith("copydesk: error:")]
    assert error_lines, result.err
    for fragment in fragments:
        assert fragment in result.err, (fragment, result.err)


# ---------------------------------------------------------------- the shipped corpus


def test_shipped_corpus_scores_revision_against_mt(cli):
    result = cli("score", CORPUS, "--format", "json", "--segments", "3", "--paired-ar-n", "1000")
    assert result.status == 0, result.err
    data = _json(result)
    rev, ref, mt = (_lines(EXAMPLE / n) for n in ("rev.txt", "ref.txt", "mt.txt"))
    assert len(rev) == len(ref) == len(mt) == 10
    [doc] = data["documents"]
    assert doc["name"] == "xiaomi-tribute" and doc["segments"] == 10
    corpus = data["corpus"]
    for kind, metric in (("chrF", CHRF()), ("BLEU", BLEU()), ("TER", TER())):
        expected = metric.corpus_score(rev, [ref])
        assert corpus["revision_scores"][kind]["score"] == expected.score
        assert corpus["revision_scores"][kind]["signature"] == metric.get_signature().format()
        assert corpus["mt_scores"][kind]["score"] == metric.corpus_score(mt, [ref]).score
        assert doc["revision_scores"][kind]["score"] == expected.score
    assert corpus["delta"]["chrF"] > 0 and corpus["delta"]["TER"] < 0  # the post-edit helped
    assert corpus["hter"]["score"] == TER().corpus_score(mt, [rev]).score
    tests = {t["test"]: t for t in corpus["significance"]}
    assert tests["bs"]["n_samples"] == 1000 and tests["ar"]["n_samples"] == 1000
    assert "seed:12345" in tests["bs"]["metrics"]["chrF"]["signature"]
    assert tests["bs"]["metrics"]["chrF"]["revision"]["ci"] > 0
    assert 0 < tests["ar"]["metrics"]["BLEU"]["revision"]["p_value"] <= 1
    gains = data["segments"]["gains"]
    assert 1 <= len(gains) <= 3 and len(data["segments"]["losses"]) <= 3
    top = gains[0]
    assert (
        top["chrF"]["revision"]
        == CHRF().sentence_score(rev[top["segment"] - 1], [ref[top["segment"] - 1]]).score
    )
    assert (
        top["BLEU"]["mt"]
        == sacrebleu.sentence_bleu(mt[top["segment"] - 1], [ref[top["segment"] - 1]]).score
    )
    assert top["mt"] == mt[top["segment"] - 1] and top["references"] == [ref[top["segment"] - 1]]
    deltas = [g["chrF"]["delta"] for g in gains]
    assert deltas == sorted(deltas, reverse=True)


def test_shipped_corpus_table_on_the_terminal(cli):
    result = cli("score", CORPUS, "--segments", "1", "--paired-ar-n", "500")
    assert result.status == 0, result.err
    for text in (
        "xiaomi-tribute",
        "chrF2",
        "BLEU",
        "TER",
        "HTER",
        "nrefs:1|",
        "p (bs)",
        "seed 12345",
        "Largest gains",
        "revision",
        "reference",
    ):
        assert text in result.out, text


def test_file_mode_equals_corpus_mode(cli):
    files = cli(
        "score",
        EXAMPLE / "rev.txt",
        "--ref",
        EXAMPLE / "ref.txt",
        "--mt",
        EXAMPLE / "mt.txt",
        "--format",
        "json",
        *QUICK,
    )
    folder = cli("score", EXAMPLE, "--format", "json", *QUICK)
    assert files.status == folder.status == 0
    assert _json(files)["corpus"]["revision_scores"] == _json(folder)["corpus"]["revision_scores"]


# ---------------------------------------------------------------- formats and options


def test_csv_has_a_row_per_document_and_metric(cli, tmp_path):
    rev, ref, mt, *_ = _doc(tmp_path)
    result = cli(
        "score",
        rev,
        "--ref",
        ref,
        "--mt",
        mt,
        "--format",
        "csv",
        "--paired",
        "bs",
        "--paired-bs-n",
        "100",
    )
    assert result.status == 0, result.err
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert [(r["scope"], r["metric"]) for r in rows] == [
        ("document", "chrF"),
        ("document", "BLEU"),
        ("document", "TER"),
        ("document", "HTER"),
        ("corpus", "chrF"),
        ("corpus", "BLEU"),
        ("corpus", "TER"),
        ("corpus", "HTER"),
    ]
    assert float(rows[4]["p_bootstrap"]) > 0 and float(rows[4]["revision_ci"]) > 0
    assert rows[0]["signature"].startswith("nrefs:1|")


def test_markdown_tables(cli, tmp_path):
    rev, ref, mt, *_ = _doc(tmp_path, 3)
    result = cli(
        "score",
        rev,
        "--ref",
        ref,
        "--mt",
        mt,
        "--format",
        "markdown",
        "--segments",
        "2",
        "--paired",
        "ar",
        "--paired-ar-n",
        "200",
    )
    assert result.status == 0, result.err
    assert "| Document | Segments | chrF2 | BLEU | TER | HTER |" in result.out
    assert "| Metric | MT | Revision | Δ | p (bootstrap) | p (AR) |" in result.out
    assert "- BLEU (ar): `nrefs:1|ar:200|seed:12345|" in result.out
    assert "| Segment | chrF | BLEU | Revision | MT | Reference |" in result.out


def test_options_reach_sacrebleu(cli, tmp_path):
    rev, ref, _, hyp, refs, _ = _doc(tmp_path, 6)
    result = cli(
        "score",
        rev,
        "--ref",
        ref,
        "--format",
        "json",
        "--tokenize",
        "intl",
        "--lowercase",
        "--chrf-word-order",
        "2",
        "--ter-case-sensitive",
    )
    assert result.status == 0, result.err
    scores = _json(result)["corpus"]["revision_scores"]
    chrf = CHRF(word_order=2, lowercase=True)
    bleu = BLEU(tokenize="intl", lowercase=True)
    ter = TER(case_sensitive=True)
    assert scores["chrF"]["name"] == "chrF2++"
    for kind, metric in (("chrF", chrf), ("BLEU", bleu), ("TER", ter)):
        assert scores[kind]["score"] == metric.corpus_score(hyp, [refs]).score
        assert scores[kind]["signature"] == metric.get_signature().format()
    assert "case:lc" in scores["BLEU"]["signature"] and "tok:intl" in scores["BLEU"]["signature"]


def test_several_references(cli, tmp_path):
    rev, ref, _, hyp, refs, _ = _doc(tmp_path, 8)
    other = mqm.segments("ONLINE-W", mqm.documents()[8])
    ref2 = _write(tmp_path / "ref2.txt", other)
    data = _json(cli("score", rev, "--ref", ref, "--ref", ref2, "--format", "json"))
    bleu = data["corpus"]["revision_scores"]["BLEU"]
    assert bleu["score"] == sacrebleu.corpus_bleu(hyp, [refs, other]).score
    assert bleu["signature"].startswith("nrefs:2|")


def test_paired_options_match_the_api(cli, tmp_path):
    rev, ref, mt, hyp, refs, mts = _doc(tmp_path, 10)
    data = _json(
        cli(
            "score",
            rev,
            "--ref",
            ref,
            "--mt",
            mt,
            "--format",
            "json",
            "--paired",
            "bs",
            "--paired-bs-n",
            "250",
            "--seed",
            "42",
        )
    )
    [test] = data["corpus"]["significance"]
    expected = paired_test(Scorer([refs], mt_segments=mts), hyp, "bs", 250, 42)
    for kind, metric in expected.metrics.items():
        assert test["metrics"][kind]["revision"] == metric.revision.to_dict()
        assert test["metrics"][kind]["mt"] == metric.mt.to_dict()
        assert test["metrics"][kind]["signature"] == metric.signature


def test_without_mt_segments_lists_the_lowest(cli, tmp_path):
    rev, ref, *_ = _doc(tmp_path, 2)
    data = _json(cli("score", rev, "--ref", ref, "--format", "json", "--segments", "2"))
    lowest = data["segments"]["lowest"]
    assert len(lowest) == 2 and lowest[0]["chrF"]["revision"] <= lowest[1]["chrF"]["revision"]
    assert data["corpus"]["mt_scores"] is None and data["corpus"]["significance"] == []


def test_markdown_files_segment_by_paragraph_on_every_side(cli, tmp_path):
    rev = tmp_path / "rev.md"
    ref = tmp_path / "ref.md"
    rev.write_text("# Title\n\nOne line\nwrapped here.\n\nSecond paragraph.\n", encoding="utf-8")
    ref.write_text(
        "# Title\n\nOne line wrapped\nthere.\n\n\nA second paragraph.\n", encoding="utf-8"
    )
    data = _json(cli("score", rev, "--ref", ref, "--format", "json", "--segments", "3"))
    assert data["documents"][0]["segment_by"] == "paragraph"
    assert data["documents"][0]["segments"] == 3
    hyp = ["# Title", "One line wrapped here.", "Second paragraph."]
    refs = ["# Title", "One line wrapped there.", "A second paragraph."]
    assert (
        data["corpus"]["revision_scores"]["chrF"]["score"]
        == sacrebleu.corpus_chrf(hyp, [refs]).score
    )
    lines = cli("score", rev, "--ref", ref, "--segment-by", "line")
    _assert_one_clean_error(lines, f"{rev} has 6", f"{ref} has 7")


def test_folders_pair_documents_and_score_the_corpus(cli, tmp_path):
    hyps, refs = [], []
    for k, name in enumerate(("a.txt", "b/c.txt")):
        doc = mqm.documents()[k]
        hyps += _lines(_write(tmp_path / "rev" / name, mqm.segments("HW-TSC", doc)))
        refs += _lines(_write(tmp_path / "ref" / name, mqm.segments("ONLINE-W", doc)))
    data = _json(cli("score", tmp_path / "rev", "--ref", tmp_path / "ref", "--format", "json"))
    assert [d["name"] for d in data["documents"]] == ["a.txt", "b/c.txt"]
    assert data["corpus"]["segments"] == len(hyps) == 20
    assert (
        data["corpus"]["revision_scores"]["BLEU"]["score"]
        == sacrebleu.corpus_bleu(hyps, [refs]).score
    )


# ---------------------------------------------------------------- bad input


def test_different_line_counts_name_each_file_and_count(cli, tmp_path):
    rev, ref, mt, hyp, *_ = _doc(tmp_path)
    _write(rev, hyp[:-1])
    result = cli("score", rev, "--ref", ref, "--mt", mt)
    _assert_one_clean_error(result, f"{rev} has 9", f"{ref} has 10", f"{mt} has 10")
    assert result.out == ""


def test_empty_file(cli, tmp_path):
    rev, ref, *_ = _doc(tmp_path)
    ref.write_bytes(b"")
    _assert_one_clean_error(cli("score", rev, "--ref", ref), f"{ref}: empty file")


def test_missing_reference(cli, tmp_path):
    rev, *_ = _doc(tmp_path)
    result = cli("score", rev, "--ref", tmp_path / "missing.txt")
    _assert_one_clean_error(result, "missing.txt: no such file or folder (reference)")
    _assert_one_clean_error(cli("score", rev), "give at least one --ref")


def test_reference_folder_missing_a_document_scores_the_others(cli, tmp_path):
    for k, name in enumerate(("a.txt", "b.txt", "c.txt")):
        doc = mqm.documents()[k]
        _write(tmp_path / "rev" / name, mqm.segments("HW-TSC", doc))
        if name != "b.txt":
            _write(tmp_path / "ref" / name, mqm.segments("ONLINE-W", doc))
    result = cli("score", tmp_path / "rev", "--ref", tmp_path / "ref", "--format", "json")
    _assert_one_clean_error(result, str(tmp_path / "ref" / "b.txt"), "1 of 3 documents")
    data = json.loads(result.out)
    assert [d["name"] for d in data["documents"]] == ["a.txt", "c.txt"]
    assert len(data["errors"]) == 1


def test_a_bad_document_in_a_corpus_folder_does_not_stop_the_others(cli, tmp_path):
    good = tmp_path / "corpus" / "good"
    bad = tmp_path / "corpus" / "bad"
    _doc(good)
    _, _, _, hyp, *_ = _doc(bad, 1)
    _write(bad / "rev.txt", hyp[:4])
    result = cli("score", tmp_path / "corpus", *QUICK)
    _assert_one_clean_error(result, f"{bad / 'rev.txt'} has 4", f"{bad / 'ref.txt'} has 10")
    assert "good" in result.out


@pytest.mark.parametrize(
    ("encoding", "bom", "newline"),
    [
        ("utf-16-le", b"\xff\xfe", "\n"),
        ("utf-16-be", b"\xfe\xff", "\r\n"),
        ("utf-8", b"\xef\xbb\xbf", "\n"),
        ("utf-8", b"", "\r\n"),
    ],
    ids=["utf16le", "utf16be-crlf", "bom-one-side", "crlf-one-side"],
)
def test_encodings_boms_and_line_ends_on_one_side_do_not_change_scores(
    cli, tmp_path, encoding, bom, newline
):
    rev, ref, mt, hyp, refs, mts = _doc(tmp_path, 4)
    plain = _json(cli("score", rev, "--ref", ref, "--mt", mt, "--format", "json", *QUICK))
    _write(rev, hyp, encoding, newline, bom)
    odd = _json(cli("score", rev, "--ref", ref, "--mt", mt, "--format", "json", *QUICK))
    assert odd["corpus"] == plain["corpus"]
    assert (
        odd["corpus"]["revision_scores"]["chrF"]["score"]
        == sacrebleu.corpus_chrf(hyp, [refs]).score
    )


def test_undecodable_file(cli, tmp_path):
    rev, ref, *_ = _doc(tmp_path)
    ref.write_bytes("café\n".encode("latin-1"))
    _assert_one_clean_error(cli("score", rev, "--ref", ref), f"{ref}:1: cannot decode", "offset 3")


def test_same_reference_twice(cli, tmp_path):
    rev, ref, *_ = _doc(tmp_path)
    _assert_one_clean_error(cli("score", rev, "--ref", ref, "--ref", ref), "given twice")


def test_bad_option_values_are_usage_errors(cli, tmp_path):
    rev, ref, *_ = _doc(tmp_path)
    for args in (
        ("--seed", "0"),
        ("--paired-bs-n", "x"),
        ("--tokenize", "moses"),
        ("--chrf-word-order", "-1"),
        ("--format", "xml"),
    ):
        result = cli("score", rev, "--ref", ref, *args)
        assert result.status == 2 and "Traceback" not in result.err, args


def test_tokenizer_without_its_packages(cli, tmp_path):
    try:
        import MeCab  # noqa: F401
    except ImportError:
        rev, ref, *_ = _doc(tmp_path)
        result = cli("score", rev, "--ref", ref, "--tokenize", "ja-mecab")
        _assert_one_clean_error(result, "--tokenize ja-mecab", "pip install sacrebleu[ja]")
        assert len(result.err.strip().splitlines()) == 1
    else:  # pragma: no cover
        pytest.skip("MeCab is installed")


def test_command_module_imports_no_heavy_library():
    code = (
        "import sys, copydesk.commands.score as s, argparse;"
        "p = argparse.ArgumentParser(); s.register(p.add_subparsers());"
        "print(sorted(m for m in ('sacrebleu', 'rich', 'numpy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_parallel_and_serial_scoring_agree(cli, tmp_path):
    for k, name in enumerate(("a", "b", "c")):
        doc = mqm.documents()[k + 3]
        _write(tmp_path / name / "rev.txt", mqm.segments("HW-TSC", doc)[:5])
        _write(tmp_path / name / "ref.txt", mqm.segments("ONLINE-W", doc)[:5])
        _write(tmp_path / name / "mt.txt", mqm.segments("ONLINE-M", doc)[:5])
    _write(tmp_path / "d" / "rev.txt", ["only one line"])
    _write(tmp_path / "d" / "ref.txt", ["one", "two"])
    serial = cli("score", tmp_path, "--format", "json", "--segments", "2", "-j", "1", *QUICK)
    parallel = cli("score", tmp_path, "--format", "json", "--segments", "2", "-j", "3", *QUICK)
    assert serial.status == parallel.status == 2
    assert serial.err == parallel.err and "has 1" in serial.err
    assert json.loads(serial.out) == json.loads(parallel.out)


def test_documents_with_fewer_references_show_their_own_signatures(cli, tmp_path):
    for k, name in enumerate(("a", "b")):
        doc = mqm.documents()[k]
        _write(tmp_path / name / "rev.txt", mqm.segments("HW-TSC", doc)[:4])
        _write(tmp_path / name / "ref.txt", mqm.segments("ONLINE-W", doc)[:4])
    _write(tmp_path / "b" / "ref2.txt", mqm.segments("ONLINE-A", mqm.documents()[1])[:4])
    result = cli("score", tmp_path, *QUICK)
    assert result.status == 0, result.err
    out = " ".join(result.out.split())
    assert "BLEU nrefs:var|" in out
    assert "BLEU of a nrefs:1|" in out and "BLEU of b nrefs:2|" in out
