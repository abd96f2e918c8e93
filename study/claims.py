"""How a run is judged: the article's claims as checks on a run record.

The article prints one run of each experiment; the study runs them over
many seeds and counts how often each claim held, and the slow tests
(tests/test_article_claims.py) assert the same claims at the article's
seed. Each experiment module (study/experiments/) words its own claims,
as Claims in its CLAIMS, with the checks here or its own;
registry.CLAIMS collects them, and ``claim_verdicts`` checks them on runs.

A claim is checked on a *run record*, a record.Run (its fields and
prediction sections are described there); measures.py measures a run.
Nothing here imports Keras.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import common
from study.measures import perfect
from study.record import Run
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


def is_perfect(run: Run, same_seed: dict[VariantKey, Run]) -> bool:
    """100%: the accuracy, and every training prediction where there are any."""
    return perfect(run)


def below_100(run: Run, same_seed: dict[VariantKey, Run]) -> bool:
    """Not learned perfectly."""
    return run.accuracy < 1


def versus_claim(
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
        return run.accuracy > other.accuracy

    return Claim(claim_id, *variant, label, check, against)


class Verdict(NamedTuple):
    """Whether one claim held for one run (a seed, on a backend)."""

    claim: Claim
    backend: str
    seed: int
    held: bool


def claim_verdicts(runs: Iterable[Run], claims: Sequence[Claim]) -> list[Verdict]:
    """Every claim checked on every finished run it is about.

    A run is compared only with runs of the same seed on the same backend;
    a claim that cannot be checked for a run (the run it is compared with
    failed or is missing) gives no verdict. In order: backend
    (common.SUPPORTED_BACKENDS), then claim (in ``claims``' order), then run.
    """
    ok = [r for r in runs if r.ok and not r.plain]
    by_seed: dict[tuple[str, int], dict[VariantKey, Run]] = {}
    for r in ok:
        by_seed.setdefault((r.backend, r.seed), {})[(r.experiment, r.variant)] = r
    verdicts = []
    for backend in common.SUPPORTED_BACKENDS:
        mine = [r for r in ok if r.backend == backend]
        for claim in claims:
            for r in mine:
                if (r.experiment, r.variant) != claim.key:
                    continue
                held = claim.check(r, by_seed[(backend, r.seed)])
                if held is not None:
                    verdicts.append(Verdict(claim, backend, r.seed, bool(held)))
    return verdicts
