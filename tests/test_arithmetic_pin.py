"""The arithmetic pin: the same seed prints the same on any x86-64 CPU.

06 at 60 epochs, seed 7, is a short training whose output changes with the
vector width XLA compiles for when nothing is pinned, on both backends.
Pinned (``common.pin_arithmetic``, which every script runs before Keras
loads), it prints the same whole output natively, with 512-bit vectors
preferred, and under ``qemu-x86_64`` emulating a CPU of another generation
(Haswell: AVX2 and FMA, no AVX-512). Unpinned, with 512-bit vectors
preferred, it prints another output here, so these tests can fail.
"""

import functools
import os
import shutil
import subprocess
import sys

import common
import pytest
from conftest import ROOT

SHORT = ("06_variable_length.py", "--epochs", "60", "-q")
PREFER_512 = "--xla_cpu_prefer_vector_width=512"
EMULATED_CPU = "Haswell-v4"
QEMU = shutil.which("qemu-x86_64")


@functools.cache
def output(xla_flags: str = "", pinned: bool = True, emulated: bool = False) -> str:
    """The whole output of 06's short run, in a process of its own."""
    env = {k: v for k, v in os.environ.items() if k not in ("XLA_FLAGS",)}
    for name in ("OPENBLAS_CORETYPE", common.PIN_SWITCH):
        env.pop(name, None)  # the pin as a learner's fresh shell has it
    if xla_flags:
        env["XLA_FLAGS"] = xla_flags
    if not pinned:
        env[common.PIN_SWITCH] = "off"
    prefix = [QEMU or "qemu-x86_64", "-cpu", EMULATED_CPU] if emulated else []
    done = subprocess.run(
        [*prefix, sys.executable, *SHORT],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.slow
def test_pinned_output_is_the_same_with_512_bit_vectors_preferred():
    assert output(PREFER_512) == output()


@pytest.mark.slow
def test_unpinned_output_changes_with_512_bit_vectors_preferred():
    """The witness that the short run is sensitive: without the pin, the
    preferred vector width changes what it prints."""
    assert output(PREFER_512, pinned=False) != output()


@pytest.mark.slow
@pytest.mark.skipif(QEMU is None, reason="qemu-x86_64 (Debian's qemu-user) missing")
def test_pinned_output_is_the_same_on_an_emulated_cpu_of_another_generation():
    assert output(emulated=True) == output()


def test_pin_sets_xla_and_openblas_unless_set():
    env: dict[str, str] = {"XLA_FLAGS": PREFER_512}
    assert common.pin_arithmetic(env) == {
        "xla_cpu_max_isa": common.PINNED_ISA,
        "openblas_coretype": common.PINNED_OPENBLAS_CORE,
    }
    assert env["XLA_FLAGS"] == f"{PREFER_512} --xla_cpu_max_isa=AVX"
    own = {"XLA_FLAGS": "--xla_cpu_max_isa=AVX2", "OPENBLAS_CORETYPE": "Haswell"}
    assert common.pin_arithmetic(dict(own)) == {
        "xla_cpu_max_isa": "AVX2",
        "openblas_coretype": "Haswell",
    }


def test_pin_switched_off_leaves_each_library_its_own():
    env = {common.PIN_SWITCH: "off"}
    assert common.pin_arithmetic(env) == {
        "xla_cpu_max_isa": "native",
        "openblas_coretype": "native",
    }
    assert set(env) == {common.PIN_SWITCH}


def test_pin_only_on_x86_64():
    """XLA's AVX and OpenBLAS's Sandy Bridge mean nothing on an ARM CPU."""
    env: dict[str, str] = {}
    assert common.pin_arithmetic(env, machine="arm64") == {
        "xla_cpu_max_isa": "native",
        "openblas_coretype": "native",
    }
    assert env == {}
    assert common.pin_arithmetic({}, machine="AMD64")["xla_cpu_max_isa"] == "AVX"


def test_the_test_process_is_pinned_too():
    """conftest loads Keras through common.import_keras: in-process runs of
    the tests compute as the scripts do."""
    assert common.arithmetic_in_force() == {
        "xla_cpu_max_isa": common.PINNED_ISA,
        "openblas_coretype": common.PINNED_OPENBLAS_CORE,
    }
