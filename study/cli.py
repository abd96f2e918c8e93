"""Check every claim of the article over many seeds, with controls.

The article prints one run of each experiment. This runs every variant (the
article's settings, the controls, the conjectures: registry.VARIANTS) for
seeds 1..N (or A..B), saves each run as one line of OUT/NAME.jsonl as it
finishes, then prints a summary (each claim counted over the seeds) and
draws OUT/accuracy.png (and conjectures.png).

Each backend (``--backend tensorflow jax``) runs in its own worker
processes; every run records its backend. ``--report [DIR]`` runs nothing:
it reads every DIR/*.jsonl (by default the committed runs, study/runs/),
prints the summary and writes the page and its figures: for the committed
runs RESULTS.md, study/figures/ and the README's over-seeds block; for
another DIR, DIR/RESULTS.md and DIR's figures. Flags that leave nothing
meaningful to run (an output folder that cannot be written, a variant that
cannot run on the backend, an epochs scale that changes nothing, a flag
--report would ignore) are one line and exit status 2 before anything runs;
a wrong variant name lists the variants. A study in which some run failed
saves every run, says how many failed and exits with status 1.
``--verify FILE`` re-makes the runs of one runs file and says which came
out identical (verify.py; exit status 1 where some moved or failed).

This file is the command line only: the variants and claims are in
study/experiments/ (collected by registry.py), running in running.py,
saving and reading in store.py, the summary in summary.py, RESULTS.md in
page.py (and the modules it names), the figures in plot.py.

Run: python -m study [--seeds 10|11-30] [--experiments 01 05 ...]
                       [--variants 06/units-64 ...] [--jobs 2] [--plain]
                       [--backend tensorflow jax] [--epochs-scale 1]
                       [--out out/compare] [--name runs]
     python -m study --report
     python -m study --verify study/runs/FILE.jsonl [--seeds 1-3]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

import common  # imports no Keras: the workers choose the backend
from study import store
from study import running
from study import page
from study import cluster
from study import summary
from study import verify
from study.record import Run
from study.registry import VARIANT_BY_KEY, VARIANTS
from study.variants import Variant
from study.plot import plot
from study.scripts import SCRIPTS

PROG = "python -m study"
# Where runs go unless --out says otherwise: not the committed study/runs/.
DEFAULT_OUT = Path("out/compare")


# Unless --seeds says otherwise: seeds 1..10.
DEFAULT_SEEDS = "10"
# The most seeds one command runs: a long study is made in parts (--seeds
# 1-10, 11-20, ...), and a range of billions would not fit in memory.
MAX_SEEDS = 100_000
# The longest --name: NAME.jsonl and its temporary copy must fit a file name.
MAX_NAME = 200
# Exit statuses beside 0 (every run finished) and 2 (refused: nothing ran).
SOME_FAILED = 1  # every run ended, but some failed or were lost: all saved
INTERRUPTED = 130  # Ctrl-C: the finished runs kept
EXIT_STATUSES = (
    "exit status: 0 every run finished; 1 every run ended but some failed "
    "(all saved, each failed one named); 2 a flag refused, nothing run; "
    "130 interrupted (the finished runs kept); with --verify, 0 every "
    "re-made run identical, 1 some moved or failed"
)


def seed_range(text: str) -> list[int]:
    """An argparse type: ``N`` (seeds 1..N) or ``A-B`` (seeds A..B).

    Seeds are those the scripts take (below 2**32), at most MAX_SEEDS.
    """
    first, dash, last = text.partition("-")
    try:
        low, high = (int(first), int(last)) if dash else (1, int(first))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not N or A-B: {text!r} (for example 10, or 11-30)"
        ) from None
    if not 1 <= low <= high:
        raise argparse.ArgumentTypeError(f"not a range of seeds from 1 up: {text!r}")
    if high >= 2**32:
        raise argparse.ArgumentTypeError(
            f"seeds end at 2**32-1 = {2**32 - 1} (the scripts' --seed), got {high}"
        )
    if high - low + 1 > MAX_SEEDS:
        raise argparse.ArgumentTypeError(
            f"{high - low + 1} seeds: at most {MAX_SEEDS} in one command (make a "
            "long study in parts: --seeds 1-10, then 11-20, ...)"
        )
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
    """The study's flags; a bad one is one line on stderr and exit 2."""
    parser = common.OneLineErrorParser(
        prog=PROG,
        description=__doc__.strip().splitlines()[0],
        formatter_class=common.DefaultsHelpFormatter,
        epilog=EXIT_STATUSES,
    )
    add_what_to_run(parser)
    add_how_to_run(parser)
    return parser


def add_what_to_run(parser: argparse.ArgumentParser) -> None:
    """--seeds, --experiments or --variants, --backend: which runs to make."""
    parser.add_argument(
        "--seeds",
        type=seed_range,
        metavar="N|A-B",
        help=f"run seeds 1..N, or A..B (default: {DEFAULT_SEEDS})",
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


def add_how_to_run(parser: argparse.ArgumentParser) -> None:
    """--jobs, --epochs-scale, --plain, --out, --name, --report: how and where.

    The flags whose defaults are filled in later (``with_defaults``) default
    to None here, so that a flag --report or --scheduler would ignore is
    seen as given (``given_flags``).
    """
    parser.add_argument(
        "--jobs",
        type=common.positive_int,
        help=f"worker processes (default: this machine's cores, {os.cpu_count()})",
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run on the Dask cluster whose scheduler is at ADDRESS, such as "
        "tcp://host:8786, each run a task (not with --jobs: the cluster's "
        "workers decide); study/README.md says how to start one",
    )
    parser.add_argument(
        "--epochs-scale",
        type=running.epochs_scale,
        help="multiply every variant's epochs by this, above 0 and at most "
        f"{running.MAX_EPOCHS_SCALE:g}; each variant must keep an epoch, and at "
        "least one's epochs must change (default: 1, the article's)",
    )
    parser.add_argument(
        "--plain",
        action="store_true",
        help="train with the article's own Keras calls (the scripts' --plain)",
    )
    parser.add_argument(
        "--out",
        type=folder_name,
        help=f"folder for the runs (NAME.jsonl) and the figure, created if "
        f"need be (default: {DEFAULT_OUT})",
    )
    parser.add_argument(
        "--name",
        type=file_name,
        help="the runs go to OUT/NAME.jsonl, replaced if it exists (default: runs)",
    )
    parser.add_argument(
        "--report",
        nargs="?",
        const=store.COMMITTED_RUNS,
        type=Path,
        metavar="DIR",
        help="run nothing: read every DIR/*.jsonl (default: the committed runs, "
        "study/runs), print the summary and write the page and its figures "
        "(for the committed runs: RESULTS.md, study/figures/ and the README's "
        "block; for another DIR: DIR/RESULTS.md and DIR's figures); no other "
        "flag goes with it",
    )
    parser.add_argument(
        "--verify",
        type=Path,
        metavar="FILE",
        help="re-make the runs of the runs file FILE (those of --seeds, else "
        "all) as it saved them, with the arithmetic in force here, and say "
        "which came out identical; writes what it found to OUT/NAME.jsonl "
        f"(default: {verify.DEFAULT_OUT}/ and FILE's name); takes "
        "--seeds, --jobs, --out and --name only",
    )


# The flags of a study that runs (their dest: their flag), which --report
# refuses: it would ignore them.
RUN_FLAGS = {
    "seeds": "--seeds", "experiments": "--experiments", "variants": "--variants",
    "backend": "--backend", "jobs": "--jobs", "scheduler": "--scheduler",
    "epochs_scale": "--epochs-scale", "plain": "--plain", "out": "--out",
    "name": "--name", "verify": "--verify",
}  # fmt: skip
# The flags --verify takes: it would ignore the other RUN_FLAGS.
VERIFY_TAKES = ("--verify", "--seeds", "--jobs", "--out", "--name")


def given_flags(args: argparse.Namespace) -> list[str]:
    """The flags of RUN_FLAGS given on the command line (None or False if not)."""
    return [
        flag for dest, flag in RUN_FLAGS.items()
        if getattr(args, dest) not in (None, False)
    ]  # fmt: skip


def with_defaults(args: argparse.Namespace) -> argparse.Namespace:
    """``args`` with the defaults of the flags not given filled in."""
    if args.seeds is None:
        args.seeds = seed_range(DEFAULT_SEEDS)
    if args.jobs is None:
        args.jobs = os.cpu_count() or 1
    if args.epochs_scale is None:
        args.epochs_scale = 1.0
    if args.name is None:
        args.name = "runs"
    return args


def writable_folder(text: str) -> Path:
    """An argparse type: a folder to write into, created if need be.

    Refused before any work: an existing file, or a place where the folder
    cannot be created or written to.
    """
    path = Path(text)
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text!r} is a file, not a folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise argparse.ArgumentTypeError(
            f"{text!r}: cannot create the folder ({err.strerror})"
        ) from None
    if not common.can_create_in(path):
        raise argparse.ArgumentTypeError(f"{text!r} cannot be written to")
    return path


def folder_name(text: str) -> Path:
    """An argparse type for --out: a folder's name, checked later.

    Not ``writable_folder``: argparse would create the folder while parsing,
    even for a command refused afterwards (``output_folder`` creates it).
    """
    if not text.strip():
        raise argparse.ArgumentTypeError("empty: name a folder, such as out/compare")
    return Path(text)


def file_name(text: str) -> str:
    """An argparse type: a plain file name (letters, digits, - and _)."""
    if not text or not all(c.isalnum() or c in "-_" for c in text):
        raise argparse.ArgumentTypeError(f"use letters, digits, - and _ only: {text!r}")
    if len(text) > MAX_NAME:
        raise argparse.ArgumentTypeError(
            f"{len(text)} characters: at most {MAX_NAME} make a file name"
        )
    return text


def error(message: str) -> int:
    """Print ``python -m study: error: message`` on stderr; return exit status 2."""
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return 2


def output_folder(given: Path | None, default: Path) -> Path:
    """--out if given, else ``default``: checked, and created if need be.

    Raises argparse.ArgumentTypeError, naming --out where it was given.
    """
    if given is None:
        return writable_folder(str(default))
    try:
        return writable_folder(str(given))
    except argparse.ArgumentTypeError as err:
        raise argparse.ArgumentTypeError(f"argument --out: {err}") from None


def report(folder: Path, root: Path = store.ROOT) -> int:
    """--report: read the saved runs, print the summary, write figures and page.

    The committed runs (``root``/study/runs) make ``root``/RESULTS.md, the
    figures in ``root``/study/figures and the generated blocks of the
    README and common.py (page.generated_blocks);
    any other folder gets its RESULTS.md and figures written into it.
    """
    try:
        results = store.read_results(folder)
        committed = folder.resolve() == (root / store.RUNS_IN_ROOT).resolve()
        page_path = root / "RESULTS.md" if committed else folder / "RESULTS.md"
        figure_folder = root / store.FIGURES_IN_ROOT if committed else folder
        writable_folder(str(figure_folder))
    except (store.ResultsError, argparse.ArgumentTypeError) as err:
        return error(str(err))
    print(summary.terminal_summary(results.runs, results.epochs_scale))
    figures = plot(results.runs, figure_folder, results.epochs_scale)
    shown = [f.resolve().relative_to(page_path.parent.resolve()) for f in figures]
    store.write_text(page_path, page.page(results, folder, shown))
    written = [page_path, *figures]
    if committed:  # the README's and common.py's generated blocks
        for name, blocks in page.generated_blocks(results).items():
            path = root / name
            text = path.read_text() if path.is_file() else ""
            new = text
            for begin, end, block in blocks:
                new = page.with_block(new, begin, end, block)
            if new != text:
                store.write_text(path, new)
                written.append(path)
    print("wrote " + ", ".join(str(f) for f in written))
    return 0


def chosen_variants(args: argparse.Namespace) -> list[Variant]:
    """The variants named by --variants, else every one of --experiments."""
    if args.variants:
        return list(dict.fromkeys(args.variants))
    experiments = args.experiments or sorted(SCRIPTS)
    return [v for v in VARIANTS if v.experiment in experiments]


def runnable(
    variants: list[Variant], backends: list[str], args: argparse.Namespace
) -> tuple[list[Variant], str]:
    """The chosen variants less the keras-order control where it cannot run,
    and what was left out and why ("" where nothing was).

    It trains the fast way in the order of Keras's fit on TensorFlow: it runs
    on TensorFlow alone and never with --plain. Named with --variants, such a
    run is an error (ValueError); chosen by experiment, it is left out.
    """
    unfit = (
        "--plain" if args.plain else ", ".join(b for b in backends if b != "tensorflow")
    )
    if not unfit or not (ordered := [v for v in variants if v.keras_order]):
        return variants, ""
    names = " ".join(f"{v.experiment}/{v.name}" for v in ordered)
    why = f"{names} runs the fast training on TensorFlow only, not with {unfit}"
    if args.variants:
        raise ValueError(why)
    return [v for v in variants if not v.keras_order], why


def source_of(
    args: argparse.Namespace, command: str, variants: list[Variant], backends: list[str]
) -> dict[str, Any]:
    """The runs file's first line: how its runs are made (completed later)."""
    source: dict[str, Any] = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": command,
        "commit": running.commit(),
        "seeds": f"{args.seeds[0]}..{args.seeds[-1]}",
        "backends": backends,
        "epochs_scale": args.epochs_scale,
        "plain": args.plain,
        "variants": [v.label for v in variants],
        "versions": {},
        "complete": False,
    }
    if args.scheduler:  # where the runs ran: the hosts are added at the end
        source["ran_on"] = {"scheduler": args.scheduler, "hosts": []}
    return source


def run_locally(
    args: argparse.Namespace, variants: list[Variant], backends: list[str],
    log: store.RunLog, source: dict[str, Any],
) -> tuple[list[Run], bool]:  # fmt: skip
    """Each backend in turn, in this machine's worker processes."""
    runs: list[Run] = []
    for backend in backends:
        mine, found, complete = running.run_all(
            variants, args.seeds, args.epochs_scale, args.jobs, backend, log.add,
            plain=args.plain,
        )  # fmt: skip
        runs += mine
        if found:
            source["versions"][backend] = found
        if not complete:
            return runs, False
    return runs, True


def run_on_cluster(
    client: Any, args: argparse.Namespace, variants: list[Variant],
    backends: list[str], log: store.RunLog, source: dict[str, Any],
) -> tuple[list[Run], bool]:  # fmt: skip
    """Every run a task of the Dask cluster ``client`` is connected to."""
    total = len(variants) * len(args.seeds) * len(backends)
    progress = running.Progress(total, "cluster")
    try:
        runs, versions, hosts, complete = cluster.run_all(
            client, variants, args.seeds, backends,
            lambda v: running.epochs_of(v, args.epochs_scale), log.add,
            plain=args.plain, progress=progress.update,
        )  # fmt: skip
    finally:
        client.close()
    source["versions"] = versions
    source["ran_on"]["hosts"] = hosts
    log.update_source(ran_on=source["ran_on"])
    return runs, complete


class Plan(NamedTuple):
    """What a study runs: its backends and variants, and what it left out."""

    backends: list[str]
    variants: list[Variant]
    left_out: str  # "" or which variants cannot run here, and why


def what_to_run(args: argparse.Namespace) -> Plan:
    """The backends and the variants to run, the defaults filled in.

    Raises ValueError or common.BackendError, with one line to print, for
    flags that leave nothing meaningful to run: before any work.
    """
    if args.scheduler is not None and not args.scheduler.strip():
        raise ValueError("--scheduler needs an address, such as tcp://host:8786")
    if args.scheduler and args.jobs is not None:
        raise ValueError(
            "--jobs has no effect with --scheduler: the cluster's workers "
            "decide how many runs run at once"
        )
    with_defaults(args)
    backends = list(dict.fromkeys(args.backend or [common.check_backend()]))
    if not args.scheduler:  # a cluster's workers need the backends, not here
        installed(backends)
    variants, left_out = runnable(chosen_variants(args), backends, args)
    problem = running.scale_problem(variants, args.epochs_scale)
    if problem:
        raise ValueError(problem)
    return Plan(backends, variants, left_out)


def installed(backends: list[str]) -> None:
    """Raise common.BackendError unless Keras and each backend can be imported."""
    for backend in backends:
        missing = [p for p in ("keras", backend) if importlib.util.find_spec(p) is None]
        if missing:
            raise common.BackendError(
                f"--backend {backend}: {' and '.join(missing)} is not installed "
                "(pip install -r requirements.txt)"
            )


def runs_file(out: Path, name: str) -> Path:
    """OUT/NAME.jsonl, the runs file, if it can be written (replaced if it is)."""
    path = out / f"{name}.jsonl"
    if path.is_dir() or (path.exists() and not os.access(path, os.W_OK)):
        raise argparse.ArgumentTypeError(f"{str(path)!r} cannot be written")
    return path


def main(argv: Sequence[str] | None = None) -> int:
    """Run, save each run as it ends, then print the summary and the figure."""
    args = make_parser().parse_args(argv)
    command = f"{PROG} " + " ".join(sys.argv[1:] if argv is None else argv)
    if args.report:
        if given := given_flags(args):
            them = "them" if len(given) > 1 else "it"
            return error(
                f"--report runs nothing: it would ignore {' '.join(given)}; "
                f"leave {them} out, or run without --report"
            )
        return report(args.report)
    if args.verify is not None:
        return verify_file(args, command)
    try:
        backends, variants, left_out = what_to_run(args)
        out = output_folder(args.out, DEFAULT_OUT)
        path = runs_file(out, args.name)
        # The cluster is reached before any work, or it is one line, exit 2.
        client = cluster.connect(args.scheduler) if args.scheduler else None
    except (
        common.BackendError, argparse.ArgumentTypeError, ValueError,
        cluster.ClusterError,
    ) as err:  # fmt: skip
        return error(str(err))
    if left_out:
        print(f"{PROG}: left out: {left_out}", file=sys.stderr)
    source = source_of(args, command, variants, backends)
    log = store.RunLog(path, source)
    if client is None:
        runs, complete = run_locally(args, variants, backends, log, source)
    else:
        runs, complete = run_on_cluster(client, args, variants, backends, log, source)
    if not complete:
        print(f"{PROG}: interrupted; finished runs kept", file=sys.stderr)
    source["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    log.update_source(
        versions=source["versions"], complete=complete, finished=source["finished"]
    )
    finish(runs, args.epochs_scale, out, log)
    return exit_status(runs, complete, log)


def verify_file(args: argparse.Namespace, command: str) -> int:
    """--verify: re-make a runs file's runs (verify.py); a flag it would
    ignore, or a file it cannot verify, is one line and exit status 2."""
    if ignored := [f for f in given_flags(args) if f not in VERIFY_TAKES]:
        them = "them" if len(ignored) > 1 else "it"
        return error(
            "--verify re-makes the runs as the file saved them: it would ignore "
            f"{' '.join(ignored)}; leave {them} out"
        )
    try:
        plan = verify.plan(args.verify, args.seeds)
        installed(plan.backends)
        out = output_folder(args.out, verify.DEFAULT_OUT)
        path = runs_file(out, args.name or args.verify.stem)
        if path.resolve() == args.verify.resolve():
            raise ValueError(f"the record would replace {args.verify} itself")
    except (common.BackendError, argparse.ArgumentTypeError, ValueError) as err:
        return error(str(err))
    return verify.verify(plan, args.jobs or os.cpu_count() or 1, path, command)


def exit_status(runs: list[Run], complete: bool, log: store.RunLog) -> int:
    """0, SOME_FAILED (said on stderr, with how many) or INTERRUPTED."""
    if not complete:
        return INTERRUPTED
    failed = sum(not r.ok for r in runs)
    if not failed:
        return 0
    print(
        f"{PROG}: {failed} of {len(runs)} runs failed (named above); every run "
        f"is saved in {log.path}",
        file=sys.stderr,
    )
    return SOME_FAILED


def finish(runs: list[Run], epochs_scale: float, out: Path, log: store.RunLog) -> None:
    """The summary and the figure; where the runs went; each failed run named."""
    if runs:
        store.sort_runs(runs)
        print(summary.terminal_summary(runs, epochs_scale))
        plot(runs, out, epochs_scale)
    print(f"wrote {log.path}")
    for r in runs:
        if not r.ok:
            print(
                f"failed: {r.experiment} {r.variant} {r.backend} seed "
                f"{r.seed}: {r.error}",
                file=sys.stderr,
            )
