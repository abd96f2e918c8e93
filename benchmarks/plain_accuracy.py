"""Does the fast training change the results? Plain Keras against ours.

Runs experiments through their scripts' ``run()`` twice per seed: once as
they are, once with ``common``'s fast training swapped for the article's
plain way on Keras 3 (``model.fit(x, y, epochs=..., batch_size=...,
shuffle=...)`` in one call, or one ``fit`` per epoch and a reset for 05; no
XLA, one step per call). Everything else (data, model, predictions) is the
same code. Seeds differ in what they draw (Keras shuffles with its own
generator), so compare the distributions over seeds, not seed by seed.

Run: python benchmarks/plain_accuracy.py [--seeds 5] [--only 01 02 03 05]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import common  # noqa: E402
from compare import load_script  # noqa: E402


FAST: dict[str, tuple] = {}  # the engine's own train and compile_model


def plain_compile(model, steps_per_execution: int = 1) -> None:
    """The article's compile: no XLA, one step per call."""
    model.compile(
        loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"]
    )


def plain_train(
    model,
    x,
    y,
    *,
    epochs,
    batch_size,
    shuffle,
    rng,
    reset_state_each_epoch=False,
    verbose=1,
) -> common.Training:
    """The article's training loop on Keras 3."""
    timer = common.Timer()
    if reset_state_each_epoch:
        for _ in range(epochs):
            model.fit(x, y, epochs=1, batch_size=batch_size, shuffle=False, verbose=0)
            common.reset_lstm_state(model)
    else:
        model.fit(
            x, y, epochs=epochs, batch_size=batch_size, shuffle=shuffle, verbose=0
        )
    return common.Training([], epochs * len(x) // batch_size, timer.seconds())


def accuracies(number: str, seeds: list[int], plain: bool) -> list[float]:
    """Accuracy (%) of one experiment at each seed, fast or plain.

    The plain side swaps the engine's training and compile functions; the
    fast side puts the originals back.
    """
    import engine  # the training engine (imports Keras)

    fast = FAST.setdefault("functions", (engine.train, engine.compile_model))
    engine.train, engine.compile_model = (plain_train, plain_compile) if plain else fast
    run = load_script(number).run
    with contextlib.redirect_stdout(io.StringIO()):  # the runs' own output
        return [100 * run(seed=seed, verbose=0).accuracy for seed in seeds]


def main() -> None:
    """Print, per experiment, both sides' accuracies over the seeds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--only", nargs="+", default=["01", "02", "03", "05"])
    args = parser.parse_args()
    seeds = list(range(1, args.seeds + 1))
    print("| exp | side | accuracy per seed 1..N | mean | seconds |")
    print("|---|---|---|---|---|")
    for number in args.only:
        for plain in (False, True):
            started = time.perf_counter()
            found = accuracies(number, seeds, plain)
            shown = ", ".join(f"{a:.2f}" for a in found)
            print(
                f"| {number} | {'plain' if plain else 'ours'} | {shown} | "
                f"{statistics.fmean(found):.2f} | "
                f"{time.perf_counter() - started:.0f} |",
                flush=True,
            )


if __name__ == "__main__":
    sys.exit(common.guarded("plain_accuracy.py", main))
