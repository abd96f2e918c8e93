"""The normal range: what the committed runs give at the article's settings.

Written into common.py (each script prints it after ``Model Accuracy``) and
the README by ``python -m study --report``.
"""

from dataclasses import replace

import common
from run_records import MISRECITED, RECITAL, make_run

from study import over_seeds, store
from study.scripts import default_epochs


def at_article(run, backend="tensorflow", plain=False):
    """A made-up run as the study saves one at the article's settings."""
    epochs = default_epochs(run.experiment)
    return replace(run, epochs=epochs, backend=backend, plain=plain)


def five(seed, recital=RECITAL, cold="B"):
    """A 05 run at the article's settings with its three answers."""
    run = make_run(
        "05", "article", seed, 1.0, recital=recital,
        cold_start=[("K", cold, "L")], warm_start=[("K", "L", "L")],
    )  # fmt: skip
    return at_article(run)


def test_range_median_and_seeds_per_backend_and_training():
    runs = [
        at_article(make_run("01", "article", 1, 0.84)),
        at_article(make_run("01", "article", 2, 0.80)),
        at_article(make_run("01", "article", 3, 0.88)),
        at_article(make_run("01", "article", 1, 0.76), backend="jax"),
        at_article(make_run("01", "article", 1, 0.92), plain=True),
    ]
    found = over_seeds.ranges(runs)
    assert found == {
        ("01", "jax", "fast"): common.SeedRange(1, 76.0, 76.0, 76.0),
        ("01", "tensorflow", "fast"): common.SeedRange(3, 80.0, 84.0, 88.0),
        ("01", "tensorflow", "plain"): common.SeedRange(1, 92.0, 92.0, 92.0),
    }


def test_only_finished_runs_of_the_article_settings_count():
    kept = at_article(make_run("02", "article", 1, 0.9130434782608695))
    runs = [
        kept,
        replace(kept, seed=2, epochs=50, accuracy=0.5),  # --epochs-scale 0.1
        at_article(make_run("02", "epochs-5000", 3, 0.5)),  # a control
        replace(kept, seed=4, status="failed", accuracy=None, predictions=None),
    ]
    assert over_seeds.ranges(runs) == {
        ("02", "tensorflow", "fast"): common.SeedRange(1, 91.3, 91.3, 91.3)
    }


def test_05_names_what_was_the_same_at_every_seed():
    same = over_seeds.ranges([five(1), five(2)])[("05", "tensorflow", "fast")]
    assert same.held == "the recital A..Z, cold K -> B, warm K -> L"
    # A cold start that differs at one seed, a recital that went wrong at all.
    other = over_seeds.ranges([five(1, cold="C"), five(2)])
    assert other[("05", "tensorflow", "fast")].held == ("the recital A..Z, warm K -> L")
    wrong = over_seeds.ranges([five(1, MISRECITED), five(2, MISRECITED)])
    assert wrong[("05", "tensorflow", "fast")].held.startswith("the recital ACCDEF")


def test_common_block_is_python_that_gives_the_ranges():
    runs = [five(1), five(2), at_article(make_run("01", "article", 1, 0.84))]
    block = over_seeds.common_block(runs)
    lines = block.splitlines()
    assert lines[0] == over_seeds.COMMON_BEGIN and lines[-1] == over_seeds.COMMON_END
    assert max(map(len, lines)) <= 88
    names: dict = {"SeedRange": common.SeedRange}
    exec(block, names)
    assert names["OVER_SEEDS"] == over_seeds.ranges(runs)
    assert names["ARTICLE_PERCENT"]["06"] == 98.9


def test_committed_ranges_in_common_are_what_the_runs_give():
    """What the scripts print after Model Accuracy comes from the runs."""
    runs = store.read_results(store.COMMITTED_RUNS).runs
    assert common.OVER_SEEDS == over_seeds.ranges(runs)
    assert ("06", "jax", "fast") in common.OVER_SEEDS


def test_readme_block_a_row_an_experiment_and_what_05_held():
    runs = [five(1), five(2), at_article(make_run("01", "article", 1, 0.84))]
    block = over_seeds.readme_block(runs)
    assert "| 1 | 84.00% | 84.00% at all 1 seeds | not run |" in block
    assert "| 5 | 100.00% | 100.00% at all 2 seeds | not run |" in block
    assert block.splitlines()[-2] == (
        "05 gave the same on TensorFlow, at all 2 seeds: the recital A..Z, "
        "cold K -> B, warm K -> L."
    )
