"""Accuracy over seeds: every variant on every backend, and the figures."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from pathlib import Path

from study.claims import ARTICLE_ACCURACY
from study.groups import Groups
from study.stats import sample_sd
from study.template import PAGE
from study.words import NAMES, of, pct, seeds_text, table
from study.registry import VARIANTS

FIGURE_ALT = {
    "accuracy.png": "Training accuracy over seeds, one dot per seed: the "
    "article's settings and the controls, both backends",
    "conjectures.png": "The article's conjectures, each beside what it is "
    "compared with, one dot per seed",
}


ROLES = {"article": "the article's settings", "control": "controls",
         "conjecture": "conjectures"}  # fmt: skip


def accuracy_rows(data: Groups, role: str) -> list[list[str]]:
    """A row per variant of a role and backend with runs.

    Only the article's settings get the article's printed accuracy: the
    controls and conjectures have none (each section says what they change).
    """
    rows = []
    for v in VARIANTS:
        if v.role != role:
            continue
        for backend in data.backends(v.label):
            runs = data.runs(v.label, backend)
            accs = data.accuracies(v.label, backend)
            seconds = statistics.median(r.seconds for r in runs.values())
            article = ARTICLE_ACCURACY[v.experiment] if role == "article" else None
            first = [v.label] + ([pct(article)] if article is not None else [])
            rows.append(
                [*first, NAMES[backend], seeds_text(runs), pct(statistics.fmean(accs)),
                 f"{sample_sd(accs):.2f}", pct(min(accs)), pct(max(accs)),
                 of(*data.perfect(v.label, backend)), f"{seconds:.1f}"]
            )  # fmt: skip
    return rows


def tables(data: Groups) -> list[str]:
    """A table per role: the article's settings, the controls, the conjectures."""
    out = []
    for role, title in ROLES.items():
        rows = accuracy_rows(data, role)
        if not rows:
            continue
        second = ["article"] if role == "article" else []
        header = ["variant", *second, "backend", "seeds", "mean", "sd", "min", "max",
                  "100% at", "median s"]  # fmt: skip
        out += [f"{title[0].upper()}{title[1:]}:", "", *table(header, rows), ""]
    return out


def section(data: Groups, figures: Sequence[str]) -> list[str]:
    """The tables of every variant, then the figures."""
    shown = [
        f"![{FIGURE_ALT.get(Path(f).name, 'accuracy over seeds')}]({f})"
        for f in figures
    ]
    return PAGE.lines(
        "accuracy",
        tables="\n".join(tables(data)).rstrip(),
        figures="\n\n".join(shown),
    )
