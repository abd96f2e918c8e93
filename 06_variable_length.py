"""Experiment 6: variable-length input to one-char output.

Article section: "LSTM with Variable-Length Input to One-Char Output".
Description: a stateless LSTM learns 1000 random subsequences of 1 to 5
letters, each left-padded to 5 time steps, to predict the letter that
follows. It can then answer ad hoc queries of any length up to 5.
What to look for: an accuracy high but short of 100% (the article printed
98.90%), and which inputs it gets wrong. Padding with 0 collides with the
code of A, so ABCD and BCD are the same input (with the same target, E, so
the collision itself cannot make an answer wrong); ``--pad distinct`` pads with
a value that is no letter's code and masks it, ``--pad distinct-unmasked``
pads with that value without masking (two controls).
The article's open questions, as settings: ``--patterns`` (are fewer than
1000 enough?), ``--epochs`` and ``--units`` (more training, a larger
network), and ``--all-inputs``: after the article's output, every input of
1..5 consecutive letters (115; the article's draws never start at Y, so Y
alone is never trained on), and a recital seeded with A, each prediction
fed back in as a one-letter input.

Run: python 06_variable_length.py [--seed 7] [--epochs 500] [--pad zero]
                                  [--patterns 1000] [--units 32]
                                  [--all-inputs] [--plain] [-q]
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
    "distinct-unmasked": -common.N_LETTERS,  # the same value, not masked
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
    patterns: int = NUM_INPUTS,
    units: int = UNITS,
    all_inputs: bool = False,
) -> common.Result:
    """Train and evaluate the model, printing as the article does."""
    import keras  # here, after the command line is read: --help stays fast

    import fast_training

    common.seed_everything(seed)

    # Prepare the data: 1000 (--patterns) random subsequences, printed as
    # built.
    data_x, data_y = random_subsequences(patterns)
    if verbose:
        common.print_pairs(data_x, data_y)
    # Left-pad every input to MAX_LEN steps, then [samples, 5 steps, 1 feature],
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
    model.add(keras.layers.LSTM(units))
    model.add(keras.layers.Dense(y.shape[1], activation="softmax"))
    model.compile(
        loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"]
    )

    # Train. The article's one call (Keras shuffles the samples each epoch;
    # on TensorFlow, seeded, into one order every epoch: docs/keras_behaviours.md):
    #     model.fit(x, y, epochs=500, batch_size=1, verbose=2)
    # --plain runs that call in Keras 3 (with a progress callback in place of
    # verbose=2); fast_training.fit trains as that call did in the article's
    # Keras 2 (a fresh order every epoch), several times faster.
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

    # Accuracy over the training inputs, and which of them were wrong.
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
    sections = {"training": predictions, "random": random}
    if all_inputs:
        sections.update(evaluate_everywhere(model, pad))
    return common.Result(
        "06", seed, epochs, accuracy, sections,
        training=progress, plain=plain, model=model,
    )  # fmt: skip


def model_input(model_inputs: list[list[int]], pad: str):
    """Inputs as the model was trained on them: padded, shaped, scaled."""
    import keras

    padded = keras.utils.pad_sequences(
        model_inputs, maxlen=MAX_LEN, dtype="float32", value=PAD_CODES[pad]
    )
    return common.reshape_and_scale(padded, time_steps=MAX_LEN, features=1)


def evaluate_everywhere(model, pad: str) -> dict[str, list[common.Prediction]]:
    """The article's suggested evaluations, beyond its 20 random patterns.

    "every": each of the 115 inputs of 1..MAX_LEN consecutive letters that
    has a next letter, once, whether or not the random draws trained on it.
    "fed_back": seeded with A, each prediction fed back in as a one-letter
    input, until it says Z (no letter follows Z) or a letter it was already
    fed (from there it would go round the same loop for ever).
    """
    every_x = [
        list(range(start, start + length))
        for length in range(1, MAX_LEN + 1)
        for start in range(common.N_LETTERS - length)
    ]
    every_y = [inputs[-1] + 1 for inputs in every_x]
    predicted = model.predict_on_batch(model_input(every_x, pad)).argmax(axis=1)
    every = common.make_predictions(every_x, predicted, every_y)
    right = sum(p.correct for p in every)
    print(
        f"Every input of 1..{MAX_LEN} consecutive letters: {right} of "
        f"{len(every)} right ({100 * right / len(every):.2f}%; the draws never "
        "start at Y, so Y alone was never trained on)"
    )
    for p in every:
        if not p.correct:
            print(p.marked_line())

    fed_back, fed = [], [0]
    for _ in range(common.N_LETTERS - 1):  # at most A..Y, 25 steps
        code = fed[-1]
        if code == common.N_LETTERS - 1:  # Z: nothing follows
            break
        predicted = int(model.predict_on_batch(model_input([[code]], pad)).argmax())
        fed_back.append(common.make_predictions([[code]], [predicted], [code + 1])[0])
        if predicted in fed:  # a loop
            break
        fed.append(predicted)
    recited = next((i for i, p in enumerate(fed_back) if not p.correct), len(fed_back))
    print(
        "Seeded with A, each prediction fed back in as a one-letter input: "
        f"{recited} right before the first wrong one"
    )
    common.print_predictions(fed_back, as_list=False)
    return {"every": every, "fed_back": fed_back}


if __name__ == "__main__":
    parser = common.make_parser(__doc__, EPOCHS)
    parser.add_argument(
        "--pad",
        choices=sorted(PAD_CODES),
        default="zero",
        help="zero: the article's padding; distinct: a non-letter value, "
        "masked; distinct-unmasked: that value, not masked (to tell the pad "
        "value from the masking)",
    )
    parser.add_argument(
        "--patterns",
        type=common.positive_int,
        default=NUM_INPUTS,
        help="random subsequences to train on (drawn, so some repeat)",
    )
    parser.add_argument(
        "--units", type=common.positive_int, default=UNITS, help="LSTM units"
    )
    parser.add_argument(
        "--all-inputs",
        action="store_true",
        help="then also predict every input of 1..5 consecutive letters, and "
        "recite from A feeding each prediction back in",
    )
    common.main(run, parser)
