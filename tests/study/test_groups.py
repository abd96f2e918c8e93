"""groups.py: the one grouping of runs, by variant, backend and plain/fast."""

from dataclasses import replace

from run_records import FIXED, make_run

from study.groups import Groups
from study.registry import CLAIMS


def test_runs_are_grouped_by_variant_backend_and_plain():
    jax = [replace(r, backend="jax") for r in FIXED]
    plain = [replace(FIXED[0], plain=True, accuracy=0.88)]
    groups = Groups(FIXED + jax + plain, CLAIMS)
    assert list(groups.runs("01 article", "tensorflow")) == [1, 2]
    assert groups.runs("01 article", "tensorflow")[1].accuracy == 0.84
    assert groups.runs("01 article", "tensorflow", plain=True)[1].accuracy == 0.88
    assert groups.backends("01 article") == ["tensorflow", "jax"]
    assert groups.backends("01 article", plain=True) == ["tensorflow"]
    assert groups.accuracies("01 article", "jax") == [84.0, 80.0]


def test_failed_runs_are_kept_apart():
    groups = Groups(FIXED, CLAIMS)
    assert groups.runs("06 article", "tensorflow") == {}
    assert groups.failed_count("06 article", "tensorflow") == 1
    assert [r.seed for r in groups.failed] == [1]


def test_scores_over_a_section_and_perfect_counts():
    every = [("A", "B", "B"), ("B", "D", "C"), ("Y", "Z", "Z")]  # Y: never drawn
    runs = [
        make_run("06", "article", 1, 1.0, every=every),
        make_run("06", "article", 2, 0.9, every=every[:1]),
    ]
    groups = Groups(runs, CLAIMS)
    assert groups.scores("06 article", "tensorflow", "every") == {1: 50.0, 2: 100.0}
    assert groups.perfect("06 article", "tensorflow") == (1, 2)
    assert groups.perfect("06 article", "tensorflow", "every") == (1, 2)


def test_claims_held_counted_per_backend():
    groups = Groups(FIXED, CLAIMS)
    assert groups.held("02-above-01", "tensorflow") == (1, 2)
    assert groups.held("02-above-01", "jax") == (0, 0)
