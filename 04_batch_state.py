"""Experiment 4: LSTM state within a batch (and why the article misreads it).

Article section: "LSTM State Within A Batch".
Description: the one-char problem of experiment 1 again, but with all 25
samples in one batch, kept in alphabet order, for 5000 epochs with 16 units.
The article says the LSTM then uses the order of the samples *within* the
batch as context. It does not: Keras runs every sample of a batch from a
zero state, independently of the others. The 100% comes from the different
optimisation (one full-batch Adam step per epoch, 5000 of them).
What to look for: 100% accuracy and the random single letters right, each
predicted from a fresh zero state. ``--shuffle`` (a control) shuffles the
rows every epoch: if the order within the batch mattered, it would hurt.

Run: python 04_batch_state.py [--seed 7] [--epochs 5000] [--shuffle] [-q]
"""

import common

# Settings: the article's.
SEQ_LENGTH = 1  # one letter in, the next letter out
UNITS = 16  # LSTM units (fewer than experiment 1's 32)
EPOCHS = 5000  # one weight update per epoch, so many epochs
SHUFFLE = False  # keep the 25 rows of the batch in alphabet order
N_RANDOM = 20  # random single letters to predict at the end


def run(
    seed: int = 7, epochs: int = EPOCHS, verbose: int = 1, shuffle: bool = SHUFFLE
) -> common.Result:
    """Train and evaluate the model, printing as the article does."""
    experiment = common.Experiment("04", seed, epochs, verbose)

    # Prepare the data: 25 pairs A -> B .. Y -> Z as [25 samples, 1 step, 1 feature].
    data_x, data_y, x, y = common.prepare_windows(
        SEQ_LENGTH, time_steps=1, features=1, verbose=verbose
    )

    # The model: LSTM(16) -> Dense(26, softmax), stateless. The batch holds
    # the whole data set: batch_size = 25 samples, one batch per epoch.
    model = common.build_model(UNITS, input_shape=(1, 1))
    experiment.train(model, x, y, batch_size=len(x), shuffle=shuffle)

    # Accuracy on the training data, then every prediction.
    predictions = common.evaluate_and_print(model, x, data_x, data_y)

    # Random letters, one at a time: each starts from a zero state, so no
    # context from a batch can help here.
    print("Test a Random Pattern:")
    picks = experiment.rng.integers(len(data_x), size=N_RANDOM)
    random = common.predict_all(
        model, x[picks], [data_x[i] for i in picks], [data_y[i] for i in picks]
    )
    common.print_predictions(random)
    return experiment.result(training=predictions, random=random)


if __name__ == "__main__":
    parser = common.make_parser(__doc__, EPOCHS)
    parser.add_argument(
        "--shuffle",
        action="store_true",
        help="control: shuffle the rows every epoch (the article keeps them in order)",
    )
    common.main(run, parser)
