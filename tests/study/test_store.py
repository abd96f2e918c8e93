"""store.py: saved runs, written and read back."""

import json

from study import store
import pytest
from run_records import FIXED, make_run


def test_a_saved_run_reads_back_the_same():
    runs = FIXED + [
        make_run(
            "06", "article", 3, 0.5,
            training=[("ABC", "D", "D"), ("A", "C", "B"), ("ABC", "D", "D")],
            fed_back=[("A", "B", "B"), ("B", "B", "C")],
        )
    ]  # fmt: skip
    for run in runs:
        saved = json.loads(json.dumps(compact := store.compact(run)))
        back = store.expand(saved)
        assert {k: v for k, v in back.items() if k != "predictions"} == {
            k: v for k, v in run.items() if k != "predictions"
        }
        for section, predictions in run.get("predictions", {}).items():
            if section in store.ORDERED_SECTIONS:
                assert back["predictions"][section] == predictions
            else:  # a set of samples: the same samples, grouped by input
                key = sorted(predictions, key=str)
                assert sorted(back["predictions"][section], key=str) == key
    assert compact["predictions"]["training"] == ["ABC>D x2", "A>C"]
    assert compact["predictions"]["fed_back"] == ["A>B", "B>B"]  # in order
    assert store.expected_after("XYZ") == ""


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
    assert [r["seed"] for r in results.runs] == [1, 2]
    assert results.runs[0]["file"] == "part.jsonl"
    assert results.sources == [
        {"file": "part.jsonl", "command": "python -m study", "seeds": "1..2",
         "complete": True}
    ]  # fmt: skip


def test_read_results_merges_files_and_sorts(tmp_path):
    jax = [dict(r, backend="jax") for r in FIXED[:2]]
    for name, runs, scale in [("a", FIXED[2:4], 0.5), ("b", jax + FIXED[:1], 0.5)]:
        log = store.RunLog(tmp_path / f"{name}.jsonl", {"epochs_scale": scale})
        for run in runs:
            log.add(run)
    results = store.read_results(tmp_path)
    order = [(r["experiment"], r.get("backend", "tf"), r["seed"]) for r in results.runs]
    assert order == [
        ("01", "tf", 1),
        ("01", "jax", 1),
        ("01", "jax", 2),
        ("02", "tf", 1),
        ("02", "tf", 2),
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
