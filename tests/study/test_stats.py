"""stats.py: the two tests the page names, from scipy, and the pair counts."""

import pytest
from scipy import stats as scipy_stats

from study import stats


@pytest.mark.parametrize(
    "a, b, p",
    [  # p from scipy.stats.mannwhitneyu(a, b, method="asymptotic")
        ([1, 2, 3, 4, 5], [6, 7, 8, 9, 10], 0.012185780355344813),
        ([84, 80, 88, 84, 76], [84, 88, 92, 84, 80], 0.385546631571102),
        ([100] * 10, [100] * 9 + [96], 0.36812025069351895),
        ([1, 1, 2, 2, 3], [2, 3, 3, 4, 4, 5], 0.031633423039876964),
    ],
)
def test_mann_whitney_p_is_the_continuity_corrected_asymptotic_test(a, b, p):
    assert stats.mann_whitney_p(a, b) == pytest.approx(p, rel=1e-9)
    assert stats.mann_whitney_p(b, a) == pytest.approx(p, rel=1e-9)


def test_mann_whitney_p_without_ranks_to_tell_apart():
    assert stats.mann_whitney_p([100] * 5, [100] * 5) == 1.0
    assert stats.mann_whitney_p([], [1.0]) == 1.0


def test_a_comparison_reads_higher_lower_or_no_difference():
    low, high = [80, 84, 76, 80, 88], [100] * 5
    assert stats.compare(high, low).verdict == "higher"
    assert stats.compare(low, high).verdict == "lower"
    assert stats.compare(low, low).verdict == "no difference shown"
    assert stats.compare([], low) is None


def test_pairs_are_counted_seed_by_seed():
    a = {1: 97.0, 2: 99.1, 3: 96.2, 4: 98.0, 5: 90.0}
    b = {1: 97.8, 2: 99.6, 3: 96.2, 4: 97.5, 6: 99.0}  # seed 5 and 6: no pair
    pairs = stats.paired(a, b)
    assert [s for s, _, _ in pairs.pairs] == [1, 2, 3, 4]
    assert (pairs.higher, pairs.equal, pairs.lower) == (1, 1, 2)
    assert pairs.mean_difference == pytest.approx((-0.8 - 0.5 + 0 + 0.5) / 4)
    assert pairs.sizes == pytest.approx([0.8, 0.5, 0.0, 0.5])
    assert stats.paired(a, {7: 1.0}) is None


def test_wilcoxon_drops_zero_differences_and_rounds_ties():
    # 99.6 - 99.1 and 97.1 - 96.6 differ in their last bits: one tie here
    d = [89.3 - 97.8, 97.0 - 97.8, 99.1 - 99.6, 96.6 - 97.1, 0.0, 0.0]
    expected = scipy_stats.wilcoxon(
        [-8.5, -0.8, -0.5, -0.5], zero_method="wilcox", correction=True,
        method="asymptotic",
    ).pvalue  # fmt: skip
    assert stats.wilcoxon_p(d) == pytest.approx(expected, rel=1e-9)
    assert stats.wilcoxon_p([0.0, 0.0]) == 1.0  # nothing left to rank
    assert stats.wilcoxon_p([]) == 1.0


def test_paired_verdict_follows_the_sign_of_the_mean_difference():
    a = {s: 90.0 for s in range(1, 11)}
    b = {s: 95.0 + s / 10 for s in range(1, 11)}
    assert stats.paired(a, b).verdict == "lower"
    assert stats.paired(b, a).verdict == "higher"
    assert stats.paired(a, a).verdict == "no difference shown"


def test_fisher_p_is_the_two_sided_exact_test():
    # 0 of 30 runs against 3 of 30: p from the hypergeometric tails
    assert stats.fisher_p(0, 30, 3, 30) == pytest.approx(0.23728813559322035)
    assert stats.fisher_p(0, 2, 2, 2) == pytest.approx(1 / 3)
    assert stats.fisher_p(0, 0, 3, 30) == 1.0


def test_counts_at_the_same_seeds_are_tested_as_pairs_by_mcnemar():
    """Only the seeds where the two disagree count; the counts are over the
    seeds both have."""
    a = {1: False, 2: False, 3: False, 4: True, 5: False}
    b = {1: True, 2: True, 3: False, 4: True, 6: True}  # 5, 6: no pair
    pairs = stats.counted_pairs(a, b)
    assert (pairs.test, pairs.a, pairs.b) == ("McNemar", (1, 4), (3, 4))
    assert pairs.p == pytest.approx(stats.mcnemar_p(0, 2)) == pytest.approx(0.5)
    assert stats.counted_pairs(a, {9: True}) is None


def test_counts_of_two_groups_are_tested_by_fisher():
    groups = stats.counted_groups([False] * 30, [True] * 3 + [False] * 27)
    assert (groups.test, groups.a, groups.b) == ("Fisher", (0, 30), (3, 30))
    assert groups.p == pytest.approx(0.23728813559322035)
    assert stats.counted_groups([], [True]) is None


def test_each_comparison_names_its_test():
    assert stats.compare([1.0, 2.0], [3.0, 4.0]).test == "Mann-Whitney"
    assert stats.paired({1: 1.0}, {1: 2.0}).test == "Wilcoxon"


def test_holm_adjusts_every_test_of_the_page_once():
    from statsmodels.stats.multitest import multipletests

    low, high = [1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12]
    mid = [1, 2, 3, 4, 5, 7]
    with stats.family() as tests:
        first = [stats.mann_whitney_p(low, high), stats.mann_whitney_p(low, mid)]
        stats.mann_whitney_p(high, low)  # the same test again: counted once
        stats.mann_whitney_p([1, 1], [1, 1])  # nothing to test: not counted
        assert len(tests) == 2 and all(p.adjusted is None for p in first)
        tests.adjust()
        again = stats.mann_whitney_p(low, high)
    expected = multipletests([float(p) for p in first], method="holm")[1]
    assert again.adjusted == pytest.approx(expected[0])
    assert float(again) == float(first[0]) < again.adjusted


def test_the_verdict_follows_the_adjusted_p():
    # Significant as computed, not once adjusted: no difference shown.
    assert stats.direction(stats.PValue(0.01, 0.2), -1.0) == "no difference shown"
    assert stats.direction(stats.PValue(0.01), -1.0) == "lower"
    assert stats.direction(stats.PValue(0.2, 0.01), 1.0) == "higher"


def test_a_test_the_first_pass_missed_is_refused():
    with stats.family() as tests:
        stats.mann_whitney_p([1, 2, 3], [4, 5, 6])
        tests.adjust()
        with pytest.raises(KeyError, match="first pass"):
            stats.mann_whitney_p([1, 2, 3], [4, 5, 7])
