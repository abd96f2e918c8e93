"""keras_fixes.py: the JAX stateful-LSTM work-around, on both backends."""

import keras
import keras_fixes

BACKEND = keras.backend.backend()


def test_keep_lstm_state_on_jax_tracks_the_state_once():
    model = keras.Sequential(
        [keras.Input((1, 1), batch_size=1), keras.layers.LSTM(4, stateful=True)]
    )
    added = keras_fixes.keep_lstm_state_on_jax(model)
    state_ids = {id(v) for v in model.layers[0].states}
    tracked = {id(v) for v in model.non_trainable_variables}
    if BACKEND == "jax":
        assert added == 2 and state_ids <= tracked
    else:  # TensorFlow carries the state already: nothing to do
        assert added == 0 and not state_ids & tracked
    assert keras_fixes.keep_lstm_state_on_jax(model) == 0  # idempotent
