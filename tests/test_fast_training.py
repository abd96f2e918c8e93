"""fast_training.py: the same training as the article's plain Keras calls.

The main check: for every script's configuration, the fast ``fit`` and the
article's own calls (``--plain``) give the same weights after a few epochs,
on the backend in force. On TensorFlow, Keras's plain ``fit`` presents the
samples in one order every epoch (tests/test_keras_behaviour.py); there
the fast side is given that order, so that the test compares the training
itself. Then: progress lines, epoch orders, the state carried and reset.
"""

from contextlib import nullcontext

import common
import fast_training
import keras
import keras_fixes
import numpy as np
import pytest

BACKEND = keras.backend.backend()

# Every configuration the scripts train: (script, its flags, shuffled?,
# training steps an epoch).
CONFIGURATIONS = [
    ("01", {}, True, 25),
    ("02", {}, True, 23),
    ("03", {}, True, 23),
    ("04", {}, False, 1),
    ("05", {}, False, 25),
    ("06", {"patterns": 200}, True, 200),  # the article's 1000 with --runslow
    # The study's controls: with --runslow.
    pytest.param("06", {}, True, 1000, marks=pytest.mark.slow),
    pytest.param("04", {"shuffle": True}, True, 1, marks=pytest.mark.slow),
    pytest.param("04", {"batch_size": 1}, False, 25, marks=pytest.mark.slow),
    pytest.param("06", {"pad": "distinct"}, True, 1000, marks=pytest.mark.slow),
    pytest.param(
        "06",
        {"pad": "distinct-unmasked", "patterns": 100, "units": 8},
        True,
        100,
        marks=pytest.mark.slow,
    ),  # fmt: skip
    pytest.param("mlp", {}, True, 23, marks=pytest.mark.slow),
    pytest.param("prefix", {}, True, 25, marks=pytest.mark.slow),
]


def weights(model):
    """Copies of a model's trainable weights."""
    return [keras.ops.convert_to_numpy(v.value) for v in model.trainable_variables]


@pytest.mark.parametrize("number,flags,shuffled,steps", CONFIGURATIONS)
def test_fast_fit_gives_the_plain_weights(number, flags, shuffled, steps, scripts):
    """On JAX bit for bit; on TensorFlow (XLA) up to rounding."""
    epochs = 3
    plain = scripts[number].run(seed=3, epochs=epochs, verbose=0, plain=True, **flags)
    keras_order = BACKEND == "tensorflow" and shuffled
    with fast_training.keras_tensorflow_order() if keras_order else nullcontext():
        fast = scripts[number].run(
            seed=3, epochs=epochs, verbose=0, plain=False, **flags
        )
    assert plain.plain and not fast.plain
    assert plain.training.steps == fast.training.steps == epochs * steps
    for a, b in zip(weights(plain.model), weights(fast.model), strict=True):
        if BACKEND == "jax":
            np.testing.assert_array_equal(a, b)
        else:
            np.testing.assert_allclose(a, b, rtol=1e-5, atol=2e-6)
    # The progress the two report agrees too: one loss per epoch here.
    assert [h.epoch for h in fast.training.history] == [1, 2, 3]
    np.testing.assert_allclose(
        [h.loss for h in plain.training.history],
        [h.loss for h in fast.training.history],
        rtol=1e-4,
    )


@pytest.mark.skipif(BACKEND != "jax", reason="bit for bit on JAX only")
@pytest.mark.parametrize("number,epochs", [("03", 40), ("06", 4)])
def test_fast_fit_is_the_plain_fit_bit_for_bit_on_jax(number, epochs, scripts):
    """Multi-step LSTMs: every weight, optimizer slot and logged loss equal."""
    plain = scripts[number].run(seed=11, epochs=epochs, verbose=0, plain=True)
    fast = scripts[number].run(seed=11, epochs=epochs, verbose=0, plain=False)
    for model in (plain.model, fast.model):
        assert not any(getattr(layer, "unroll", False) for layer in model.layers)
    for a, b in zip(weights(plain.model), weights(fast.model), strict=True):
        np.testing.assert_array_equal(a, b)
    for a, b in zip(plain.model.optimizer.variables, fast.model.optimizer.variables,
                    strict=True):  # fmt: skip
        np.testing.assert_array_equal(
            keras.ops.convert_to_numpy(a.value), keras.ops.convert_to_numpy(b.value)
        )
    assert [(h.loss, h.accuracy) for h in plain.training.history] == [
        (h.loss, h.accuracy) for h in fast.training.history
    ]


def tiny_model(stateful=False, batch_size=None):
    """A small compiled model like the scripts': LSTM(4), Dense(26)."""
    model = keras.Sequential(
        [
            keras.Input((1, 1), batch_size=batch_size),
            keras.layers.LSTM(4, stateful=stateful),
            keras.layers.Dense(26, activation="softmax"),
        ]
    )
    keras_fixes.keep_lstm_state_on_jax(model)
    model.compile(
        loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"]
    )
    return model


def test_epoch_orders_are_fresh_permutations_from_numpy():
    np.random.seed(0)
    orders = fast_training.epoch_orders(6, 30, shuffle=True)
    assert orders.shape == (30, 6)
    for order in orders:
        assert sorted(order) == list(range(6))  # each epoch: every sample once
    assert len({tuple(o) for o in orders}) > 20  # fresh, not one reused
    # Drawn one permutation per epoch, in order, from NumPy's generator.
    np.random.seed(0)
    np.testing.assert_array_equal(orders, [np.random.permutation(6) for _ in range(30)])
    in_order = fast_training.epoch_orders(5, 3, shuffle=False)
    assert in_order.tolist() == [list(range(5))] * 3


@pytest.mark.skipif(BACKEND != "tensorflow", reason="Keras's fixed order: TensorFlow")
def test_keras_tensorflow_order_is_one_order_and_no_numpy_draw(monkeypatch):
    """The control's fit: Keras's one order every epoch, drawn at each fit
    call as Keras's is, and NumPy untouched."""
    x = np.random.rand(6, 1, 1).astype("float32")
    y = keras.utils.to_categorical(np.arange(6), 26)
    common.seed_everything(5)
    expected = fast_training.tensorflow_fit_order(6)
    assert sorted(expected) == list(range(6))
    common.seed_everything(5)
    with fast_training.keras_tensorflow_order():
        orders = fast_training.order_source(6, shuffle=True)
    np.testing.assert_array_equal(orders(4), np.tile(expected, (4, 1)))
    drawn = []
    keras_order = fast_training.tensorflow_fit_order
    monkeypatch.setattr(fast_training, "tensorflow_fit_order",
                        lambda n: drawn.append(n) or keras_order(n))  # fmt: skip
    model = tiny_model()
    numpy_before = np.random.get_state()[1].copy()
    with fast_training.keras_tensorflow_order():
        fast_training.fit(model, x, y, epochs=3, batch_size=1, shuffle=True)
        fast_training.fit(model, x, y, epochs=2, batch_size=1, shuffle=True)
    assert drawn == [6, 6]  # once a fit call
    np.testing.assert_array_equal(np.random.get_state()[1], numpy_before)
    assert not fast_training._keras_order  # the block is over: fresh orders again
    fast_training.fit(model, x, y, epochs=1, batch_size=1, shuffle=True)
    assert drawn == [6, 6]
    assert not np.array_equal(np.random.get_state()[1], numpy_before)


@pytest.mark.skipif(BACKEND != "jax", reason="refused on JAX only")
def test_keras_tensorflow_order_refuses_on_jax():
    with pytest.raises(RuntimeError, match="TensorFlow only"):
        with fast_training.keras_tensorflow_order():
            pass


@pytest.mark.parametrize(
    "epochs,verbose,stops",
    [
        (500, 1, [5, *range(50, 501, 50)]),
        (5000, 1, [50, *range(500, 5001, 500)]),
        (300, 1, [3, *range(30, 301, 30)]),
        (3, 1, [1, 2, 3]),
        (7, 2, [1, 2, 3, 4, 5, 6, 7]),
        (25, 0, [1, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 25]),
    ],
)
def test_progress_blocks_cover_every_epoch_once(epochs, verbose, stops):
    blocks = list(fast_training.progress_blocks(epochs, verbose))
    assert [first + count for first, count in blocks] == stops
    assert [first for first, _ in blocks] == [0, *stops[:-1]]


@pytest.mark.parametrize("plain", [False, True])
def test_progress_prints_what_its_numbers_are(plain, capsys):
    common.seed_everything(2)
    data_x, data_y = common.make_pairs(1)
    x = common.reshape_and_scale(data_x, 1, 1)
    y = keras.utils.to_categorical(data_y, 26)
    model = tiny_model()
    progress = fast_training.Progress(20, verbose=1)
    if plain:
        model.fit(x, y, epochs=20, batch_size=25, verbose=0, callbacks=[progress])
    else:
        fast_training.fit(
            model, x, y, epochs=20, batch_size=25, shuffle=False, progress=progress
        )
    lines = capsys.readouterr().out.splitlines()
    how = fast_training.PLAIN_HOW if plain else fast_training.FAST_HOW
    assert lines[0].startswith(f"Training 20 epochs of 1 step on {BACKEND} ({how});")
    assert "over its epochs, while the model was still learning" in lines[0]
    assert lines[1].startswith("Epoch   1/20: loss ")
    assert lines[2].startswith("Epoch   2/20: loss ")
    assert lines[3].startswith("Epochs  3-4 /20: mean loss ")
    assert lines[-2].startswith("Epochs 19-20/20: mean loss ")
    assert lines[-1].startswith("Trained 20 epochs, 20 steps in")
    assert len(lines) == 2 + 11
    assert [h.epoch for h in progress.history] == [1, 2, *range(4, 21, 2)]
    assert progress.steps == 20 and progress.seconds > 0


def test_quiet_progress_says_only_which_training_ran(capsys):
    """At verbose 0, one line: no time, so a seed prints the same each run."""
    progress = fast_training.Progress(3, verbose=0)
    progress.start(25, fast_training.FAST_HOW)
    for _ in range(3):
        progress.add_epochs(1, 1.0, 0.5)
    assert capsys.readouterr().out == (
        f"Trained 3 epochs on {BACKEND} ({fast_training.FAST_HOW})\n"
    )


def test_progress_counts_epochs_across_fit_calls(capsys):
    """Experiment 5's plain loop: one-epoch fit calls, one progress."""
    x = common.reshape_and_scale([[0], [1]], 1, 1)
    y = keras.utils.to_categorical([1, 2], 26)
    model = tiny_model()
    progress = fast_training.Progress(4, verbose=2)
    for _ in range(4):
        model.fit(x, y, epochs=1, batch_size=1, verbose=0, callbacks=[progress])
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 + 4 + 1  # one heading, a line per epoch, the total
    assert [h.epoch for h in progress.history] == [1, 2, 3, 4]
    assert progress.steps == 8


def test_fit_rejects_batches_spanning_epochs():
    with pytest.raises(ValueError, match="divide"):
        fast_training.fit(
            None, np.zeros((5, 1, 1)), np.zeros(5), epochs=1, batch_size=2,
            shuffle=False,
        )  # fmt: skip


def test_fit_rejects_a_progress_of_other_epochs():
    with pytest.raises(ValueError, match="counts 5 epochs, not 3"):
        fast_training.fit(
            None, np.zeros((2, 1, 1)), np.zeros(2), epochs=3, batch_size=1,
            shuffle=False, progress=fast_training.Progress(5, verbose=0),
        )  # fmt: skip


def lstm_states(model):
    """The stateful LSTM's h and c, as arrays (exactly two)."""
    states = model.layers[0].states
    assert states is not None and len(states) == 2  # h and c: never vacuous
    return [keras.ops.convert_to_numpy(s.value) for s in states]


def test_stateful_state_is_carried_and_reset():
    common.seed_everything(1)
    model = tiny_model(stateful=True, batch_size=1)
    x = common.reshape_and_scale([[3]], 1, 1)
    assert all(not s.any() for s in lstm_states(model))  # starts at zero
    first = model.predict_on_batch(x)
    assert all(s.any() for s in lstm_states(model))  # the step moved h and c
    second = model.predict_on_batch(x)
    # The same input gives another output: the state carried over.
    assert np.abs(first - second).max() > 1e-4
    model.layers[0].reset_state()
    assert all(not s.any() for s in lstm_states(model))
    np.testing.assert_allclose(model.predict_on_batch(x), first, rtol=1e-6)


@pytest.mark.parametrize("plain", [False, True])
def test_state_is_reset_after_each_epoch_not_inside(plain):
    """After 05's training the state is zero; one epoch later it is not."""
    common.seed_everything(2)
    data_x, data_y = common.make_pairs(1)
    x = common.reshape_and_scale(data_x, 1, 1)
    y = keras.utils.to_categorical(data_y, 26)
    model = tiny_model(stateful=True, batch_size=1)
    if plain:
        for _ in range(3):
            model.fit(x, y, epochs=1, batch_size=1, shuffle=False, verbose=0)
            model.layers[0].reset_state()
    else:
        fast_training.fit(
            model, x, y, epochs=3, batch_size=1, shuffle=False,
            reset_state_after_each_epoch=True,
        )  # fmt: skip
    assert all(not s.any() for s in lstm_states(model))  # reset at the end
    fast_training.fit(model, x, y, epochs=1, batch_size=1, shuffle=False)
    assert all(s.any() for s in lstm_states(model))  # no reset asked: carried


def test_reset_callback_resets_once_per_epoch():
    common.seed_everything(2)
    model = tiny_model(stateful=True, batch_size=1)
    x = common.reshape_and_scale([[i] for i in range(5)], 1, 1)
    y = keras.utils.to_categorical(range(1, 6), 26)
    callback = fast_training.ResetStateEachEpoch(5)
    model.fit(np.concatenate([x] * 3), np.concatenate([y] * 3), batch_size=1,
              shuffle=False, verbose=0, callbacks=[callback])  # fmt: skip
    assert callback.resets == 3
    assert all(not s.any() for s in lstm_states(model))  # reset after the last


def test_fast_fit_restores_the_models_own_settings():
    model = tiny_model()
    before = (model.jit_compile, model.steps_per_execution)
    x = common.reshape_and_scale([[0], [1]], 1, 1)
    y = keras.utils.to_categorical([1, 2], 26)
    fast_training.fit(model, x, y, epochs=2, batch_size=1, shuffle=True)
    assert (model.jit_compile, model.steps_per_execution) == before
    assert not any(getattr(layer, "unroll", False) for layer in model.layers)


def test_stateless_model_ignores_batch_neighbours():
    """Experiment 4's correction: samples of a batch do not share state."""
    common.seed_everything(1)
    model = tiny_model()
    x = common.reshape_and_scale([[i] for i in range(25)], 1, 1)
    together = model.predict_on_batch(x)
    alone = np.concatenate([model.predict_on_batch(x[i : i + 1]) for i in range(25)])
    reversed_ = model.predict_on_batch(x[::-1])[::-1]
    np.testing.assert_allclose(together, alone, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(together, reversed_, rtol=1e-5, atol=1e-6)
    assert np.abs(together[0] - together[-1]).max() > 1e-4  # inputs do differ


@pytest.mark.parametrize(
    "xla_flags,unrolled",
    [
        ("--xla_cpu_max_isa=AVX", True),
        ("--xla_cpu_prefer_vector_width=512 --xla_cpu_max_isa=SSE4_2", True),
        ("--xla_cpu_max_isa=AVX2", False),  # fused multiply-add: left a loop
        ("", False),
    ],
)
def test_lstm_unrolled_only_where_xla_has_no_fused_multiply_add(
    xla_flags, unrolled, monkeypatch
):
    monkeypatch.setenv("XLA_FLAGS", xla_flags)
    model = tiny_model()
    layers = fast_training._unrolled_without_fma(model)
    assert [layer.unroll for layer in layers] == ([True] if unrolled else [])
    assert model.layers[0].unroll is unrolled
