"""Unit tests of every helper in common.py."""

import argparse

import common
import keras
import numpy as np
import pytest


def test_alphabet_and_maps_are_inverse():
    assert common.ALPHABET == "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    assert common.N_LETTERS == 26
    assert common.CHAR_TO_INT["A"] == 0 and common.CHAR_TO_INT["Z"] == 25
    for code, char in common.INT_TO_CHAR.items():
        assert common.CHAR_TO_INT[char] == code


def test_encode_decode_round_trip():
    assert common.encode("ABZ") == [0, 1, 25]
    assert common.decode([0, 1, 25]) == "ABZ"
    assert common.decode(common.encode(common.ALPHABET)) == common.ALPHABET
    assert common.decode(np.array([2, 3])) == "CD"


@pytest.mark.parametrize("bad", ["a", "A1", " "])
def test_encode_rejects_non_letters(bad):
    with pytest.raises(ValueError, match="A..Z"):
        common.encode(bad)


@pytest.mark.parametrize("bad", [[26], [-1]])
def test_decode_rejects_bad_codes(bad):
    with pytest.raises(ValueError, match="0..25"):
        common.decode(bad)


def test_make_pairs_one_letter():
    data_x, data_y = common.make_pairs(1)
    assert len(data_x) == len(data_y) == 25
    assert data_x[0] == [0] and data_y[0] == 1  # A -> B
    assert data_x[-1] == [24] and data_y[-1] == 25  # Y -> Z


def test_make_pairs_three_letters():
    data_x, data_y = common.make_pairs(3)
    assert len(data_x) == 23
    assert common.format_pair(data_x[0], data_y[0]) == "ABC -> D"
    assert common.format_pair(data_x[-1], data_y[-1]) == "WXY -> Z"


@pytest.mark.parametrize("bad", [0, 26])
def test_make_pairs_rejects_bad_length(bad):
    with pytest.raises(ValueError):
        common.make_pairs(bad)


def test_print_pairs(capsys):
    common.print_pairs(*common.make_pairs(3))
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 23 and lines[1] == "BCD -> E"


def test_to_lstm_input_shapes_and_scaling():
    data_x, _ = common.make_pairs(3)
    features = common.to_lstm_input(data_x, time_steps=1, features=3)
    steps = common.to_lstm_input(data_x, time_steps=3, features=1)
    assert features.shape == (23, 1, 3) and steps.shape == (23, 3, 1)
    assert features.dtype == np.float32
    # Same numbers, different layout: 2 keeps the window in the features.
    np.testing.assert_array_equal(features.ravel(), steps.ravel())
    assert steps[0, :, 0].tolist() == pytest.approx([0, 1 / 26, 2 / 26])
    z = common.to_lstm_input([[25]], 1, 1)
    assert z[0, 0, 0] == pytest.approx(25 / 26)


def test_one_hot():
    y = common.one_hot([1, 25])
    assert y.shape == (2, 26)
    assert y[0].argmax() == 1 and y[1].argmax() == 25 and y.sum() == 2


def test_prepare_windows(capsys):
    data_x, data_y, x, y = common.prepare_windows(1, 1, 1, verbose=1)
    assert x.shape == (25, 1, 1) and y.shape == (25, 26)
    assert capsys.readouterr().out.splitlines()[0] == "A -> B"
    common.prepare_windows(1, 1, 1, verbose=0)
    assert capsys.readouterr().out == ""


def test_seed_everything_repeats():
    a = common.seed_everything(3)
    first = (a.permutation(10).tolist(), np.random.rand(), keras.random.uniform(()))
    b = common.seed_everything(3)
    second = (b.permutation(10).tolist(), np.random.rand(), keras.random.uniform(()))
    assert first[0] == second[0] and first[1] == second[1]
    assert float(first[2]) == float(second[2])


def test_build_model_shapes():
    model = common.build_model(8, input_shape=(3, 1))
    assert model.output_shape == (None, 26)
    assert model.layers[0].units == 8 and not model.layers[0].stateful
    stateful = common.build_model(4, (1, 1), batch_size=1, stateful=True)
    assert stateful.layers[0].stateful
    assert stateful.input_shape == (1, 1, 1)
    masked = common.build_model(4, (5, 1), mask_value=-1.0)
    assert isinstance(masked.layers[0], keras.layers.Masking)


def _state(model):
    return common.lstm_state_values(model)


def test_stateful_state_is_carried_and_reset():
    common.seed_everything(1)
    model = common.build_model(4, (1, 1), batch_size=1, stateful=True)
    x = common.to_lstm_input([[3]], 1, 1)
    assert all(not s.any() for s in _state(model))  # starts at zero
    first = model.predict_on_batch(x)
    carried = _state(model)
    assert any(s.any() for s in carried)  # the step moved the state
    second = model.predict_on_batch(x)
    # The same input gives another output: the state carried over.
    assert not np.allclose(first, second)
    common.reset_lstm_state(model)
    assert all(not s.any() for s in _state(model))
    np.testing.assert_allclose(model.predict_on_batch(x), first, rtol=1e-6)


def test_stateless_model_ignores_batch_neighbours():
    """Experiment 4's correction: samples of a batch do not share state."""
    common.seed_everything(1)
    model = common.build_model(8, (1, 1))
    x = common.to_lstm_input([[i] for i in range(25)], 1, 1)
    together = model.predict_on_batch(x)
    alone = np.concatenate([model.predict_on_batch(x[i : i + 1]) for i in range(25)])
    reversed_ = model.predict_on_batch(x[::-1])[::-1]
    np.testing.assert_allclose(together, alone, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(together, reversed_, rtol=1e-5, atol=1e-6)


def test_epoch_orders_are_fresh_permutations_from_the_generator():
    orders = common.epoch_orders(np.random.default_rng(0), 6, 30, shuffle=True)
    assert orders.shape == (30, 6)
    for order in orders:
        assert sorted(order) == list(range(6))  # each epoch: every sample once
    # Drawn one permutation per epoch, in order, from the run's generator.
    rng = np.random.default_rng(0)
    np.testing.assert_array_equal(orders, [rng.permutation(6) for _ in range(30)])
    in_order = common.epoch_orders(np.random.default_rng(0), 5, 3, shuffle=False)
    assert in_order.tolist() == [list(range(5))] * 3


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
    blocks = list(common.progress_blocks(epochs, verbose))
    assert [first + count for first, count in blocks] == stops
    assert [first for first, _ in blocks] == [0, *stops[:-1]]


def _reference_training(model, x, y, epochs, batch_size, shuffle, rng, reset):
    """The article's semantics spelled out: one train_on_batch per step."""
    for _ in range(epochs):
        order = rng.permutation(len(x)) if shuffle else np.arange(len(x))
        for first in range(0, len(x), batch_size):
            batch = order[first : first + batch_size]
            model.train_on_batch(x[batch], y[batch])
        if reset:
            common.reset_lstm_state(model)


def _weights(model):
    return [common.to_numpy(v) for v in model.trainable_variables]


@pytest.mark.parametrize(
    "stateful,shuffle,batch_size",
    [(True, False, 1), (False, True, 1), (False, True, 3), (False, False, 6)],
)
def test_fast_training_equals_plain_steps(stateful, shuffle, batch_size):
    """common.train on this backend against a step-by-step reference loop.

    Same seed, same data, same epoch orders: the weights must come out the
    same. Reusing one order for a block of epochs, feeding targets out of
    step with inputs, or resetting the state per step or only at the end
    all change them.
    """
    x = common.to_lstm_input([[i] for i in range(6)], 1, 1)
    y = common.one_hot([(i * 7 + 1) % 26 for i in range(6)])

    def model():
        common.seed_everything(3)
        return common.build_model(
            4,
            (1, 1),
            batch_size=batch_size if stateful else None,
            stateful=stateful,
            steps_per_execution=6 // batch_size if stateful else 500,
        )

    fast, plain = model(), model()
    for a, b in zip(_weights(fast), _weights(plain), strict=True):
        np.testing.assert_array_equal(a, b)
    training = common.train(
        fast,
        x,
        y,
        epochs=20,  # several epochs per progress block: blocks of 2
        batch_size=batch_size,
        shuffle=shuffle,
        rng=np.random.default_rng(0),
        reset_state_each_epoch=stateful,
        verbose=0,
    )
    assert training.steps == 20 * 6 // batch_size
    _reference_training(
        plain, x, y, 20, batch_size, shuffle, np.random.default_rng(0), stateful
    )
    for a, b in zip(_weights(fast), _weights(plain), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    if stateful:
        assert all(not s.any() for s in common.lstm_state_values(fast))


def test_train_prints_what_its_numbers_are(capsys):
    common.seed_everything(2)
    _, _, x, y = common.prepare_windows(1, 1, 1, verbose=0)
    model = common.build_model(4, (1, 1))
    common.train(
        model,
        x,
        y,
        epochs=20,
        batch_size=25,
        shuffle=False,
        rng=np.random.default_rng(0),
        verbose=1,
    )
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Training 20 epochs of 1 steps (batch size 25) on ")
    assert "over its epochs, while the model was still learning" in lines[0]
    assert lines[1].startswith("Epoch   1/20: loss ")
    assert lines[2].startswith("Epoch   2/20: loss ")
    assert lines[3].startswith("Epochs  3-4 /20: mean loss ")
    assert lines[-2].startswith("Epochs 19-20/20: mean loss ")
    assert lines[-1].startswith("Trained 20 epochs, 20 steps in")
    assert len(lines) == 2 + 11


def test_train_rejects_batches_spanning_epochs():
    with pytest.raises(ValueError, match="divide"):
        common.train(
            None,
            np.zeros((5, 1, 1)),
            np.zeros(5),
            epochs=1,
            batch_size=2,
            shuffle=False,
            rng=np.random.default_rng(0),
        )


tensorflow_only = pytest.mark.skipif(
    common.BACKEND != "tensorflow", reason="TensorFlow's fit path only"
)


@tensorflow_only
def test_reset_callback_resets_once_per_epoch():
    common.seed_everything(2)
    data_x, data_y, x, y = common.prepare_windows(1, 1, 1, verbose=0)
    model = common.build_model(
        4, (1, 1), batch_size=1, stateful=True, steps_per_execution=5
    )
    callback = common.ResetStateEachEpoch(len(x))
    model.fit(
        np.concatenate([x] * 3),
        np.concatenate([y] * 3),
        batch_size=1,
        shuffle=False,
        verbose=0,
        callbacks=[callback],
    )
    assert callback.resets == 3
    assert all(not s.any() for s in _state(model))  # reset after the last


@tensorflow_only
def test_reset_callback_refuses_straddling_calls():
    model = common.build_model(
        4, (1, 1), batch_size=1, stateful=True, steps_per_execution=10
    )
    _, _, x, y = common.prepare_windows(1, 1, 1, verbose=0)
    with pytest.raises(ValueError, match="must divide"):
        model.fit(
            x,
            y,
            batch_size=1,
            shuffle=False,
            verbose=0,
            callbacks=[common.ResetStateEachEpoch(len(x))],
        )


def test_train_with_reset_leaves_zero_state():
    common.seed_everything(2)
    _, _, x, y = common.prepare_windows(1, 1, 1, verbose=0)
    model = common.build_model(
        4, (1, 1), batch_size=1, stateful=True, steps_per_execution=len(x)
    )
    common.train(
        model,
        x,
        y,
        epochs=3,
        batch_size=1,
        shuffle=False,
        rng=np.random.default_rng(0),
        reset_state_each_epoch=True,
        verbose=0,
    )
    assert all(not s.any() for s in _state(model))


def test_predictions_and_accuracy(capsys):
    preds = common.make_predictions([[0, 1, 2], [3]], [3, 5], [3, 4])
    assert [p.correct for p in preds] == [True, False]
    assert common.accuracy_of(preds) == 0.5
    assert preds[0].line() == "['A', 'B', 'C'] -> D"
    assert preds[1].line(as_list=False) == "D -> F"
    common.print_accuracy(21 / 25)
    common.print_predictions(preds)
    assert capsys.readouterr().out.splitlines() == [
        "Model Accuracy: 84.00%",
        "['A', 'B', 'C'] -> D",
        "['D'] -> F   <- wrong, expected E",  # the article's part, then a mark
    ]
    # No true next letter (after Z): nothing to mark.
    assert common.Prediction("Z", "A", "").marked_line(False) == "Z -> A"


def test_nearest_state():
    recital = common.make_predictions([[0], [1], [2]], [1, 2, 3], [1, 2, 3])
    states = [np.zeros(3), np.ones(3), 2 * np.ones(3)]
    assert common.nearest_state(recital, states, np.full(3, 0.9)) == (
        "B",
        pytest.approx(0.1 * 3**0.5),
    )
    assert common.nearest_state(recital, states, np.full(3, 0.1))[0] == "A"


@pytest.mark.skipif(common.BACKEND != "jax", reason="JAX's seeding shortcut")
def test_jax_seeding_draws_what_keras_set_random_seed_draws():
    """seed_everything skips TensorFlow's seed on JAX: the same weights."""
    common.seed_everything(11)
    ours = [common.to_numpy(v) for v in common.build_model(4, (1, 1)).weights]
    keras.utils.set_random_seed(11)
    theirs = [common.to_numpy(v) for v in common.build_model(4, (1, 1)).weights]
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_array_equal(a, b)
    common.seed_everything(12)
    other = [common.to_numpy(v) for v in common.build_model(4, (1, 1)).weights]
    assert not np.array_equal(ours[0], other[0])


def test_carry_rnn_state_is_idempotent():
    model = common.build_model(4, (1, 1), batch_size=1, stateful=True)
    assert common.carry_rnn_state(model) == 0  # build_model did it already
    states = {id(v) for v in model.layers[0].states}
    if common.BACKEND == "jax":
        tracked = {id(v) for v in model.non_trainable_variables}
        assert states <= tracked


def test_predict_next_and_predict_codes():
    common.seed_everything(4)
    model = common.build_model(4, (1, 1), batch_size=1, stateful=True)
    code = common.predict_next(model, 0)
    assert 0 <= code < 26
    stateless = common.build_model(4, (1, 1))
    codes = common.predict_codes(stateless, common.to_lstm_input([[0], [1]], 1, 1))
    assert len(codes) == 2 and all(0 <= c < 26 for c in codes)


def test_result_to_dict():
    preds = common.make_predictions([[0]], [1], [1])
    result = common.Result("01", 7, 5, 1.0, {"training": preds}, 0.1)
    data = result.to_dict()
    assert data["predictions"]["training"][0] == {
        "inputs": "A",
        "predicted": "B",
        "expected": "B",
    }


def _parse(argv):
    return common.make_parser("Doc line.\n\nMore.", 500).parse_args(argv)


def test_parser_defaults_and_quiet():
    args = _parse([])
    assert (args.seed, args.epochs, args.verbose) == (7, 500, 1)
    assert _parse(["-q"]).verbose == 0
    assert _parse(["--verbose", "2", "--epochs", "3", "--seed", "0"]).epochs == 3


@pytest.mark.parametrize(
    "argv",
    [
        ["--epochs", "0"],
        ["--epochs", "-3"],
        ["--epochs", "x"],
        ["--seed", "abc"],
        ["--verbose", "3"],
        ["--bogus"],
    ],
)
def test_parser_bad_values_one_line_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exit_info:
        _parse(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "error:" in err


@pytest.mark.parametrize("text,expected", [("k", "K"), ("K", "K"), ("a", "A")])
def test_letter_type(text, expected):
    assert common.letter(text) == expected


@pytest.mark.parametrize("bad", ["7", "AB", "", "é"])
def test_letter_type_rejects(bad):
    with pytest.raises(argparse.ArgumentTypeError):
        common.letter(bad)
