"""The article's conjecture after experiment 3: a multilayer perceptron.

The article, on experiment 3's window: "I expect that a larger enough
multilayer perception network might be able to learn the same mapping
using the window method" (its words). Not one of the article's listings:
this script tests that guess.
Description: experiment 2's data (the three letters before the target, as
three numbers), fed to a multilayer perceptron instead of an LSTM: two
hidden layers of 64 ReLU units. Why that size: its 6,106 weights are about
as many as experiment 2's LSTM and softmax have (5,466), so it gets the
same budget; ``--hidden 256`` (73,498 weights) tries a much larger one.
Trained as experiment 2: 500 epochs, batch size 1, shuffled.
What to look for: whether it reaches experiment 3's 100%.

Run: python -m study.mlp_window [--seed 7] [--epochs 500] [--hidden 64] [--plain] [-q]
"""

import common
from study import PLAIN_FIT_HELP

# Settings: experiment 2's data and training; the hidden layers are ours.
SEQ_LENGTH = 3  # three letters in, as three numbers
HIDDEN = 64  # units in each of the two hidden layers
EPOCHS = 500
BATCH_SIZE = 1  # one sample per weight update


def run(
    seed: int = 7,
    epochs: int = EPOCHS,
    verbose: int = 1,
    plain: bool = False,
    hidden: int = HIDDEN,
) -> common.Result:
    """Train and evaluate the perceptron, printing as the scripts do."""
    import keras  # here, after the command line is read: --help stays fast

    import fast_training

    common.seed_everything(seed)

    # Prepare the data: the 23 pairs ABC -> D .. WXY -> Z, printed as built.
    data_x, data_y = common.make_pairs(SEQ_LENGTH)
    if verbose:
        common.print_pairs(data_x, data_y)
    # Shaped as in experiment 2, [23 samples, 1 time step, 3 features],
    # divided by 26; a perceptron has no time steps, so [:, 0] drops that
    # axis: [23 samples, 3 numbers].
    x = common.reshape_and_scale(data_x, time_steps=1, features=SEQ_LENGTH)[:, 0]
    y = keras.utils.to_categorical(data_y, num_classes=common.N_LETTERS)

    # The model: two hidden ReLU layers, then a softmax over the 26 letters.
    model = keras.Sequential(
        [
            keras.Input(shape=(x.shape[1],)),
            keras.layers.Dense(hidden, activation="relu"),
            keras.layers.Dense(hidden, activation="relu"),
            keras.layers.Dense(y.shape[1], activation="softmax"),
        ]
    )
    model.compile(
        loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"]
    )

    # Train as experiment 2 does: model.fit(x, y, epochs=500, batch_size=1).
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
    predictions, accuracy = common.print_accuracy_and_predictions(
        data_x, predicted, data_y
    )
    return common.Result(
        "mlp", seed, epochs, accuracy, {"training": predictions},
        training=progress, plain=plain, model=model,
    )  # fmt: skip


if __name__ == "__main__":
    parser = common.make_parser(__doc__, EPOCHS, plain_help=PLAIN_FIT_HELP)
    parser.add_argument(
        "--hidden",
        type=common.positive_int,
        default=HIDDEN,
        help="units in each of the two hidden layers",
    )
    common.main(run, parser)
