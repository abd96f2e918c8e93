"""summary.py: claim counts and the terminal summary."""

from dataclasses import replace

import pytest
from run_records import FIXED

from study import registry, summary


def test_claims_counted_per_seed():
    claims = summary.claim_counts(FIXED)
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
    jax = [replace(r, backend="jax") for r in FIXED[:2]]  # 01 on JAX
    claims = summary.claim_counts(FIXED[2:4] + jax)  # 02 on TensorFlow
    assert claims[("02", "article", "tensorflow")] == [
        "below 100%: holds at every seed (2 of 2)"
    ]
    assert claims[("01", "article", "jax")] == [
        "below 100%: holds at every seed (2 of 2)"
    ]


def test_plain_runs_are_no_claims_evidence():
    plain = [replace(r, plain=True, accuracy=1.0) for r in FIXED[:2]]
    claims = summary.claim_counts(FIXED[:2] + plain)
    assert claims[("01", "article", "tensorflow")] == [
        "below 100%: holds at every seed (2 of 2)"
    ]


def test_summary_rows():
    rows = {(r["experiment"], r["variant"]): r for r in summary.summary_rows(FIXED)}
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
    text = summary.terminal_summary(FIXED)
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
    every = {(v.experiment, v.name, b) for v in registry.VARIANTS for b in backends}
    # failed runs: a row each, and no claim to check
    runs = [
        replace(FIXED[0], experiment=e, variant=n, backend=b, status="failed")
        for e, n, b in every
    ]
    lines = summary.terminal_summary(runs).splitlines()
    assert max(len(line) for line in lines) < 80
    assert {tuple(line.split()[:3]) for line in lines if line[:1] != " "} >= every


def test_scaled_epochs_are_said_in_the_summary():
    text = summary.terminal_summary(FIXED, epochs_scale=0.05)
    assert "NOTE: training cut to 5% of the article's epochs" in text
    assert summary.scale_note(1.0) == ""
    assert "2x" in summary.scale_note(2.0)
