"""Conjecture (a): a multilayer perceptron on experiment 2's window."""

from __future__ import annotations

import statistics

from study.groups import Groups
from study.scripts import load_script
from study.sections.shared import (
    by_label,
    comparison_lines,
    on_backends,
    perfect_counts,
    phrase,
    verdict_words,
)
from study.settings import hidden_units, perceptron_weights, window_lstm_weights
from study.template import lines
from study.words import NAMES, listed, number, of, pct, table
from study.variants import VARIANT_BY_KEY

SMALL, LARGE, LONGER = "mlp hidden-64", "mlp hidden-256", "mlp hidden-64-epochs-5000"
PERCEPTRONS = [SMALL, LARGE, LONGER]
LSTMS = ["02 article", "03 article"]
TARGET = "03 article"  # what (a) asks the perceptron to match: 100%


def hidden(label: str) -> int:
    return hidden_units(VARIANT_BY_KEY[tuple(label.split(" ", 1))])


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
    return lines(
        "conjecture-a",
        small=hidden(SMALL),
        large=hidden(LARGE),
        small_weights=number(perceptron_weights(hidden(SMALL))),
        large_weights=number(perceptron_weights(hidden(LARGE))),
        lstm_weights=number(window_lstm_weights()),
        epochs=load_script("mlp").EPOCHS,
        longer=LONGER,
        longer_epochs=VARIANT_BY_KEY[tuple(LONGER.split(" ", 1))].epochs,
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
    return phrase(
        "finding-a",
        counts=counts,
        target=on_backends([c for c in perfect_counts(data, TARGET) if c[0] in ran]),
        verdicts=listed(verdicts) or "not compared",
    )
