"""Score revisions against references with sacrebleu, cheaply enough to rescore on every edit.

The Python API the editor uses::

    from copydesk.corpora.score import ReferenceSet, Scorer

    refs = ReferenceSet.load(["article.ref.txt"])          # or ReferenceSet.from_segments(...)
    scorer = Scorer(refs, mt_segments=mt, tokenize="13a", lowercase=False,
                    chrf_word_order=0, metrics=("chrF", "BLEU", "TER"))
    scores = scorer.score(draft_segments)                  # -> Scores
    scores.chrf.score, scores.bleu.score, scores.ter.score # sacrebleu's numbers
    scores.chrf.signature                                  # sacrebleu's signature string
    scores.mt.chrf.score, scores.delta("chrF")             # the MT's score and rev - MT
    scorer.segment_scores(draft_segments)                  # segment chrF + sentence BLEU
    scorer.hter(draft_segments)                            # TER of the MT against the draft

Every number is sacrebleu's: the metrics are sacrebleu's `BLEU`, `CHRF` and `TER` classes,
built once with `references=` so that sacrebleu caches the reference n-grams. On top of that
cache, each metric here also remembers the sufficient statistics of every (segment index,
segment text) it has seen, so a rescore after an edit recomputes only the changed segments;
the corpus figure is then sacrebleu's own aggregation of those statistics, the same code path
`corpus_score` runs (tests check the numbers are identical to sacrebleu's public API). TER is
the expensive metric (tens of milliseconds a segment); leave it out of `metrics=` when a
caller needs only chrF and BLEU.

A `Scorer` never prints (sacrebleu's logger gets a NullHandler) and guards its caches with a
lock, so it can be called from a worker thread.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.metrics.base import Metric

from copydesk.corpora.segments import (
    AlignmentError,
    SegmentBy,
    SegmentedText,
    check_aligned,
    read_segments,
)
from copydesk.errors import CopydeskError

logging.getLogger("sacrebleu").addHandler(logging.NullHandler())

METRIC_KINDS = ("chrF", "BLEU", "TER")
# Tokenizers that work offline; spm/flores download a model, mecab ones need extra packages.
TOKENIZERS = ("13a", "intl", "zh", "char", "none", "ja-mecab", "ko-mecab")
HIGHER_IS_BETTER = {"chrF": True, "BLEU": True, "TER": False, "HTER": False}
_VERSIONS_KEPT = 4  # texts remembered per segment: the MT, the revision, a few drafts


class _SegmentStatsCache:
    """Mixin for a sacrebleu metric: remember sufficient statistics per (index, text).

    Only used when scoring against the references cached at construction
    (`references=None`), where segment statistics depend on nothing but the segment text
    and its own references; otherwise sacrebleu's method runs unchanged.
    """

    _ref_cache: Any

    def _extract_corpus_statistics(self, hypotheses: Sequence[str], references: Any) -> Any:
        if references or not self._ref_cache:
            return super()._extract_corpus_statistics(hypotheses, references)  # type: ignore[misc]
        store: list[OrderedDict[str, Any]] = self.__dict__.setdefault(
            "_segment_stats", [OrderedDict() for _ in self._ref_cache]
        )
        stats = []
        for index, (hyp, ref_info) in enumerate(zip(hypotheses, self._ref_cache, strict=False)):
            seen = store[index]
            row = seen.get(hyp)
            if row is None:
                processed = self._preprocess_segment(hyp)  # type: ignore[attr-defined]
                row = self._compute_segment_statistics(processed, ref_info)  # type: ignore[attr-defined]
                seen[hyp] = row
                if len(seen) > _VERSIONS_KEPT:
                    seen.popitem(last=False)
            else:
                seen.move_to_end(hyp)
            stats.append(row)
        return stats


class _CachedBLEU(_SegmentStatsCache, BLEU):
    pass


class _CachedCHRF(_SegmentStatsCache, CHRF):
    pass


class _CachedTER(_SegmentStatsCache, TER):
    pass


@dataclass(frozen=True)
class MetricScore:
    """One sacrebleu figure: its name as sacrebleu prints it, the score, and its signature."""

    kind: str  # chrF | BLEU | TER | HTER
    name: str  # sacrebleu's name: chrF2, chrF2++, BLEU, TER
    score: float
    signature: str
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def higher_is_better(self) -> bool:
        return HIGHER_IS_BETTER[self.kind]

    def format(self, width: int = 2) -> str:
        """`name|signature = score`, as sacrebleu prints a score line."""
        return f"{self.name}|{self.signature} = {self.score:.{width}f}"

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "score": self.score, "signature": self.signature, **self.detail}


@dataclass(frozen=True)
class Scores:
    """Corpus-level scores of one hypothesis, and of the original MT when there is one."""

    metrics: dict[str, MetricScore]
    mt: Scores | None = None

    @property
    def chrf(self) -> MetricScore:
        return self.metrics["chrF"]

    @property
    def bleu(self) -> MetricScore:
        return self.metrics["BLEU"]

    @property
    def ter(self) -> MetricScore:
        return self.metrics["TER"]

    def delta(self, kind: str) -> float | None:
        """Revision minus MT for one metric (for TER, negative means better); None without MT."""
        if self.mt is None or kind not in self.mt.metrics or kind not in self.metrics:
            return None
        return self.metrics[kind].score - self.mt.metrics[kind].score

    @property
    def deltas(self) -> dict[str, float]:
        return {k: d for k in self.metrics if (d := self.delta(k)) is not None}


@dataclass(frozen=True)
class SegmentScore:
    """Segment chrF and sentence BLEU of one hypothesis segment, and of the MT's."""

    index: int
    chrf: float
    bleu: float
    mt_chrf: float | None = None
    mt_bleu: float | None = None

    @property
    def chrf_delta(self) -> float | None:
        return None if self.mt_chrf is None else self.chrf - self.mt_chrf

    @property
    def bleu_delta(self) -> float | None:
        return None if self.mt_bleu is None else self.bleu - self.mt_bleu


@dataclass(frozen=True)
class ReferenceSet:
    """Aligned reference segments: one stream per reference; None marks a segment that a
    reference does not cover (a corpus whose documents have different numbers of references)."""

    streams: tuple[tuple[str | None, ...], ...]
    names: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.streams:
            raise CopydeskError("no references given")
        lengths = {len(stream) for stream in self.streams}
        if len(lengths) > 1:
            listing = ", ".join(
                f"{name} has {len(stream)}"
                for name, stream in zip(self._labels(), self.streams, strict=True)
            )
            raise AlignmentError(f"reference segment counts differ: {listing}")

    def _labels(self) -> list[str]:
        if len(self.names) == len(self.streams):
            return list(self.names)
        return [f"reference {i + 1}" for i in range(len(self.streams))]

    @classmethod
    def from_segments(
        cls, streams: Iterable[Sequence[str | None]], names: Sequence[str] = ()
    ) -> ReferenceSet:
        return cls(tuple(tuple(s) for s in streams), tuple(names))

    @classmethod
    def from_texts(cls, texts: Sequence[SegmentedText]) -> ReferenceSet:
        check_aligned(texts)
        return cls(tuple(t.segments for t in texts), tuple(t.path for t in texts))

    @classmethod
    def load(cls, paths: Sequence[str], segment_by: SegmentBy | None = None) -> ReferenceSet:
        """Read and segment reference files (Markdown by paragraph unless `segment_by`)."""
        return cls.from_texts([read_segments(p, segment_by) for p in paths])

    def __len__(self) -> int:
        return len(self.streams[0])

    def segment(self, index: int) -> list[str]:
        """The references of one segment (those that cover it)."""
        return [s[index] for s in self.streams if s[index] is not None]  # type: ignore[misc]


def _bleu_detail(score: Any) -> dict[str, Any]:
    return {
        "counts": list(score.counts),
        "totals": list(score.totals),
        "precisions": [float(p) for p in score.precisions],
        "bp": float(score.bp),
        "sys_len": int(score.sys_len),
        "ref_len": int(score.ref_len),
    }


def _ter_detail(score: Any) -> dict[str, Any]:
    return {"num_edits": int(score.num_edits), "ref_length": float(score.ref_length)}


def _to_metric_score(kind: str, score: Any, signature: str) -> MetricScore:
    detail: dict[str, Any] = {}
    if kind == "BLEU":
        detail = _bleu_detail(score)
    elif kind in ("TER", "HTER"):
        detail = _ter_detail(score)
    return MetricScore(kind, score.name, float(score.score), signature, detail)


class Scorer:
    """sacrebleu metrics built once over a reference set; see the module docstring."""

    def __init__(
        self,
        references: ReferenceSet | Sequence[Sequence[str | None]],
        mt_segments: Sequence[str] | None = None,
        *,
        tokenize: str = "13a",
        lowercase: bool = False,
        chrf_word_order: int = 0,
        ter_case_sensitive: bool = False,
        metrics: Sequence[str] = METRIC_KINDS,
    ) -> None:
        if not isinstance(references, ReferenceSet):
            references = ReferenceSet.from_segments(references)
        unknown = [m for m in metrics if m not in METRIC_KINDS]
        if unknown or not metrics:
            raise CopydeskError(f"unknown metric {unknown}; choose from {', '.join(METRIC_KINDS)}")
        if tokenize not in TOKENIZERS:
            raise CopydeskError(
                f"unknown tokenizer {tokenize!r}; choose from {', '.join(TOKENIZERS)}"
            )
        if chrf_word_order < 0:
            raise CopydeskError("chrF word order must be 0 or more (2 gives chrF++)")
        self.references = references
        self.tokenize = tokenize
        self.lowercase = lowercase
        self.chrf_word_order = chrf_word_order
        self.ter_case_sensitive = ter_case_sensitive
        self.kinds = tuple(k for k in METRIC_KINDS if k in metrics)
        self._lock = threading.RLock()
        streams = [list(s) for s in references.streams]
        try:
            self._metrics: dict[str, Metric] = {}
            for kind in self.kinds:
                self._metrics[kind] = self._build(kind, streams)
            self._sentence_bleu = _CachedBLEU(
                tokenize=tokenize,
                lowercase=lowercase,
                effective_order=True,
                force=True,
                references=streams,
            )
        except RuntimeError as exc:  # a tokenizer whose extra packages are missing
            detail = " ".join(str(exc).split())
            raise CopydeskError(f"--tokenize {tokenize}: {detail}") from None
        self._sentence_chrf = self._metrics.get("chrF") or self._build("chrF", streams)
        self._signatures = {k: m.get_signature().format() for k, m in self._metrics.items()}
        self._hter_stats: list[OrderedDict[str, Any]] = [OrderedDict() for _ in range(len(self))]
        self.mt_segments: tuple[str, ...] | None = None
        self._mt_scores: Scores | None = None
        self._mt_segment_figures: tuple[list[float], list[float]] | None = None
        if mt_segments is not None:
            self.mt_segments = tuple(mt_segments)
            self._check_length(self.mt_segments, "MT")
            self._mt_scores = self._score(self.mt_segments)

    def __getstate__(self) -> dict[str, Any]:
        """Scorers travel to and from worker processes (documents are scored in parallel)."""
        state = self.__dict__.copy()
        del state["_lock"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.RLock()

    def _build(self, kind: str, streams: list[list[str | None]]) -> Metric:
        if kind == "BLEU":
            return _CachedBLEU(
                tokenize=self.tokenize, lowercase=self.lowercase, force=True, references=streams
            )
        if kind == "chrF":
            return _CachedCHRF(
                word_order=self.chrf_word_order, lowercase=self.lowercase, references=streams
            )
        return _CachedTER(case_sensitive=self.ter_case_sensitive, references=streams)

    def __len__(self) -> int:
        return len(self.references)

    def _check_length(self, segments: Sequence[str], what: str) -> None:
        if len(segments) != len(self):
            raise AlignmentError(
                f"{what} has {len(segments)} segments but the references have {len(self)}"
            )

    @property
    def signatures(self) -> dict[str, str]:
        """sacrebleu's signature of each metric, keyed by chrF / BLEU / TER."""
        return dict(self._signatures)

    @property
    def sentence_bleu_signature(self) -> str:
        return self._sentence_bleu.get_signature().format()

    @property
    def mt_scores(self) -> Scores | None:
        return self._mt_scores

    @property
    def lock(self) -> AbstractContextManager[Any]:
        """Held while the metrics' caches change; hold it to use `metric()` objects directly."""
        return self._lock

    def metric(self, kind: str) -> Metric:
        """The sacrebleu metric object (references cached), e.g. for sacrebleu's paired tests."""
        return self._metrics[kind]

    def _score(self, segments: Sequence[str]) -> Scores:
        results = {}
        for kind, metric in self._metrics.items():
            score = metric.corpus_score(list(segments), None)
            results[kind] = _to_metric_score(kind, score, self._signatures[kind])
        return Scores(results)

    def score(self, hyp_segments: Sequence[str]) -> Scores:
        """Corpus chrF, BLEU and TER of `hyp_segments`, with the MT's scores attached."""
        segments = list(hyp_segments)
        self._check_length(segments, "the hypothesis")
        with self._lock:
            scores = self._score(segments)
        return Scores(scores.metrics, self._mt_scores)

    def _segment_figures(self, segments: Sequence[str]) -> tuple[list[float], list[float]]:
        chrf_stats = self._sentence_chrf._extract_corpus_statistics(segments, None)
        bleu_stats = self._sentence_bleu._extract_corpus_statistics(segments, None)
        chrf = [float(self._sentence_chrf._aggregate_and_compute([s]).score) for s in chrf_stats]
        bleu = [float(self._sentence_bleu._aggregate_and_compute([s]).score) for s in bleu_stats]
        return chrf, bleu

    def segment_scores(self, hyp_segments: Sequence[str]) -> list[SegmentScore]:
        """Segment chrF and sentence BLEU (sacrebleu's `sentence_score` figures) of every
        segment, next to the MT's when there is one."""
        segments = list(hyp_segments)
        self._check_length(segments, "the hypothesis")
        with self._lock:
            chrf, bleu = self._segment_figures(segments)
            if self.mt_segments is None:
                return [
                    SegmentScore(i, c, b) for i, (c, b) in enumerate(zip(chrf, bleu, strict=True))
                ]
            if self._mt_segment_figures is None:
                self._mt_segment_figures = self._segment_figures(self.mt_segments)
            mt_chrf, mt_bleu = self._mt_segment_figures
        return [
            SegmentScore(i, chrf[i], bleu[i], mt_chrf[i], mt_bleu[i]) for i in range(len(segments))
        ]

    @property
    def segment_signatures(self) -> dict[str, str]:
        """Signatures of the segment-level figures: chrF and sentence BLEU."""
        return {
            "chrF": self._sentence_chrf.get_signature().format(),
            "BLEU": self.sentence_bleu_signature,
        }

    def hter(self, hyp_segments: Sequence[str]) -> MetricScore:
        """Post-editing effort: TER of the original MT with `hyp_segments` as the reference."""
        if self.mt_segments is None:
            raise CopydeskError("HTER needs the original MT (mt_segments)")
        segments = list(hyp_segments)
        self._check_length(segments, "the hypothesis")
        metric = TER(case_sensitive=self.ter_case_sensitive)
        with self._lock:
            stats = []
            for index, (mt, rev) in enumerate(zip(self.mt_segments, segments, strict=True)):
                seen = self._hter_stats[index]
                row = seen.get(rev)
                if row is None:
                    row = metric._extract_corpus_statistics([mt], [[rev]])[0]
                    seen[rev] = row
                    if len(seen) > _VERSIONS_KEPT:
                        seen.popitem(last=False)
                stats.append(row)
            metric.num_refs = 1
            score = metric._aggregate_and_compute(stats)
            signature = metric.get_signature().format()
        return _to_metric_score("HTER", score, signature)

    @classmethod
    def concatenate(cls, scorers: Sequence[Scorer]) -> Scorer:
        """One scorer over several documents end to end (the corpus), reusing the segment
        statistics the document scorers already computed. Documents with fewer references
        leave gaps (None), which sacrebleu scores as a variable number of references."""
        first = scorers[0]
        n_refs = max(len(s.references.streams) for s in scorers)
        streams: list[list[str | None]] = [[] for _ in range(n_refs)]
        for scorer in scorers:
            for k in range(n_refs):
                if k < len(scorer.references.streams):
                    streams[k].extend(scorer.references.streams[k])
                else:
                    streams[k].extend([None] * len(scorer))
        has_mt = all(s.mt_segments is not None for s in scorers)
        combined = cls(
            ReferenceSet.from_segments(streams),
            None,
            tokenize=first.tokenize,
            lowercase=first.lowercase,
            chrf_word_order=first.chrf_word_order,
            ter_case_sensitive=first.ter_case_sensitive,
            metrics=first.kinds,
        )
        combined._adopt_statistics(scorers)
        if has_mt:
            mt = [seg for s in scorers for seg in (s.mt_segments or ())]
            combined.mt_segments = tuple(mt)
            combined._mt_scores = combined._score(mt)
        return combined

    def _adopt_statistics(self, scorers: Sequence[Scorer]) -> None:
        pairs: list[tuple[Metric, list[Metric]]] = [
            (self._metrics[k], [s._metrics[k] for s in scorers]) for k in self.kinds
        ]
        pairs.append((self._sentence_bleu, [s._sentence_bleu for s in scorers]))
        if "chrF" not in self.kinds:
            pairs.append((self._sentence_chrf, [s._sentence_chrf for s in scorers]))
        for target, sources in pairs:
            merged: list[OrderedDict[str, Any]] = []
            for source, scorer in zip(sources, scorers, strict=True):
                stored = source.__dict__.get("_segment_stats") or [{}] * len(scorer)
                merged.extend(OrderedDict(d) for d in stored)
            target.__dict__["_segment_stats"] = merged
        self._hter_stats = [OrderedDict(d) for s in scorers for d in s._hter_stats]
