"""The study's saved runs: written one a line as they finish, read back.

Runs are saved one a line (``RunLog``, ``compact``) and read back from a
folder of such files (``read_results``, ``expand``): on disk a run's
predictions are short strings, in memory always the expanded run record
(claims.py describes it). The terminal summary is summary.py's; RESULTS.md
is written from the same runs by page.py. Nothing here runs a model or
imports Keras.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import common
from study.claims import backend_of
from study.measures import Run
from study.scripts import ROOT
from study.registry import VARIANTS

# Where in the checkout (ROOT) the committed runs and their figures live.
RUNS_IN_ROOT = Path("study/runs")
FIGURES_IN_ROOT = Path("study/figures")
COMMITTED_RUNS = ROOT / RUNS_IN_ROOT


# ---------------------------------------------------------------------------
# Saved runs: one JSON line each, after a line saying how they were made
# ---------------------------------------------------------------------------

# Sections whose order is the output's (a recital): stored in full. Every
# other section is a set of samples: stored as its distinct predictions,
# each with the number of samples that gave it ("ABC>D x12").
ORDERED_SECTIONS = ("recital", "cold_start", "warm_start", "fed_back")


class ResultsError(ValueError):
    """Saved runs that cannot be read (missing, not JSON, not runs)."""


def expected_after(inputs: str) -> str:
    """The true next letter after an input: the letter after its last one.

    Every prediction of every script is of the next letter, so a saved
    prediction needs no expected letter; "" after Z (nothing follows).
    """
    code = common.encode(inputs[-1])[0] + 1
    return common.decode([code]) if code < common.N_LETTERS else ""


def compact(run: Run) -> dict[str, Any]:
    """A run record as saved: its predictions as short strings.

    ``{"inputs": "ABC", "predicted": "D", ...}`` becomes ``"ABC>D"``, and
    the repeated samples of a set-like section ``"ABC>D x12"``, in the
    order each first appears.
    """
    out = {k: v for k, v in run.items() if k != "predictions"}
    if "predictions" not in run:
        return out
    saved: dict[str, list[str]] = {}
    for section, predictions in run["predictions"].items():
        lines = [f"{p['inputs']}>{p['predicted']}" for p in predictions]
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


def expand(saved: dict[str, Any]) -> Run:
    """The run record again from what ``compact`` saved."""
    run = dict(saved)
    if "predictions" not in saved:
        return run
    predictions: dict[str, list[dict[str, str]]] = {}
    for section, lines in saved["predictions"].items():
        found = []
        for line in lines:
            text, _, count = line.partition(" x")
            inputs, predicted = text.split(">")
            one = {
                "inputs": inputs,
                "predicted": predicted,
                "expected": expected_after(inputs),
            }
            found += [one] * (int(count) if count else 1)
        predictions[section] = found
    run["predictions"] = predictions
    return run


class RunLog:
    """A file of saved runs, written as they finish: a crash loses none.

    The first line is ``{"source": {...}}``, how the runs were made (the
    command, when, the commit, the versions); then one run a line.
    """

    def __init__(self, path: Path, source: dict[str, Any]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        with path.open("w") as f:
            f.write(json.dumps({"source": source}) + "\n")

    def add(self, run: Run) -> None:
        """Append one finished run."""
        with self.path.open("a") as f:
            f.write(json.dumps(compact(run)) + "\n")

    def update_source(self, **changes: Any) -> None:
        """Rewrite the first line (versions, completeness) keeping the runs."""
        lines = self.path.read_text().splitlines(keepends=True)
        source = json.loads(lines[0])["source"]
        source.update(changes)
        lines[0] = json.dumps({"source": source}) + "\n"
        write_text(self.path, "".join(lines))


@dataclass
class Results:
    """Runs read from saved files, and what each file says made them."""

    runs: list[Run] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)

    @property
    def epochs_scale(self) -> float:
        """The sources' common epochs scale; 1 where they differ."""
        scales = {s.get("epochs_scale", 1.0) for s in self.sources}
        return scales.pop() if len(scales) == 1 else 1.0


def run_files(folder: Path) -> list[Path]:
    """The saved-run files in a folder, by name: every ``*.jsonl``."""
    return sorted(Path(folder).glob("*.jsonl"))


def read_results(folder: Path) -> Results:
    """Read every saved-run file in ``folder``, in the table's order.

    Raises ResultsError naming the file (and line) that cannot be read.
    """
    files = run_files(folder) if Path(folder).is_dir() else []
    if not files:
        raise ResultsError(f"no saved runs (*.jsonl) in {folder}")
    merged = Results()
    for path in files:
        try:
            lines = path.read_text().splitlines()
            source = json.loads(lines[0])["source"]
        except (OSError, ValueError, KeyError, TypeError, IndexError) as err:
            raise ResultsError(f"cannot read {path}: {err}") from None
        merged.sources.append({"file": path.name, **source})
        for number, line in enumerate(lines[1:], start=2):
            try:
                merged.runs.append({**expand(json.loads(line)), "file": path.name})
            except (ValueError, KeyError, TypeError, AttributeError) as err:
                raise ResultsError(f"cannot read {path} line {number}: {err}") from None
    sort_runs(merged.runs)
    return merged


def write_text(path: Path, text: str) -> None:
    """Write a file whole or not at all: a temporary file, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w") as f:
            f.write(text)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; results are not
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def sort_runs(runs: list[Run]) -> None:
    """Order runs in place by variant, backend, seed (the table's order)."""
    order = {v.key: i for i, v in enumerate(VARIANTS)}
    backends = common.SUPPORTED_BACKENDS
    runs.sort(
        key=lambda r: (
            order.get((r["experiment"], r["variant"]), len(order)),
            backends.index(backend_of(r)) if backend_of(r) in backends else 99,
            r["seed"],
            r.get("plain", False),
        )
    )
