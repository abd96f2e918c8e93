"""Run records made up for the report, claim and figure tests (no training).

Each a record.Run, as running.record_of makes them.
"""

from typing import Any

import common
from study.record import Run


def make_run(
    experiment: str, variant: str, seed: int, accuracy: float, **sections: Any
) -> Run:
    """A finished run; ``sections`` maps a section to (inputs, said, expected).

    Every experiment but 05 has a "training" section, as the scripts' do.
    """
    predictions: dict[str, tuple[common.Prediction, ...]] = {}
    if experiment != "05":
        predictions["training"] = ()
    for name, triples in sections.items():
        predictions[name] = tuple(common.Prediction(i, p, e) for i, p, e in triples)
    return Run(
        experiment=experiment,
        variant=variant,
        seed=seed,
        status="ok",
        seconds=1.0 + seed,
        accuracy=accuracy,
        predictions=predictions,
    )


ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# Seeded with A, each letter's successor: the recital of a perfect 05 run.
RECITAL = [(ALPHABET[i], ALPHABET[i + 1], ALPHABET[i + 1]) for i in range(25)]
MISRECITED = [("A", "C", "B")] + RECITAL[1:]

# Runs of seeds 1 and 2, recorded before backends were (so: TensorFlow).
FIXED = [
    make_run("01", "article", 1, 0.84, training=[("W", "Y", "X")]),
    make_run("01", "article", 2, 0.80),
    make_run("02", "article", 1, 0.90),
    make_run("02", "article", 2, 0.70),
    make_run(
        "05",
        "article",
        1,
        1.0,
        recital=RECITAL,
        cold_start=[("K", "B", "L")],
        warm_start=[("K", "L", "L")],
    ),
    make_run(
        "05",
        "article",
        2,
        0.96,
        recital=MISRECITED,
        cold_start=[("K", "L", "L")],
        warm_start=[("K", "B", "L")],
    ),
    Run(
        experiment="06",
        variant="article",
        seed=1,
        status="failed",
        seconds=0.5,
        error="ValueError: boom",
    ),
]
