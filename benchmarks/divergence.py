"""How far the fast training and the article's Keras calls drift apart.

On JAX, ``fast_training.fit`` and a script's ``--plain`` path present the
same samples in the same orders and make the same updates, but in another
floating-point order (the LSTM unrolled inside one compiled function,
against Keras's own training step). tests/test_fast_training.py checks
that their weights agree after a few epochs. Here experiment 6 trains for
more and more epochs both ways from the same seed, and prints how far the
weights have drifted apart. The control: the plain path twice, the second
time with one initial weight changed by one unit in its last place (the
size of a rounding difference). If that drifts as far, the drift is the
training amplifying rounding, not a difference in what is computed.

Run: KERAS_BACKEND=jax python benchmarks/divergence.py [--epochs 3 10 30 100]
                                                         [--seed 1]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import common  # noqa: E402
import numpy as np  # noqa: E402

keras = common.import_keras()

import fast_training  # noqa: E402
from study.scripts import load_script  # noqa: E402


def weights(model) -> list[np.ndarray]:
    """Copies of a model's trainable weights."""
    return [keras.ops.convert_to_numpy(v.value) for v in model.trainable_variables]


def apart(first, second) -> float:
    """The largest difference between two models' weights."""
    pairs = zip(weights(first), weights(second), strict=True)
    return max(float(np.max(np.abs(a - b))) for a, b in pairs)


@contextlib.contextmanager
def one_weight_nudged():
    """Change the first weight by one unit in the last place as training starts."""
    original = fast_training.Progress.on_train_begin

    def nudged(self, logs=None):
        original(self, logs)
        variable = self.model.trainable_variables[0]
        value = keras.ops.convert_to_numpy(variable.value).copy()
        value.flat[0] = np.nextafter(value.flat[0], np.float32(np.inf))
        variable.assign(value)

    fast_training.Progress.on_train_begin = nudged
    try:
        yield
    finally:
        fast_training.Progress.on_train_begin = original


def main() -> None:
    """Print, per training length, how far apart the weights end up."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, nargs="+", default=[3, 10, 30, 100])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    script = load_script("06")
    print(
        f"Experiment 6, seed {args.seed}, on {keras.backend.backend()}: the largest "
        "weight difference after training"
    )
    print(f"{'epochs':>6}  {'plain vs fast':>13}  {'plain vs plain nudged':>21}")
    for epochs in args.epochs:
        with contextlib.redirect_stdout(io.StringIO()):
            plain = script.run(seed=args.seed, epochs=epochs, verbose=0, plain=True)
            fast = script.run(seed=args.seed, epochs=epochs, verbose=0)
            with one_weight_nudged():
                nudged = script.run(
                    seed=args.seed, epochs=epochs, verbose=0, plain=True
                )
        print(
            f"{epochs:>6}  {apart(plain.model, fast.model):>13.2g}  "
            f"{apart(plain.model, nudged.model):>21.2g}",
            flush=True,
        )


if __name__ == "__main__":
    main()
