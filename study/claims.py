"""What the article claims, and how one run is judged against each claim.

The article prints one run of each experiment; the study runs them over
many seeds and counts how often each claim held, and the slow tests
(tests/test_article_claims.py) assert the same claims at the article's
seed. Both read the one table here, CLAIMS, so that a claim is worded and
checked in one place.

A claim is checked on a *run record*: the dict the study stores per run
(running.record_of), JSON-ready, with the keys experiment, variant,
backend, seed, epochs, status, accuracy, seconds and predictions (section
-> list of {inputs, predicted, expected}). Experiments 01-04 and 06 have
a "training" section (04 and 06 also "random"); 05 has "recital",
"cold_start" and "warm_start" ("05 every-cold-start" also
"every_cold_start", and the field "cold_nearest"). measures.py measures a
run; nothing here imports Keras.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

import common
from study.measures import Run, perfect, recites_alphabet, right
from study.variants import VariantKey

# The article's printed accuracy for each experiment, in percent.
ARTICLE_ACCURACY: dict[str, float | None] = {
    "01": 84.00,
    "02": 86.96,
    "03": 100.00,
    "04": 100.00,
    "05": 100.00,
    "06": 98.90,
    "mlp": None,  # the article's guesses: never run there
    "prefix": None,
}
# Experiment 6 is "near 98.90%": within this many points, fixed in advance.
NEAR_POINTS = 2.0
# Experiment 6 is "learned well": at least this accuracy. Ours, set from
# the runs of seeds LEARNED_WELL_SEEDS, before the tests used it (RESULTS.md
# gives the lowest of those, and the counts on the other seeds apart).
LEARNED_WELL = 0.96
LEARNED_WELL_SEEDS = range(1, 6)

# A claim's check: (the run, every run of the same seed and backend, keyed
# by VariantKey) -> whether the claim held; None where it cannot be checked.
Check = Callable[[Run, dict[VariantKey, Run]], bool | None]


@dataclass(frozen=True)
class Claim:
    """One claim about one variant's run.

    ``id`` is short and stable (test ids, the report); ``label`` is what
    the table shows beside the variant. ``against`` names the variant a
    comparing claim needs a run of, at the same seed and backend.
    """

    id: str
    experiment: str
    variant: str
    label: str
    check: Check
    against: VariantKey | None = None

    @property
    def key(self) -> VariantKey:
        """(experiment, variant) of the runs the claim is about."""
        return (self.experiment, self.variant)


def _perfect(run: Run, same_seed: dict[VariantKey, Run]) -> bool:
    """100%: the accuracy, and every training prediction where there are any."""
    return perfect(run)


def _below_100(run: Run, same_seed: dict[VariantKey, Run]) -> bool:
    """Not learned perfectly."""
    return run["accuracy"] < 1


def _random_right(run: Run, same_seed: dict[VariantKey, Run]) -> bool:
    """Every one of the random patterns tested after training was right."""
    return all(map(right, run["predictions"]["random"]))


def _recites(run: Run, same_seed: dict[VariantKey, Run]) -> bool:
    """Seeded with A, each prediction fed back in, it says B .. Z."""
    return recites_alphabet(run)


def _cold_k_not_l(run: Run, same_seed: dict[VariantKey, Run]) -> bool:
    """Started cold at K (a zero state), the first prediction is not L."""
    first = run["predictions"]["cold_start"][0]
    return first["inputs"] == "K" and first["predicted"] != "L"


def _warm_k_to_l(run: Run, same_seed: dict[VariantKey, Run]) -> bool:
    """Warmed up with A..J first, then K: it predicts L."""
    first = run["predictions"]["warm_start"][0]
    return first["inputs"] == "K" and first["predicted"] == "L"


def _near_article(run: Run, same_seed: dict[VariantKey, Run]) -> bool:
    """Within NEAR_POINTS of the article's 98.90%."""
    return abs(run["accuracy"] * 100 - ARTICLE_ACCURACY["06"]) <= NEAR_POINTS


def _learned_well(run: Run, same_seed: dict[VariantKey, Run]) -> bool:
    """At least LEARNED_WELL."""
    return run["accuracy"] >= LEARNED_WELL


def _versus(
    claim_id: str,
    variant: VariantKey,
    label: str,
    against: VariantKey,
) -> Claim:
    """A claim that a run's accuracy is above another run's.

    The other run is the ``against`` variant's, at the same seed and on
    the same backend; without it the claim cannot be checked (None).
    """

    def check(run: Run, same_seed: dict[VariantKey, Run]) -> bool | None:
        other = same_seed.get(against)
        if other is None:
            return None
        return run["accuracy"] > other["accuracy"]

    return Claim(claim_id, *variant, label, check, against)


CLAIMS: list[Claim] = [
    Claim("01-below-100", "01", "article", "below 100%", _below_100),
    Claim("02-below-100", "02", "article", "below 100%", _below_100),
    _versus("02-above-01", ("02", "article"), "above 01", ("01", "article")),
    Claim("03-100", "03", "article", "100%", _perfect),
    Claim("04-100", "04", "article", "100%", _perfect),
    Claim("04-random-right", "04", "article", "random right", _random_right),
    Claim("04-shuffle-100", "04", "shuffle", "100%", _perfect),
    Claim("04-shuffle-random-right", "04", "shuffle", "random right", _random_right),
    Claim("05-100", "05", "article", "100%", _perfect),
    Claim("05-recites", "05", "article", "recites A..Z", _recites),
    Claim("05-cold-k-not-l", "05", "article", "cold K not L", _cold_k_not_l),
    Claim("05-warm-k-to-l", "05", "article", "warm K -> L", _warm_k_to_l),
    Claim(
        "06-near-article",
        "06",
        "article",
        f"within {NEAR_POINTS:g} pts of {ARTICLE_ACCURACY['06']:.2f}%",
        _near_article,
    ),
    Claim("06-below-100", "06", "article", "below 100%", _below_100),
    Claim(
        "06-learned-well",
        "06",
        "article",
        f"at least {LEARNED_WELL:.0%}",
        _learned_well,
    ),
]
CLAIM_BY_ID: dict[str, Claim] = {c.id: c for c in CLAIMS}


def backend_of(run: Run) -> str:
    """A run's backend; runs recorded before backends were recorded: TF."""
    return run.get("backend", "tensorflow")


class Verdict(NamedTuple):
    """Whether one claim held for one run (a seed, on a backend)."""

    claim: Claim
    backend: str
    seed: int
    held: bool


def claim_verdicts(runs: Iterable[Run]) -> list[Verdict]:
    """Every claim checked on every finished run it is about.

    A run is compared only with runs of the same seed on the same backend;
    a claim that cannot be checked for a run (the run it is compared with
    failed or is missing) gives no verdict. In order: backend
    (common.SUPPORTED_BACKENDS), then claim (CLAIMS), then run.
    """
    ok = [r for r in runs if r.get("status") == "ok" and not r.get("plain")]
    by_seed: dict[tuple[str, int], dict[VariantKey, Run]] = {}
    for r in ok:
        by_seed.setdefault((backend_of(r), r["seed"]), {})[
            (r["experiment"], r["variant"])
        ] = r
    verdicts = []
    for backend in common.SUPPORTED_BACKENDS:
        mine = [r for r in ok if backend_of(r) == backend]
        for claim in CLAIMS:
            for r in mine:
                if (r["experiment"], r["variant"]) != claim.key:
                    continue
                held = claim.check(r, by_seed[(backend, r["seed"])])
                if held is not None:
                    verdicts.append(Verdict(claim, backend, r["seed"], bool(held)))
    return verdicts
