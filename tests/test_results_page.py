"""results_page.py: RESULTS.md written from the saved runs, and its test."""

import shutil

import compare
import compare_report
import pytest
import results_page
from conftest import ROOT
from run_records import FIXED, RECITAL, make_run

COMMITTED = ROOT / "results"


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
    assert results_page.mann_whitney_p(a, b) == pytest.approx(p, rel=1e-9)
    assert results_page.mann_whitney_p(b, a) == pytest.approx(p, rel=1e-9)


def test_mann_whitney_p_without_a_spread():
    assert results_page.mann_whitney_p([100] * 5, [100] * 5) == 1.0
    assert results_page.mann_whitney_p([], [1.0]) == 1.0


def test_words_for_counts_and_p():
    assert compare_report.held_text(30, 30) == "holds at every seed (30 of 30)"
    assert compare_report.held_text(0, 30) == "holds at no seed (0 of 30)"
    assert compare_report.held_text(28, 30) == "holds at 28 of 30 seeds"
    assert results_page.p_text(0.0004) == "p < 0.001"
    assert results_page.p_text(0.0042) == "p = 0.004"
    assert results_page.p_text(0.0474) == "p = 0.047"  # not "0.05"
    assert results_page.p_text(0.342) == "p = 0.34"
    assert results_page.seeds_text([1, 2, 3, 4]) == "1..4"
    assert results_page.seeds_text([1, 3]) == "1, 3"


def _runs(experiment, variant, accuracies, backend="jax", **sections):
    return [
        dict(make_run(experiment, variant, seed, a, **sections), backend=backend)
        for seed, a in enumerate(accuracies, start=1)
    ]


def test_a_comparison_names_its_verdict_means_and_test():
    data = results_page.Data(
        _runs("01", "article", [0.8, 0.84, 0.76, 0.8, 0.88])
        + _runs("01", "epochs-5000", [1.0] * 5)
        + _runs("02", "article", [0.8, 0.84, 0.8, 0.88, 0.76])
    )
    higher = results_page.compare(data, "01 epochs-5000", "01 article", "jax")
    assert higher.startswith("**higher** (JAX: means 100.00% and 81.60%, 5 and 5")
    assert "Mann-Whitney p = 0.007" in higher
    same = results_page.compare(data, "02 article", "01 article", "jax")
    assert same.startswith("**no difference shown**") and "p = 1.00" in same
    lower = results_page.compare(data, "01 article", "01 epochs-5000", "jax")
    assert lower.startswith("**lower**")


def test_an_explanation_is_withdrawn_when_its_runs_stop_showing_it():
    supported = results_page.Data(
        _runs("04", "batch-1", [1.0] * 3)
        + _runs("04", "shuffle", [1.0] * 3, random=[("A", "B", "B")])
        + _runs("01", "epochs-5000", [1.0] * 3)
        + _runs("01", "article", [0.84] * 3)
    )
    text = "\n".join(results_page.experiment4_section(supported))
    assert "> **Explanation** (from `04 batch-1`" in text
    assert results_page.withdrawn(text) == []
    contradicted = results_page.Data(
        _runs("04", "batch-1", [1.0, 0.96, 1.0])
        + _runs("04", "shuffle", [1.0] * 3, random=[("A", "B", "B")])
        + _runs("01", "epochs-5000", [1.0] * 3)
        + _runs("01", "article", [0.84] * 3)
    )
    text = "\n".join(results_page.experiment4_section(contradicted))
    assert len(results_page.withdrawn(text)) == 1
    assert (
        "`04 batch-1` | 1 | 5000 | 125,000 | 16 | no | not run | 100% holds at 2 of 3"
        in text
    )


def test_06_misses_counted_as_samples_and_as_inputs():
    training = [("A", "C", "B")] * 3 + [("ABCDE", "F", "F")] + [("KLMNO", "Q", "P")]
    data = results_page.Data(_runs("06", "article", [0.2], training=training))
    table = "\n".join(results_page.length_table(data, ["06 article"], "jax"))
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
    assert results_page.drift_supports(DRIFT.format(paths=0.69, nudged=0.75))
    # the nudge drifting far less than the two paths: rounding does not explain
    assert not results_page.drift_supports(DRIFT.format(paths=0.69, nudged=0.2))
    # no growth with training
    assert not results_page.drift_supports(DRIFT.format(paths=1e-4, nudged=1e-4))
    assert not results_page.drift_supports("")


def test_fed_back_recital_counted_to_the_first_wrong_step():
    steps = [{"inputs": a, "predicted": b, "expected": e} for a, b, e in RECITAL]
    assert results_page.recited_steps(steps) == 25
    steps[3] = {"inputs": "D", "predicted": "F", "expected": "E"}
    assert results_page.recited_steps(steps) == 3


def test_page_of_made_up_runs_reads_and_has_every_section(tmp_path):
    runs = FIXED + [dict(r, backend="jax") for r in FIXED]
    results = compare_report.Results(runs=runs, sources=[{"file": "x.jsonl"}])
    page = results_page.page(results, tmp_path / "results", [])
    assert page.startswith("# Results") and results_page.GENERATED in page
    assert "| 01 | article | below 100% | holds at every seed (2 of 2) |" in page
    assert "## Failed runs" in page and "ValueError: boom" in page
    for heading in ("How to read this page", "The article's claims", "What was run"):
        assert f"## {heading}" in page


def test_readme_block_replaced_between_its_markers():
    block = results_page.readme_block(compare_report.Results(runs=FIXED))
    readme = f"intro\n{results_page.README_BEGIN}\nold\n{results_page.README_END}\nend"
    new = results_page.with_readme_block(readme, block)
    assert new.startswith("intro\n" + block) and new.endswith("\nend")
    assert (
        "| 01 article | below 100% | holds at every seed (2 of 2) | not run |" in block
    )
    assert results_page.with_readme_block("no markers", block) == "no markers"


def test_committed_results_page_is_what_the_runs_give(tmp_path, capsys):
    """RESULTS.md and the README's block are generated, not written by hand."""
    copy = tmp_path / "results"
    shutil.copytree(COMMITTED, copy, ignore=shutil.ignore_patterns("*.png"))
    readme = (ROOT / "README.md").read_text()
    (tmp_path / "README.md").write_text(readme)
    assert compare.main(["--report", str(copy)]) == 0
    written = (tmp_path / "RESULTS.md").read_text()
    assert (ROOT / "RESULTS.md").read_text() == written, (
        "RESULTS.md is not what `python compare.py --report results` writes"
    )
    assert (tmp_path / "README.md").read_text() == readme, (
        "the README's over-seeds block is not what the saved runs give"
    )
    assert results_page.withdrawn(written) == []
    drawn = sorted(p.name for p in copy.glob("*.png"))
    assert drawn and all(
        (COMMITTED / name).read_bytes() == (copy / name).read_bytes() for name in drawn
    ), "the figures in results/ are not what the saved runs give"


def test_every_claim_label_is_explained_on_the_page():
    assert {c.label for c in results_page.CLAIMS} == set(results_page.CLAIM_MEANINGS)


def test_lists_of_most_missed_are_not_cut_inside_a_tie():
    from collections import Counter

    counts = Counter({"A": 5, "B": 4, "C": 4, "D": 1})
    assert results_page.first_ties(counts, at_least=2) == [("A", 5), ("B", 4), ("C", 4)]
    assert results_page.first_ties(counts, at_least=9) == results_page.ranked(counts)
