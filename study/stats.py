"""The statistics of the page: two groups of runs compared, or pairs of runs.

Two groups (the seeds of one variant against those of another) are
compared with a two-sided Mann-Whitney U test; pairs (two variants run at
the same seeds) with a two-sided Wilcoxon signed-rank test on the
seed-by-seed differences. Both come from scipy.stats, with the options
named in ``MANN_WHITNEY`` and ``WILCOXON``, the words the page prints.
Counts of runs, a yes or no each: Fisher's exact test (two groups) and
McNemar's (pairs). Which of the two a comparison gets is the page's one
rule, decided in study/shared.py (``as_pairs``), not here.
Nothing here knows about runs: values in, numbers out.
"""

from __future__ import annotations

import contextlib
import statistics
from collections.abc import Hashable, Iterator, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field


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
MCNEMAR = (
    "McNemar's exact test on the seeds where the two disagree "
    "(statsmodels.stats.contingency_tables.mcnemar, exact=True)"
)
HOLM = (
    "Holm's step-down method over every test the page runs "
    '(statsmodels.stats.multitest.multipletests, method="holm")'
)
# Differences are rounded here before ranking, so that two differences
# equal on the page (0.50 and 0.50 points) are one tie, whatever the last
# bits of the floating-point subtraction.
DIGITS = 9


class PValue(float):
    """A test's p as computed, and the p adjusted over the page's tests.

    ``adjusted`` is None until the page's family of tests is known (and
    for a test that had nothing to test). Verdicts use ``deciding``.
    """

    adjusted: float | None

    def __new__(cls, raw: float, adjusted: float | None = None) -> PValue:
        made = super().__new__(cls, raw)
        made.adjusted = adjusted
        return made

    @property
    def deciding(self) -> float:
        """The p a verdict compares with ALPHA: adjusted where known."""
        return float(self) if self.adjusted is None else self.adjusted


@dataclass
class Family:
    """Every test a page runs, once each, and their p adjusted by Holm.

    The page is made twice: the first pass registers each test's raw p
    (a test run twice, in a finding and in its section, counts once); then
    ``adjust``; the second pass reads each test's adjusted p.
    """

    raw: dict[Hashable, float] = field(default_factory=dict)
    adjusted: dict[Hashable, float] | None = None

    def __len__(self) -> int:
        return len(self.raw)

    def register(self, key: Hashable, p: float) -> PValue:
        """The test's p; adjusted once ``adjust`` has run."""
        if self.adjusted is None:
            self.raw[key] = p
            return PValue(p)
        if key not in self.adjusted:
            raise KeyError(f"a test the first pass did not run: {key!r}")
        return PValue(p, self.adjusted[key])

    def adjust(self) -> None:
        """Holm's adjustment of every registered p (``HOLM``)."""
        if not self.raw:
            self.adjusted = {}
            return
        from statsmodels.stats.multitest import multipletests

        corrected = multipletests(list(self.raw.values()), method="holm")[1]
        self.adjusted = dict(zip(self.raw, map(float, corrected), strict=True))


_FAMILY: ContextVar[Family | None] = ContextVar("family", default=None)


@contextlib.contextmanager
def family() -> Iterator[Family]:
    """Within this block every test registers with the family it yields."""
    tests = Family()
    token = _FAMILY.set(tests)
    try:
        yield tests
    finally:
        _FAMILY.reset(token)


def tested(key: Hashable, p: float) -> PValue:
    """A test's p, registered with the family in force (if any)."""
    tests = _FAMILY.get()
    return PValue(p) if tests is None else tests.register(key, p)


def mann_whitney_p(a: Sequence[float], b: Sequence[float]) -> PValue:
    """p of the Mann-Whitney U test (``MANN_WHITNEY``); 1.0 where it has none.

    1.0 where a side is empty or every value is equal (no ranks to tell
    apart).
    """
    if not a or not b or len(set(a) | set(b)) == 1:
        return PValue(1.0)  # nothing to test: not one of the page's tests
    from scipy import stats as scipy_stats  # here: --help needs no scipy

    result = scipy_stats.mannwhitneyu(
        a, b, alternative="two-sided", method="asymptotic", use_continuity=True
    )
    key = ("Mann-Whitney", *sorted([tuple(a), tuple(b)]))
    return tested(key, float(result.pvalue))


def wilcoxon_p(differences: Sequence[float]) -> PValue:
    """p of the Wilcoxon signed-rank test (``WILCOXON``); 1.0 without one.

    1.0 where no difference is other than zero (nothing left to rank).
    """
    rounded = [round(d, DIGITS) for d in differences]
    if not any(rounded):
        return PValue(1.0)  # nothing to test: not one of the page's tests
    from scipy import stats as scipy_stats

    result = scipy_stats.wilcoxon(
        rounded,
        zero_method="wilcox",
        correction=True,
        alternative="two-sided",
        method="asymptotic",
    )
    return tested(("Wilcoxon", tuple(rounded)), float(result.pvalue))


def fisher_p(a_yes: int, a_total: int, b_yes: int, b_total: int) -> PValue:
    """p of a two-sided Fisher exact test: are k of n as common in a as in b?

    For counts of runs (a run with a miss of some kind, or without), where
    a rank test has nothing to rank. 1.0 where a side has no runs.
    """
    if not a_total or not b_total:
        return PValue(1.0)
    table = [[a_yes, a_total - a_yes], [b_yes, b_total - b_yes]]
    from scipy import stats as scipy_stats

    p = float(scipy_stats.fisher_exact(table, alternative="two-sided").pvalue)
    return tested(("Fisher", a_yes, a_total, b_yes, b_total), p)


def mcnemar_p(only_a: int, only_b: int) -> PValue:
    """p of McNemar's exact test (``MCNEMAR``): is a yes as often as b?

    For two yes-or-no outcomes at the same seeds: only the seeds where they
    disagree count (``only_a``: a yes and b no; ``only_b``: the reverse).
    1.0 where none disagree.
    """
    if not only_a + only_b:
        return PValue(1.0)  # nothing to test: not one of the page's tests
    from statsmodels.stats.contingency_tables import mcnemar

    p = float(mcnemar([[0, only_a], [only_b, 0]], exact=True).pvalue)
    return tested(("McNemar", only_a, only_b), p)


def significant(p: float) -> bool:
    """Below ALPHA: by the adjusted p where known, else by the raw one."""
    return (p.deciding if isinstance(p, PValue) else p) < ALPHA


def direction(p: float, mean_difference: float) -> str:
    """The verdict: higher, lower or no difference shown, from a p and a sign.

    A PValue decides by its adjusted p where the page's tests are known.
    """
    if not significant(p) or mean_difference == 0:
        return "no difference shown"
    return "higher" if mean_difference > 0 else "lower"


@dataclass(frozen=True)
class Comparison:
    """Two groups of values compared: their sizes, means, verdict and p."""

    a: tuple[float, ...]
    b: tuple[float, ...]
    p: float
    test = "Mann-Whitney"  # its name beside the p

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
    test = "Wilcoxon"  # its name beside the p

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


@dataclass(frozen=True)
class Counted:
    """A yes or no per run, two variants compared: pairs or two groups.

    ``a``/``b``: (runs with a yes, runs) of each side, over the seeds
    tested (for pairs, the seeds both have); ``test``: McNemar (pairs) or
    Fisher (two groups), the name beside ``p``.
    """

    a: tuple[int, int]
    b: tuple[int, int]
    test: str
    p: float

    @property
    def verdict(self) -> str:
        """Is a yes more common in ``a`` (higher), in ``b`` (lower), or neither."""
        return direction(self.p, self.a[0] / self.a[1] - self.b[0] / self.b[1])


def counted_pairs(a: Mapping[int, bool], b: Mapping[int, bool]) -> Counted | None:
    """The seeds both have, a yes or no each, by McNemar's test; None if none."""
    seeds = sorted(set(a) & set(b))
    if not seeds:
        return None
    only_a = sum(a[s] and not b[s] for s in seeds)
    only_b = sum(b[s] and not a[s] for s in seeds)
    yes_a, yes_b = (sum(side[s] for s in seeds) for side in (a, b))
    return Counted((yes_a, len(seeds)), (yes_b, len(seeds)), "McNemar",
                   mcnemar_p(only_a, only_b))  # fmt: skip


def counted_groups(a: Sequence[bool], b: Sequence[bool]) -> Counted | None:
    """Two groups of runs, a yes or no each, by Fisher's test; None if a side
    has none."""
    if not a or not b:
        return None
    yes_a, yes_b = sum(a), sum(b)
    return Counted((yes_a, len(a)), (yes_b, len(b)), "Fisher",
                   fisher_p(yes_a, len(a), yes_b, len(b)))  # fmt: skip


def sample_sd(values: Sequence[float]) -> float:
    """The sample standard deviation (n - 1); 0 for a single value."""
    return statistics.stdev(values) if len(values) > 1 else 0.0
