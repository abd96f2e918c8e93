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

from dataclasses import dataclass

from study.explain import Explanation
from study.groups import Groups
from study.record import Run
from study.shared import same_in
from study.stats import mcnemar_p, significant
from study.template import Template
from study.variants import Variant
from study.words import listed, of, p_text

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


@dataclass(frozen=True)
class Pairs:
    """One variant's seeds run plain, fast and in Keras's order, on TensorFlow.

    ``ordered``/``fresh``: the seeds where the control / the fast training
    gives a run identical to plain (on ``sections_of`` the three);
    ``only_ordered``/``only_fresh``: where one does and the other does not.
    """

    control: str
    seeds: int
    ordered: int
    fresh: int
    only_ordered: int
    only_fresh: int


# Predictions on inputs drawn after training: on TensorFlow the fast training
# draws its epoch orders from NumPy and Keras's fit does not, so these are
# other inputs in a fast run than in a plain one, whatever the training.
DRAWN_AFTER_TRAINING = {"random"}


def sections_of(*runs: Run) -> set[str]:
    """The prediction sections a seed's runs are compared on, alike for the
    control and the fast training: those all of ``runs`` have (06's control
    predicts no more than the training inputs and the random patterns),
    those drawn after training aside."""
    shared = set.intersection(*(set(run.predictions) for run in runs))
    return shared - DRAWN_AFTER_TRAINING


def pairs_of(data: Groups, label: str) -> Pairs:
    """Plain, fast and the control of ``label`` at the seeds run all three ways."""
    control = data.runs(control_of(label), BACKEND)
    plain = data.runs(label, BACKEND, plain=True)
    fast = data.runs(label, BACKEND)
    seeds = [s for s in plain if s in fast and s in control]
    kept = {s: sections_of(control[s], plain[s], fast[s]) for s in seeds}
    ordered = {s for s in seeds if same_in(control[s], plain[s], kept[s])}
    fresh = {s for s in seeds if same_in(fast[s], plain[s], kept[s])}
    return Pairs(control_of(label), len(seeds), len(ordered), len(fresh),
                 len(ordered - fresh), len(fresh - ordered))  # fmt: skip


def pooled(found: list[Pairs]) -> Pairs:
    """Every count of ``found`` summed: the experiments taken together."""
    counts = ("seeds", "ordered", "fresh", "only_ordered", "only_fresh")
    sums = [sum(getattr(x, count) for x in found) for count in counts]
    return Pairs(", ".join(x.control for x in found), *sums)


def ran(data: Groups, labels: list[str]) -> list[Pairs]:
    """The pairs of each label whose control ran at seeds run plain and fast."""
    return [x for x in (pairs_of(data, label) for label in labels) if x.seeds]


def missing_text(found: list[Pairs], labels: list[str]) -> str:
    """`` The control is not run yet for ...`` where some label lacks it."""
    done = {x.control.split(" ", 1)[0] for x in found}
    missing = [f"`{label}`" for label in labels if label.split(" ", 1)[0] not in done]
    return TEXT.phrase("not-run-for", which=listed(missing)) if missing else ""


def drawn_alike(data: Groups, label: str) -> tuple[int, int, int]:
    """(seeds where the control's inputs drawn after training are the plain
    run's, where the fast run's are, seeds run all three ways with such
    inputs)."""
    control = data.runs(control_of(label), BACKEND)
    plain = data.runs(label, BACKEND, plain=True)
    fast = data.runs(label, BACKEND)

    def inputs(run: Run) -> list[str]:
        return [p.inputs for k in sorted(DRAWN_AFTER_TRAINING) for p in run.section(k)]

    seeds = [s for s in plain if s in fast and s in control and inputs(plain[s])]
    same = [
        sum(inputs(x[s]) == inputs(plain[s]) for s in seeds) for x in (control, fast)
    ]
    return same[0], same[1], len(seeds)


def unpredicted(data: Groups, label: str) -> bool:
    """Some seed's plain run predicts a section (not drawn after training)
    that its control run does not."""
    control = data.runs(control_of(label), BACKEND)
    plain = data.runs(label, BACKEND, plain=True)
    return any(
        set(run.predictions) - set(control[s].predictions) - DRAWN_AFTER_TRAINING
        for s, run in plain.items()
        if s in control
    )


def aside(data: Groups, found: list[Pairs]) -> str:
    """What the comparison leaves out of 06 (``sections_of``), and why."""
    if not any(x.control.startswith("06 ") for x in found):
        return ""
    label = "06 article"
    control_same, fast_same, seeds = drawn_alike(data, label)
    why = [TEXT.phrase("aside-06-unpredicted")] if unpredicted(data, label) else []
    if seeds:
        why.append(TEXT.phrase("aside-06-drawn", control_same=of(control_same, seeds),
                               fast_same=of(fast_same, seeds)))  # fmt: skip
    return TEXT.phrase("aside-06", why="; ".join(why)) if why else ""


def explanation(data: Groups, labels: list[str]) -> Explanation:
    """Why plain and fast differ on TensorFlow (``labels``: where they do)."""
    found = ran(data, labels)
    if not found:
        return Explanation(TEXT.phrase("why-plain-differ-untested"))
    total = pooled(found)
    test = mcnemar_p(total.only_ordered, total.only_fresh)
    each = [f"{x.control.split()[0]}: {x.ordered} against {x.fresh}" for x in found]
    return Explanation(
        TEXT.phrase(
            "why-plain-differ-order",
            ordered=of(total.ordered, total.seeds),
            fresh=of(total.fresh, total.seeds),
            each=listed(each),
            p=p_text(test),
            rest=of(total.seeds - total.ordered, total.seeds),
            aside=aside(data, found),
            missing=missing_text(found, labels),
        ),
        runs=tuple(x.control for x in found),
        needs=TEXT.phrase("needs-plain-order"),
        holds=total.ordered > total.fresh and significant(test),
    )


def rest(data: Groups, labels: list[str]) -> Explanation | None:
    """What may make the pairs still differ in Keras's order (XLA's
    arithmetic): untested, no control isolates it; None where none differ
    or the control did not run."""
    found = ran(data, labels)
    total = pooled(found) if found else None
    if total is None or total.ordered == total.seeds:
        return None
    left = of(total.seeds - total.ordered, total.seeds)
    return Explanation(TEXT.phrase("why-plain-differ-rest", rest=left))


def finding(data: Groups, labels: list[str]) -> str | None:
    """The finding's clause on what makes plain and fast differ; None where
    the control does not show it."""
    found = ran(data, labels)
    if not explanation(data, labels).supported:
        return None
    total = pooled(found)
    return TEXT.phrase(
        "finding-plain-order",
        ordered=of(total.ordered, total.seeds),
        fresh=of(total.fresh, total.seeds),
        runs=listed([f"`{x.control}`" for x in found]),
        missing=missing_text(found, labels),
    )
