"""What to run: a Variant is an experiment and the flags it changes.

Every configuration the study runs is a Variant: the article's settings of
each experiment, the controls (each changes one thing, to test an
explanation) and the conjectures (each tests one of the article's
guesses). Each experiment module (study/experiments/) lists its own in its
VARIANTS; registry.VARIANTS collects them. How a run of a variant is
judged is claims.py's. Nothing here imports Keras.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

VariantKey = tuple[str, str]  # (experiment, variant name)


@dataclass(frozen=True)
class Variant:
    """One configuration to run: an experiment and the flags that differ.

    ``epochs``: the variant's own epochs, where it changes the training
    length (else the script's, the article's). ``role``: "article" (the
    article's settings), "control" (changes one thing, to test an
    explanation) or "conjecture" (tests one of the article's guesses).
    ``keras_order``: the fast training runs inside
    ``fast_training.keras_tensorflow_order()`` (TensorFlow only).
    """

    experiment: str
    name: str  # "article" or what the variant changes
    kwargs: tuple[tuple[str, Any], ...] = ()
    description: str = "the article's settings"
    epochs: int | None = None
    role: str = "article"
    keras_order: bool = False

    @property
    def key(self) -> VariantKey:
        """(experiment, name), the key of the variant's runs."""
        return (self.experiment, self.name)

    @property
    def label(self) -> str:
        """``06 article``: how the table and the page name the variant."""
        return f"{self.experiment} {self.name}"


# 06's runs also predict every input of 1..5 letters and recite from A with
# each prediction fed back in (--all-inputs): evaluation only, after the
# article's output, so the training and the printed run are unchanged.
ALL_INPUTS = (("all_inputs", True),)
