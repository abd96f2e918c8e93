"""Every variant and every claim of the study, collected from the experiments.

Each experiment module (study/experiments/) defines what it runs (its
VARIANTS) and how its runs are judged (its CLAIMS); this is the one place
that lists them all, in the order of the summary, the tables and the
runs files: by experiment (01 .. 06, mlp, prefix), each experiment's
variants in their module's order. The core modules that experiment modules
use (groups, claims, measures, template, ...) never import this one.
"""

from __future__ import annotations

from study.claims import Claim
from study.experiments import (
    conjectures6,
    experiment4,
    experiment5,
    experiment6,
    perceptron,
    training_order,
    windows,
)
from study.variants import Variant, VariantKey

# The experiments in the order of the page's tables.
EXPERIMENTS = ("01", "02", "03", "04", "05", "06", "mlp", "prefix")
VARIANTS: list[Variant] = sorted(
    [
        *windows.VARIANTS,
        *experiment4.VARIANTS,
        *experiment5.VARIANTS,
        *experiment6.VARIANTS,
        *conjectures6.VARIANTS,
        *perceptron.VARIANTS,
        *training_order.VARIANTS,
    ],
    key=lambda v: EXPERIMENTS.index(v.experiment),  # stable: module order kept
)
VARIANT_BY_KEY: dict[VariantKey, Variant] = {v.key: v for v in VARIANTS}
# The conjectures (conjectures6, perceptron) claim nothing: the article guesses.
CLAIMS: list[Claim] = [
    *windows.CLAIMS,
    *experiment4.CLAIMS,
    *experiment5.CLAIMS,
    *experiment6.CLAIMS,
]
CLAIM_BY_ID: dict[str, Claim] = {c.id: c for c in CLAIMS}
