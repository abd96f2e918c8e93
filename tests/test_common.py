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
    return [keras.ops.convert_to_numpy(s).copy() for s in model.layers[0].states]


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


class _RecordingModel:
    """Stands in for a Keras model: records what train() feeds to fit()."""

    def __init__(self):
        self.fed = []

    def fit(self, x, y, batch_size, epochs, shuffle, verbose, callbacks):
        assert epochs == 1 and shuffle is False
        self.fed.append((x.copy(), batch_size))

        class History:
            history = {"loss": [1.0], "accuracy": [0.5]}

        return History()


@pytest.mark.parametrize("epochs,verbose,calls", [(25, 1, 13), (7, 2, 7), (30, 0, 10)])
def test_train_feeds_each_epoch_once_in_a_fresh_order(epochs, verbose, calls):
    x = np.arange(6).reshape(6, 1, 1)
    y = np.arange(6)
    model = _RecordingModel()
    log = common.train(
        model,
        x,
        y,
        epochs=epochs,
        batch_size=1,
        shuffle=True,
        rng=np.random.default_rng(0),
        verbose=verbose,
    )
    assert len(model.fed) == calls
    fed = np.concatenate([f[0].ravel() for f in model.fed])
    epochs_fed = fed.reshape(epochs, 6)
    for order in epochs_fed:
        assert sorted(order) == list(range(6))  # each epoch: every sample once
    assert len({tuple(o) for o in epochs_fed}) > 1  # orders differ
    assert log.history[-1].epoch == epochs and log.steps == epochs * 6


def test_train_without_shuffle_keeps_order(capsys):
    x = np.arange(5).reshape(5, 1, 1)
    model = _RecordingModel()
    common.train(
        model,
        x,
        np.arange(5),
        epochs=20,
        batch_size=5,
        shuffle=False,
        rng=np.random.default_rng(0),
        verbose=1,
    )
    fed = np.concatenate([f[0].ravel() for f in model.fed])
    assert fed.tolist() == list(range(5)) * 20
    assert all(batch == 5 for _, batch in model.fed)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 11 and lines[-2].startswith("Epoch 20/20 - loss: 1.0000")
    assert lines[-1].startswith("Trained 20 epochs, 20 steps in")


def test_train_rejects_batches_spanning_epochs():
    with pytest.raises(ValueError, match="divide"):
        common.train(
            _RecordingModel(),
            np.zeros((5, 1, 1)),
            np.zeros(5),
            epochs=1,
            batch_size=2,
            shuffle=False,
            rng=np.random.default_rng(0),
        )


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
        "['D'] -> F",
    ]


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
