"""Experiment 5: a stateful LSTM learning the one-char to one-char mapping.

Article section: "Stateful LSTM for a One-Char to One-Char Mapping".
Description: the LSTM is stateful: its state is carried from one batch (one
letter) to the next, through the whole alphabet, and reset by hand once per
epoch, which is also the end of the sequence. Nothing is shuffled.
What to look for: 100% accuracy and, seeded with A, the whole alphabet
recited. The network has learned positions in the sequence, not letters:
seeded cold with K it says K -> B, as in the article. Warmed up by feeding
A..J first, it can say K -> L. Every mark (what should follow a letter,
which letters come before the start) is read from the training pairs
(common.make_pairs), so a model trained on the pairs of another sequence
of distinct letters is judged against that sequence.

Run: python 05_stateful.py [--seed 7] [--epochs 300] [--start K] [--units 50]
                           [--plot FILE.png] [--every-cold-start] [--plain] [-q]
"""

from pathlib import Path

import common

# Settings: the article's.
SEQ_LENGTH = 1  # one letter in, the next letter out
UNITS = 50  # LSTM units
EPOCHS = 300  # rounds of: one epoch in order, then reset the state
BATCH_SIZE = 1  # a stateful LSTM needs its batch size fixed in the input
START = "K"  # the letter for the cold and warm starts
START_STEPS = 5  # predictions from the start letter


def recite(model, first: str, steps: int, following: dict, states: list | None = None):
    """Feed ``first``, then each prediction back in, for ``steps`` letters.

    Each step advances the LSTM's state by one letter and is marked against
    ``following`` (letter code -> the code that follows it in the training
    sequence). If ``states`` is a list, the hidden state after each step is
    appended to it.
    """
    import keras

    predictions, code = [], common.encode(first)[0]
    for _ in range(steps):
        x = common.reshape_and_scale([[code]], time_steps=1, features=1)
        predicted = int(model.predict_on_batch(x).argmax())
        if states is not None:  # the LSTM's output h, what Dense reads
            h = model.layers[0].states[0]
            states.append(keras.ops.convert_to_numpy(h.value)[0])
        expected = common.decode([following[code]]) if code in following else ""
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
    plain: bool = False,
    start: str = START,
    plot: Path | None = None,
    every_cold_start: bool = False,
    units: int = UNITS,
) -> common.Result:
    """Train and evaluate the model, printing as the article does."""
    import keras  # here, after the command line is read: --help stays fast

    import fast_training
    import keras_fixes
    import state_figure

    common.seed_everything(seed)

    # Prepare the data: the 25 pairs A -> B .. Y -> Z, printed as built.
    data_x, data_y = common.make_pairs(SEQ_LENGTH)
    if verbose:
        common.print_pairs(data_x, data_y)
    # The sequence those pairs walk through, A..Z: every mark below (what
    # follows a letter, what comes before it) is read from it, so a model
    # trained on another sequence is judged against that one.
    sequence = [data_x[0][0], *data_y]
    following = {x[0]: y for x, y in zip(data_x, data_y, strict=True)}
    # Reshape to [samples, time steps, features] = [25, 1, 1], divide by 26.
    x = common.reshape_and_scale(data_x, time_steps=SEQ_LENGTH, features=1)
    y = keras.utils.to_categorical(data_y, num_classes=common.N_LETTERS)

    # The model: a *stateful* LSTM, then a softmax over the 26 letters. A
    # stateful layer keeps one state per sample of a batch, so the batch
    # size is part of the input: [1 sample, 1 time step, 1 feature].
    model = keras.Sequential(
        [
            keras.Input(shape=(x.shape[1], x.shape[2]), batch_size=BATCH_SIZE),
            keras.layers.LSTM(units, stateful=True),
            keras.layers.Dense(y.shape[1], activation="softmax"),
        ]
    )
    lstm = model.layers[0]  # the LSTM: keras.Input is not one of the layers
    # Keras 3.15 on JAX loses a stateful LSTM's state without this (see
    # keras_fixes.py); it does nothing on TensorFlow.
    keras_fixes.keep_lstm_state_on_jax(model)
    model.compile(
        loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"]
    )

    # Train. The article's loop: each epoch the alphabet in order, the
    # state carried from each letter to the next, then reset to zero.
    # --plain runs this loop; fast_training.fit runs the same epochs faster.
    progress = fast_training.Progress(epochs, verbose)
    if plain:
        for _ in range(epochs):
            model.fit(
                x, y, epochs=1, batch_size=BATCH_SIZE, shuffle=False, verbose=0,
                callbacks=[progress],
            )  # fmt: skip
            lstm.reset_state()  # the end of the sequence: forget it
    else:
        fast_training.fit(
            model, x, y, epochs=epochs, batch_size=BATCH_SIZE, shuffle=False,
            reset_state_after_each_epoch=True, progress=progress,
        )  # fmt: skip

    # Evaluate: A..Y in order, one letter a batch, the state carried; reset.
    # The article's model.evaluate(x, y, batch_size=1) gives the same
    # accuracy as counting the right predictions, made the same way.
    predicted = [model.predict_on_batch(x[i : i + 1]).argmax() for i in range(len(x))]
    lstm.reset_state()
    predictions = common.make_predictions(data_x, predicted, data_y)
    accuracy = common.accuracy_of(predictions)
    common.print_accuracy(accuracy)
    wrong = [p for p in predictions if p.predicted != p.expected]
    if wrong:  # not in the article, whose run got all 25 right
        print(f"Wrong: {len(wrong)} of {len(predictions)} training samples:")
        common.print_predictions(wrong, as_list=False)

    # The recital: seeded with A, each prediction fed back in as the next
    # input, 25 times: the alphabet, if the model learned it. Reset.
    states: dict[str, list] = {"recital": [], "cold": [], "warm": []}
    first = common.decode([sequence[0]])
    recital = recite(model, first, len(sequence) - 1, following, states["recital"])
    common.print_predictions(recital, as_list=False)
    lstm.reset_state()

    # A cold start from the start letter: the state is zero, as it was when
    # the recital began at A, and knows nothing of the letters before it.
    print("New start: ", start)
    cold = recite(model, start, START_STEPS, following, states["cold"])
    common.print_predictions(cold, as_list=False)
    lstm.reset_state()

    # A warm start: feed the true letters A .. (start - 1) first, so the
    # state reaches the start letter's position, then predict from there.
    before = common.decode(sequence[: sequence.index(common.encode(start)[0])])
    for letter in before:
        model.predict_on_batch(common.reshape_and_scale([common.encode(letter)], 1, 1))
    if before:
        print("Warm start:", start, f"(after feeding {before})")
    else:
        print(
            "Warm start:",
            start,
            f"(nothing comes before {start}: the cold start again)",
        )
    warm = recite(model, start, START_STEPS, following, states["warm"])
    common.print_predictions(warm, as_list=False)
    lstm.reset_state()

    # What the state shows: the cold start letter's state is nearest the
    # state after the *first* letter of the recital (both are one step from
    # zero), not after the same letter; the warm one is where it should be.
    print(
        f"(The recital: the run from {first} above, each answer fed back in as input.)"
    )
    for name in ("cold", "warm"):
        letter, distance = state_figure.nearest_state(
            recital, states["recital"], states[name][0]
        )
        print(
            f"The {name} {start} state is nearest the recital's state after "
            f"{letter} (Euclidean distance {distance:.2f})"
        )
    if plot:
        state_figure.plot_states(plot, start, recital, cold, warm, states, before)
        print(f"Figure of the LSTM's hidden state written to {plot}")

    sections = {"training": predictions, "recital": recital, "cold_start": cold,
                "warm_start": warm}  # fmt: skip
    extra = {}
    if every_cold_start:  # not in the article: every letter, not K alone
        sections["every_cold_start"], extra["cold_nearest"] = cold_starts(
            model, recital, states["recital"], following
        )
    return common.Result(
        "05", seed, epochs, accuracy, sections,
        training=progress, plain=plain, model=model, extra=extra,
    )  # fmt: skip


def cold_starts(model, recital, recital_states, following) -> tuple[list, str]:
    """A cold start from each letter A..Y: its answer, and its state's place.

    Each letter is fed alone to a zero state, as K is above. Prints the 25
    answers on one line, then, for each letter, the recital step whose state
    the cold state is nearest (as for K above). Returns both.
    """
    import state_figure

    lstm = model.layers[0]
    answers, nearest = [], ""
    for code in following:  # every letter of the sequence but its last
        state: list = []
        answers += recite(model, common.decode([code]), 1, following, state)
        lstm.reset_state()
        nearest += state_figure.nearest_state(recital, recital_states, state[0])[0]
    said = " ".join(f"{p.inputs}>{p.predicted}" for p in answers)
    near = " ".join(f"{p.inputs}>{n}" for p, n in zip(answers, nearest, strict=True))
    print(f"Cold start from each letter (letter>answer): {said}")
    print(f"Each cold state nearest the recital's state after (letter>step): {near}")
    return answers, nearest


if __name__ == "__main__":
    parser = common.make_parser(__doc__, EPOCHS, "rounds of one epoch and a reset")
    parser.add_argument(
        "--start",
        type=common.start_letter,
        default=START,
        help="letter A..Y for the cold and warm starts (k means K)",
    )
    parser.add_argument(
        "--plot",
        metavar="FILE.png",
        type=common.writable_file(".png"),
        help="draw the LSTM's hidden state, letter by letter, into this PNG",
    )
    parser.add_argument(
        "--every-cold-start",
        action="store_true",
        help="then also start cold from each letter A..Y: one line of the 25 "
        "answers, one of the recital step each cold state is nearest",
    )
    parser.add_argument(
        "--units", type=common.positive_int, default=UNITS, help="LSTM units"
    )
    common.main(run, parser)
