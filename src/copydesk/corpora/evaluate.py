"""Score a set of documents and the corpus they form: what `copydesk score` computes.

Reads each document's files (`segments`), scores it (`score.Scorer`), then scores all
documents end to end as the corpus, and runs the paired tests on the corpus. A document that
cannot be read or does not line up is recorded as an error and left out; the rest are scored.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from copydesk.corpora.layout import DocumentFiles
from copydesk.corpora.score import MetricScore, ReferenceSet, Scorer, Scores, SegmentScore
from copydesk.corpora.segments import SegmentBy, check_aligned, read_segments, segment_by_for
from copydesk.corpora.significance import PairedTestResult, TestType, paired_test
from copydesk.errors import CopydeskError


@dataclass(frozen=True)
class ScoreSettings:
    """Everything the user chose that changes a number."""

    tokenize: str = "13a"
    lowercase: bool = False
    chrf_word_order: int = 0
    ter_case_sensitive: bool = False
    segment_by: SegmentBy | None = None  # None: paragraphs when the revision is Markdown
    tests: tuple[TestType, ...] = ("bs", "ar")
    bs_samples: int = 1000
    ar_samples: int = 10000
    seed: int = 12345

    def scorer_options(self) -> dict[str, Any]:
        return {
            "tokenize": self.tokenize,
            "lowercase": self.lowercase,
            "chrf_word_order": self.chrf_word_order,
            "ter_case_sensitive": self.ter_case_sensitive,
        }


@dataclass(frozen=True)
class SegmentRow:
    """One segment of a document with its scores and the texts to show beside them."""

    document: str
    index: int  # 0-based within the document
    line: int  # 1-based line where it starts in the revision file
    revision: str
    mt: str | None
    references: tuple[str, ...]
    source: str | None
    score: SegmentScore


@dataclass
class DocumentResult:
    files: DocumentFiles
    segment_by: SegmentBy
    scorer: Scorer
    revision: tuple[str, ...]
    scores: Scores
    hter: MetricScore | None
    rows: list[SegmentRow]

    @property
    def name(self) -> str:
        return self.files.name

    def __len__(self) -> int:
        return len(self.revision)


@dataclass
class Evaluation:
    settings: ScoreSettings
    documents: list[DocumentResult] = field(default_factory=list)
    errors: list[CopydeskError] = field(default_factory=list)
    corpus_scores: Scores | None = None
    corpus_hter: MetricScore | None = None
    tests: list[PairedTestResult] = field(default_factory=list)
    signatures: dict[str, str] = field(default_factory=dict)

    @property
    def has_mt(self) -> bool:
        return self.corpus_scores is not None and self.corpus_scores.mt is not None

    @property
    def segment_count(self) -> int:
        return sum(len(d) for d in self.documents)

    def segment_rows(self) -> list[SegmentRow]:
        return [row for doc in self.documents for row in doc.rows]


def score_document(files: DocumentFiles, settings: ScoreSettings) -> DocumentResult:
    """Read, align and score one document; raises CopydeskError when it cannot be scored."""
    rule = settings.segment_by or segment_by_for(files.revision)
    revision = read_segments(files.revision, rule)
    references = [read_segments(p, rule) for p in files.references]
    mt = read_segments(files.mt, rule) if files.mt else None
    source = read_segments(files.source, rule) if files.source else None
    check_aligned([revision, *references, *([mt] if mt else []), *([source] if source else [])])
    scorer = Scorer(
        ReferenceSet.from_texts(references),
        mt.segments if mt else None,
        **settings.scorer_options(),
    )
    scores = scorer.score(revision.segments)
    hter = scorer.hter(revision.segments) if mt else None
    rows = [
        SegmentRow(
            files.name,
            i,
            revision.lines[i],
            revision.segments[i],
            mt.segments[i] if mt else None,
            tuple(r.segments[i] for r in references),
            source.segments[i] if source else None,
            seg,
        )
        for i, seg in enumerate(scorer.segment_scores(revision.segments))
    ]
    return DocumentResult(files, rule, scorer, revision.segments, scores, hter, rows)


def _score_or_error(files: DocumentFiles, settings: ScoreSettings) -> DocumentResult | str:
    """A document's result, or its error as one line (errors cross process boundaries as
    text: InputError's constructor does not survive pickling)."""
    try:
        return score_document(files, settings)
    except CopydeskError as exc:
        return str(exc)
    except Exception as exc:  # a bug must not lose the other documents' scores
        return f"{files.name}: internal error: {exc!r}"


def default_jobs() -> int:
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def _score_all(
    documents: Sequence[DocumentFiles], settings: ScoreSettings, jobs: int
) -> list[DocumentResult | str]:
    if jobs <= 1 or len(documents) < 2:
        return [_score_or_error(files, settings) for files in documents]
    with ProcessPoolExecutor(max_workers=min(jobs, len(documents))) as pool:
        return list(pool.map(_score_or_error, documents, [settings] * len(documents)))


def evaluate(
    documents: Sequence[DocumentFiles],
    settings: ScoreSettings,
    errors: Sequence[CopydeskError] = (),
    jobs: int | None = None,
) -> Evaluation:
    """Score every document (in parallel across `jobs` processes, default one per core),
    then the corpus; errors are collected, not raised."""
    result = Evaluation(settings, errors=list(errors))
    for outcome in _score_all(documents, settings, jobs or default_jobs()):
        if isinstance(outcome, str):
            result.errors.append(CopydeskError(outcome))
        else:
            result.documents.append(outcome)
    if not result.documents:
        return result
    if len(result.documents) == 1:
        corpus = result.documents[0].scorer
    else:
        corpus = Scorer.concatenate([d.scorer for d in result.documents])
    revision = [seg for d in result.documents for seg in d.revision]
    result.corpus_scores = corpus.score(revision)
    result.signatures = dict(corpus.signatures)
    if corpus.mt_segments is not None:
        result.corpus_hter = corpus.hter(revision)
        result.signatures["HTER"] = result.corpus_hter.signature
        for test in settings.tests:
            samples = settings.bs_samples if test == "bs" else settings.ar_samples
            result.tests.append(paired_test(corpus, revision, test, samples, settings.seed))
    segment_signatures = corpus.segment_signatures
    result.signatures["segment chrF"] = segment_signatures["chrF"]
    result.signatures["sentence BLEU"] = segment_signatures["BLEU"]
    return result
