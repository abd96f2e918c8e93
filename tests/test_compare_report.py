"""compare_report.py: claim counts, the table, details, results.json files."""

import json

import compare_report
import pytest
from run_records import FIXED, make_run


def test_claims_counted_per_seed():
    claims = compare_report.claim_counts(FIXED)
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
    claims = compare_report.claim_counts(FIXED[2:4] + jax)  # 02 on TensorFlow
    assert claims[("02", "article", "tensorflow")] == ["below 100% 2/2"]
    assert claims[("01", "article", "jax")] == ["below 100% 2/2"]


def test_summary_rows_and_table():
    rows = {
        (r["experiment"], r["variant"]): r for r in compare_report.summary_rows(FIXED)
    }
    assert {r["backend"] for r in rows.values()} == {"tensorflow"}
    one = rows[("01", "article")]
    assert one["mean"] == pytest.approx(82.0) and one["std"] == pytest.approx(2.0)
    assert (one["min"], one["max"], one["runs"]) == (80.0, 84.0, 2)
    assert one["median_seconds"] == pytest.approx(2.5)
    assert rows[("06", "article")]["failed"] == 1
    assert rows[("06", "article")]["mean"] is None
    text = compare_report.format_table(compare_report.summary_rows(FIXED))
    assert "82.00% +- 2.00 (n=2, seeds 1..2)" in text and "1 failed" in text
    assert text.splitlines()[0].endswith("at the article's settings")
    markdown = compare_report.format_table(
        compare_report.summary_rows(FIXED), markdown=True
    )
    assert markdown.splitlines()[0].startswith("| exp | variant | backend | article")


def test_scaled_epochs_are_said_in_the_table():
    rows = compare_report.summary_rows(FIXED)
    title = compare_report.format_table(rows, epochs_scale=0.05).splitlines()[0]
    assert "TRAINING CUT TO 5% OF THE ARTICLE'S EPOCHS" in title
    assert "article's settings" not in title
    assert compare_report.scale_note(1.0) == ""
    assert "2x" in compare_report.scale_note(2.0)


def test_sign_test_and_details():
    assert compare_report.sign_test_p(7, 3) == pytest.approx(0.34375)
    assert compare_report.sign_test_p(10, 0) == pytest.approx(2 / 1024)
    assert compare_report.sign_test_p(0, 0) == 1.0
    text = compare_report.details(FIXED)
    assert "01 article tensorflow (2 seeds): inputs missed (seeds): W 1" in text
    assert "02 above 01, tensorflow: higher at 1, lower at 1, equal at 0" in text


def test_details_without_a_training_section():
    """05 records its recital and starts, not per-input training predictions."""
    text = compare_report.details(FIXED)
    assert "05 article" not in text
    old = make_run("05", "article", 3, 1.0, training=[("A", "B", "B")])
    assert "05 article tensorflow (1 seeds): inputs missed (seeds): none" in (
        compare_report.details(FIXED + [old])
    )


def test_write_json_is_whole_or_nothing(tmp_path):
    path = tmp_path / "results.json"
    compare_report.write_json(path, {"runs": [1]})
    with pytest.raises(TypeError):
        compare_report.write_json(path, {"runs": [object()]})
    assert json.loads(path.read_text()) == {"runs": [1]}
    assert [p.name for p in tmp_path.iterdir()] == ["results.json"]


def test_read_results_merges_and_sorts(tmp_path):
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.write_text(json.dumps({"epochs_scale": 0.5, "runs": FIXED[2:4]}))
    jax = [dict(r, backend="jax") for r in FIXED[:2]]
    second.write_text(json.dumps({"epochs_scale": 0.5, "runs": jax + FIXED[:1]}))
    results = compare_report.read_results([first, second])
    order = [(r["experiment"], r["backend"], r["seed"]) for r in results.runs]
    assert order == [
        ("01", "tensorflow", 1),
        ("01", "jax", 1),
        ("01", "jax", 2),
        ("02", "tensorflow", 1),
        ("02", "tensorflow", 2),
    ]
    assert [s["file"] for s in results.sources] == [str(first), str(second)]
    assert results.epochs_scale == 0.5
    merged = results.to_json("python compare.py --report a.json b.json")
    assert merged["sources"] == results.sources and merged["runs"] == results.runs
    third = tmp_path / "c.json"
    third.write_text(json.dumps({"epochs_scale": 2.0, "runs": []}))
    assert compare_report.read_results([first, third]).epochs_scale == 1.0


@pytest.mark.parametrize("text", [None, "not json", '{"no": "runs"}', "[1]"])
def test_read_results_names_the_file_it_cannot_read(tmp_path, text):
    path = tmp_path / "results.json"
    if text is not None:
        path.write_text(text)
    with pytest.raises(compare_report.ResultsError, match="cannot read .*results"):
        compare_report.read_results([path])
