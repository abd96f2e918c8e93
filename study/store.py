"""The study's saved runs and its terminal summary.

Runs are saved one a line (``RunLog``, ``compact``) and read back from a
folder of such files (``read_results``, ``expand``): on disk a run's
predictions are short strings, in memory always the expanded run record
(claims.py describes it). ``terminal_summary`` prints the runs in under 80
columns, the claims counted per seed. RESULTS.md is written from the same
runs by page.py. Nothing here runs a model or imports Keras.
"""

from __future__ import annotations

import contextlib
import json
import os
import statistics
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import common
from study.claims import (
    ARTICLE_ACCURACY,
    VARIANTS,
    Run,
    Verdict,
    backend_of,
    claim_verdicts,
)
from study.groups import Groups
from study.scripts import ROOT
from study.stats import sample_sd
from study.words import held_text

# Where in the checkout (ROOT) the committed runs and their figures live.
RUNS_IN_ROOT = Path("study/runs")
FIGURES_IN_ROOT = Path("study/figures")
COMMITTED_RUNS = ROOT / RUNS_IN_ROOT

Key = tuple[str, str, str]  # (experiment, variant, backend)


def claim_counts(runs: Sequence[Run]) -> dict[Key, list[str]]:
    """For each (experiment, variant, backend), claims as ``label k/N``.

    N counts the seeds where the claim could be checked (the run and any
    run it is compared with finished); k those where it held.
    """
    return _claim_texts(claim_verdicts(runs))


def _claim_texts(verdicts: Sequence[Verdict]) -> dict[Key, list[str]]:
    """``claim_counts`` from verdicts already checked (claim_verdicts' order)."""
    tallies: dict[tuple[str, str], list[Verdict]] = {}
    for verdict in verdicts:
        tallies.setdefault((verdict.claim.id, verdict.backend), []).append(verdict)
    out: dict[Key, list[str]] = {}
    for found in tallies.values():
        first = found[0]
        held = sum(v.held for v in found)
        out.setdefault((*first.claim.key, first.backend), []).append(
            f"{first.claim.label}: {held_text(held, len(found))}"
        )
    return out


def summary_rows(runs: Sequence[Run]) -> list[dict[str, Any]]:
    """One row per (experiment, variant, backend) with runs: the table."""
    groups = Groups(runs)
    claims = _claim_texts(groups.verdicts)
    rows = []
    for v in VARIANTS:
        for backend in common.SUPPORTED_BACKENDS:
            done = list(groups.runs(v.label, backend).values())
            failed = groups.failed_count(v.label, backend)
            if not done and not failed:
                continue
            accs = [r["accuracy"] * 100 for r in done]
            seeds = [r["seed"] for r in done]
            rows.append(
                {
                    "experiment": v.experiment,
                    "variant": v.name,
                    "backend": backend,
                    "article": ARTICLE_ACCURACY[v.experiment],
                    "runs": len(done),
                    "seeds": f"{seeds[0]}..{seeds[-1]}" if seeds else "-",
                    "failed": failed,
                    "mean": statistics.fmean(accs) if accs else None,
                    "sd": sample_sd(accs),
                    "min": min(accs) if accs else None,
                    "max": max(accs) if accs else None,
                    "claims": claims.get((v.experiment, v.name, backend), []),
                    "median_seconds": (
                        statistics.median(r["seconds"] for r in done) if done else None
                    ),
                }
            )
    return rows


def scale_note(epochs_scale: float) -> str:
    """Words for a run whose epochs were scaled; empty at the article's."""
    if epochs_scale == 1:
        return ""
    return (
        f"training cut to {epochs_scale:.0%} of the article's epochs: "
        "accuracies are not comparable with the article's"
        if epochs_scale < 1
        else f"training at {epochs_scale:g}x the article's epochs"
    )


def terminal_summary(runs: Sequence[Run], epochs_scale: float = 1.0) -> str:
    """The summary for a terminal (under 80 columns): a row per variant and
    backend, each article claim's count under its row.

    Accuracy is over the training inputs, in percent; sd is the sample
    standard deviation over seeds (n - 1), said in the heading.
    """
    fast = [r for r in runs if not r.get("plain")]
    note = scale_note(epochs_scale)
    lines = [
        "Training accuracy over seeds, % (sd: sample standard deviation)",
        *([f"NOTE: {note}"] if note else []),
        f"{'variant':<27}{'backend':<11}{'n':>3}{'mean':>7}{'sd':>6}"
        f"{'min':>7}{'max':>7}{'article':>8}",
    ]
    for row in summary_rows(fast):
        article = row["article"] if row["variant"] == "article" else None
        if row["mean"] is None:
            numbers = f"{'-':>7}{'-':>6}{'-':>7}{'-':>7}"
        else:
            numbers = (
                f"{row['mean']:>7.2f}{row['sd']:>6.2f}{row['min']:>7.2f}"
                f"{row['max']:>7.2f}"
            )
        lines.append(
            f"{row['experiment'] + ' ' + row['variant']:<27}{row['backend']:<11}"
            f"{row['runs']:>3}{numbers}"
            + (f"{article:>8.2f}" if article is not None else f"{'-':>8}")
        )
        if row["failed"]:
            lines.append(f"    {row['failed']} run(s) failed")
        for claim in row["claims"]:
            lines.append(f"    claim: {claim}")
    return "\n".join(lines)


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
