"""compare.py: the runner, the report, failures, interrupts and bad flags."""

import json

import compare
import pytest


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
    assert claims[("01", "article")] == ["below 100% 2/2"]
    assert claims[("02", "article")] == ["below 100% 2/2", "above 01 1/2"]
    assert claims[("05", "article")] == [
        "100% 1/2",
        "recites A..Z 1/2",
        "cold K not L 1/2",
        "warm K -> L 1/2",
    ]
    assert ("06", "article") not in claims  # its only run failed


def test_summary_rows_and_table():
    rows = {(r["experiment"], r["variant"]): r for r in compare.summary_rows(FIXED)}
    one = rows[("01", "article")]
    assert one["mean"] == pytest.approx(82.0) and one["std"] == pytest.approx(2.0)
    assert (one["min"], one["max"], one["runs"]) == (80.0, 84.0, 2)
    assert one["median_seconds"] == pytest.approx(2.5)
    assert rows[("06", "article")]["failed"] == 1
    assert rows[("06", "article")]["mean"] is None
    text = compare.format_table(compare.summary_rows(FIXED))
    assert "82.00% +- 2.00 (n=2)" in text and "1 failed" in text
    markdown = compare.format_table(compare.summary_rows(FIXED), markdown=True)
    assert markdown.splitlines()[0].startswith("| exp | variant | article")


def test_plot_writes_png(tmp_path):
    compare.plot(FIXED, tmp_path / "accuracy.png")
    assert (tmp_path / "accuracy.png").read_bytes()[:4] == b"\x89PNG"


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
    assert {"keras", "tensorflow", "numpy", "python"} <= set(data["versions"])
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
