"""Shared test helpers: import the numbered scripts and run them."""

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import common  # noqa: E402
from study.scripts import SCRIPTS, command, load_script  # noqa: E402

common.import_keras()  # quietly, before a test module imports Keras itself


def pytest_addoption(parser: pytest.Parser) -> None:
    """--runslow: run the slow tests too (the article's settings, long runs)."""
    parser.addoption(
        "--runslow",
        action="store_true",
        help="run the tests marked slow too: minutes each (CI runs them)",
    )


def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Skip the tests marked slow unless --runslow is given."""
    if config.getoption("--runslow"):
        return
    skip = pytest.mark.skip(reason="slow: python -m pytest --runslow runs it")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


def run_script(number: str, *args: str, timeout: float = 600, env=None):
    """Run a script as a user would; return the CompletedProcess.

    ``env`` adds to (or, with None values, removes from) the environment.
    """
    environment = dict(os.environ)
    for name, value in (env or {}).items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    return subprocess.run(
        [sys.executable, *command(number), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env=environment,
    )


@pytest.fixture(scope="session")
def scripts():
    """Every script, imported once: {"01": module, ...}."""
    return {number: load_script(number) for number in SCRIPTS}


@contextlib.contextmanager
def ctrl_c_as_from_a_terminal():
    """Start children that Ctrl-C interrupts, as a terminal's would be.

    A background job starts with SIGINT ignored, and an ignored signal stays
    ignored in the programs it starts (Python then installs no Ctrl-C
    handler). A handled signal is reset to its default in a new program, so
    handling SIGINT here while a child starts gives it the default.
    """
    previous = signal.getsignal(signal.SIGINT)
    if previous == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
