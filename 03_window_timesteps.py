"""Experiment 3: a three-char *time-step* window to one-char mapping.

Article section: "Naive LSTM for a Three-Char Time Step Window to One-Char
Mapping".
Description: the same three-letter windows as experiment 2, but given as
three time steps of one feature: the intended use of an LSTM in Keras.
What to look for: 100% accuracy (as in the article). The model has learned
"three letters -> the next", not the alphabet: it cannot enumerate it.

Run: python 03_window_timesteps.py [--seed 7] [--epochs 500] [-q]
"""

import common

# Settings: the article's.
SEQ_LENGTH = 3  # three letters in, as 3 time steps of 1 feature
UNITS = 32  # LSTM units
EPOCHS = 500
BATCH_SIZE = 1  # one sample per weight update
SHUFFLE = True  # a fresh random order every epoch (Keras's default)


def run(seed: int = 7, epochs: int = EPOCHS, verbose: int = 1) -> common.Result:
    """Train and evaluate the model, printing as the article does."""
    experiment = common.Experiment("03", seed, epochs, verbose)

    # Prepare the data: 23 pairs ABC -> D .. WXY -> Z. The window goes into
    # the *time steps*: [23 samples, 3 time steps, 1 feature].
    data_x, data_y, x, y = common.prepare_windows(
        SEQ_LENGTH, time_steps=SEQ_LENGTH, features=1, verbose=verbose
    )

    # The model: LSTM(32) -> Dense(26, softmax), stateless. The state now
    # carries context across the three steps of each sample.
    model = common.build_model(UNITS, input_shape=(SEQ_LENGTH, 1))
    experiment.train(model, x, y, batch_size=BATCH_SIZE, shuffle=SHUFFLE)

    # Accuracy on the training data, then every prediction.
    predictions = common.evaluate_and_print(model, x, data_x, data_y)
    return experiment.result(training=predictions)


if __name__ == "__main__":
    common.main(run, common.make_parser(__doc__, EPOCHS))
