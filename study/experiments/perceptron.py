"""Conjecture (a): a multilayer perceptron on experiment 2's window.

What runs (``mlp hidden-64``, ``mlp hidden-256``, and the first trained
longer; no claims: the article guesses, it does not claim) and the page's
section and finding: the perceptrons beside the LSTMs of experiments 2 and
3 on the same window, and the tests. Its sentences are in perceptron.md
beside this file; its model is study/mlp_window.py.
"""

from __future__ import annotations

import statistics

from study.groups import Groups
from study.scripts import load_script
from study.shared import (
    by_label,
    comparison_lines,
    on_backends,
    perfect_counts,
    verdict_words,
)
from study.settings import hidden_units, perceptron_weights, window_lstm_weights
from study.template import Template
from study.words import NAMES, listed, number, of, pct, table
from study.variants import Variant

HIDDEN_64 = Variant(
    "mlp",
    "hidden-64",
    (),
    "a perceptron on 02's window, 2 x 64 ReLU units",
    role="conjecture",
)
HIDDEN_256 = Variant(
    "mlp",
    "hidden-256",
    (("hidden", 256),),
    "a perceptron on 02's window, 2 x 256 ReLU units",
    role="conjecture",
)
HIDDEN_64_EPOCHS_5000 = Variant(
    "mlp",
    "hidden-64-epochs-5000",
    (),
    "the perceptron of 2 x 64 ReLU units, 5000 epochs (more training)",
    epochs=5000,
    role="conjecture",
)
VARIANTS = [HIDDEN_64, HIDDEN_256, HIDDEN_64_EPOCHS_5000]

TEXT = Template.beside(__file__)
SMALL, LARGE, LONGER = (v.label for v in VARIANTS)
PERCEPTRONS = [SMALL, LARGE, LONGER]
LSTMS = ["02 article", "03 article"]
TARGET = "03 article"  # what (a) asks the perceptron to match: 100%


def section(data: Groups) -> list[str]:
    """The perceptrons beside the LSTMs on the same window, and the tests."""
    rows = [
        [f"`{label}`", NAMES[b], pct(statistics.fmean(data.accuracies(label, b))),
         of(*data.perfect(label, b))]
        for label in [*PERCEPTRONS, *LSTMS]
        for b in data.backends(label)
    ]  # fmt: skip
    comparisons = comparison_lines(
        data,
        [(m, lstm) for m in PERCEPTRONS for lstm in LSTMS] + [(LONGER, SMALL)],
        short=True,
    )
    return TEXT.lines(
        "conjecture-a",
        small=hidden_units(HIDDEN_64),
        large=hidden_units(HIDDEN_256),
        small_weights=number(perceptron_weights(hidden_units(HIDDEN_64))),
        large_weights=number(perceptron_weights(hidden_units(HIDDEN_256))),
        lstm_weights=number(window_lstm_weights()),
        epochs=load_script("mlp").EPOCHS,
        longer=LONGER,
        longer_epochs=HIDDEN_64_EPOCHS_5000.epochs,
        table="\n".join(table(["run", "backend", "mean", "100% at"], rows)),
        comparisons="\n".join(comparisons),
    )


def finding(data: Groups) -> str:
    """(a): 100% at how many seeds, and against experiment 3."""
    counts = by_label([(label, perfect_counts(data, label)) for label in PERCEPTRONS])
    verdicts = []
    for label in PERCEPTRONS:
        for b in data.backends(label):
            if said := verdict_words(data, label, TARGET, b):
                verdicts.append(f"`{label}` {said}")
    ran = {b for label in PERCEPTRONS for b in data.backends(label)}
    return TEXT.phrase(
        "finding-a",
        counts=counts,
        target=on_backends([c for c in perfect_counts(data, TARGET) if c[0] in ran]),
        verdicts=listed(verdicts) or "not compared",
    )
