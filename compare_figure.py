"""The figure of compare.py's runs: accuracy over the seeds, article marked.

One panel per experiment, one column per variant and backend, one dot per
seed's run, and the article's printed accuracy as a dashed line. Matplotlib
is imported only when a figure is drawn.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import common
from claims import ARTICLE_ACCURACY, VARIANTS, Run, backend_of
from compare_report import scale_note

BACKEND_STYLE = {
    "tensorflow": {"color": "tab:blue", "marker": "o", "label": "TensorFlow"},
    "jax": {"color": "tab:orange", "marker": "s", "label": "JAX"},
}


def plot(runs: Sequence[Run], folder: Path, epochs_scale: float = 1.0) -> list[Path]:
    """Accuracy over the seeds, one panel per experiment, article marked.

    Within a panel, one column per variant (named under it) and backend
    (colour and marker, in the legend); each dot is one seed's run. Dots
    of equal accuracy would hide each other, so a column's dots are spread
    sideways by seed number (said in the title). The PNG is written whole
    (a temporary file, then a rename). Returns the files written.
    """
    import matplotlib

    path = folder / "accuracy.png"
    runs = [r for r in runs if not r.get("plain")]
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    experiments = sorted({r["experiment"] for r in runs})
    backends = [
        b for b in common.SUPPORTED_BACKENDS if any(backend_of(r) == b for r in runs)
    ]
    fig, axes = plt.subplots(
        1, len(experiments), figsize=(2.9 * len(experiments), 4.2), squeeze=False
    )
    width = 0.8 / len(backends)
    for ax, experiment in zip(axes[0], experiments, strict=True):
        names = [v.name for v in VARIANTS if v.experiment == experiment]
        for i, name in enumerate(names):
            for j, backend in enumerate(backends):
                mine = sorted(
                    (r["seed"], r["accuracy"] * 100)
                    for r in runs
                    if r["experiment"] == experiment
                    and r["variant"] == name
                    and backend_of(r) == backend
                    and r.get("status") == "ok"
                )
                if not mine:
                    continue
                centre = i + (j - (len(backends) - 1) / 2) * width
                xs = [
                    centre + 0.8 * width * (k / max(1, len(mine) - 1) - 0.5)
                    for k in range(len(mine))
                ]
                style = BACKEND_STYLE[backend]
                ax.scatter(
                    xs,
                    [a for _, a in mine],
                    s=14,
                    alpha=0.75,
                    color=style["color"],
                    marker=style["marker"],
                    label=f"{style['label']} (one dot per seed)",
                )
        if ARTICLE_ACCURACY[experiment] is not None:
            ax.axhline(
                ARTICLE_ACCURACY[experiment],
                color="red",
                linestyle="--",
                label="the article's printed accuracy",
            )
        labels = [
            "article's\nsettings" if n == "article" else f"control:\n{n}" for n in names
        ]
        ax.set_xticks(range(len(names)), labels, fontsize=8)
        ax.set_xlim(-0.6, len(names) - 0.4)
        ax.set_title(f"experiment {experiment}")
        ax.set_ylim(min(ax.get_ylim()[0], 60), 101)
        ax.grid(axis="y", alpha=0.3)
    axes[0][0].set_ylabel("training accuracy (%)")
    seen: dict[str, Any] = {}
    for ax in axes[0]:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            seen.setdefault(label, handle)
    fig.legend(list(seen.values()), list(seen), loc="lower center", ncol=3, fontsize=8)
    note = scale_note(epochs_scale)
    title = (
        "Accuracy over seeds"
        + (f": {note.upper()}" if note else ", the article's settings")
        + "\n(dots of one column are spread sideways by seed number, "
        "only so that equal values stay visible)"
    )
    fig.suptitle(title, fontsize=9, color="darkred" if note else "black")
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp.png")
    fig.savefig(tmp, dpi=110)
    plt.close(fig)
    os.replace(tmp, path)
    return [path]
