"""Re-make the saved runs of one runs file, and say which came out the same.

``python -m study --verify FILE [--seeds N|A-B]`` reads a runs file, makes
each of its finished runs again (the same variant, seed, backend, training
and epochs) in the study's worker pools (running.run_tasks), with the
arithmetic in force here (common.pin_arithmetic), and compares each with
its saved record on everything the record saves but its time: the accuracy
and every prediction section. A run is identical or it moved; a long
training ends elsewhere on a CPU that rounds otherwise, so this is how a
committed run is shown to be re-makeable. What it found goes to a
verification record: a first line saying how it was made (the command, the
date, the commit, this machine's versions, CPU and arithmetic, the file it
verifies), then a line per re-made run (its record, ``identical``, and what
``moved``). Committed records live in study/runs/verified/, which the page
reads (sections/sources.py) and the study never reads as runs.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from study import running, store
from study.record import Run, to_json
from study.registry import VARIANT_BY_KEY
from study.words import NAMES, seeds_text

# Where a verification record goes unless --out says otherwise.
DEFAULT_OUT = Path("out/verify")
# A saved record's keys that may differ between two makings of the same run.
NOT_COMPARED = ("seconds", "file")


@dataclass(frozen=True)
class Plan:
    """What verifying a runs file re-makes: its runs, on which backends."""

    path: Path
    source: dict[str, Any]  # the runs file's first line
    saved: list[Run]  # the finished runs to re-make, in the file's order
    left_out: int  # its failed runs: nothing saved to compare with

    @property
    def backends(self) -> list[str]:
        """The backends of the runs to re-make, in the file's order."""
        return list(dict.fromkeys(r.backend for r in self.saved))


def plan(path: Path, seeds: Sequence[int] | None) -> Plan:
    """The runs of the runs file ``path`` to re-make (at ``seeds``, else all).

    Raises ValueError, with one line to print, for what cannot be verified:
    a file that is not a runs file, seeds it does not hold, a variant the
    study no longer has.
    """
    if not path.is_file():
        raise ValueError(f"--verify {path}: no such runs file")
    try:
        source, runs = store.read_run_file(path)
    except store.ResultsError as err:
        raise ValueError(f"--verify: not a runs file: {err}") from None
    if "verifies" in source:
        raise ValueError(f"--verify {path}: a verification record, not a runs file")
    held = {r.seed for r in runs}
    if seeds is not None and (missing := set(seeds) - held):
        raise ValueError(
            f"--seeds: {path} holds seeds {seeds_text(held)}, not {seeds_text(missing)}"
        )
    chosen = [r for r in runs if seeds is None or r.seed in seeds]
    if unknown := {
        r.label for r in chosen if (r.experiment, r.variant) not in VARIANT_BY_KEY
    }:
        raise ValueError(
            f"--verify {path} holds runs of {', '.join(sorted(unknown))}, which "
            "the study no longer has: they cannot be re-made"
        )
    finished = [r for r in chosen if r.ok]
    if not finished:
        raise ValueError(f"--verify {path}: no finished run there to re-make")
    return Plan(path, source, finished, len(chosen) - len(finished))


def compared(run: Run) -> dict[str, Any]:
    """A run as saved (record.to_json), less what may differ (NOT_COMPARED)."""
    return {k: v for k, v in to_json(run).items() if k not in NOT_COMPARED}


def moved(saved: Run, remade: Run) -> list[str]:
    """What differs between a saved run and the same run made again: its
    saved keys (``accuracy``, ``status``, ...) and prediction sections, in
    the saved order; none where the two are identical."""
    old, new = compared(saved), compared(remade)
    keys = [k for k in dict.fromkeys([*old, *new]) if k != "predictions"]
    found = [k for k in keys if old.get(k) != new.get(k)]
    sections = old.get("predictions", {}), new.get("predictions", {})
    found += [
        s for s in dict.fromkeys([*sections[0], *sections[1]])
        if sections[0].get(s) != sections[1].get(s)
    ]  # fmt: skip
    return found


def run_name(run: Run) -> str:
    """``06 article JAX plain seed 3``: a run as the lines name it."""
    plain = " plain" if run.plain else ""
    return f"{run.label} {NAMES.get(run.backend, run.backend)}{plain} seed {run.seed}"


def verdict(saved: Run, remade: Run, changes: list[str]) -> str:
    """One line: the run, and whether it came out identical."""
    if not remade.ok:
        return f"{run_name(saved)}: failed: {remade.error}"
    if not changes:
        return f"{run_name(saved)}: identical"
    what = [
        f"accuracy {saved.accuracy:.2%} -> {remade.accuracy:.2%}"
        if change == "accuracy" and remade.accuracy is not None
        else change
        for change in changes
    ]
    return f"{run_name(saved)}: moved: {', '.join(what)}"


def key(run: Run) -> tuple[str, str, str, int, bool]:
    """What makes a run the same run: variant, backend, seed, training."""
    return run.experiment, run.variant, run.backend, run.seed, run.plain


@dataclass
class Tally:
    """The runs re-made so far, by how they came out."""

    identical: int = 0
    moved: int = 0
    failed: int = 0

    def add(self, remade: Run, changes: list[str]) -> None:
        """Count one re-made run."""
        if not remade.ok:
            self.failed += 1
        elif changes:
            self.moved += 1
        else:
            self.identical += 1

    def text(self) -> str:
        """``30 runs re-made: 28 identical, 2 moved, 0 failed``."""
        made = self.identical + self.moved + self.failed
        return (
            f"{made} run{'s' * (made != 1)} re-made: {self.identical} identical, "
            f"{self.moved} moved, {self.failed} failed"
        )


def now() -> str:
    """The time, as the runs files' first lines write it."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def say(line: str) -> None:
    """A line on stdout; on a terminal over the progress bar, which redraws."""
    over = "\r\x1b[K" if sys.stdout.isatty() and sys.stderr.isatty() else ""
    print(over + line, flush=True)


def tasks_of(plan: Plan, backend: str) -> list[running.Task]:
    """The plan's runs on one backend as the worker pool takes them."""
    scale = plan.source.get("epochs_scale", 1.0)
    found = []
    for run in plan.saved:
        if run.backend == backend:
            variant = VARIANT_BY_KEY[(run.experiment, run.variant)]
            epochs = run.epochs or running.epochs_of(variant, scale)
            found.append((variant, run.seed, epochs, run.plain))
    return found


def verify(plan: Plan, jobs: int, path: Path, command: str) -> int:
    """Re-make the plan's runs, a backend at a time, in ``jobs`` workers;
    write to ``path`` and say run by run what each gave, then the tally.

    Returns 0 where every re-made run is identical to its saved one, 1 where
    some moved or failed, 130 where Ctrl-C stopped it (what was re-made kept).
    """
    source: dict[str, Any] = {
        "verifies": plan.path.name, "created": now(), "command": command,
        "commit": running.commit(), "seeds": sorted({r.seed for r in plan.saved}),
        "versions": {}, "complete": False,
    }  # fmt: skip
    log = store.RunLog(path, source)
    twins = {key(r): r for r in plan.saved}
    tally = Tally()

    def save(remade: Run) -> None:
        saved = twins[key(remade)]
        changes = moved(saved, remade)
        log.add_line({**to_json(remade), "identical": not changes, "moved": changes})
        tally.add(remade, changes)
        say(verdict(saved, remade, changes))

    complete = True
    for backend in plan.backends:
        _, found, complete = running.run_tasks(
            tasks_of(plan, backend), jobs, backend, save
        )
        if found:  # written at once: a stopped verification keeps them
            source["versions"][backend] = found
            log.update_source(versions=source["versions"])
        if not complete:
            break
    log.update_source(complete=complete, finished=now())
    return finish(plan, tally, source, log.path, complete)


def finish(
    plan: Plan, tally: Tally, source: dict[str, Any], path: Path, complete: bool
) -> int:
    """The tally, where it was made and written; the exit status."""
    where = "; ".join(
        dict.fromkeys(running.machine_text(v) for v in source["versions"].values())
    )
    print(f"{plan.path.name}: {tally.text()}" + (f" on {where}" if where else ""))
    if plan.left_out:
        print(f"left out: {plan.left_out} failed runs of the file (nothing to compare)")
    print(f"wrote {path}")
    if not complete:
        print("python -m study: interrupted; the runs re-made kept", file=sys.stderr)
        return 130
    return 0 if tally.moved + tally.failed == 0 else 1
