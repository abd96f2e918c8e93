"""Experiment 5: a stateful LSTM learning the one-char to one-char mapping.

Article section: "Stateful LSTM for a One-Char to One-Char Mapping".
Description: the LSTM is stateful: its state is carried from one batch (one
letter) to the next, through the whole alphabet, and reset by hand once per
epoch, which is also the end of the sequence. Nothing is shuffled.
What to look for: 100% accuracy and, seeded with A, the whole alphabet
recited. The network has learned positions in the sequence, not letters:
seeded cold with K it says K -> B, as in the article. Warmed up by feeding
A..J first, it can say K -> L.

Run: python 05_stateful.py [--seed 7] [--epochs 300] [--start K] [-q]
"""

import common

# Settings: the article's.
SEQ_LENGTH = 1  # one letter in, the next letter out
UNITS = 50  # LSTM units
EPOCHS = 300  # rounds of: one epoch in order, then reset the state
BATCH_SIZE = 1  # a stateful LSTM needs its batch size fixed in the input
SHUFFLE = False  # the order *is* the context the state carries
START = "K"  # the letter for the cold and warm starts
START_STEPS = 5  # predictions from the start letter


def recite(model, first: int, steps: int, states: list | None = None):
    """Feed ``first``, then each prediction back in, for ``steps`` steps.

    Each step advances the LSTM's state by one letter. If ``states`` is a
    list, the hidden state after each step is appended to it.
    """
    predictions, code = [], first
    for _ in range(steps):
        predicted = common.predict_next(model, code)
        if states is not None:
            states.append(common.lstm_hidden_state(model)[0])
        expected = common.decode([code + 1]) if code + 1 < common.N_LETTERS else ""
        predictions.append(
            common.Prediction(
                common.decode([code]), common.decode([predicted]), expected
            )
        )
        code = predicted
    return predictions


def run(
    seed: int = 7,
    epochs: int = EPOCHS,
    verbose: int = 1,
    start: str = START,
    plot: str | None = None,
) -> common.Result:
    """Train and evaluate the model, printing as the article does."""
    experiment = common.Experiment("05", seed, epochs, verbose)
    start_code = common.encode(start)[0]

    # Prepare the data: 25 pairs A -> B .. Y -> Z as [25 samples, 1 step, 1 feature].
    data_x, data_y, x, y = common.prepare_windows(
        SEQ_LENGTH, time_steps=1, features=1, verbose=verbose
    )

    # The model: a *stateful* LSTM(50) -> Dense(26, softmax), batch size 1.
    # One call from Python runs one epoch (25 steps), so the state can be
    # reset between epochs.
    model = common.build_model(
        UNITS,
        input_shape=(1, 1),
        batch_size=BATCH_SIZE,
        stateful=True,
        steps_per_execution=len(x),
    )
    # Train: each epoch is A..Y in order, the state carried from each letter
    # to the next; after each epoch the state is reset to zero.
    experiment.train(
        model,
        x,
        y,
        batch_size=BATCH_SIZE,
        shuffle=SHUFFLE,
        reset_state_each_epoch=True,
    )

    # Evaluate in order, one letter at a time, carrying the state; reset.
    predictions = common.make_predictions(
        data_x, [common.predict_next(model, xs[0]) for xs in data_x], data_y
    )
    common.print_accuracy(common.accuracy_of(predictions))
    common.reset_lstm_state(model)

    # Seeded with A, feed each prediction back in: the alphabet. Reset.
    states: dict[str, list] = {"recital": [], "cold": [], "warm": []}
    recital = recite(
        model, common.CHAR_TO_INT["A"], common.N_LETTERS - 1, states["recital"]
    )
    common.print_predictions(recital, as_list=False)
    common.reset_lstm_state(model)

    # A cold start from the start letter: zero state, as after A's reset.
    # The state knows nothing of the letters before it.
    print("New start: ", start)
    cold = recite(model, start_code, START_STEPS, states["cold"])
    common.print_predictions(cold, as_list=False)
    common.reset_lstm_state(model)

    # A warm start: feed the true letters A .. (start - 1) first, so the
    # state reaches the start letter's position, then predict from it.
    for code in range(start_code):
        common.predict_next(model, code)
    fed = common.decode(range(start_code))
    if fed:
        print("Warm start:", start, f"(after feeding {fed})")
    else:
        print("Warm start:", start, "(nothing comes before A: the cold start again)")
    warm = recite(model, start_code, START_STEPS, states["warm"])
    common.print_predictions(warm, as_list=False)
    common.reset_lstm_state(model)

    # What the state shows: the cold start letter's state is nearest the
    # state after the *first* letter of the recital (both are one step from
    # zero), not after the same letter; the warm one is where it should be.
    for name, seen in (("cold", states["cold"]), ("warm", states["warm"])):
        letter, distance = common.nearest_state(recital, states["recital"], seen[0])
        print(
            f"The {name} {start} state is nearest the recital's state after "
            f"{letter} (Euclidean distance {distance:.2f})"
        )
    if plot:
        common.plot_states(plot, start, recital, cold, warm, states)
        print(f"Figure of the LSTM's hidden state written to {plot}")

    return experiment.result(
        training=predictions, recital=recital, cold_start=cold, warm_start=warm
    )


def start_letter(text: str) -> str:
    """An argparse type: the start letter, A..Y (Z has no next letter)."""
    chosen = common.letter(text)
    if chosen == "Z":
        raise common.argparse.ArgumentTypeError(
            "Z has no next letter: the model was never trained to predict one "
            "after it; choose A..Y"
        )
    return chosen


if __name__ == "__main__":
    parser = common.make_parser(__doc__, EPOCHS, "rounds of one epoch and a reset")
    parser.add_argument(
        "--start",
        type=start_letter,
        default=START,
        help="letter A..Y for the cold and warm starts (k means K)",
    )
    parser.add_argument(
        "--plot",
        metavar="FILE.png",
        help="draw the LSTM's hidden state, letter by letter, into this PNG",
    )
    common.main(run, parser)
