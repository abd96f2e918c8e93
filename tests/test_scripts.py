"""Every script end to end: in-process through run(), and as a user runs it."""

import re

import pytest
from conftest import SCRIPTS, run_script

# What each script's run() returns: (training samples, {section: count}).
SECTIONS = {
    "01": {"training": 25},
    "02": {"training": 23},
    "03": {"training": 23},
    "04": {"training": 25, "random": 20},
    "05": {"training": 25, "recital": 25, "cold_start": 5, "warm_start": 5},
    "06": {"training": 1000, "random": 20},
}
# Lines each script prints at -q besides "Model Accuracy": its predictions
# (and the headings 04 and 05 print between them).
RESULT_LINES = {"01": 25, "02": 23, "03": 23, "04": 46, "05": 37, "06": 20}
PAIRS = {"01": 25, "02": 23, "03": 23, "04": 25, "05": 25, "06": 1000}
ACCURACY = re.compile(r"^Model Accuracy: \d{1,3}\.\d\d%$", re.M)
PREDICTION = re.compile(r"^(\[('[A-Z]', )*'[A-Z]'\]|[A-Z]) -> [A-Z]$")


@pytest.mark.parametrize("number", sorted(SCRIPTS))
def test_run_in_process(number, scripts, capsys):
    result = scripts[number].run(seed=3, epochs=2, verbose=0)
    assert result.experiment == number and result.seed == 3 and result.epochs == 2
    assert 0 <= result.accuracy <= 1
    assert {k: len(v) for k, v in result.predictions.items()} == SECTIONS[number]
    right = sum(p.correct for p in result.predictions["training"])
    assert result.accuracy == right / SECTIONS[number]["training"]
    assert result.seconds > 0 and result.history[-1].epoch == 2
    out = capsys.readouterr().out
    assert len(ACCURACY.findall(out)) == 1


@pytest.mark.parametrize("number", sorted(SCRIPTS))
def test_script_as_a_user_runs_it(number):
    done = run_script(number, "--epochs", "3", "--seed", "1")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    pairs = [ln for ln in lines if re.fullmatch(r"[A-Z]+ -> [A-Z]", ln)]
    progress = [ln for ln in lines if ln.startswith("Epoch ")]
    assert len(pairs) >= PAIRS[number]  # 05's recital lines look like pairs too
    assert progress == [
        ln
        for ln in lines
        if re.fullmatch(r"Epoch +\d+/3 - loss: \d+\.\d{4} - accuracy: \d\.\d{4}", ln)
    ]
    assert progress[-1].startswith("Epoch 3/3")
    assert len(ACCURACY.findall(done.stdout)) == 1
    # No TensorFlow start-up noise on either stream.
    assert "oneDNN" not in done.stderr + done.stdout
    assert "cuda" not in (done.stderr + done.stdout).lower()


@pytest.mark.parametrize("number", sorted(SCRIPTS))
def test_quiet_prints_results_only(number):
    done = run_script(number, "--epochs", "1", "-q")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert ACCURACY.match(lines[0])
    assert len(lines) == 1 + RESULT_LINES[number]
    headings = ("Test a Random Pattern:", "New start: ", "Warm start: ")
    for line in lines[1:]:
        assert PREDICTION.match(line) or line.startswith(headings), line


@pytest.mark.parametrize("number", sorted(SCRIPTS))
def test_help(number):
    done = run_script(number, "--help")
    assert done.returncode == 0
    for flag in ("--seed", "--epochs", "--verbose", "-q"):
        assert flag in done.stdout


@pytest.mark.parametrize(
    "number,argv",
    [
        ("01", ["--epochs", "0"]),
        ("02", ["--epochs", "-3"]),
        ("03", ["--epochs", "x"]),
        ("04", ["--seed", "abc"]),
        ("05", ["--start", "7"]),
        ("05", ["--start", "AB"]),
        ("06", ["--pad", "nothing"]),
        ("06", ["--unknown"]),
    ],
)
def test_bad_argument_one_line_exit_2(number, argv):
    done = run_script(number, *argv)
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "error:" in done.stderr and "Traceback" not in done.stderr


def test_start_letter_any_case():
    done = run_script("05", "--epochs", "1", "--start", "k", "-q")
    assert done.returncode == 0, done.stderr
    assert "New start:  K" in done.stdout
    assert "Warm start: K (after feeding ABCDEFGHIJ)" in done.stdout


def test_same_seed_same_output():
    """Two processes, same seed: the same accuracy and predictions."""
    first = run_script("06", "--epochs", "2", "-q")
    second = run_script("06", "--epochs", "2", "-q")
    assert first.returncode == 0 and first.stdout == second.stdout
    other = run_script("06", "--epochs", "2", "-q", "--seed", "8")
    assert other.stdout != first.stdout


def test_same_seed_same_result_in_process(scripts):
    """Runs sharing a process (compare.py, the tests) repeat too."""
    a = scripts["01"].run(seed=5, epochs=20, verbose=0)
    scripts["05"].run(seed=5, epochs=3, verbose=0)  # something in between
    b = scripts["01"].run(seed=5, epochs=20, verbose=0)
    assert a.accuracy == b.accuracy and a.predictions == b.predictions
    assert [h.loss for h in a.history] == [h.loss for h in b.history]
