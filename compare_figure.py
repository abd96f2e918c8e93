"""The figures of compare.py's runs: accuracy over the seeds, per variant.

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
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import common
from claims import ARTICLE_ACCURACY, VARIANTS, Run, backend_of
from compare_report import scale_note, section_score

BACKEND_STYLE = {
    "tensorflow": {"color": "tab:blue", "marker": "o", "label": "TensorFlow"},
    "jax": {"color": "tab:orange", "marker": "s", "label": "JAX"},
}

# A column: (experiment, variant, section); section "" is the training
# accuracy, "every" 06's accuracy over every input of 1..5 letters.
Column = tuple[str, str, str]
# The conjectures' figure: (panel title, its columns).
CONJECTURE_PANELS: list[tuple[str, list[Column]]] = [
    (
        "(a) a perceptron on\nexperiment 2's window",
        [("02", "article", ""), ("03", "article", ""), ("mlp", "hidden-64", ""),
         ("mlp", "hidden-256", "")],
    ),
    (
        "(b) a stateless LSTM on\nprefixes, beside 05",
        [("05", "article", ""), ("prefix", "article-hint", "")],
    ),
    (
        "(c, d) experiment 6: fewer patterns,\nmore epochs, more units",
        [("06", name, "") for name in ("article", "patterns-250", "patterns-500",
                                        "epochs-1000", "units-64",
                                        "epochs-1000-units-64")],
    ),
    (
        "(e) experiment 6 on every input of\n1..5 letters the draws can give",
        [("06", name, "every") for name in ("article", "patterns-250",
                                             "patterns-500", "epochs-1000",
                                             "units-64", "epochs-1000-units-64")],
    ),
]  # fmt: skip


def accuracies(runs: Sequence[Run], column: Column, backend: str) -> list[float]:
    """A column's accuracies on a backend, in percent, by seed."""
    experiment, name, section = column
    found = []
    for r in sorted(runs, key=lambda r: r["seed"]):
        if (r["experiment"], r["variant"], backend_of(r)) != (
            experiment,
            name,
            backend,
        ):
            continue
        if not section:
            found.append(r["accuracy"] * 100)
        elif (score := section_score(r, section)) is not None:
            found.append(score)
    return found


def _label(column: Column) -> str:
    """A column's name under the axis: ``06\\nunits-64``."""
    experiment, name, _ = column
    return f"{experiment}\n{name.replace('-', ' ', 1) if name != 'article' else name}"


def _panel(ax: Any, runs: Sequence[Run], columns: list[Column], backends: list[str],
           article: float | None) -> None:  # fmt: skip
    """One panel: a column of dots per (column, backend), spread by seed."""
    width = 0.8 / len(backends)
    for i, column in enumerate(columns):
        for j, backend in enumerate(backends):
            values = accuracies(runs, column, backend)
            if not values:
                continue
            centre = i + (j - (len(backends) - 1) / 2) * width
            xs = [
                centre + 0.8 * width * (k / max(1, len(values) - 1) - 0.5)
                for k in range(len(values))
            ]
            style = BACKEND_STYLE[backend]
            ax.scatter(xs, values, s=12, alpha=0.7, color=style["color"],
                       marker=style["marker"],
                       label=f"{style['label']} (one dot per seed)")  # fmt: skip
    if article is not None:
        ax.axhline(article, color="red", linestyle="--",
                   label="the article's printed accuracy")  # fmt: skip
    ax.set_xticks(range(len(columns)), [_label(c) for c in columns], fontsize=7)
    ax.set_xlim(-0.6, len(columns) - 0.4)
    ax.grid(axis="y", alpha=0.3)


def _draw(runs: Sequence[Run], panels: list[tuple[str, list[Column], float | None]],
          path: Path, title: str) -> Path:  # fmt: skip
    """Draw panels side by side with one accuracy axis; write the PNG whole."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    backends = [
        b for b in common.SUPPORTED_BACKENDS if any(backend_of(r) == b for r in runs)
    ]
    values = [
        v
        for _, columns, _ in panels
        for c in columns
        for b in backends
        for v in accuracies(runs, c, b)
    ]
    low = min([*values, 100.0])
    bottom = max(0.0, math.floor((low - 2) / 10) * 10)
    widths = [max(2, len(columns)) for _, columns, _ in panels]
    fig, axes = plt.subplots(
        1, len(panels), figsize=(0.75 * sum(widths) + 1.5, 4.6), squeeze=False,
        sharey=True, gridspec_kw={"width_ratios": widths},
    )  # fmt: skip
    for ax, (name, columns, article) in zip(axes[0], panels, strict=True):
        _panel(ax, runs, columns, backends, article)
        ax.set_title(name, fontsize=9)
    axes[0][0].set_ylim(bottom, 101)
    axes[0][0].set_ylabel("accuracy (%)")
    seen: dict[str, Any] = {}
    for ax in axes[0]:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            seen.setdefault(label, handle)
    fig.legend(list(seen.values()), list(seen), loc="lower center", ncol=3, fontsize=8)
    fig.suptitle(title, fontsize=9)
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp.png")
    fig.savefig(tmp, dpi=100, metadata={"Software": None})
    plt.close(fig)
    os.replace(tmp, path)
    return path


def plot(runs: Sequence[Run], folder: Path, epochs_scale: float = 1.0) -> list[Path]:
    """Draw accuracy.png (and conjectures.png, if any ran) into ``folder``.

    Dots of one column are spread sideways by seed only so that equal
    values stay visible (the title says so). Returns the files written.
    """
    runs = [r for r in runs if r.get("status") == "ok" and not r.get("plain")]
    note = scale_note(epochs_scale)
    spread = (
        "dots of a column spread sideways by seed, only to keep equal values visible"
    )
    heading = f"{note.upper()}\n" if note else ""
    main = []
    for experiment in dict.fromkeys(v.experiment for v in VARIANTS):
        columns = [
            (v.experiment, v.name, "")
            for v in VARIANTS
            if v.experiment == experiment and v.role != "conjecture"
        ]
        if any(accuracies(runs, c, b) for c in columns for b in BACKEND_STYLE):
            main.append(
                (f"experiment {experiment}", columns, ARTICLE_ACCURACY[experiment])
            )
    written = []
    if main:
        written.append(_draw(
            runs, main, folder / "accuracy.png",
            f"{heading}Training accuracy over seeds: the article's settings and "
            f"the controls ({spread})",
        ))  # fmt: skip
    conjectures = [
        (name, columns, None)
        for name, columns in CONJECTURE_PANELS
        if any(accuracies(runs, c, b) for c in columns[-1:] for b in BACKEND_STYLE)
    ]
    if conjectures:
        written.append(_draw(
            runs, conjectures, folder / "conjectures.png",
            f"{heading}The article's conjectures, each beside what it is compared "
            f"with ({spread}); (e) is accuracy over every input, the rest over the "
            "training samples",
        ))  # fmt: skip
    return written
