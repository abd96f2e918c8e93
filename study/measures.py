"""What one run shows, measured: scores, 100%, misses by input and length.

A run is the record the study stores (a record.Run): its predictions are
Predictions (inputs, predicted, expected) per section. Each
function here reads one run (or a few) and returns a number, a letter or a
count; the measures more than one experiment, the claims, the page or the
figures share are here, and a measure only one experiment uses is in its
module (05's recitals and cold starts in experiments/experiment5.py).
Nothing here imports Keras.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
import common
from study.record import Run

# A recital from A, each answer fed back: A -> B .. Y -> Z, 25 steps.
RECITAL_STEPS = common.N_LETTERS - 1
# 06's draws start at A..X: Y alone is never a training input, so a
# recital fed back one letter at a time can be right at most as far as Y.
NEVER_DRAWN = ("Y",)
# The longest input of experiment 6 (its MAX_LEN), for counts by length.
LENGTHS = range(1, 6)


def right(p: common.Prediction) -> bool:
    """A prediction that is the true next letter (for ``map`` and ``filter``)."""
    return p.correct


def never_drawn(inputs: str) -> bool:
    """An input the article's draws for experiment 6 never produce."""
    return inputs in NEVER_DRAWN


def section_score(run: Run, section: str = "") -> float | None:
    """Percent right over a section of a run; None where it has none.

    Section "" is the training data (the printed accuracy); over "every",
    of the inputs the article's draws can produce (never_drawn left out).
    """
    if not section:
        return run.accuracy * 100
    found = run.section(section)
    if not found:
        return None
    if section == "every":
        found = [p for p in found if not never_drawn(p.inputs)]
    return 100 * sum(map(right, found)) / len(found)


def perfect(run: Run) -> bool:
    """100%: the accuracy, and every training prediction where there are any."""
    training = run.section("training")
    return run.accuracy == 1 and all(map(right, training))


def missed_inputs(run: Run) -> list[str]:
    """The inputs of every training sample predicted wrong, repeats kept."""
    return [p.inputs for p in run.section("training") if not right(p)]


def misses_by_input(runs: Iterable[Run]) -> tuple[Counter[str], Counter[str]]:
    """Over runs: missed samples per input, and runs that missed each input."""
    samples: Counter[str] = Counter()
    seeds: Counter[str] = Counter()
    for r in runs:
        wrong = missed_inputs(r)
        samples.update(wrong)
        seeds.update(set(wrong))
    return samples, seeds


@dataclass
class ByLength:
    """Experiment 6's training samples by input length, over runs.

    ``missed`` and ``total``: samples; ``inputs``: input-runs (a distinct
    input missed in one run; missed at three seeds, it counts three).
    """

    runs: int = 0
    missed: Counter[int] = field(default_factory=Counter)
    total: Counter[int] = field(default_factory=Counter)
    inputs: Counter[int] = field(default_factory=Counter)

    def missed_between(self, shortest: int, longest: int) -> int:
        """Missed samples of ``shortest`` to ``longest`` letters."""
        return sum(self.missed[n] for n in range(shortest, longest + 1))


def by_length(runs: Iterable[Run]) -> ByLength:
    """Missed and total samples, and missed input-runs, by input length."""
    counts = ByLength()
    for r in runs:
        counts.runs += 1
        training = r.section("training")
        counts.total.update(len(p.inputs) for p in training)
        missed = missed_inputs(r)
        counts.missed.update(len(i) for i in missed)
        counts.inputs.update(len(i) for i in set(missed))
    return counts
