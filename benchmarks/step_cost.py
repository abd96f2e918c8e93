"""What one training step costs, and how little of it is arithmetic.

Trains LSTM -> Dense(26) models of different sizes with batch size 1
through Keras's ``model.fit`` on the backend in force, with the settings
``fast_training.fit`` uses on TensorFlow (XLA, 500 steps per call), and prints the
microseconds per step. If the cost barely moves while the work
per step grows many times over, the step is bound by fixed per-step
overhead in the backend's runtime, not by the model: the bound on
experiment 6's 500,000 steps.

Run: python benchmarks/step_cost.py [--steps 20000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import common  # noqa: E402
import numpy as np  # noqa: E402

keras = common.import_keras()

# (time steps, LSTM units): from tinier than experiment 1 to 5x experiment 6.
SHAPES = [(1, 4), (1, 32), (5, 32), (5, 128), (25, 128)]


def step_cost(time_steps: int, units: int, steps: int) -> float:
    """Microseconds per batch-1 training step, compilation excluded."""
    common.seed_everything(7)
    x = np.random.rand(steps, time_steps, 1).astype("float32")
    y = keras.utils.to_categorical(np.random.randint(26, size=steps), 26)
    model = keras.Sequential(
        [
            keras.Input((time_steps, 1)),
            keras.layers.LSTM(units),
            keras.layers.Dense(26, activation="softmax"),
        ]
    )
    model.compile(
        loss="categorical_crossentropy",
        optimizer="adam",
        steps_per_execution=500,
        jit_compile=True,
    )
    model.fit(x[:1000], y[:1000], batch_size=1, shuffle=False, verbose=0)  # compile
    started = time.perf_counter()
    model.fit(x, y, batch_size=1, shuffle=False, verbose=0)
    return 1e6 * (time.perf_counter() - started) / steps


def main() -> None:
    """Print one line per model size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20000)
    args = parser.parse_args()
    print("| time steps | LSTM units | multiply-adds per step (forward) | us/step |")
    print("|---|---|---|---|")
    for time_steps, units in SHAPES:
        macs = time_steps * 4 * units * (units + 1) + units * 26
        cost = step_cost(time_steps, units, args.steps)
        print(f"| {time_steps} | {units} | {macs:,} | {cost:.0f} |", flush=True)


if __name__ == "__main__":
    sys.exit(common.guarded("step_cost.py", main))
