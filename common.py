"""Shared plumbing for the six alphabet-LSTM experiments.

Everything here is what all six scripts of "Understanding Stateful LSTM
Recurrent Neural Networks in Python with Keras" have in common: the alphabet
and its letter codes, turning letters into LSTM input, seeding, a fast but
faithful training loop, resetting LSTM state, printing in the article's
format, and the command line. Nothing here is specific to one experiment:
what distinguishes an experiment stays visible in its script.

Import this module before ``keras``: it quiets TensorFlow's start-up log lines.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

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


with _stderr_silenced():
    import keras
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


def one_hot(data_y: Sequence[int]) -> np.ndarray:
    """Target codes to one-hot rows over the 26 letters."""
    return keras.utils.to_categorical(data_y, num_classes=N_LETTERS)


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
    return data_x, data_y, to_lstm_input(data_x, time_steps, features), one_hot(data_y)


# ---------------------------------------------------------------------------
# Seeding, model set-up and training
# ---------------------------------------------------------------------------


def seed_everything(seed: int) -> np.random.Generator:
    """Seed Python, NumPy and the backend; return a NumPy generator.

    The generator drives everything the scripts draw themselves (epoch
    orders, random patterns, random subsequences), so one seed fixes a run.
    """
    keras.utils.set_random_seed(seed)
    return np.random.default_rng(seed)


def build_model(
    units: int,
    input_shape: tuple[int, int] | None = None,
    *,
    batch_size: int | None = None,
    stateful: bool = False,
    mask_value: float | None = None,
    steps_per_execution: int = 500,
) -> keras.Model:
    """The article's network: LSTM(units), then Dense(26, softmax); compiled.

    A stateful LSTM needs the batch size fixed in the input, hence
    ``batch_size``. ``mask_value`` puts a Masking layer first so that time
    steps holding only that value are skipped (padding). For
    ``steps_per_execution`` see ``compile_model``.
    """
    layers: list[keras.layers.Layer] = [
        keras.Input(shape=input_shape, batch_size=batch_size)
    ]
    if mask_value is not None:
        layers.append(keras.layers.Masking(mask_value=mask_value))
    layers.append(keras.layers.LSTM(units, stateful=stateful))
    layers.append(keras.layers.Dense(N_LETTERS, activation="softmax"))
    model = keras.Sequential(layers)
    compile_model(model, steps_per_execution)
    return model


def compile_model(model: keras.Model, steps_per_execution: int = 500) -> None:
    """Compile as the article does: categorical cross-entropy, Adam, accuracy.

    Adam keeps Keras's defaults. Two settings are for speed only and change
    no semantics: ``jit_compile=True`` (XLA; Keras's "auto" leaves it off on
    CPU; it may round differently in the last bits) and
    ``steps_per_execution`` (many training steps per call from Python, where
    Keras spends most of the time on models this small).
    """
    model.compile(
        loss="categorical_crossentropy",
        optimizer="adam",
        metrics=["accuracy"],
        steps_per_execution=steps_per_execution,
        jit_compile=True,
    )


def reset_lstm_state(model: keras.Model) -> None:
    """Reset (zero) the state of every stateful recurrent layer of a model.

    Keras 3 models have no ``reset_states()``; the layers do.
    """
    for layer in model.layers:
        if getattr(layer, "stateful", False):
            layer.reset_state()


class ResetStateEachEpoch(keras.callbacks.Callback):
    """Reset the LSTM state at every epoch boundary, and nowhere else.

    Training packs many epochs into one ``fit`` call, each call from Python
    running ``steps_per_execution`` steps. This callback runs after each
    such call; when a call ends exactly on an epoch boundary it resets the
    state. It refuses to run if calls could straddle a boundary.
    """

    def __init__(self, steps_per_epoch: int) -> None:
        super().__init__()
        self.steps_per_epoch = steps_per_epoch
        self.resets = 0

    def on_train_begin(self, logs: dict[str, Any] | None = None) -> None:
        """Check that every epoch boundary is also a call boundary."""
        per_call = self.model.steps_per_execution
        if self.steps_per_epoch % per_call:
            raise ValueError(
                f"steps_per_execution ({per_call}) must divide the steps of "
                f"one epoch ({self.steps_per_epoch}) to reset between epochs"
            )

    def on_train_batch_end(
        self, batch: int, logs: dict[str, Any] | None = None
    ) -> None:
        """``batch`` is the index of the last step run; reset after an epoch."""
        if (batch + 1) % self.steps_per_epoch == 0:
            reset_lstm_state(self.model)
            self.resets += 1


@dataclass
class EpochLog:
    """Mean loss and accuracy over the epochs up to and including ``epoch``."""

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


def train(
    model: keras.Model,
    x: np.ndarray,
    y: np.ndarray,
    *,
    epochs: int,
    batch_size: int,
    shuffle: bool,
    rng: np.random.Generator,
    reset_state_each_epoch: bool = False,
    verbose: int = 1,
) -> Training:
    """Train exactly like ``epochs`` calls of one-epoch ``fit``, only faster.

    Each epoch is one pass over all samples in batches of ``batch_size``:
    in a fresh random order when ``shuffle``, in order otherwise. With
    ``reset_state_each_epoch`` the stateful LSTM is reset after every epoch
    and never inside one. What is fast: the epoch orders are drawn here and
    laid end to end, so one ``fit`` call runs many epochs (Keras's cost per
    ``fit`` epoch is far more than these models' arithmetic).

    Progress: ``verbose`` 1 prints about ten lines, 2 one per epoch, 0 none;
    each line's loss and accuracy are the means since the previous line.
    A last line gives the time taken and the microseconds per training step.
    """
    timer = Timer()
    n = len(x)
    if epochs < 1:
        raise ValueError("epochs must be at least 1")
    if n % batch_size:
        raise ValueError(
            f"batch_size ({batch_size}) must divide the samples ({n}) so that "
            "no batch spans two epochs"
        )
    steps_per_epoch = n // batch_size
    callbacks = [ResetStateEachEpoch(steps_per_epoch)] if reset_state_each_epoch else []
    every = 1 if verbose >= 2 else max(1, epochs // 10)
    history: list[EpochLog] = []
    width = len(str(epochs))
    for first in range(0, epochs, every):
        count = min(every, epochs - first)
        order = np.concatenate(
            [rng.permutation(n) if shuffle else np.arange(n) for _ in range(count)]
        )
        logs = model.fit(
            x[order],
            y[order],
            batch_size=batch_size,
            epochs=1,
            shuffle=False,  # the order above is the shuffle
            verbose=0,
            callbacks=callbacks,
        ).history
        entry = EpochLog(first + count, logs["loss"][-1], logs["accuracy"][-1])
        history.append(entry)
        if verbose:
            print(
                f"Epoch {entry.epoch:{width}d}/{epochs} - loss: {entry.loss:.4f}"
                f" - accuracy: {entry.accuracy:.4f}",
                flush=True,
            )
    done = Training(history, epochs * steps_per_epoch, timer.seconds())
    if verbose:
        print(
            f"Trained {epochs} epochs, {done.steps} steps in {done.seconds:.1f} s"
            f" ({done.microseconds_per_step:.0f} us/step)",
            flush=True,
        )
    return done


# ---------------------------------------------------------------------------
# Predictions and results
# ---------------------------------------------------------------------------


def predict_codes(model: keras.Model, x: np.ndarray) -> list[int]:
    """The most likely next-letter code for each sample, in one call.

    ``predict_on_batch`` runs the compiled predict step once; ``predict``
    is built for large data sets and costs tens of milliseconds per call.
    On a stateful model it advances the state, as ``predict`` would.
    """
    probabilities = model.predict_on_batch(x)
    return [int(i) for i in np.argmax(probabilities, axis=-1)]


@dataclass
class Prediction:
    """One prediction: the input letters, what the model said, the truth."""

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
    """Print one prediction line per input, in the article's format."""
    for p in predictions:
        print(p.line(as_list))


def predict_all(
    model: keras.Model,
    x: np.ndarray,
    data_x: Sequence[Sequence[int]],
    data_y: Sequence[int],
) -> list[Prediction]:
    """Predict every sample of x (a stateless model) in one call."""
    return make_predictions(data_x, predict_codes(model, x), data_y)


def predict_next(model: keras.Model, code: int) -> int:
    """Feed one letter to a batch-1 model; return the predicted next code.

    On a stateful model this advances the state by one step.
    """
    x = to_lstm_input([[code]], time_steps=1, features=1)
    return predict_codes(model, x)[0]


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

    Creating it seeds everything (see ``seed_everything``) and starts the
    clock; ``train`` trains for the run's epochs; ``result`` collects what
    ``run()`` returns.
    """

    def __init__(self, name: str, seed: int, epochs: int, verbose: int) -> None:
        self.name, self.seed, self.epochs, self.verbose = name, seed, epochs, verbose
        self.timer = Timer()
        keras.backend.clear_session()  # a fresh start when runs share a process
        self.rng = seed_everything(seed)
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
        self.training = train(
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
        )


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
        help="same as --verbose 0",
    )
    return parser


def main(
    run: Callable[..., Result],
    parser: argparse.ArgumentParser,
    argv: Sequence[str] | None = None,
) -> None:
    """Parse the command line and call ``run`` with every flag by name."""
    run(**vars(parser.parse_args(argv)))
