"""Experiment 6: variable-length input to one-char output.

Article section: "LSTM with Variable-Length Input to One-Char Output".
Description: a stateless LSTM learns 1000 random subsequences of 1 to 5
letters, each left-padded to 5 time steps, to predict the letter that
follows. It can then answer ad hoc queries of any length up to 5.
What to look for: an accuracy high but short of 100% (the article printed
98.90%). Padding with 0 collides with the code of A, so ABCD and BCD are the
same input; ``--pad distinct`` pads with a value that is no letter's code
and masks it (a control).

Run: python 06_variable_length.py [--seed 7] [--epochs 500] [--pad zero] [-q]
"""

import common

# Settings: the article's.
MAX_LEN = 5  # longest subsequence, and the time steps of every input
NUM_INPUTS = 1000  # random subsequences to train on
UNITS = 32  # LSTM units
EPOCHS = 500
BATCH_SIZE = 1  # one sample per weight update
SHUFFLE = True  # a fresh random order every epoch (Keras's default)
N_RANDOM = 20  # random training patterns to predict at the end
PAD_CODES = {
    "zero": 0,  # the article's: 0, which is also the code of A
    "distinct": -common.N_LETTERS,  # no letter's code: -1.0 once divided by 26
}


def random_subsequences(rng, count: int) -> tuple[list[list[int]], list[int]]:
    """``count`` runs of 1..MAX_LEN consecutive letters, and the next letter.

    The article's rule: the start is drawn from A..X (uniform over 0..23),
    the end from start .. start+MAX_LEN-1 but never past Y (so that a next
    letter exists); the target is the letter after the end.
    """
    data_x, data_y = [], []
    for _ in range(count):
        start = int(rng.integers(common.N_LETTERS - 2))
        end = int(rng.integers(start, min(start + MAX_LEN, common.N_LETTERS - 1)))
        data_x.append(list(range(start, end + 1)))
        data_y.append(end + 1)
    return data_x, data_y


def make_model(pad: str):
    """LSTM(32) -> Dense(26, softmax), stateless, for the padding chosen.

    With distinct padding a Masking layer makes the LSTM skip the padded
    steps: its state stays at zero until the first real letter.
    """
    mask_value = None if pad == "zero" else PAD_CODES[pad] / common.N_LETTERS
    return common.build_model(UNITS, input_shape=(MAX_LEN, 1), mask_value=mask_value)


def run(
    seed: int = 7, epochs: int = EPOCHS, verbose: int = 1, pad: str = "zero"
) -> common.Result:
    """Train and evaluate the model, printing as the article does."""
    experiment = common.Experiment("06", seed, epochs, verbose)
    rng = experiment.rng

    # Prepare the data: NUM_INPUTS random subsequences, each printed.
    data_x, data_y = random_subsequences(rng, NUM_INPUTS)
    if verbose:
        common.print_pairs(data_x, data_y)

    # Left-pad the codes to MAX_LEN steps, then shape [1000, 5 steps, 1 feature].
    padded = common.pad_sequences(data_x, maxlen=MAX_LEN, value=PAD_CODES[pad])
    x = common.to_lstm_input(padded, time_steps=MAX_LEN, features=1)
    y = common.one_hot(data_y)

    model = make_model(pad)
    experiment.train(model, x, y, batch_size=BATCH_SIZE, shuffle=SHUFFLE)

    # Accuracy over the 1000 training inputs, then 20 of them at random.
    predictions = common.evaluate_and_print(
        model, x, data_x, data_y, show_predictions=False
    )
    print("Test a Random Pattern:")
    picks = rng.integers(len(data_x), size=N_RANDOM)
    random = [predictions[i] for i in picks]
    common.print_predictions(random)
    return experiment.result(training=predictions, random=random)


if __name__ == "__main__":
    parser = common.make_parser(__doc__, EPOCHS)
    parser.add_argument(
        "--pad",
        choices=sorted(PAD_CODES),
        default="zero",
        help="zero: the article's padding; distinct: a non-letter value, masked",
    )
    common.main(run, parser)
