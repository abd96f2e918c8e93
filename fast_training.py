"""Fast training: the article's epoch loop, run fast, on TensorFlow or JAX.

Each script trains with one call, ``fast_training.fit(model, x, y, ...)``,
beside the article's own training, which ``--plain`` runs instead. ``fit``
keeps the article's semantics exactly:

- every epoch is one pass over all samples, in batches of ``batch_size``;
- with ``shuffle``, each epoch's order is a fresh permutation drawn from
  NumPy's global generator, as Keras's own ``fit`` draws it on JAX (one
  draw before training starts, then one per epoch); without, in order;
- the model's optimizer and loss, as the script compiled them;
- with ``reset_state_after_each_epoch``, a stateful LSTM's state is reset
  after every epoch and never inside one (experiment 5's loop).

What it changes is only how the work reaches the backend. Keras's ``fit``
costs hundreds of microseconds per step on these tiny models, nearly all of
it overhead, and more per epoch:

- TensorFlow: ``model.fit`` over many epochs laid end to end (each epoch's
  samples already in its order), with XLA and many steps per call from
  Python, restored when training ends.
- JAX: one ``jax.jit``-compiled function per block of epochs that scans
  over the batches with ``model.stateless_call`` (the pattern of the Keras guide
  "Writing a training loop from scratch in JAX"), the LSTM unrolled.

Each backend's part is a section of its own below; the backend is chosen
once, at import. ``tests/test_fast_training.py`` checks, on both backends,
that ``fit`` and the article's plain calls give the same weights.

Experiment 5 on JAX also needs ``keras_fixes.keep_lstm_state_on_jax``
(Keras 3.15 on JAX loses a stateful LSTM's state), which the script calls
itself right after building its model, on both training paths.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import keras
import numpy as np

BACKEND: str = keras.backend.backend()


# ---------------------------------------------------------------------------
# What both backends share: the call, its progress lines, the epoch orders
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


def progress_blocks(epochs: int, verbose: int) -> Iterator[tuple[int, int]]:
    """(first epoch, how many) of each progress line, in order.

    ``verbose`` 2: a line per epoch. Otherwise about ten lines, every tenth
    of the training, and a first one early (after a hundredth) so that
    something shows within seconds. The blocks change only when a line is
    printed, never what is computed.
    """
    every = 1 if verbose >= 2 else max(1, epochs // 10)
    first = max(1, every // 10)
    stops = sorted({min(first, epochs), *range(every, epochs, every), epochs})
    start = 0
    for stop in stops:
        yield start, stop - start
        start = stop


class Progress(keras.callbacks.Callback):
    """Compact training progress: a heading, about ten lines, the time taken.

    Works both ways a script trains: as a Keras callback of the article's
    plain ``fit`` calls (epochs are counted across calls, as in experiment
    5's loop of one-epoch ``fit`` calls), and inside ``fit`` below, which
    reports whole blocks of epochs. Each line's loss and accuracy are means
    over its epochs, measured while the weights were still changing.
    Afterwards ``history``, ``steps`` and ``seconds`` say what was done.
    """

    def __init__(self, epochs: int, verbose: int = 1) -> None:
        super().__init__()
        self.epochs, self.verbose = epochs, verbose
        self.stops = [
            first + count for first, count in progress_blocks(epochs, verbose)
        ]
        self.history: list[EpochLog] = []
        self.epochs_done = 0
        self.steps = 0
        self.seconds = 0.0
        self._steps_per_epoch = 0
        self._block: list[tuple[int, float, float]] = []
        self._started: float | None = None

    def blocks(self) -> Iterator[tuple[int, int]]:
        """The blocks of epochs between two progress lines (for ``fit``)."""
        return progress_blocks(self.epochs, self.verbose)

    def start(self, steps_per_epoch: int, how: str) -> None:
        """Start the clock and print the heading (once, however often called)."""
        if self._started is not None:
            return
        self._started = time.perf_counter()
        self._steps_per_epoch = steps_per_epoch
        if self.verbose:
            steps = f"{steps_per_epoch} step{'s' if steps_per_epoch != 1 else ''}"
            print(
                f"Training {self.epochs} epochs of {steps} on {BACKEND} ({how}); "
                "each line: loss and accuracy over its epochs, while the model "
                "was still learning",
                flush=True,
            )

    def add_epochs(self, count: int, loss: float, accuracy: float) -> None:
        """Record ``count`` epochs just trained, with their mean loss, accuracy."""
        self._block.append((count, loss, accuracy))
        self.epochs_done += count
        if self.epochs_done not in self.stops:
            return
        counts = [c for c, _, _ in self._block]
        mean_loss = float(np.average([lo for _, lo, _ in self._block], weights=counts))
        mean_accuracy = float(
            np.average([a for _, _, a in self._block], weights=counts)
        )
        log = EpochLog(self.epochs_done, mean_loss, mean_accuracy)
        self.history.append(log)
        self._block = []
        if self.verbose:
            print(self._line(sum(counts), log), flush=True)
        if self.epochs_done == self.epochs:
            self._finish()

    def _line(self, count: int, log: EpochLog) -> str:
        """One progress line: the epochs it covers and their mean loss, accuracy."""
        width, first = len(str(self.epochs)), log.epoch - count + 1
        if count == 1:
            span = f"Epoch  {first:>{width}d}/{self.epochs}: "
            return f"{span}loss {log.loss:.4f}, accuracy {log.accuracy:.4f}"
        span = f"Epochs {first:>{width}d}-{log.epoch:<{width}d}/{self.epochs}: "
        return f"{span}mean loss {log.loss:.4f}, mean accuracy {log.accuracy:.4f}"

    def _finish(self) -> None:
        """Record the steps and seconds; print the last line."""
        assert self._started is not None
        self.seconds = time.perf_counter() - self._started
        self.steps = self.epochs * self._steps_per_epoch
        if self.verbose:
            print(
                f"Trained {self.epochs} epochs, {self.steps} steps in "
                f"{self.seconds:.1f} s ({1e6 * self.seconds / self.steps:.0f} "
                "us/step, compilation included)",
                flush=True,
            )

    # Keras calls these during the article's plain ``fit`` calls.
    def on_train_begin(self, logs: dict[str, Any] | None = None) -> None:
        """Print the heading at the first ``fit`` call."""
        self.start(self.params["steps"], "plain: the article's Keras calls")

    def on_epoch_end(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        """One epoch of a plain ``fit`` call is done."""
        logs = logs or {}
        self.add_epochs(1, float(logs["loss"]), float(logs["accuracy"]))


def epoch_orders(n: int, count: int, shuffle: bool) -> np.ndarray:
    """The sample order of ``count`` epochs, one row each.

    With ``shuffle`` a fresh permutation per epoch from NumPy's global
    generator, as Keras's ``fit`` draws it on JAX; else 0..n-1 every epoch.
    """
    return np.stack(
        [np.random.permutation(n) if shuffle else np.arange(n) for _ in range(count)]
    )


def fit(
    model: keras.Model,
    x: np.ndarray,
    y: np.ndarray,
    *,
    epochs: int,
    batch_size: int,
    shuffle: bool,
    reset_state_after_each_epoch: bool = False,
    progress: Progress | None = None,
) -> Progress:
    """Train like the article's ``fit`` calls, only faster (see the module).

    The same as ``model.fit(x, y, epochs=epochs, batch_size=batch_size,
    shuffle=shuffle)`` would do on JAX, or, with
    ``reset_state_after_each_epoch``, as ``epochs`` one-epoch ``fit`` calls
    each followed by resetting the stateful LSTM. ``progress`` prints the
    progress lines and keeps the record; returns it.
    """
    n = len(x)
    if epochs < 1:
        raise ValueError("epochs must be at least 1")
    if n % batch_size:
        raise ValueError(
            f"batch_size ({batch_size}) must divide the samples ({n}) so that "
            "no batch spans two epochs"
        )
    progress = progress or Progress(epochs, verbose=0)
    if progress.epochs != epochs:  # its blocks are what is trained
        raise ValueError(f"progress counts {progress.epochs} epochs, not {epochs}")
    most_epochs = max(count for _, count in progress.blocks())
    trainer = _Trainer(
        model, x, y, batch_size, reset_state_after_each_epoch, most_epochs
    )
    progress.start(n // batch_size, "fast")
    if shuffle:  # Keras's fit draws one order before its first epoch, unused.
        np.random.permutation(n)
    try:
        for _, count in progress.blocks():
            loss, accuracy = trainer.run(epoch_orders(n, count, shuffle))
            progress.add_epochs(count, loss, accuracy)
    finally:
        trainer.finish()
    return progress


def stateful_layers(model: keras.Model) -> list[Any]:
    """The model's stateful recurrent layers (experiment 5's LSTM)."""
    return [layer for layer in model.layers if getattr(layer, "stateful", False)]


# ---------------------------------------------------------------------------
# TensorFlow: model.fit, many epochs a call
# ---------------------------------------------------------------------------


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
            for layer in stateful_layers(self.model):
                layer.reset_state()
            self.resets += 1


class _TensorFlowTrainer:
    """Runs blocks of epochs through ``model.fit``, one call per block.

    For the duration of training the model runs with XLA
    (``jit_compile``; Keras's "auto" leaves it off on CPU for TensorFlow; it
    may round differently in the last bits) and many steps per call from
    Python (``steps_per_execution``: one epoch per call where the state is
    reset after each epoch, else 500). Both are put back afterwards.
    """

    STEPS_PER_EXECUTION = 500

    def __init__(
        self,
        model: keras.Model,
        x: np.ndarray,
        y: np.ndarray,
        batch_size: int,
        reset_state_after_each_epoch: bool,
        most_epochs: int,
    ) -> None:
        self.model, self.x, self.y, self.batch_size = model, x, y, batch_size
        steps_per_epoch = len(x) // batch_size
        self.saved = (model.jit_compile, model.steps_per_execution)
        model.jit_compile = True
        if reset_state_after_each_epoch:
            model.steps_per_execution = steps_per_epoch
            self.callbacks = [ResetStateEachEpoch(steps_per_epoch)]
        else:
            model.steps_per_execution = self.STEPS_PER_EXECUTION
            self.callbacks = []
        model.train_function = None  # rebuilt with the settings above

    def run(self, orders: np.ndarray) -> tuple[float, float]:
        """Train the epochs whose sample orders are the rows of ``orders``."""
        order = orders.ravel()
        logs = self.model.fit(
            self.x[order],
            self.y[order],
            batch_size=self.batch_size,
            epochs=1,
            shuffle=False,  # the order above is the shuffle
            verbose=0,
            callbacks=self.callbacks,
        ).history
        return float(logs["loss"][-1]), float(logs["accuracy"][-1])

    def finish(self) -> None:
        """Put the model's own compile settings back."""
        self.model.jit_compile, self.model.steps_per_execution = self.saved
        self.model.train_function = None


# ---------------------------------------------------------------------------
# JAX: one compiled function per block of epochs
# ---------------------------------------------------------------------------


# Whether the JAX trainer unrolls recurrent layers while training: faster
# here, and the same computation but for the order of floating-point
# operations. The study turns it off in one control (06 not-unrolled) to
# measure what that order alone changes over a long training.
UNROLL = True


class _JaxTrainer:
    """Runs blocks of epochs through one ``jax.jit``-compiled function.

    Keras's ``fit`` on JAX costs about as much per step as on TensorFlow
    (hundreds of microseconds, nearly all of it overhead for models this
    small). Here one compiled function runs every training step of a block
    of epochs (``jax.lax.scan`` over an epoch's batches: forward pass with
    ``model.stateless_call``, ``jax.value_and_grad``, the optimizer's
    ``stateless_apply``) and then zeroes the LSTM state if asked: the state
    is reset after the epoch's last step and never inside it. The variables
    stay on the device between epochs and go back into the model at the end
    (``finish``). Recurrent layers are unrolled while training (Keras's
    ``unroll=True``, meant for short sequences like these: each step's
    cells are laid out in the compiled function instead of a loop).
    """

    def __init__(
        self,
        model: keras.Model,
        x: np.ndarray,
        y: np.ndarray,
        batch_size: int,
        reset_state_after_each_epoch: bool,
        most_epochs: int,
    ) -> None:
        import jax
        import jax.numpy as jnp

        self.model, self.batch_size = model, batch_size
        self.steps = len(x) // batch_size
        self.rolled = [
            layer
            for layer in model.layers
            if UNROLL and isinstance(layer, keras.layers.RNN) and not layer.unroll
        ]
        for layer in self.rolled:
            layer.unroll = True
        optimizer = model.optimizer
        if not optimizer.built:
            optimizer.build(model.trainable_variables)
        state_ids = {id(v) for layer in stateful_layers(model) for v in layer.states}
        # Which of the non-trainable variables to zero after every epoch.
        reset = tuple(
            reset_state_after_each_epoch and id(v) in state_ids
            for v in model.non_trainable_variables
        )

        loss_of = keras.losses.get(model.loss)  # as compiled: cross-entropy

        def loss_and_outputs(trainable, non_trainable, xb, yb):
            predicted, non_trainable = model.stateless_call(
                trainable, non_trainable, xb, training=True
            )
            loss = keras.ops.mean(loss_of(yb, predicted))
            right = jnp.argmax(predicted, axis=-1) == jnp.argmax(yb, axis=-1)
            return loss, (jnp.mean(right), non_trainable)

        gradient = jax.value_and_grad(loss_and_outputs, has_aux=True)

        def step(carry, batch_index, data_x, data_y):
            trainable, non_trainable, optimizer_vars = carry
            (loss, (accuracy, non_trainable)), grads = gradient(
                trainable, non_trainable, data_x[batch_index], data_y[batch_index]
            )
            trainable, optimizer_vars = optimizer.stateless_apply(
                optimizer_vars, grads, trainable
            )
            return (trainable, non_trainable, optimizer_vars), (loss, accuracy)

        def epoch(carry, order, data_x, data_y):
            carry, (losses, accuracies) = jax.lax.scan(
                lambda c, index: step(c, index, data_x, data_y), carry, order
            )
            trainable, non_trainable, optimizer_vars = carry
            non_trainable = [
                jnp.zeros_like(v) if zero else v
                for v, zero in zip(non_trainable, reset, strict=True)
            ]
            carry = (trainable, non_trainable, optimizer_vars)
            return carry, jnp.mean(losses), jnp.mean(accuracies)

        def epochs(carry, orders, count, data_x, data_y):
            """``count`` epochs in a row, their orders the first rows of orders."""

            def one(i, state):
                carry, loss_sum, accuracy_sum = state
                carry, loss, accuracy = epoch(carry, orders[i], data_x, data_y)
                return carry, loss_sum + loss, accuracy_sum + accuracy

            zero = jnp.zeros((), "float32")
            carry, loss_sum, accuracy_sum = jax.lax.fori_loop(
                0, count, one, (carry, zero, zero)
            )
            return carry, loss_sum / count, accuracy_sum / count

        # One call from Python runs a whole block of epochs (up to
        # most_epochs; shorter blocks are padded), so the function is
        # compiled once and Python's part is one call per progress line.
        self.epochs = jax.jit(epochs)
        self.most_epochs = most_epochs
        self.x = jnp.asarray(x, dtype="float32")
        self.y = jnp.asarray(y, dtype="float32")
        self.carry = (
            [v.value for v in model.trainable_variables],
            [v.value for v in model.non_trainable_variables],
            [v.value for v in optimizer.variables],
        )

    def run(self, orders: np.ndarray) -> tuple[float, float]:
        """Train the epochs whose sample orders are the rows of ``orders``."""
        count = len(orders)
        padded = np.zeros((self.most_epochs, self.steps, self.batch_size), "int32")
        padded[:count] = orders.reshape(count, self.steps, self.batch_size)
        self.carry, loss, accuracy = self.epochs(
            self.carry, padded, count, self.x, self.y
        )
        return float(loss), float(accuracy)

    def finish(self) -> None:
        """Put the trained values back into the model; roll the layers back."""
        for layer in self.rolled:
            layer.unroll = False
        trainable, non_trainable, optimizer_vars = self.carry
        model = self.model
        for variable, value in zip(model.trainable_variables, trainable, strict=True):
            variable.assign(value)
        for variable, value in zip(
            model.non_trainable_variables, non_trainable, strict=True
        ):
            variable.assign(value)
        for variable, value in zip(
            model.optimizer.variables, optimizer_vars, strict=True
        ):
            variable.assign(value)


# The backend's trainer, chosen once, the way Keras chooses its own.
if BACKEND == "tensorflow":
    _Trainer: Any = _TensorFlowTrainer
elif BACKEND == "jax":
    _Trainer = _JaxTrainer
else:
    raise ImportError(
        f"fast_training runs on the tensorflow or jax backend, not {BACKEND!r}"
    )
