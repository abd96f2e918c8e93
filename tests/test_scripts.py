"""Every script end to end: in-process through run(), and as a user runs it."""

import contextlib
import functools
import io
import os
import re
import signal
import subprocess
import sys
import time

import common
import fast_training
import numpy as np
import pytest
from conftest import ROOT, SCRIPTS, ctrl_c_as_from_a_terminal, run_script

# What each script's run() returns: {section: predictions}.
SECTIONS = {
    "01": {"training": 25},
    "02": {"training": 23},
    "03": {"training": 23},
    "04": {"training": 25, "random": 20},
    "05": {"training": 25, "recital": 25, "cold_start": 5, "warm_start": 5},
    "06": {"training": 1000, "random": 20},
    "mlp": {"training": 23},
    "prefix": {"training": 25, "recital": 25, "cold_start": 5, "warm_start": 5},
}
# Prediction lines each prints at -q (05 prints no line per training input).
PRINTED = {"01": 25, "02": 23, "03": 23, "04": 45, "05": 35, "mlp": 23, "prefix": 35}
PAIRS = {"01": 25, "02": 23, "03": 23, "04": 25, "05": 25, "06": 1000}
PAIRS.update(mlp=23, prefix=25)
ACCURACY = re.compile(r"^Model Accuracy: (\d{1,3}\.\d\d)%$", re.M)
PREDICTION = re.compile(
    r"^(\[('[A-Z]', )*'[A-Z]'\]|[A-Z]+) -> [A-Z]( {3}<- wrong, expected [A-Z])?$"
)
HEADINGS = ("Test a Random Pattern:", "New start: ", "Warm start: ", "The cold ")
HEADINGS += ("The warm ", "Wrong: ", "(The recital: ")


def slow_but(fast: set[str]) -> list:
    """Every script as a test parameter, those not in ``fast`` marked slow."""
    return [
        number if number in fast else pytest.param(number, marks=pytest.mark.slow)
        for number in sorted(SCRIPTS)
    ]


LESSON = {"01", "02", "03", "04", "05", "06"}  # the learner's six; not the study's
# Each script's own flags, besides the shared --seed, --epochs, --plain, -q.
OWN_FLAGS = {
    "04": ["--shuffle", "--batch-size"],
    "05": ["--start", "--plot", "--every-cold-start", "--units"],
    "06": ["--pad", "--patterns", "--units", "--all-inputs"],
    "mlp": ["--hidden"],
    "prefix": ["--start"],
}


def quiet_lines(done: subprocess.CompletedProcess, epochs: int) -> list[str]:
    """A -q run's lines after its first, which says which training ran."""
    assert done.returncode == 0, done.stderr
    first, *lines = done.stdout.splitlines()
    hows = (fast_training.FAST_HOW, fast_training.PLAIN_HOW)
    backends = common.SUPPORTED_BACKENDS  # the run's may not be this process's
    assert first in [
        f"Trained {epochs} epochs on {backend} ({how})"
        for backend in backends
        for how in hows
    ]
    return lines


def quiet_run(script, capsys, epochs: int, **flags) -> list[str]:
    """Run a script in this process as -q does; its lines after the first
    (which says which training ran). Cheaper than a process: no import."""
    capsys.readouterr()
    script.run(epochs=epochs, verbose=0, **flags)
    first, *lines = capsys.readouterr().out.splitlines()
    how = fast_training.PLAIN_HOW if flags.get("plain") else fast_training.FAST_HOW
    assert first == f"Trained {epochs} epochs on {common.chosen_backend()} ({how})"
    return lines


@pytest.fixture(scope="session")
def two_epochs(scripts):
    """Each script's -q run at 2 epochs and its default seed, in this process.

    Made on first use and shared by the tests that only read it (result,
    lines after the first): on TensorFlow a model's build and compilation
    cost seconds, its two epochs almost nothing.
    """

    @functools.cache
    def run(number: str) -> tuple[common.Result, list[str]]:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            result = scripts[number].run(epochs=2, verbose=0)
        first, *lines = out.getvalue().splitlines()
        how = f"({fast_training.FAST_HOW})"
        assert first == f"Trained 2 epochs on {common.chosen_backend()} {how}"
        return result, lines

    return run


@pytest.mark.parametrize("number", slow_but(LESSON))
def test_run_in_process(number, two_epochs):
    result, lines = two_epochs(number)
    assert result.experiment == number and result.seed == 7 and result.epochs == 2
    assert {k: len(v) for k, v in result.predictions.items()} == SECTIONS[number]
    right = sum(p.correct for p in result.predictions["training"])
    assert result.accuracy == right / SECTIONS[number]["training"]
    assert result.training.steps > 0 and result.training.history[-1].epoch == 2
    assert len(ACCURACY.findall("\n".join(lines))) == 1


@functools.cache
def user_run(number: str) -> subprocess.CompletedProcess:
    """``python SCRIPT --epochs 3 --seed 1``, run once per test session."""
    return run_script(number, "--epochs", "3", "--seed", "1")


@pytest.mark.parametrize("number", slow_but(LESSON))
def test_script_as_a_user_runs_it(number):
    done = user_run(number)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    pairs = [ln for ln in lines if re.fullmatch(r"[A-Z]+ -> [A-Z]", ln)]
    progress = [ln for ln in lines if ln.startswith("Epoch")]
    assert lines[0].startswith(f"The training data, {PAIRS[number]} pairs")
    assert lines[1 : 1 + PAIRS[number]] == pairs[: PAIRS[number]]  # the pairs first
    assert len(pairs) >= PAIRS[number]  # 05's recital lines look like pairs too
    assert progress == [
        ln
        for ln in lines
        if re.fullmatch(r"Epoch +\d/3: loss \d+\.\d{4}, accuracy \d\.\d{4}", ln)
    ]
    assert [ln.split(":")[0].split()[-1] for ln in progress] == ["1/3", "2/3", "3/3"]
    heading = lines[lines.index(progress[0]) - 1]
    assert re.match(r"Training 3 epochs of \d+ steps? on \w+ \(", heading)
    assert f"({fast_training.FAST_HOW}); each line" in heading
    assert heading.endswith("while the model was still learning")
    assert not re.search(r"\b1 steps\b", done.stdout)
    assert len(ACCURACY.findall(done.stdout)) == 1
    # After the accuracy, where it stands: nowhere, at 3 epochs (and the
    # study's own scripts have no article's figure to stand beside).
    placed = lines[lines.index(ACCURACY.search(done.stdout).group(0)) + 1]
    if number in LESSON:
        assert placed == (
            "Not the article's settings (--epochs 3): no range over seeds "
            f"applies; the article: {common.ARTICLE_PERCENT[number]:.2f}% at its own."
        )
    else:
        assert not placed.startswith(("Not the article's", "Over ", "No committed"))
    # No TensorFlow start-up noise on either stream.
    assert "oneDNN" not in done.stderr + done.stdout
    assert "cuda" not in (done.stderr + done.stdout).lower()


@pytest.mark.slow
def test_05_at_the_articles_settings_is_placed_among_the_committed_runs(tmp_path):
    """The line after Model Accuracy: the committed runs' range, and what
    was the same at every seed, for this backend's fast training (--plot
    adds output only: still the article's settings)."""
    done = run_script("05", "-q", "--plot", str(tmp_path / "state.png"))
    lines = quiet_lines(done, 300)
    placing = common.Placing("05", common.chosen_backend(), False)
    assert lines[1:3] == common.placing_lines(placing)
    assert lines[1].startswith("Over 30 seeds, the fast training on ")
    assert "cold K -> B" in lines[2]


def test_quiet_plain_run_says_which_training_ran():
    """The learner's command line: --plain -q names the training, then results."""
    done = run_script("05", "--plain", "--epochs", "2", "-q")
    assert f"({fast_training.PLAIN_HOW})" in done.stdout.splitlines()[0]
    assert ACCURACY.match(quiet_lines(done, 2)[0])


@pytest.mark.parametrize("number", slow_but(LESSON))
def test_quiet_plain_run_prints_results_only(number, scripts, capsys):
    """--plain (the article's own Keras calls) runs; -q prints results only."""
    lines = quiet_run(scripts[number], capsys, 2, plain=True)
    assert ACCURACY.match(lines[0])
    predictions = [ln for ln in lines[1:] if PREDICTION.match(ln.split(" (")[0])]
    for line in lines[1:]:
        assert line in predictions or line.startswith(HEADINGS), line
    if number == "06":  # its wrong inputs, then the 20 random patterns
        assert lines[-21] == "Test a Random Pattern:" and len(predictions) >= 20
    elif number == "05":  # its wrong training samples, then the recital...
        right = float(ACCURACY.match(lines[0]).group(1)) / 100
        missed = round(25 * (1 - right))
        assert (
            lines[1] == f"Wrong: {missed} of 25 training samples:" if missed else True
        )
        assert len(predictions) == PRINTED[number] + missed
    else:  # every prediction the script prints
        assert len(predictions) == PRINTED[number]


@pytest.mark.slow
@pytest.mark.skipif(
    common.chosen_backend() != "jax", reason="the same output on JAX only"
)
def test_plain_and_fast_print_the_same_on_jax():
    """06's whole output, progress lines included, but for the two lines
    that name the training and time it."""

    def output(*flags):
        done = run_script("06", "--epochs", "6", "--seed", "2", *flags)
        assert done.returncode == 0, done.stderr
        return [
            line
            for line in done.stdout.splitlines()
            if not line.startswith(("Training 6 epochs", "Trained 6 epochs"))
        ]

    fast, plain = output(), output("--plain")
    assert len(fast) > 100 and any(ln.startswith("Epoch ") for ln in fast)
    assert fast == plain


def test_06_shows_its_wrong_inputs(two_epochs):
    _, lines = two_epochs("06")
    accuracy = float(ACCURACY.match(lines[0]).group(1))
    counts = re.fullmatch(
        r"Wrong: (\d+) of 1000 samples, (\d+) distinct inputs.*", lines[1]
    )
    assert counts, lines[1]
    wrong, distinct = int(counts.group(1)), int(counts.group(2))
    assert wrong > 0  # two epochs leave plenty wrong: the list means something
    assert accuracy == pytest.approx(100 * (1000 - wrong) / 1000, abs=0.005)
    listed = lines[2 : 2 + distinct]
    assert all(
        re.fullmatch(r".* <- wrong, expected [A-Z] \(\d+\)", ln) for ln in listed
    )
    assert sum(int(ln.rsplit("(", 1)[1][:-1]) for ln in listed) == wrong
    assert lines[2 + distinct] == "Test a Random Pattern:"


@pytest.mark.parametrize("number", sorted(SCRIPTS))
def test_help_lists_every_flag(number):
    done = run_script(number, "--help")
    assert done.returncode == 0
    for flag in ["--seed", "--epochs", "--plain", "--verbose", "-q"] + OWN_FLAGS.get(
        number, []
    ):
        # The flag itself, not a longer one that starts with it.
        assert re.search(re.escape(flag) + r"(?![\w-])", done.stdout), flag
    assert "default: None" not in done.stdout
    assert "(default: 7)" in done.stdout


@pytest.mark.parametrize(
    "number,argv",
    [
        ("01", ["--epochs", "0"]),
        ("02", ["--epochs", "-3"]),
        ("03", ["--epochs", "x"]),
        ("04", ["--seed", "abc"]),
        ("05", ["--start", "7"]),
        ("05", ["--start", "AB"]),
        ("05", ["--plot", "state"]),
        ("05", ["--plot", "out/"]),
        ("05", ["--plot", "no/such/folder/state.png"]),
        ("06", ["--pad", "nothing"]),
        ("06", ["--patterns", "0"]),
        ("04", ["--batch-size", "2"]),
        ("mlp", ["--hidden", "x"]),
        ("prefix", ["--start", "?"]),
        ("06", ["--unknown"]),
    ],
)
def test_bad_argument_one_line_exit_2(number, argv):
    done = run_script(number, *argv)
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "error:" in done.stderr and "Traceback" not in done.stderr


def test_same_seed_same_output(scripts, capsys, two_epochs):
    """Two processes, same seed: the same output, but for the time taken."""
    first, second = user_run("04"), run_script("04", "--epochs", "3", "--seed", "1")

    def untimed(done: subprocess.CompletedProcess) -> list[str]:
        assert done.returncode == 0, done.stderr
        return [ln for ln in done.stdout.splitlines() if " us/step" not in ln]

    assert untimed(first) == untimed(second)
    assert len(untimed(first)) == len(first.stdout.splitlines()) - 1
    # Another seed prints otherwise (run here: the point is the seed).
    other = quiet_run(scripts["04"], capsys, 2, seed=8)
    assert other != two_epochs("04")[1]


def test_same_seed_same_result_in_process(scripts, two_epochs):
    """Runs sharing a process (the study, the tests) repeat too."""
    a = two_epochs("01")[0]
    scripts["05"].run(seed=5, epochs=1, verbose=0)  # something in between
    b = scripts["01"].run(epochs=2, verbose=0)
    assert a.accuracy == b.accuracy and a.predictions == b.predictions
    assert [h.loss for h in a.training.history] == [h.loss for h in b.training.history]


@pytest.mark.parametrize("number", ["01", "02", "03", "04"])
def test_printed_accuracy_is_the_share_of_right_lines(number, scripts, capsys):
    """Model Accuracy counts exactly the training lines printed right."""
    lines = quiet_run(scripts[number], capsys, 40, seed=2)
    accuracy = float(ACCURACY.match(lines[0]).group(1))
    training = lines[1 : 1 + PAIRS[number]]
    assert all(PREDICTION.match(line) for line in training)
    right = sum("<- wrong" not in line for line in training)
    assert 0 < right < len(training)  # a mix, so the count means something
    assert accuracy == pytest.approx(100 * right / len(training), abs=0.005)


def test_wrong_mark_names_the_expected_letter(two_epochs):
    marked = [ln for ln in two_epochs("01")[1] if "<- wrong" in ln]
    assert len(marked) > 10  # two epochs: most letters are still wrong
    for line in marked:
        given = re.findall(r"'([A-Z])'", line)[0]
        assert line.endswith(f"expected {chr(ord(given) + 1)}")


def test_start_z_is_refused_with_the_reason():
    done = run_script("05", "--start", "z")
    assert done.returncode == 2 and done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Z has no next letter" in done.stderr


def test_start_a_says_the_warm_start_is_the_cold_one(scripts, capsys):
    lines = quiet_run(scripts["05"], capsys, 1, start="A")
    assert "Warm start: A (nothing comes before A: the cold start again)" in lines


def test_state_figure_is_written_to_the_file_named(tmp_path, scripts, capsys):
    """Also: the start letter in any case (--start k)."""
    figure = tmp_path / "state.PNG"  # any case of .png: this very name
    start = common.start_letter("k")
    lines = quiet_run(scripts["05"], capsys, 2, plot=figure, start=start)
    assert "New start:  K" in lines
    assert "Warm start: K (after feeding ABCDEFGHIJ)" in lines
    out = "\n".join(lines) + "\n"
    assert [p.name for p in tmp_path.iterdir()] == ["state.PNG"]
    assert figure.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert re.search(
        r"^The cold K state is nearest the recital's state after [A-Y] "
        r"\(Euclidean distance \d+\.\d\d\)$",
        out,
        re.M,
    )
    assert f"written to {figure}\n" in out


def test_plot_refused_before_training(tmp_path):
    """A figure that cannot be written is refused at once, not after training."""
    (tmp_path / "somedir").mkdir()
    started = time.perf_counter()
    done = run_script("05", "--plot", str(tmp_path / "somedir") + "/")
    assert done.returncode == 2 and "is a folder" in done.stderr
    assert time.perf_counter() - started < 3  # no Keras loaded, no training
    assert list((tmp_path / "somedir").iterdir()) == []


def _fake_keras(tmp_path):
    """A PYTHONPATH whose keras, tensorflow and jax exit 99 on import."""
    for name in ("keras", "tensorflow", "jax"):
        package = tmp_path / name
        package.mkdir()
        (package / "__init__.py").write_text("raise SystemExit(99)\n")
    return {"PYTHONPATH": str(tmp_path)}


@pytest.mark.parametrize("number", sorted(SCRIPTS))
@pytest.mark.parametrize("argv", [["--help"], ["--epochs", "0"]])
def test_command_line_is_read_before_keras_is_imported(number, argv, tmp_path):
    started = time.perf_counter()
    done = run_script(number, *argv, env=_fake_keras(tmp_path))
    seconds = time.perf_counter() - started
    assert done.returncode in (0, 2), done.stderr  # not 99: no Keras imported
    assert seconds < 2  # a third of `import keras` (~6 s here with TensorFlow)


@pytest.mark.parametrize("backend", ["torch", "numpy"])
def test_unsupported_backend_one_line_exit_2(backend):
    done = run_script("01", "--epochs", "1", env={"KERAS_BACKEND": backend})
    assert done.returncode == 2 and done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "not supported" in done.stderr and "KERAS_BACKEND=jax" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_empty_keras_backend_counts_as_unset(tmp_path):
    """KERAS_BACKEND= (empty) is Keras's default, as Keras itself reads it."""
    done = run_script(
        "04",
        "--epochs",
        "1",
        "-q",
        env={"KERAS_BACKEND": "", "KERAS_HOME": str(tmp_path)},
    )
    assert ACCURACY.match(quiet_lines(done, 1)[0])


@pytest.mark.parametrize("number", ["05", pytest.param("06", marks=pytest.mark.slow)])
def test_ctrl_c_one_line_exit_130(number):
    with ctrl_c_as_from_a_terminal():
        process = subprocess.Popen(
            [sys.executable, str(ROOT / SCRIPTS[number])],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    for line in process.stdout:  # wait until training has started
        if line.startswith("Epoch"):
            break
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert err.strip().splitlines() == [f"{SCRIPTS[number]}: interrupted"]


def test_06_subsequences_follow_the_articles_rule(scripts):
    np.random.seed(5)
    data_x, data_y = scripts["06"].random_subsequences(5000)
    starts = [x[0] for x in data_x]
    lengths = [len(x) for x in data_x]
    assert set(starts) == set(range(24))  # A..X
    assert set(lengths) == {1, 2, 3, 4, 5}
    for x, y in zip(data_x, data_y, strict=True):
        assert x == list(range(x[0], x[0] + len(x))) and y == x[-1] + 1 <= 25
    # The draw itself: start ~ randint(24), end ~ randint(start, min(start+5, 25)).
    np.random.seed(5)
    for x in data_x[:200]:
        start = np.random.randint(24)
        assert x[0] == start
        assert x[-1] == np.random.randint(start, min(start + 5, 25))


def test_06_distinct_padding_is_masked(scripts):
    """Masked left padding leaves the state at zero until the first letter."""
    import keras

    result = scripts["06"].run(seed=4, epochs=1, verbose=0, pad="distinct")
    model = result.model
    assert isinstance(model.layers[0], keras.layers.Masking)
    codes = [[1, 2]]  # BC
    pad = scripts["06"].PAD_CODES["distinct"]
    padded = keras.utils.pad_sequences(codes, maxlen=5, dtype="float32", value=pad)
    x = padded.reshape(1, 5, 1) / 26
    lstm, dense = model.layers[-2], model.layers[-1]
    # The same layers on the two real steps alone, and on all five unmasked.
    alone = keras.ops.convert_to_numpy(
        dense(lstm(np.array(codes).reshape(1, 2, 1) / 26))
    )
    unmasked = keras.ops.convert_to_numpy(dense(lstm(x)))
    np.testing.assert_allclose(model.predict_on_batch(x), alone, atol=1e-6)
    assert not np.allclose(unmasked, alone, atol=1e-4)  # the padding would count


def test_06_distinct_unmasked_pads_with_minus_one_without_masking(scripts):
    import keras

    result = scripts["06"].run(seed=4, epochs=1, verbose=0, pad="distinct-unmasked")
    assert not any(isinstance(la, keras.layers.Masking) for la in result.model.layers)
    assert scripts["06"].PAD_CODES["distinct-unmasked"] / 26 == -1.0


@pytest.mark.slow
def test_06_patterns_and_units(scripts):
    result = scripts["06"].run(seed=2, epochs=1, verbose=0, patterns=250, units=8)
    assert len(result.predictions["training"]) == 250
    assert result.model.layers[0].units == 8
    assert result.training.steps == 250  # batch size 1, one epoch


def test_06_all_inputs_every_input_and_the_fed_back_recital(scripts, capsys):
    result = scripts["06"].run(seed=2, epochs=2, verbose=0, all_inputs=True)
    every = result.predictions["every"]
    assert len(every) == 115 == len({p.inputs for p in every})
    assert {len(p.inputs) for p in every} == {1, 2, 3, 4, 5}
    assert all(p.expected == chr(ord(p.inputs[-1]) + 1) for p in every)
    fed = result.predictions["fed_back"]
    assert fed[0].inputs == "A"
    for before, after in zip(fed, fed[1:], strict=False):
        assert after.inputs == before.predicted  # each prediction fed back
    fed_in = [p.inputs for p in fed]
    assert len(set(fed_in)) == len(fed_in)  # stops before a letter comes twice
    last = fed[-1].predicted
    assert last == "Z" or last in fed_in  # ... or at Z
    out = capsys.readouterr().out
    right = sum(p.correct for p in every)
    assert f"Every input of 1..5 consecutive letters: {right} of 115 right" in out
    assert "fed back in as a one-letter input" in out


@pytest.mark.slow
def test_06_all_inputs_leaves_the_articles_run_alone(scripts):
    """The extra evaluation comes after the article's output and draws."""
    plain = scripts["06"].run(seed=5, epochs=2, verbose=0)
    more = scripts["06"].run(seed=5, epochs=2, verbose=0, all_inputs=True)
    for section in ("training", "random"):
        assert plain.predictions[section] == more.predictions[section]


def test_04_shuffled_rows_train_as_the_ordered_ones(scripts, capsys):
    """One full-batch step averages over all rows: their order is rounding.
    The shuffled run says what the control does."""
    ordered = scripts["04"].run(seed=2, epochs=40, verbose=0)
    capsys.readouterr()
    shuffled = scripts["04"].run(seed=2, epochs=40, shuffle=True)
    out = capsys.readouterr().out
    assert "Control (--shuffle): the 25 rows are shuffled every epoch" in out
    assert "Training 40 epochs of 1 step on " in out
    for a, b in zip(
        ordered.model.trainable_variables,
        shuffled.model.trainable_variables,
        strict=True,
    ):
        np.testing.assert_allclose(keras_numpy(a), keras_numpy(b), rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(
        [h.loss for h in ordered.training.history],
        [h.loss for h in shuffled.training.history],
        rtol=1e-5,
    )


def keras_numpy(variable):
    """A Keras variable's value as a NumPy array."""
    import keras

    return keras.ops.convert_to_numpy(variable.value)


@pytest.mark.slow
def test_04_batch_size_one_makes_an_update_per_sample(scripts):
    full = scripts["04"].run(seed=1, epochs=2, verbose=0)
    one = scripts["04"].run(seed=1, epochs=2, verbose=0, batch_size=1)
    assert (full.training.steps, one.training.steps) == (2, 50)


def test_mlp_is_a_perceptron_on_the_window(scripts):
    import keras

    result = scripts["mlp"].run(seed=1, epochs=1, verbose=0, hidden=16)
    layers = result.model.layers
    assert all(isinstance(la, keras.layers.Dense) for la in layers)
    assert [la.units for la in layers] == [16, 16, 26]
    assert result.model.input_shape == (None, 3)


def test_prefix_lstm_reads_zero_padded_prefixes(scripts):
    result = scripts["prefix"].run(seed=1, epochs=1, verbose=0)
    assert result.model.input_shape == (None, 25, 1)
    training = result.predictions["training"]
    assert [p.inputs for p in training[:3]] == ["A", "AB", "ABC"]
    assert training[-1].inputs == "ABCDEFGHIJKLMNOPQRSTUVWXY"
    recital = result.predictions["recital"]
    for before, after in zip(recital, recital[1:], strict=False):
        assert after.inputs == before.inputs + before.predicted  # appended
    assert result.predictions["cold_start"][0].inputs == "K"
    assert result.predictions["warm_start"][0].inputs == "ABCDEFGHIJK"


def test_05_marks_follow_the_sequence_it_was_trained_on(
    scripts, monkeypatch, capsys, tmp_path
):
    """05 as a template: trained on Z..A, every mark is read from Z..A."""

    def reversed_pairs(seq_length):
        return [[25 - i] for i in range(25)], [24 - i for i in range(25)]

    monkeypatch.setattr(common, "make_pairs", reversed_pairs)
    result = scripts["05"].run(
        seed=1, epochs=20, verbose=0, every_cold_start=True, plot=tmp_path / "s.png"
    )
    after = {common.ALPHABET[25 - i]: common.ALPHABET[24 - i] for i in range(25)}
    sections = ("recital", "cold_start", "warm_start", "every_cold_start")
    for section in sections:
        for p in result.predictions[section]:
            assert p.expected == after.get(p.inputs, ""), (section, p)
    assert result.predictions["recital"][0].inputs == "Z"
    assert len(result.predictions["every_cold_start"]) == 25
    out = capsys.readouterr().out
    assert "Warm start: K (after feeding ZYXWVUTSRQPONML)" in out
    assert "(The recital: the run from Z above, each answer fed back" in out
