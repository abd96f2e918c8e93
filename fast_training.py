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
  over the batches, each step Keras's own (the pattern of the Keras guide
  "Writing a training loop from scratch in JAX"). Nothing in it changes
  the arithmetic: the weights are those of the article's calls, bit for bit.

Each backend's part is a section of its own below; the backend is chosen
once, at import. ``tests/test_fast_training.py`` checks that ``fit`` and
the article's plain calls give the same weights: bit for bit on JAX; on
TensorFlow, where Keras's own ``fit`` repeats one order every epoch, given
that order (``keras_tensorflow_order``) and up to XLA's rounding.

Experiment 5 on JAX also needs ``keras_fixes.keep_lstm_state_on_jax``
(Keras 3.15 on JAX loses a stateful LSTM's state), which the script calls
itself right after building its model, on both training paths.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
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


# How the progress heading (and -q's one line) names the training that ran.
FAST_HOW = "fast training, fast_training.fit; --plain runs the article's own calls"
PLAIN_HOW = "plain: the article's own Keras calls"


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
        self._how = ""

    def blocks(self) -> Iterator[tuple[int, int]]:
        """The blocks of epochs between two progress lines (for ``fit``)."""
        return progress_blocks(self.epochs, self.verbose)

    def start(self, steps_per_epoch: int, how: str) -> None:
        """Start the clock and print the heading (once, however often called)."""
        if self._started is not None:
            return
        self._started = time.perf_counter()
        self._steps_per_epoch = steps_per_epoch
        self._how = how
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
        if not self.verbose:  # which training ran, said at every verbosity
            print(f"Trained {self.epochs} epochs on {BACKEND} ({self._how})")
        else:
            print(
                f"Trained {self.epochs} epochs, {self.steps} steps in "
                f"{self.seconds:.1f} s ({1e6 * self.seconds / self.steps:.0f} "
                "us/step, compilation included)",
                flush=True,
            )

    # Keras calls these during the article's plain ``fit`` calls.
    def on_train_begin(self, logs: dict[str, Any] | None = None) -> None:
        """Print the heading at the first ``fit`` call."""
        self.start(self.params["steps"], PLAIN_HOW)

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


_keras_order = False  # True inside keras_tensorflow_order()


@contextlib.contextmanager
def keras_tensorflow_order() -> Iterator[None]:
    """Within the block, ``fit`` shuffles as Keras 3's ``fit`` on TensorFlow.

    Not the article's training: a control. Seeded, Keras 3's ``fit`` on
    TensorFlow presents the samples in one order every epoch
    (docs/keras_behaviours.md). Inside this block each shuffled ``fit``
    call draws that order (``tensorflow_fit_order``) where Keras's would,
    uses it every epoch and draws nothing from NumPy, as that ``fit`` does;
    it then differs from the plain ``fit`` only in XLA's arithmetic. The
    study's ``keras-order`` control and the tests use it; on JAX, where
    Keras's ``fit`` draws a fresh order each epoch, it refuses.
    """
    global _keras_order
    if BACKEND != "tensorflow":
        raise RuntimeError("Keras's one fixed order is its fit's on TensorFlow only")
    before, _keras_order = _keras_order, True
    try:
        yield
    finally:
        _keras_order = before


def order_source(n: int, shuffle: bool) -> Callable[[int], np.ndarray]:
    """Where one ``fit`` call takes its epochs' orders: ``count`` -> rows.

    Called once per call, before its first epoch: ``epoch_orders``, or
    inside ``keras_tensorflow_order`` Keras's one order, drawn now.
    """
    if shuffle and _keras_order:
        fixed = tensorflow_fit_order(n)
        return lambda count: np.tile(fixed, (count, 1))
    if shuffle:
        # Keras's fit on JAX draws one order before its first epoch and never
        # uses it; drawn here too, the NumPy draws that follow stay its.
        np.random.permutation(n)
    return lambda count: epoch_orders(n, count, shuffle)


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
    progress.start(n // batch_size, FAST_HOW)
    orders = order_source(n, shuffle)
    try:
        for _, count in progress.blocks():
            for logged in trainer.run(orders(count)):
                progress.add_epochs(*logged)
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


def tensorflow_fit_order(n: int) -> np.ndarray:
    """The one order Keras 3's ``fit`` on TensorFlow would present now.

    Its data adapter shuffles with a seeded ``tf.random.shuffle`` that starts
    afresh at every epoch (docs/keras_behaviours.md); called where the plain
    ``fit`` would be, after the same seeding and draws, this draws the same.
    """
    from keras.src.trainers.data_adapters.array_data_adapter import ArrayDataAdapter

    adapter = ArrayDataAdapter(np.arange(n), batch_size=1, shuffle=True)
    return np.concatenate([np.ravel(b) for b in adapter.get_tf_dataset()])


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

    def run(self, orders: np.ndarray) -> list[tuple[int, float, float]]:
        """Train the epochs whose sample orders are the rows of ``orders``.

        Returns [(epochs, their loss, their accuracy)]: one ``fit`` call
        logs the whole block as one epoch.
        """
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
        return [(len(orders), float(logs["loss"][-1]), float(logs["accuracy"][-1]))]

    def finish(self) -> None:
        """Put the model's own compile settings back."""
        self.model.jit_compile, self.model.steps_per_execution = self.saved
        self.model.train_function = None


# ---------------------------------------------------------------------------
# JAX: Keras's own training step, many epochs per compiled call
# ---------------------------------------------------------------------------


class _JaxTrainer:
    """Runs blocks of epochs through one ``jax.jit``-compiled function.

    Keras's ``fit`` on JAX compiles the model's training step and calls it
    from Python once per batch: hundreds of microseconds a step, nearly all
    of it overhead for models this small. Here one compiled function runs
    every step of a block of epochs (``jax.lax.scan`` over an epoch's
    batches, ``jax.lax.fori_loop`` over the epochs), and each step is the
    one Keras's ``train_step`` takes: the model's own
    ``compute_loss_and_updates`` under ``jax.value_and_grad``, then the
    optimizer's ``stateless_apply``. Nothing changes the floating-point
    operations or their order (the LSTM is unrolled only where that changes
    no bit: ``_unrolled_without_fma``), so the weights are the ones the
    article's ``fit`` calls give, bit for bit
    (``tests/test_fast_training.py``). Left out: Keras's metric objects; the
    loss and accuracy of each epoch are summed the way they sum them,
    and no weight depends on them (where a batch has many samples, as in
    experiment 4, XLA may sum their losses in another order than Keras's own
    compiled step: the logged loss can then differ in its last bit or two,
    the weights not). The variables stay on the device between
    blocks and go back into the model at the end (``finish``).
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
        self.steps, self.most_epochs = len(x) // batch_size, most_epochs
        if not model.optimizer.built:
            model.optimizer.build(model.trainable_variables)
        reset = _jax_state_to_reset(model, reset_state_after_each_epoch)
        # Unrolled while this trains (the compiled function is traced at
        # the first block), put back in finish: see _unrolled_without_fma.
        self.unrolled = _unrolled_without_fma(model)
        epochs = _jax_epochs(_jax_step(model), reset)
        # The carry is donated: each call's result replaces it on the device.
        self.epochs = jax.jit(epochs, donate_argnums=0)
        self.x = jnp.asarray(x, dtype="float32")  # as Keras's fit passes it
        self.y = jnp.asarray(y, dtype="float32")
        self.size = jnp.float32(batch_size)
        self.carry = tuple(
            [v.value for v in variables]
            for variables in (
                model.trainable_variables,
                model.non_trainable_variables,
                model.optimizer.variables,
            )
        )

    def run(self, orders: np.ndarray) -> list[tuple[int, float, float]]:
        """Train the epochs whose sample orders are the rows of ``orders``.

        Returns [(1, loss, accuracy)] for each epoch, as Keras's ``fit``
        logs them.
        """
        count = len(orders)
        padded = np.zeros((self.most_epochs, self.steps, self.batch_size), "int32")
        padded[:count] = orders.reshape(count, self.steps, self.batch_size)
        self.carry, losses, accuracies = self.epochs(
            self.carry, padded, count, self.x, self.y, self.size
        )
        pairs = zip(
            np.asarray(losses)[:count], np.asarray(accuracies)[:count], strict=True
        )
        return [(1, float(loss), float(accuracy)) for loss, accuracy in pairs]

    def finish(self) -> None:
        """Put the trained values back into the model, and its layers' unroll."""
        model = self.model
        for layer in self.unrolled:
            layer.unroll = False
        targets = (
            model.trainable_variables,
            model.non_trainable_variables,
            model.optimizer.variables,
        )
        for variables, values in zip(targets, self.carry, strict=True):
            for variable, value in zip(variables, values, strict=True):
                variable.assign(value)


def _unrolled_without_fma(model: keras.Model) -> list[Any]:
    """Unroll the model's recurrent layers where that changes no bit; return them.

    A loop over the time steps and the same steps written out one after
    another compute the same formulas; only how XLA fuses them differs, and
    with fused multiply-add (a*b+c rounded once) that can move the last bit.
    Where XLA may use none (capped at AVX or below, as common.pin_arithmetic
    caps it), the two give the same weights bit for bit
    (tests/test_fast_training.py), and the unrolled one runs faster. Left as
    a loop otherwise.
    """
    isa = ""
    for flag in os.environ.get("XLA_FLAGS", "").split():
        if flag.startswith(_XLA_ISA_FLAG):
            isa = flag.removeprefix(_XLA_ISA_FLAG).upper()
    if isa not in _WITHOUT_FMA:
        return []
    layers = [
        layer
        for layer in model.layers
        if isinstance(layer, keras.layers.RNN) and not layer.unroll
    ]
    for layer in layers:
        layer.unroll = True
    return layers


# XLA's flag capping its instruction set, and the caps that have no fused
# multiply-add (FMA came with AVX2).
_XLA_ISA_FLAG = "--xla_cpu_max_isa="
_WITHOUT_FMA = ("SSE4_2", "AVX")


def _jax_state_to_reset(model: keras.Model, reset: bool) -> tuple[bool, ...]:
    """Which of the model's non-trainable variables to zero after an epoch."""
    state_ids = {id(v) for layer in stateful_layers(model) for v in layer.states}
    return tuple(reset and id(v) in state_ids for v in model.non_trainable_variables)


def _jax_step(model: keras.Model) -> Any:
    """One training step on one batch: what Keras's JAX ``train_step`` does.

    The step's carry is (trainable, non-trainable, optimizer variables,
    sums), the sums being the loss, the samples right and the samples seen,
    each added up as Keras's loss tracker and accuracy metric add them (the
    batch's loss times ``size``, the batch size, given at run time like
    Keras's count variable, so that no product or quotient by it is folded
    away at compilation where theirs is not).
    """
    import jax
    import jax.numpy as jnp

    gradient = jax.value_and_grad(model.compute_loss_and_updates, has_aux=True)
    metrics = [v.value for v in model.metrics_variables]  # unused, passed on

    def step(carry: tuple, batch: tuple, size: Any) -> tuple:
        trainable, non_trainable, optimizer_vars, sums = carry
        x, y = batch
        (_, (loss, predicted, non_trainable, _)), grads = gradient(
            trainable, non_trainable, metrics, x, y, None,
            training=True, optimizer_variables=optimizer_vars,
        )  # fmt: skip
        trainable, optimizer_vars = model.optimizer.stateless_apply(
            optimizer_vars, grads, trainable
        )
        right = jnp.argmax(y, axis=-1) == jnp.argmax(predicted, axis=-1)
        loss_sum, right_sum, samples = sums
        sums = (loss_sum + loss * size, right_sum + jnp.sum(right.astype("float32")),
                samples + size)  # fmt: skip
        return (trainable, non_trainable, optimizer_vars, sums), None

    return step


def _jax_epochs(step: Any, reset: tuple[bool, ...]) -> Any:
    """``count`` epochs in a row, the i-th in the order ``orders[i]``.

    Returns the function to compile: (carry, orders, count, x, y, batch
    size) -> (carry, each epoch's loss, each epoch's accuracy), padded to
    ``len(orders)``.
    """
    import jax
    import jax.numpy as jnp

    zero = jnp.zeros((), "float32")

    def epoch(carry: tuple, order: Any, x: Any, y: Any, size: Any) -> tuple:
        batches = (x[order], y[order])  # (steps, batch_size, ...)
        (trainable, non_trainable, optimizer_vars, sums), _ = jax.lax.scan(
            lambda c, batch: step(c, batch, size), (*carry, (zero,) * 3), batches
        )
        non_trainable = [
            jnp.zeros_like(v) if zero_it else v
            for v, zero_it in zip(non_trainable, reset, strict=True)
        ]
        loss_sum, right_sum, samples = sums
        return (trainable, non_trainable, optimizer_vars), (
            loss_sum / samples,
            right_sum / samples,
        )

    def epochs(
        carry: tuple, orders: Any, count: Any, x: Any, y: Any, size: Any
    ) -> tuple:
        def one(i: Any, state: tuple) -> tuple:
            carry, losses, accuracies = state
            carry, (loss, accuracy) = epoch(carry, orders[i], x, y, size)
            return carry, losses.at[i].set(loss), accuracies.at[i].set(accuracy)

        logs = jnp.zeros(len(orders), "float32")
        return jax.lax.fori_loop(0, count, one, (carry, logs, logs))

    return epochs


# The backend's trainer, chosen once, the way Keras chooses its own.
if BACKEND == "tensorflow":
    _Trainer: Any = _TensorFlowTrainer
elif BACKEND == "jax":
    _Trainer = _JaxTrainer
else:
    raise ImportError(
        f"fast_training runs on the tensorflow or jax backend, not {BACKEND!r}"
    )
