"""state_figure.py: the nearest recital step, and the figure of the states."""

import common
import numpy as np
import pytest
import state_figure


def test_nearest_state():
    recital = common.make_predictions([[0], [1], [2]], [1, 2, 3], [1, 2, 3])
    states = [np.zeros(3), np.ones(3), 2 * np.ones(3)]
    assert state_figure.nearest_state(recital, states, np.full(3, 0.9)) == (
        "B",
        pytest.approx(0.1 * 3**0.5),
    )
    assert state_figure.nearest_state(recital, states, np.full(3, 0.1))[0] == "A"
    assert state_figure.nearest_state(recital, states, np.full(3, 5.0))[0] == "C"


def test_plot_states_writes_a_png_to_exactly_the_path(tmp_path):
    rng = np.random.default_rng(0)
    recital = common.make_predictions(
        [[i] for i in range(25)], range(1, 26), range(1, 26)
    )
    cold = common.make_predictions(
        [[10], [1], [2], [3], [4]], [1, 2, 3, 4, 5], [11, 2, 3, 4, 5]
    )
    warm = common.make_predictions(
        [[10], [11], [12], [13], [14]], range(11, 16), range(11, 16)
    )
    states = {
        "recital": list(rng.uniform(-1, 1, (25, 6))),
        "cold": list(rng.uniform(-1, 1, (5, 6))),
        "warm": list(rng.uniform(-1, 1, (5, 6))),
    }
    path = tmp_path / "figure"  # no suffix: still this very file, a PNG
    state_figure.plot_states(path, "K", recital, cold, warm, states)
    assert [p.name for p in tmp_path.iterdir()] == ["figure"]
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
