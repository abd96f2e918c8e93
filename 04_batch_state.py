"""Experiment 4: LSTM state within a batch (and why the article misreads it).

Article section: "LSTM State Within A Batch".
Description: the one-char problem of experiment 1 again, but with all 25
samples in one batch, kept in alphabet order, for 5000 epochs with 16 units.
The article says the LSTM then uses the order of the samples *within* the
batch as context. It does not: Keras runs every sample of a batch from a
zero state, independently of the others. What explains the 100% is enough
training of a one-letter mapping that needs no context at all: experiment
1's own model, trained 5000 epochs instead of 500, also reaches 100% at
every seed we ran it (RESULTS.md, "Experiment 4").
What to look for: 100% accuracy and the random single letters right, each
predicted from a fresh zero state. ``--shuffle`` (a control) shuffles the
rows every epoch: if the order within the batch mattered, it would hurt.
``--batch-size 1`` (a control) makes one weight update per sample, with the
units, epochs and order kept (so 25 times the updates: 125,000, against
experiment 1's 12,500): it tells whether the 100% needs the full batch.

Run: python 04_batch_state.py [--seed 7] [--epochs 5000] [--shuffle]
                              [--batch-size 25] [--plain] [-q]
"""

import common
import numpy as np

# Settings: the article's.
SEQ_LENGTH = 1  # one letter in, the next letter out
UNITS = 16  # LSTM units (fewer than experiment 1's 32)
EPOCHS = 5000  # one weight update per epoch (the full batch), so many epochs
SHUFFLE = False  # keep the 25 rows of the batch in alphabet order
N_RANDOM = 20  # random single letters to predict at the end


def run(
    seed: int = 7,
    epochs: int = EPOCHS,
    verbose: int = 1,
    plain: bool = False,
    shuffle: bool = SHUFFLE,
    batch_size: int | None = None,
) -> common.Result:
    """Train and evaluate the model, printing as the article does."""
    import keras  # here, after the command line is read: --help stays fast

    import fast_training

    common.seed_everything(seed)

    # Prepare the data: the 25 pairs A -> B .. Y -> Z, printed as built.
    data_x, data_y = common.make_pairs(SEQ_LENGTH)
    if verbose:
        common.print_pairs(data_x, data_y)
    # The article pads every input to SEQ_LENGTH letters: a no-op here, where
    # every input is one letter. Then [25 samples, 1 time step, 1 feature].
    padded = keras.utils.pad_sequences(data_x, maxlen=SEQ_LENGTH, dtype="float32")
    x = common.reshape_and_scale(padded, time_steps=SEQ_LENGTH, features=1)
    y = keras.utils.to_categorical(data_y, num_classes=common.N_LETTERS)

    # The model: LSTM(16), then a softmax over the 26 letters. Stateless.
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

    # Train with the whole data set as one batch (unless --batch-size says
    # otherwise): one weight update per epoch. The article's call, the rows
    # kept in alphabet order:
    #     model.fit(x, y, epochs=5000, batch_size=len(x), verbose=2, shuffle=False)
    # --plain runs that call; fast_training.fit runs the same epochs faster.
    batch_size = batch_size or len(x)  # the article's: all 25 rows at once
    if shuffle and verbose and batch_size == len(x):
        print(
            "Control (--shuffle): the 25 rows are shuffled every epoch. One "
            "full-batch step averages over all 25 rows in any order, so the "
            "training goes as in the ordered run (the same numbers, up to "
            "rounding in the last digits)."
        )
    progress = fast_training.Progress(epochs, verbose)
    if plain:
        model.fit(
            x, y, epochs=epochs, batch_size=batch_size, shuffle=shuffle,
            verbose=0, callbacks=[progress],
        )  # fmt: skip
    else:
        fast_training.fit(
            model, x, y, epochs=epochs, batch_size=batch_size, shuffle=shuffle,
            progress=progress,
        )  # fmt: skip

    # Accuracy on the training data, then every prediction. The article's
    # model.evaluate(x, y) gives the same accuracy as counting the right
    # predictions, which needs no second compiled pass.
    predicted = model.predict_on_batch(x).argmax(axis=1)
    predictions, accuracy = common.print_accuracy_and_predictions(
        data_x, predicted, data_y
    )

    # Random letters: each sample starts from a zero state, in a batch or
    # alone, so no context from other samples can help here.
    print("Test a Random Pattern:")
    picks = np.random.randint(len(data_x), size=N_RANDOM)
    predicted = model.predict_on_batch(x[picks]).argmax(axis=1)
    random = common.make_predictions(
        [data_x[i] for i in picks], predicted, [data_y[i] for i in picks]
    )
    common.print_predictions(random)
    return common.Result(
        "04", seed, epochs, accuracy, {"training": predictions, "random": random},
        training=progress, plain=plain, model=model,
    )  # fmt: skip


if __name__ == "__main__":
    parser = common.make_parser(__doc__, EPOCHS)
    parser.add_argument(
        "--shuffle",
        action="store_true",
        help="control: shuffle the rows every epoch (the article keeps them in order)",
    )
    parser.add_argument(
        "--batch-size",
        type=int,
        choices=(1, 5, 25),
        default=25,
        help="control: samples per weight update, a divisor of the 25 samples "
        "(the article: all 25)",
    )
    common.main(run, parser)
