"""Check every claim of the article over many seeds, with controls.

The article prints one run of each experiment. This runs each experiment
(and the controls) for seeds 1..N at the article's settings, counts for how
many seeds each claim held, and writes DIR/results.json (every run) and
DIR/accuracy.png (accuracy over the seeds, the article's value marked).

Each backend (``--backend tensorflow jax``) runs in its own worker
processes; every run records its backend, and the table and figure show
the backends side by side. ``--report`` redraws both from earlier
results.json files (several are merged) and, with ``--details``, prints the
counts that RESULTS.md quotes.

Run: python compare.py [--seeds 10] [--experiments 01 05 ...] [--jobs 2]
                       [--backend tensorflow jax] [--epochs-scale 1]
                       [--out out/compare]
     python compare.py --report results/results.json [--details] [--markdown]
"""

from __future__ import annotations

import argparse
import concurrent.futures as futures
import contextlib
import importlib
import io
import json
import math
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

import common  # noqa: E402  (imports no Keras: workers choose the backend)

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
# Where runs go unless --out says otherwise: not the committed results/.
DEFAULT_OUT = Path("out/compare")
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
        "backend": common.chosen_backend(),
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


BACKENDS = common.SUPPORTED_BACKENDS
Key = tuple[str, str, str]  # (experiment, variant, backend)


def backend_of(run: dict[str, Any]) -> str:
    """A run's backend; runs recorded before backends were recorded: TF."""
    return run.get("backend", "tensorflow")


def claim_counts(runs: Sequence[dict[str, Any]]) -> dict[Key, list[str]]:
    """For each (experiment, variant, backend), claims as ``label k/N``.

    N counts the seeds where the claim could be checked (the run and any
    run it is compared with finished). A run is compared only with runs of
    the same seed on the same backend.
    """
    ok = [r for r in runs if r.get("status") == "ok"]
    by_seed: dict[tuple[str, int], dict[tuple[str, str], dict]] = {}
    for r in ok:
        by_seed.setdefault((backend_of(r), r["seed"]), {})[
            (r["experiment"], r["variant"])
        ] = r
    out: dict[Key, list[str]] = {}
    for backend in BACKENDS:
        for experiment, variant, label, test in CLAIMS:
            verdicts = [
                test(r, by_seed[(backend, r["seed"])])
                for r in ok
                if (r["experiment"], r["variant"], backend_of(r))
                == (experiment, variant, backend)
            ]
            verdicts = [v for v in verdicts if v is not None]
            if verdicts:
                out.setdefault((experiment, variant, backend), []).append(
                    f"{label} {sum(verdicts)}/{len(verdicts)}"
                )
    return out


# ---------------------------------------------------------------------------
# Report: table, JSON, figure, details
# ---------------------------------------------------------------------------


def summary_rows(runs: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per (experiment, variant, backend) with runs: the table."""
    claims = claim_counts(runs)
    rows = []
    for v in VARIANTS:
        for backend in BACKENDS:
            mine = [
                r
                for r in runs
                if (r["experiment"], r["variant"], backend_of(r))
                == (v.experiment, v.name, backend)
            ]
            if not mine:
                continue
            done = [r for r in mine if r.get("status") == "ok"]
            accs = [r["accuracy"] * 100 for r in done]
            seeds = sorted(r["seed"] for r in done)
            rows.append(
                {
                    "experiment": v.experiment,
                    "variant": v.name,
                    "backend": backend,
                    "article": ARTICLE_ACCURACY[v.experiment],
                    "runs": len(done),
                    "seeds": f"{seeds[0]}..{seeds[-1]}" if seeds else "-",
                    "failed": len(mine) - len(done),
                    "mean": statistics.fmean(accs) if accs else None,
                    "std": statistics.pstdev(accs) if accs else None,
                    "min": min(accs) if accs else None,
                    "max": max(accs) if accs else None,
                    "claims": claims.get((v.experiment, v.name, backend), []),
                    "median_seconds": (
                        statistics.median(r["seconds"] for r in done) if done else None
                    ),
                }
            )
    return rows


def scale_note(epochs_scale: float) -> str:
    """Words for a run whose epochs were scaled; empty at the article's."""
    if epochs_scale == 1:
        return ""
    return (
        f"training cut to {epochs_scale:.0%} of the article's epochs: "
        "accuracies are not comparable with the article's"
        if epochs_scale < 1
        else f"training at {epochs_scale:g}x the article's epochs"
    )


def format_table(
    rows: Sequence[dict[str, Any]], markdown: bool = False, epochs_scale: float = 1.0
) -> str:
    """The summary table, as plain text or as Markdown, titled."""
    header = [
        "exp",
        "variant",
        "backend",
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
            else f"{row['mean']:.2f}% +- {row['std']:.2f} (n={row['runs']}, "
            f"seeds {row['seeds']})"
        )
        if row["failed"]:
            mean += f", {row['failed']} failed"
        seconds = row["median_seconds"]
        lines.append(
            [
                row["experiment"],
                row["variant"],
                row["backend"],
                f"{row['article']:.2f}%",
                mean,
                pct(row["min"]),
                pct(row["max"]),
                "; ".join(row["claims"]) or "-",
                "-" if seconds is None else f"{seconds:.1f}",
            ]
        )
    note = scale_note(epochs_scale)
    title = "Accuracy over seeds, each experiment at the article's settings"
    if note:
        title = f"Accuracy over seeds, {note.upper()}"
    if markdown:
        out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        out += ["| " + " | ".join(cells) + " |" for cells in lines]
        return "\n".join(out)
    widths = [max(len(c) for c in col) for col in zip(header, *lines, strict=True)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    return "\n".join([title, *(fmt.format(*c) for c in [header, *lines])])


def sign_test_p(wins: int, losses: int) -> float:
    """Two-sided sign test: p of a split at least this uneven by chance."""
    n = wins + losses
    if n == 0:
        return 1.0
    k = min(wins, losses)
    tail = sum(math.comb(n, i) for i in range(k + 1)) / 2**n
    return min(1.0, 2 * tail)


def details(runs: Sequence[dict[str, Any]]) -> str:
    """The counts RESULTS.md quotes, so that a reader can recompute them.

    Per experiment and backend: how often each input was missed, misses
    by input length (06), and paired comparisons over the same seeds with
    a two-sided sign test.
    """
    ok = [r for r in runs if r.get("status") == "ok"]
    lines: list[str] = []

    def group(experiment: str, variant: str, backend: str) -> dict[int, dict]:
        return {
            r["seed"]: r
            for r in ok
            if (r["experiment"], r["variant"], backend_of(r))
            == (experiment, variant, backend)
        }

    for v in VARIANTS:
        for backend in BACKENDS:
            mine = group(v.experiment, v.name, backend)
            if not mine:
                continue
            misses: dict[str, int] = {}
            by_length: dict[int, list[int]] = {}
            for r in mine.values():
                for p in r["predictions"]["training"]:
                    wrong = p["predicted"] != p["expected"]
                    counts = by_length.setdefault(len(p["inputs"]), [0, 0])
                    counts[0] += wrong
                    counts[1] += 1
                    if wrong:
                        misses[p["inputs"]] = misses.get(p["inputs"], 0) + 1
            head = f"{v.experiment} {v.name} {backend} ({len(mine)} seeds):"
            if v.experiment == "06":
                lengths = ", ".join(
                    f"length {n}: {w} of {t}" for n, (w, t) in sorted(by_length.items())
                )
                lines.append(f"{head} misses by input length: {lengths}")
            else:
                shown = ", ".join(
                    f"{k} {n}" for k, n in sorted(misses.items(), key=lambda i: -i[1])
                )
                lines.append(f"{head} inputs missed (seeds): {shown or 'none'}")
    pairs = [
        (("02", "article"), ("01", "article"), "02 above 01"),
        (("06", "pad-distinct"), ("06", "article"), "06 pad-distinct above zero"),
        (("04", "shuffle"), ("04", "article"), "04 shuffle above ordered"),
    ]
    for (a_exp, a_var), (b_exp, b_var), label in pairs:
        for backend in BACKENDS:
            first = group(a_exp, a_var, backend)
            second = group(b_exp, b_var, backend)
            seeds = sorted(set(first) & set(second))
            if not seeds:
                continue
            wins = sum(first[s]["accuracy"] > second[s]["accuracy"] for s in seeds)
            losses = sum(first[s]["accuracy"] < second[s]["accuracy"] for s in seeds)
            ties = len(seeds) - wins - losses
            lines.append(
                f"{label}, {backend}: higher at {wins}, lower at {losses}, equal "
                f"at {ties} of {len(seeds)} seeds; sign test p = "
                f"{sign_test_p(wins, losses):.2f}"
            )
    for v in VARIANTS:
        tf = group(v.experiment, v.name, "tensorflow")
        jx = group(v.experiment, v.name, "jax")
        seeds = sorted(set(tf) & set(jx))
        if not seeds:
            continue
        tf_mean = statistics.fmean(tf[s]["accuracy"] * 100 for s in seeds)
        jx_mean = statistics.fmean(jx[s]["accuracy"] * 100 for s in seeds)
        wins = sum(jx[s]["accuracy"] > tf[s]["accuracy"] for s in seeds)
        losses = sum(jx[s]["accuracy"] < tf[s]["accuracy"] for s in seeds)
        lines.append(
            f"{v.experiment} {v.name}, jax vs tensorflow over seeds "
            f"{seeds[0]}..{seeds[-1]}: means {jx_mean:.2f}% vs {tf_mean:.2f}%; "
            f"jax higher at {wins}, lower at {losses}; sign test p = "
            f"{sign_test_p(wins, losses):.2f}"
        )
    return "\n".join(lines)


def versions() -> dict[str, str]:
    """Versions of what the results depend on (in a worker: its backend)."""
    keras = common.import_keras()
    import numpy

    found = {
        "python": platform.python_version(),
        "keras": keras.__version__,
        "backend": keras.backend.backend(),
        "numpy": numpy.__version__,
    }
    backend = importlib.import_module(found["backend"])
    found[found["backend"]] = backend.__version__
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


BACKEND_STYLE = {
    "tensorflow": {"color": "tab:blue", "marker": "o", "label": "TensorFlow"},
    "jax": {"color": "tab:orange", "marker": "s", "label": "JAX"},
}


def plot(runs: Sequence[dict[str, Any]], path: Path, epochs_scale: float = 1.0) -> str:
    """Accuracy over the seeds, one panel per experiment, article marked.

    Within a panel, one column per variant (named under it) and backend
    (colour and marker, in the legend); each dot is one seed's run. Dots
    of equal accuracy would hide each other, so a column's dots are spread
    sideways by seed number (said in the title). Returns the title.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    experiments = sorted({r["experiment"] for r in runs})
    backends = [b for b in BACKENDS if any(backend_of(r) == b for r in runs)]
    fig, axes = plt.subplots(
        1, len(experiments), figsize=(2.9 * len(experiments), 4.2), squeeze=False
    )
    width = 0.8 / len(backends)
    for ax, experiment in zip(axes[0], experiments, strict=True):
        names = [v.name for v in VARIANTS if v.experiment == experiment]
        for i, name in enumerate(names):
            for j, backend in enumerate(backends):
                mine = sorted(
                    (r["seed"], r["accuracy"] * 100)
                    for r in runs
                    if r["experiment"] == experiment
                    and r["variant"] == name
                    and backend_of(r) == backend
                    and r.get("status") == "ok"
                )
                if not mine:
                    continue
                centre = i + (j - (len(backends) - 1) / 2) * width
                xs = [
                    centre + 0.8 * width * (k / max(1, len(mine) - 1) - 0.5)
                    for k in range(len(mine))
                ]
                style = BACKEND_STYLE[backend]
                ax.scatter(
                    xs,
                    [a for _, a in mine],
                    s=14,
                    alpha=0.75,
                    color=style["color"],
                    marker=style["marker"],
                    label=f"{style['label']} (one dot per seed)",
                )
        ax.axhline(
            ARTICLE_ACCURACY[experiment],
            color="red",
            linestyle="--",
            label="the article's printed accuracy",
        )
        labels = [
            "article's\nsettings" if n == "article" else f"control:\n{n}" for n in names
        ]
        ax.set_xticks(range(len(names)), labels, fontsize=8)
        ax.set_xlim(-0.6, len(names) - 0.4)
        ax.set_title(f"experiment {experiment}")
        ax.set_ylim(min(ax.get_ylim()[0], 60), 101)
        ax.grid(axis="y", alpha=0.3)
    axes[0][0].set_ylabel("training accuracy (%)")
    seen: dict[str, Any] = {}
    for ax in axes[0]:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            seen.setdefault(label, handle)
    fig.legend(list(seen.values()), list(seen), loc="lower center", ncol=3, fontsize=8)
    note = scale_note(epochs_scale)
    title = (
        "Accuracy over seeds"
        + (f": {note.upper()}" if note else ", the article's settings")
        + "\n(dots of one column are spread sideways by seed number, "
        "only so that equal values stay visible)"
    )
    fig.suptitle(title, fontsize=9, color="darkred" if note else "black")
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp.png")
    fig.savefig(tmp, dpi=110)
    plt.close(fig)
    os.replace(tmp, path)
    return title


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
        prog="compare.py",
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
        "--backend",
        nargs="+",
        choices=BACKENDS,
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
        type=Path,
        help=f"folder for results.json and accuracy.png (default: {DEFAULT_OUT}; "
        "with --report: beside the first file)",
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


class Progress:
    """Runs done so far, on stderr: in place on a terminal, else plain lines.

    keras.utils.Progbar would do, but it writes bold escape codes even
    into a file, and importing it would load a backend in this process.
    """

    def __init__(self, total: int, label: str) -> None:
        self.total, self.label = total, label
        self.started = time.perf_counter()
        self.in_place = sys.stderr.isatty()

    def update(self, done: int, failed: int) -> None:
        """Show that ``done`` runs have finished, ``failed`` of them failed."""
        elapsed = time.perf_counter() - self.started
        extra = f", {failed} failed" if failed else ""
        text = f"{self.label}: {done}/{self.total} runs{extra}, {elapsed:.0f} s"
        if self.in_place:
            filled = 30 * done // self.total
            bar = f"[{'#' * filled}{'.' * (30 - filled)}] "
            end = "\n" if done == self.total else ""
            print(f"\r{bar}{text}", end=end, file=sys.stderr, flush=True)
        elif done:  # a plain line per finished run
            print(text, file=sys.stderr, flush=True)


def _worker_init(backend: str) -> None:
    """A worker picks its backend before Keras is imported; it ignores Ctrl-C.

    The parent decides when the workers stop.
    """
    import signal

    os.environ["KERAS_BACKEND"] = backend
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def run_all(
    variants: Sequence[Variant],
    seeds: Sequence[int],
    epochs_scale: float,
    jobs: int,
    backend: str,
    save: Callable[[list[dict[str, Any]]], None],
) -> tuple[list[dict[str, Any]], dict[str, str], bool]:
    """Run every (variant, seed) on one backend, saving after each run.

    Returns the finished runs, the workers' versions and whether every run
    finished (False after an interrupt). On Ctrl-C the workers are stopped
    and the finished runs kept.
    """
    tasks = [
        (v, seed, max(1, round(default_epochs(v.experiment) * epochs_scale)))
        for seed in seeds
        for v in variants
    ]
    runs: list[dict[str, Any]] = []
    found: dict[str, str] = {}
    progress = Progress(len(tasks), backend)
    context = multiprocessing.get_context("spawn")
    pool = futures.ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=context,
        initializer=_worker_init,
        initargs=(backend,),
    )
    complete = False
    try:
        found = pool.submit(versions).result()
        pending = [pool.submit(run_one, *task) for task in tasks]
        progress.update(0, 0)
        for future in futures.as_completed(pending):
            runs.append(future.result())
            save(runs)
            progress.update(len(runs), sum(r["status"] != "ok" for r in runs))
        complete = True
    except KeyboardInterrupt:
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()
    finally:
        pool.shutdown(wait=complete, cancel_futures=True)
    return runs, found, complete


def sort_runs(runs: list[dict[str, Any]]) -> None:
    """Order runs by variant, backend, seed (the table's order)."""
    order = {(v.experiment, v.name): i for i, v in enumerate(VARIANTS)}
    runs.sort(
        key=lambda r: (
            order.get((r["experiment"], r["variant"]), len(order)),
            BACKENDS.index(backend_of(r)),
            r["seed"],
        )
    )


def report(args: argparse.Namespace) -> int:
    """--report: merge results.json files, print the table, redraw the figure."""
    runs: list[dict[str, Any]] = []
    sources: list[dict[str, Any]] = []
    scales = set()
    for path in args.report:
        try:
            data = json.loads(path.read_text())
            found = data["runs"]
        except (OSError, ValueError, KeyError, TypeError) as err:
            print(f"compare.py: error: cannot read {path}: {err}", file=sys.stderr)
            return 2
        for run in found:  # runs recorded before backends were: TensorFlow
            run.setdefault("backend", backend_of(run))
        runs += found
        # A merged file keeps the record of what it was made from.
        sources += data.get("sources") or [
            {"file": str(path), **{k: v for k, v in data.items() if k != "runs"}}
        ]
        scales.add(data.get("epochs_scale", 1.0))
    sort_runs(runs)
    scale = scales.pop() if len(scales) == 1 else 1.0
    print(format_table(summary_rows(runs), args.markdown, scale))
    if args.details:
        print()
        print(details(runs))
    out = args.out or args.report[0].parent
    if len(args.report) > 1 or out != args.report[0].parent:
        write_json(
            out / "results.json",
            {
                "created": datetime.now(UTC).isoformat(timespec="seconds"),
                "command": "python compare.py " + " ".join(sys.argv[1:]),
                "epochs_scale": scale,
                "sources": sources,
                "runs": runs,
            },
        )
    plot(runs, out / "accuracy.png", scale)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run, then print the table and write results.json and accuracy.png."""
    args = make_parser().parse_args(argv)
    if args.report:
        return report(args)
    try:
        backends = args.backend or [common.check_backend()]
    except common.BackendError as err:
        print(f"compare.py: error: {err}", file=sys.stderr)
        return 2
    variants = [v for v in VARIANTS if v.experiment in args.experiments]
    seeds = list(range(1, args.seeds + 1))
    out = args.out or DEFAULT_OUT
    meta: dict[str, Any] = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "python compare.py " + " ".join(argv or sys.argv[1:]),
        "seeds": seeds,
        "backends": backends,
        "epochs_scale": args.epochs_scale,
        "versions": {},
        "variants": {f"{v.experiment} {v.name}": v.description for v in variants},
    }
    runs: list[dict[str, Any]] = []
    complete = True
    for backend in backends:
        earlier = list(runs)

        def save(new: list[dict[str, Any]], earlier: list = earlier) -> None:
            write_json(out / "results.json", {**meta, "runs": earlier + new})

        mine, found, complete = run_all(
            variants, seeds, args.epochs_scale, args.jobs, backend, save
        )
        runs = earlier + mine
        if found:
            meta["versions"][backend] = found
        if not complete:
            print("compare.py: interrupted; finished runs kept", file=sys.stderr)
            break
    sort_runs(runs)
    write_json(out / "results.json", {**meta, "complete": complete, "runs": runs})
    if runs:
        print(format_table(summary_rows(runs), args.markdown, args.epochs_scale))
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
    sys.exit(common.guarded("compare.py", main))
