"""The Python API gives exactly sacrebleu's numbers, however often and however it is called."""

from __future__ import annotations

import threading

import pytest
import sacrebleu
from sacrebleu.metrics import BLEU, CHRF, TER

from copydesk.corpora.score import ReferenceSet, Scorer
from copydesk.corpora.segments import AlignmentError
from copydesk.errors import CopydeskError
from tests.conftest import example_file
from tests.corpora import mqm


def _example() -> tuple[list[str], list[str]]:
    mt = example_file("xiaomi-tribute.mt.txt").read_text(encoding="utf-8").splitlines()
    ref = example_file("xiaomi-tribute.ref.txt").read_text(encoding="utf-8").splitlines()
    return mt, ref


def _texts(case: tuple[str, str, str], doc: str | None = None) -> tuple[list, list, list]:
    hyp_sys, ref_sys, mt_sys = case
    if doc is None:
        return mqm.corpus(hyp_sys), mqm.corpus(ref_sys), mqm.corpus(mt_sys)
    return (mqm.segments(hyp_sys, doc), mqm.segments(ref_sys, doc), mqm.segments(mt_sys, doc))


OPTION_SETS = [
    {},
    {"lowercase": True},
    {"tokenize": "intl"},
    {"tokenize": "none", "chrf_word_order": 2},
    {"tokenize": "char", "ter_case_sensitive": True},
    {"tokenize": "zh", "lowercase": True, "chrf_word_order": 1},
]


def _sacrebleu_metrics(options: dict) -> dict:
    return {
        "chrF": CHRF(
            word_order=options.get("chrf_word_order", 0), lowercase=options.get("lowercase", False)
        ),
        "BLEU": BLEU(
            tokenize=options.get("tokenize", "13a"), lowercase=options.get("lowercase", False)
        ),
        "TER": TER(case_sensitive=options.get("ter_case_sensitive", False)),
    }


@pytest.mark.parametrize("case", mqm.CASES)
@pytest.mark.parametrize("doc_index", [0, 5, 11])
def test_corpus_scores_equal_sacrebleu_on_real_documents(case, doc_index):
    doc = mqm.documents()[doc_index]
    hyp, ref, mt = _texts(case, doc)
    scores = Scorer([ref], mt_segments=mt).score(hyp)
    for kind, metric in _sacrebleu_metrics({}).items():
        expected = metric.corpus_score(hyp, [ref])
        assert scores.metrics[kind].score == expected.score
        assert scores.metrics[kind].name == expected.name
        assert scores.metrics[kind].signature == metric.get_signature().format()
        assert scores.mt.metrics[kind].score == metric.corpus_score(mt, [ref]).score
        assert scores.delta(kind) == expected.score - metric.corpus_score(mt, [ref]).score


@pytest.mark.parametrize("options", OPTION_SETS, ids=lambda o: ",".join(map(str, o.items())))
def test_options_give_sacrebleus_numbers_and_signatures(options):
    hyp, ref, _ = _texts(mqm.CASES[1], mqm.documents()[3])
    scores = Scorer([ref], **options).score(hyp)
    for kind, metric in _sacrebleu_metrics(options).items():
        assert scores.metrics[kind].score == metric.corpus_score(hyp, [ref]).score
        assert scores.metrics[kind].signature == metric.get_signature().format()


def test_chrf_word_order_two_is_chrf_plus_plus():
    hyp, ref, _ = _texts(mqm.CASES[0], mqm.documents()[2])
    score = Scorer([ref], chrf_word_order=2).score(hyp).chrf
    assert score.name == "chrF2++"
    assert "nw:2" in score.signature
    assert score.score == sacrebleu.corpus_chrf(hyp, [ref], word_order=2).score


def test_several_references_equal_sacrebleu():
    doc = mqm.documents()[7]
    hyp = mqm.segments("ONLINE-B", doc)
    refs = [mqm.segments("GPT4-5shot", doc), mqm.segments("ONLINE-W", doc)]
    scores = Scorer(refs).score(hyp)
    for kind, metric in _sacrebleu_metrics({}).items():
        assert scores.metrics[kind].score == metric.corpus_score(hyp, refs).score
        assert "nrefs:2" in scores.metrics[kind].signature


def test_whole_dev_set_equals_sacrebleu():
    hyp, ref, mt = _texts(mqm.CASES[2])
    assert len(hyp) > 100
    scorer = Scorer([ref], mt_segments=mt, metrics=("chrF", "BLEU"))  # TER: per document
    scores = scorer.score(hyp)
    assert scores.bleu.score == sacrebleu.corpus_bleu(hyp, [ref]).score
    assert scores.chrf.score == sacrebleu.corpus_chrf(hyp, [ref]).score
    assert scores.mt.chrf.score == sacrebleu.corpus_chrf(mt, [ref]).score


def test_example_article_equals_sacrebleu():
    mt, ref = _example()
    scores = Scorer([ref]).score(mt)
    assert scores.bleu.score == pytest.approx(sacrebleu.corpus_bleu(mt, [ref]).score, abs=0)
    assert scores.chrf.score == sacrebleu.corpus_chrf(mt, [ref]).score
    assert scores.ter.score == sacrebleu.corpus_ter(mt, [ref]).score


def test_rescoring_after_edits_stays_exact():
    """The per-segment statistics cache must never serve a stale segment."""
    hyp, ref, mt = (texts[:6] for texts in _texts(mqm.CASES[0], mqm.documents()[1]))
    scorer = Scorer([ref], mt_segments=mt)
    draft = list(hyp)
    edits = [(0, "A completely new first segment."), (4, mt[4]), (0, hyp[0]), (5, ""), (4, "x")]
    for _ in range(2):  # revisit versions: cached and evicted ones both
        for index, text in edits:
            draft[index] = text
            scores = scorer.score(draft)
            for kind, metric in _sacrebleu_metrics({}).items():
                assert scores.metrics[kind].score == metric.corpus_score(draft, [ref]).score
            assert scorer.hter(draft).score == TER().corpus_score(mt, [draft]).score


def test_segment_scores_equal_sacrebleu_sentence_scores():
    doc = mqm.documents()[4]
    hyp, ref, mt = _texts(mqm.CASES[3], doc)
    other = mqm.segments("ONLINE-W", doc)
    scorer = Scorer([ref, other], mt_segments=mt)
    rows = scorer.segment_scores(hyp)
    chrf = CHRF()
    for i, row in enumerate(rows):
        refs = [ref[i], other[i]]
        assert row.chrf == chrf.sentence_score(hyp[i], refs).score
        assert row.bleu == sacrebleu.sentence_bleu(hyp[i], refs).score
        assert row.mt_chrf == chrf.sentence_score(mt[i], refs).score
        assert row.mt_bleu == sacrebleu.sentence_bleu(mt[i], refs).score
        assert row.chrf_delta == row.chrf - row.mt_chrf
    sentence_bleu = BLEU(effective_order=True, references=[ref, other])
    assert scorer.segment_signatures["BLEU"] == sentence_bleu.get_signature().format()


def test_hter_is_ter_of_mt_against_revision():
    hyp, _, mt = _texts(mqm.CASES[1], mqm.documents()[9])
    ref = mqm.segments("GPT4-5shot", mqm.documents()[9])
    hter = Scorer([ref], mt_segments=mt).hter(hyp)
    expected = TER().corpus_score(mt, [hyp])
    assert hter.score == expected.score
    assert hter.kind == "HTER"
    assert hter.detail["num_edits"] == expected.num_edits


def test_concatenated_documents_equal_sacrebleu_on_the_concatenation():
    docs = mqm.documents()[:3]
    scorers, hyps, refs_a, refs_b, mts = [], [], [], [], []
    for k, doc in enumerate(docs):
        hyp, ref, mt = _texts(mqm.CASES[0], doc)
        refs = [ref] if k != 1 else [ref, mqm.segments("ONLINE-W", doc)]
        scorer = Scorer(refs, mt_segments=mt)
        scorer.score(hyp)
        scorers.append(scorer)
        hyps += hyp
        mts += mt
        refs_a += ref
        refs_b += refs[1] if len(refs) > 1 else [None] * len(hyp)
    corpus = Scorer.concatenate(scorers)
    scores = corpus.score(hyps)
    for kind, metric in _sacrebleu_metrics({}).items():
        assert scores.metrics[kind].score == metric.corpus_score(hyps, [refs_a, refs_b]).score
        assert "nrefs:var" in scores.metrics[kind].signature
        assert scores.mt.metrics[kind].score == metric.corpus_score(mts, [refs_a, refs_b]).score
    assert corpus.hter(hyps).score == TER().corpus_score(mts, [hyps]).score


def test_reference_set_loads_files(tmp_path):
    (tmp_path / "a.txt").write_text("one\ntwo\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("one\nstill one\n\ntwo\n", encoding="utf-8")
    refs = ReferenceSet.load([tmp_path / "a.txt", tmp_path / "b.md"])
    assert refs.streams == (("one", "two"), ("one still one", "two"))
    assert len(refs) == 2


def test_mismatched_lengths_raise_alignment_errors():
    with pytest.raises(AlignmentError, match="reference 1 has 2, reference 2 has 1"):
        ReferenceSet.from_segments([["a", "b"], ["a"]])
    scorer = Scorer([["a b c", "d e f"]])
    with pytest.raises(AlignmentError, match="hypothesis has 1 segments but the references have 2"):
        scorer.score(["a b c"])
    with pytest.raises(AlignmentError, match="MT has 3"):
        Scorer([["a", "b"]], mt_segments=["a", "b", "c"])


def test_bad_options_raise_copydesk_errors():
    with pytest.raises(CopydeskError, match="unknown tokenizer"):
        Scorer([["a"]], tokenize="moses")
    with pytest.raises(CopydeskError, match="unknown metric"):
        Scorer([["a"]], metrics=("METEOR",))
    with pytest.raises(CopydeskError, match="HTER needs the original MT"):
        Scorer([["a"]]).hter(["a"])


def test_missing_tokenizer_packages_are_one_clear_error():
    try:
        import MeCab  # noqa: F401
    except ImportError:
        with pytest.raises(
            CopydeskError, match=r"--tokenize ja-mecab: .*pip install sacrebleu\[ja\]"
        ):
            Scorer([["a"]], tokenize="ja-mecab")
    else:  # pragma: no cover
        pytest.skip("MeCab is installed")


def test_metrics_can_be_left_out():
    hyp, ref, _ = _texts(mqm.CASES[0], mqm.documents()[0])
    scores = Scorer([ref], metrics=("chrF", "BLEU")).score(hyp)
    assert set(scores.metrics) == {"chrF", "BLEU"}
    with pytest.raises(KeyError):
        _ = scores.ter


def test_scoring_prints_nothing_even_when_sacrebleu_warns(capsys):
    """sacrebleu warns through logging (tokenized periods, sentence BLEU); the API must stay
    silent because the editor calls it from a worker thread."""
    hyp = [f"segment number {i} ends tokenized ." for i in range(120)]
    scorer = Scorer([hyp], mt_segments=hyp)
    scorer.score(hyp)
    scorer.segment_scores(hyp)
    scorer.hter(hyp)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_scorer_is_safe_to_share_between_threads():
    hyp, ref, mt = _texts(mqm.CASES[0], mqm.documents()[6])
    scorer = Scorer([ref], mt_segments=mt, metrics=("chrF", "BLEU"))
    expected = {k: m.corpus_score(hyp, [ref]).score for k, m in _sacrebleu_metrics({}).items()}
    failures: list[str] = []

    def work(seed: int) -> None:
        draft = list(hyp)
        for i in range(30):
            draft[(seed + i) % len(draft)] = f"edit {seed} {i}"
            scorer.score(draft)
        result = scorer.score(hyp)
        for kind in ("chrF", "BLEU"):
            if result.metrics[kind].score != expected[kind]:
                failures.append(kind)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
