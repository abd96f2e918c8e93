"""Seeing experiment 5's state: nearest recital step, and a figure of it.

``05_stateful.py`` records the LSTM's hidden state after every letter it
feeds: the recital from A, the cold start and the warm start. This module
says which recital step a state is nearest, and draws the three runs side
by side (``05_stateful.py --plot FILE.png``). It imports no Keras; the
figure needs matplotlib, loaded only when a figure is drawn.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import numpy as np

import common


def nearest_state(
    recital: Sequence[common.Prediction],
    recital_states: Sequence[np.ndarray],
    state: np.ndarray,
) -> tuple[str, float]:
    """The recital step whose hidden state is nearest ``state``.

    Returns the letter fed at that step and the Euclidean distance. The
    plain distance is enough here: the states in question are either close
    (well under 1) or far apart (above 2).
    """
    distances = [float(np.linalg.norm(np.asarray(s) - state)) for s in recital_states]
    index = int(np.argmin(distances))
    return recital[index].inputs, distances[index]


def _panels(
    start: str,
    recital: Sequence[common.Prediction],
    cold: Sequence[common.Prediction],
    warm: Sequence[common.Prediction],
    states: dict[str, list[np.ndarray]],
    fed_before: str,
) -> list[tuple[str, Sequence[common.Prediction], list[np.ndarray]]]:
    """The three panels: (title, predictions under the columns, states)."""
    first = recital[0].inputs
    return [
        (
            f"recital: {first} fed, then each\nprediction fed back",
            recital,
            states["recital"],
        ),  # fmt: skip
        (f"cold start:\n{start} from a zero state", cold, states["cold"]),
        (
            f"warm start: {start} after\nfeeding {fed_before or 'nothing'}",
            warm,
            states["warm"],
        ),  # fmt: skip
    ]


def _draw(axes: Any, panels: list, order: np.ndarray) -> Any:
    """Each panel's states as an image, units in ``order``; the last image."""
    image = None
    for ax, (title, predictions, seen) in zip(axes, panels, strict=True):
        matrix = np.array(seen).T[order]
        image = ax.imshow(
            matrix,
            aspect="auto",
            cmap="RdBu_r",
            vmin=-1,
            vmax=1,
            interpolation="nearest",
        )
        labels = [f"{p.inputs}\n{p.predicted}" for p in predictions]
        ax.set_xticks(range(len(labels)), labels, fontsize=7)
        ax.set_yticks([])
        ax.set_title(title, fontsize=9, pad=18)
    axes[0].set_ylabel("LSTM units (hidden state h)")
    return image


def _mark_nearest(
    ax: Any, recital: Sequence[common.Prediction], letter: str, start: str
) -> None:
    """An arrow and a red label at the recital column nearest the cold start."""
    index = [p.inputs for p in recital].index(letter)
    ax.annotate(
        f"nearest the cold {start}",
        xy=(index, -0.5),
        xytext=(index + 1.5, -4.5),
        annotation_clip=False,
        fontsize=8,
        color="darkred",
        arrowprops={"arrowstyle": "->", "color": "darkred"},
    )
    ax.get_xticklabels()[index].set_color("darkred")
    ax.get_xticklabels()[index].set_fontweight("bold")


def _caption(
    start: str,
    letter: str,
    distance: float,
    cold: Sequence[common.Prediction],
    warm: Sequence[common.Prediction],
) -> str:
    """The figure's own reading of itself, as its title."""
    return (
        f"Experiment 5: the LSTM's hidden state after each letter (under each "
        f"column: the letter fed, then the prediction).\nThe cold {start} column "
        f"is nearly the recital's {letter} column (in red, distance "
        f"{distance:.2f}), so a cold {start} answers {cold[0].predicted}; "
        f"warmed up, {start} answers {warm[0].predicted}.\nRows: the units, "
        "sorted by the recital step where each is most active, so the recital "
        "reads as a diagonal; a column's pattern is where the LSTM is."
    )


def plot_states(
    path: str | os.PathLike[str],
    start: str,
    recital: Sequence[common.Prediction],
    cold: Sequence[common.Prediction],
    warm: Sequence[common.Prediction],
    states: dict[str, list[np.ndarray]],
    fed_before: str | None = None,
) -> None:
    """Draw the LSTM's hidden state after each letter into a PNG at ``path``.

    Three panels side by side, one column per letter fed: the recital from
    its first letter, the cold start from ``start`` (zero state) and the
    warm start (after feeding ``fed_before``, by default the alphabet's
    letters before ``start``). Rows are the LSTM's units, ordered by
    the recital step where each is largest, so the recital reads as a
    diagonal and a column's place in the sequence can be seen. An arrow
    and a red label point out the recital column nearest the cold start.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if fed_before is None:
        fed_before = common.ALPHABET[: common.encode(start)[0]]
    panels = _panels(start, recital, cold, warm, states, fed_before)
    recital_matrix = np.array(states["recital"]).T  # units x steps
    order = np.argsort(np.argmax(recital_matrix, axis=1), kind="stable")
    fig, axes = plt.subplots(
        1,
        3,
        figsize=(12, 5.8),
        gridspec_kw={"width_ratios": [max(len(p[1]), 8) + 2 for p in panels]},
    )
    image = _draw(axes, panels, order)
    letter, distance = nearest_state(recital, states["recital"], states["cold"][0])
    _mark_nearest(axes[0], recital, letter, start)
    fig.subplots_adjust(left=0.05, right=0.9, top=0.74, bottom=0.12, wspace=0.12)
    fig.colorbar(image, cax=fig.add_axes((0.92, 0.12, 0.012, 0.62)), label="h")
    fig.suptitle(_caption(start, letter, distance, cold, warm), fontsize=10, y=0.99)
    with open(path, "wb") as file:  # exactly the file named, whatever its name
        fig.savefig(file, format="png", dpi=100)
    plt.close(fig)
