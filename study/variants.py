"""What to run: the variants, each an experiment and the flags it changes.

Every configuration the study runs is a Variant in VARIANTS: the article's
settings of each experiment, the controls (each changes one thing, to test
an explanation) and the conjectures (each tests one of the article's
guesses). How a run of a variant is judged is claims.py's. Nothing here
imports Keras.
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
    """

    experiment: str
    name: str  # "article" or what the variant changes
    kwargs: tuple[tuple[str, Any], ...] = ()
    description: str = "the article's settings"
    epochs: int | None = None
    role: str = "article"

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
_ALL = (("all_inputs", True),)

VARIANTS = [
    Variant("01", "article"),
    Variant(
        "01",
        "epochs-5000",
        description="04's 5000 epochs, one sample per update",
        epochs=5000,
        role="control",
    ),
    Variant("02", "article"),
    Variant("03", "article"),
    Variant("04", "article"),
    Variant(
        "04",
        "shuffle",
        (("shuffle", True),),
        "rows shuffled every epoch",
        role="control",
    ),
    Variant(
        "04",
        "batch-1",
        (("batch_size", 1),),
        "one sample per update instead of the full batch",
        role="control",
    ),
    Variant("05", "article"),
    Variant(
        "05",
        "every-cold-start",
        (("every_cold_start", True),),
        "the article's run, then a cold start from each letter A..Y",
        role="control",
    ),
    Variant("06", "article", _ALL),
    Variant(
        "06",
        "pad-distinct",
        (("pad", "distinct"), *_ALL),
        "non-letter padding, masked",
        role="control",
    ),
    Variant(
        "06",
        "pad-distinct-unmasked",
        (("pad", "distinct-unmasked"), *_ALL),
        "non-letter padding, not masked",
        role="control",
    ),
    Variant(
        "06",
        "patterns-250",
        (("patterns", 250), *_ALL),
        "250 random patterns instead of 1000",
        role="conjecture",
    ),
    Variant(
        "06",
        "patterns-500",
        (("patterns", 500), *_ALL),
        "500 random patterns instead of 1000",
        role="conjecture",
    ),
    Variant(
        "06",
        "patterns-250-e2000",
        (("patterns", 250), *_ALL),
        "250 patterns, 2000 epochs (the article's number of updates)",
        epochs=2000,
        role="conjecture",
    ),
    Variant(
        "06",
        "patterns-500-e1000",
        (("patterns", 500), *_ALL),
        "500 patterns, 1000 epochs (the article's number of updates)",
        epochs=1000,
        role="conjecture",
    ),
    Variant(
        "06",
        "epochs-1000",
        _ALL,
        "more training (1000 epochs)",
        epochs=1000,
        role="conjecture",
    ),
    Variant(
        "06",
        "units-64",
        (("units", 64), *_ALL),
        "a larger network (LSTM(64))",
        role="conjecture",
    ),
    Variant(
        "06",
        "epochs-1000-units-64",
        (("units", 64), *_ALL),
        "both (1000 epochs, LSTM(64))",
        epochs=1000,
        role="conjecture",
    ),
    Variant(
        "mlp",
        "hidden-64",
        (),
        "a perceptron on 02's window, 2 x 64 ReLU units",
        role="conjecture",
    ),
    Variant(
        "mlp",
        "hidden-256",
        (("hidden", 256),),
        "a perceptron on 02's window, 2 x 256 ReLU units",
        role="conjecture",
    ),
    Variant(
        "mlp",
        "hidden-64-epochs-5000",
        (),
        "the perceptron of 2 x 64 ReLU units, 5000 epochs (more training)",
        epochs=5000,
        role="conjecture",
    ),
    Variant(
        "prefix",
        "article-hint",
        (),
        "a stateless LSTM on the 25 zero-padded prefixes",
        role="conjecture",
    ),
    Variant(
        "prefix",
        "epochs-1000",
        (),
        "the same, 1000 epochs instead of 300 (more training)",
        epochs=1000,
        role="conjecture",
    ),
]
VARIANT_BY_KEY: dict[VariantKey, Variant] = {v.key: v for v in VARIANTS}
