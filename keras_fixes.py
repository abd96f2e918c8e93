"""A work-around for Keras 3.15 on JAX, which loses a stateful LSTM's state.

Reproduce it in one line (it prints the same output twice on JAX: the
second call did not start from the first's state; two different ones on
TensorFlow):

    KERAS_BACKEND=jax python -c "import keras, numpy as np; m = keras.Sequential([keras.Input((1, 1), batch_size=1), keras.layers.LSTM(4, stateful=True)]); x = np.ones((1, 1, 1)); print(m.predict_on_batch(x), m.predict_on_batch(x))"

Experiment 5 calls ``keep_lstm_state_on_jax(model)`` right after building
its model, so that both its training paths (``--plain`` and the fast one)
and its predictions carry the state. If you copy 05_stateful.py to run on
JAX, copy this file too. ``tests/test_keras_behaviour.py`` runs the raw
reproduction; once a Keras release fixes it, that test reports XPASS and
this module can go.
"""

from __future__ import annotations

import keras


def keep_lstm_state_on_jax(model: keras.Model) -> int:
    """Make Keras carry a stateful LSTM's state on JAX; return variables added.

    Why: ``keras.layers.RNN`` creates its state variables in
    ``_create_state_variables`` under ``no_automatic_dependency_tracking``
    (keras/src/layers/rnn/rnn.py), so they are not among the layer's
    variables. The JAX trainer passes only tracked variables through its
    compiled ``fit``, ``evaluate`` and ``predict_on_batch`` functions, so
    every call starts from a zero state: experiment 5 then scores about 76%
    and recites ``A -> B``, ``B -> B``, ``B -> B``, ... TensorFlow keeps its
    variables outside the compiled function and is not affected.

    What: registers the state variables as the layer's non-trainable
    variables (unlocking the layer's tracker for that, then locking it
    again, two private attributes); ``reset_state`` still zeroes them. Does
    nothing on TensorFlow, nor on a Keras that already tracks them.
    """
    if keras.backend.backend() != "jax":
        return 0
    added = 0
    for layer in model.layers:
        if not getattr(layer, "stateful", False) or layer.states is None:
            continue
        tracked = {id(v) for v in layer.variables}
        missing = [v for v in layer.states if id(v) not in tracked]
        if not missing:
            continue
        was_locked = layer._tracker.locked
        layer._tracker.unlock()
        try:
            for variable in missing:
                layer._track_variable(variable)
                added += 1
        finally:
            if was_locked:
                layer._tracker.lock()
    return added
