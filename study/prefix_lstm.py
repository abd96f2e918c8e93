"""The article's conjecture after experiment 5: a stateless LSTM on prefixes.

The article, after experiment 5: "we could achieve the same effect with a
'stateless' LSTM by preparing training data like" A -> B, AB -> C,
ABC -> D, ..., "where the input sequence is fixed at 25 (a-to-y to predict
z) and patterns are prefixed with zero-padding". Not one of the article's
listings: this script tests that guess.
Description: the 25 prefixes of the alphabet, left-padded with 0 to 25
time steps (so, as in experiment 6, padding reads as A's), each to predict
the letter after it. The model and training follow experiment 5 where the
article gives nothing: LSTM(50), 300 epochs, batch size 1; stateless, so
the samples are shuffled each epoch like experiments 1-3 and 6.
What to look for: whether it does what experiment 5 does (100%, and seeded
with A, each prediction appended to the input, the whole alphabet), and what
it says after K alone and after A..K, beside experiment 5's cold start
(K -> B) and warm start (K -> L); run ``python 05_stateful.py`` beside it.

Run: python -m study.prefix_lstm [--seed 7] [--epochs 300] [--start K] [--plain] [-q]
"""

import common
from study import PLAIN_FIT_HELP

# Settings: experiment 5's model and epochs; the rest is the article's hint.
MAX_LEN = 25  # the longest prefix, A..Y, and the time steps of every input
UNITS = 50  # LSTM units, as experiment 5
EPOCHS = 300
BATCH_SIZE = 1  # one sample per weight update
START = "K"  # the letter for the cold and warm starts
START_STEPS = 5  # predictions from the start letter, as experiment 5


def as_input(prefixes: list[list[int]]):
    """Prefixes as the model reads them: left-padded with 0, [n, 25, 1], /26."""
    import keras

    padded = keras.utils.pad_sequences(prefixes, maxlen=MAX_LEN, dtype="float32")
    return common.reshape_and_scale(padded, time_steps=MAX_LEN, features=1)


def recite(model, first: list[int], steps: int) -> list[common.Prediction]:
    """Predict after ``first``, append the prediction, and so on, ``steps`` times.

    The stateless way to carry context: the whole sequence so far is the
    input each time. Stops early once the input would pass 25 letters.
    """
    predictions, seen = [], list(first)
    for _ in range(steps):
        if len(seen) > MAX_LEN:
            break
        predicted = int(model.predict_on_batch(as_input([seen])).argmax())
        last = seen[-1]
        expected = [last + 1] if last + 1 < common.N_LETTERS else []
        predictions.append(
            common.Prediction(
                common.decode(seen), common.decode([predicted]), common.decode(expected)
            )
        )
        seen.append(predicted)
    return predictions


def run(
    seed: int = 7,
    epochs: int = EPOCHS,
    verbose: int = 1,
    plain: bool = False,
    start: str = START,
) -> common.Result:
    """Train and evaluate the model, printing as experiment 5 does."""
    import keras  # here, after the command line is read: --help stays fast

    import fast_training

    common.seed_everything(seed)

    # Prepare the data: A -> B, AB -> C, .., A..Y -> Z, printed as built.
    data_x = [list(range(end)) for end in range(1, common.N_LETTERS)]
    data_y = [len(prefix) for prefix in data_x]
    if verbose:
        common.print_pairs(data_x, data_y)
    x = as_input(data_x)
    y = keras.utils.to_categorical(data_y, num_classes=common.N_LETTERS)

    # The model: a stateless LSTM, then a softmax over the 26 letters.
    model = keras.Sequential(
        [
            keras.Input(shape=(x.shape[1], x.shape[2])),
            keras.layers.LSTM(UNITS),
            keras.layers.Dense(y.shape[1], activation="softmax"),
        ]
    )
    model.compile(
        loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"]
    )

    # Train: model.fit(x, y, epochs=300, batch_size=1), shuffled each epoch.
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

    predicted = model.predict_on_batch(x).argmax(axis=1)
    predictions = common.make_predictions(data_x, predicted, data_y)
    accuracy = common.accuracy_of(predictions)
    common.print_accuracy(accuracy)

    sections = {"training": predictions, **recitals(model, start)}
    return common.Result(
        "prefix", seed, epochs, accuracy, sections,
        training=progress, plain=plain, model=model,
    )  # fmt: skip


def recitals(model, start: str) -> dict[str, list[common.Prediction]]:
    """Experiment 5's three recitals, asked of the prefix model, printed.

    Seeded with A, each prediction appended to the input (the alphabet?);
    the start letter alone (05's cold start, zero-padded); the letters
    A .. start (05's warm start), then on from there.
    """
    recital = recite(model, [0], common.N_LETTERS - 1)
    common.print_predictions(recital, as_list=False)
    code = common.encode(start)[0]
    print("New start: ", start)
    cold = recite(model, [code], START_STEPS)
    common.print_predictions(cold, as_list=False)
    print("Warm start:", start, f"(the input is {common.ALPHABET[: code + 1]})")
    warm = recite(model, list(range(code + 1)), START_STEPS)
    common.print_predictions(warm, as_list=False)
    return {"recital": recital, "cold_start": cold, "warm_start": warm}


if __name__ == "__main__":
    parser = common.make_parser(__doc__, EPOCHS, plain_help=PLAIN_FIT_HELP)
    parser.add_argument(
        "--start",
        type=common.start_letter,
        default=START,
        help="letter A..Y for the cold and warm starts (k means K)",
    )
    common.main(run, parser)
