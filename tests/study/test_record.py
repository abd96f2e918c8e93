"""record.py: a run saved as one JSON line and read back, typed."""

import json
from dataclasses import replace

from run_records import FIXED, make_run

from study import record


def test_a_saved_run_reads_back_the_same():
    runs = FIXED + [
        make_run(
            "06", "article", 3, 0.5,
            training=[("ABC", "D", "D"), ("A", "C", "B"), ("ABC", "D", "D")],
            fed_back=[("A", "B", "B"), ("B", "B", "C")],
        )
    ]  # fmt: skip
    for run in runs:
        saved = json.loads(json.dumps(compact := record.to_json(run)))
        back = record.from_json(saved)
        assert replace(back, predictions=None) == replace(run, predictions=None)
        for section, predictions in (run.predictions or {}).items():
            if section in record.ORDERED_SECTIONS:
                assert back.section(section) == predictions
            else:  # a set of samples: the same samples, grouped by input
                key = sorted(predictions, key=str)
                assert sorted(back.section(section), key=str) == key
    assert compact["predictions"]["training"] == ["ABC>D x2", "A>C"]
    assert compact["predictions"]["fed_back"] == ["A>B", "B>B"]  # in order
    assert record.expected_after("XYZ") == ""


def test_saved_keys_keep_the_committed_order():
    """A finished run as the committed runs have it; a failed one without
    accuracy or predictions, its traceback where it has one."""
    run = replace(make_run("05", "article", 1, 1.0), backend="jax", epochs=3)
    assert list(record.to_json(replace(run, cold_nearest="A" * 25))) == [
        "experiment", "variant", "backend", "seed", "epochs", "plain", "status",
        "accuracy", "seconds", "cold_nearest", "predictions",
    ]  # fmt: skip
    failed = record.failed("01", "article", 2, 5, False, "jax", "boom", "Trace")
    assert list(record.to_json(failed)) == [
        "experiment", "variant", "backend", "seed", "epochs", "plain", "status",
        "error", "traceback", "seconds",
    ]  # fmt: skip
    assert "traceback" not in record.to_json(replace(failed, traceback=None))


def test_the_committed_lines_write_back_byte_for_byte():
    """Every committed run, read and written again, is its line unchanged."""
    from study.store import COMMITTED_RUNS, run_files

    for path in run_files(COMMITTED_RUNS):
        for line in path.read_text().splitlines()[1:]:
            again = json.dumps(record.to_json(record.from_json(json.loads(line))))
            assert again == line, path.name
