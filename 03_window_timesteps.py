"""Experiment 3: a three-char *time-step* window to one-char mapping.

Article section: "Naive LSTM for a Three-Char Time Step Window to One-Char
Mapping".
Description: the same three-letter windows as experiment 2, but given as
three time steps of one feature: the intended use of an LSTM in Keras.
What to look for: 100% accuracy, as in the article, at most seeds (one
seed is one run: RESULTS.md counts them). The model has learned "three
letters -> the next", not the alphabet: it cannot enumerate it.

Run: python 03_window_timesteps.py [--seed 7] [--epochs 500] [--plain] [-q]
"""

import common

# Settings: the article's.
SEQ_LENGTH = 3  # three letters in, as 3 time steps of 1 feature
UNITS = 32  # LSTM units
EPOCHS = 500
BATCH_SIZE = 1  # one sample per weight update


def run(
    seed: int = 7, epochs: int = EPOCHS, verbose: int = 1, plain: bool = False
) -> common.Result:
    """Train and evaluate the model, printing as the article does."""
    import keras  # here, after the command line is read: --help stays fast

    import fast_training

    common.seed_everything(seed)

    # Prepare the data: the 23 pairs ABC -> D .. WXY -> Z, printed as built.
    data_x, data_y = common.make_pairs(SEQ_LENGTH)
    if verbose:
        common.print_pairs(data_x, data_y)
    # Reshape to [samples, time steps, features] = [23, 3, 1]: the window
    # goes into the *time steps*, one letter each. Divide by 26.
    x = common.reshape_and_scale(data_x, time_steps=SEQ_LENGTH, features=1)
    y = keras.utils.to_categorical(data_y, num_classes=common.N_LETTERS)

    # The model: an LSTM, then a softmax over the 26 letters. Stateless, but
    # within a sample the state carries each letter on to the next step.
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

    # Accuracy on the training data, then every prediction. The article's
    # model.evaluate(x, y) gives the same accuracy as counting the right
    # predictions, which needs no second compiled pass.
    predicted = model.predict_on_batch(x).argmax(axis=1)
    predictions, accuracy = common.print_accuracy_and_predictions(
        data_x, predicted, data_y
    )
    return common.Result(
        "03", seed, epochs, accuracy, {"training": predictions},
        training=progress, plain=plain, model=model,
    )  # fmt: skip


if __name__ == "__main__":
    common.main(run, common.make_parser(__doc__, EPOCHS))
