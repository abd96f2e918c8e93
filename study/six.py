"""All six experiments at one seed, side by side with the article.

Runs each script's ``run()`` at the article's settings, one after the
other in this process, on the backend in force (``KERAS_BACKEND``), and
prints one table: the experiment, its accuracy, the article's, and what it
got wrong, with a legend under it. About a minute on JAX, several on
TensorFlow (experiment 6). With --epochs-scale the table says that the
training was cut (or lengthened): not the article's settings.

Run: python -m study.six [--seed 7] [--epochs-scale 1]
"""

from __future__ import annotations

import argparse
import sys

import common
from study.claims import ARTICLE_ACCURACY
from study.record import Run
from study.registry import VARIANT_BY_KEY
from study.running import MAX_EPOCHS_SCALE, epochs_of, epochs_scale, run_one
from study.running import scale_problem
from study.summary import scale_note

EXPERIMENTS = ["01", "02", "03", "04", "05", "06"]
# 05's prediction of interest is its recital; the others are judged on
# their training samples, as their "Model Accuracy" is.
SECTION = {"05": "recital"}
# At most this many wrong predictions are listed in a row; then "... and N more".
LISTED = 4
# Under the table: what its counts and 05's cold start mean.
LEGEND = [
    "(7): how many samples gave that wrong answer (06's training set repeats inputs).",
    "cold start: 05 fed K to a zero state; in training only A ever met a zero",
    "state, so K is answered as A is (the article's K -> B).",
]


def wrong(run: Run) -> list[str]:
    """The run's wrong predictions, ``T -> V (7)``: most frequent first."""
    counts: dict[str, int] = {}
    for p in run.section(SECTION.get(run.experiment, "training")):
        if not p.correct:
            said = f"{p.inputs} -> {p.predicted}"
            counts[said] = counts.get(said, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    return [f"{said} ({n})" if n > 1 else said for said, n in ranked]


def cold_start(run: Run) -> str:
    """05's cold start as 05 prints it: ``cold start K -> B (expected L)``.

    Its first answer alone (the rest follow from it); "" for a run with none.
    """
    first = run.section("cold_start")[:1]
    if not first:
        return ""
    said = f"cold start {first[0].inputs} -> {first[0].predicted}"
    return said if first[0].correct else f"{said} (expected {first[0].expected})"


def row(run: Run) -> list[str]:
    """One line of the table for one run."""
    article = ARTICLE_ACCURACY[run.experiment]
    if not run.ok:
        return [run.experiment, "failed", f"{article:.2f}%", run.error or ""]
    missed = wrong(run)
    listed = ", ".join(missed[:LISTED])
    if len(missed) > LISTED:
        listed += f", ... and {len(missed) - LISTED} more"
    said = "; ".join(part for part in (listed, cold_start(run)) if part)
    return [run.experiment, f"{100 * run.accuracy:.2f}%", f"{article:.2f}%",
            said or "none"]  # fmt: skip


def table(rows: list[list[str]]) -> str:
    """Columns padded to their widest cell; the last column left free."""
    header = ["exp", "accuracy", "article", "wrong predictions"]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(3)]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(r[:3], widths, strict=True))
        + "  "
        + r[3]
        for r in [header, *rows]
    )


def make_parser() -> argparse.ArgumentParser:
    """--seed and --epochs-scale; a bad value is one line and exit 2."""
    parser = common.OneLineErrorParser(
        prog="python -m study.six",
        description=__doc__.strip().splitlines()[0],
        formatter_class=common.DefaultsHelpFormatter,
    )
    parser.add_argument(
        "--seed", type=common.seed_int, default=7, help="the seed of every run"
    )
    parser.add_argument(
        "--epochs-scale",
        type=epochs_scale,
        default=1.0,
        help="multiply every experiment's epochs by this, above 0 and at most "
        f"{MAX_EPOCHS_SCALE:g}; each experiment must keep an epoch, and at least "
        "one's epochs must change (1: the article's)",
    )
    return parser


def heading(seed: int, backend: str, scale: float) -> list[str]:
    """The lines above the table: the seed, the backend, the settings."""
    if scale == 1:
        return [f"Seed {seed} on {backend}, the article's settings:"]
    return [
        f"Seed {seed} on {backend}, the article's settings but {scale:g}x their "
        "epochs:",
        f"NOTE: {scale_note(scale)}",
    ]


def six(seed: int, scale: float) -> None:
    """Run the six, saying which runs on stderr, then print the table."""
    common.import_keras()  # a backend that cannot load: one line, exit 2
    rows = []
    for number in EXPERIMENTS:
        variant = VARIANT_BY_KEY[(number, "article")]
        print(f"running {number} ...", file=sys.stderr, flush=True)
        rows.append(row(run_one(variant, seed, epochs_of(variant, scale))))
    print("\n".join(heading(seed, common.chosen_backend(), scale)))
    print(table(rows))
    print("\n".join(LEGEND))


def main(argv: list[str] | None = None) -> int:
    """The command line: read the flags, and refuse them, before Keras loads."""
    parser = make_parser()
    args = parser.parse_args(argv)
    variants = [VARIANT_BY_KEY[(number, "article")] for number in EXPERIMENTS]
    problem = scale_problem(variants, args.epochs_scale)
    if problem:
        parser.error(problem)
    return common.guarded(parser.prog, lambda: six(args.seed, args.epochs_scale))


if __name__ == "__main__":
    sys.exit(main())
