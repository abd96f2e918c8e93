"""claims.py: the claims table and how a run record is judged."""

from dataclasses import replace

from study import claims, registry
import pytest
from run_records import FIXED, RECITAL, make_run


def verdicts(runs):
    """{(claim id, backend, seed): held} of claims.claim_verdicts."""
    return {
        (v.claim.id, v.backend, v.seed): v.held
        for v in claims.claim_verdicts(runs, registry.CLAIMS)
    }


def test_claims_checked_per_seed():
    found = verdicts(FIXED)
    assert found[("01-below-100", "tensorflow", 1)] is True
    assert found[("02-above-01", "tensorflow", 1)] is True  # 0.90 > 0.84
    assert found[("02-above-01", "tensorflow", 2)] is False  # 0.70 < 0.80
    for claim_id in ("05-100", "05-recites", "05-cold-k-not-l", "05-warm-k-to-l"):
        assert found[(claim_id, "tensorflow", 1)] is True
        assert found[(claim_id, "tensorflow", 2)] is False
    assert not [key for key in found if key[0].startswith("06")]  # its run failed
    assert {key[1] for key in found} == {"tensorflow"}  # no backend recorded: TF


def test_claims_compare_runs_of_the_same_seed_and_backend_only():
    jax = [replace(r, backend="jax") for r in FIXED[:2]]  # 01 on JAX
    found = verdicts(FIXED[2:4] + jax)  # 02 on TensorFlow
    assert ("02-below-100", "tensorflow", 1) in found
    assert not [key for key in found if key[0] == "02-above-01"]
    assert found[("01-below-100", "jax", 2)] is True
    only_seed_1 = verdicts([FIXED[0], FIXED[2], FIXED[3]])
    assert ("02-above-01", "tensorflow", 1) in only_seed_1
    assert ("02-above-01", "tensorflow", 2) not in only_seed_1


def test_100_percent_needs_every_training_prediction_right():
    right = make_run("03", "article", 1, 1.0, training=[("ABC", "D", "D")])
    wrong = make_run("03", "article", 2, 1.0, training=[("ABC", "E", "D")])
    found = verdicts([right, wrong])
    assert found[("03-100", "tensorflow", 1)] is True
    assert found[("03-100", "tensorflow", 2)] is False


def test_05_claims_read_the_recital_and_both_starts():
    short = make_run(
        "05",
        "article",
        1,
        1.0,
        recital=RECITAL[:3],  # stops at D: not the whole alphabet
        cold_start=[("J", "B", "K")],  # not started at K
        warm_start=[("J", "K", "K")],
    )
    found = verdicts([short])
    assert found[("05-100", "tensorflow", 1)] is True  # no training section
    assert found[("05-recites", "tensorflow", 1)] is False
    assert found[("05-cold-k-not-l", "tensorflow", 1)] is False
    assert found[("05-warm-k-to-l", "tensorflow", 1)] is False
    starts = {"cold_start": [("K", "B", "L")], "warm_start": [("K", "L", "L")]}
    from_a = make_run("05", "article", 2, 1.0, recital=RECITAL, **starts)
    from_z = make_run(
        "05", "article", 3, 1.0, recital=[("Z", "B", "")] + RECITAL[1:], **starts
    )
    found = verdicts([from_a, from_z])
    assert found[("05-recites", "tensorflow", 2)] is True
    assert found[("05-recites", "tensorflow", 3)] is False  # said B..Z, not from A


@pytest.mark.parametrize(
    "accuracy,near,below,well",
    [(0.989, True, True, True), (0.965, False, True, True), (1.0, True, False, True),
     (0.95, False, True, False)],
)  # fmt: skip
def test_06_claims_on_accuracy(accuracy, near, below, well):
    found = verdicts([make_run("06", "article", 1, accuracy)])
    assert found[("06-near-article", "tensorflow", 1)] is near
    assert found[("06-below-100", "tensorflow", 1)] is below
    assert found[("06-learned-well", "tensorflow", 1)] is well


def test_table_is_consistent():
    ids = [c.id for c in registry.CLAIMS]
    assert len(ids) == len(set(ids))
    keys = {v.key for v in registry.VARIANTS}
    assert len(keys) == len(registry.VARIANTS)
    for claim in registry.CLAIMS:
        assert claim.key in keys, claim.id
        assert claim.against is None or claim.against in keys, claim.id
    # Every variant at the article's settings is judged against the article.
    article = {v.key for v in registry.VARIANTS if v.role == "article"}
    assert article <= {c.key for c in registry.CLAIMS}
    assert {v.role for v in registry.VARIANTS} == {"article", "control", "conjecture"}
    assert all(v.name == "article" for v in registry.VARIANTS if v.role == "article")
    assert set(claims.ARTICLE_ACCURACY) == {v.experiment for v in registry.VARIANTS}


def test_labels_of_the_article_claims():
    labels = {c.id: c.label for c in registry.CLAIMS}
    assert labels["06-near-article"] == "within 2 pts of 98.90%"
    assert labels["06-learned-well"] == "at least 96%"
    assert labels["05-warm-k-to-l"] == "warm K -> L"
