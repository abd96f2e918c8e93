"""Experiments 1 to 3: one letter, or a window of three letters.

What runs (the article's settings of each), the claims judged on each run
(01 and 02 below 100%, 02 above 01 at the same seed, 03 at 100%) and the
page's section: the inputs missed, and 02 against 01 tested. Its sentences
are in windows.md beside this file. 01's longer control, ``01
epochs-5000``, is experiment 4's (experiment4.py).
"""

from __future__ import annotations

from study.claims import Claim, below_100, is_perfect, versus_claim
from study.groups import Groups
from study.measures import misses_by_input
from study.shared import versus
from study.template import Template
from study.variants import Variant
from study.words import NAMES, ranked

EXPERIMENT_1 = Variant("01", "article")
EXPERIMENT_2 = Variant("02", "article")
EXPERIMENT_3 = Variant("03", "article")
VARIANTS = [EXPERIMENT_1, EXPERIMENT_2, EXPERIMENT_3]

CLAIMS = [
    Claim("01-below-100", "01", "article", "below 100%", below_100),
    Claim("02-below-100", "02", "article", "below 100%", below_100),
    versus_claim("02-above-01", EXPERIMENT_2.key, "above 01", EXPERIMENT_1.key),
    Claim("03-100", "03", "article", "100%", is_perfect),
]

TEXT = Template.beside(__file__)
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
    return TEXT.lines("windows", missed="\n".join(missed), lift="\n".join(lift))
