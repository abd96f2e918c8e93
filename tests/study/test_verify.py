"""study/verify.py, ``python -m study --verify FILE``: saved runs re-made and
compared, identical or moved; the flags and files it refuses."""

import json
from dataclasses import replace

import pytest
from run_records import make_run

import common
from study import cli, running, store, verify

# Three saved JAX runs: 01 at seeds 1 and 2, 02 at seed 1.
SAVED = [
    replace(make_run("01", "article", 1, 0.84, training=[("W", "Y", "X")]),
            backend="jax", epochs=500),
    replace(make_run("01", "article", 2, 0.80), backend="jax", epochs=500),
    replace(make_run("02", "article", 1, 0.90), backend="jax", epochs=500),
]  # fmt: skip
VERSIONS = {
    "cpu": {"name": "Some CPU", "vendor": "GenuineIntel", "family": "6",
            "model": "85", "extensions": ["sse4_2", "avx", "fma", "avx2"]},
    "arithmetic": {"xla_cpu_max_isa": "AVX", "openblas_coretype": "Sandybridge"},
    "python": "3.11.7", "keras": "3.15.1", "backend": "jax",
}  # fmt: skip


def runs_file(folder, runs=SAVED, name="part"):
    """A runs file as the study writes it, holding ``runs``."""
    log = store.RunLog(folder / f"{name}.jsonl", {"seeds": "1..2", "complete": True})
    for run in runs:
        log.add(run)
    return log.path


@pytest.fixture
def remade(monkeypatch):
    """Replace the worker pools: each task comes back as the run this dict
    maps its (experiment, seed) to, else as its saved twin, seconds apart."""
    made: dict = {}

    def run_tasks(tasks, jobs, backend, save):
        runs = []
        for variant, seed, epochs, plain in tasks:
            twin = next(
                r for r in SAVED if (r.experiment, r.seed) == (variant.experiment, seed)
            )
            run = made.get((variant.experiment, seed), replace(twin, seconds=99.0))
            assert (run.backend, epochs, plain) == (backend, twin.epochs, twin.plain)
            save(run)
            runs.append(run)
        return runs, dict(VERSIONS), True

    monkeypatch.setattr(running, "run_tasks", run_tasks)
    return made


def verified(out):
    """The verification record written into ``out``: its source and lines."""
    (path,) = out.glob("*.jsonl")
    first, *rest = path.read_text().splitlines()
    return json.loads(first)["source"], [json.loads(line) for line in rest]


def test_every_run_identical_but_its_time_exits_0(tmp_path, remade, capsys):
    path = runs_file(tmp_path)
    out = tmp_path / "verify"
    assert cli.main(["--verify", str(path), "--out", str(out)]) == 0
    said = capsys.readouterr().out.splitlines()
    assert said[:3] == [
        "01 article JAX seed 1: identical",
        "01 article JAX seed 2: identical",
        "02 article JAX seed 1: identical",
    ]
    assert said[3] == (
        "part.jsonl: 3 runs re-made: 3 identical, 0 moved, 0 failed on Some CPU, "
        "family 6 model 85 (XLA AVX, OpenBLAS Sandybridge)"
    )
    assert said[4] == f"wrote {out / 'part.jsonl'}" and len(said) == 5
    source, lines = verified(out)
    assert source["verifies"] == "part.jsonl" and source["complete"] is True
    assert source["versions"] == {"jax": VERSIONS} and source["seeds"] == [1, 2]
    assert [line["identical"] for line in lines] == [True] * 3
    assert all(line["moved"] == [] and line["seconds"] == 99.0 for line in lines)


def test_a_moved_accuracy_or_prediction_is_told_apart_exits_1(tmp_path, remade, capsys):
    remade[("01", 2)] = replace(SAVED[1], accuracy=0.76)
    other = make_run("02", "article", 1, 0.90, training=[("A", "C", "B")])
    remade[("02", 1)] = replace(other, backend="jax", epochs=500)
    path = runs_file(tmp_path)
    assert cli.main(["--verify", str(path), "--out", str(tmp_path / "v")]) == 1
    said = capsys.readouterr().out.splitlines()
    assert said[:3] == [
        "01 article JAX seed 1: identical",
        "01 article JAX seed 2: moved: accuracy 80.00% -> 76.00%",
        "02 article JAX seed 1: moved: training",
    ]
    assert "3 runs re-made: 1 identical, 2 moved, 0 failed" in said[3]
    _, lines = verified(tmp_path / "v")
    assert [line["identical"] for line in lines] == [True, False, False]
    assert [line["moved"] for line in lines] == [[], ["accuracy"], ["training"]]
    assert lines[1]["accuracy"] == 0.76  # the run as re-made


def test_a_run_that_fails_again_is_counted_failed(tmp_path, remade, capsys):
    remade[("01", 1)] = replace(
        SAVED[0], status="failed", accuracy=None, predictions=None, error="boom"
    )
    path = runs_file(tmp_path)
    assert (
        cli.main(["--verify", str(path), "--seeds", "1", "--out", str(tmp_path / "v")])
        == 1
    )
    said = capsys.readouterr().out.splitlines()
    assert said[0] == "01 article JAX seed 1: failed: boom"
    assert "2 runs re-made: 1 identical, 0 moved, 1 failed" in said[2]
    source, lines = verified(tmp_path / "v")
    assert source["seeds"] == [1] and [line["identical"] for line in lines] == [
        False,
        True,
    ]


def test_moved_names_keys_and_sections_in_saved_order():
    run = SAVED[0]
    assert verify.moved(run, replace(run, seconds=5.0, file="x.jsonl")) == []
    later = replace(run, epochs=501, accuracy=0.5,
                    predictions={"training": (), "random": ()})  # fmt: skip
    assert verify.moved(run, later) == ["epochs", "accuracy", "training", "random"]


# Flags and files --verify refuses, and a word of what each says.
REFUSED = [
    (["--backend", "jax"], "it would ignore --backend"),
    (["--plain", "--epochs-scale", "0.5"], "it would ignore --epochs-scale --plain"),
    (["--variants", "01/article"], "it would ignore --variants"),
    (["--experiments", "01"], "it would ignore --experiments"),
    (["--scheduler", "tcp://h:1"], "it would ignore --scheduler"),
    (["--seeds", "2-3"], "holds seeds 1, 2, not 3"),
]


@pytest.mark.parametrize("argv,said", REFUSED)
def test_flags_it_would_ignore_or_seeds_not_held_are_one_line_exit_2(
    argv, said, tmp_path, monkeypatch, capsys
):
    monkeypatch.setattr(running, "run_tasks", no_run)
    path = runs_file(tmp_path)
    out = tmp_path / "v"
    assert cli.main(["--verify", str(path), *argv, "--out", str(out)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("python -m study: error: ")
    assert said in err[0]
    assert not out.exists()


def no_run(*args, **kwargs):
    raise AssertionError("a run started")


def test_what_is_not_a_runs_file_is_one_line_exit_2(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(running, "run_tasks", no_run)
    (tmp_path / "notes.txt").write_text("not json\n")
    record = tmp_path / "record.jsonl"
    record.write_text(json.dumps({"source": {"verifies": "part.jsonl"}}) + "\n")
    gone = runs_file(tmp_path, [replace(SAVED[0], variant="gone")], name="old")
    cases = [
        (tmp_path / "notes.txt", "not a runs file"),
        (tmp_path / "none.jsonl", "no such runs file"),
        (tmp_path, "no such runs file"),
        (record, "a verification record, not a runs file"),
        (gone, "holds runs of 01 gone, which the study no longer has"),
        (runs_file(tmp_path, [], name="empty"), "no finished run there"),
    ]
    for path, said in cases:
        assert cli.main(["--verify", str(path), "--out", str(tmp_path / "v")]) == 2
        err = capsys.readouterr().err.splitlines()
        assert len(err) == 1 and said in err[0], (path, err)
    assert cli.main(["--verify", str(runs_file(tmp_path)), "--out", str(tmp_path)]) == 2
    assert "would replace" in capsys.readouterr().err


@pytest.mark.slow
def test_a_real_short_run_re_made_is_identical(tmp_path, capsys):
    """End to end on JAX: a one-run study at 10 epochs, then --verify of it."""
    made = ["--variants", "01/article", "--seeds", "1", "--epochs-scale", "0.02",
            "--backend", "jax", "--jobs", "1"]  # fmt: skip
    assert cli.main([*made, "--out", str(tmp_path / "runs")]) == 0
    path = tmp_path / "runs" / "runs.jsonl"
    capsys.readouterr()
    out = tmp_path / "verify"
    assert cli.main(["--verify", str(path), "--jobs", "1", "--out", str(out)]) == 0
    assert capsys.readouterr().out.startswith("01 article JAX seed 1: identical\n")
    source, (line,) = verified(out)
    versions = source["versions"]["jax"]
    assert versions["arithmetic"] == common.arithmetic_in_force()
    assert versions["cpu"] == running.cpu() and source["complete"] is True
    saved = json.loads(path.read_text().splitlines()[1])
    assert line.pop("identical") is True and line.pop("moved") == []
    assert line.pop("seconds") > 0 and saved.pop("seconds") > 0
    assert line == saved and line["epochs"] == 10
