"""Unit tests of common.py: encoding, pairs, shapes, seeding, printing, flags."""

import argparse
import os
import stat

import common
import numpy as np
import pytest


def test_alphabet_and_maps_are_inverse():
    assert common.ALPHABET == "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    assert common.N_LETTERS == 26
    assert common.CHAR_TO_INT["A"] == 0 and common.CHAR_TO_INT["Z"] == 25
    assert len(common.INT_TO_CHAR) == 26
    for code, char in common.INT_TO_CHAR.items():
        assert common.CHAR_TO_INT[char] == code


def test_encode_decode_round_trip():
    assert common.encode("ABZ") == [0, 1, 25]
    assert common.decode([0, 1, 25]) == "ABZ"
    assert common.decode(common.encode(common.ALPHABET)) == common.ALPHABET
    assert common.encode(common.decode(range(26))) == list(range(26))
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
    assert all(y == x[0] + 1 for x, y in zip(data_x, data_y, strict=True))


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
    assert lines[0] == (
        "The training data, 23 pairs (input -> the letter that follows it; "
        "not predictions):"
    )
    assert len(lines) == 24 and lines[2] == "BCD -> E"


def test_reshape_and_scale_shapes_and_scaling():
    data_x, _ = common.make_pairs(3)
    features = common.reshape_and_scale(data_x, time_steps=1, features=3)
    steps = common.reshape_and_scale(data_x, time_steps=3, features=1)
    assert features.shape == (23, 1, 3) and steps.shape == (23, 3, 1)
    assert features.dtype == np.float32
    # Same numbers, different layout: 2 keeps the window in the features.
    np.testing.assert_array_equal(features.ravel(), steps.ravel())
    assert steps[0, :, 0].tolist() == pytest.approx([0, 1 / 26, 2 / 26])
    assert features[0, 0, :].tolist() == pytest.approx([0, 1 / 26, 2 / 26])
    assert common.reshape_and_scale([[25]], 1, 1)[0, 0, 0] == pytest.approx(25 / 26)


def test_seed_everything_repeats_numpy_and_keras():
    import keras

    common.seed_everything(3)
    first = (np.random.permutation(10).tolist(), float(keras.random.uniform(())))
    common.seed_everything(3)
    second = (np.random.permutation(10).tolist(), float(keras.random.uniform(())))
    common.seed_everything(4)
    other = np.random.permutation(10).tolist()
    assert first == second
    assert other != first[0]


def test_seeding_draws_what_keras_set_random_seed_draws():
    """On JAX seed_everything skips TensorFlow's seed: the same weights."""
    import keras

    def weights():
        model = keras.Sequential([keras.Input((1, 1)), keras.layers.LSTM(4)])
        return [keras.ops.convert_to_numpy(v.value) for v in model.weights]

    common.seed_everything(11)
    ours = weights()
    keras.utils.set_random_seed(11)
    theirs = weights()
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_array_equal(a, b)
    common.seed_everything(12)
    assert not np.array_equal(weights()[0], ours[0])


def test_predictions_and_printing(capsys):
    preds = common.make_predictions([[0, 1, 2], [3]], np.array([3, 5]), [3, 4])
    assert [p.correct for p in preds] == [True, False]
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


def test_result_to_dict():
    class Trained:
        history: list = []
        steps, seconds = 25, 0.5

    preds = common.make_predictions([[0]], [1], [1])
    result = common.Result("01", 7, 5, np.float32(1.0), {"training": preds}, Trained())
    data = result.to_dict()
    assert data["predictions"]["training"][0] == {
        "inputs": "A",
        "predicted": "B",
        "expected": "B",
    }
    assert (data["train_steps"], data["train_seconds"]) == (25, 0.5)
    assert data["backend"] == common.chosen_backend() and data["plain"] is False
    assert type(data["accuracy"]) is float  # JSON-ready


def _parse(argv):
    return common.make_parser("Doc line.\n\nMore.", 500).parse_args(argv)


def test_parser_defaults_and_quiet():
    args = _parse([])
    assert (args.seed, args.epochs, args.verbose, args.plain) == (7, 500, 1, False)
    assert _parse(["-q"]).verbose == 0
    assert _parse(["--plain"]).plain is True
    assert _parse(["--verbose", "2", "--epochs", "3", "--seed", "0"]).epochs == 3


def test_help_shows_real_defaults_only(capsys):
    parser = common.make_parser("Doc line.", 500)
    parser.add_argument("--plot", metavar="FILE.png", help="a figure")
    with pytest.raises(SystemExit):
        parser.parse_args(["--help"])
    out = capsys.readouterr().out
    assert "(default: 500)" in out and "(default: 7)" in out
    assert "default: None" not in out and "default: False" not in out


@pytest.mark.parametrize(
    "argv",
    [
        ["--epochs", "0"],
        ["--epochs", "-3"],
        ["--epochs", "x"],
        ["--seed", "abc"],
        ["--seed", str(2**32)],
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


def test_writable_file_accepts_a_png_in_a_writable_folder(tmp_path):
    check = common.writable_file(".png")
    assert check(str(tmp_path / "state.png")) == tmp_path / "state.png"
    assert not (tmp_path / "state.png").exists()  # checked, not created
    assert list(tmp_path.iterdir()) == []  # the probe left nothing behind


@pytest.mark.parametrize(
    "name,words",
    [
        ("state", "name a .png file"),
        ("state.jpg", "name a .png file"),
        ("somedir/", "is a folder"),
        ("missing/state.png", "no folder"),
    ],
)
def test_writable_file_refuses(tmp_path, name, words):
    (tmp_path / "somedir").mkdir()
    with pytest.raises(argparse.ArgumentTypeError, match=words):
        common.writable_file(".png")(
            str(tmp_path / name) + ("/" if name.endswith("/") else "")
        )


def test_writable_file_refuses_a_folder_that_cannot_be_written(tmp_path):
    # A regular file used as a folder: no file can be created under it,
    # whoever runs the test (root included).
    (tmp_path / "plain").write_text("")
    with pytest.raises(argparse.ArgumentTypeError):
        common.writable_file(".png")(str(tmp_path / "plain" / "x.png"))
    locked = tmp_path / "locked"
    locked.mkdir()
    os.chmod(locked, stat.S_IRUSR | stat.S_IXUSR)
    try:
        if not common.can_create_in(locked):  # not as root: root writes anyway
            with pytest.raises(argparse.ArgumentTypeError, match="cannot be written"):
                common.writable_file(".png")(str(locked / "x.png"))
    finally:
        os.chmod(locked, stat.S_IRWXU)


@pytest.mark.parametrize(
    "value,expected", [("jax", "jax"), ("tensorflow", "tensorflow"), ("", None)]
)
def test_chosen_backend_from_the_environment(monkeypatch, tmp_path, value, expected):
    """KERAS_BACKEND set but empty counts as unset, as in Keras."""
    (tmp_path / "keras.json").write_text('{"backend": "jax"}')
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    monkeypatch.setenv("KERAS_BACKEND", value)
    assert common.chosen_backend() == (expected or "jax")  # empty: keras.json


def test_backend_from_keras_json(tmp_path, monkeypatch):
    monkeypatch.delenv("KERAS_BACKEND", raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    assert common.chosen_backend() == "tensorflow"  # no keras.json
    (tmp_path / "keras.json").write_text('{"backend": "torch"}')
    assert common.chosen_backend() == "torch"
    with pytest.raises(common.BackendError, match="'torch' is not supported"):
        common.check_backend()


def test_backend_not_installed(monkeypatch):
    monkeypatch.setenv("KERAS_BACKEND", "jax")
    real = common.importlib.util.find_spec
    monkeypatch.setattr(
        common.importlib.util,
        "find_spec",
        lambda name, *a: None if name == "jax" else real(name, *a),
    )
    with pytest.raises(common.BackendError, match="jax is not installed"):
        common.check_backend()


def test_guarded_turns_interrupts_and_backend_errors_into_one_line(capsys):
    def interrupted():
        raise KeyboardInterrupt

    def bad_backend():
        raise common.BackendError("nope")

    assert common.guarded("x.py", interrupted) == 130
    assert common.guarded("x.py", bad_backend) == 2
    assert common.guarded("x.py", lambda: None) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["x.py: interrupted", "x.py: error: nope"]


# ---------------------------------------------------------------------------
# Is my run normal? The line after Model Accuracy
# ---------------------------------------------------------------------------

RANGES = {
    ("01", "tensorflow", "fast"): common.SeedRange(30, 80.0, 84.0, 88.0),
    ("05", "jax", "fast"): common.SeedRange(
        30, 100.0, 100.0, 100.0, "cold K -> B, warm K -> L"
    ),
}


@pytest.fixture
def ranges(monkeypatch):
    """Known ranges in place of the committed ones."""
    monkeypatch.setattr(common, "OVER_SEEDS", RANGES)
    monkeypatch.setattr(common, "ARTICLE_PERCENT", {"01": 84.0, "05": 100.0})


def test_placing_at_the_articles_settings(ranges):
    lines = common.placing_lines(common.Placing("01", "tensorflow", False))
    assert lines == [
        "Over 30 seeds, the fast training on TensorFlow: 80.00% to 88.00% "
        "(median 84.00%); the article: 84.00%."
    ]
    lines = common.placing_lines(common.Placing("05", "jax", False))
    assert lines == [
        "Over 30 seeds, the fast training on JAX: 100.00% at every seed; "
        "the article: 100.00%.",
        "The same at every one of those seeds: cold K -> B, warm K -> L.",
    ]


def test_placing_without_runs_or_away_from_the_articles_settings(ranges):
    plain = common.placing_lines(common.Placing("01", "jax", True))
    assert plain == [
        "No committed runs of this experiment with --plain on JAX; the article: 84.00%."
    ]
    changed = common.Placing("01", "tensorflow", False, ("--epochs 60",))
    assert common.placing_lines(changed) == [
        "Not the article's settings (--epochs 60): no range over seeds "
        "applies; the article: 84.00% at its own."
    ]
    assert common.placing_lines(common.Placing("mlp", "jax", False)) == []


def test_changed_settings_leaves_out_seed_output_and_training_path():
    parser = common.make_parser("Doc line.", 500)
    parser.add_argument("--plot", default=None)
    parser.add_argument("--shuffle", action="store_true")
    parser.add_argument("--pad", default="zero")
    same = ["--seed", "3", "--plain", "-q", "--plot", "x.png", "--epochs", "500"]
    assert common.changed_settings(parser.parse_args(same), parser) == ()
    args = parser.parse_args(["--epochs", "60", "--shuffle", "--pad", "distinct"])
    assert common.changed_settings(args, parser) == (
        "--epochs 60",
        "--shuffle",
        "--pad distinct",
    )


def test_print_accuracy_places_a_run_from_the_command_line(ranges, capsys):
    common.print_accuracy(0.84)
    assert capsys.readouterr().out == "Model Accuracy: 84.00%\n"  # run() alone
    placing = common.Placing("01", "tensorflow", False)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(common, "_placing", placing)
        common.print_accuracy(0.84)
    out = capsys.readouterr().out.splitlines()
    assert out == ["Model Accuracy: 84.00%", *common.placing_lines(placing)]
