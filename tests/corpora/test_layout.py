"""Which files form each document: single files, paired folders, corpus folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from copydesk.corpora.layout import corpus_layout, find_documents
from copydesk.errors import CopydeskError, InputError

REPO_CORPORA = Path(__file__).resolve().parents[2] / "corpora"


def _write(path: Path, text: str = "a\nb\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_single_files(tmp_path):
    rev, ref, mt = (_write(tmp_path / n) for n in ("rev.txt", "ref.txt", "mt.txt"))
    layout = find_documents(str(rev), [str(ref)], str(mt))
    [doc] = layout.documents
    assert (doc.revision, doc.references, doc.mt) == (rev, (ref,), mt)
    assert layout.problems == []


def test_a_file_needs_a_reference(tmp_path):
    rev = _write(tmp_path / "rev.txt")
    with pytest.raises(CopydeskError, match="give at least one --ref"):
        find_documents(str(rev), [])


def test_missing_paths_are_named(tmp_path):
    rev = _write(tmp_path / "rev.txt")
    with pytest.raises(InputError, match=r"nope\.txt: no such file or folder \(reference\)"):
        find_documents(str(rev), [str(tmp_path / "nope.txt")])
    with pytest.raises(InputError, match=r"gone\.txt: no such file or folder \(the revision"):
        find_documents(str(tmp_path / "gone.txt"), [str(rev)])
    with pytest.raises(InputError, match=r"mt\.txt: no such file or folder \(original MT\)"):
        find_documents(str(rev), [str(rev)], str(tmp_path / "mt.txt"))


def test_the_same_reference_twice_is_refused(tmp_path, monkeypatch):
    rev, ref = _write(tmp_path / "rev.txt"), _write(tmp_path / "ref.txt")
    with pytest.raises(CopydeskError, match="given twice"):
        find_documents(str(rev), [str(ref), str(ref)])
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CopydeskError, match=r"given twice \(ref\.txt and \./ref\.txt are the same"):
        find_documents("rev.txt", ["ref.txt", "./ref.txt"])


def test_files_and_folders_do_not_mix(tmp_path):
    rev = _write(tmp_path / "rev.txt")
    with pytest.raises(InputError, match="is a folder, but the revision"):
        find_documents(str(rev), [str(tmp_path)])
    with pytest.raises(InputError, match="is a file, but the revision"):
        find_documents(str(tmp_path), [str(rev)])


def test_folders_pair_by_relative_path_and_report_missing_documents(tmp_path):
    for name in ("a.txt", "sub/b.md", "c.txt"):
        _write(tmp_path / "rev" / name)
        if name != "c.txt":
            _write(tmp_path / "ref" / name)
    _write(tmp_path / "rev" / "notes.csv")
    layout = find_documents(str(tmp_path / "rev"), [str(tmp_path / "ref")])
    assert [d.name for d in layout.documents] == ["a.txt", "sub/b.md"]
    [problem] = layout.problems
    assert str(tmp_path / "ref" / "c.txt") in str(problem)
    assert "reference for" in str(problem) and "c.txt is missing" in str(problem)


def test_corpus_folder_documents(tmp_path):
    _write(tmp_path / "one" / "rev.txt")
    _write(tmp_path / "one" / "ref.txt")
    _write(tmp_path / "one" / "ref2.txt")
    _write(tmp_path / "one" / "mt.txt")
    _write(tmp_path / "one" / "source.txt")
    _write(tmp_path / "two" / "mt.txt")
    _write(tmp_path / "two" / "ref.txt")
    _write(tmp_path / "three" / "rev.md")
    _write(tmp_path / "README.md")
    layout = corpus_layout(tmp_path)
    [one] = layout.documents
    assert one.name == "one"
    assert [p.name for p in one.references] == ["ref.txt", "ref2.txt"]
    assert one.mt.name == "mt.txt" and one.source.name == "source.txt"
    messages = sorted(str(p) for p in layout.problems)
    assert "no ref*.* file" in messages[0] and "three" in messages[0]
    assert "no rev.* file" in messages[1] and "copydesk score" in messages[1]


def test_a_document_folder_is_its_own_corpus(tmp_path):
    _write(tmp_path / "rev.txt")
    _write(tmp_path / "ref.txt")
    assert [d.name for d in corpus_layout(tmp_path).documents] == [tmp_path.name]


def test_empty_corpus_folder_is_an_error(tmp_path):
    with pytest.raises(InputError, match="no documents found"):
        corpus_layout(tmp_path)
    with pytest.raises(CopydeskError, match="--mt cannot be used with the corpus folder"):
        find_documents(str(tmp_path), [], str(_write(tmp_path / "x.txt")))


def test_shipped_corpus_is_complete():
    layout = corpus_layout(REPO_CORPORA)
    assert [d.name for d in layout.documents] == ["xiaomi-tribute"]
    assert layout.problems == []
    doc = layout.documents[0]
    assert doc.mt is not None and doc.mt.read_bytes()[-1:] != b"\n"  # as shipped: no final newline
