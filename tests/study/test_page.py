"""page.py: RESULTS.md written from the saved runs, and its test."""

import shutil
from pathlib import Path

from study import cli
from study import store
import pytest
from study import page
from conftest import ROOT
from run_records import FIXED, RECITAL, make_run

FIGURES = [
    store.FIGURES_IN_ROOT / "accuracy.png",
    store.FIGURES_IN_ROOT / "conjectures.png",
]


@pytest.mark.parametrize(
    "a, b, p",
    [  # p from scipy.stats.mannwhitneyu(a, b, method="asymptotic")
        ([1, 2, 3, 4, 5], [6, 7, 8, 9, 10], 0.012185780355344813),
        ([84, 80, 88, 84, 76], [84, 88, 92, 84, 80], 0.385546631571102),
        ([100] * 10, [100] * 9 + [96], 0.36812025069351895),
        ([1, 1, 2, 2, 3], [2, 3, 3, 4, 4, 5], 0.031633423039876964),
    ],
)
def test_mann_whitney_p_is_scipys(a, b, p):
    assert page.mann_whitney_p(a, b) == pytest.approx(p, rel=1e-9)
    assert page.mann_whitney_p(b, a) == pytest.approx(p, rel=1e-9)


def test_mann_whitney_p_without_a_spread():
    assert page.mann_whitney_p([100] * 5, [100] * 5) == 1.0
    assert page.mann_whitney_p([], [1.0]) == 1.0


def test_words_for_counts_and_p():
    assert store.held_text(30, 30) == "holds at every seed (30 of 30)"
    assert store.held_text(0, 30) == "holds at no seed (0 of 30)"
    assert store.held_text(28, 30) == "holds at 28 of 30 seeds"
    assert page.p_text(0.0004) == "p < 0.001"
    assert page.p_text(0.0042) == "p = 0.004"
    assert page.p_text(0.0474) == "p = 0.047"  # not "0.05"
    assert page.p_text(0.342) == "p = 0.34"
    assert page.seeds_text([1, 2, 3, 4]) == "1..4"
    assert page.seeds_text([1, 3]) == "1, 3"


def _runs(experiment, variant, accuracies, backend="jax", **sections):
    return [
        dict(make_run(experiment, variant, seed, a, **sections), backend=backend)
        for seed, a in enumerate(accuracies, start=1)
    ]


def test_a_comparison_names_its_verdict_means_and_test():
    data = page.Data(
        _runs("01", "article", [0.8, 0.84, 0.76, 0.8, 0.88])
        + _runs("01", "epochs-5000", [1.0] * 5)
        + _runs("02", "article", [0.8, 0.84, 0.8, 0.88, 0.76])
    )
    higher = page.compare(data, "01 epochs-5000", "01 article", "jax")
    assert higher.startswith("**higher** (JAX: means 100.00% and 81.60%, 5 and 5")
    assert "Mann-Whitney p = 0.007" in higher
    same = page.compare(data, "02 article", "01 article", "jax")
    assert same.startswith("**no difference shown**") and "p = 1.00" in same
    lower = page.compare(data, "01 article", "01 epochs-5000", "jax")
    assert lower.startswith("**lower**")


def test_an_explanation_is_withdrawn_when_its_runs_stop_showing_it():
    supported = page.Data(
        _runs("04", "batch-1", [1.0] * 3)
        + _runs("04", "shuffle", [1.0] * 3, random=[("A", "B", "B")])
        + _runs("01", "epochs-5000", [1.0] * 3)
        + _runs("01", "article", [0.84] * 3)
    )
    text = "\n".join(page.experiment4_section(supported))
    assert "> **Explanation** (from `04 batch-1`" in text
    assert page.withdrawn(text) == []
    contradicted = page.Data(
        _runs("04", "batch-1", [1.0, 0.96, 1.0])
        + _runs("04", "shuffle", [1.0] * 3, random=[("A", "B", "B")])
        + _runs("01", "epochs-5000", [1.0] * 3)
        + _runs("01", "article", [0.84] * 3)
    )
    text = "\n".join(page.experiment4_section(contradicted))
    assert len(page.withdrawn(text)) == 1
    assert (
        "`04 batch-1` | 1 | 5000 | 125,000 | 16 | no | not run | 100% holds at 2 of 3"
        in text
    )


def test_06_misses_counted_as_samples_and_as_inputs():
    training = [("A", "C", "B")] * 3 + [("ABCDE", "F", "F")] + [("KLMNO", "Q", "P")]
    data = page.Data(_runs("06", "article", [0.2], training=training))
    table = "\n".join(page.length_table(data, ["06 article"], "jax"))
    assert (
        "| `06 article` | 1 | 3 of 3 samples, 1 input-run "
        "| 0 of 0 samples, 0 input-runs | 0 of 0 samples, 0 input-runs "
        "| 0 of 0 samples, 0 input-runs | 1 of 2 samples, 1 input-run "
        "| 4 of 5 samples, 2 input-runs |"
    ) in table


DRIFT = """epochs  plain vs fast  plain vs plain nudged
     3        1.3e-06                4.8e-07
    30        0.00016                6.6e-05
   100           {paths}                   {nudged}
"""


def test_drift_explanation_needs_growth_and_a_comparable_nudge():
    assert page.drift_supports(DRIFT.format(paths=0.69, nudged=0.75))
    # the nudge drifting far less than the two paths: rounding does not explain
    assert not page.drift_supports(DRIFT.format(paths=0.69, nudged=0.2))
    # no growth with training
    assert not page.drift_supports(DRIFT.format(paths=1e-4, nudged=1e-4))
    assert not page.drift_supports("")


def test_fed_back_recital_counted_to_the_first_wrong_step():
    steps = [{"inputs": a, "predicted": b, "expected": e} for a, b, e in RECITAL]
    assert page.recited_steps(steps) == 25
    steps[3] = {"inputs": "D", "predicted": "F", "expected": "E"}
    assert page.recited_steps(steps) == 3


def test_page_of_made_up_runs_reads_and_has_every_section(tmp_path):
    runs = FIXED + [dict(r, backend="jax") for r in FIXED]
    results = store.Results(runs=runs, sources=[{"file": "x.jsonl"}])
    text = page.page(results, tmp_path / "results", [])
    assert text.startswith("# Results") and page.GENERATED in text
    assert "| 01 | article | below 100% | holds at every seed (2 of 2) |" in text
    assert "## Failed runs" in text and "ValueError: boom" in text
    for heading in ("How to read this page", "The article's claims", "What was run"):
        assert f"## {heading}" in text


def test_readme_block_replaced_between_its_markers():
    block = page.readme_block(store.Results(runs=FIXED))
    readme = f"intro\n{page.README_BEGIN}\nold\n{page.README_END}\nend"
    new = page.with_readme_block(readme, block)
    assert new.startswith("intro\n" + block) and new.endswith("\nend")
    assert (
        "| 01 article | below 100% | holds at every seed (2 of 2) | not run |" in block
    )
    assert page.with_readme_block("no markers", block) == "no markers"


def test_committed_results_page_is_what_the_runs_give(tmp_path, capsys):
    """RESULTS.md, the README's block and the figures are generated.

    ``python -m study --report`` on a copy of the checkout's committed runs,
    page, README and figures must leave every one of them as it is.
    """
    made = [Path("RESULTS.md"), Path("README.md"), *FIGURES]
    shutil.copytree(ROOT / store.RUNS_IN_ROOT, tmp_path / store.RUNS_IN_ROOT)
    for path in made:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / path, tmp_path / path)
    assert cli.report(tmp_path / store.RUNS_IN_ROOT, root=tmp_path) == 0
    written = (tmp_path / "RESULTS.md").read_text()
    for path in made:
        assert (tmp_path / path).read_bytes() == (ROOT / path).read_bytes(), (
            f"{path} is not what `python -m study --report` writes"
        )
    assert page.withdrawn(written) == []


def test_every_claim_label_is_explained_on_the_page():
    assert {c.label for c in page.CLAIMS} == set(page.CLAIM_MEANINGS)


def test_lists_of_most_missed_are_not_cut_inside_a_tie():
    from collections import Counter

    counts = Counter({"A": 5, "B": 4, "C": 4, "D": 1})
    assert page.first_ties(counts, at_least=2) == [("A", 5), ("B", 4), ("C", 4)]
    assert page.first_ties(counts, at_least=9) == page.ranked(counts)
