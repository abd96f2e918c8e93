"""study/cluster.py against a real Dask cluster on this machine's loopback.

The tests start their own ``dask scheduler`` and two ``dask worker``
processes on 127.0.0.1 (as study/README.md says to start a cluster: the
scheduler bare, in an empty folder without PYTHONPATH, the workers with the
project), run short runs through them on both backends, and stop them. The
cluster runs TensorFlow and JAX alike, so its tests run once, in the
TensorFlow suite.
"""

from __future__ import annotations

import json
import os
import pickle
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import common
import psutil
import pytest
from conftest import ROOT
from study import cluster as study_cluster

pytestmark = pytest.mark.skipif(
    common.chosen_backend() != "tensorflow",
    reason="the cluster runs both backends itself: once, in the TensorFlow suite",
)
STUDY = [sys.executable, "-m", "study"]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
# The scheduler's: nothing of the project (it needs none).
BARE = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
DASK = str(Path(sys.executable).with_name("dask"))
RUNS = ["--seeds", "2", "--variants", "03/article", "05/article"]
RUNS += ["--backend", "tensorflow", "jax", "--epochs-scale", "0.02"]


def free_port() -> int:
    """A TCP port nothing listens on now, on the loopback address."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(
    *args: str, log: Path, env: dict | None = None, cwd: Path = ROOT,
    base: dict = ENV,
) -> subprocess.Popen:  # fmt: skip
    """A Dask command, in its own process group: by default in the project's
    folder with the project on its PYTHONPATH (``base`` and ``cwd`` change
    that)."""
    return subprocess.Popen(
        [DASK, *args], cwd=cwd, env={**base, **(env or {})}, stdout=log.open("w"),
        stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip


def stop(processes: list[subprocess.Popen]) -> None:
    """Kill each process's group (a worker's running task too); reap them."""
    for process in processes:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(timeout=30)


@pytest.fixture
def cluster(
    tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[tuple[str, list[subprocess.Popen]]]:
    """A bare scheduler and two single-thread workers; their address and workers.

    The scheduler runs in an empty folder without PYTHONPATH: it cannot
    import the project, and needs not. Parametrized indirectly, the
    parameter is how often the scheduler gives a task whose worker died to
    another worker (Dask's allowed-failures).
    """
    address = f"tcp://127.0.0.1:{free_port()}"
    host, port = address.removeprefix("tcp://").split(":")
    allowed = getattr(request, "param", None)
    elsewhere = tmp_path / "scheduler"
    elsewhere.mkdir()
    scheduler = start(
        "scheduler", "--host", host, "--port", port, "--no-dashboard",
        log=tmp_path / "scheduler.log", cwd=elsewhere, base=BARE,
        env={} if allowed is None else {
            "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": str(allowed)
        },
    )  # fmt: skip
    workers = [
        start(
            "worker",
            address,
            "--nworkers",
            "1",
            "--nthreads",
            "1",
            "--no-dashboard",
            "--no-nanny",
            "--host",
            host,
            log=tmp_path / f"worker{i}.log",
        )  # fmt: skip
        for i in (1, 2)
    ]
    try:
        wait_for_workers(address, 2)
        assert cannot_import_the_study(scheduler)  # bare, as the README says
        yield address, workers
    finally:
        stop([*workers, scheduler])


def wait_for_workers(address: str, count: int, timeout: float = 60) -> None:
    """Until ``count`` workers have joined the scheduler at ``address``."""
    from distributed import Client

    with Client(address, timeout=timeout) as client:
        client.wait_for_workers(count, timeout=timeout)


def study(*args: str, timeout: float = 500) -> subprocess.CompletedProcess:
    """``python -m study ARGS`` as a user runs it."""
    return subprocess.run(
        [*STUDY, *args], cwd=ROOT, env=ENV, capture_output=True, text=True,
        timeout=timeout,
    )  # fmt: skip


def saved(path: Path) -> tuple[dict, list[dict]]:
    """A runs file's source line, and its runs without their time, sorted."""
    source, *runs = [json.loads(line) for line in path.read_text().splitlines()]
    for run in runs:
        run.pop("seconds")
    key = ("experiment", "variant", "backend", "seed")
    return source["source"], sorted(runs, key=lambda r: [r[k] for k in key])


def cannot_import_the_study(process: subprocess.Popen) -> bool:
    """Whether ``process``'s Python, in its folder and environment, cannot
    import the project's study package."""
    found = psutil.Process(process.pid)
    done = subprocess.run(
        [sys.executable, "-c", "import study"], cwd=found.cwd(), env=found.environ(),
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    return done.returncode != 0 and "No module named 'study'" in done.stderr


@pytest.mark.slow
def test_cluster_saves_what_the_local_pool_saves(cluster, tmp_path):
    address, _ = cluster
    done = study("--scheduler", address, *RUNS, "--out", str(tmp_path), "--name", "c")
    assert done.returncode == 0, done.stderr
    local = study(*RUNS, "--jobs", "2", "--out", str(tmp_path), "--name", "local")
    assert local.returncode == 0, local.stderr
    source, runs = saved(tmp_path / "c.jsonl")
    local_source, local_runs = saved(tmp_path / "local.jsonl")
    assert len(runs) == 8 and all(r["status"] == "ok" for r in runs)
    assert runs == local_runs  # every prediction, accuracy and setting
    assert source["ran_on"] == {"scheduler": address, "hosts": [socket.gethostname()]}
    assert source["versions"] == local_source["versions"] and source["complete"]
    assert "ran_on" not in local_source


@pytest.mark.slow
@pytest.mark.parametrize("cluster", [None, 0], indirect=True, ids=["retried", "lost"])
def test_a_run_whose_worker_is_killed_still_ends_saved(cluster, tmp_path, request):
    """Given to the other worker; or, where the scheduler may not, saved as
    failed, named at the end, and the study's exit status is 1."""
    address, workers = cluster
    runs = ["--variants", "05/article", "--seeds", "3", "--epochs-scale", "0.1"]
    args = [*STUDY, "--scheduler", address, *runs, "--out", str(tmp_path)]
    study_run = subprocess.Popen(
        args, cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    victim = wait_for_a_running_task(workers)
    os.killpg(victim.pid, signal.SIGKILL)  # the worker and its run, mid-run
    out, err = study_run.communicate(timeout=400)
    source, saved_runs = saved(tmp_path / "runs.jsonl")
    assert [r["seed"] for r in saved_runs] == [1, 2, 3] and source["complete"]
    failed = [r for r in saved_runs if r["status"] != "ok"]
    if request.node.callspec.params["cluster"] is None:  # Dask's default
        assert study_run.returncode == 0, err
        assert not failed and "failed:" not in err  # given to the other worker
        assert "runs failed" not in err
    else:  # allowed-failures 0: lost, said in its record and at the end
        assert study_run.returncode == 1, err
        # The killed worker's running task, and any the scheduler had
        # already given it to run next (Dask assigns ahead): one or two.
        assert failed and len(failed) < 3, saved_runs
        for run in failed:
            assert run["error"].startswith("lost by the cluster: KilledWorker")
            assert f"failed: 05 article tensorflow seed {run['seed']}: " in err
        assert err.splitlines()[-1].startswith(
            f"python -m study: {len(failed)} of 3 runs failed (named above); "
        )


def wait_for_a_running_task(
    workers: list[subprocess.Popen], timeout: float = 120
) -> subprocess.Popen:
    """The first worker seen running a task (a run's own process under it)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for worker in workers:
            if psutil.Process(worker.pid).children():
                time.sleep(2)  # well inside the run
                return worker
        time.sleep(0.2)
    raise AssertionError("no worker started a run")


def unpickles_bare(data: bytes, folder: Path) -> bool:
    """Whether a Python without the project (in ``folder``, no PYTHONPATH)
    can unpickle ``data``, as a bare scheduler unpickles a task."""
    load = "import pickle, sys; pickle.loads(sys.stdin.buffer.read())"
    done = subprocess.run(
        [sys.executable, "-c", load], input=data, cwd=folder, env=BARE,
        capture_output=True, timeout=60,
    )  # fmt: skip
    return done.returncode == 0


def test_a_task_is_one_a_scheduler_without_the_project_can_unpickle(tmp_path):
    submitted = []

    class Client:
        def submit(self, function, *args, key):
            submitted.append((function, args, key))

    task = ("01", "article", 1, 5, False, "jax")
    study_cluster._submit(Client(), task)
    [(function, args, key)] = submitted
    assert function is pickle.loads and key.startswith("study-run-")
    assert unpickles_bare(pickle.dumps((function, args)), tmp_path)
    assert not unpickles_bare(pickle.dumps((study_cluster.run_task, task)), tmp_path)


def test_a_pickled_call_is_made_where_it_is_unpickled():
    assert pickle.loads(pickle.dumps(study_cluster._Call(divmod, 7, 2))) == (3, 1)


def test_unreachable_scheduler_is_one_line_exit_2_before_any_work(tmp_path):
    address = f"tcp://127.0.0.1:{free_port()}"
    done = study("--scheduler", address, *RUNS, "--out", str(tmp_path), timeout=60)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert f"no Dask scheduler answers at {address}" in done.stderr
    assert not list(tmp_path.iterdir())  # no runs file: nothing started
