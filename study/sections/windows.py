"""Experiments 1 to 3: the inputs missed, and 02 against 01."""

from __future__ import annotations

from study.groups import Groups
from study.measures import misses_by_input
from study.sections.shared import versus
from study.template import lines
from study.words import NAMES, ranked

LABELS = ("01 article", "02 article", "03 article")


def section(data: Groups) -> list[str]:
    """Inputs missed with their seeds; the article's "small lift" tested."""
    missed = []
    for label in LABELS:
        for b in data.backends(label):
            runs = data.runs(label, b)
            _, seeds = misses_by_input(runs.values())
            shown = ", ".join(f"{i} {n}" for i, n in ranked(seeds)) or "none"
            missed.append(f"- `{label}`, {NAMES[b]} ({len(runs)} seeds): {shown}")
    lift = [
        f"- {NAMES[b]}: 02 " + versus(data, "02 article", "01 article", b)
        for b in data.backends("02 article")
    ]
    return lines("windows", missed="\n".join(missed), lift="\n".join(lift))
