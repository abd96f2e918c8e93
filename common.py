"""What the six alphabet-LSTM scripts share, and nothing specific to one.

The scripts of "Understanding Stateful LSTM Recurrent Neural Networks in
Python with Keras" all need the same plumbing, which is no part of the
lesson: the alphabet and its letter codes, the (input, next letter) pairs,
reshaping codes into LSTM input, seeding, printing in the article's format,
and the command line. It lives here so that each script shows only its
experiment: the data shape, the model, ``compile``, the training, the state.

This module does not import Keras at load time, so a script reads its
command line, and answers ``--help`` or a bad argument, before TensorFlow
or JAX is loaded. ``main`` checks the backend, then imports Keras (quietly,
its arithmetic pinned to be the same on every x86-64 CPU) and calls the
script's ``run``. Nothing here imports another module of the project, and
importing it changes nothing in the process: the pin and the quiet logging
are set when Keras is imported (``import_keras``), the signal handling
when a script's ``main`` runs (``guarded``).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import inspect
import json
import logging
import os
import platform
import signal
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping, MutableMapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

# ---------------------------------------------------------------------------
# The alphabet and its letter codes
# ---------------------------------------------------------------------------

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
N_LETTERS = len(ALPHABET)
CHAR_TO_INT: dict[str, int] = {c: i for i, c in enumerate(ALPHABET)}
INT_TO_CHAR: dict[int, str] = dict(enumerate(ALPHABET))


def encode(letters: str | Sequence[str]) -> list[int]:
    """Letters to codes, A=0 .. Z=25; raises ValueError on anything else."""
    try:
        return [CHAR_TO_INT[c] for c in letters]
    except KeyError as err:
        raise ValueError(f"not an upper-case letter A..Z: {err.args[0]!r}") from None


def decode(codes: Sequence[int] | np.ndarray) -> str:
    """Codes to letters, 0=A .. 25=Z; raises ValueError outside 0..25."""
    try:
        return "".join(INT_TO_CHAR[int(i)] for i in codes)
    except KeyError as err:
        raise ValueError(f"not a letter code 0..25: {err.args[0]!r}") from None


def make_pairs(seq_length: int) -> tuple[list[list[int]], list[int]]:
    """Slide a window of seq_length letters over A..Z; the target is the next.

    seq_length 1 gives 25 pairs (A->B .. Y->Z), 3 gives 23 (ABC->D .. WXY->Z).
    """
    if not 1 <= seq_length < N_LETTERS:
        raise ValueError(f"seq_length must be 1..{N_LETTERS - 1}")
    codes = encode(ALPHABET)
    data_x = [codes[i : i + seq_length] for i in range(N_LETTERS - seq_length)]
    data_y = [codes[i + seq_length] for i in range(N_LETTERS - seq_length)]
    return data_x, data_y


def format_pair(inputs: Sequence[int], target: int) -> str:
    """One pair as the article prints it while building: ``ABC -> D``."""
    return f"{decode(inputs)} -> {decode([target])}"


def print_pairs(data_x: Sequence[Sequence[int]], data_y: Sequence[int]) -> None:
    """Print every (input, next letter) pair, one a line, under a heading.

    The heading says these are the training data: they look like the
    predictions printed at the end, and are not.
    """
    print(
        f"The training data, {len(data_x)} pairs (input -> the letter that "
        "follows it; not predictions):"
    )
    for inputs, target in zip(data_x, data_y, strict=True):
        print(format_pair(inputs, target))


def reshape_and_scale(
    data_x: Sequence[Sequence[int]] | np.ndarray, time_steps: int, features: int
) -> np.ndarray:
    """Codes to [samples, time steps, features] float32, divided by 26.

    Dividing by 26 puts A at 0.0 and Z at 25/26. The shape is the whole
    difference between experiments 2 (1 step x 3 features) and 3 (3 steps
    x 1 feature).
    """
    x = np.asarray(data_x, dtype="float32")
    return x.reshape(len(x), time_steps, features) / float(N_LETTERS)


# ---------------------------------------------------------------------------
# Seeding
# ---------------------------------------------------------------------------


def seed_everything(seed: int) -> None:
    """Seed Python, NumPy and Keras, as ``keras.utils.set_random_seed`` does.

    The article seeded NumPy alone (Keras 2 drew its shuffles from NumPy);
    Keras 3 also has its own seed for the initial weights. The scripts draw
    everything else they need (epoch orders, random patterns) from NumPy's
    global generator, as the article does, so one seed fixes a run.

    On JAX, Keras 3.15's ``set_random_seed`` also imports TensorFlow
    whenever it is installed, to seed it: about 3 s and 600 MiB for a seed
    nothing on JAX uses. There this sets the same Python, NumPy and Keras
    seeds without it (a test checks that the weights drawn are the same).
    """
    import keras

    if keras.backend.backend() != "jax":
        keras.utils.set_random_seed(seed)
        return
    import random

    from keras.src.backend.common import global_state
    from keras.src.random import seed_generator
    from keras.src.utils import rng_utils

    global_state.set_global_attribute(rng_utils.GLOBAL_RANDOM_SEED, seed)
    global_state.set_global_attribute(seed_generator.GLOBAL_SEED_GENERATOR, None)
    random.seed(seed)
    np.random.seed(seed)


# ---------------------------------------------------------------------------
# Predictions and printing in the article's format
# ---------------------------------------------------------------------------

WRONG_MARK = "   <- wrong, expected "


@dataclass
class Prediction:
    """One prediction: the input letters, what the model said, the truth.

    ``expected`` is empty where there is no true next letter (after Z).
    """

    inputs: str
    predicted: str
    expected: str

    @property
    def correct(self) -> bool:
        """Whether the model named the expected letter."""
        return self.predicted == self.expected

    def line(self, as_list: bool = True) -> str:
        """The article's line: ``['A', 'B', 'C'] -> D`` (or ``A -> B``)."""
        shown = str(list(self.inputs)) if as_list else self.inputs
        return f"{shown} -> {self.predicted}"

    def marked_line(self, as_list: bool = True) -> str:
        """The article's line, and after it a mark if the prediction is wrong.

        ``['B'] -> B   <- wrong, expected C``: the article's part is
        unchanged, so the two outputs still compare line by line.
        """
        if self.expected and not self.correct:
            return f"{self.line(as_list)}{WRONG_MARK}{self.expected}"
        return self.line(as_list)


def make_predictions(
    data_x: Sequence[Sequence[int]],
    predicted: Sequence[int] | np.ndarray,
    data_y: Sequence[int],
) -> list[Prediction]:
    """Pair each input with the model's letter and the true next letter."""
    return [
        Prediction(decode(inputs), decode([p]), decode([t]))
        for inputs, p, t in zip(data_x, predicted, data_y, strict=True)
    ]


def accuracy_of(predictions: Sequence[Prediction]) -> float:
    """Fraction right: Keras's "accuracy" metric over the same samples.

    What the article's ``model.evaluate`` reports, counted from the
    predictions the script prints, without a second pass over the data.
    """
    return sum(p.correct for p in predictions) / len(predictions)


def print_accuracy(accuracy: float) -> None:
    """Print ``Model Accuracy: 84.00%`` as the article does.

    Run from the command line (``main``), a line follows that places the
    accuracy among the committed runs' (``placing_lines``).
    """
    print(f"Model Accuracy: {accuracy * 100:.2f}%")
    if _placing is not None:
        for line in placing_lines(_placing):
            print(line)


def print_predictions(predictions: Sequence[Prediction], as_list: bool = True) -> None:
    """Print one prediction line per input, wrong ones marked."""
    for p in predictions:
        print(p.marked_line(as_list))


def print_accuracy_and_predictions(
    data_x: Sequence[Sequence[int]],
    predicted: Sequence[int] | np.ndarray,
    data_y: Sequence[int],
    show_predictions: bool = True,
) -> tuple[list[Prediction], float]:
    """Print ``Model Accuracy`` and every prediction; return both.

    The accuracy is counted from the predictions (see ``accuracy_of``).
    """
    predictions = make_predictions(data_x, predicted, data_y)
    accuracy = accuracy_of(predictions)
    print_accuracy(accuracy)
    if show_predictions:
        print_predictions(predictions)
    return predictions, accuracy


@dataclass
class Result:
    """What one run of a script returns, for the study and the tests.

    ``predictions`` maps a section of the output ("training", "random",
    "recital", "cold_start", "warm_start") to its predictions, in order.
    ``training`` is what trained the model (``fast_training.Progress``):
    its progress history, steps and seconds; ``model`` the trained model
    (for the tests; not saved). ``extra`` holds a script's other findings
    that are not predictions (05's nearest recital steps), saved as they are.
    """

    experiment: str
    seed: int
    epochs: int
    accuracy: float
    predictions: dict[str, list[Prediction]]
    training: Any = None
    plain: bool = False
    model: Any = None
    backend: str = field(default_factory=lambda: chosen_backend())
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready copy (the training as its history, steps, seconds)."""
        training = self.training
        return {
            "experiment": self.experiment,
            "seed": self.seed,
            "epochs": self.epochs,
            "accuracy": float(self.accuracy),
            "predictions": {
                section: [asdict(p) for p in predictions]
                for section, predictions in self.predictions.items()
            },
            "history": [asdict(h) for h in getattr(training, "history", [])],
            "train_steps": getattr(training, "steps", 0),
            "train_seconds": getattr(training, "seconds", 0.0),
            "plain": self.plain,
            "backend": self.backend,
            **self.extra,
        }


# ---------------------------------------------------------------------------
# Is my run normal? The accuracy placed among the committed runs'
# ---------------------------------------------------------------------------


class SeedRange(NamedTuple):
    """What the committed runs of one experiment gave over their seeds.

    Percent accuracies: the lowest, the median and the highest; ``held``
    names the results that were the same at every seed (05's), or is empty.
    """

    seeds: int
    lowest: float
    median: float
    highest: float
    held: str = ""


# What the study's committed runs (study/runs/) gave at the article's
# settings, by (experiment, backend, training: "fast" or "plain"), and what
# the article printed. Written from the runs by `python -m study --report`
# (a test checks it): do not edit the lines between the markers by hand.
# over seeds: generated by `python -m study --report`
ARTICLE_PERCENT: dict[str, float] = {
    "01": 84.0,
    "02": 86.96,
    "03": 100.0,
    "04": 100.0,
    "05": 100.0,
    "06": 98.9,
}
OVER_SEEDS: dict[tuple[str, str, str], SeedRange] = {
    ("01", "jax", "fast"): SeedRange(30, 76.0, 84.0, 92.0),
    ("01", "jax", "plain"): SeedRange(2, 84.0, 86.0, 88.0),
    ("01", "tensorflow", "fast"): SeedRange(30, 80.0, 84.0, 88.0),
    ("01", "tensorflow", "plain"): SeedRange(30, 80.0, 84.0, 92.0),
    ("02", "jax", "fast"): SeedRange(30, 78.26, 82.61, 86.96),
    ("02", "jax", "plain"): SeedRange(2, 82.61, 84.78, 86.96),
    ("02", "tensorflow", "fast"): SeedRange(30, 78.26, 86.96, 91.3),
    ("02", "tensorflow", "plain"): SeedRange(30, 82.61, 86.96, 86.96),
    ("03", "jax", "fast"): SeedRange(30, 95.65, 100.0, 100.0),
    ("03", "jax", "plain"): SeedRange(2, 100.0, 100.0, 100.0),
    ("03", "tensorflow", "fast"): SeedRange(30, 95.65, 100.0, 100.0),
    ("03", "tensorflow", "plain"): SeedRange(30, 95.65, 100.0, 100.0),
    ("04", "jax", "fast"): SeedRange(30, 100.0, 100.0, 100.0),
    ("04", "jax", "plain"): SeedRange(2, 100.0, 100.0, 100.0),
    ("04", "tensorflow", "fast"): SeedRange(30, 100.0, 100.0, 100.0),
    ("05", "jax", "fast"): SeedRange(
        30, 100.0, 100.0, 100.0, "the recital A..Z, cold K -> B, warm K -> L"
    ),
    ("05", "jax", "plain"): SeedRange(
        2, 100.0, 100.0, 100.0, "the recital A..Z, cold K -> B, warm K -> L"
    ),
    ("05", "tensorflow", "fast"): SeedRange(
        30, 100.0, 100.0, 100.0, "the recital A..Z, cold K -> B, warm K -> L"
    ),
    ("06", "jax", "fast"): SeedRange(30, 75.5, 98.2, 100.0),
    ("06", "jax", "plain"): SeedRange(30, 75.5, 98.2, 100.0),
    ("06", "tensorflow", "fast"): SeedRange(30, 91.9, 98.5, 100.0),
    ("06", "tensorflow", "plain"): SeedRange(10, 85.4, 97.8, 100.0),
}
# over seeds: end

# Flags that change neither the training nor what the article's part of the
# output means: the seed (the range is over seeds), how much is printed, and
# the flags that only add output after the article's.
NOT_SETTINGS = frozenset(
    {"seed", "verbose", "plain", "plot", "every_cold_start", "all_inputs"}
)
BACKEND_NAMES = {"tensorflow": "TensorFlow", "jax": "JAX"}


@dataclass(frozen=True)
class Placing:
    """Which committed runs a run is placed among: its experiment, its
    backend, its training, and the flags it sets away from the article's."""

    experiment: str
    backend: str
    plain: bool
    changed: tuple[str, ...] = ()


# Set by ``main`` for a script run from the command line; None otherwise
# (the study and the tests call ``run`` directly and print no placing).
_placing: Placing | None = None


def changed_settings(
    args: argparse.Namespace, parser: argparse.ArgumentParser
) -> tuple[str, ...]:
    """The flags of ``args`` away from their defaults, as typed: ``--epochs 60``.

    The flags in NOT_SETTINGS are left out: they change no setting.
    """
    changed = []
    for name, value in vars(args).items():
        if name in NOT_SETTINGS or value == parser.get_default(name):
            continue
        flag = "--" + name.replace("_", "-")
        changed.append(flag if value is True else f"{flag} {value}")
    return tuple(changed)


def placing_lines(placing: Placing) -> list[str]:
    """Where a run's accuracy stands: the committed runs' range and the article's.

    At the article's settings, the range and median of the committed runs
    of the same experiment, backend and training, over their seeds (and,
    for 05, what was the same at every seed); at other settings, that no
    range applies. Nothing for a script the article has no figure for.
    """
    article = ARTICLE_PERCENT.get(placing.experiment)
    if article is None:
        return []
    said = f"the article: {article:.2f}%"
    if placing.changed:
        return [
            f"Not the article's settings ({', '.join(placing.changed)}): no "
            f"range over seeds applies; {said} at its own."
        ]
    training = "plain" if placing.plain else "fast"
    how = "--plain" if placing.plain else "the fast training"
    on = BACKEND_NAMES.get(placing.backend, placing.backend)
    found = OVER_SEEDS.get((placing.experiment, placing.backend, training))
    if found is None:
        return [f"No committed runs of this experiment with {how} on {on}; {said}."]
    if found.lowest == found.highest:
        spread = f"{found.lowest:.2f}% at every seed"
    else:
        spread = (
            f"{found.lowest:.2f}% to {found.highest:.2f}% (median {found.median:.2f}%)"
        )
    lines = [f"Over {found.seeds} seeds, {how} on {on}: {spread}; {said}."]
    if found.held:
        lines.append(f"The same at every one of those seeds: {found.held}.")
    return lines


# ---------------------------------------------------------------------------
# The backend: TensorFlow (Keras's default) or JAX
# ---------------------------------------------------------------------------

SUPPORTED_BACKENDS = ("tensorflow", "jax")
HOW_TO_CHOOSE = "choose one with KERAS_BACKEND=tensorflow or KERAS_BACKEND=jax"


class BackendError(RuntimeError):
    """The Keras backend chosen is not supported here, or not installed."""


def chosen_backend() -> str:
    """The backend Keras will load, found the way Keras finds it.

    ``KERAS_BACKEND`` if set and not empty, else ``"backend"`` in
    keras.json (in ``KERAS_HOME``, or ``~/.keras``, or ``/tmp/.keras``
    where the home folder is not writable), else ``"tensorflow"``. Keras
    itself is not imported: this must stay fast.
    """
    if os.environ.get("KERAS_BACKEND"):
        return os.environ["KERAS_BACKEND"]
    if "KERAS_HOME" in os.environ:
        folder = Path(os.environ["KERAS_HOME"])
    else:
        home = os.path.expanduser("~")
        folder = Path(home if os.access(home, os.W_OK) else "/tmp") / ".keras"
    try:
        config = json.loads((folder / "keras.json").read_text())
    except (OSError, ValueError):
        return "tensorflow"
    backend = config.get("backend", "tensorflow") if isinstance(config, dict) else ""
    return str(backend)


def check_backend() -> str:
    """The chosen backend, or BackendError saying which ones work and how."""
    backend = chosen_backend()
    if backend not in SUPPORTED_BACKENDS:
        raise BackendError(
            f"the Keras backend {backend!r} is not supported here: these "
            f"scripts run on tensorflow or jax; {HOW_TO_CHOOSE} (and pip "
            "install -r requirements.txt)"
        )
    missing = [
        package
        for package in ("keras", backend)
        if importlib.util.find_spec(package) is None
    ]
    if missing:
        raise BackendError(
            f"the Keras backend {backend!r} is chosen, but "
            f"{' and '.join(missing)} is not installed: pip install -r "
            f"requirements.txt, or {HOW_TO_CHOOSE}"
        )
    return backend


@contextlib.contextmanager
def _stderr_silenced() -> Iterator[None]:
    """Send file descriptor 2 to /dev/null for the block, then restore it."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # no real stderr (e.g. under some runners)
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(devnull)
        os.close(saved)


# ---------------------------------------------------------------------------
# The same arithmetic on every x86-64 CPU
# ---------------------------------------------------------------------------

# A computer rounds after every floating-point step, so a long sum depends on
# the instructions that compute it: wider vectors add the terms in another
# order, and a fused multiply-add (FMA) rounds a*b+c once where a multiply
# and then an add round twice. Left alone, two libraries choose those
# instructions for the CPU they run on, and a long training such as 06's
# ends elsewhere on another CPU:
# - XLA, which compiles the training on both backends;
# - OpenBLAS (bundled with SciPy), which JAX's linear algebra uses, such as
#   the QR decomposition behind the LSTM's orthogonal initial weights.
# Pinned, both compute as on a CPU with AVX and no FMA, which every CPU that
# runs TensorFlow has: every x86-64 CPU then prints the same numbers for a
# seed, with the versions in constraints.txt (other CPUs, such as ARM ones,
# compute as they do). A setting of your own of either (XLA_FLAGS with
# --xla_cpu_max_isa, or OPENBLAS_CORETYPE) wins, and ALPHABET_LSTM_PIN=off
# leaves each CPU its own arithmetic (its numbers are then its own). Both
# libraries read their setting when they load.
PINNED_ISA = "AVX"  # XLA's instruction set: 256-bit vectors, no FMA
PINNED_OPENBLAS_CORE = "Sandybridge"  # OpenBLAS's kernels for AVX, no FMA
PIN_SWITCH = "ALPHABET_LSTM_PIN"
XLA_ISA_FLAG = "--xla_cpu_max_isa="


def pin_arithmetic(
    environ: MutableMapping[str, str] = os.environ, machine: str = platform.machine()
) -> dict[str, str]:
    """Pin XLA's instruction set and OpenBLAS's kernels, unless set already.

    On x86-64 only: other CPUs (ARM: Apple silicon, Graviton) have other
    instruction sets, and compute as they do. Must run before Keras loads
    its backend (``import_keras`` calls it). Returns what is then in force
    (``arithmetic_in_force``).
    """
    x86_64 = machine.lower() in ("x86_64", "amd64")
    if x86_64 and environ.get(PIN_SWITCH, "").lower() not in ("off", "0", "no"):
        flags = environ.get("XLA_FLAGS", "")
        if XLA_ISA_FLAG not in flags:
            environ["XLA_FLAGS"] = f"{flags} {XLA_ISA_FLAG}{PINNED_ISA}".strip()
        environ.setdefault("OPENBLAS_CORETYPE", PINNED_OPENBLAS_CORE)
    return arithmetic_in_force(environ)


def arithmetic_in_force(environ: Mapping[str, str] = os.environ) -> dict[str, str]:
    """XLA's instruction set and OpenBLAS's kernels as set ("native": the CPU's).

    What a saved run records beside its versions and CPU.
    """
    isa = "native"
    for flag in environ.get("XLA_FLAGS", "").split():
        if flag.startswith(XLA_ISA_FLAG):
            isa = flag.removeprefix(XLA_ISA_FLAG)
    return {
        "xla_cpu_max_isa": isa,
        "openblas_coretype": environ.get("OPENBLAS_CORETYPE", "native"),
    }


def import_keras() -> Any:
    """Check the backend, pin the arithmetic, then import Keras quietly.

    TensorFlow prints oneDNN, absl and CUDA-probe lines while it is
    imported: the environment variables quiet what they can, the rest goes
    to the stderr file descriptor before absl's logging starts, so that
    descriptor points at /dev/null for the import alone. TensorFlow's
    Python logger also warns about retracing when runs share a process.
    After this a script's own ``import keras`` finds Keras already loaded.
    """
    check_backend()
    pin_arithmetic()
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("ABSL_MIN_LOG_LEVEL", "3")
    with _stderr_silenced():
        import keras
    logging.getLogger("tensorflow").setLevel(logging.ERROR)
    return keras


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------


class OneLineErrorParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line on stderr and exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        """Print ``prog: error: message`` alone and exit with status 2."""
        self.exit(2, f"{self.prog}: error: {message}\n")


class DefaultsHelpFormatter(argparse.HelpFormatter):
    """``--help`` shows each flag's default, where it has a value to show."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        shown = action.default not in (None, False, argparse.SUPPRESS)
        if shown and "%(default)" not in text and action.option_strings:
            text += " (default: %(default)s)"
        return text


def positive_int(text: str) -> int:
    """An argparse type: an integer of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def seed_int(text: str) -> int:
    """An argparse type: a seed, an integer 0 .. 2**32 - 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if not 0 <= value < 2**32:
        raise argparse.ArgumentTypeError(f"must be 0 .. 2**32-1, got {value}")
    return value


def letter(text: str) -> str:
    """An argparse type: one letter A..Z, either case (``k`` means K)."""
    if len(text) != 1 or text.upper() not in CHAR_TO_INT:
        raise argparse.ArgumentTypeError(f"not one letter A..Z: {text!r}")
    return text.upper()


def start_letter(text: str) -> str:
    """An argparse type: a letter to start a recital from, A..Y.

    Z is refused with the reason: no letter follows it, so no model here
    was trained to predict anything after it.
    """
    chosen = letter(text)
    if chosen == "Z":
        raise argparse.ArgumentTypeError(
            "Z has no next letter: the model was never trained to predict one "
            "after it; choose A..Y"
        )
    return chosen


def can_create_in(folder: Path) -> bool:
    """Whether a file can really be created in ``folder`` (tried, then removed)."""
    try:
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError:
        return False


def writable_file(suffix: str) -> Callable[[str], Path]:
    """An argparse type: a file to write, named exactly, ending in ``suffix``.

    Refused before any training: a folder (``out/`` or an existing one), a
    name with another ending, a folder that does not exist or cannot be
    written to. The file written is the file named.
    """

    def check(text: str) -> Path:
        path = Path(text)
        if text.endswith(("/", os.sep)) or path.is_dir():
            raise argparse.ArgumentTypeError(f"{text!r} is a folder: name a file")
        if path.suffix.lower() != suffix:
            raise argparse.ArgumentTypeError(
                f"{text!r}: the file written is a {suffix[1:].upper()}; "
                f"name a {suffix} file"
            )
        folder = path.parent
        if not folder.is_dir():
            raise argparse.ArgumentTypeError(f"{text!r}: no folder {str(folder)!r}")
        if not can_create_in(folder) or (
            path.exists() and not os.access(path, os.W_OK)
        ):
            raise argparse.ArgumentTypeError(f"{text!r} cannot be written")
        return path

    return check


def make_parser(
    doc: str | None,
    default_epochs: int,
    epochs_help: str = "training epochs",
    plain_help: str = "train with the article's own Keras calls instead of the "
    "fast training (much slower; see the README's 'Reading a script')",
) -> argparse.ArgumentParser:
    """The flags every script shares: --seed, --epochs, --plain, --verbose, -q.

    ``doc`` is the script's docstring; its first line becomes the
    description. Bad values print one line and exit with status 2.
    """
    parser = OneLineErrorParser(
        description=(doc or "").strip().splitlines()[0] if doc else None,
        formatter_class=DefaultsHelpFormatter,
    )
    parser.add_argument("--seed", type=seed_int, default=7, help="random seed")
    parser.add_argument(
        "--epochs", type=positive_int, default=default_epochs, help=epochs_help
    )
    parser.add_argument("--plain", action="store_true", help=plain_help)
    parser.add_argument(
        "--verbose",
        type=int,
        choices=(0, 1, 2),
        default=1,
        help="0: results only; 1: pairs and about ten progress lines; "
        "2: a progress line every epoch",
    )
    parser.add_argument(
        "-q",
        "--quiet",
        dest="verbose",
        action="store_const",
        const=0,
        default=argparse.SUPPRESS,  # --verbose holds the default
        help="same as --verbose 0",
    )
    return parser


def guarded(prog: str, body: Callable[[], int | None]) -> int:
    """Run a command's body; turn what a user can cause into one line.

    A backend that is not supported or not installed: one line on stderr
    and exit status 2, before any training. Ctrl-C: one line and 130 (the
    shell's status for an interrupt). No traceback either way. Output
    piped into ``head`` ends quietly, as a command-line tool's does.
    """
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    try:
        return body() or 0
    except BackendError as err:
        print(f"{prog}: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"\n{prog}: interrupted", file=sys.stderr)
        return 130


def main(
    run: Callable[..., Result],
    parser: argparse.ArgumentParser,
    argv: Sequence[str] | None = None,
) -> None:
    """Parse the command line, check the backend and load Keras, call ``run``.

    The command line is read before Keras is imported, so ``--help`` and a
    bad argument answer at once. ``run`` gets every flag by name.
    """
    args = parser.parse_args(argv)
    global _placing
    experiment = Path(inspect.getfile(run)).stem.split("_")[0]  # "01", ...
    _placing = Placing(
        experiment, chosen_backend(), args.plain, changed_settings(args, parser)
    )

    def body() -> None:
        import_keras()
        run(**vars(args))

    sys.exit(guarded(parser.prog, body))
