"""study/six.py: the six experiments at one seed, in one table."""

import re
import subprocess
import sys

import pytest

from conftest import ROOT
from run_records import MISRECITED, RECITAL, make_run

from study import six


def test_wrong_lists_the_misses_most_frequent_first():
    run = make_run(
        "06", "article", 1, 0.97,
        training=[("T", "V", "U")] * 3 + [("AB", "C", "C"), ("X", "Z", "Y")],
    )  # fmt: skip
    assert six.wrong(run) == ["T -> V (3)", "X -> Z"]
    recital = make_run("05", "article", 1, 1.0, recital=RECITAL)
    assert six.wrong(recital) == []  # 05 is judged on its recital
    assert six.row(recital) == ["05", "100.00%", "100.00%", "none"]


COLD_K = [("K", "B", "L"), ("B", "C", "C"), ("C", "D", "D")]  # as 05 recites it


def test_05s_row_shows_its_cold_start_as_05_prints_it():
    """Not "none": its recital is right, its cold start K -> B is not."""
    run = make_run("05", "article", 1, 1.0, recital=RECITAL, cold_start=COLD_K)
    assert six.row(run)[3] == "cold start K -> B (expected L)"
    right = make_run("05", "article", 1, 1.0, recital=RECITAL,
                     cold_start=[("K", "L", "L")])  # fmt: skip
    assert six.row(right)[3] == "cold start K -> L"
    both = make_run("05", "article", 1, 0.96, recital=MISRECITED, cold_start=COLD_K)
    assert six.row(both)[3] == "A -> C; cold start K -> B (expected L)"


def test_the_legend_says_what_the_counts_and_the_cold_start_are(monkeypatch, capsys):
    def made_up(variant, seed, epochs):
        if variant.experiment == "05":
            return make_run("05", "article", seed, 1.0, recital=RECITAL,
                            cold_start=COLD_K)  # fmt: skip
        return make_run(variant.experiment, "article", seed, 0.9,
                        training=[("T", "V", "U")] * 7)  # fmt: skip

    monkeypatch.setattr(six, "run_one", made_up)
    six.six(3, 1.0)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith(", the article's settings:")
    assert lines[2].endswith("T -> V (7)") and "cold start K -> B" in lines[6]
    legend = lines[8:]
    assert legend[0].startswith("(7): how many samples gave that wrong answer")
    assert " ".join(legend[1:]).startswith("cold start: 05 fed K to a zero state")
    assert "so K is answered as A is" in " ".join(legend[1:])
    assert max(len(line) for line in lines[8:]) <= 80


def test_a_scaled_run_is_not_called_the_article_settings():
    assert six.heading(3, "jax", 1.0) == ["Seed 3 on jax, the article's settings:"]
    scaled = six.heading(3, "jax", 0.01)
    assert scaled[0] == "Seed 3 on jax, the article's settings but 0.01x their epochs:"
    assert scaled[1].startswith("NOTE: training cut to 1% of the article's epochs")


@pytest.mark.slow
def test_the_table_runs_all_six(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "study.six", "--seed", "3", "--epochs-scale", "0.01"],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Seed 3 on ") and "but 0.01x their epochs" in lines[0]
    assert lines[1].startswith("NOTE: training cut to 1%")
    assert lines[2].split() == ["exp", "accuracy", "article", "wrong", "predictions"]
    rows = [
        re.match(r"(0[1-6]) +(\d+\.\d\d)% +(\d+\.\d\d)% +(.+)$", ln)
        for ln in lines[3:9]
    ]
    assert [r.group(1) for r in rows] == ["01", "02", "03", "04", "05", "06"]
    assert [r.group(3) for r in rows] == ["84.00", "86.96", "100.00", "100.00",
                                          "100.00", "98.90"]  # fmt: skip


@pytest.mark.parametrize(
    "argv,said",
    [
        (["--seed", "-1"], "must be 0 .. 2**32-1"),
        (["--seed", str(2**32)], "must be 0 .. 2**32-1"),
        (["--epochs-scale", "0"], "must be above 0"),
        (["--epochs-scale", "-1"], "must be above 0"),
        (["--epochs-scale", "nan"], "must be above 0"),
        (["--epochs-scale", "inf"], "must be above 0"),
        (["--epochs-scale", "1e308"], "at most 1000"),
        (["--epochs-scale", "0.0001"], "leaves 05 article no epoch"),
        (["--epochs-scale", "1.0001"], "changes no run's epochs"),
    ],
)
def test_flags_that_leave_nothing_to_run_are_refused(argv, said, monkeypatch, capsys):
    """One line and exit 2, before Keras loads or anything runs."""

    def refuse(*args, **kwargs):
        raise AssertionError("a run started")

    monkeypatch.setattr(six, "six", refuse)
    monkeypatch.setattr(six, "run_one", refuse)
    with pytest.raises(SystemExit) as exit_info:
        six.main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("python -m study.six: error: ")
    assert said in err[0]


def test_a_bad_argument_is_one_line_and_exit_2():
    done = subprocess.run(
        [sys.executable, "-m", "study.six", "--seed", "x"],
        capture_output=True, text=True, timeout=60, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "not an integer" in done.stderr
