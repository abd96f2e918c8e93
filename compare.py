"""Check every claim of the article over many seeds, with controls.

The article prints one run of each experiment. This runs every variant (the
article's settings, the controls, the conjectures: claims.VARIANTS) for
seeds 1..N (or A..B), saves each run as one line of OUT/NAME.jsonl as it
finishes, then prints a summary (each claim counted over the seeds) and
draws OUT/accuracy.png (and conjectures.png).

Each backend (``--backend tensorflow jax``) runs in its own worker
processes; every run records its backend. ``--report DIR`` runs nothing: it
reads every DIR/*.jsonl, prints the summary, redraws DIR's figures and
writes RESULTS.md beside DIR (and the README's over-seeds block, where the
README beside it has one). An output folder that cannot be written is
refused before anything runs; a wrong variant name lists the variants.

This file is the command line only: the variants and claims are in
claims.py, running in compare_runs.py, saving, reading and the summary in
compare_report.py, RESULTS.md in results_page.py, the figures in
compare_figure.py.

Run: python compare.py [--seeds 10|11-30] [--experiments 01 05 ...]
                       [--variants 06/units-64 ...] [--jobs 2] [--plain]
                       [--backend tensorflow jax] [--epochs-scale 1]
                       [--out out/compare] [--name runs]
     python compare.py --report results
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
import results_page
from claims import VARIANT_BY_KEY, VARIANTS, Run, Variant, backend_of
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


def seed_range(text: str) -> list[int]:
    """An argparse type: ``N`` (seeds 1..N) or ``A-B`` (seeds A..B)."""
    first, dash, last = text.partition("-")
    try:
        low, high = (int(first), int(last)) if dash else (1, int(first))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not N or A-B: {text!r} (for example 10, or 11-30)"
        ) from None
    if not 1 <= low <= high:
        raise argparse.ArgumentTypeError(f"not a range of seeds from 1 up: {text!r}")
    return list(range(low, high + 1))


def variant_key(text: str) -> Variant:
    """An argparse type: a variant as ``EXPERIMENT/NAME`` (``06/units-64``)."""
    experiment, _, name = text.partition("/")
    variant = VARIANT_BY_KEY.get((experiment, name))
    if variant is None:
        known = ", ".join(f"{v.experiment}/{v.name}" for v in VARIANTS)
        raise argparse.ArgumentTypeError(f"no variant {text!r}; there are: {known}")
    return variant


def make_parser() -> argparse.ArgumentParser:
    """compare.py's flags; a bad one is one line on stderr and exit 2."""
    parser = common.OneLineErrorParser(
        prog=PROG,
        description=__doc__.strip().splitlines()[0],
        formatter_class=common.DefaultsHelpFormatter,
    )
    parser.add_argument(
        "--seeds",
        type=seed_range,
        default="10",
        metavar="N|A-B",
        help="run seeds 1..N, or A..B",
    )
    chosen = parser.add_mutually_exclusive_group()
    chosen.add_argument(
        "--experiments",
        nargs="+",
        choices=sorted(SCRIPTS),
        help="experiments to run, each with all its variants "
        "(default: every variant of every experiment)",
    )
    chosen.add_argument(
        "--variants",
        nargs="+",
        type=variant_key,
        metavar="EXP/NAME",
        help="variants to run, such as 06/article 06/units-64 (a wrong name "
        "lists them all)",
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
        help="multiply every variant's epochs by this (1: the article's)",
    )
    parser.add_argument(
        "--plain",
        action="store_true",
        help="train with the article's own Keras calls (the scripts' --plain)",
    )
    parser.add_argument(
        "--out",
        type=common.writable_folder,
        help=f"folder for the runs (NAME.jsonl) and the figure, created if "
        f"need be (default: {DEFAULT_OUT})",
    )
    parser.add_argument(
        "--name",
        default="runs",
        type=file_name,
        help="the runs go to OUT/NAME.jsonl (replaced if it exists)",
    )
    parser.add_argument(
        "--report",
        type=Path,
        metavar="DIR",
        help="run nothing: read every DIR/*.jsonl, print the summary, redraw "
        "DIR's figures and write RESULTS.md beside DIR (results: ./RESULTS.md)",
    )
    return parser


def file_name(text: str) -> str:
    """An argparse type: a plain file name (letters, digits, - and _)."""
    if not text or not all(c.isalnum() or c in "-_" for c in text):
        raise argparse.ArgumentTypeError(f"use letters, digits, - and _ only: {text!r}")
    return text


def error(message: str) -> int:
    """Print ``compare.py: error: message`` on stderr; return exit status 2."""
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return 2


def output_folder(given: Path | None, default: Path) -> Path:
    """--out if given (checked while parsing), else ``default``, checked here.

    The default is not a ``type=`` default, so that argparse does not
    create it when it is not the folder used.
    """
    return given if given is not None else common.writable_folder(str(default))


def report(folder: Path) -> int:
    """--report: read the saved runs, print the summary, write figure and page."""
    try:
        results = compare_report.read_results(folder)
        common.writable_folder(str(folder))
    except (compare_report.ResultsError, argparse.ArgumentTypeError) as err:
        return error(str(err))
    print(compare_report.terminal_summary(results.runs, results.epochs_scale))
    figures = plot(results.runs, folder, results.epochs_scale)
    page = folder.resolve().parent / "RESULTS.md"
    compare_report.write_text(page, results_page.page(results, folder, figures))
    written = [page, *figures]
    readme = page.parent / "README.md"
    if readme.is_file():  # its generated block, where it has one
        text = readme.read_text()
        block = results_page.readme_block(results)
        if results_page.with_readme_block(text, block) != text:
            compare_report.write_text(
                readme, results_page.with_readme_block(text, block)
            )
            written.append(readme)
    print("wrote " + ", ".join(str(f) for f in written))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run, save each run as it ends, then print the summary and the figure."""
    args = make_parser().parse_args(argv)
    command = f"python {PROG} " + " ".join(sys.argv[1:] if argv is None else argv)
    if args.report:
        return report(args.report)
    try:
        backends = args.backend or [common.check_backend()]
        out = output_folder(args.out, DEFAULT_OUT)
    except (common.BackendError, argparse.ArgumentTypeError) as err:
        return error(str(err))
    if args.variants:
        variants = list(dict.fromkeys(args.variants))
    else:
        experiments = args.experiments or sorted(SCRIPTS)
        variants = [v for v in VARIANTS if v.experiment in experiments]
    source: dict[str, Any] = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": command,
        "commit": compare_runs.commit(),
        "seeds": f"{args.seeds[0]}..{args.seeds[-1]}",
        "backends": backends,
        "epochs_scale": args.epochs_scale,
        "plain": args.plain,
        "variants": [v.label for v in variants],
        "versions": {},
        "complete": False,
    }
    log = compare_report.RunLog(out / f"{args.name}.jsonl", source)
    runs: list[Run] = []
    complete = True
    for backend in backends:
        mine, found, complete = compare_runs.run_all(
            variants, args.seeds, args.epochs_scale, args.jobs, backend, log.add,
            plain=args.plain,
        )  # fmt: skip
        runs += mine
        if found:
            source["versions"][backend] = found
        if not complete:
            print(f"{PROG}: interrupted; finished runs kept", file=sys.stderr)
            break
    source["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    log.update_source(
        versions=source["versions"], complete=complete, finished=source["finished"]
    )
    if runs:
        compare_report.sort_runs(runs)
        print(compare_report.terminal_summary(runs, args.epochs_scale))
        plot(runs, out, args.epochs_scale)
    print(f"wrote {log.path}")
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
