"""The figures of the study's runs: accuracy over the seeds, per variant.

``accuracy.png``: one panel per experiment, a column per variant (the
article's settings and the controls) and backend, a dot per seed's run, the
article's printed accuracy as a dashed line. ``conjectures.png``: the same
for the runs that test the article's conjectures, beside the runs they are
compared with. Every panel of a figure has the same accuracy axis, so that
panels compare at a glance. Matplotlib is imported only when drawing.
"""

from __future__ import annotations

import math
import os
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from study.claims import ARTICLE_ACCURACY
from study.groups import Groups
from study.record import Run
from study.summary import scale_note
from study.registry import CLAIMS, VARIANTS

BACKEND_STYLE = {
    "tensorflow": {"color": "tab:blue", "marker": "o", "label": "TensorFlow"},
    "jax": {"color": "tab:orange", "marker": "s", "label": "JAX"},
}

# A column: (experiment, variant, section); section "" is the training
# accuracy, "every" 06's accuracy over every input of 1..5 letters.
Column = tuple[str, str, str]
Panel = tuple[str, list[Column]]  # (title, columns)
# Experiment 6's runs of conjectures (c) and (d), beside the article's.
GROWN_06 = (
    "article",
    "patterns-250",
    "patterns-500",
    "patterns-250-e2000",
    "patterns-500-e1000",
    "epochs-1000",
    "units-64",
    "epochs-1000-units-64",
)
# The conjectures' figure: (panel title, its columns). A figure leaves out
# the columns without runs.
CONJECTURE_PANELS: list[tuple[str, list[Column]]] = [
    (
        "(a) a perceptron on\nexperiment 2's window",
        [("02", "article", ""), ("03", "article", ""), ("mlp", "hidden-64", ""),
         ("mlp", "hidden-256", ""), ("mlp", "hidden-64-epochs-5000", "")],
    ),
    (
        "(b) a stateless LSTM on\nprefixes, beside 05",
        [("05", "article", ""), ("prefix", "article-hint", ""),
         ("prefix", "epochs-1000", "")],
    ),
    (
        "(c, d) experiment 6: fewer patterns,\nmore epochs, more units",
        [("06", name, "") for name in GROWN_06],
    ),
    (
        "(e) experiment 6 on every input of\n1..5 letters the draws can give",
        [("06", name, "every") for name in GROWN_06],
    ),
]  # fmt: skip


def accuracies(groups: Groups, column: Column, backend: str) -> list[float]:
    """A column's accuracies on a backend, in percent, by seed."""
    experiment, name, section = column
    return groups.accuracies(f"{experiment} {name}", backend, section)


def _label(column: Column) -> str:
    """A column's name under the axis, wrapped: ``06 / epochs 1000 / units 64``."""
    experiment, name, _ = column
    return "\n".join([experiment, *textwrap.wrap(name.replace("-", " "), 11)])


def _panel(ax: Any, groups: Groups, columns: list[Column],
           backends: list[str]) -> None:  # fmt: skip
    """One panel: a column of dots per (column, backend), spread by seed.

    Over a column of the article's settings (training accuracy), a red
    dashed line at the article's printed accuracy.
    """
    width = 0.8 / len(backends)
    for i, column in enumerate(columns):
        for j, backend in enumerate(backends):
            values = accuracies(groups, column, backend)
            if not values:
                continue
            centre = i + (j - (len(backends) - 1) / 2) * width
            xs = [
                centre + 0.8 * width * (k / max(1, len(values) - 1) - 0.5)
                for k in range(len(values))
            ]
            style = BACKEND_STYLE[backend]
            side = "left" if j == 0 else "right"
            where = f", {side} half of a column" if len(backends) > 1 else ""
            ax.scatter(xs, values, s=12, alpha=0.7, color=style["color"],
                       marker=style["marker"],
                       label=f"{style['label']}: one dot per seed{where}")  # fmt: skip
        experiment, name, section = column
        article = ARTICLE_ACCURACY.get(experiment)
        if name == "article" and not section and article is not None:
            ax.hlines(article, i - 0.45, i + 0.45, colors="red", linestyles="--",
                      label="the article's printed accuracy")  # fmt: skip
    ax.set_xticks(range(len(columns)), [_label(c) for c in columns], fontsize=7)
    ax.set_xlim(-0.6, len(columns) - 0.4)
    ax.grid(axis="y", alpha=0.3)


def _draw(groups: Groups, backends: list[str], shown: list[Panel],
          bottom: float, path: Path, title: str) -> Path:  # fmt: skip
    """Draw panels side by side on one accuracy axis, ``bottom`` to 100.

    The PNG is written whole (a temporary file, then a rename).
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    widths = [max(2, len(columns)) for _, columns in shown]
    fig, axes = plt.subplots(
        1, len(shown), figsize=(0.8 * sum(widths) + 1.5, 4.8), squeeze=False,
        sharey=True, gridspec_kw={"width_ratios": widths},
    )  # fmt: skip
    for ax, (name, columns) in zip(axes[0], shown, strict=True):
        _panel(ax, groups, columns, backends)
        ax.set_title(name, fontsize=9)
    axes[0][0].set_ylim(bottom, 101)
    axes[0][0].set_ylabel("accuracy (%)")
    seen: dict[str, Any] = {}
    for ax in axes[0]:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            seen.setdefault(label, handle)
    fig.legend(list(seen.values()), list(seen), loc="lower center", ncol=3, fontsize=9)
    fig.suptitle(title, fontsize=10)
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp.png")
    fig.savefig(tmp, dpi=100, metadata={"Software": None})
    plt.close(fig)
    os.replace(tmp, path)
    return path


def panels(groups: Groups, backends: list[str]) -> tuple[list[Panel], list[Panel]]:
    """The panels of both figures, each without the columns that have no runs.

    accuracy.png: a panel per experiment, its article's settings and its
    controls; conjectures.png: a panel per conjecture where one of its
    conjectures ran.
    """

    def with_runs(columns: list[Column]) -> list[Column]:
        return [c for c in columns if any(accuracies(groups, c, b) for b in backends)]

    main = []
    for experiment in dict.fromkeys(v.experiment for v in VARIANTS):
        columns = with_runs([
            (v.experiment, v.name, "")
            for v in VARIANTS
            if v.experiment == experiment and v.role != "conjecture"
        ])  # fmt: skip
        if columns:
            main.append((f"experiment {experiment}", columns))
    conjectures = [
        (name, with_runs(columns))
        for name, columns in CONJECTURE_PANELS
        if with_runs([c for c in columns if c[1] != "article"])
    ]
    return main, conjectures


def plot(runs: Sequence[Run], folder: Path, epochs_scale: float = 1.0) -> list[Path]:
    """Draw accuracy.png (and conjectures.png, if any ran) into ``folder``.

    Both figures share one accuracy axis. Dots of one column are spread
    sideways by seed only so that equal values stay visible (the title
    says so). Returns the files written.
    """
    groups = Groups(runs, CLAIMS)
    backends = [
        b for b in BACKEND_STYLE if any(b in groups.backends(v.label) for v in VARIANTS)
    ]
    main, conjectures = panels(groups, backends)
    note = scale_note(epochs_scale)
    spread = (
        "dots of a column spread sideways by seed, only to keep equal values visible"
    )
    heading = f"{note.upper()}\n" if note else ""
    values = [
        v
        for _, columns in main + conjectures
        for c in columns
        for b in backends
        for v in accuracies(groups, c, b)
    ]
    bottom = max(0.0, math.floor((min([*values, 100.0]) - 2) / 10) * 10)
    written = []
    if main:
        written.append(_draw(
            groups, backends, main, bottom, folder / "accuracy.png",
            f"{heading}Training accuracy over seeds: the article's settings and "
            f"the controls ({spread})",
        ))  # fmt: skip
    if conjectures:
        written.append(_draw(
            groups, backends, conjectures, bottom, folder / "conjectures.png",
            f"{heading}The article's conjectures, each beside what it is compared "
            f"with ({spread});\n(e) is accuracy over every input the draws can "
            "give, the rest over the training samples",
        ))  # fmt: skip
    return written
