"""Is the revision significantly different from the MT? sacrebleu's paired tests, unchanged.

`paired_test` runs `sacrebleu.significance.PairedTest` with the MT as the baseline and the
revision as the system, over the metrics a `Scorer` already built (so the segment statistics
are not recomputed). Paired bootstrap resampling (`bs`) gives each side's bootstrap mean and
95% confidence interval and a p-value; approximate randomization (`ar`) gives a p-value.
The figures and signatures (which record the seed and the number of resamples or trials)
are sacrebleu's.

sacrebleu reads its seed from the `SACREBLEU_SEED` environment variable when a test is set
up; this module sets that variable for the duration of the set-up, under a lock, and restores
it. sacrebleu treats seed 0 as "no seed", so seeds start at 1.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from copydesk.corpora.score import Scorer
from copydesk.errors import CopydeskError

TestType = Literal["bs", "ar"]
TEST_NAMES = {"bs": "paired bootstrap resampling", "ar": "approximate randomization"}
DEFAULT_SAMPLES = {"bs": 1000, "ar": 10000}
DEFAULT_SEED = 12345  # sacrebleu's own default
SIGNIFICANCE_LEVEL = 0.05

_ENV_LOCK = threading.Lock()


@dataclass(frozen=True)
class SystemResult:
    """One side of a paired test, as sacrebleu's `Result`: score, bootstrap mean and CI
    (bootstrap only), p-value (the revision only)."""

    score: float
    mean: float | None = None
    ci: float | None = None
    p_value: float | None = None

    def format(self, width: int = 2) -> str:
        """`score (mean ± ci)` then `(p = 0.0010)*`, as sacrebleu's results table prints."""
        text = f"{self.score:.{width}f}"
        if self.mean is not None and self.ci is not None:
            text += f" ({self.mean:.{width}f} ± {self.ci:.{width}f})"
        if self.p_value is not None:
            text += f" (p = {self.p_value:.4f})"
            if self.p_value <= SIGNIFICANCE_LEVEL:
                text += "*"
        return text

    def to_dict(self) -> dict[str, Any]:
        return {"score": self.score, "mean": self.mean, "ci": self.ci, "p_value": self.p_value}


@dataclass(frozen=True)
class MetricTest:
    kind: str
    name: str
    signature: str
    mt: SystemResult
    revision: SystemResult

    @property
    def significant(self) -> bool:
        p = self.revision.p_value
        return p is not None and p <= SIGNIFICANCE_LEVEL


@dataclass(frozen=True)
class PairedTestResult:
    test: TestType
    n_samples: int
    seed: int
    metrics: dict[str, MetricTest]

    @property
    def title(self) -> str:
        unit = "resamples" if self.test == "bs" else "trials"
        return f"{TEST_NAMES[self.test]} ({self.n_samples} {unit}, seed {self.seed})"


def _result(raw: Any) -> SystemResult:
    def number(value: Any) -> float | None:
        return None if value is None else float(value)

    return SystemResult(float(raw.score), number(raw.mean), number(raw.ci), number(raw.p_value))


def paired_test(
    scorer: Scorer,
    revision: Sequence[str],
    test: TestType = "bs",
    n_samples: int | None = None,
    seed: int = DEFAULT_SEED,
) -> PairedTestResult:
    """Run one of sacrebleu's paired tests, MT (baseline) against `revision`."""
    from sacrebleu.significance import PairedTest

    if scorer.mt_segments is None:
        raise CopydeskError("a paired test needs the original MT (--mt)")
    if seed < 1:
        raise CopydeskError("--seed must be 1 or more (sacrebleu treats 0 as no seed)")
    samples = n_samples or DEFAULT_SAMPLES[test]
    if samples < 1:
        raise CopydeskError("the number of resamples must be 1 or more")
    metrics = {kind: scorer.metric(kind) for kind in scorer.kinds}
    systems = [("MT", list(scorer.mt_segments)), ("revision", list(revision))]
    with _ENV_LOCK:
        previous = os.environ.get("SACREBLEU_SEED")
        os.environ["SACREBLEU_SEED"] = str(seed)
        try:
            with scorer.lock:
                tester = PairedTest(systems, metrics, None, test_type=test, n_samples=samples)
        finally:
            if previous is None:
                del os.environ["SACREBLEU_SEED"]
            else:
                os.environ["SACREBLEU_SEED"] = previous
    with scorer.lock:
        signatures, results = tester()
    out: dict[str, MetricTest] = {}
    names = [key for key in results if key != "System"]  # sacrebleu's names, in metric order
    for kind, name in zip(scorer.kinds, names, strict=True):
        baseline, system = results[name]
        out[kind] = MetricTest(
            kind, name, signatures[name].format(), _result(baseline), _result(system)
        )
    return PairedTestResult(test, samples, seed, out)
