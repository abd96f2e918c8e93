"""The statistics of the page: two groups of runs compared, or pairs of runs.

Two groups (the seeds of one variant against those of another) are
compared with a two-sided Mann-Whitney U test; pairs (two variants run at
the same seeds) with a two-sided Wilcoxon signed-rank test on the
seed-by-seed differences. Both come from scipy.stats, with the options
named in ``MANN_WHITNEY`` and ``WILCOXON``, the words the page prints.
Nothing here knows about runs: values in, numbers out.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


# A comparison reads "higher" or "lower" below this p, else "no difference
# shown" (which is not a proof of no difference).
ALPHA = 0.05
MANN_WHITNEY = (
    "two-sided Mann-Whitney U test, normal approximation with tie and "
    "continuity corrections"
)
WILCOXON = (
    "two-sided Wilcoxon signed-rank test on the seed-by-seed differences: "
    "pairs with no difference are dropped before ranking (scipy's "
    'zero_method="wilcox"), then the normal approximation with tie and '
    "continuity corrections"
)
# Differences are rounded here before ranking, so that two differences
# equal on the page (0.50 and 0.50 points) are one tie, whatever the last
# bits of the floating-point subtraction.
DIGITS = 9


def mann_whitney_p(a: Sequence[float], b: Sequence[float]) -> float:
    """p of the Mann-Whitney U test (``MANN_WHITNEY``); 1.0 where it has none.

    1.0 where a side is empty or every value is equal (no ranks to tell
    apart).
    """
    if not a or not b or len(set(a) | set(b)) == 1:
        return 1.0
    from scipy import stats as scipy_stats  # here: --help needs no scipy

    result = scipy_stats.mannwhitneyu(
        a, b, alternative="two-sided", method="asymptotic", use_continuity=True
    )
    return float(result.pvalue)


def wilcoxon_p(differences: Sequence[float]) -> float:
    """p of the Wilcoxon signed-rank test (``WILCOXON``); 1.0 without one.

    1.0 where no difference is other than zero (nothing left to rank).
    """
    rounded = [round(d, DIGITS) for d in differences]
    if not any(rounded):
        return 1.0
    from scipy import stats as scipy_stats

    result = scipy_stats.wilcoxon(
        rounded,
        zero_method="wilcox",
        correction=True,
        alternative="two-sided",
        method="asymptotic",
    )
    return float(result.pvalue)


def fisher_p(a_yes: int, a_total: int, b_yes: int, b_total: int) -> float:
    """p of a two-sided Fisher exact test: are k of n as common in a as in b?

    For counts of runs (a run with a miss of some kind, or without), where
    a rank test has nothing to rank. 1.0 where a side has no runs.
    """
    if not a_total or not b_total:
        return 1.0
    table = [[a_yes, a_total - a_yes], [b_yes, b_total - b_yes]]
    from scipy import stats as scipy_stats

    return float(scipy_stats.fisher_exact(table, alternative="two-sided").pvalue)


def direction(p: float, mean_difference: float) -> str:
    """The verdict: higher, lower or no difference shown, from a p and a sign."""
    if p >= ALPHA or mean_difference == 0:
        return "no difference shown"
    return "higher" if mean_difference > 0 else "lower"


@dataclass(frozen=True)
class Comparison:
    """Two groups of values compared: their sizes, means, verdict and p."""

    a: tuple[float, ...]
    b: tuple[float, ...]
    p: float

    @property
    def mean_a(self) -> float:
        return statistics.fmean(self.a)

    @property
    def mean_b(self) -> float:
        return statistics.fmean(self.b)

    @property
    def verdict(self) -> str:
        """Is ``a`` higher than ``b``, lower, or is no difference shown."""
        return direction(self.p, self.mean_a - self.mean_b)


def compare(a: Sequence[float], b: Sequence[float]) -> Comparison | None:
    """``a`` against ``b`` (Mann-Whitney); None where a side has no value."""
    if not a or not b:
        return None
    return Comparison(tuple(a), tuple(b), mann_whitney_p(a, b))


@dataclass(frozen=True)
class Paired:
    """Two variants at the same seeds: seed -> (a's value, b's value)."""

    pairs: tuple[tuple[int, float, float], ...]

    @property
    def differences(self) -> list[float]:
        """a - b, seed by seed, rounded (see DIGITS)."""
        return [round(a - b, DIGITS) for _, a, b in self.pairs]

    @property
    def higher(self) -> int:
        """Pairs where a is higher than b."""
        return sum(d > 0 for d in self.differences)

    @property
    def equal(self) -> int:
        return sum(d == 0 for d in self.differences)

    @property
    def lower(self) -> int:
        return sum(d < 0 for d in self.differences)

    @property
    def mean_difference(self) -> float:
        return statistics.fmean(self.differences)

    @property
    def p(self) -> float:
        return wilcoxon_p(self.differences)

    @property
    def verdict(self) -> str:
        return direction(self.p, self.mean_difference)

    @property
    def sizes(self) -> list[float]:
        """How far apart each pair is: |a - b|, zeros included."""
        return [abs(d) for d in self.differences]


def paired(a: Mapping[int, float], b: Mapping[int, float]) -> Paired | None:
    """The seeds both have, paired in seed order; None where there are none."""
    seeds = sorted(set(a) & set(b))
    if not seeds:
        return None
    return Paired(tuple((s, a[s], b[s]) for s in seeds))


def sample_sd(values: Sequence[float]) -> float:
    """The sample standard deviation (n - 1); 0 for a single value."""
    return statistics.stdev(values) if len(values) > 1 else 0.0
