"""The run record: one typed Run from the moment a run finishes to the page.

A run is made where it finishes (running.record_of, or ``failed`` for a
run that raised, or whose process or worker died), saved as one JSON line
(``to_json``) and read back (``from_json``); grouping, measures, claims,
the summary, the figures and the page all read its fields. On disk a
run's predictions are compacted (``"ABC>D x12"``: input, answer, how many
samples; the expected letter is the one after the input's last), and the
keys keep the order the committed runs have. Nothing here imports Keras.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import common

# Sections whose order is the output's (a recital): stored in full. Every
# other section is a set of samples: stored as its distinct predictions,
# each with the number of samples that gave it ("ABC>D x12").
ORDERED_SECTIONS = ("recital", "cold_start", "warm_start", "fed_back")


@dataclass(frozen=True)
class Run:
    """One run of one variant at one seed on one backend, finished or failed.

    ``predictions``: section -> the run's answers, as the scripts return
    them (common.Prediction; experiments 01-04 and 06
    have "training", 04 and 06 also "random", 06 with --all-inputs "every"
    and "fed_back"; 05 has "recital", "cold_start" and "warm_start", and
    "05 every-cold-start" "every_cold_start" with ``cold_nearest``, the
    nearest recital step of each of its cold starts, 25 letters). A failed
    run has no accuracy or predictions but its ``error`` (and, where it
    raised, its ``traceback``). ``file``: the runs file it was read from.
    """

    experiment: str
    variant: str
    seed: int
    status: str  # "ok" or "failed"
    seconds: float
    backend: str = "tensorflow"  # runs saved before backends were: TensorFlow
    epochs: int | None = None
    plain: bool = False
    accuracy: float | None = None
    predictions: Mapping[str, tuple[common.Prediction, ...]] | None = None
    cold_nearest: str | None = None
    error: str | None = None
    traceback: str | None = None
    file: str | None = field(default=None, compare=False)

    @property
    def ok(self) -> bool:
        """The run finished (its accuracy and predictions are there)."""
        return self.status == "ok"

    @property
    def label(self) -> str:
        """Its variant as the page names it: ``06 article``."""
        return f"{self.experiment} {self.variant}"

    def section(self, name: str) -> tuple[common.Prediction, ...]:
        """The answers of one section; none where the run has no such section."""
        return (self.predictions or {}).get(name, ())


def failed(
    experiment: str, variant: str, seed: int, epochs: int, plain: bool,
    backend: str, error: str, traceback: str | None = None, seconds: float = 0.0,
) -> Run:  # fmt: skip
    """The record of a run that made none itself: it raised (with its
    traceback), its process died, or the cluster lost it."""
    return Run(
        experiment=experiment, variant=variant, seed=seed, status="failed",
        seconds=seconds, backend=backend, epochs=epochs, plain=plain,
        error=error, traceback=traceback,
    )  # fmt: skip


def expected_after(inputs: str) -> str:
    """The true next letter after an input: the letter after its last one.

    Every prediction of every script is of the next letter, so a saved
    prediction needs no expected letter; "" after Z (nothing follows).
    """
    code = common.encode(inputs[-1])[0] + 1
    return common.decode([code]) if code < common.N_LETTERS else ""


# The saved keys, in the committed runs' order; None values are left out.
_SAVED = (
    "experiment", "variant", "backend", "seed", "epochs", "plain", "status",
    "accuracy", "error", "traceback", "seconds", "cold_nearest",
)  # fmt: skip


def to_json(run: Run) -> dict[str, Any]:
    """A run as saved, JSON-ready: its predictions as short strings.

    ``common.Prediction("ABC", "D", "D")`` becomes ``"ABC>D"``, and the repeated
    samples of a set-like section ``"ABC>D x12"``, in the order each first
    appears.
    """
    out = {k: getattr(run, k) for k in _SAVED if getattr(run, k) is not None}
    if run.file is not None:
        out["file"] = run.file
    if run.predictions is None:
        return out
    saved: dict[str, list[str]] = {}
    for section, predictions in run.predictions.items():
        lines = [f"{p.inputs}>{p.predicted}" for p in predictions]
        if section in ORDERED_SECTIONS:
            saved[section] = lines
        else:
            counts: dict[str, int] = {}
            for line in lines:
                counts[line] = counts.get(line, 0) + 1
            saved[section] = [
                line if n == 1 else f"{line} x{n}" for line, n in counts.items()
            ]
    out["predictions"] = saved
    return out


def from_json(saved: Mapping[str, Any], file: str | None = None) -> Run:
    """The run again from what ``to_json`` saved (``file``: where it was).

    Raises KeyError, TypeError or ValueError for what is not a saved run.
    """
    fields = {k: v for k, v in saved.items() if k != "predictions"}
    if "predictions" in saved:
        predictions: dict[str, tuple[common.Prediction, ...]] = {}
        for section, lines in saved["predictions"].items():
            found: list[common.Prediction] = []
            for line in lines:
                text, _, count = line.partition(" x")
                inputs, predicted = text.split(">")
                one = common.Prediction(inputs, predicted, expected_after(inputs))
                found += [one] * (int(count) if count else 1)
            predictions[section] = tuple(found)
        fields["predictions"] = predictions
    if file is not None:
        fields["file"] = file
    return Run(**fields)
