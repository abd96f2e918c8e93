"""study/six.py: the six experiments at one seed, in one table."""

import re
import subprocess
import sys

import pytest

from conftest import ROOT
from run_records import RECITAL, make_run

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


@pytest.mark.slow
def test_the_table_runs_all_six(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "study.six", "--seed", "3", "--epochs-scale", "0.01"],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Seed 3 on ")
    assert lines[1].split() == ["exp", "accuracy", "article", "wrong", "predictions"]
    rows = [
        re.match(r"(0[1-6]) +(\d+\.\d\d)% +(\d+\.\d\d)% +(.+)$", ln) for ln in lines[2:]
    ]
    assert [r.group(1) for r in rows] == ["01", "02", "03", "04", "05", "06"]
    assert [r.group(3) for r in rows] == ["84.00", "86.96", "100.00", "100.00",
                                          "100.00", "98.90"]  # fmt: skip


def test_a_bad_argument_is_one_line_and_exit_2():
    done = subprocess.run(
        [sys.executable, "-m", "study.six", "--seed", "x"],
        capture_output=True, text=True, timeout=60, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "invalid int value" in done.stderr
