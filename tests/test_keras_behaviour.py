"""The Keras behaviour that engine.carry_rnn_state works around, raw.

Keras 3.15 on JAX does not carry a stateful RNN's state from one call to
the next: the layer's state variables are created untracked
(``_create_state_variables`` runs under ``no_automatic_dependency_tracking``
in keras/src/layers/rnn/rnn.py), and the JAX trainer passes only tracked
variables through its compiled functions, so every ``predict_on_batch``
(and every ``fit`` step) starts from a zero state.

The test below builds a stateful LSTM with plain Keras, without our
work-around, and asserts what *should* happen. On JAX it is expected to
fail today (xfail); the day a Keras release fixes the behaviour it passes
and pytest reports XPASS, without failing the run: then
``carry_rnn_state`` can go. On TensorFlow it passes. To report upstream,
the same lines run alone:

    KERAS_BACKEND=jax python -c "import keras, numpy as np; \\
    m = keras.Sequential([keras.Input((1, 1), batch_size=1), \\
    keras.layers.LSTM(4, stateful=True)]); x = np.ones((1, 1, 1)); \\
    print(m.predict_on_batch(x), m.predict_on_batch(x))"

prints the same output twice on JAX, two different ones on TensorFlow.
"""

import common
import keras
import numpy as np
import pytest


@pytest.mark.xfail(
    common.BACKEND == "jax",
    reason="Keras 3.15 on JAX: stateful RNN state variables are untracked",
    strict=False,
)
def test_plain_keras_carries_stateful_lstm_state():
    keras.utils.set_random_seed(1)
    model = keras.Sequential(
        [keras.Input((1, 1), batch_size=1), keras.layers.LSTM(4, stateful=True)]
    )
    x = np.full((1, 1, 1), 0.5, dtype="float32")
    first = model.predict_on_batch(x)
    second = model.predict_on_batch(x)
    assert not np.allclose(first, second)  # the second call started from state
    state = common.to_numpy(model.layers[0].states[0])
    assert np.abs(state).sum() > 0
