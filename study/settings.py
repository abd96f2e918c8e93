"""Settings the page states, read from the scripts and variants, not typed.

How many weights a model has, how many samples an update sees, how many
weight updates a training makes: computed from the scripts' constants
(``UNITS``, ``EPOCHS``, ...) and each variant's changes (a Variant's kwargs),
so that the page follows the code. Importing a script imports no Keras.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import common
from study.variants import Variant
from study.scripts import load_script

# model.fit shuffles the samples every epoch unless told not to; 01, 02
# and 03 keep that default (04 sets SHUFFLE = False).
FIT_SHUFFLES = True


def lstm_weights(inputs: int, units: int) -> int:
    """Weights of an LSTM layer: four gates, each a kernel, a recurrent
    kernel and a bias."""
    return 4 * (units * (inputs + units) + units)


def dense_weights(inputs: int, units: int) -> int:
    """Weights of a dense layer: a kernel and a bias."""
    return inputs * units + units


def window_lstm_weights() -> int:
    """Experiment 2's model: LSTM on the three-letter window, then softmax."""
    script = load_script("02")
    units = script.UNITS
    return lstm_weights(script.SEQ_LENGTH, units) + dense_weights(
        units, common.N_LETTERS
    )


def perceptron_weights(hidden: int) -> int:
    """The perceptron of conjecture (a): two hidden layers, then softmax."""
    window = load_script("mlp").SEQ_LENGTH
    return (
        dense_weights(window, hidden)
        + dense_weights(hidden, hidden)
        + dense_weights(hidden, common.N_LETTERS)
    )


def hidden_units(variant: Variant) -> int:
    """A perceptron variant's hidden units (its own, else the script's)."""
    return dict(variant.kwargs).get("hidden", load_script("mlp").HIDDEN)


@dataclass(frozen=True)
class Training:
    """How a variant of experiments 1 and 4 trains (experiment 4's table)."""

    batch: int
    samples: int
    epochs: int
    units: int
    shuffled: bool

    @property
    def updates(self) -> int:
        """Weight updates: epochs times the batches of an epoch."""
        return self.epochs * math.ceil(self.samples / self.batch)

    @property
    def batch_text(self) -> str:
        return f"{self.batch} (all)" if self.batch == self.samples else str(self.batch)


def one_letter_training(variant: Variant) -> Training:
    """The training of a variant of experiment 1 or 4, from its constants."""
    script = load_script(variant.experiment)
    kwargs = dict(variant.kwargs)
    samples = common.N_LETTERS - 1  # the pairs A -> B .. Y -> Z
    default_batch = getattr(script, "BATCH_SIZE", samples)  # 04: the full batch
    return Training(
        batch=kwargs.get("batch_size") or default_batch,
        samples=samples,
        epochs=variant.epochs or script.EPOCHS,
        units=script.UNITS,
        shuffled=kwargs.get("shuffle", getattr(script, "SHUFFLE", FIT_SHUFFLES)),
    )


def patterns_and_epochs(variant: Variant) -> tuple[int, int]:
    """Experiment 6: a variant's random patterns and epochs."""
    script = load_script(variant.experiment)
    patterns = dict(variant.kwargs).get("patterns", script.NUM_INPUTS)
    return patterns, variant.epochs or script.EPOCHS


def updates_06(variant: Variant) -> int:
    """Experiment 6's weight updates: one per pattern per epoch (batch 1)."""
    patterns, epochs = patterns_and_epochs(variant)
    return patterns * epochs // load_script("06").BATCH_SIZE
