"""Running the study's runs on a Dask cluster (``python -m study --scheduler``).

Each (variant, seed, backend) run is one task, sent to the cluster's workers
through ``distributed.Client``. A task runs ``python -m study.cluster``
(``task_main`` below) in a fresh process on its worker, with the run's
backend in ``KERAS_BACKEND``, so one worker serves TensorFlow and JAX runs
alike: Keras picks its backend once per process. The fresh process prints
the run record that ``running.run_one`` makes (the same as the local
pool's), as record.to_json saves it, and the versions it ran with; a
process that dies is recorded as a failed run (record.failed), and a
task whose Dask worker dies is given to another worker by the scheduler
(as often as Dask's ``allowed-failures`` says, 3 by default), then
recorded as failed, named.

The scheduler needs nothing of the project: Dask's scheduler unpickles
each task it is sent, so a task is ``pickle.loads`` of bytes (``_Call``)
that only a worker unpickles, which makes the call there. Every worker
must import this module: start it with the project on its PYTHONPATH
(study/README.md says how). Dask is imported only when ``--scheduler`` is
given: the local pool needs none.
"""

from __future__ import annotations

import json
import os
import pickle
import platform
import subprocess
import sys
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from study.record import Run, failed, from_json, to_json
from study.registry import VARIANT_BY_KEY
from study.variants import Variant

ROOT = Path(__file__).resolve().parent.parent
# Seconds to wait for the scheduler, and for its first worker.
CONNECT_TIMEOUT = 10


class ClusterError(Exception):
    """The scheduler cannot be reached, or its workers cannot run the study."""


def run_task(
    experiment: str, name: str, seed: int, epochs: int, plain: bool, backend: str
) -> dict:
    """On a worker: one run in a fresh process; its record, versions and host.

    Never raises for a run that fails: the record says ``failed``, with the
    process's last lines of error output when the process itself died.
    """
    task = {"variant": [experiment, name], "seed": seed, "epochs": epochs}
    task["plain"] = plain
    env = {**os.environ, "KERAS_BACKEND": backend, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "study.cluster", json.dumps(task)],
        capture_output=True, text=True, cwd=ROOT, env=env,
    )  # fmt: skip
    lines = done.stdout.strip().splitlines()
    if done.returncode == 0 and lines:
        answer = json.loads(lines[-1])
    else:
        tail = " | ".join(done.stderr.strip().splitlines()[-3:])
        error = f"the run's process ended with status {done.returncode}: {tail}"
        task_of = (experiment, name, seed, epochs, plain, backend)
        answer = {"run": to_json(failed(*task_of, error)), "versions": {}}
    answer["host"] = platform.node()
    return answer


def task_main(argv: Sequence[str]) -> int:
    """In the fresh process: run the task given as JSON, print the answer."""
    from study import running  # its backend is already chosen, by the caller

    task = json.loads(argv[0])
    variant = VARIANT_BY_KEY[tuple(task["variant"])]
    run = running.run_one(variant, task["seed"], task["epochs"], task["plain"])
    print(json.dumps({"run": to_json(run), "versions": running.versions()}))
    return 0


class _Call:
    """A call that pickles as itself: unpickling the bytes makes the call.

    ``pickle.loads(pickle.dumps(_Call(f, *args)))`` is ``f(*args)``. A task
    ``pickle.loads(bytes)`` names no function of the project, so a
    scheduler started without it can unpickle the task; the worker that
    runs it imports ``f``'s module and calls it.
    """

    def __init__(self, function: Callable[..., Any], *args: Any) -> None:
        self.function, self.args = function, args

    def __reduce__(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        return self.function, self.args


def connect(address: str) -> Any:
    """A ``distributed.Client`` of the scheduler at ``address``, checked.

    Raises ClusterError, with one line to print, when no scheduler answers,
    no worker joins, or the workers cannot import the study.
    """
    try:
        import distributed
    except ImportError:
        raise ClusterError(
            "--scheduler needs Dask's distributed: pip install -r requirements.txt"
        ) from None
    try:
        client = distributed.Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as err:
        raise ClusterError(f"no Dask scheduler answers at {address}: {err}") from None
    try:
        client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
        # On every worker now, beside any task it is running: can it import
        # the study? (The scheduler only passes the function on.)
        client.run(_importable)
    except Exception as err:
        client.close()
        raise ClusterError(
            f"the cluster at {address} cannot run the study ({type(err).__name__}:"
            f" {err}); start its workers with the project on their PYTHONPATH "
            "(see study/README.md)"
        ) from None
    return client


def _importable() -> str:
    """On a worker: where the study is (the task fails if it cannot import)."""
    return str(ROOT)


def _tasks(
    variants: Sequence[Variant], seeds: Sequence[int], backends: Sequence[str],
    epochs_of: Callable[[Variant], int], plain: bool,
) -> list[tuple[str, str, int, int, bool, str]]:  # fmt: skip
    """Every run to make, in the local pool's order within each backend."""
    return [
        (v.experiment, v.name, seed, epochs_of(v), plain, backend)
        for backend in backends
        for seed in seeds
        for v in variants
    ]


def _submit(client: Any, task: tuple[str, str, int, int, bool, str]) -> Any:
    """One run as a task the scheduler can unpickle without the project."""
    payload = pickle.dumps(_Call(run_task, *task))
    key = f"study-run-{uuid.uuid4().hex}"  # runs of one setting are not cached
    return client.submit(pickle.loads, payload, key=key)


def run_all(
    client: Any,
    variants: Sequence[Variant],
    seeds: Sequence[int],
    backends: Sequence[str],
    epochs_of: Callable[[Variant], int],
    save: Callable[[Run], None],
    plain: bool = False,
    progress: Callable[[int, int], None] = lambda done, failed: None,
) -> tuple[list[Run], dict[str, dict[str, str]], list[str], bool]:
    """Run every (variant, seed, backend) on the cluster, saving each as it ends.

    Returns the runs, the versions per backend, the hosts the runs ran on,
    and whether every run came back (False after Ctrl-C, which cancels the
    rest and keeps the finished ones). A run the scheduler gave up on (its
    workers kept dying) is saved as failed, naming why.
    """
    import distributed

    tasks = _tasks(variants, seeds, backends, epochs_of, plain)
    futures = {_submit(client, task): task for task in tasks}
    runs: list[Run] = []
    versions: dict[str, dict[str, str]] = {}
    hosts: set[str] = set()
    try:
        for future in distributed.as_completed(futures):
            try:
                answer = future.result()
            except Exception as err:  # the worker died, every time it was tried
                said = " ".join(str(err).split())  # one line, as every error
                error = f"lost by the cluster: {type(err).__name__}: {said}"
                lost = failed(*futures[future], error)
                answer = {"run": to_json(lost), "versions": {}}
            run = from_json(answer["run"])
            if answer["versions"]:
                versions.setdefault(run.backend, answer["versions"])
            if "host" in answer:  # a lost run has none
                hosts.add(answer["host"])
            runs.append(run)
            save(run)
            progress(len(runs), sum(not r.ok for r in runs))
    except KeyboardInterrupt:
        client.cancel(list(futures))
        return runs, versions, sorted(hosts), False
    return runs, versions, sorted(hosts), True


if __name__ == "__main__":
    sys.exit(task_main(sys.argv[1:]))
