"""Shared plumbing for the six alphabet-LSTM experiments.

Everything here is what all six scripts of "Understanding Stateful LSTM
Recurrent Neural Networks in Python with Keras" have in common: the alphabet
and its letter codes, turning letters into LSTM input, seeding, a fast but
faithful training loop, resetting and reading LSTM state, printing in the
article's format, and the command line. Nothing here is specific to one
experiment: what distinguishes an experiment stays visible in its script.

Keras is not imported here. The training engine (``engine.py``: the model,
seeding, training and state, with all that differs between TensorFlow and
JAX) is imported on first use of one of its names, which this module
re-exports (``common.build_model``, ``common.train``, ...). So a script reads
its command line, and answers ``--help`` or a bad argument, before TensorFlow
or JAX is loaded; ``import_keras`` checks the backend first.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import logging
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # for the type hints alone: importing Keras is slow
    import keras

# TensorFlow prints oneDNN, absl and CUDA-probe lines while it is imported.
# The environment variables quiet what they can; the rest is written to the
# process's stderr file descriptor before absl's logging starts, so we point
# that descriptor at /dev/null for the duration of the import alone.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("ABSL_MIN_LOG_LEVEL", "3")

# TensorFlow's Python logger warns about retracing when runs share a process.
logging.getLogger("tensorflow").setLevel(logging.ERROR)

# Behave like a command-line tool when output is piped into `head`.
if hasattr(signal, "SIGPIPE"):
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)


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
# The backend: TensorFlow (Keras's default) or JAX
# ---------------------------------------------------------------------------

SUPPORTED_BACKENDS = ("tensorflow", "jax")
HOW_TO_CHOOSE = "choose one with KERAS_BACKEND=tensorflow or KERAS_BACKEND=jax"


class BackendError(RuntimeError):
    """The Keras backend chosen is not supported here, or not installed."""


def chosen_backend() -> str:
    """The backend Keras will load, found the way Keras finds it.

    ``KERAS_BACKEND`` if set, else ``"backend"`` in keras.json (in
    ``KERAS_HOME``, or ``~/.keras``, or ``/tmp/.keras`` where the home
    folder is not writable), else ``"tensorflow"``. Keras itself is not
    imported: this must stay fast.
    """
    if "KERAS_BACKEND" in os.environ:
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


def import_keras() -> Any:
    """Check the backend, then import Keras with the backend's start-up quiet."""
    check_backend()
    with _stderr_silenced():
        import keras
    return keras


def _engine() -> Any:
    """The training engine (imports Keras the first time)."""
    import engine

    return engine


# The names of engine.py that this module re-exports, loaded on first use.
_ENGINE_NAMES = frozenset(
    {
        "BACKEND",
        "ResetStateEachEpoch",
        "build_model",
        "carry_rnn_state",
        "clear_session",
        "compile_model",
        "epoch_orders",
        "lstm_hidden_state",
        "lstm_state_values",
        "one_hot",
        "pad_sequences",
        "predict_codes",
        "progress_blocks",
        "reset_lstm_state",
        "seed_everything",
        "to_numpy",
        "train",
    }
)


def __getattr__(name: str) -> Any:
    """``common.train`` and the rest of the engine's names, loaded lazily."""
    if name in _ENGINE_NAMES:
        return getattr(_engine(), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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


def decode(codes: Sequence[int]) -> str:
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
    """Print every (input, next letter) pair, one a line."""
    for inputs, target in zip(data_x, data_y, strict=True):
        print(format_pair(inputs, target))


def to_lstm_input(
    data_x: Sequence[Sequence[int]] | np.ndarray, time_steps: int, features: int
) -> np.ndarray:
    """Codes to [samples, time steps, features] float32, divided by 26.

    Dividing by 26 puts A at 0.0 and Z at 25/26, the range of the LSTM's
    sigmoid gates. The shape is the whole difference between experiments
    2 (1 step x 3 features) and 3 (3 steps x 1 feature).
    """
    x = np.asarray(data_x, dtype="float32")
    return x.reshape(len(x), time_steps, features) / float(N_LETTERS)


def prepare_windows(
    seq_length: int, time_steps: int, features: int, verbose: int = 1
) -> tuple[list[list[int]], list[int], np.ndarray, np.ndarray]:
    """The windowed pairs, printed, and their model input and targets.

    Returns (data_x, data_y, x, y): the codes of each window and its next
    letter, x shaped [samples, time_steps, features] and y one-hot.
    """
    data_x, data_y = make_pairs(seq_length)
    if verbose:
        print_pairs(data_x, data_y)
    x = to_lstm_input(data_x, time_steps, features)
    return data_x, data_y, x, _engine().one_hot(data_y)


# ---------------------------------------------------------------------------
# Training records
# ---------------------------------------------------------------------------


@dataclass
class EpochLog:
    """Mean loss and accuracy over the epochs of one progress line.

    ``epoch`` is the line's last epoch; the line covers the epochs since
    the previous line.
    """

    epoch: int
    loss: float
    accuracy: float


@dataclass
class Training:
    """What ``train`` did: progress, training steps run and seconds taken."""

    history: list[EpochLog]
    steps: int
    seconds: float

    @property
    def microseconds_per_step(self) -> float:
        """Wall time per training step (one batch), compilation included."""
        return 1e6 * self.seconds / self.steps


# ---------------------------------------------------------------------------
# Predictions and results
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
    data_x: Sequence[Sequence[int]], predicted: Sequence[int], data_y: Sequence[int]
) -> list[Prediction]:
    """Pair each input with the model's letter and the true next letter."""
    return [
        Prediction(decode(inputs), decode([p]), decode([t]))
        for inputs, p, t in zip(data_x, predicted, data_y, strict=True)
    ]


def accuracy_of(predictions: Sequence[Prediction]) -> float:
    """Fraction right: Keras's categorical accuracy over the same samples."""
    return sum(p.correct for p in predictions) / len(predictions)


def print_accuracy(accuracy: float) -> None:
    """Print ``Model Accuracy: 84.00%`` as the article does."""
    print(f"Model Accuracy: {accuracy * 100:.2f}%")


def print_predictions(predictions: Sequence[Prediction], as_list: bool = True) -> None:
    """Print one prediction line per input, wrong ones marked."""
    for p in predictions:
        print(p.marked_line(as_list))


def predict_all(
    model: keras.Model,
    x: np.ndarray,
    data_x: Sequence[Sequence[int]],
    data_y: Sequence[int],
) -> list[Prediction]:
    """Predict every sample of x (a stateless model) in one call."""
    return make_predictions(data_x, _engine().predict_codes(model, x), data_y)


def predict_next(model: keras.Model, code: int) -> int:
    """Feed one letter to a batch-1 model; return the predicted next code.

    On a stateful model this advances the state by one step.
    """
    x = to_lstm_input([[code]], time_steps=1, features=1)
    return _engine().predict_codes(model, x)[0]


def evaluate_and_print(
    model: keras.Model,
    x: np.ndarray,
    data_x: Sequence[Sequence[int]],
    data_y: Sequence[int],
    show_predictions: bool = True,
) -> list[Prediction]:
    """Predict every sample; print the accuracy, then one line per sample."""
    predictions = predict_all(model, x, data_x, data_y)
    print_accuracy(accuracy_of(predictions))
    if show_predictions:
        print_predictions(predictions)
    return predictions


@dataclass
class Result:
    """What one run of an experiment returns: for the tests and compare.py.

    ``predictions`` maps a section of the output ("training", "random",
    "recital", "cold_start", "warm_start") to its predictions, in order.
    """

    experiment: str
    seed: int
    epochs: int
    accuracy: float
    predictions: dict[str, list[Prediction]]
    seconds: float
    history: list[EpochLog] = field(default_factory=list)
    train_steps: int = 0
    train_seconds: float = 0.0
    backend: str = ""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready copy."""
        return asdict(self)


class Timer:
    """Wall-clock seconds since creation, for ``Result.seconds``."""

    def __init__(self) -> None:
        self.start = time.perf_counter()

    def seconds(self) -> float:
        """Seconds elapsed so far."""
        return time.perf_counter() - self.start


class Experiment:
    """One run of an experiment: its seed, clock, training and result.

    Creating it loads the engine (and Keras), seeds everything (see
    ``seed_everything``) and starts the clock; ``train`` trains for the
    run's epochs; ``result`` collects what ``run()`` returns.
    """

    def __init__(self, name: str, seed: int, epochs: int, verbose: int) -> None:
        self.name, self.seed, self.epochs, self.verbose = name, seed, epochs, verbose
        self.timer = Timer()
        self.engine = _engine()
        self.engine.clear_session()  # a fresh start when runs share a process
        self.rng: np.random.Generator = self.engine.seed_everything(seed)
        self.training = Training([], 0, 0.0)

    def train(
        self,
        model: keras.Model,
        x: np.ndarray,
        y: np.ndarray,
        *,
        batch_size: int,
        shuffle: bool,
        reset_state_each_epoch: bool = False,
    ) -> Training:
        """``train`` for this run's epochs, seed and verbosity."""
        self.training = self.engine.train(
            model,
            x,
            y,
            epochs=self.epochs,
            batch_size=batch_size,
            shuffle=shuffle,
            rng=self.rng,
            reset_state_each_epoch=reset_state_each_epoch,
            verbose=self.verbose,
        )
        return self.training

    def result(self, **predictions: list[Prediction]) -> Result:
        """The run's Result; its accuracy is that of ``training``."""
        return Result(
            experiment=self.name,
            seed=self.seed,
            epochs=self.epochs,
            accuracy=accuracy_of(predictions["training"]),
            predictions=predictions,
            seconds=self.timer.seconds(),
            history=self.training.history,
            train_steps=self.training.steps,
            train_seconds=self.training.seconds,
            backend=self.engine.BACKEND,
        )


# ---------------------------------------------------------------------------
# Seeing the state (experiment 5)
# ---------------------------------------------------------------------------


def nearest_state(
    recital: Sequence[Prediction],
    recital_states: Sequence[np.ndarray],
    state: np.ndarray,
) -> tuple[str, float]:
    """The recital step whose hidden state is nearest ``state``.

    Returns the letter fed at that step and the Euclidean distance. The
    plain distance is enough here: the states in question are either close
    (well under 1) or far apart (above 2).
    """
    distances = [float(np.linalg.norm(np.asarray(s) - state)) for s in recital_states]
    index = int(np.argmin(distances))
    return recital[index].inputs, distances[index]


def plot_states(
    path: str | os.PathLike[str],
    start: str,
    recital: Sequence[Prediction],
    cold: Sequence[Prediction],
    warm: Sequence[Prediction],
    states: dict[str, list[np.ndarray]],
) -> None:
    """Draw the LSTM's hidden state after each letter into a PNG.

    Three panels side by side, one column per letter fed: the recital from
    A, the cold start from ``start`` (zero state) and the warm start (after
    feeding the letters before it). Rows are the LSTM's units, ordered by
    the recital step where each is largest, so the recital reads as a
    diagonal and a column's place in the sequence can be seen. The recital
    column nearest the cold start is boxed.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    fed_before = decode(range(encode(start)[0])) or "nothing"
    panels = [
        ("recital: A fed, then each\nprediction fed back", recital, states["recital"]),
        (f"cold start:\n{start} from a zero state", cold, states["cold"]),
        (f"warm start: {start} after\nfeeding {fed_before}", warm, states["warm"]),
    ]
    recital_matrix = np.array(states["recital"]).T  # units x steps
    order = np.argsort(np.argmax(recital_matrix, axis=1), kind="stable")
    fig, axes = plt.subplots(
        1,
        3,
        figsize=(12, 5.6),
        gridspec_kw={"width_ratios": [max(len(p[1]), 8) + 2 for p in panels]},
    )
    image = None
    for ax, (title, predictions, seen) in zip(axes, panels, strict=True):
        matrix = np.array(seen).T[order]
        image = ax.imshow(
            matrix,
            aspect="auto",
            cmap="RdBu_r",
            vmin=-1,
            vmax=1,
            interpolation="nearest",
        )
        labels = [f"{p.inputs}\n{p.predicted}" for p in predictions]
        ax.set_xticks(range(len(labels)), labels, fontsize=7)
        ax.set_yticks([])
        ax.set_title(title, fontsize=9)
    axes[0].set_ylabel("LSTM units (hidden state h)")
    letter, distance = nearest_state(recital, states["recital"], states["cold"][0])
    index = [p.inputs for p in recital].index(letter)
    axes[0].add_patch(
        Rectangle(
            (index - 0.5, -0.5),
            1,
            recital_matrix.shape[0],
            fill=False,
            edgecolor="black",
            linewidth=2,
        )
    )
    fig.subplots_adjust(left=0.05, right=0.9, top=0.8, bottom=0.12, wspace=0.12)
    fig.colorbar(image, cax=fig.add_axes((0.92, 0.12, 0.012, 0.68)), label="h")
    fig.suptitle(
        f"Experiment 5: the LSTM's hidden state after each letter (under each "
        f"column: the letter fed, then the prediction).\nThe cold {start} column "
        f"is nearly the recital's {letter} column (boxed, distance "
        f"{distance:.2f}), so a cold {start} answers {cold[0].predicted}; "
        f"warmed up, {start} answers {warm[0].predicted}.",
        fontsize=10,
        y=0.98,
    )
    fig.savefig(path, dpi=100)
    plt.close(fig)


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------


class OneLineErrorParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line on stderr and exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        """Print ``prog: error: message`` alone and exit with status 2."""
        self.exit(2, f"{self.prog}: error: {message}\n")


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


def make_parser(
    doc: str | None, default_epochs: int, epochs_help: str = "training epochs"
) -> argparse.ArgumentParser:
    """The flags every script shares: --seed, --epochs, --verbose, -q.

    ``doc`` is the script's docstring; its first line becomes the
    description. Bad values print one line and exit with status 2.
    """
    parser = OneLineErrorParser(
        description=(doc or "").strip().splitlines()[0] if doc else None,
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--seed", type=seed_int, default=7, help="random seed")
    parser.add_argument(
        "--epochs", type=positive_int, default=default_epochs, help=epochs_help
    )
    parser.add_argument(
        "--verbose",
        type=int,
        choices=(0, 1, 2),
        default=1,
        help="0: results only; 1: pairs and ~10 progress lines; 2: every epoch",
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
    shell's status for an interrupt). No traceback either way.
    """
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
    """Parse the command line, check the backend, then call ``run``.

    The command line is read before Keras is imported, so ``--help`` and a
    bad argument answer at once. ``run`` gets every flag by name.
    """
    args = parser.parse_args(argv)

    def body() -> None:
        check_backend()
        run(**vars(args))

    sys.exit(guarded(parser.prog, body))
