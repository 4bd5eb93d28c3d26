"""The shipped MQM measurement (benchmarks/mqm_agreement.py) on its development data: the
default rules must agree with professional annotators at least as well as the targets of the
packs issue. This guards against a rule that floods the flags with noise."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from copydesk.document import Document
from copydesk.rules.engine import load_engine
from tests.packs.conftest import MQM_DATA, ROOT


def load_benchmark():
    path = ROOT / "benchmarks" / "mqm_agreement.py"
    spec = importlib.util.spec_from_file_location("mqm_agreement", path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def figures() -> dict:
    bench = load_benchmark()
    rows = bench.load_rows(Path(MQM_DATA))
    engine = load_engine(None)
    preds = [[(i.start, i.end) for i in engine.check(Document.from_text(r["text"]))] for r in rows]
    return {
        "ours": bench.measure(rows, preds),
        "base": bench.measure(rows, [bench.baseline(r["text"]) for r in rows]),
    }


def test_data_and_notice_ship_together() -> None:
    folder = Path(MQM_DATA).parent
    assert (folder / "LICENSE-apache-2.0.txt").is_file()
    assert "google/wmt-mqm-human-evaluation" in (folder / "NOTICE").read_text(encoding="utf-8")
    first = json.loads(Path(MQM_DATA).read_text(encoding="utf-8").splitlines()[0])
    assert {"text", "spans", "mqm"} <= set(first)


def test_baseline_reproduces_the_published_figures(figures: dict) -> None:
    base = figures["base"]
    assert base["precision"] == pytest.approx(0.55, abs=0.01)
    assert base["recall"]["punctuation"] == pytest.approx(0.34, abs=0.01)


def test_precision_and_lift(figures: dict) -> None:
    ours = figures["ours"]
    assert ours["precision"] >= 0.60, ours
    assert ours["lift"] >= 1.5, ours


@pytest.mark.parametrize(
    ("group", "target"), [("style", 0.12), ("punctuation", 0.45), ("grammar", 0.08)]
)
def test_recall_targets(figures: dict, group: str, target: float) -> None:
    assert figures["ours"]["recall"][group] >= target, figures["ours"]


def test_caught_rule() -> None:
    bench = load_benchmark()
    assert bench.caught((10, 11), [(11, 13)])  # one-character span: slack of one
    assert bench.caught((0, 40), [(5, 15)])
    assert not bench.caught((0, 10), [(5, 25)])  # flag mostly outside the span
