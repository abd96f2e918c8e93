"""Running the variants over seeds, each backend in its own worker processes.

The study runs every (variant, seed) here and gets back one run record
each (a record.Run, which claims.py judges). The workers import Keras;
this process does not: a worker chooses its backend before Keras loads,
so one study command can run TensorFlow and JAX side by side.
"""

from __future__ import annotations

import argparse
import concurrent.futures as futures
import contextlib
import importlib
import io
import multiprocessing
import os
import platform
import signal
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import common
from study.record import Run, failed
from study.scripts import default_epochs, load_script
from study.variants import Variant


# The longest training a --epochs-scale may ask for: a thousand times the
# article's is already days a run for the longest variants (RESULTS.md's
# "median s"), and far more overflows the count of epochs.
MAX_EPOCHS_SCALE = 1000.0


def epochs_of(variant: Variant, epochs_scale: float) -> int:
    """A variant's epochs (its own, else the article's), scaled, at least 1."""
    epochs = variant.epochs or default_epochs(variant.experiment)
    return max(1, round(epochs * epochs_scale))


def epochs_scale(text: str) -> float:
    """An argparse type for --epochs-scale: above 0, at most MAX_EPOCHS_SCALE."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 < value <= MAX_EPOCHS_SCALE:  # nan fails both
        raise argparse.ArgumentTypeError(
            f"must be above 0 and at most {MAX_EPOCHS_SCALE:g}, got {text}"
        )
    return value


def scale_problem(variants: Sequence[Variant], scale: float) -> str | None:
    """Why --epochs-scale ``scale`` makes no honest run of ``variants``, or None.

    A variant scaled under half an epoch would train one epoch (epochs_of's
    floor), not what the scale says; a scale other than 1 that changes no
    variant's epochs would label runs at the article's epochs as scaled.
    """
    if scale == 1 or not variants:
        return None
    base = {v.label: v.epochs or default_epochs(v.experiment) for v in variants}
    label, fewest = min(base.items(), key=lambda kv: kv[1])
    if round(fewest * scale) < 1:
        return (
            f"--epochs-scale {scale:g} leaves {label} no epoch ({fewest} x "
            f"{scale:g} rounds to 0); {1 / fewest:.2g} gives it one"
        )
    if all(round(epochs * scale) == epochs for epochs in base.values()):
        return (
            f"--epochs-scale {scale:g} changes no run's epochs ({fewest} x "
            f"{scale:g} is still {fewest}): these would be the article's "
            "epochs, labelled as scaled; leave the flag out"
        )
    return None


def commit() -> str:
    """The git commit the code runs at, ``+dirty`` if it has changes.

    "unknown" outside a git checkout: a saved run keeps what made it.
    """
    here = Path(__file__).resolve().parent
    try:
        head = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=here, capture_output=True,
            text=True, check=True,
        ).stdout.strip()  # fmt: skip
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=here,
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+dirty" if dirty else "")


def record_of(variant: Variant, result: common.Result, seconds: float) -> Run:
    """The run record of a finished run: what the study stores, and judges.

    ``seconds`` is the wall time of the script's ``run()``, timed by the
    caller (the result itself times only the training).
    """
    return Run(
        experiment=variant.experiment,
        variant=variant.name,
        seed=result.seed,
        status="ok",
        seconds=seconds,
        backend=result.backend,
        epochs=result.epochs,
        plain=result.plain,
        accuracy=float(result.accuracy),
        predictions={s: tuple(ps) for s, ps in result.predictions.items()},
        # 05's nearest recital step for each cold start (Result.extra)
        cold_nearest=result.extra.get("cold_nearest"),
    )


def training_order(variant: Variant) -> contextlib.AbstractContextManager:
    """Where the variant asks for it, Keras's fixed order on TensorFlow."""
    if not variant.keras_order:
        return contextlib.nullcontext()
    import fast_training

    return fast_training.keras_tensorflow_order()


def run_one(variant: Variant, seed: int, epochs: int, plain: bool = False) -> Run:
    """Run one variant for one seed in this process; never raises.

    The script's printed output is discarded: its ``run()`` returns all
    that is needed. A failure is recorded with its error.
    """
    started = time.perf_counter()
    try:
        common.import_keras()  # quietly, before the script imports it
        script = load_script(variant.experiment)
        kwargs = dict(variant.kwargs)
        with contextlib.redirect_stdout(io.StringIO()), training_order(variant):
            called = time.perf_counter()
            result = script.run(
                seed=seed, epochs=epochs, verbose=0, plain=plain, **kwargs
            )
            seconds = time.perf_counter() - called
        return record_of(variant, result, seconds)
    except Exception as err:  # recorded, so that the other runs go on
        return failed(
            variant.experiment, variant.name, seed, epochs, plain,
            common.chosen_backend(), f"{type(err).__name__}: {err}",
            traceback=traceback.format_exc(),
            seconds=time.perf_counter() - started,
        )  # fmt: skip


# The cpuinfo flags that decide which instructions XLA and OpenBLAS may
# choose, so how they round: 128-bit SSE, 256-bit AVX, fused multiply-add,
# AVX2, the 512-bit AVX-512 sets, its bfloat16 and int8 dot products, AMX.
CPU_EXTENSIONS = (
    "sse4_2", "avx", "fma", "avx2", "avx512f", "avx512bw", "avx512vl",
    "avx512_vnni", "avx512_bf16", "amx_tile",
)  # fmt: skip
# The fields of /proc/cpuinfo a run records (cpuinfo's name: the record's).
CPUINFO_FIELDS = {
    "model name": "name", "vendor_id": "vendor", "cpu family": "family",
    "model": "model",
}  # fmt: skip


def cpu_of(cpuinfo: str) -> dict[str, Any]:
    """The first processor of a /proc/cpuinfo text: its name, vendor, family,
    model (as cpuinfo writes them) and which of CPU_EXTENSIONS it has.

    Fields cpuinfo lacks (not on x86-64) are left out.
    """
    found: dict[str, Any] = {}
    flags: set[str] = set()
    for line in cpuinfo.splitlines():
        if not line.strip() and found:
            break  # the first processor's block ends
        key, _, value = (part.strip() for part in line.partition(":"))
        if key in CPUINFO_FIELDS:
            found.setdefault(CPUINFO_FIELDS[key], value)
        elif key == "flags":
            flags = set(value.split())
    ordered = {k: found[k] for k in CPUINFO_FIELDS.values() if k in found}
    if flags:
        ordered["extensions"] = [f for f in CPU_EXTENSIONS if f in flags]
    return ordered


def cpu() -> dict[str, Any]:
    """The processor in detail (``cpu_of``): another CPU may round elsewhere.

    Where there is no /proc/cpuinfo (not Linux), its name as Python finds it.
    """
    try:
        found = cpu_of(Path("/proc/cpuinfo").read_text())
    except OSError:
        found = {}
    found.setdefault("name", platform.processor() or platform.machine())
    return found


def versions() -> dict[str, Any]:
    """What the results depend on (in a worker: its backend's): the versions,
    the CPU (``cpu``) and the arithmetic in force (common.pin_arithmetic).
    """
    keras = common.import_keras()  # pins the arithmetic first
    import numpy

    found: dict[str, Any] = {
        "cpu": cpu(),
        "arithmetic": common.arithmetic_in_force(),
        "python": platform.python_version(),
        "keras": keras.__version__,
        "backend": keras.backend.backend(),
        "numpy": numpy.__version__,
    }
    backend = importlib.import_module(found["backend"])
    found[found["backend"]] = backend.__version__
    return found


def cpu_text(recorded: str | Mapping[str, Any] | None) -> str:
    """A recorded CPU in words, ``AMD EPYC, family 25 model 17``; "" for none.

    Files made before runs recorded it in detail hold its name alone.
    """
    if not recorded or isinstance(recorded, str):
        return recorded or ""
    detail = " ".join(
        f"{k} {recorded[k]}" for k in ("family", "model") if k in recorded
    )
    return ", ".join(part for part in (recorded.get("name", ""), detail) if part)


def arithmetic_text(recorded: Mapping[str, str] | None) -> str:
    """The arithmetic a run recorded, ``XLA AVX, OpenBLAS Sandybridge``
    ("native": the CPU's own); "" where it recorded none."""
    if not recorded:
        return ""
    return (
        f"XLA {recorded.get('xla_cpu_max_isa', '?')}, "
        f"OpenBLAS {recorded.get('openblas_coretype', '?')}"
    )


def machine_text(recorded: Mapping[str, Any]) -> str:
    """Where a versions record says its runs ran: its CPU (``cpu_text``) and
    arithmetic (``arithmetic_text``), as far as it says."""
    cpu_said = cpu_text(recorded.get("cpu"))
    arithmetic = arithmetic_text(recorded.get("arithmetic"))
    return f"{cpu_said} ({arithmetic})" if cpu_said and arithmetic else cpu_said


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
    os.environ["KERAS_BACKEND"] = backend
    signal.signal(signal.SIGINT, signal.SIG_IGN)


# One run to make: its variant, seed, epochs and whether plain.
Task = tuple[Variant, int, int, bool]


def run_all(
    variants: Sequence[Variant],
    seeds: Sequence[int],
    epochs_scale: float,
    jobs: int,
    backend: str,
    save: Callable[[Run], None],
    plain: bool = False,
) -> tuple[list[Run], dict[str, Any], bool]:
    """Run every (variant, seed) on one backend, saving each run as it ends.

    ``run_tasks`` of every variant at every seed, its epochs scaled.
    """
    tasks = [
        (v, seed, epochs_of(v, epochs_scale), plain) for seed in seeds for v in variants
    ]
    return run_tasks(tasks, jobs, backend, save)


def run_tasks(
    tasks: Sequence[Task], jobs: int, backend: str, save: Callable[[Run], None]
) -> tuple[list[Run], dict[str, Any], bool]:
    """Make each run of ``tasks`` on one backend in ``jobs`` worker processes,
    saving each run as it ends.

    Returns the finished runs, the workers' versions and whether every run
    finished (False after an interrupt). On Ctrl-C the workers are stopped
    and the finished runs kept; runs lost with a worker that died are
    saved as failed (``run_of``).
    """
    runs: list[Run] = []
    found: dict[str, Any] = {}
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
        pending = {pool.submit(run_one, *task): task for task in tasks}
        progress.update(0, 0)
        for future in futures.as_completed(pending):
            runs.append(run_of(future, *pending[future], backend))
            save(runs[-1])
            progress.update(len(runs), sum(not r.ok for r in runs))
        complete = True
    except KeyboardInterrupt:
        stop_workers(pool)
    finally:
        pool.shutdown(wait=complete, cancel_futures=True)
    return runs, found, complete


def run_of(
    future: futures.Future, variant: Variant, seed: int, epochs: int, plain: bool,
    backend: str,
) -> Run:  # fmt: skip
    """A finished task's run; where its worker process died, a failed run.

    A worker that dies (killed, out of memory) breaks the whole pool: this
    run and every one still pending are lost, each saved as failed.
    """
    try:
        return future.result()
    except BrokenProcessPool as err:
        return failed(
            variant.experiment, variant.name, seed, epochs, plain, backend,
            f"lost: a worker process of the pool died ({err})",
        )  # fmt: skip


def stop_workers(pool: futures.ProcessPoolExecutor) -> None:
    """Stop a pool's workers mid-run, and wait until the pool has noticed.

    The pool's own thread then finds its pipes broken: that must raise
    there, not end this process (the scripts' guard gives SIGPIPE its
    default action, for ``| head``), and it must have cleaned up before
    this process goes on, or exits.
    """
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    processes = list(getattr(pool, "_processes", {}).values())
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(timeout=30)
    manager = getattr(pool, "_executor_manager_thread", None)
    if manager is not None:
        manager.join(timeout=30)
