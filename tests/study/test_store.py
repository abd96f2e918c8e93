"""store.py: claim counts, the terminal summary, saved runs."""

import json

from study import claims
from study import store
import pytest
from run_records import FIXED, make_run


def test_claims_counted_per_seed():
    claims = store.claim_counts(FIXED)
    assert claims[("01", "article", "tensorflow")] == [
        "below 100%: holds at every seed (2 of 2)"
    ]
    assert claims[("02", "article", "tensorflow")] == [
        "below 100%: holds at every seed (2 of 2)",
        "above 01: holds at 1 of 2 seeds",
    ]
    assert [c.split(":")[0] for c in claims[("05", "article", "tensorflow")]] == [
        "100%",
        "recites A..Z",
        "cold K not L",
        "warm K -> L",
    ]
    assert ("06", "article", "tensorflow") not in claims  # its only run failed


def test_claims_compare_runs_of_the_same_backend_only():
    jax = [dict(r, backend="jax") for r in FIXED[:2]]  # 01 on JAX
    claims = store.claim_counts(FIXED[2:4] + jax)  # 02 on TensorFlow
    assert claims[("02", "article", "tensorflow")] == [
        "below 100%: holds at every seed (2 of 2)"
    ]
    assert claims[("01", "article", "jax")] == [
        "below 100%: holds at every seed (2 of 2)"
    ]


def test_plain_runs_are_no_claims_evidence():
    plain = [dict(r, plain=True, accuracy=1.0) for r in FIXED[:2]]
    claims = store.claim_counts(FIXED[:2] + plain)
    assert claims[("01", "article", "tensorflow")] == [
        "below 100%: holds at every seed (2 of 2)"
    ]


def test_summary_rows():
    rows = {(r["experiment"], r["variant"]): r for r in store.summary_rows(FIXED)}
    assert {r["backend"] for r in rows.values()} == {"tensorflow"}
    one = rows[("01", "article")]
    # The sample standard deviation of 84 and 80 (n - 1 = 1).
    assert one["mean"] == pytest.approx(82.0) and one["sd"] == pytest.approx(
        2.828, 1e-3
    )
    assert (one["min"], one["max"], one["runs"]) == (80.0, 84.0, 2)
    assert one["median_seconds"] == pytest.approx(2.5)
    assert rows[("06", "article")]["failed"] == 1
    assert rows[("06", "article")]["mean"] is None


def test_terminal_summary_fits_a_terminal():
    text = store.terminal_summary(FIXED)
    lines = text.splitlines()
    assert max(len(line) for line in lines) < 80
    assert "sample standard deviation" in lines[0]
    row = next(line for line in lines if line.startswith("01 article"))
    assert row.split() == [
        "01", "article", "tensorflow", "2", "82.00", "2.83", "80.00", "84.00", "84.00"
    ]  # fmt: skip
    assert "    claim: below 100%: holds at every seed (2 of 2)" in lines
    assert "    1 run(s) failed" in lines


def test_every_variant_keeps_its_columns_apart():
    backends = ("tensorflow", "jax")
    every = {(v.experiment, v.name, b) for v in claims.VARIANTS for b in backends}
    # failed runs: a row each, and no claim to check
    runs = [
        dict(FIXED[0], experiment=e, variant=n, backend=b, status="failed")
        for e, n, b in every
    ]
    lines = store.terminal_summary(runs).splitlines()
    assert max(len(line) for line in lines) < 80
    assert {tuple(line.split()[:3]) for line in lines if line[:1] != " "} >= every


def test_scaled_epochs_are_said_in_the_summary():
    text = store.terminal_summary(FIXED, epochs_scale=0.05)
    assert "NOTE: training cut to 5% of the article's epochs" in text
    assert store.scale_note(1.0) == ""
    assert "2x" in store.scale_note(2.0)


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
