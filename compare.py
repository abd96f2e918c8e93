"""Check every claim of the article over many seeds, with controls.

The article prints one run of each experiment. This runs each experiment
(and the controls) for seeds 1..N at the article's settings, counts for how
many seeds each claim held, and writes DIR/results.json (every run) and
DIR/accuracy.png (accuracy over the seeds, the article's value marked).

Each backend (``--backend tensorflow jax``) runs in its own worker
processes; every run records its backend, and the table and figure show
the backends side by side. ``--report`` redraws both from earlier
results.json files (several are merged) and, with ``--details``, prints the
counts that RESULTS.md quotes. An output folder that cannot be written is
refused before anything runs.

This file is the command line only: the claims are in claims.py, running
in compare_runs.py, the table and results.json in compare_report.py, the
figure in compare_figure.py.

Run: python compare.py [--seeds 10] [--experiments 01 05 ...] [--jobs 2]
                       [--backend tensorflow jax] [--epochs-scale 1]
                       [--out out/compare]
     python compare.py --report results/results.json [--details] [--markdown]
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import common  # imports no Keras: the workers choose the backend
import compare_report
import compare_runs
from claims import VARIANTS, Run, backend_of
from compare_figure import plot
from experiments import SCRIPTS

PROG = "compare.py"
# Where runs go unless --out says otherwise: not the committed results/.
DEFAULT_OUT = Path("out/compare")


def positive_float(text: str) -> float:
    """An argparse type: a finite number above 0 (for --epochs-scale)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"must be above 0, got {text}")
    return value


def make_parser() -> argparse.ArgumentParser:
    """compare.py's flags; a bad one is one line on stderr and exit 2."""
    parser = common.OneLineErrorParser(
        prog=PROG,
        description=__doc__.strip().splitlines()[0],
        formatter_class=common.DefaultsHelpFormatter,
    )
    parser.add_argument(
        "--seeds", type=common.positive_int, default=10, help="run seeds 1..N"
    )
    parser.add_argument(
        "--experiments",
        nargs="+",
        choices=sorted(SCRIPTS),
        default=sorted(SCRIPTS),
        help="experiments to run, each with its controls",
    )
    parser.add_argument(
        "--backend",
        nargs="+",
        choices=common.SUPPORTED_BACKENDS,
        help="Keras backends to run, each in its own workers "
        "(default: the backend in force, as KERAS_BACKEND or keras.json say)",
    )
    parser.add_argument(
        "--jobs",
        type=common.positive_int,
        default=os.cpu_count() or 1,
        help="worker processes",
    )
    parser.add_argument(
        "--epochs-scale",
        type=positive_float,
        default=1.0,
        help="multiply every experiment's epochs by this (1: the article's)",
    )
    parser.add_argument(
        "--out",
        type=common.writable_folder,
        help=f"folder for results.json and accuracy.png, created if need be "
        f"(default: {DEFAULT_OUT}; with --report: beside the first file)",
    )
    parser.add_argument(
        "--report",
        type=Path,
        nargs="+",
        metavar="RESULTS_JSON",
        help="run nothing: print the table from earlier results.json files "
        "(merged) and redraw the figure next to the first, or into --out "
        "with the merged results.json if --out is given",
    )
    parser.add_argument(
        "--details",
        action="store_true",
        help="with --report: also print misses per input and paired comparisons",
    )
    parser.add_argument(
        "--markdown", action="store_true", help="print the table as Markdown"
    )
    return parser


def error(message: str) -> int:
    """Print ``compare.py: error: message`` on stderr; return exit status 2."""
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return 2


def output_folder(given: Path | None, default: Path) -> Path:
    """--out if given (checked while parsing), else ``default``, checked here.

    The default is not a ``type=`` default, so that argparse does not
    create it when it is not the folder used (--report without --out).
    Raises argparse.ArgumentTypeError where it cannot be written.
    """
    return given if given is not None else common.writable_folder(str(default))


def report(args: argparse.Namespace, command: str) -> int:
    """--report: merge results.json files, print the table, redraw the figure."""
    try:
        results = compare_report.read_results(args.report)
        out = output_folder(args.out, args.report[0].parent)
    except (compare_report.ResultsError, argparse.ArgumentTypeError) as err:
        return error(str(err))
    scale = results.epochs_scale
    rows = compare_report.summary_rows(results.runs)
    print(compare_report.format_table(rows, args.markdown, scale))
    if args.details:
        print()
        print(compare_report.details(results.runs))
    if len(args.report) > 1 or out != args.report[0].parent:
        compare_report.write_json(out / "results.json", results.to_json(command))
    plot(results.runs, out / "accuracy.png", scale)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run, then print the table and write results.json and accuracy.png."""
    args = make_parser().parse_args(argv)
    command = f"python {PROG} " + " ".join(sys.argv[1:] if argv is None else argv)
    if args.report:
        return report(args, command)
    try:
        backends = args.backend or [common.check_backend()]
        out = output_folder(args.out, DEFAULT_OUT)
    except (common.BackendError, argparse.ArgumentTypeError) as err:
        return error(str(err))
    variants = [v for v in VARIANTS if v.experiment in args.experiments]
    seeds = list(range(1, args.seeds + 1))
    meta: dict[str, Any] = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": command,
        "seeds": seeds,
        "backends": backends,
        "epochs_scale": args.epochs_scale,
        "versions": {},
        "variants": {f"{v.experiment} {v.name}": v.description for v in variants},
    }
    runs: list[Run] = []
    complete = True
    for backend in backends:
        earlier = list(runs)

        def save(new: list[Run], earlier: list[Run] = earlier) -> None:
            compare_report.write_json(
                out / "results.json", {**meta, "runs": earlier + new}
            )

        mine, found, complete = compare_runs.run_all(
            variants, seeds, args.epochs_scale, args.jobs, backend, save
        )
        runs = earlier + mine
        if found:
            meta["versions"][backend] = found
        if not complete:
            print(f"{PROG}: interrupted; finished runs kept", file=sys.stderr)
            break
    compare_report.sort_runs(runs)
    compare_report.write_json(
        out / "results.json", {**meta, "complete": complete, "runs": runs}
    )
    if runs:
        rows = compare_report.summary_rows(runs)
        print(compare_report.format_table(rows, args.markdown, args.epochs_scale))
        plot(runs, out / "accuracy.png", args.epochs_scale)
    print(f"wrote {out / 'results.json'} and {out / 'accuracy.png'}")
    for r in runs:
        if r["status"] != "ok":
            print(
                f"failed: {r['experiment']} {r['variant']} {backend_of(r)} seed "
                f"{r['seed']}: {r['error']}",
                file=sys.stderr,
            )
    return 0 if complete else 130


if __name__ == "__main__":
    sys.exit(common.guarded(PROG, main))
