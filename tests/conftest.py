"""Shared test helpers: import the numbered scripts and run them."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SCRIPTS = {
    "01": "01_naive_one_char.py",
    "02": "02_window_features.py",
    "03": "03_window_timesteps.py",
    "04": "04_batch_state.py",
    "05": "05_stateful.py",
    "06": "06_variable_length.py",
}


def load_script(number: str):
    """Import a script such as 01_naive_one_char.py as a module."""
    path = ROOT / SCRIPTS[number]
    spec = importlib.util.spec_from_file_location(f"experiment_{number}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_script(number: str, *args: str, timeout: float = 600):
    """Run a script as a user would; return the CompletedProcess."""
    return subprocess.run(
        [sys.executable, str(ROOT / SCRIPTS[number]), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )


@pytest.fixture(scope="session")
def scripts():
    """Every script, imported once: {"01": module, ...}."""
    return {number: load_script(number) for number in SCRIPTS}
