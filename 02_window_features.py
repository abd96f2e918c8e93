"""Experiment 2: a three-char *feature* window to one-char mapping.

Article section: "Naive LSTM for a Three-Char Feature Window to One-Char
Mapping".
Description: the window method of multilayer perceptrons. The three letters
before the target are given as three features of one time step, so the
LSTM gets more context but no sequence.
What to look for: an accuracy still below 100% (the article printed 86.96%,
"a small lift that may or may not be real").

Run: python 02_window_features.py [--seed 7] [--epochs 500] [-q]
"""

import common

# Settings: the article's.
SEQ_LENGTH = 3  # three letters in, as 3 features of 1 time step
UNITS = 32  # LSTM units
EPOCHS = 500
BATCH_SIZE = 1  # one sample per weight update
SHUFFLE = True  # a fresh random order every epoch (Keras's default)


def run(seed: int = 7, epochs: int = EPOCHS, verbose: int = 1) -> common.Result:
    """Train and evaluate the model, printing as the article does."""
    experiment = common.Experiment("02", seed, epochs, verbose)

    # Prepare the data: 23 pairs ABC -> D .. WXY -> Z. The window goes into
    # the *features*: [23 samples, 1 time step, 3 features].
    data_x, data_y, x, y = common.prepare_windows(
        SEQ_LENGTH, time_steps=1, features=SEQ_LENGTH, verbose=verbose
    )

    # The model: LSTM(32) -> Dense(26, softmax), stateless.
    model = common.build_model(UNITS, input_shape=(1, SEQ_LENGTH))
    experiment.train(model, x, y, batch_size=BATCH_SIZE, shuffle=SHUFFLE)

    # Accuracy on the training data, then every prediction.
    predictions = common.evaluate_and_print(model, x, data_x, data_y)
    return experiment.result(training=predictions)


if __name__ == "__main__":
    common.main(run, common.make_parser(__doc__, EPOCHS))
