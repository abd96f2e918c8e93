"""Check every claim of the article over many seeds, with controls.

The article prints one run of each experiment. This runs each experiment
(and the controls) for seeds 1..N at the article's settings, counts for how
many seeds each claim held, and writes DIR/results.json (every run) and
DIR/accuracy.png (accuracy over the seeds, the article's value marked).

Run: python compare.py [--seeds 10] [--experiments 01 05 ...] [--jobs 2]
                       [--epochs-scale 1] [--out results]
"""

from __future__ import annotations

import argparse
import concurrent.futures as futures
import contextlib
import io
import json
import multiprocessing
import os
import platform
import statistics
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, UTC
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

import common  # noqa: E402  (first: it quiets TensorFlow's start-up logs)

SCRIPTS = {
    "01": "01_naive_one_char.py",
    "02": "02_window_features.py",
    "03": "03_window_timesteps.py",
    "04": "04_batch_state.py",
    "05": "05_stateful.py",
    "06": "06_variable_length.py",
}
# The article's printed accuracy for each experiment, in percent.
ARTICLE_ACCURACY = {
    "01": 84.00,
    "02": 86.96,
    "03": 100.00,
    "04": 100.00,
    "05": 100.00,
    "06": 98.90,
}
# Experiment 6 is "near 98.90%": within this many points, fixed in advance.
NEAR_POINTS = 2.0


@dataclass(frozen=True)
class Variant:
    """One configuration to run: an experiment and the flags that differ."""

    experiment: str
    name: str  # "article" or a control's name
    kwargs: tuple[tuple[str, Any], ...] = ()
    description: str = "the article's settings"


VARIANTS = [
    Variant("01", "article"),
    Variant("02", "article"),
    Variant("03", "article"),
    Variant("04", "article"),
    Variant(
        "04",
        "shuffle",
        (("shuffle", True),),
        "control: rows shuffled every epoch",
    ),
    Variant("05", "article"),
    Variant("06", "article"),
    Variant(
        "06",
        "pad-distinct",
        (("pad", "distinct"),),
        "control: non-letter padding, masked",
    ),
]


# ---------------------------------------------------------------------------
# Running (in worker processes)
# ---------------------------------------------------------------------------

_loaded: dict[str, Any] = {}


def load_script(experiment: str) -> Any:
    """Import a numbered script once per process and return its module."""
    if experiment not in _loaded:
        import importlib.util

        path = ROOT / SCRIPTS[experiment]
        spec = importlib.util.spec_from_file_location(f"exp_{experiment}", path)
        module = importlib.util.module_from_spec(spec)
        assert spec.loader is not None
        spec.loader.exec_module(module)
        _loaded[experiment] = module
    return _loaded[experiment]


def default_epochs(experiment: str) -> int:
    """The article's epochs (rounds, for 05) of an experiment."""
    return load_script(experiment).EPOCHS


def run_one(variant: Variant, seed: int, epochs: int) -> dict[str, Any]:
    """Run one variant for one seed in this process; never raises.

    The script's printed output is discarded: its ``run()`` returns all
    that is needed. A failure is recorded with its error.
    """
    record: dict[str, Any] = {
        "experiment": variant.experiment,
        "variant": variant.name,
        "seed": seed,
        "epochs": epochs,
    }
    started = time.perf_counter()
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            result = load_script(variant.experiment).run(
                seed=seed, epochs=epochs, verbose=0, **dict(variant.kwargs)
            )
        data = result.to_dict()
        record.update(
            status="ok",
            accuracy=data["accuracy"],
            predictions=data["predictions"],
            seconds=data["seconds"],
        )
    except Exception as err:  # recorded, so that the other runs go on
        record.update(
            status="failed",
            error=f"{type(err).__name__}: {err}",
            traceback=traceback.format_exc(),
            seconds=time.perf_counter() - started,
        )
    return record


# ---------------------------------------------------------------------------
# Claims
# ---------------------------------------------------------------------------


def _all_correct(run: dict[str, Any], section: str) -> bool:
    """Whether every prediction of a section of the output was right."""
    return all(p["predicted"] == p["expected"] for p in run["predictions"][section])


def _first_prediction(run: dict[str, Any], section: str) -> str:
    """The first predicted letter of a section (e.g. the cold start's)."""
    return run["predictions"][section][0]["predicted"]


# Each claim: (experiment, variant, label, test of one run). A test takes
# the run and every run of the same seed, keyed by (experiment, variant).
Claim = tuple[str, str, str, Callable[[dict, dict], bool | None]]


def _beats_01(run: dict, same_seed: dict) -> bool | None:
    other = same_seed.get(("01", "article"))
    return None if other is None else run["accuracy"] > other["accuracy"]


def _distinct_at_least_zero(run: dict, same_seed: dict) -> bool | None:
    other = same_seed.get(("06", "article"))
    return None if other is None else run["accuracy"] >= other["accuracy"]


CLAIMS: list[Claim] = [
    ("01", "article", "below 100%", lambda r, s: r["accuracy"] < 1),
    ("02", "article", "below 100%", lambda r, s: r["accuracy"] < 1),
    ("02", "article", "above 01", _beats_01),
    ("03", "article", "100%", lambda r, s: r["accuracy"] == 1),
    ("04", "article", "100%", lambda r, s: r["accuracy"] == 1),
    ("04", "article", "random right", lambda r, s: _all_correct(r, "random")),
    ("04", "shuffle", "100%", lambda r, s: r["accuracy"] == 1),
    ("04", "shuffle", "random right", lambda r, s: _all_correct(r, "random")),
    ("05", "article", "100%", lambda r, s: r["accuracy"] == 1),
    ("05", "article", "recites A..Z", lambda r, s: _all_correct(r, "recital")),
    (
        "05",
        "article",
        "cold K not L",
        lambda r, s: _first_prediction(r, "cold_start") != "L",
    ),
    (
        "05",
        "article",
        "warm K -> L",
        lambda r, s: _first_prediction(r, "warm_start") == "L",
    ),
    (
        "06",
        "article",
        f"within {NEAR_POINTS:g} pts of 98.90%",
        lambda r, s: abs(r["accuracy"] * 100 - 98.90) <= NEAR_POINTS,
    ),
    ("06", "pad-distinct", ">= zero padding", _distinct_at_least_zero),
]


def claim_counts(runs: Sequence[dict[str, Any]]) -> dict[tuple[str, str], list[str]]:
    """For each (experiment, variant), claims as ``label k/N`` strings.

    N counts the seeds where the claim could be checked (the run and any
    run it is compared with finished).
    """
    ok = [r for r in runs if r.get("status") == "ok"]
    by_seed: dict[int, dict[tuple[str, str], dict]] = {}
    for r in ok:
        by_seed.setdefault(r["seed"], {})[(r["experiment"], r["variant"])] = r
    out: dict[tuple[str, str], list[str]] = {}
    for experiment, variant, label, test in CLAIMS:
        verdicts = [
            test(r, by_seed[r["seed"]])
            for r in ok
            if (r["experiment"], r["variant"]) == (experiment, variant)
        ]
        verdicts = [v for v in verdicts if v is not None]
        if verdicts:
            out.setdefault((experiment, variant), []).append(
                f"{label} {sum(verdicts)}/{len(verdicts)}"
            )
    return out


# ---------------------------------------------------------------------------
# Report: table, JSON, figure
# ---------------------------------------------------------------------------


def summary_rows(runs: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per (experiment, variant) that has runs: the table's content."""
    claims = claim_counts(runs)
    rows = []
    for v in VARIANTS:
        mine = [
            r for r in runs if (r["experiment"], r["variant"]) == (v.experiment, v.name)
        ]
        if not mine:
            continue
        done = [r for r in mine if r.get("status") == "ok"]
        accs = [r["accuracy"] * 100 for r in done]
        rows.append(
            {
                "experiment": v.experiment,
                "variant": v.name,
                "article": ARTICLE_ACCURACY[v.experiment],
                "runs": len(done),
                "failed": len(mine) - len(done),
                "mean": statistics.fmean(accs) if accs else None,
                "std": statistics.pstdev(accs) if accs else None,
                "min": min(accs) if accs else None,
                "max": max(accs) if accs else None,
                "claims": claims.get((v.experiment, v.name), []),
                "median_seconds": (
                    statistics.median(r["seconds"] for r in done) if done else None
                ),
            }
        )
    return rows


def format_table(rows: Sequence[dict[str, Any]], markdown: bool = False) -> str:
    """The summary table, as plain text or as Markdown."""
    header = [
        "exp",
        "variant",
        "article",
        "ours mean +- std",
        "min",
        "max",
        "claims held (seeds)",
        "median s",
    ]
    lines = []
    for row in rows:

        def pct(value: float | None) -> str:
            return "-" if value is None else f"{value:.2f}%"

        mean = (
            "-"
            if row["mean"] is None
            else f"{row['mean']:.2f}% +- {row['std']:.2f} (n={row['runs']})"
        )
        if row["failed"]:
            mean += f", {row['failed']} failed"
        seconds = row["median_seconds"]
        lines.append(
            [
                row["experiment"],
                row["variant"],
                f"{row['article']:.2f}%",
                mean,
                pct(row["min"]),
                pct(row["max"]),
                "; ".join(row["claims"]) or "-",
                "-" if seconds is None else f"{seconds:.1f}",
            ]
        )
    if markdown:
        out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        out += ["| " + " | ".join(cells) + " |" for cells in lines]
        return "\n".join(out)
    widths = [max(len(c) for c in col) for col in zip(header, *lines, strict=True)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    return "\n".join(fmt.format(*cells) for cells in [header, *lines])


def versions() -> dict[str, str]:
    """Versions of what the results depend on."""
    import keras
    import numpy

    found = {
        "python": platform.python_version(),
        "keras": keras.__version__,
        "backend": keras.backend.backend(),
        "numpy": numpy.__version__,
    }
    try:
        import tensorflow

        found["tensorflow"] = tensorflow.__version__
    except ImportError:
        found["tensorflow"] = "not installed"
    return found


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Write JSON whole or not at all: a temporary file, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w") as f:
            json.dump(data, f, indent=1)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; results are not
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def plot(runs: Sequence[dict[str, Any]], path: Path) -> None:
    """Accuracy over the seeds, one panel per experiment, article marked."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    experiments = sorted({r["experiment"] for r in runs})
    fig, axes = plt.subplots(
        1, len(experiments), figsize=(2.6 * len(experiments), 3.6), squeeze=False
    )
    for ax, experiment in zip(axes[0], experiments, strict=True):
        names = [v.name for v in VARIANTS if v.experiment == experiment]
        for i, name in enumerate(names):
            accs = [
                r["accuracy"] * 100
                for r in runs
                if r["experiment"] == experiment
                and r["variant"] == name
                and r.get("status") == "ok"
            ]
            spread = [i + 0.05 * (k - (len(accs) - 1) / 2) for k in range(len(accs))]
            ax.scatter(spread, accs, s=18, alpha=0.7, label="ours (one seed each)")
        ax.axhline(
            ARTICLE_ACCURACY[experiment], color="red", linestyle="--", label="article"
        )
        ax.set_xticks(range(len(names)), names, fontsize=8)
        ax.set_xlim(-0.6, len(names) - 0.4)
        ax.set_title(experiment)
        ax.set_ylim(min(ax.get_ylim()[0], 60), 101)
        ax.grid(axis="y", alpha=0.3)
    axes[0][0].set_ylabel("training accuracy (%)")
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles[-2:], labels[-2:], loc="lower center", ncol=2, fontsize=8)
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp.png")
    fig.savefig(tmp, dpi=110)
    plt.close(fig)
    os.replace(tmp, path)


# ---------------------------------------------------------------------------
# Command line and the runner
# ---------------------------------------------------------------------------


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
    """compare.py's flags."""
    parser = common.OneLineErrorParser(
        description=__doc__.strip().splitlines()[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
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
    parser.add_argument("--out", type=Path, default=Path("results"), help="folder")
    parser.add_argument(
        "--report",
        type=Path,
        metavar="RESULTS_JSON",
        help="run nothing: print the table and redraw the figure (next to "
        "the file) from an earlier results.json",
    )
    return parser


def _progress(done: int, total: int, failed: int, started: float) -> None:
    """A one-line progress bar on stderr."""
    width = 30
    filled = width * done // total
    elapsed = time.perf_counter() - started
    extra = f", {failed} failed" if failed else ""
    print(
        f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} runs"
        f"{extra}, {elapsed:.0f} s",
        end="" if done < total else "\n",
        file=sys.stderr,
        flush=True,
    )


def _worker_init() -> None:
    """Workers ignore Ctrl-C: the parent decides when they stop."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def run_all(
    variants: Sequence[Variant],
    seeds: Sequence[int],
    epochs_scale: float,
    jobs: int,
    out: Path,
    meta: dict[str, Any],
) -> tuple[list[dict[str, Any]], bool]:
    """Run every (variant, seed), saving results.json after each run.

    Returns the finished runs and whether every run finished (False after
    an interrupt). On Ctrl-C the workers are stopped and the finished runs
    kept.
    """
    tasks = [
        (v, seed, max(1, round(default_epochs(v.experiment) * epochs_scale)))
        for seed in seeds
        for v in variants
    ]
    runs: list[dict[str, Any]] = []
    started = time.perf_counter()
    context = multiprocessing.get_context("spawn")
    pool = futures.ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_worker_init
    )
    complete = False
    try:
        pending = [pool.submit(run_one, *task) for task in tasks]
        _progress(0, len(tasks), 0, started)
        for future in futures.as_completed(pending):
            runs.append(future.result())
            write_json(out / "results.json", {**meta, "runs": runs})
            failed = sum(r["status"] != "ok" for r in runs)
            _progress(len(runs), len(tasks), failed, started)
        complete = True
    except KeyboardInterrupt:
        print("\ninterrupted: stopping the workers", file=sys.stderr)
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()
    finally:
        pool.shutdown(wait=complete, cancel_futures=True)
    return runs, complete


def main(argv: Sequence[str] | None = None) -> int:
    """Run, then print the table and write results.json and accuracy.png."""
    args = make_parser().parse_args(argv)
    if args.report:
        try:
            runs = json.loads(args.report.read_text())["runs"]
        except (OSError, ValueError, KeyError) as err:
            print(
                f"compare.py: error: cannot read {args.report}: {err}", file=sys.stderr
            )
            return 2
        print(format_table(summary_rows(runs)))
        plot(runs, args.report.parent / "accuracy.png")
        return 0
    variants = [v for v in VARIANTS if v.experiment in args.experiments]
    seeds = list(range(1, args.seeds + 1))
    meta = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "python compare.py " + " ".join(argv or sys.argv[1:]),
        "seeds": seeds,
        "epochs_scale": args.epochs_scale,
        "versions": versions(),
        "variants": {f"{v.experiment} {v.name}": v.description for v in variants},
    }
    runs, complete = run_all(
        variants, seeds, args.epochs_scale, args.jobs, args.out, meta
    )
    order = {(v.experiment, v.name): i for i, v in enumerate(VARIANTS)}
    runs.sort(key=lambda r: (order[(r["experiment"], r["variant"])], r["seed"]))
    write_json(args.out / "results.json", {**meta, "complete": complete, "runs": runs})
    if runs:
        print(format_table(summary_rows(runs)))
        plot(runs, args.out / "accuracy.png")
    print(f"wrote {args.out / 'results.json'} and {args.out / 'accuracy.png'}")
    for r in runs:
        if r["status"] != "ok":
            print(
                f"failed: {r['experiment']} {r['variant']} seed {r['seed']}: "
                f"{r['error']}",
                file=sys.stderr,
            )
    return 0 if complete else 130


if __name__ == "__main__":
    sys.exit(main())
