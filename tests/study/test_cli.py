"""study/cli.py, the command line: running, --report, interrupts, bad flags."""

from dataclasses import replace

import argparse
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import common
from study import cli
from study import cluster
from study import registry
from study import store
from study import running
from study import variants
import pytest
from conftest import ROOT, ctrl_c_as_from_a_terminal
from run_records import FIXED


@pytest.fixture
def no_runs(monkeypatch, tmp_path):
    """Fail the test if the study starts running anything, or a report.

    In an empty folder: a refusal that failed writes nothing in the checkout.
    """
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cli, "DEFAULT_OUT", tmp_path / "out" / "compare")

    def refuse(*args, **kwargs):
        raise AssertionError("a run started")

    monkeypatch.setattr(running, "run_all", refuse)
    monkeypatch.setattr(cluster, "connect", refuse)
    monkeypatch.setattr(cluster, "run_all", refuse)
    monkeypatch.setattr(cli, "report", refuse)


def test_default_output_is_not_the_committed_folder():
    assert cli.make_parser().parse_args([]).out is None  # so DEFAULT_OUT
    assert cli.DEFAULT_OUT.parts[0] == "out" and "results" not in str(cli.DEFAULT_OUT)


def test_help_shows_no_empty_defaults(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    assert "(default: None)" not in text and "(default: False)" not in text
    assert "(default: 10)" in text and "(default: out/compare)" in text


@pytest.mark.parametrize(
    "argv",
    [
        ["--seeds", "0"],
        ["--seeds", "5-3"],
        ["--seeds", "a-b"],
        ["--variants", "06/nope"],
        ["--variants", "06/article", "--experiments", "06"],
        ["--name", "../up"],
        ["--jobs", "x"],
        ["--experiments", "07"],
        ["--epochs-scale", "-1"],
        ["--epochs-scale", "inf"],
        ["--epochs-scale", "0"],
        ["--epochs-scale", "nan"],
        ["--epochs-scale", "1e308"],
        ["--seeds", str(2**32)],
        ["--seeds", "1-100001"],
        ["--name", "n" * 201],
        ["--out", ""],
        ["--backend", "torch"],
        ["--nope"],
    ],
)
def test_bad_flags(argv, capsys, no_runs):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(argv)
    assert exit_info.value.code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "argv,unfit",
    [
        (["--backend", "jax", "--variants", "01/keras-order"], "not with jax"),
        (["--backend", "tensorflow", "--plain", "--variants", "03/keras-order"],
         "not with --plain"),
    ],
)  # fmt: skip
def test_keras_order_named_where_it_cannot_run_is_one_line(
    argv, unfit, tmp_path, capsys, no_runs
):
    assert cli.main([*argv, "--seeds", "1", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "TensorFlow only" in err[0] and unfit in err[0]


def test_keras_order_left_out_by_experiment_where_it_cannot_run():
    args = cli.make_parser().parse_args(["--experiments", "03"])
    chosen = cli.chosen_variants(args)
    assert "keras-order" in [v.name for v in chosen]
    assert cli.runnable(chosen, ["tensorflow"], args) == (chosen, "")
    kept, left_out = cli.runnable(chosen, ["tensorflow", "jax"], args)
    assert [v.name for v in kept] == ["article"]
    assert left_out.startswith("03/keras-order runs the fast training")


def test_what_was_left_out_is_said_once_nothing_is_refused(
    tmp_path, monkeypatch, capsys
):
    def no_run(variants, seeds, scale, jobs, backend, save, plain=False):
        assert [v.name for v in variants] == ["article"]
        return [], {}, True

    monkeypatch.setattr(running, "run_all", no_run)
    argv = ["--experiments", "03", "--backend", "jax", "--seeds", "1"]
    assert cli.main([*argv, "--out", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert "python -m study: left out: 03/keras-order" in err


# Flags that leave nothing meaningful to run, and a word of what each says.
REFUSED = [
    (["--variants", "06/keras-order", "--backend", "jax"], "TensorFlow only"),
    (["--variants", "01/keras-order", "--plain"], "not with --plain"),
    (["--experiments", "05", "--epochs-scale", "0.001"], "leaves 05 article no"),
    (["--variants", "01/article", "--epochs-scale", "1.0001"], "changes no run's"),
    (["--scheduler", "", "--variants", "01/article"], "needs an address"),
    (["--scheduler", "tcp://127.0.0.1:9", "--jobs", "2"], "no effect with"),
]


@pytest.mark.parametrize("argv,said", REFUSED)
def test_flags_that_leave_nothing_to_run_are_one_line_exit_2(
    argv, said, tmp_path, capsys, no_runs
):
    out = tmp_path / "out"
    assert cli.main([*argv, "--out", str(out)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("python -m study: error: ")
    assert said in err[0]
    assert not out.exists()  # nothing made, not even the folder


def test_a_backend_that_is_not_installed_is_refused(monkeypatch, capsys, no_runs):
    real = cli.importlib.util.find_spec
    monkeypatch.setattr(
        cli.importlib.util, "find_spec", lambda n: None if n == "jax" else real(n)
    )
    assert cli.main(["--backend", "tensorflow", "jax", "--seeds", "1"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "python -m study: error: --backend jax: jax is not installed "
        "(pip install -r requirements.txt)"
    ]


@pytest.mark.parametrize("flag", list(cli.RUN_FLAGS.values()))
def test_report_refuses_the_flags_it_would_ignore(flag, tmp_path, capsys, no_runs):
    values = {"--seeds": ["3"], "--experiments": ["01"], "--variants": ["01/article"],
              "--backend": ["jax"], "--jobs": ["2"], "--scheduler": ["tcp://h:1"],
              "--epochs-scale": ["0.5"], "--plain": [], "--out": [str(tmp_path / "o")],
              "--name": ["x"], "--verify": [str(tmp_path / "runs.jsonl")]}  # fmt: skip
    assert cli.main(["--report", str(tmp_path), flag, *values[flag]]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"python -m study: error: --report runs nothing: it would ignore {flag}; "
        "leave it out, or run without --report"
    ]
    assert not (tmp_path / "o").exists()


def test_a_runs_file_that_cannot_be_written_is_refused(tmp_path, capsys, no_runs):
    (tmp_path / "runs.jsonl").mkdir()
    assert cli.main(["--variants", "01/article", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and "runs.jsonl' cannot be written" in err[0]


def _ran(monkeypatch, runs):
    """Make running.run_all return ``runs`` at once, each saved, complete."""

    def made_up(variants, seeds, scale, jobs, backend, save, plain=False):
        for run in runs:
            save(run)
        return list(runs), {"backend": backend}, True

    monkeypatch.setattr(running, "run_all", made_up)


def test_a_study_with_a_failed_run_saves_all_says_so_exits_1(
    tmp_path, monkeypatch, capsys
):
    runs = [FIXED[0], FIXED[-1]]  # 01 seed 1 finished; 06 seed 1 failed
    _ran(monkeypatch, runs)
    argv = ["--variants", "01/article", "06/article", "--seeds", "1"]
    assert cli.main([*argv, "--out", str(tmp_path)]) == cli.SOME_FAILED == 1
    err = capsys.readouterr().err.splitlines()
    assert err[-2] == "failed: 06 article tensorflow seed 1: ValueError: boom"
    assert err[-1] == (
        f"python -m study: 1 of 2 runs failed (named above); every run is saved "
        f"in {tmp_path / 'runs.jsonl'}"
    )
    data = store.read_results(tmp_path)
    assert len(data.runs) == 2 and data.sources[0]["complete"] is True


def test_a_study_whose_runs_all_finished_exits_0(tmp_path, monkeypatch, capsys):
    _ran(monkeypatch, [FIXED[0]])
    argv = ["--variants", "01/article", "--seeds", "1", "--out", str(tmp_path)]
    assert cli.main(argv) == 0
    assert "failed" not in capsys.readouterr().err


@pytest.mark.slow
def test_a_run_that_fails_in_its_worker_ends_the_study_with_status_1(
    tmp_path, monkeypatch, capsys
):
    broken = variants.Variant("01", "broken", (("no_such_flag", 1),))
    monkeypatch.setitem(registry.VARIANT_BY_KEY, broken.key, broken)
    argv = ["--variants", "01/broken", "01/article", "--seeds", "1", "--jobs", "1"]
    argv += ["--epochs-scale", "0.004", "--out", str(tmp_path)]
    assert cli.main(argv) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[-1].startswith("python -m study: 1 of 2 runs failed (named above)")
    assert "failed: 01 broken " in err[-2] and "no_such_flag" in err[-2]
    data = store.read_results(tmp_path)
    assert sorted(r.status for r in data.runs) == ["failed", "ok"]


@pytest.mark.slow
def test_runs_lost_with_a_dead_worker_are_saved_as_failed(tmp_path, monkeypatch):
    """A worker process killed mid-study: the runs it took with it are saved
    as failed, the study ends with status 1."""
    import psutil

    real = running.futures.as_completed

    def worker_killed_after_one(pending):
        for i, future in enumerate(real(pending)):
            if i == 1:
                for child in psutil.Process().children():
                    if "multiprocessing.spawn" in " ".join(child.cmdline()):
                        child.kill()
            yield future

    monkeypatch.setattr(running.futures, "as_completed", worker_killed_after_one)
    argv = ["--variants", "01/article", "--seeds", "4", "--jobs", "1"]
    assert cli.main([*argv, "--epochs-scale", "0.004", "--out", str(tmp_path)]) == 1
    data = store.read_results(tmp_path)
    assert data.sources[0]["complete"] is True and len(data.runs) == 4
    lost = [r for r in data.runs if not r.ok]
    assert lost and all(r.error.startswith("lost: a worker process") for r in lost)


def test_help_names_the_exit_statuses(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "1 every run ended but some failed" in text and "130 interrupted" in text


def _unwritable(tmp_path, where):
    """A folder that cannot be created or written: ``where`` says which."""
    if where == "existing file":
        path = tmp_path / "results.json"
        path.write_text("{}")
        return path
    if where == "file as parent":
        (tmp_path / "a_file").write_text("")
        return tmp_path / "a_file" / "out"
    if where == "under /proc":
        return Path("/proc/no_such_process/out")
    return Path("/proc/sys")  # a folder that exists; no file can be made in it


UNWRITABLE = ["existing file", "file as parent", "under /proc", "read-only folder"]


@pytest.mark.parametrize("where", UNWRITABLE)
def test_unwritable_out_is_refused_before_any_run(where, tmp_path, capsys, no_runs):
    out = _unwritable(tmp_path, where)
    assert cli.main(["--seeds", "1", "--experiments", "01", "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("python -m study: error: argument --out")
    assert str(out) in err[0]


def test_unwritable_default_out_is_refused_before_any_run(
    tmp_path, monkeypatch, capsys, no_runs
):
    monkeypatch.setattr(cli, "DEFAULT_OUT", _unwritable(tmp_path, "file as parent"))
    assert cli.main(["--seeds", "1", "--experiments", "01"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("python -m study: error: ")
    assert str(cli.DEFAULT_OUT) in err[0]


def test_unwritable_out_from_a_subprocess_is_one_line(tmp_path):
    """As a user sees it: one line, status 2, at once (no Keras, no run)."""
    out = _unwritable(tmp_path, "existing file")
    process = subprocess.run(
        [sys.executable, "-m", "study", "--seeds", "1", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert process.returncode == 2
    assert process.stdout == ""
    assert process.stderr.count("\n") == 1 and "is a file" in process.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results.json"]


def test_seed_ranges():
    assert cli.seed_range("3") == [1, 2, 3]
    assert cli.seed_range("11-13") == [11, 12, 13]
    assert cli.seed_range(f"{2**32 - 2}-{2**32 - 1}") == [2**32 - 2, 2**32 - 1]
    args = cli.with_defaults(cli.make_parser().parse_args([]))
    assert args.seeds == list(range(1, 11))
    assert (args.jobs, args.epochs_scale, args.name) == (os.cpu_count(), 1.0, "runs")


def _saved(folder, runs, name="part"):
    """Save runs as the study does, into folder/name.jsonl."""
    log = store.RunLog(folder / f"{name}.jsonl", {"command": "test"})
    for run in runs:
        log.add(run)


def test_report_of_other_runs_writes_into_their_folder(tmp_path, monkeypatch, capsys):
    saved = tmp_path / "saved"
    _saved(saved, FIXED)
    _saved(saved, [replace(r, backend="jax") for r in FIXED[:2]], name="jax")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["--report", "saved"]) == 0
    assert not (tmp_path / "out").exists()
    assert sorted(p.name for p in saved.iterdir()) == [
        "RESULTS.md",
        "accuracy.png",
        "jax.jsonl",
        "part.jsonl",
    ]
    assert not (tmp_path / "RESULTS.md").exists()
    page = (saved / "RESULTS.md").read_text()
    assert page.startswith("# Results") and "](accuracy.png)" in page
    out = capsys.readouterr().out
    assert "below 100%: holds at every seed (2 of 2)" in out and " jax " in out


def test_report_of_a_folder_without_runs_is_one_line(tmp_path, capsys):
    assert cli.main(["--report", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("python -m study: error: no saved runs")
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.slow
def test_runner_tiny_configuration(tmp_path, capsys):
    out = tmp_path / "out"
    code = cli.main(
        [
            "--seeds",
            "2",
            "--experiments",
            "01",
            "05",
            "--jobs",
            "1",
            "--epochs-scale",
            "0.01",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    lines = (out / "runs.jsonl").read_text().splitlines()
    source = json.loads(lines[0])["source"]
    assert source["complete"] is True and source["seeds"] == "1..2"
    backend = common.chosen_backend()
    ordered = ["01 keras-order"] if backend == "tensorflow" else []  # TF only
    expected = ["01 article", "01 epochs-5000", *ordered, "05 article",
                "05 every-cold-start"]  # fmt: skip
    assert source["commit"] and source["variants"] == expected
    assert {"keras", backend, "numpy", "python"} <= set(source["versions"][backend])
    data = store.read_results(out)
    assert {r.backend for r in data.runs} == {backend}
    runs = {(r.experiment, r.variant, r.seed): r for r in data.runs}
    assert len(lines) == 1 + len(runs) == 1 + 2 * len(expected)
    assert all(r.status == "ok" for r in runs.values())
    assert all(r.seconds > 0 for r in runs.values())
    assert runs[("01", "article", 1)].epochs == 5
    assert runs[("01", "epochs-5000", 1)].epochs == 50  # its own epochs
    assert runs[("05", "article", 1)].epochs == 3
    assert len(runs[("05", "article", 2)].section("recital")) == 25
    every = runs[("05", "every-cold-start", 2)]
    cold = every.section("every_cold_start")
    assert "".join(p.inputs for p in cold) == common.ALPHABET[:-1]
    assert len(every.cold_nearest) == 25 and every.cold_nearest.isalpha()
    assert every.accuracy == runs[("05", "article", 2)].accuracy
    assert (out / "accuracy.png").exists()
    table = capsys.readouterr().out
    assert "recites A..Z" in table and "below 100%" in table


@pytest.mark.slow
def test_interrupt_keeps_finished_runs(tmp_path, monkeypatch):
    real = running.futures.as_completed

    def interrupted_after_one(pending):
        for i, future in enumerate(real(pending)):
            if i == 1:
                raise KeyboardInterrupt
            yield future

    monkeypatch.setattr(running.futures, "as_completed", interrupted_after_one)
    out = tmp_path / "out"
    code = cli.main(
        [
            "--seeds",
            "3",
            "--variants",
            "01/article",
            "--jobs",
            "1",
            "--epochs-scale",
            "0.004",
            "--out",
            str(out),
        ]
    )
    assert code == 130
    data = store.read_results(out)
    assert data.sources[0]["complete"] is False and len(data.runs) == 1
    assert data.runs[0].status == "ok"


@pytest.mark.slow
def test_both_backends_in_their_own_workers(tmp_path, capsys):
    out = tmp_path / "out"
    code = cli.main(
        ["--seeds", "1", "--variants", "01/article", "--jobs", "1"]
        + ["--backend", "tensorflow", "jax", "--epochs-scale", "0.004"]
        + ["--out", str(out)]
    )
    assert code == 0
    data = store.read_results(out)
    assert sorted(r.backend for r in data.runs) == ["jax", "tensorflow"]
    versions = data.sources[0]["versions"]
    assert set(versions) == {"jax", "tensorflow"}
    assert versions["jax"]["backend"] == "jax"
    table = capsys.readouterr().out
    assert " jax " in table and " tensorflow " in table


@pytest.mark.slow
def test_plain_runs_are_recorded_as_plain(tmp_path, capsys):
    out = tmp_path / "out"
    argv = ["--seeds", "1", "--variants", "01/article", "--jobs", "1"]
    assert (
        cli.main(argv + ["--epochs-scale", "0.004", "--plain", "--out", str(out)]) == 0
    )
    data = store.read_results(out)
    assert [r.plain for r in data.runs] == [True]
    assert data.sources[0]["plain"] is True


@pytest.mark.slow
def test_ctrl_c_stops_workers_one_line_exit_130(tmp_path):
    """A terminal's Ctrl-C reaches the whole process group, workers too."""
    out = tmp_path / "out"
    with ctrl_c_as_from_a_terminal():
        process = subprocess.Popen(
            [sys.executable, "-m", "study", "--seeds", "6"]
            + ["--variants", "01/article", "--jobs", "1", "--epochs-scale", "0.02"]
            + ["--out", str(out)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            start_new_session=True,
        )
    for line in process.stderr:  # wait for the first finished run
        if " 1/6 runs" in line:
            break
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    progress = ("tensorflow: ", "jax: ")  # runs that finished meanwhile
    rest = [ln for ln in err.splitlines() if ln and not ln.startswith(progress)]
    assert rest == ["python -m study: interrupted; finished runs kept"]
    data = store.read_results(out)
    assert data.sources[0]["complete"] is False and 1 <= len(data.runs) < 6


def test_writable_folder(tmp_path):
    made = cli.writable_folder(str(tmp_path / "a" / "b"))
    assert made.is_dir()
    (tmp_path / "file").write_text("")
    with pytest.raises(argparse.ArgumentTypeError, match="is a file"):
        cli.writable_folder(str(tmp_path / "file"))
    with pytest.raises(argparse.ArgumentTypeError, match="cannot create"):
        cli.writable_folder(str(tmp_path / "file" / "sub"))


def test_help_answers_without_keras_scipy_or_matplotlib(tmp_path):
    """--help stays fast: none of the heavy packages is imported for it."""
    for name in ("keras", "tensorflow", "jax", "scipy", "matplotlib"):
        package = tmp_path / name
        package.mkdir()
        (package / "__init__.py").write_text("raise SystemExit(99)\n")
    done = subprocess.run(
        [sys.executable, "-m", "study", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr  # not 99: nothing heavy imported
    assert "--report" in done.stdout
