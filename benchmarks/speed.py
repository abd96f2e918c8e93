"""Speed of each script: fast training on TensorFlow and on JAX, and plain.

Each script runs as a user runs it (``python 0X_....py``, the article's
settings, start-up included), once with ``KERAS_BACKEND=tensorflow`` and
once with ``KERAS_BACKEND=jax``: its wall time, peak memory and the
microseconds per training step it prints. "Plain" is the same script with
``--plain`` (the article's own Keras calls) on TensorFlow, Keras's default,
for a fraction of the epochs (``--plain-fraction``); its full wall time is
estimated from its microseconds per step.

``--against DIR`` also runs the scripts of another checkout of this project
(an older commit, made with ``git worktree add DIR COMMIT``), alternating
old and new for each script and backend, so that old and new are measured
in one run, side by side.

Run: python benchmarks/speed.py [--only 01 06] [--backend jax]
                                [--plain-fraction 0.04 | --no-plain]
                                [--against DIR] [--repeat 1]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import common  # noqa: E402
from study.scripts import ARTICLE_SCRIPTS, SCRIPTS, default_epochs  # noqa: E402

BACKENDS = common.SUPPORTED_BACKENDS
TRAINED = re.compile(r"Trained (\d+) epochs, (\d+) steps in ([\d.]+) s")


def run_script(folder: Path, script: str, backend: str, *flags: str) -> dict:
    """Run one script at its defaults (plus flags); time it and read it."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(folder / script), "--verbose", "1", *flags],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=folder,
        env={**os.environ, "KERAS_BACKEND": backend},
    )
    out = process.stdout.read() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        raise RuntimeError(f"{folder / script} failed with status {status}")
    epochs, steps, seconds = TRAINED.search(out).groups()
    accuracy = re.search(r"Model Accuracy: ([\d.]+)%", out).group(1)
    return {
        "wall": wall,
        "train": float(seconds),
        "epochs": int(epochs),
        "us_per_step": 1e6 * float(seconds) / int(steps),
        "peak_mib": usage.ru_maxrss / 1024,
        "accuracy": float(accuracy),
    }


def startup_seconds(backend: str) -> float:
    """Seconds to start Python and import Keras on a backend."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", "import common; common.import_keras()"],
        cwd=ROOT,
        check=True,
        env={**os.environ, "KERAS_BACKEND": backend},
    )
    return time.perf_counter() - started


def make_parser() -> common.OneLineErrorParser:
    """The benchmark's flags; a bad one is one line and exit status 2."""
    parser = common.OneLineErrorParser(
        prog="speed.py",
        description=__doc__.splitlines()[0],
        formatter_class=common.DefaultsHelpFormatter,
    )
    parser.add_argument("--only", nargs="+", choices=ARTICLE_SCRIPTS)
    parser.add_argument("--backend", nargs="+", choices=BACKENDS, default=BACKENDS)
    parser.add_argument(
        "--plain-fraction",
        type=float,
        default=0.04,
        help="fraction of the article's epochs the plain side runs",
    )
    parser.add_argument("--no-plain", action="store_true", help="skip the plain side")
    parser.add_argument(
        "--against",
        type=Path,
        metavar="DIR",
        help="another checkout of this project to time side by side (old vs new)",
    )
    parser.add_argument(
        "--repeat",
        type=common.positive_int,
        default=1,
        help="runs of each (script, backend, side); the table shows medians",
    )
    return parser


def table_header(sides: list[tuple[str, Path]], against: bool) -> list[str]:
    """The fast table's columns: per side accuracy, wall, us/step, memory."""
    header = ["exp", "backend"]
    for side, _ in sides:
        label = f"{side}: " if against else ""
        header += [f"{label}accuracy", f"{label}wall s", f"{label}us/step"]
        header += [f"{label}peak MiB"]
    return header + (["old / new wall"] if against else [])


def measure_row(
    number: str, backend: str, sides: list[tuple[str, Path]], repeat: int
) -> tuple[list[str], dict[str, float]]:
    """One script on one backend, each side ``repeat`` times, alternating
    (so that the machine's drift hits both); its cells and median walls."""
    found: dict[str, list[dict]] = {side: [] for side, _ in sides}
    for _ in range(repeat):
        for side, folder in sides:
            found[side].append(run_script(folder, SCRIPTS[number], backend))
    cells, walls = [number, backend], {}
    for side, _ in sides:
        runs = found[side]
        walls[side] = statistics.median(r["wall"] for r in runs)
        cells += [
            f"{runs[0]['accuracy']:.2f}%",
            f"{walls[side]:.1f}",
            f"{statistics.median(r['us_per_step'] for r in runs):.0f}",
            f"{max(r['peak_mib'] for r in runs):.0f}",
        ]
    if len(sides) > 1:
        cells.append(f"{walls['old'] / walls['new']:.2f}x")
    return cells, walls


def fast_table(
    args: argparse.Namespace, chosen: list[str], sides: list[tuple[str, Path]]
) -> None:
    """Measure the fast training, old and new; print the table and totals."""
    header = table_header(sides, bool(args.against))
    rows, totals = [], {(s, b): 0.0 for s, _ in sides for b in args.backend}
    for number in chosen:
        for backend in args.backend:
            cells, walls = measure_row(number, backend, sides, args.repeat)
            for side, wall in walls.items():
                totals[(side, backend)] += wall
            rows.append("| " + " | ".join(cells) + " |")
            print(rows[-1], file=sys.stderr, flush=True)
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    print("\n".join(rows))
    for backend in args.backend:
        line = f"all six, {backend}: new {totals[('new', backend)]:.0f} s"
        if args.against:
            old = totals[("old", backend)]
            line += f", old {old:.0f} s ({old / totals[('new', backend)]:.2f}x)"
        print(line)


def plain_table(chosen: list[str], fraction: float) -> None:
    """The article's own calls on TensorFlow, for a fraction of the epochs;
    the full wall time estimated from it."""
    print("\n| exp | plain: epochs | plain: us/step | plain: wall s, estimated |")
    print("|---|---|---|---|")
    for number in chosen:
        article_epochs = default_epochs(number)
        epochs = max(1, round(article_epochs * fraction))
        plain = run_script(
            ROOT, SCRIPTS[number], "tensorflow", "--plain", "--epochs", str(epochs)
        )
        # Start-up, model and predictions once, training scaled up.
        estimate = plain["wall"] + plain["train"] * (article_epochs / epochs - 1)
        print(
            f"| {number} | {epochs} | {plain['us_per_step']:.0f} | {estimate:.0f} |",
            flush=True,
        )


def main(argv: list[str] | None = None) -> int:
    """Measure, then print Markdown tables (the README's and benchmarks')."""
    parser = make_parser()
    args = parser.parse_args(argv)
    if not 0 < args.plain_fraction <= 1:
        parser.error("--plain-fraction must be in (0, 1]")
    if args.against and not (args.against / SCRIPTS["01"]).is_file():
        parser.error(f"--against {args.against}: no {SCRIPTS['01']} there")
    chosen = args.only or ARTICLE_SCRIPTS
    sides = [("new", ROOT)] + ([("old", args.against)] if args.against else [])
    startup = {b: startup_seconds(b) for b in args.backend}
    fast_table(args, chosen, sides)
    if not args.no_plain:
        plain_table(chosen, args.plain_fraction)
    keras = common.import_keras()
    print(
        f"\nkeras {keras.__version__}; start-up (Python + import) "
        + ", ".join(f"{startup[b]:.1f} s {b}" for b in args.backend)
        + f"; {os.cpu_count()} cores; {time.strftime('%Y-%m-%d')}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(common.guarded("speed.py", main))
