"""store.py: saved runs, written and read back."""

from dataclasses import replace

import json

from study import store
from study.record import to_json
import pytest
from run_records import FIXED


def test_run_log_one_line_a_run(tmp_path):
    path = tmp_path / "part.jsonl"
    log = store.RunLog(path, {"command": "python -m study", "seeds": "1..2"})
    for run in FIXED[:2]:
        log.add(run)
    log.update_source(complete=True)
    lines = path.read_text().splitlines()
    assert len(lines) == 3
    assert json.loads(lines[0]) == {
        "source": {"command": "python -m study", "seeds": "1..2", "complete": True}
    }
    results = store.read_results(tmp_path)
    assert [r.seed for r in results.runs] == [1, 2]
    assert results.runs[0].file == "part.jsonl"
    assert results.sources == [
        {"file": "part.jsonl", "command": "python -m study", "seeds": "1..2",
         "complete": True}
    ]  # fmt: skip


def test_read_results_merges_files_and_sorts(tmp_path):
    jax = [replace(r, backend="jax") for r in FIXED[:2]]
    for name, runs, scale in [("a", FIXED[2:4], 0.5), ("b", jax + FIXED[:1], 0.5)]:
        log = store.RunLog(tmp_path / f"{name}.jsonl", {"epochs_scale": scale})
        for run in runs:
            log.add(run)
    results = store.read_results(tmp_path)
    order = [(r.experiment, r.backend, r.seed) for r in results.runs]
    assert order == [  # saved without a backend: TensorFlow
        ("01", "tensorflow", 1),
        ("01", "jax", 1),
        ("01", "jax", 2),
        ("02", "tensorflow", 1),
        ("02", "tensorflow", 2),
    ]
    assert results.epochs_scale == 0.5
    store.RunLog(tmp_path / "c.jsonl", {"epochs_scale": 2.0})
    assert store.read_results(tmp_path).epochs_scale == 1.0


@pytest.mark.parametrize(
    "text, where",
    [
        (None, "no saved runs"),
        ("not json", "a.jsonl"),
        ('{"no": "source"}', "a.jsonl"),
        ('{"source": {}}\n{"broken', "a.jsonl line 2"),
    ],
)
def test_read_results_names_what_it_cannot_read(tmp_path, text, where):
    if text is not None:
        (tmp_path / "a.jsonl").write_text(text)
    with pytest.raises(store.ResultsError, match=where):
        store.read_results(tmp_path)


def test_write_text_is_whole_or_nothing(tmp_path):
    path = tmp_path / "page.md"
    store.write_text(path, "one")
    with pytest.raises(TypeError):
        store.write_text(path, object())
    assert path.read_text() == "one"
    assert [p.name for p in tmp_path.iterdir()] == ["page.md"]


def test_verification_records_are_read_beside_the_runs_never_as_runs(tmp_path):
    log = store.RunLog(tmp_path / "part.jsonl", {"seeds": "1..1"})
    log.add(FIXED[0])
    record = store.RunLog(tmp_path / "verified" / "part.jsonl", {"verifies": "part"})
    record.add_line({**to_json(FIXED[0]), "identical": True, "moved": []})
    results = store.read_results(tmp_path)
    assert len(results.runs) == 1 and [s["file"] for s in results.sources] == [
        "part.jsonl"
    ]
    (verified,) = results.verified
    assert (verified.file, verified.source) == ("part.jsonl", {"verifies": "part"})
    assert verified.lines[0]["identical"] is True and verified.lines[0]["seed"] == 1
    (tmp_path / "verified" / "bad.jsonl").write_text('{"source": {}}\n')
    with pytest.raises(store.ResultsError, match="bad.jsonl: not a verification"):
        store.read_results(tmp_path)
