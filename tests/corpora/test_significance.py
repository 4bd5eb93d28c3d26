"""Paired tests are sacrebleu's own, with the seed and sample counts the user asked for."""

from __future__ import annotations

import os

import pytest
from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.significance import PairedTest

from copydesk.corpora.score import Scorer
from copydesk.corpora.significance import paired_test
from copydesk.errors import CopydeskError
from tests.corpora import mqm


def _case(doc_index: int = 2):
    doc = mqm.documents()[doc_index]
    return (
        mqm.segments("ONLINE-B", doc),
        mqm.segments("GPT4-5shot", doc),
        mqm.segments("NLLB_Greedy", doc),
    )


def _sacrebleu_paired(hyp, ref, mt, test, n, seed, monkeypatch):
    monkeypatch.setenv("SACREBLEU_SEED", str(seed))
    metrics = {
        "chrF": CHRF(references=[ref]),
        "BLEU": BLEU(references=[ref]),
        "TER": TER(references=[ref]),
    }
    signatures, results = PairedTest(
        [("MT", mt), ("revision", hyp)], metrics, None, test_type=test, n_samples=n
    )()
    monkeypatch.delenv("SACREBLEU_SEED")
    return signatures, results


@pytest.mark.parametrize(
    ("test", "n", "seed"), [("bs", 1000, 12345), ("bs", 200, 7), ("ar", 500, 3)]
)
def test_paired_tests_equal_sacrebleu(test, n, seed, monkeypatch):
    hyp, ref, mt = _case()
    ours = paired_test(Scorer([ref], mt_segments=mt), hyp, test, n, seed)
    signatures, results = _sacrebleu_paired(hyp, ref, mt, test, n, seed, monkeypatch)
    for kind, name in (("chrF", "chrF2"), ("BLEU", "BLEU"), ("TER", "TER")):
        metric = ours.metrics[kind]
        baseline, system = results[name]
        assert metric.name == name
        assert metric.signature == signatures[name].format()
        assert f"seed:{seed}" in metric.signature and f"{test}:{n}" in metric.signature
        assert metric.revision.p_value == system.p_value
        assert metric.revision.score == system.score
        assert metric.mt.score == baseline.score
        if test == "bs":
            assert metric.revision.mean == pytest.approx(system.mean, abs=0)
            assert metric.revision.ci == pytest.approx(system.ci, abs=0)
            assert metric.mt.mean == pytest.approx(baseline.mean, abs=0)
            assert metric.mt.ci == pytest.approx(baseline.ci, abs=0)
        else:
            assert metric.revision.mean is None and metric.revision.ci is None


def test_the_seed_changes_the_resamples_and_is_restored(monkeypatch):
    monkeypatch.setenv("SACREBLEU_SEED", "99")
    hyp, ref, mt = _case(5)
    scorer = Scorer([ref], mt_segments=mt)
    first = paired_test(scorer, hyp, "bs", 300, 1)
    again = paired_test(scorer, hyp, "bs", 300, 1)
    other = paired_test(scorer, hyp, "bs", 300, 2)
    assert first == again
    assert first.metrics["chrF"].revision.mean != other.metrics["chrF"].revision.mean
    assert os.environ["SACREBLEU_SEED"] == "99"


def test_formatting_follows_sacrebleu():
    hyp, ref, mt = _case()
    result = paired_test(Scorer([ref], mt_segments=mt), hyp, "bs", 100, 5)
    text = result.metrics["chrF"].revision.format()
    score = result.metrics["chrF"].revision
    assert text.startswith(f"{score.score:.2f} ({score.mean:.2f} ± {score.ci:.2f}) (p = ")
    assert text.endswith("*") == (score.p_value <= 0.05)


def test_paired_tests_need_the_mt_and_a_positive_seed():
    hyp, ref, mt = _case()
    with pytest.raises(CopydeskError, match="needs the original MT"):
        paired_test(Scorer([ref]), hyp)
    with pytest.raises(CopydeskError, match="--seed must be 1 or more"):
        paired_test(Scorer([ref], mt_segments=mt), hyp, seed=0)
