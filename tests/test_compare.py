"""compare.py, the command line: running, --report, interrupts, bad flags."""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import common
import compare
import compare_runs
import pytest
from conftest import ROOT, ctrl_c_as_from_a_terminal
from run_records import FIXED


@pytest.fixture
def no_runs(monkeypatch):
    """Fail the test if compare.py starts running anything."""

    def refuse(*args, **kwargs):
        raise AssertionError("a run started")

    monkeypatch.setattr(compare_runs, "run_all", refuse)


def test_default_output_is_not_the_committed_folder():
    assert compare.make_parser().parse_args([]).out is None  # so DEFAULT_OUT
    assert compare.DEFAULT_OUT.parts[0] == "out" and "results" not in str(
        compare.DEFAULT_OUT
    )


def test_help_shows_no_empty_defaults(capsys):
    with pytest.raises(SystemExit) as exit_info:
        compare.main(["--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    assert "(default: None)" not in text and "(default: False)" not in text
    assert "(default: 10)" in text and "(default: out/compare;" in text


@pytest.mark.parametrize(
    "argv",
    [
        ["--seeds", "0"],
        ["--jobs", "x"],
        ["--experiments", "07"],
        ["--epochs-scale", "-1"],
        ["--epochs-scale", "inf"],
        ["--backend", "torch"],
        ["--nope"],
    ],
)
def test_bad_flags(argv, capsys, no_runs):
    with pytest.raises(SystemExit) as exit_info:
        compare.main(argv)
    assert exit_info.value.code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


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
    with pytest.raises(SystemExit) as exit_info:
        compare.main(["--seeds", "1", "--experiments", "01", "--out", str(out)])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("compare.py: error: argument --out")
    assert str(out) in err[0]


def test_unwritable_default_out_is_refused_before_any_run(
    tmp_path, monkeypatch, capsys, no_runs
):
    monkeypatch.setattr(compare, "DEFAULT_OUT", _unwritable(tmp_path, "file as parent"))
    assert compare.main(["--seeds", "1", "--experiments", "01"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("compare.py: error: ")
    assert str(compare.DEFAULT_OUT) in err[0]


def test_unwritable_out_from_a_subprocess_is_one_line(tmp_path):
    """As a user sees it: one line, status 2, at once (no Keras, no run)."""
    out = _unwritable(tmp_path, "existing file")
    process = subprocess.run(
        [sys.executable, str(ROOT / "compare.py"), "--seeds", "1", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert process.returncode == 2
    assert process.stdout == ""
    assert process.stderr.count("\n") == 1 and "is a file" in process.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results.json"]


def test_report_without_out_creates_no_default_folder(tmp_path, monkeypatch):
    source = tmp_path / "saved" / "results.json"
    source.parent.mkdir()
    source.write_text(json.dumps({"runs": FIXED}))
    monkeypatch.chdir(tmp_path)
    assert compare.main(["--report", str(source)]) == 0
    assert not (tmp_path / "out").exists()
    assert sorted(p.name for p in source.parent.iterdir()) == [
        "accuracy.png",
        "results.json",
    ]


def test_report_of_a_missing_file_is_one_line(tmp_path, capsys):
    missing = tmp_path / "nowhere" / "results.json"
    assert compare.main(["--report", str(missing)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("compare.py: error: cannot read")
    assert not (tmp_path / "nowhere").exists()


def test_runner_tiny_configuration(tmp_path, capsys):
    out = tmp_path / "out"
    code = compare.main(
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
    data = json.loads((out / "results.json").read_text())
    assert data["complete"] is True
    backend = common.chosen_backend()
    assert {"keras", backend, "numpy", "python"} <= set(data["versions"][backend])
    assert {r["backend"] for r in data["runs"]} == {backend}
    runs = {(r["experiment"], r["seed"]): r for r in data["runs"]}
    assert set(runs) == {("01", 1), ("01", 2), ("05", 1), ("05", 2)}
    assert all(r["status"] == "ok" for r in runs.values())
    assert all(r["seconds"] > 0 for r in runs.values())
    assert runs[("01", 1)]["epochs"] == 5 and runs[("05", 1)]["epochs"] == 3
    assert len(runs[("05", 2)]["predictions"]["recital"]) == 25
    assert (out / "accuracy.png").exists()
    table = capsys.readouterr().out
    assert "recites A..Z" in table and "below 100%" in table


def test_interrupt_keeps_finished_runs(tmp_path, monkeypatch):
    real = compare_runs.futures.as_completed

    def interrupted_after_one(pending):
        for i, future in enumerate(real(pending)):
            if i == 1:
                raise KeyboardInterrupt
            yield future

    monkeypatch.setattr(compare_runs.futures, "as_completed", interrupted_after_one)
    out = tmp_path / "out"
    code = compare.main(
        [
            "--seeds",
            "3",
            "--experiments",
            "01",
            "--jobs",
            "1",
            "--epochs-scale",
            "0.004",
            "--out",
            str(out),
        ]
    )
    assert code == 130
    data = json.loads((out / "results.json").read_text())
    assert data["complete"] is False and len(data["runs"]) == 1
    assert data["runs"][0]["status"] == "ok"


def test_both_backends_in_their_own_workers(tmp_path, capsys):
    out = tmp_path / "out"
    code = compare.main(
        ["--seeds", "1", "--experiments", "01", "--jobs", "1"]
        + ["--backend", "tensorflow", "jax", "--epochs-scale", "0.004"]
        + ["--out", str(out)]
    )
    assert code == 0
    data = json.loads((out / "results.json").read_text())
    assert sorted(r["backend"] for r in data["runs"]) == ["jax", "tensorflow"]
    assert set(data["versions"]) == {"jax", "tensorflow"}
    assert data["versions"]["jax"]["backend"] == "jax"
    table = capsys.readouterr().out
    assert " jax " in table and " tensorflow " in table


def test_report_merges_files(tmp_path, capsys):
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.write_text(json.dumps({"runs": FIXED[:2]}))
    second.write_text(json.dumps({"runs": [dict(r, backend="jax") for r in FIXED[:2]]}))
    out = tmp_path / "merged"
    assert compare.main(["--report", str(first), str(second), "--out", str(out)]) == 0
    merged = json.loads((out / "results.json").read_text())
    assert len(merged["runs"]) == 4 and (out / "accuracy.png").exists()
    assert [Path(s["file"]).name for s in merged["sources"]] == ["a.json", "b.json"]
    backends = sorted(r["backend"] for r in merged["runs"])
    assert backends == ["jax", "jax", "tensorflow", "tensorflow"]
    assert "below 100% 2/2" in capsys.readouterr().out


def test_ctrl_c_stops_workers_one_line_exit_130(tmp_path):
    """A terminal's Ctrl-C reaches the whole process group, workers too."""
    out = tmp_path / "out"
    with ctrl_c_as_from_a_terminal():
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "compare.py"), "--seeds", "6"]
            + ["--experiments", "01", "--jobs", "1", "--epochs-scale", "0.02"]
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
    assert rest == ["compare.py: interrupted; finished runs kept"]
    data = json.loads((out / "results.json").read_text())
    assert data["complete"] is False and 1 <= len(data["runs"]) < 6
