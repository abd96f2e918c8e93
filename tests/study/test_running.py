"""running.py: one run's record, failures, progress lines, epochs scales."""

import argparse
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool

import pytest

from study import registry, variants
import common
from study import running
from study.record import to_json

RECORD_KEYS = {
    "experiment",
    "variant",
    "backend",
    "seed",
    "epochs",
    "plain",
    "status",
    "accuracy",
    "predictions",
    "seconds",
}


def test_record_of_a_result():
    result = common.Result(
        "04",
        3,
        10,
        0.5,
        {"training": [common.Prediction("A", "B", "B")], "random": []},
        backend="jax",
    )
    variant = registry.VARIANT_BY_KEY[("04", "shuffle")]
    record = running.record_of(variant, result, seconds=2.5)
    assert set(to_json(record)) == RECORD_KEYS
    assert (record.experiment, record.variant, record.backend) == (
        "04",
        "shuffle",
        "jax",
    )
    assert (record.seed, record.epochs, record.seconds) == (3, 10, 2.5)
    assert record.status == "ok" and record.accuracy == 0.5
    assert record.section("training") == (common.Prediction("A", "B", "B"),)


def test_run_one_times_the_run(capsys):
    record = running.run_one(registry.VARIANT_BY_KEY[("01", "article")], 1, 1)
    assert record.status == "ok", record.traceback
    assert set(to_json(record)) == RECORD_KEYS
    assert record.backend == common.chosen_backend() and record.epochs == 1
    assert record.seconds > 0
    assert len(record.section("training")) == 25
    assert capsys.readouterr().out == ""  # the script's printing is discarded


def test_failing_run_is_recorded():
    broken = variants.Variant("01", "broken", (("no_such_flag", 1),))
    record = running.run_one(broken, seed=1, epochs=1)
    assert record.status == "failed"
    assert record.error.startswith("TypeError") and "no_such_flag" in record.error
    assert record.seconds >= 0 and "Traceback" in record.traceback


def test_keras_order_runs_train_in_keras_order(monkeypatch):
    """The control's runs train inside fast_training.keras_tensorflow_order."""
    import contextlib

    import fast_training

    entered = []

    @contextlib.contextmanager
    def recorded():
        entered.append(True)
        yield

    monkeypatch.setattr(fast_training, "keras_tensorflow_order", recorded)
    control = registry.VARIANT_BY_KEY[("01", "keras-order")]
    assert control.keras_order and control.role == "control"
    assert running.run_one(registry.VARIANT_BY_KEY[("01", "article")], 1, 1).ok
    assert entered == []
    record = running.run_one(control, seed=1, epochs=1)
    assert record.status == "ok", record.traceback
    assert entered == [True] and record.variant == "keras-order"


def test_progress_plain_lines_off_a_terminal(capsys):
    progress = running.Progress(3, "jax")
    progress.update(0, 0)
    progress.update(1, 0)
    progress.update(3, 1)
    err = capsys.readouterr().err
    assert "\r" not in err
    assert err.splitlines()[0].startswith("jax: 1/3 runs, ")
    assert err.splitlines()[1].startswith("jax: 3/3 runs, 1 failed, ")


@pytest.mark.parametrize("text", ["0", "-1", "nan", "inf", "1000.5", "1e308", "x"])
def test_epochs_scale_refuses_what_trains_nothing_or_forever(text):
    with pytest.raises(argparse.ArgumentTypeError):
        running.epochs_scale(text)


def test_epochs_scale_takes_what_trains():
    assert running.epochs_scale("0.02") == 0.02
    assert running.epochs_scale("1000") == 1000.0


def test_a_scale_must_keep_an_epoch_and_change_some():
    article = [registry.VARIANT_BY_KEY[(n, "article")] for n in ("01", "04", "05")]
    assert running.scale_problem(article, 1.0) is None
    assert running.scale_problem(article, 0.02) is None
    assert running.scale_problem(article, 0.0034) is None  # 05: 300 x 0.0034 = 1
    short = running.scale_problem(article, 0.001)  # 05: 300 x 0.001 rounds to 0
    assert short.startswith("--epochs-scale 0.001 leaves 05 article no epoch")
    assert "0.0033 gives it one" in short
    same = running.scale_problem(article[:1], 1.0001)  # 01: 500 x 1.0001 = 500
    assert same.startswith("--epochs-scale 1.0001 changes no run's epochs")
    assert running.scale_problem(article, 1.0002) is None  # 04: 5000 -> 5001


def test_a_run_lost_with_its_worker_is_a_failed_run():
    lost = Future()
    lost.set_exception(BrokenProcessPool("a child process terminated abruptly"))
    article = registry.VARIANT_BY_KEY[("01", "article")]
    run = running.run_of(lost, article, 3, 5, False, "jax")
    assert (run.status, run.experiment, run.variant) == ("failed", "01", "article")
    assert (run.seed, run.epochs, run.backend) == (3, 5, "jax")
    assert run.error.startswith("lost: a worker process of the pool died")
    done = Future()
    done.set_result(run)
    assert running.run_of(done, article, 3, 5, False, "jax") is run


# Two processors of a /proc/cpuinfo: only the first is read.
CPUINFO = """processor\t: 0
vendor_id\t: GenuineIntel
cpu family\t: 6
model\t\t: 85
model name\t: Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz
flags\t\t: fpu sse sse2 sse4_2 avx fma avx2 avx512f avx512bw avx512vl hypervisor

processor\t: 1
vendor_id\t: AuthenticAMD
model name\t: another
flags\t\t: avx512_bf16
"""


def test_the_cpu_in_detail_from_cpuinfo():
    assert running.cpu_of(CPUINFO) == {
        "name": "Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz",
        "vendor": "GenuineIntel",
        "family": "6",
        "model": "85",
        "extensions": ["sse4_2", "avx", "fma", "avx2", "avx512f", "avx512bw",
                       "avx512vl"],
    }  # fmt: skip
    assert running.cpu_of("") == {}
    assert running.cpu()["name"]  # this machine's, whatever it is


def test_versions_record_the_cpu_and_the_arithmetic_in_force():
    found = running.versions()
    assert found["cpu"] == running.cpu()
    assert found["arithmetic"] == common.arithmetic_in_force()
    assert set(found["arithmetic"]) == {"xla_cpu_max_isa", "openblas_coretype"}
    assert {"python", "keras", "numpy", found["backend"]} <= set(found)


def test_where_runs_ran_in_words_older_records_too():
    assert running.cpu_text("AMD EPYC") == "AMD EPYC"  # older files: a name
    assert running.cpu_text(None) == ""
    detail = {"name": "X", "vendor": "V", "family": "25", "model": "17"}
    assert running.cpu_text(detail) == "X, family 25 model 17"
    pin = {"xla_cpu_max_isa": "AVX", "openblas_coretype": "native"}
    assert running.arithmetic_text(pin) == "XLA AVX, OpenBLAS native"
    assert running.arithmetic_text(None) == ""
    assert running.machine_text({"cpu": detail, "arithmetic": pin}) == (
        "X, family 25 model 17 (XLA AVX, OpenBLAS native)"
    )
    assert running.machine_text({"cpu": "AMD EPYC"}) == "AMD EPYC"
