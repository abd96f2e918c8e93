"""All six experiments at one seed, side by side with the article.

Runs each script's ``run()`` at the article's settings, one after the
other in this process, on the backend in force (``KERAS_BACKEND``), and
prints one table: the experiment, its accuracy, the article's, and what it
got wrong. About a minute on JAX, several on TensorFlow (experiment 6).

Run: python -m study.six [--seed 7] [--epochs-scale 1]
"""

from __future__ import annotations

import argparse
import sys

import common
from study.claims import ARTICLE_ACCURACY
from study.record import Run
from study.registry import VARIANT_BY_KEY
from study.running import epochs_of, run_one

EXPERIMENTS = ["01", "02", "03", "04", "05", "06"]
# 05's prediction of interest is its recital; the others are judged on
# their training samples, as their "Model Accuracy" is.
SECTION = {"05": "recital"}
# At most this many wrong predictions are listed in a row; then "... and N more".
LISTED = 4


def wrong(run: Run) -> list[str]:
    """The run's wrong predictions, ``T -> V (7)``: most frequent first."""
    counts: dict[str, int] = {}
    for p in run.section(SECTION.get(run.experiment, "training")):
        if not p.correct:
            said = f"{p.inputs} -> {p.predicted}"
            counts[said] = counts.get(said, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    return [f"{said} ({n})" if n > 1 else said for said, n in ranked]


def row(run: Run) -> list[str]:
    """One line of the table for one run."""
    article = ARTICLE_ACCURACY[run.experiment]
    if not run.ok:
        return [run.experiment, "failed", f"{article:.2f}%", run.error or ""]
    missed = wrong(run)
    listed = ", ".join(missed[:LISTED]) or "none"
    if len(missed) > LISTED:
        listed += f", ... and {len(missed) - LISTED} more"
    return [run.experiment, f"{100 * run.accuracy:.2f}%", f"{article:.2f}%",
            listed]  # fmt: skip


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
    parser.add_argument("--seed", type=int, default=7, help="the seed of every run")
    parser.add_argument(
        "--epochs-scale",
        type=float,
        default=1.0,
        help="multiply every experiment's epochs by this (1: the article's)",
    )
    return parser


def six(seed: int, epochs_scale: float) -> None:
    """Run the six, saying which runs on stderr, then print the table."""
    common.import_keras()  # a backend that cannot load: one line, exit 2
    rows = []
    for number in EXPERIMENTS:
        variant = VARIANT_BY_KEY[(number, "article")]
        print(f"running {number} ...", file=sys.stderr, flush=True)
        rows.append(row(run_one(variant, seed, epochs_of(variant, epochs_scale))))
    print(f"Seed {seed} on {common.chosen_backend()}, the article's settings:")
    print(table(rows))


def main(argv: list[str] | None = None) -> int:
    """The command line: read the flags before Keras loads."""
    parser = make_parser()
    args = parser.parse_args(argv)
    return common.guarded(parser.prog, lambda: six(args.seed, args.epochs_scale))


if __name__ == "__main__":
    sys.exit(main())
