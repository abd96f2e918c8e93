"""The training engine: Keras, seeding, the model, fast training, LSTM state.

Everything that needs Keras lives here, and everything that differs between
Keras's two supported backends lives here alone, each in a marked section:

- TensorFlow: ``model.fit`` over many epochs laid end to end, XLA and many
  steps per call from Python (Keras's own training step, with its overhead
  cut down).
- JAX: one ``jax.jit``-compiled function that runs a whole epoch of
  training steps with ``jax.lax.scan`` over ``model.stateless_call``, the
  pattern of the Keras guide "Writing a training loop from scratch in JAX";
  and a work-around that makes Keras carry a stateful LSTM's state on JAX
  (``carry_rnn_state``).

Both run the same training: each epoch one pass over every sample, in a
fresh random order drawn from the run's generator where the article
shuffles and in order where it does not, the batch size unchanged, Adam
with Keras's defaults, a stateful LSTM's state reset after every epoch and
never inside one. ``common.py`` re-exports these names, and imports this
module (and so Keras) only when a script first needs it, so that ``--help``
and a bad argument answer without waiting for TensorFlow or JAX.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import common

keras = common.import_keras()
import numpy as np  # noqa: E402  (after Keras: its import quiets the backend)

BACKEND: str = keras.backend.backend()


# ---------------------------------------------------------------------------
# Data helpers that use Keras
# ---------------------------------------------------------------------------


def one_hot(data_y: Sequence[int]) -> np.ndarray:
    """Target codes to one-hot rows over the 26 letters."""
    return keras.utils.to_categorical(data_y, num_classes=common.N_LETTERS)


def pad_sequences(
    sequences: Sequence[Sequence[int]], maxlen: int, value: int
) -> np.ndarray:
    """Left-pad integer codes to ``maxlen`` steps, as the article does."""
    return keras.utils.pad_sequences(
        sequences, maxlen=maxlen, padding="pre", value=value
    )


# ---------------------------------------------------------------------------
# Seeding and the model
# ---------------------------------------------------------------------------


def seed_everything(seed: int) -> np.random.Generator:
    """Seed Python, NumPy and Keras's backend; return a NumPy generator.

    The generator drives everything the scripts draw themselves (epoch
    orders, random patterns, random subsequences), so one seed fixes a run.
    """
    if BACKEND == "jax":
        _seed_without_tensorflow(seed)
    else:
        keras.utils.set_random_seed(seed)
    return np.random.default_rng(seed)


def _seed_without_tensorflow(seed: int) -> None:
    """``keras.utils.set_random_seed`` less its ``tf.random.set_seed``.

    Keras 3.15's ``set_random_seed`` imports TensorFlow whenever it is
    installed, whatever the backend: on JAX that costs about 3 s and 600 MiB
    for a seed nothing here uses. This sets the same Keras, Python and NumPy
    seeds (a test checks that the weights drawn are the same); if a later
    Keras moves the internals it uses, it falls back to the public call.
    """
    try:
        from keras.src.backend.common import global_state
        from keras.src.random import seed_generator
        from keras.src.utils import rng_utils
    except ImportError:  # pragma: no cover - another Keras layout
        keras.utils.set_random_seed(seed)
        return
    import random

    global_state.set_global_attribute(rng_utils.GLOBAL_RANDOM_SEED, seed)
    global_state.set_global_attribute(seed_generator.GLOBAL_SEED_GENERATOR, None)
    random.seed(seed)
    np.random.seed(seed)


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
    layers: list[Any] = [keras.Input(shape=input_shape, batch_size=batch_size)]
    if mask_value is not None:
        layers.append(keras.layers.Masking(mask_value=mask_value))
    layers.append(keras.layers.LSTM(units, stateful=stateful))
    layers.append(keras.layers.Dense(common.N_LETTERS, activation="softmax"))
    model = keras.Sequential(layers)
    carry_rnn_state(model)
    compile_model(model, steps_per_execution)
    return model


def compile_model(model: keras.Model, steps_per_execution: int = 500) -> None:
    """Compile as the article does: categorical cross-entropy, Adam, accuracy.

    Adam keeps Keras's defaults. Two settings are for speed only and change
    no semantics: ``jit_compile=True`` (XLA; Keras's "auto" leaves it off on
    CPU for TensorFlow; it may round differently in the last bits) and
    ``steps_per_execution`` (many training steps per call from Python, where
    Keras spends most of the time on models this small). The JAX training
    loop below uses neither: it compiles a whole epoch itself.
    """
    model.compile(
        loss="categorical_crossentropy",
        optimizer="adam",
        metrics=["accuracy"],
        steps_per_execution=steps_per_execution,
        jit_compile=True,
    )


# ---------------------------------------------------------------------------
# LSTM state
# ---------------------------------------------------------------------------


def stateful_layers(model: keras.Model) -> list[Any]:
    """The model's stateful recurrent layers (experiment 5's LSTM)."""
    return [layer for layer in model.layers if getattr(layer, "stateful", False)]


def carry_rnn_state(model: keras.Model) -> int:
    """Work around Keras 3.15 losing a stateful RNN's state on JAX.

    The Keras behaviour: ``keras.layers.RNN`` creates its state variables
    in ``_create_state_variables``, which runs under
    ``no_automatic_dependency_tracking`` (keras/src/layers/rnn/rnn.py), so
    they are not among the layer's variables. The JAX trainer passes only
    tracked variables through its compiled ``fit``, ``evaluate`` and
    ``predict_on_batch`` functions, so on JAX every call starts from a zero
    state and the state is never carried: experiment 5 then scores about
    76% and recites ``B -> B``. TensorFlow's variables live outside the
    compiled function, so TensorFlow is not affected.

    The work-around registers the state variables as the layer's
    non-trainable variables (unlocking the layer's tracker for that, then
    locking it again); Keras then carries them, and ``reset_state`` still
    zeroes them. It changes nothing on TensorFlow, where it is not applied,
    nor on a Keras that already tracks them (it adds only what is
    missing). ``tests/test_keras_behaviour.py`` reproduces the raw
    behaviour; once Keras fixes it, that test reports so (XPASS) and this
    function can go. Returns how many variables it registered.
    """
    if BACKEND != "jax":
        return 0
    added = 0
    for layer in stateful_layers(model):
        if layer.states is None:
            continue
        tracked = {id(v) for v in layer.variables}
        missing = [v for v in layer.states if id(v) not in tracked]
        if not missing:
            continue
        was_locked = layer._tracker.locked
        layer._tracker.unlock()
        try:
            for variable in missing:
                layer._track_variable(variable)
                added += 1
        finally:
            if was_locked:
                layer._tracker.lock()
    return added


def reset_lstm_state(model: keras.Model) -> None:
    """Reset (zero) the state of every stateful recurrent layer of a model.

    Keras 3 models have no ``reset_states()``; the layers do.
    """
    for layer in stateful_layers(model):
        layer.reset_state()


def to_numpy(value: Any) -> np.ndarray:
    """A copy of a variable's or tensor's value as a NumPy array.

    TensorFlow's tensors convert through ``.numpy()``: ``np.array`` on them
    warns under NumPy 2 (their ``__array__`` takes no ``copy`` keyword).
    """
    value = getattr(value, "value", value)  # a keras.Variable: its tensor
    if hasattr(value, "numpy"):
        value = value.numpy()
    return np.array(value)


def lstm_hidden_state(model: keras.Model) -> np.ndarray:
    """The stateful LSTM's hidden state now (its output h), one row per sample.

    An LSTM carries two vectors, h and c; h is what the Dense layer reads.
    """
    return to_numpy(stateful_layers(model)[0].states[0])


def lstm_state_values(model: keras.Model) -> list[np.ndarray]:
    """Copies of every state vector (h and c) of every stateful layer."""
    return [to_numpy(v) for layer in stateful_layers(model) for v in layer.states]


# ---------------------------------------------------------------------------
# Training: what both backends share
# ---------------------------------------------------------------------------


def epoch_orders(
    rng: np.random.Generator, n: int, count: int, shuffle: bool
) -> np.ndarray:
    """The sample order of ``count`` epochs, one row each, from ``rng``.

    A fresh permutation per epoch when ``shuffle`` (drawn in epoch order,
    so a seed fixes every order), else 0..n-1 every epoch.
    """
    return np.stack(
        [rng.permutation(n) if shuffle else np.arange(n) for _ in range(count)]
    )


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


def format_progress(first: int, count: int, epochs: int, log: common.EpochLog) -> str:
    """One progress line: the epochs it covers and their mean loss, accuracy."""
    width = len(str(epochs))
    if count == 1:
        span = f"Epoch  {first + 1:>{width}d}/{epochs}: "
        return f"{span}loss {log.loss:.4f}, accuracy {log.accuracy:.4f}"
    span = f"Epochs {first + 1:>{width}d}-{first + count:<{width}d}/{epochs}: "
    return f"{span}mean loss {log.loss:.4f}, mean accuracy {log.accuracy:.4f}"


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
) -> common.Training:
    """Train exactly like ``epochs`` calls of one-epoch ``fit``, only faster.

    Each epoch is one pass over all samples in batches of ``batch_size``:
    in a fresh random order when ``shuffle``, in order otherwise. With
    ``reset_state_each_epoch`` the stateful LSTM is reset after every epoch
    and never inside one. TensorFlow trains through ``model.fit``, many
    epochs a call; JAX through one compiled function per epoch (see the
    module's docstring).

    Progress: ``verbose`` 1 prints a heading and about ten lines, 2 one line
    per epoch, 0 none; each line's loss and accuracy are means over its
    epochs, measured while the weights were still changing (``Model
    Accuracy``, printed later, is the final model's). A last line gives the
    time taken and the microseconds per training step.
    """
    timer = common.Timer()
    n = len(x)
    if epochs < 1:
        raise ValueError("epochs must be at least 1")
    if n % batch_size:
        raise ValueError(
            f"batch_size ({batch_size}) must divide the samples ({n}) so that "
            "no batch spans two epochs"
        )
    steps_per_epoch = n // batch_size
    runner = _Runner(model, x, y, batch_size, reset_state_each_epoch)
    if verbose:
        print(
            f"Training {epochs} epochs of {steps_per_epoch} steps (batch size "
            f"{batch_size}) on {BACKEND}; each line: loss and accuracy over its "
            "epochs, while the model was still learning",
            flush=True,
        )
    history: list[common.EpochLog] = []
    try:
        for first, count in progress_blocks(epochs, verbose):
            loss, accuracy = runner.run(epoch_orders(rng, n, count, shuffle))
            entry = common.EpochLog(first + count, loss, accuracy)
            history.append(entry)
            if verbose:
                print(format_progress(first, count, epochs, entry), flush=True)
    finally:
        runner.finish()
    done = common.Training(history, epochs * steps_per_epoch, timer.seconds())
    if verbose:
        print(
            f"Trained {epochs} epochs, {done.steps} steps in {done.seconds:.1f} s"
            f" ({done.microseconds_per_step:.0f} us/step, compilation included)",
            flush=True,
        )
    return done


# ---------------------------------------------------------------------------
# Training on TensorFlow: model.fit, many epochs a call
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
            reset_lstm_state(self.model)
            self.resets += 1


class _FitRunner:
    """Runs blocks of epochs through ``model.fit``, one call per block."""

    def __init__(
        self,
        model: keras.Model,
        x: np.ndarray,
        y: np.ndarray,
        batch_size: int,
        reset_state_each_epoch: bool,
    ) -> None:
        self.model, self.x, self.y, self.batch_size = model, x, y, batch_size
        self.callbacks = (
            [ResetStateEachEpoch(len(x) // batch_size)]
            if reset_state_each_epoch
            else []
        )

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
        """Nothing to hand back: ``fit`` updated the model's variables."""


# ---------------------------------------------------------------------------
# Training on JAX: one compiled function per epoch
# ---------------------------------------------------------------------------


class _ScanRunner:
    """Runs epochs through one ``jax.jit`` function that scans an epoch.

    Keras's ``fit`` on JAX costs about as much per step as on TensorFlow
    (hundreds of microseconds, nearly all of it overhead for models this
    small). Here one compiled function runs every training step of an epoch
    (``jax.lax.scan`` over the batches: forward pass with
    ``model.stateless_call``, ``jax.value_and_grad``, Adam's
    ``optimizer.stateless_apply``) and then zeroes the LSTM state if asked:
    the state is reset after the epoch's last step and never inside it.
    The variables stay on the device between epochs and go back into the
    model at the end (``finish``).
    """

    def __init__(
        self,
        model: keras.Model,
        x: np.ndarray,
        y: np.ndarray,
        batch_size: int,
        reset_state_each_epoch: bool,
    ) -> None:
        import jax
        import jax.numpy as jnp

        self.model, self.batch_size = model, batch_size
        self.steps = len(x) // batch_size
        optimizer = model.optimizer
        if not optimizer.built:
            optimizer.build(model.trainable_variables)
        state_ids = {id(v) for layer in stateful_layers(model) for v in layer.states}
        # Which of the non-trainable variables to zero after every epoch.
        reset = tuple(
            reset_state_each_epoch and id(v) in state_ids
            for v in model.non_trainable_variables
        )
        loss_of = keras.losses.categorical_crossentropy

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

        self.epoch = jax.jit(epoch)
        self.x = jnp.asarray(x, dtype="float32")
        self.y = jnp.asarray(y, dtype="float32")
        self.carry = (
            [v.value for v in model.trainable_variables],
            [v.value for v in model.non_trainable_variables],
            [v.value for v in optimizer.variables],
        )

    def run(self, orders: np.ndarray) -> tuple[float, float]:
        """Train the epochs whose sample orders are the rows of ``orders``."""
        losses, accuracies = [], []
        for order in orders.reshape(len(orders), self.steps, self.batch_size):
            self.carry, loss, accuracy = self.epoch(self.carry, order, self.x, self.y)
            losses.append(loss)
            accuracies.append(accuracy)
        return float(np.mean(losses)), float(np.mean(accuracies))

    def finish(self) -> None:
        """Put the trained values back into the model and its optimizer."""
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


# The backend's training loop, chosen once (common.check_backend has already
# refused any backend but these two).
_Runner = {"tensorflow": _FitRunner, "jax": _ScanRunner}[BACKEND]


# ---------------------------------------------------------------------------
# Prediction
# ---------------------------------------------------------------------------


def predict_codes(model: keras.Model, x: np.ndarray) -> list[int]:
    """The most likely next-letter code for each sample, in one call.

    ``predict_on_batch`` runs the compiled predict step once; ``predict``
    is built for large data sets and costs tens of milliseconds per call.
    On a stateful model it advances the state, as ``predict`` would.
    """
    probabilities = model.predict_on_batch(x)
    return [int(i) for i in np.argmax(probabilities, axis=-1)]


def clear_session() -> None:
    """Forget earlier models: a fresh start when runs share a process."""
    keras.backend.clear_session()
