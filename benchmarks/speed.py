"""Speed of each experiment: ours on TensorFlow and on JAX, and plain Keras.

"Ours" is each script as a user runs it (``python 0X_....py``, article
settings, start-up included), once with ``KERAS_BACKEND=tensorflow`` and
once with ``KERAS_BACKEND=jax``: its wall time, peak memory and training
microseconds per step (the script prints them). "Plain" is the same model
trained the way the article's code does it on Keras 3: ``model.fit`` with the
article's arguments (``epochs=...`` in one call, or one call per epoch and a
reset for 05) and predictions by ``model.predict`` in a loop, one pattern a
call. The plain side runs fewer epochs (``--plain-fraction``): compare the
microseconds per step (steady epochs, after the first); its full wall time
is estimated as start-up + first epoch + steady epochs x the article's
epochs + the prediction loop.

Run: python benchmarks/speed.py [--plain-fraction 0.04] [--only 01 05]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The plain side is the article's code as it runs on Keras 3's default
# backend, TensorFlow; the scripts' backend is set per run below.
os.environ["KERAS_BACKEND"] = "tensorflow"

import common  # noqa: E402
import numpy as np  # noqa: E402
from plain_accuracy import plain_compile, plain_train  # noqa: E402

keras = common.import_keras()
BACKENDS = ("tensorflow", "jax")

# Each experiment's article settings, as the scripts have them:
# script, samples, time steps, features, units, epochs, batch, shuffle,
# stateful, predictions made one pattern at a time after training.
SETTINGS = {
    "01": ("01_naive_one_char.py", 25, 1, 1, 32, 500, 1, True, False, 25),
    "02": ("02_window_features.py", 23, 1, 3, 32, 500, 1, True, False, 23),
    "03": ("03_window_timesteps.py", 23, 3, 1, 32, 500, 1, True, False, 23),
    "04": ("04_batch_state.py", 25, 1, 1, 16, 5000, 25, False, False, 45),
    "05": ("05_stateful.py", 25, 1, 1, 50, 300, 1, False, True, 31),
    "06": ("06_variable_length.py", 1000, 5, 1, 32, 500, 1, True, False, 20),
}
TRAINED = re.compile(r"Trained \d+ epochs, (\d+) steps in ([\d.]+) s \((\d+) us/step")


def run_ours(script: str, backend: str) -> dict[str, float]:
    """Run a script at its defaults; wall seconds, peak MiB, us per step."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(ROOT / script)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
        env={**os.environ, "KERAS_BACKEND": backend},
    )
    lines, first_line = [], None
    for line in process.stdout:  # as they come, to time the first progress line
        if first_line is None and line.startswith("Epoch"):
            first_line = time.perf_counter() - started
        lines.append(line)
    out = "".join(lines)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        raise RuntimeError(f"{script} failed with status {status}")
    steps, seconds, _ = TRAINED.search(out).groups()
    accuracy = re.search(r"Model Accuracy: ([\d.]+)%", out).group(1)
    return {
        "wall": wall,
        "peak_mib": usage.ru_maxrss / 1024,
        "us_per_step": 1e6 * float(seconds) / int(steps),
        "accuracy": float(accuracy),
        "first_line": first_line or float("nan"),
    }


def run_plain(number: str, fraction: float) -> dict[str, float]:
    """The article's way on Keras 3, for a fraction of its epochs."""
    _, n, steps, features, units, epochs, batch, shuffle, stateful, preds = SETTINGS[
        number
    ]
    plain_epochs = max(1, round(epochs * fraction))
    common.seed_everything(7)
    x = np.random.rand(n, steps, features).astype("float32")
    y = common.one_hot(np.random.randint(26, size=n))
    model = common.build_model(
        units,
        (steps, features),
        batch_size=batch if stateful else None,
        stateful=stateful,
    )
    plain_compile(model)

    def article_fit(n_epochs: int) -> float:
        """Train as the article's code does; return the seconds taken."""
        return plain_train(
            model,
            x,
            y,
            epochs=n_epochs,
            batch_size=batch,
            shuffle=shuffle,
            rng=None,
            reset_state_each_epoch=stateful,
        ).seconds

    # The first epoch also traces the training step: time it apart, once,
    # and extrapolate only the steady epochs that follow.
    first_epoch = article_fit(1)
    fit_seconds = article_fit(plain_epochs)
    started = time.perf_counter()
    for i in range(preds):
        model.predict(x[i % n : i % n + 1], verbose=0)
    predict_seconds = time.perf_counter() - started
    train_steps = plain_epochs * (n // batch)
    return {
        "epochs": plain_epochs,
        "us_per_step": 1e6 * fit_seconds / train_steps,
        "train_estimate": first_epoch + fit_seconds * (epochs - 1) / plain_epochs,
        "predict_seconds": predict_seconds,
    }


def startup_seconds(backend: str) -> float:
    """Seconds to start Python and import Keras on a backend."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", "import common; common.import_keras()"],
        cwd=ROOT,
        check=True,
        env={**os.environ, "KERAS_BACKEND": backend},
    )
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> None:
    """Measure, then print the table the README shows."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--plain-fraction",
        type=float,
        default=0.04,
        help="fraction of the article's epochs the plain side runs",
    )
    parser.add_argument("--only", nargs="+", choices=sorted(SETTINGS))
    parser.add_argument(
        "--no-plain", action="store_true", help="skip the plain side (faster)"
    )
    args = parser.parse_args(argv)
    if not 0 < args.plain_fraction <= 1:
        parser.error("--plain-fraction must be in (0, 1]")
    chosen = args.only or sorted(SETTINGS)
    startup = {backend: startup_seconds(backend) for backend in BACKENDS}

    rows, first_lines = [], []
    totals = {"tensorflow": 0.0, "jax": 0.0, "plain": 0.0}
    for number in chosen:
        ours = {b: run_ours(SETTINGS[number][0], b) for b in BACKENDS}
        cells = [number]
        for backend in BACKENDS:
            o = ours[backend]
            totals[backend] += o["wall"]
            cells += [
                f"{o['accuracy']:.2f}%",
                f"{o['wall']:.1f}",
                f"{o['us_per_step']:.0f}",
                f"{o['peak_mib']:.0f}",
            ]
        ratio = ours["tensorflow"]["wall"] / ours["jax"]["wall"]
        if args.no_plain:
            cells += ["-", "-", "-", f"{ratio:.1f}x", "-"]
        else:
            plain = run_plain(number, args.plain_fraction)
            keras.backend.clear_session()
            plain_seconds = plain["train_estimate"] + plain["predict_seconds"]
            plain_wall = startup["tensorflow"] + plain_seconds
            totals["plain"] += plain_wall
            cells += [
                str(plain["epochs"]),
                f"{plain['us_per_step']:.0f}",
                f"{plain_wall:.0f}",
                f"{ratio:.1f}x",
                f"{plain_wall / ours['jax']['wall']:.1f}x",
            ]
        rows.append("| " + " | ".join(cells) + " |")
        first_lines.append(
            f"| {number} | {ours['tensorflow']['first_line']:.1f} | "
            f"{ours['jax']['first_line']:.1f} |"
        )
        print(rows[-1], file=sys.stderr, flush=True)
    print(
        "| exp | TF: accuracy | TF: wall s | TF: us/step | TF: peak MiB "
        "| JAX: accuracy | JAX: wall s | JAX: us/step | JAX: peak MiB "
        "| plain: epochs run | plain: us/step | plain: wall s (estimated) "
        "| JAX vs TF | JAX vs plain |"
    )
    print("|" + "---|" * 14)
    print("\n".join(rows))
    tf, jx, plain_total = totals["tensorflow"], totals["jax"], totals["plain"]
    plain_cells = f"{plain_total:.0f} | {tf / jx:.1f}x | " + (
        f"{plain_total / jx:.1f}x |" if plain_total else "- |"
    )
    print(f"| all | | {tf:.0f} | | | | {jx:.0f} | | | | | {plain_cells}")
    print("\n| exp | first progress line after (s), TF | same, JAX |")
    print("|---|---|---|")
    print("\n".join(first_lines))
    print(
        f"\nkeras {keras.__version__}; start-up (Python + import) "
        f"{startup['tensorflow']:.1f} s TensorFlow, {startup['jax']:.1f} s JAX; "
        f"{os.cpu_count()} cores; {time.strftime('%Y-%m-%d')}"
    )


if __name__ == "__main__":
    sys.exit(common.guarded("speed.py", main))
