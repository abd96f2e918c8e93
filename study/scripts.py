"""The six scripts (and the two conjecture scripts), by name, and an importer.

The scripts' file names start with a digit, so Python cannot import them
by name; ``load_script`` imports one from its path. The study, the tests
and the benchmarks find the scripts here.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent  # the checkout

SCRIPTS = {
    "01": "01_naive_one_char.py",
    "02": "02_window_features.py",
    "03": "03_window_timesteps.py",
    "04": "04_batch_state.py",
    "05": "05_stateful.py",
    "06": "06_variable_length.py",
    # The article's conjectures that need a model of their own.
    "mlp": "study/mlp_window.py",
    "prefix": "study/prefix_lstm.py",
}

# The article's six experiments (the rest test its conjectures).
ARTICLE_SCRIPTS = [name for name in SCRIPTS if name.isdigit()]

_loaded: dict[str, ModuleType] = {}


def load_script(experiment: str) -> ModuleType:
    """Import a script once per process and return its module."""
    if experiment not in _loaded:
        path = ROOT / SCRIPTS[experiment]
        spec = importlib.util.spec_from_file_location(f"exp_{experiment}", path)
        if spec is None or spec.loader is None:
            raise ImportError(f"cannot import {path}")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        _loaded[experiment] = module
    return _loaded[experiment]


def command(experiment: str) -> list[str]:
    """What follows ``python`` to run a script as a user does (from ROOT).

    The six scripts run by their path; the study's two as modules
    (``python -m study.mlp_window``), so that they find common.py.
    """
    path = SCRIPTS[experiment]
    if path.startswith("study/"):
        return ["-m", path.removesuffix(".py").replace("/", ".")]
    return [str(ROOT / path)]


def default_epochs(experiment: str) -> int:
    """The article's epochs (rounds, for 05) of an experiment."""
    return load_script(experiment).EPOCHS
