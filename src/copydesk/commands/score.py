"""`copydesk score`: how much closer a revision is to the references than the MT was.

Thin: parse the options, find the documents (`corpora.layout`), score them
(`corpora.evaluate`), print them (`corpora.report`). sacrebleu and rich are imported inside
`run`, so other commands start fast. A document that cannot be scored is reported on stderr
as one line and the others are still scored; the exit status is then 2.
"""

from __future__ import annotations

import argparse
import sys

FORMATS = ("table", "json", "csv", "markdown")
TOKENIZERS = ("13a", "intl", "zh", "char", "none", "ja-mecab", "ko-mecab")  # = score.TOKENIZERS


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {value}")
    return value


def _non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return value


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "score",
        help="score a revision against references (BLEU, chrF, TER via sacrebleu)",
        description=(
            "Score REVISION against one or more references with sacrebleu (chrF, BLEU, TER), "
            "and with --mt compare it with the original MT: deltas, HTER and sacrebleu's "
            "paired significance tests. REVISION is a file (one segment a line; Markdown: a "
            "paragraph), a folder paired with --ref/--mt folders by relative path, or a "
            "corpus folder of document folders holding rev.*, ref*.*, mt.* and source.* files."
        ),
        epilog="Exit status: 0 scored, 2 usage or input error (other documents still scored).",
    )
    parser.add_argument("revision", metavar="REVISION", help="revision file or folder")
    parser.add_argument(
        "--ref",
        "-r",
        dest="refs",
        action="append",
        default=[],
        metavar="REF",
        help="reference file or folder (repeat for several references)",
    )
    parser.add_argument("--mt", metavar="MT", help="the original MT file or folder")
    metrics = parser.add_argument_group("metrics (sacrebleu options)")
    metrics.add_argument(
        "--tokenize",
        "-tok",
        choices=TOKENIZERS,
        default="13a",
        help="BLEU tokenizer (default: 13a; ja-mecab and ko-mecab need sacrebleu[ja]/[ko])",
    )
    metrics.add_argument(
        "--lowercase",
        "-lc",
        action="store_true",
        help="case-insensitive BLEU and chrF (TER is case-insensitive unless "
        "--ter-case-sensitive, as in TERCOM)",
    )
    metrics.add_argument(
        "--chrf-word-order",
        "-cw",
        type=_non_negative,
        default=0,
        metavar="N",
        help="chrF word n-gram order (default 0; 2 gives chrF++)",
    )
    metrics.add_argument("--ter-case-sensitive", action="store_true", help="case-sensitive TER")
    metrics.add_argument(
        "--segment-by",
        choices=("auto", "line", "paragraph"),
        default="auto",
        help="what a segment is on every side (default auto: paragraphs when the revision "
        "is Markdown, lines otherwise)",
    )
    tests = parser.add_argument_group("significance (with --mt; sacrebleu's paired tests)")
    tests.add_argument(
        "--paired",
        choices=("both", "bs", "ar", "none"),
        default="both",
        help="bootstrap resampling (bs), approximate randomization (ar), both (default), none",
    )
    tests.add_argument(
        "--paired-bs-n",
        type=_positive,
        default=1000,
        metavar="N",
        help="bootstrap resamples (default 1000)",
    )
    tests.add_argument(
        "--paired-ar-n",
        type=_positive,
        default=10000,
        metavar="N",
        help="approximate randomization trials (default 10000)",
    )
    tests.add_argument(
        "--seed",
        type=_positive,
        default=12345,
        metavar="N",
        help="random seed for the paired tests (default 12345, sacrebleu's)",
    )
    out = parser.add_argument_group("output")
    out.add_argument(
        "--format",
        "-f",
        choices=FORMATS,
        default="table",
        help="table (default, for the terminal), json, csv or markdown",
    )
    out.add_argument(
        "--segments",
        "-n",
        type=_non_negative,
        default=0,
        metavar="N",
        help="also list the N segments with the largest gain and the N with the largest loss "
        "(without --mt: the N lowest-scoring)",
    )
    parser.add_argument(
        "--jobs",
        "-j",
        type=_positive,
        default=None,
        metavar="N",
        help="score documents in N processes (default: one per core)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from copydesk.corpora.evaluate import ScoreSettings, evaluate
    from copydesk.corpora.layout import find_documents
    from copydesk.corpora.report import print_table, to_csv, to_json, to_markdown

    layout = find_documents(args.revision, args.refs, args.mt)
    tests = {"both": ("bs", "ar"), "bs": ("bs",), "ar": ("ar",), "none": ()}[args.paired]
    settings = ScoreSettings(
        tokenize=args.tokenize,
        lowercase=args.lowercase,
        chrf_word_order=args.chrf_word_order,
        ter_case_sensitive=args.ter_case_sensitive,
        segment_by=None if args.segment_by == "auto" else args.segment_by,
        tests=tests,  # type: ignore[arg-type]
        bs_samples=args.paired_bs_n,
        ar_samples=args.paired_ar_n,
        seed=args.seed,
    )
    evaluation = evaluate(layout.documents, settings, layout.problems, jobs=args.jobs)
    for error in evaluation.errors:
        sys.stderr.write(f"copydesk: error: {error}\n")
    if evaluation.documents:
        if args.format == "json":
            sys.stdout.write(to_json(evaluation, args.segments))
        elif args.format == "csv":
            sys.stdout.write(to_csv(evaluation))
        elif args.format == "markdown":
            sys.stdout.write(to_markdown(evaluation, args.segments))
        else:
            print_table(evaluation, args.segments)
    if evaluation.errors:
        total = len(evaluation.errors) + len(evaluation.documents)
        if total > 1:
            sys.stderr.write(
                f"copydesk: {len(evaluation.errors)} of {total} documents could not be scored\n"
            )
        return 2
    return 0
