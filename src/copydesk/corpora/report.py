"""An `Evaluation` as a terminal table (rich), JSON, CSV or Markdown.

JSON holds every number (full precision), every signature, the paired tests and, when asked
for, the segment rows; the other formats round to two decimals as sacrebleu prints. Rich is
imported only by `print_table`, so the other formats do not pay for it.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

from copydesk.corpora.evaluate import DocumentResult, Evaluation, SegmentRow
from copydesk.corpora.score import HIGHER_IS_BETTER, MetricScore, Scores
from copydesk.corpora.significance import SIGNIFICANCE_LEVEL, PairedTestResult

WIDTH = 2


@dataclass(frozen=True)
class SegmentSelection:
    """The segments to show: largest gains and losses with an MT, else the lowest scores."""

    gains: list[SegmentRow]
    losses: list[SegmentRow]
    lowest: list[SegmentRow]


def select_segments(evaluation: Evaluation, n: int) -> SegmentSelection:
    """The `n` segments with the largest gain and the `n` with the largest loss, by segment
    chrF then sentence BLEU; without an MT, the `n` with the lowest segment chrF."""
    rows = evaluation.segment_rows()
    with_mt = [r for r in rows if r.score.mt_chrf is not None]
    if not with_mt:
        lowest = sorted(rows, key=lambda r: (r.score.chrf, r.score.bleu))[:n]
        return SegmentSelection([], [], lowest)

    def change(row: SegmentRow) -> tuple[float, float]:
        return (row.score.chrf_delta or 0.0, row.score.bleu_delta or 0.0)

    gains = sorted((r for r in with_mt if change(r) > (0.0, 0.0)), key=change, reverse=True)
    losses = sorted((r for r in with_mt if change(r) < (0.0, 0.0)), key=change)
    return SegmentSelection(gains[:n], losses[:n], [])


# ---------------------------------------------------------------- JSON


def _scores_dict(scores: Scores | None) -> dict[str, Any] | None:
    if scores is None:
        return None
    return {kind: m.to_dict() for kind, m in scores.metrics.items()}


def _delta_dict(scores: Scores | None) -> dict[str, float] | None:
    if scores is None or scores.mt is None:
        return None
    return scores.deltas


def _document_dict(doc: DocumentResult) -> dict[str, Any]:
    files = doc.files
    return {
        "name": doc.name,
        "revision": str(files.revision),
        "references": [str(p) for p in files.references],
        "mt": str(files.mt) if files.mt else None,
        "source": str(files.source) if files.source else None,
        "segment_by": doc.segment_by,
        "segments": len(doc),
        "revision_scores": _scores_dict(doc.scores),
        "mt_scores": _scores_dict(doc.scores.mt),
        "delta": _delta_dict(doc.scores),
        "hter": doc.hter.to_dict() if doc.hter else None,
    }


def _test_dict(test: PairedTestResult) -> dict[str, Any]:
    return {
        "test": test.test,
        "description": test.title,
        "n_samples": test.n_samples,
        "seed": test.seed,
        "metrics": {
            kind: {
                "name": m.name,
                "signature": m.signature,
                "mt": m.mt.to_dict(),
                "revision": m.revision.to_dict(),
                "significant": m.significant,
            }
            for kind, m in test.metrics.items()
        },
    }


def _segment_dict(row: SegmentRow) -> dict[str, Any]:
    s = row.score
    return {
        "document": row.document,
        "segment": row.index + 1,
        "line": row.line,
        "revision": row.revision,
        "mt": row.mt,
        "references": list(row.references),
        "source": row.source,
        "chrF": {"revision": s.chrf, "mt": s.mt_chrf, "delta": s.chrf_delta},
        "BLEU": {"revision": s.bleu, "mt": s.mt_bleu, "delta": s.bleu_delta},
    }


def to_json(evaluation: Evaluation, segments: int = 0) -> str:
    import sacrebleu

    from copydesk import __version__

    settings = evaluation.settings
    data: dict[str, Any] = {
        "copydesk_version": __version__,
        "sacrebleu_version": sacrebleu.__version__,
        "settings": {
            "tokenize": settings.tokenize,
            "lowercase": settings.lowercase,
            "chrf_word_order": settings.chrf_word_order,
            "ter_case_sensitive": settings.ter_case_sensitive,
            "segment_by": settings.segment_by or "auto",
            "tests": list(settings.tests),
            "paired_bs_n": settings.bs_samples,
            "paired_ar_n": settings.ar_samples,
            "seed": settings.seed,
        },
        "documents": [_document_dict(d) for d in evaluation.documents],
        "corpus": None,
        "signatures": evaluation.signatures,
        "errors": [str(e) for e in evaluation.errors],
    }
    if evaluation.corpus_scores is not None:
        data["corpus"] = {
            "documents": len(evaluation.documents),
            "segments": evaluation.segment_count,
            "revision_scores": _scores_dict(evaluation.corpus_scores),
            "mt_scores": _scores_dict(evaluation.corpus_scores.mt),
            "delta": _delta_dict(evaluation.corpus_scores),
            "hter": evaluation.corpus_hter.to_dict() if evaluation.corpus_hter else None,
            "significance": [_test_dict(t) for t in evaluation.tests],
        }
    if segments > 0:
        chosen = select_segments(evaluation, segments)
        if evaluation.has_mt or chosen.gains or chosen.losses:
            data["segments"] = {
                "gains": [_segment_dict(r) for r in chosen.gains],
                "losses": [_segment_dict(r) for r in chosen.losses],
            }
        else:
            data["segments"] = {"lowest": [_segment_dict(r) for r in chosen.lowest]}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------- CSV

CSV_COLUMNS = (
    "scope",
    "document",
    "segments",
    "metric",
    "name",
    "mt",
    "revision",
    "delta",
    "mt_mean",
    "mt_ci",
    "revision_mean",
    "revision_ci",
    "p_bootstrap",
    "p_ar",
    "signature",
)


def _metric_rows(
    scope: str,
    name: str,
    n: int,
    scores: Scores,
    hter: MetricScore | None,
    tests: list[PairedTestResult],
) -> list[dict[str, Any]]:
    rows = []
    for kind, metric in scores.metrics.items():
        mt = scores.mt.metrics[kind].score if scores.mt else None
        row: dict[str, Any] = {
            "scope": scope,
            "document": name,
            "segments": n,
            "metric": kind,
            "name": metric.name,
            "mt": mt,
            "revision": metric.score,
            "delta": scores.delta(kind),
            "signature": metric.signature,
        }
        for test in tests:
            result = test.metrics[kind]
            if test.test == "bs":
                row["mt_mean"], row["mt_ci"] = result.mt.mean, result.mt.ci
                row["revision_mean"], row["revision_ci"] = result.revision.mean, result.revision.ci
                row["p_bootstrap"] = result.revision.p_value
            else:
                row["p_ar"] = result.revision.p_value
        rows.append(row)
    if hter is not None:
        rows.append(
            {
                "scope": scope,
                "document": name,
                "segments": n,
                "metric": "HTER",
                "name": hter.name,
                "revision": hter.score,
                "signature": hter.signature,
            }
        )
    return rows


def to_csv(evaluation: Evaluation) -> str:
    """One row per document and metric, then the corpus rows with the paired tests."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for doc in evaluation.documents:
        writer.writerows(_metric_rows("document", doc.name, len(doc), doc.scores, doc.hter, []))
    if evaluation.corpus_scores is not None:
        writer.writerows(
            _metric_rows(
                "corpus",
                "",
                evaluation.segment_count,
                evaluation.corpus_scores,
                evaluation.corpus_hter,
                evaluation.tests,
            )
        )
    return out.getvalue()


# ---------------------------------------------------------------- shared text cells


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.{WIDTH}f}"


def _signed(value: float | None) -> str:
    return "" if value is None else f"{value:+.{WIDTH}f}"


def _improved(kind: str, delta: float | None) -> bool | None:
    if delta is None or round(delta, WIDTH) == 0:
        return None
    return (delta > 0) == HIGHER_IS_BETTER[kind]


def _score_cell(scores: Scores, kind: str) -> str:
    metric = scores.metrics[kind]
    if scores.mt is None:
        return _fmt(metric.score)
    return f"{_fmt(scores.mt.metrics[kind].score)} → {_fmt(metric.score)} ({_signed(scores.delta(kind))})"


def _p_cell(p: float | None) -> str:
    if p is None:
        return ""
    return f"{p:.4f}" + ("*" if p <= SIGNIFICANCE_LEVEL else "")


@dataclass(frozen=True)
class _ScoreLine:
    label: str
    segments: int
    scores: Scores
    hter: MetricScore | None


def _score_lines(evaluation: Evaluation) -> list[_ScoreLine]:
    lines = [_ScoreLine(d.name, len(d), d.scores, d.hter) for d in evaluation.documents]
    if len(evaluation.documents) > 1 and evaluation.corpus_scores is not None:
        lines.append(
            _ScoreLine(
                "corpus",
                evaluation.segment_count,
                evaluation.corpus_scores,
                evaluation.corpus_hter,
            )
        )
    return lines


def _headers(evaluation: Evaluation) -> tuple[list[str], list[str]]:
    """Metric kinds and their printed names (chrF2, chrF2++, BLEU, TER)."""
    assert evaluation.corpus_scores is not None
    kinds = list(evaluation.corpus_scores.metrics)
    names = [evaluation.corpus_scores.metrics[k].name for k in kinds]
    return kinds, names


def _significance_rows(evaluation: Evaluation) -> list[list[str]]:
    scores = evaluation.corpus_scores
    if scores is None or scores.mt is None or not evaluation.tests:
        return []
    bootstrap = next((t for t in evaluation.tests if t.test == "bs"), None)
    ar = next((t for t in evaluation.tests if t.test == "ar"), None)
    rows = []
    for kind, metric in scores.metrics.items():
        source = bootstrap or ar
        assert source is not None
        test = source.metrics[kind]
        rows.append(
            [
                metric.name,
                test.mt.format(WIDTH) if bootstrap else _fmt(test.mt.score),
                _without_p(test.revision.format(WIDTH)) if bootstrap else _fmt(metric.score),
                _signed(scores.delta(kind)),
                _p_cell(bootstrap.metrics[kind].revision.p_value) if bootstrap else "",
                _p_cell(ar.metrics[kind].revision.p_value) if ar else "",
            ]
        )
    return rows


def _without_p(text: str) -> str:
    """sacrebleu's result text minus the p-value, which gets its own column here."""
    return text.split(" (p = ")[0]


def _significance_note(evaluation: Evaluation) -> str:
    parts = [t.title for t in evaluation.tests]
    return (
        "Paired tests on the corpus, MT as the baseline: "
        + "; ".join(parts)
        + ". Scores as sacrebleu gives them: score (bootstrap mean ± 95% CI); "
        + f"* marks p ≤ {SIGNIFICANCE_LEVEL}: the difference is unlikely to be chance."
    )


def _all_signatures(evaluation: Evaluation) -> list[tuple[str, str]]:
    names = {}
    if evaluation.corpus_scores is not None:
        names = {k: m.name for k, m in evaluation.corpus_scores.metrics.items()}
    rows = [(names.get(k, k), sig) for k, sig in evaluation.signatures.items()]
    for test in evaluation.tests:
        for m in test.metrics.values():
            rows.append((f"{m.name} ({test.test})", m.signature))
    corpus = set(evaluation.signatures.values())
    for doc in evaluation.documents:  # a document with fewer references than the corpus
        figures = list(doc.scores.metrics.values()) + ([doc.hter] if doc.hter else [])
        for m in figures:
            if m.signature not in corpus:
                label = "HTER" if m.kind == "HTER" else m.name
                rows.append((f"{label} of {doc.name}", m.signature))
    return rows


def _segment_texts(row: SegmentRow) -> tuple[str, str, str]:
    refs = " ‖ ".join(row.references)
    return row.revision, row.mt or "", refs


def _segment_score_cells(row: SegmentRow) -> tuple[str, str]:
    s = row.score
    if s.mt_chrf is None:
        return _fmt(s.chrf), _fmt(s.bleu)
    return (
        f"{_fmt(s.mt_chrf)} → {_fmt(s.chrf)} ({_signed(s.chrf_delta)})",
        f"{_fmt(s.mt_bleu)} → {_fmt(s.bleu)} ({_signed(s.bleu_delta)})",
    )


def _segment_groups(evaluation: Evaluation, n: int) -> list[tuple[str, list[SegmentRow]]]:
    chosen = select_segments(evaluation, n)
    if chosen.lowest:
        return [(f"Lowest-scoring segments (up to {n})", chosen.lowest)]
    return [
        (f"Largest gains over the MT (up to {n})", chosen.gains),
        (f"Largest losses against the MT (up to {n})", chosen.losses),
    ]


# ---------------------------------------------------------------- Markdown


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(_md_escape(c) for c in row) + " |" for row in rows]
    return lines


def to_markdown(evaluation: Evaluation, segments: int = 0) -> str:
    out: list[str] = []
    if evaluation.corpus_scores is None:
        return "No document could be scored.\n"
    kinds, names = _headers(evaluation)
    has_hter = evaluation.corpus_hter is not None
    header = ["Document", "Segments"] + names + (["HTER"] if has_hter else [])
    rows = []
    for line in _score_lines(evaluation):
        row = [line.label, str(line.segments)]
        row += [_score_cell(line.scores, k) for k in kinds]
        if has_hter:
            row.append(_fmt(line.hter.score) if line.hter else "")
        rows.append(row)
    out += _md_table(header, rows)
    significance = _significance_rows(evaluation)
    if significance:
        out += ["", _significance_note(evaluation), ""]
        out += _md_table(["Metric", "MT", "Revision", "Δ", "p (bootstrap)", "p (AR)"], significance)
    out += ["", "Signatures:", ""]
    out += [f"- {name}: `{sig}`" for name, sig in _all_signatures(evaluation)]
    if segments > 0:
        for title, group in _segment_groups(evaluation, segments):
            if not group:
                out += ["", f"{title}: none."]
                continue
            out += ["", f"{title}:", ""]
            rows = []
            for r in group:
                chrf, bleu = _segment_score_cells(r)
                rev, mt, ref = _segment_texts(r)
                rows.append([f"{r.document}:{r.line}", chrf, bleu, rev, mt, ref])
            out += _md_table(["Segment", "chrF", "BLEU", "Revision", "MT", "Reference"], rows)
    if evaluation.errors:
        out += ["", "Not scored:", ""] + [f"- {e}" for e in evaluation.errors]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- terminal


def print_table(evaluation: Evaluation, segments: int = 0, console: Any = None) -> None:
    """Rich tables on the terminal (plain text when the output is not a terminal)."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = console or Console()
    if evaluation.corpus_scores is None:
        console.print("No document could be scored.")
        return

    def colored(text: str, kind: str, delta: float | None) -> Text:
        better = _improved(kind, delta)
        style = "" if better is None else ("green" if better else "red")
        return Text(text, style=style)

    def new_table(title: str, **options: Any) -> Table:
        return Table(
            title=title, box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False, **options
        )

    has_mt = any(d.scores.mt is not None for d in evaluation.documents)
    documents = len(evaluation.documents)
    title = f"{documents} document{'s' if documents != 1 else ''}, "
    title += f"{evaluation.segment_count} segments"
    table = new_table(title)
    table.add_column("Document", overflow="fold")
    table.add_column("Segs", justify="right")
    table.add_column("Metric")
    if has_mt:
        table.add_column("MT", justify="right")
    table.add_column("Revision", justify="right")
    if has_mt:
        table.add_column("Δ", justify="right")
    lines = _score_lines(evaluation)
    for number, line in enumerate(lines):
        style = "bold" if line.label == "corpus" else ""
        first = True
        for kind, metric in line.scores.metrics.items():
            cells: list[Any] = [line.label if first else "", str(line.segments) if first else ""]
            cells.append(metric.name)
            delta = line.scores.delta(kind)
            if has_mt:
                mt = line.scores.mt.metrics[kind].score if line.scores.mt else None
                cells.append(_fmt(mt))
            cells.append(_fmt(metric.score))
            if has_mt:
                cells.append(colored(_signed(delta), kind, delta))
            table.add_row(*cells, style=style)
            first = False
        if line.hter is not None:
            cells = ["", "", "HTER", "", _fmt(line.hter.score), ""]
            table.add_row(*cells, style=style)
        if number < len(lines) - 1:
            table.add_section()
    console.print(table)

    significance = _significance_rows(evaluation)
    if significance:
        sig_table = new_table(
            "Is the revision significantly different from the MT?",
            caption=_significance_note(evaluation),
            caption_justify="left",
        )
        sig_table.add_column("Metric")
        sig_table.add_column("MT (μ ± 95% CI)", justify="right")
        sig_table.add_column("Revision (μ ± 95% CI)", justify="right")
        sig_table.add_column("Δ", justify="right")
        sig_table.add_column("p (bs)", justify="right")
        sig_table.add_column("p (ar)", justify="right")
        for kind, row in zip(evaluation.corpus_scores.metrics, significance, strict=True):
            delta = evaluation.corpus_scores.delta(kind)
            mt_cell, rev_cell = (cell.replace(" (", "\n(", 1) for cell in row[1:3])
            sig_table.add_row(
                row[0], mt_cell, rev_cell, colored(row[3], kind, delta), row[4], row[5]
            )
        console.print(sig_table)
        console.print()

    sigs = new_table("Signatures (sacrebleu)")
    sigs.add_column("Figure", style="cyan", no_wrap=True)
    sigs.add_column("Signature", overflow="fold")
    for name, sig in _all_signatures(evaluation):
        sigs.add_row(name, sig)
    console.print(sigs)

    if segments > 0:
        for group_title, group in _segment_groups(evaluation, segments):
            if not group:
                console.print(Text(f"{group_title}: none", style="bold"))
                console.print()
                continue
            console.print(Text(group_title, style="bold"))
            for r in group:
                chrf, bleu = _segment_score_cells(r)
                heading = Text(f"{r.document}:{r.line}  ", style="cyan")
                heading.append("chrF ")
                heading.append_text(colored(chrf, "chrF", r.score.chrf_delta))
                heading.append("  BLEU ")
                heading.append_text(colored(bleu, "BLEU", r.score.bleu_delta))
                grid = Table.grid(padding=(0, 1))
                grid.add_column(style="dim", no_wrap=True)
                grid.add_column(ratio=1)
                grid.add_row("revision", r.revision)
                if r.mt is not None:
                    grid.add_row("MT", r.mt)
                for k, ref in enumerate(r.references):
                    grid.add_row("reference" + (f" {k + 1}" if len(r.references) > 1 else ""), ref)
                if r.source is not None:
                    grid.add_row("source", r.source)
                console.print(heading)
                console.print(grid)
                console.print()
