"""Experiment 1: naive LSTM learning a one-char to one-char mapping.

Article section: "Naive LSTM for Learning One-Char to One-Char Mapping".
Description: an LSTM sees one letter and predicts the next. The samples are
shuffled and each starts from a zero state, so the network has no context:
it is used like a multilayer perceptron, and the mapping is hard to learn.
What to look for: an accuracy below 100% (the article printed 84.00%) and a
few wrong letters.

Run: python 01_naive_one_char.py [--seed 7] [--epochs 500] [--plain] [-q]
"""

import common

# Settings: the article's.
SEQ_LENGTH = 1  # one letter in, the next letter out
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

    # Prepare the data: the 25 pairs A -> B .. Y -> Z, printed as built.
    data_x, data_y = common.make_pairs(SEQ_LENGTH)
    if verbose:
        common.print_pairs(data_x, data_y)
    # Reshape to [samples, time steps, features] = [25, 1, 1], divide by 26.
    x = common.reshape_and_scale(data_x, time_steps=SEQ_LENGTH, features=1)
    y = keras.utils.to_categorical(data_y, num_classes=common.N_LETTERS)

    # The model: an LSTM, then a softmax over the 26 letters. Stateless:
    # every sample starts from a zero state, so one letter is all it sees.
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
        "01", seed, epochs, accuracy, {"training": predictions},
        training=progress, plain=plain, model=model,
    )  # fmt: skip


if __name__ == "__main__":
    common.main(run, common.make_parser(__doc__, EPOCHS))
