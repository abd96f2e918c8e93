"""The study's saved runs: written one a line as they finish, read back.

Runs are saved one a line (``RunLog``) and read back from a folder of such
files (``read_results``), each line by record.py's pair (``to_json``,
``from_json``): on disk a run's predictions are short strings, in memory
always a record.Run. A folder's ``verified/`` subfolder holds what
``python -m study --verify`` found re-making a file's runs (verify.py),
read with the runs (``read_verified``), never as runs. The terminal
summary is summary.py's; RESULTS.md is written from the same runs by
page.py. Nothing here runs a model or imports Keras.
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
from study.record import Run, from_json, to_json
from study.scripts import ROOT
from study.registry import VARIANTS

# Where in the checkout (ROOT) the committed runs and their figures live.
RUNS_IN_ROOT = Path("study/runs")
FIGURES_IN_ROOT = Path("study/figures")
COMMITTED_RUNS = ROOT / RUNS_IN_ROOT
# Beside a folder's runs: the verification records of its files.
VERIFIED = "verified"


# ---------------------------------------------------------------------------
# Saved runs: one JSON line each, after a line saying how they were made
# ---------------------------------------------------------------------------


class ResultsError(ValueError):
    """Saved runs that cannot be read (missing, not JSON, not runs)."""


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
        self.add_line(to_json(run))

    def add_line(self, line: dict[str, Any]) -> None:
        """Append one JSON line (a run, or what verifying one found)."""
        with self.path.open("a") as f:
            f.write(json.dumps(line) + "\n")

    def update_source(self, **changes: Any) -> None:
        """Rewrite the first line (versions, completeness) keeping the runs."""
        lines = self.path.read_text().splitlines(keepends=True)
        source = json.loads(lines[0])["source"]
        source.update(changes)
        lines[0] = json.dumps({"source": source}) + "\n"
        write_text(self.path, "".join(lines))


@dataclass(frozen=True)
class Verified:
    """One verification record: which runs of a file were re-made, and how
    each came out (a line each: the run re-made, ``identical`` or not)."""

    file: str  # the record's own file name
    source: dict[str, Any]  # the command, date, commit, versions, "verifies"
    lines: list[dict[str, Any]]


@dataclass
class Results:
    """Runs read from saved files, what each file says made them, and the
    verification records of those files (``verified/``)."""

    runs: list[Run] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    verified: list[Verified] = field(default_factory=list)

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
        source, runs = read_run_file(path)
        merged.sources.append({"file": path.name, **source})
        merged.runs += runs
    sort_runs(merged.runs)
    merged.verified = read_verified(Path(folder) / VERIFIED)
    return merged


def read_run_file(path: Path) -> tuple[dict[str, Any], list[Run]]:
    """One saved-run file: its first line's source, and its runs in order.

    Raises ResultsError naming the file (and line) that cannot be read.
    """
    try:
        lines = path.read_text().splitlines()
        source = json.loads(lines[0])["source"]
        if not isinstance(source, dict):
            raise TypeError("its first line says no source")
    except (OSError, ValueError, KeyError, TypeError, IndexError) as err:
        raise ResultsError(f"cannot read {path}: {err}") from None
    runs = []
    for number, line in enumerate(lines[1:], start=2):
        try:
            runs.append(from_json(json.loads(line), file=path.name))
        except (ValueError, KeyError, TypeError, AttributeError) as err:
            raise ResultsError(f"cannot read {path} line {number}: {err}") from None
    return source, runs


def read_verified(folder: Path) -> list[Verified]:
    """The verification records in ``folder`` (none where it is missing).

    Raises ResultsError naming a file that is not a verification record.
    """
    found = []
    for path in run_files(folder) if folder.is_dir() else []:
        try:
            first, *rest = path.read_text().splitlines()
            source = json.loads(first)["source"]
            lines = [json.loads(line) for line in rest]
            if "verifies" not in source or any(
                not isinstance(line.get("identical"), bool) for line in lines
            ):
                raise ValueError("not a verification record")
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
            raise ResultsError(f"cannot read {path}: {err}") from None
        found.append(Verified(path.name, source, lines))
    return found


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
            order.get((r.experiment, r.variant), len(order)),
            backends.index(r.backend) if r.backend in backends else 99,
            r.seed,
            r.plain,
        )
    )
