"""The runs grouped by variant, backend, and plain or fast: the one grouping.

The terminal summary, the figures and the page all look runs up here:
``Groups(runs).runs("06 article", "jax")`` is seed -> run of the variant's
finished fast runs on JAX; ``plain=True`` gives the runs made with the
scripts' --plain path instead. A variant is named by its label
(``"06 article"``, variants.Variant.label). Nothing here imports Keras.
"""

from __future__ import annotations

from collections.abc import Sequence

import common
from study.claims import Claim, Verdict, claim_verdicts
from study.measures import section_score
from study.record import Run

# (experiment, variant, backend, plain): the runs of one group.
GroupKey = tuple[str, str, str, bool]


def group_key(run: Run) -> GroupKey:
    """The group a run belongs to."""
    return (run.experiment, run.variant, run.backend, run.plain)


class Groups:
    """Finished runs by group and seed; failed runs apart; claim verdicts."""

    def __init__(self, runs: Sequence[Run], claims: Sequence[Claim]) -> None:
        self.failed = [r for r in runs if not r.ok]
        self._ok: dict[GroupKey, dict[int, Run]] = {}
        self._failed: dict[GroupKey, int] = {}
        for r in sorted(runs, key=lambda r: r.seed):
            key = group_key(r)
            if r.ok:
                self._ok.setdefault(key, {})[r.seed] = r
            else:
                self._failed[key] = self._failed.get(key, 0) + 1
        self.verdicts: list[Verdict] = claim_verdicts(runs, claims)

    def runs(self, label: str, backend: str, plain: bool = False) -> dict[int, Run]:
        """Seed -> finished run of a variant on a backend, in seed order."""
        experiment, name = label.split(" ", 1)
        return self._ok.get((experiment, name, backend, plain), {})

    def failed_count(self, label: str, backend: str, plain: bool = False) -> int:
        """How many runs of a variant on a backend failed."""
        experiment, name = label.split(" ", 1)
        return self._failed.get((experiment, name, backend, plain), 0)

    def backends(self, label: str, plain: bool = False) -> list[str]:
        """The backends with finished runs of a variant, in the usual order."""
        return [
            b for b in common.SUPPORTED_BACKENDS if self.runs(label, b, plain=plain)
        ]

    def scores(
        self, label: str, backend: str, section: str = "", plain: bool = False
    ) -> dict[int, float]:
        """Seed -> percent right: the training accuracy, or over a section."""
        found = {}
        for seed, run in self.runs(label, backend, plain=plain).items():
            score = section_score(run, section)
            if score is not None:
                found[seed] = score
        return found

    def accuracies(
        self, label: str, backend: str, section: str = "", plain: bool = False
    ) -> list[float]:
        """Percent right per seed, in seed order (``scores``' values)."""
        return list(self.scores(label, backend, section, plain).values())

    def perfect(self, label: str, backend: str, section: str = "") -> tuple[int, int]:
        """(seeds at 100%, seeds) for a variant: training, or a section."""
        values = self.accuracies(label, backend, section)
        return sum(v == 100 for v in values), len(values)

    def held(self, claim_id: str, backend: str) -> tuple[int, int]:
        """(seeds where a claim held, seeds where it was checked)."""
        mine = [
            v.held
            for v in self.verdicts
            if v.claim.id == claim_id and v.backend == backend
        ]
        return sum(mine), len(mine)
