"""Experiment 1: naive LSTM learning a one-char to one-char mapping.

Article section: "Naive LSTM for Learning One-Char to One-Char Mapping".
Description: an LSTM sees one letter and predicts the next. The samples are
shuffled and each starts from a zero state, so the network has no context:
it is used like a multilayer perceptron, and the mapping is hard to learn.
What to look for: an accuracy below 100% (the article printed 84.00%) and a
few wrong letters near the end of the alphabet.

Run: python 01_naive_one_char.py [--seed 7] [--epochs 500] [-q]
"""

import common

# Settings: the article's.
SEQ_LENGTH = 1  # one letter in, the next letter out
UNITS = 32  # LSTM units
EPOCHS = 500
BATCH_SIZE = 1  # one sample per weight update
SHUFFLE = True  # a fresh random order every epoch (Keras's default)


def run(seed: int = 7, epochs: int = EPOCHS, verbose: int = 1) -> common.Result:
    """Train and evaluate the model, printing as the article does."""
    experiment = common.Experiment("01", seed, epochs, verbose)

    # Prepare the data: 25 pairs A -> B .. Y -> Z as [25 samples, 1 step, 1 feature].
    data_x, data_y, x, y = common.prepare_windows(
        SEQ_LENGTH, time_steps=1, features=1, verbose=verbose
    )

    # The model: LSTM(32) -> Dense(26, softmax). Stateless: every sample
    # starts from a zero state, so a sample is all the context there is.
    model = common.build_model(UNITS, input_shape=(1, 1))
    experiment.train(model, x, y, batch_size=BATCH_SIZE, shuffle=SHUFFLE)

    # Accuracy on the training data, then every prediction.
    predictions = common.evaluate_and_print(model, x, data_x, data_y)
    return experiment.result(training=predictions)


if __name__ == "__main__":
    common.main(run, common.make_parser(__doc__, EPOCHS))
