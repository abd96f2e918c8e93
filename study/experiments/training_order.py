"""The control that splits plain from fast on TensorFlow: the sample order.

On TensorFlow the fast training differs from the article's own ``fit``
calls (``--plain``) in two ways: each epoch's order (a fresh permutation;
Keras 3's ``fit`` there presents one fixed order every epoch) and XLA's
arithmetic. ``keras-order`` changes the first only: the fast training
given Keras's fixed order (``fast_training.keras_tensorflow_order``). Run
on TensorFlow only: on JAX, Keras's ``fit`` already draws a fresh order
every epoch, as the fast training does. The plain-against-fast section
(study/sections/plain.py) prints what these runs show; its sentences are
in training_order.md beside this file.
"""

from __future__ import annotations

from study.explain import Explanation
from study.groups import Groups
from study.sections.shared import identical_runs
from study.template import Template
from study.variants import Variant
from study.words import listed, of

NAME = "keras-order"
VARIANTS = [
    Variant(
        experiment,
        NAME,
        description="the fast training in the one fixed order of Keras 3's fit "
        "on TensorFlow (TensorFlow only)",
        role="control",
        keras_order=True,
    )
    for experiment in ("01", "02", "03", "06")
]

BACKEND = "tensorflow"
TEXT = Template.beside(__file__)


def control_of(label: str) -> str:
    """The control of a variant's runs: ``03 article`` -> ``03 keras-order``."""
    return f"{label.split(' ', 1)[0]} {NAME}"


def against_plain(data: Groups, labels: list[str]) -> list[tuple[str, int, int]]:
    """(control, runs identical to plain, pairs) for each label run both ways."""
    found = []
    for label in labels:
        control = data.runs(control_of(label), BACKEND)
        plain = data.runs(label, BACKEND, plain=True)
        same, pairs = identical_runs(control, plain)
        if pairs:
            found.append((control_of(label), same, pairs))
    return found


def totals(found: list[tuple[str, int, int]]) -> tuple[int, int]:
    """(identical, pairs) summed over the controls."""
    return sum(k for _, k, _ in found), sum(n for _, _, n in found)


def explanation(data: Groups, labels: list[str]) -> Explanation:
    """Why plain and fast differ on TensorFlow (``labels``: where they do)."""
    found = against_plain(data, labels)
    if not found:
        return Explanation(TEXT.phrase("why-plain-differ-untested"))
    ran = {control.split(" ", 1)[0] for control, _, _ in found}
    missing = [f"`{label}`" for label in labels if label.split(" ", 1)[0] not in ran]
    same, pairs = totals(found)
    return Explanation(
        TEXT.phrase(
            "why-plain-differ-order",
            same=of(same, pairs),
            each=listed([f"`{c}` at {of(k, n)}" for c, k, n in found]),
            missing=TEXT.phrase("not-run-for", which=listed(missing))
            if missing
            else "",
        ),
        runs=tuple(control for control, _, _ in found),
        needs=TEXT.phrase("needs-plain-order"),
        holds=same == pairs,
    )


def finding(data: Groups, labels: list[str]) -> str | None:
    """The finding's clause on what makes plain and fast differ; None where
    the control does not show it."""
    found = against_plain(data, labels)
    if not explanation(data, labels).supported:
        return None
    same, pairs = totals(found)
    return TEXT.phrase(
        "finding-plain-order",
        same=of(same, pairs),
        runs=listed([f"`{c}`" for c, _, _ in found]),
    )
