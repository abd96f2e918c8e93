"""compare.py: the runner, the report, failures, interrupts and bad flags."""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import common
import compare
import pytest
from conftest import ROOT


def _run(experiment, variant, seed, accuracy, **sections):
    predictions = {"training": []}
    for name, pairs in sections.items():
        predictions[name] = [
            {"inputs": i, "predicted": p, "expected": e} for i, p, e in pairs
        ]
    return {
        "experiment": experiment,
        "variant": variant,
        "seed": seed,
        "status": "ok",
        "accuracy": accuracy,
        "predictions": predictions,
        "seconds": 1.0 + seed,
    }


FIXED = [
    _run("01", "article", 1, 0.84),
    _run("01", "article", 2, 0.80),
    _run("02", "article", 1, 0.90),
    _run("02", "article", 2, 0.70),
    _run(
        "05",
        "article",
        1,
        1.0,
        recital=[("A", "B", "B")],
        cold_start=[("K", "B", "L")],
        warm_start=[("K", "L", "L")],
    ),
    _run(
        "05",
        "article",
        2,
        0.96,
        recital=[("A", "C", "B")],
        cold_start=[("K", "L", "L")],
        warm_start=[("K", "B", "L")],
    ),
    {
        "experiment": "06",
        "variant": "article",
        "seed": 1,
        "status": "failed",
        "error": "ValueError: boom",
        "seconds": 0.5,
    },
]


def test_claims_counted_per_seed():
    claims = compare.claim_counts(FIXED)
    assert claims[("01", "article", "tensorflow")] == ["below 100% 2/2"]
    assert claims[("02", "article", "tensorflow")] == ["below 100% 2/2", "above 01 1/2"]
    assert claims[("05", "article", "tensorflow")] == [
        "100% 1/2",
        "recites A..Z 1/2",
        "cold K not L 1/2",
        "warm K -> L 1/2",
    ]
    assert ("06", "article", "tensorflow") not in claims  # its only run failed


def test_claims_compare_runs_of_the_same_backend_only():
    jax = [dict(r, backend="jax") for r in FIXED[:2]]  # 01 on JAX
    claims = compare.claim_counts(FIXED[2:4] + jax)  # 02 on TensorFlow
    assert claims[("02", "article", "tensorflow")] == ["below 100% 2/2"]
    assert claims[("01", "article", "jax")] == ["below 100% 2/2"]


def test_summary_rows_and_table():
    rows = {(r["experiment"], r["variant"]): r for r in compare.summary_rows(FIXED)}
    assert {r["backend"] for r in rows.values()} == {"tensorflow"}
    one = rows[("01", "article")]
    assert one["mean"] == pytest.approx(82.0) and one["std"] == pytest.approx(2.0)
    assert (one["min"], one["max"], one["runs"]) == (80.0, 84.0, 2)
    assert one["median_seconds"] == pytest.approx(2.5)
    assert rows[("06", "article")]["failed"] == 1
    assert rows[("06", "article")]["mean"] is None
    text = compare.format_table(compare.summary_rows(FIXED))
    assert "82.00% +- 2.00 (n=2, seeds 1..2)" in text and "1 failed" in text
    assert text.splitlines()[0].endswith("at the article's settings")
    markdown = compare.format_table(compare.summary_rows(FIXED), markdown=True)
    assert markdown.splitlines()[0].startswith("| exp | variant | backend | article")


def test_scaled_epochs_are_said_in_table_and_figure(tmp_path):
    rows = compare.summary_rows(FIXED)
    title = compare.format_table(rows, epochs_scale=0.05).splitlines()[0]
    assert "TRAINING CUT TO 5% OF THE ARTICLE'S EPOCHS" in title
    assert "article's settings" not in title
    figure_title = compare.plot(FIXED, tmp_path / "a.png", epochs_scale=0.05)
    assert "TRAINING CUT TO 5%" in figure_title
    assert "article's settings" in compare.plot(FIXED, tmp_path / "b.png")


def test_plot_writes_png_with_both_backends(tmp_path):
    runs = FIXED + [dict(r, backend="jax") for r in FIXED]
    compare.plot(runs, tmp_path / "accuracy.png")
    assert (tmp_path / "accuracy.png").read_bytes()[:4] == b"\x89PNG"


def test_sign_test_and_details():
    assert compare.sign_test_p(7, 3) == pytest.approx(0.34375)
    assert compare.sign_test_p(10, 0) == pytest.approx(2 / 1024)
    assert compare.sign_test_p(0, 0) == 1.0
    text = compare.details(FIXED)
    assert "01 article tensorflow (2 seeds): inputs missed" in text
    assert "02 above 01, tensorflow: higher at 1, lower at 1, equal at 0" in text


def test_default_output_is_not_the_committed_folder():
    assert compare.make_parser().parse_args([]).out is None  # so DEFAULT_OUT
    assert compare.DEFAULT_OUT.parts[0] == "out" and "results" not in str(
        compare.DEFAULT_OUT
    )


def test_progress_plain_lines_off_a_terminal(capsys):
    progress = compare.Progress(3, "jax")
    progress.update(0, 0)
    progress.update(1, 0)
    progress.update(3, 1)
    err = capsys.readouterr().err
    assert "\r" not in err
    assert err.splitlines()[0].startswith("jax: 1/3 runs, ")
    assert err.splitlines()[1].startswith("jax: 3/3 runs, 1 failed, ")


def test_write_json_is_whole_or_nothing(tmp_path):
    path = tmp_path / "results.json"
    compare.write_json(path, {"runs": [1]})
    with pytest.raises(TypeError):
        compare.write_json(path, {"runs": [object()]})
    assert json.loads(path.read_text()) == {"runs": [1]}
    assert [p.name for p in tmp_path.iterdir()] == ["results.json"]


def test_failing_run_is_recorded():
    broken = compare.Variant("01", "broken", (("no_such_flag", 1),))
    record = compare.run_one(broken, seed=1, epochs=1)
    assert record["status"] == "failed"
    assert record["error"].startswith("TypeError") and "no_such_flag" in record["error"]


@pytest.mark.parametrize(
    "argv",
    [
        ["--seeds", "0"],
        ["--jobs", "x"],
        ["--experiments", "07"],
        ["--epochs-scale", "-1"],
        ["--backend", "torch"],
        ["--nope"],
    ],
)
def test_bad_flags(argv, capsys):
    with pytest.raises(SystemExit) as exit_info:
        compare.main(argv)
    assert exit_info.value.code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


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
            "2",
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
    assert runs[("01", 1)]["epochs"] == 5 and runs[("05", 1)]["epochs"] == 3
    assert len(runs[("05", 2)]["predictions"]["recital"]) == 25
    assert (out / "accuracy.png").exists()
    table = capsys.readouterr().out
    assert "recites A..Z" in table and "below 100%" in table


def test_interrupt_keeps_finished_runs(tmp_path, monkeypatch):
    real = compare.futures.as_completed

    def interrupted_after_one(pending):
        for i, future in enumerate(real(pending)):
            if i == 1:
                raise KeyboardInterrupt
            yield future

    monkeypatch.setattr(compare.futures, "as_completed", interrupted_after_one)
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


def test_ctrl_c_stops_workers_one_line_exit_130(tmp_path):
    """A terminal's Ctrl-C reaches the whole process group, workers too."""
    out = tmp_path / "out"
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
