"""Experiment 6: variable-length input to one-char output.

Article section: "LSTM with Variable-Length Input to One-Char Output".
Description: a stateless LSTM learns 1000 random subsequences of 1 to 5
letters, each left-padded to 5 time steps, to predict the letter that
follows. It can then answer ad hoc queries of any length up to 5.
What to look for: an accuracy high but short of 100% (the article printed
98.90%), and which inputs it gets wrong. Padding with 0 collides with the
code of A, so ABCD and BCD are the same input; ``--pad distinct`` pads with
a value that is no letter's code and masks it (a control).

Run: python 06_variable_length.py [--seed 7] [--epochs 500] [--pad zero]
                                  [--plain] [-q]
"""

from collections import Counter

import common
import numpy as np

# Settings: the article's.
MAX_LEN = 5  # longest subsequence, and the time steps of every input
NUM_INPUTS = 1000  # random subsequences to train on
UNITS = 32  # LSTM units
EPOCHS = 500
BATCH_SIZE = 1  # one sample per weight update
N_RANDOM = 20  # random training patterns to predict at the end
PAD_CODES = {
    "zero": 0,  # the article's: 0, which is also the code of A
    "distinct": -common.N_LETTERS,  # no letter's code: -1.0 once divided by 26
}


def random_subsequences(count: int) -> tuple[list[list[int]], list[int]]:
    """``count`` runs of 1..MAX_LEN consecutive letters, and the next letter.

    The article's rule, drawn from NumPy's global generator as the article
    draws it: the start from A..X (0..23), the end from start ..
    start+MAX_LEN-1 but never past Y (so that a next letter exists); the
    target is the letter after the end.
    """
    data_x, data_y = [], []
    for _ in range(count):
        start = np.random.randint(common.N_LETTERS - 2)
        end = np.random.randint(start, min(start + MAX_LEN, common.N_LETTERS - 1))
        data_x.append(list(range(start, end + 1)))
        data_y.append(end + 1)
    return data_x, data_y


def run(
    seed: int = 7,
    epochs: int = EPOCHS,
    verbose: int = 1,
    plain: bool = False,
    pad: str = "zero",
) -> common.Result:
    """Train and evaluate the model, printing as the article does."""
    import keras  # here, after the command line is read: --help stays fast

    import fast_training

    common.seed_everything(seed)

    # Prepare the data: NUM_INPUTS random subsequences, printed as built.
    data_x, data_y = random_subsequences(NUM_INPUTS)
    if verbose:
        common.print_pairs(data_x, data_y)
    # Left-pad every input to MAX_LEN steps, then [1000, 5 steps, 1 feature],
    # divided by 26.
    padded = keras.utils.pad_sequences(
        data_x, maxlen=MAX_LEN, dtype="float32", value=PAD_CODES[pad]
    )
    x = common.reshape_and_scale(padded, time_steps=MAX_LEN, features=1)
    y = keras.utils.to_categorical(data_y, num_classes=common.N_LETTERS)

    # The model: an LSTM, then a softmax over the 26 letters. Stateless.
    model = keras.Sequential()
    model.add(keras.Input(shape=(x.shape[1], x.shape[2])))
    if pad == "distinct":  # the control only: the LSTM skips padded steps
        model.add(keras.layers.Masking(mask_value=PAD_CODES[pad] / common.N_LETTERS))
    model.add(keras.layers.LSTM(UNITS))
    model.add(keras.layers.Dense(y.shape[1], activation="softmax"))
    model.compile(
        loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"]
    )

    # Train. The article's one call (Keras shuffles the samples each epoch;
    # on TensorFlow, seeded, into one order every epoch: see the README):
    #     model.fit(x, y, epochs=500, batch_size=1, verbose=2)
    # --plain runs that call; fast_training.fit runs the article's training
    # (a fresh order every epoch, as in Keras 2) several times faster.
    progress = fast_training.Progress(epochs, verbose)
    if plain:
        model.fit(
            x, y, epochs=epochs, batch_size=BATCH_SIZE, verbose=0,
            callbacks=[progress],
        )  # fmt: skip
    else:
        fast_training.fit(
            model, x, y, epochs=epochs, batch_size=BATCH_SIZE, shuffle=True,
            progress=progress,
        )  # fmt: skip

    # Accuracy over the 1000 training inputs, and which of them were wrong.
    # The article's model.evaluate(x, y) gives the same accuracy as counting
    # the right predictions, which needs no second compiled pass.
    predicted = model.predict_on_batch(x).argmax(axis=1)
    predictions, accuracy = common.print_accuracy_and_predictions(
        data_x, predicted, data_y, show_predictions=False
    )
    wrong = Counter(p.marked_line() for p in predictions if not p.correct)
    print(
        f"Wrong: {sum(wrong.values())} of {len(predictions)} samples, "
        f"{len(wrong)} distinct inputs (samples of each in brackets):"
    )
    for line, count in sorted(wrong.items(), key=lambda item: -item[1]):
        print(f"{line} ({count})")

    # Then, as the article does, 20 training patterns drawn at random.
    print("Test a Random Pattern:")
    random = [predictions[i] for i in np.random.randint(len(data_x), size=N_RANDOM)]
    common.print_predictions(random)
    return common.Result(
        "06", seed, epochs, accuracy, {"training": predictions, "random": random},
        training=progress, plain=plain, model=model,
    )  # fmt: skip


if __name__ == "__main__":
    parser = common.make_parser(__doc__, EPOCHS)
    parser.add_argument(
        "--pad",
        choices=sorted(PAD_CODES),
        default="zero",
        help="zero: the article's padding; distinct: a non-letter value, masked",
    )
    common.main(run, parser)
