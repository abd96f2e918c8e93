"""Experiment 6's conjectures: (c) fewer patterns, (d) more training or a
larger network, (e) a recital fed back from A.

What runs (``06 patterns-...``, ``06 epochs-1000``, ``06 units-64`` and
both; no claims: the article guesses, it does not claim) and the page's
two sections and three findings: the growth table with its tests, and how
far each 06 run recites. Its sentences are in conjectures6.md beside this
file; experiment 6 itself is experiment6.py's.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence

import common

from study.experiments import experiment6
from study.explain import Explanation
from study.groups import Groups
from study.measures import (
    LENGTHS,
    NEVER_DRAWN,
    RECITAL_STEPS,
    never_drawn,
    right,
)
from study.record import Run
from study.shared import (
    by_label,
    not_run_yet,
    on_backends,
    perfect_counts,
    verdict,
    verdict_words,
)
from study.settings import updates_06
from study.template import Template
from study.words import NAMES, listed, number, of, pct, table
from study.variants import ALL_INPUTS, Variant

PATTERNS_250 = Variant(
    "06",
    "patterns-250",
    (("patterns", 250), *ALL_INPUTS),
    "250 random patterns instead of 1000",
    role="conjecture",
)
PATTERNS_500 = Variant(
    "06",
    "patterns-500",
    (("patterns", 500), *ALL_INPUTS),
    "500 random patterns instead of 1000",
    role="conjecture",
)
PATTERNS_250_E2000 = Variant(
    "06",
    "patterns-250-e2000",
    (("patterns", 250), *ALL_INPUTS),
    "250 patterns, 2000 epochs (the article's number of updates)",
    epochs=2000,
    role="conjecture",
)
PATTERNS_500_E1000 = Variant(
    "06",
    "patterns-500-e1000",
    (("patterns", 500), *ALL_INPUTS),
    "500 patterns, 1000 epochs (the article's number of updates)",
    epochs=1000,
    role="conjecture",
)
EPOCHS_1000 = Variant(
    "06",
    "epochs-1000",
    ALL_INPUTS,
    "more training (1000 epochs)",
    epochs=1000,
    role="conjecture",
)
UNITS_64 = Variant(
    "06",
    "units-64",
    (("units", 64), *ALL_INPUTS),
    "a larger network (LSTM(64))",
    role="conjecture",
)
EPOCHS_1000_UNITS_64 = Variant(
    "06",
    "epochs-1000-units-64",
    (("units", 64), *ALL_INPUTS),
    "both (1000 epochs, LSTM(64))",
    epochs=1000,
    role="conjecture",
)
VARIANTS = [
    PATTERNS_250,
    PATTERNS_500,
    PATTERNS_250_E2000,
    PATTERNS_500_E1000,
    EPOCHS_1000,
    UNITS_64,
    EPOCHS_1000_UNITS_64,
]

TEXT = Template.beside(__file__)
# Y alone is never a training input (NEVER_DRAWN): a recital from A fed back
# one letter at a time can be right at most as far as Y.
STEPS_TO_Y = RECITAL_STEPS - len(NEVER_DRAWN)
ARTICLE = experiment6.EXPERIMENT_6.label
SAME_UPDATES = [PATTERNS_250_E2000.label, PATTERNS_500_E1000.label]  # (c)
FEWER_UPDATES = [PATTERNS_250.label, PATTERNS_500.label]  # (c), confounded
GROWN = [EPOCHS_1000.label, UNITS_64.label, EPOCHS_1000_UNITS_64.label]  # (d)
ROWS = [ARTICLE, *FEWER_UPDATES, *SAME_UPDATES, *GROWN]
# Every variant of experiment 6, by label: experiment6.py's and these.
BY_LABEL_06 = {v.label: v for v in [*experiment6.VARIANTS, *VARIANTS]}


def recited_steps(fed_back: Sequence[common.Prediction]) -> int:
    """Answers right from A before the first wrong one (RECITAL_STEPS: A..Z)."""
    for i, p in enumerate(fed_back):
        if not right(p):
            return i
    return len(fed_back)


def steps_from_a(run: Run) -> int | None:
    """Experiment 6's recital from A, steps right; None where it has none."""
    fed_back = run.section("fed_back") or None
    return None if fed_back is None else recited_steps(fed_back)


def never_drawn_right(run: Run) -> bool:
    """Every never-drawn input (Y alone) answered right in the run."""
    found = [p for p in run.section("every") if never_drawn(p.inputs)]
    return bool(found) and all(map(right, found))


def growth_table(data: Groups) -> list[str]:
    """Training and every-input accuracy of each (c) and (d) variant."""
    rows = []
    for label in ROWS:
        for b in data.backends(label):
            train = data.accuracies(label, b)
            every = data.accuracies(label, b, "every")
            rows.append(
                [f"`{label}`", NAMES[b], number(updates_06(BY_LABEL_06[label])),
                 pct(statistics.fmean(train)), of(*data.perfect(label, b)),
                 pct(statistics.fmean(every)) if every else "-",
                 of(*data.perfect(label, b, "every")) if every else "-"]
            )  # fmt: skip
    header = ["run", "backend", "updates", "training: mean", "training 100% at",
              "every input: mean", "every input 100% at"]  # fmt: skip
    return table(header, rows)


def drawable(data: Groups) -> tuple[int, int]:
    """(inputs the draws can produce, all inputs) of 06's every section."""
    for b in data.backends(ARTICLE):
        for run in data.runs(ARTICLE, b).values():
            every = [p.inputs for p in run.section("every")]
            if every:
                return sum(not never_drawn(i) for i in every), len(every)
    return 0, 0


def both_measures(data: Groups, labels: list[str]) -> list[str]:
    """Each variant against the article's: training accuracy, every input."""
    return [
        f"- `{label}`, {NAMES[b]}: training accuracy "
        + verdict(data, label, ARTICLE, b)
        + "; every input "
        + verdict(data, label, ARTICLE, b, "every")
        for label in labels
        for b in data.backends(label)
    ]


def c_verdicts(data: Groups, labels: list[str]) -> list[str]:
    """(c): each variant against the article's, on both measures."""
    found = both_measures(data, labels)
    missing = [label for label in labels if not data.backends(label)]
    return found + ([f"- {not_run_yet(missing)}"] if missing else [])


def growth_section(data: Groups) -> list[str]:
    """(c) and (d): the table, (c)'s verdicts, (d)'s comparisons."""
    reachable, total = drawable(data)
    d_lines = both_measures(data, GROWN)
    return TEXT.lines(
        "conjectures-c-d",
        reachable=reachable,
        longest=max(LENGTHS),
        total=total,
        never=listed(list(NEVER_DRAWN)),
        table="\n".join(growth_table(data)),
        updates=number(updates_06(BY_LABEL_06[ARTICLE])),
        same_updates=listed([f"`{label}`" for label in SAME_UPDATES]),
        c_lines="\n".join(c_verdicts(data, SAME_UPDATES)),
        fewer_updates=listed(
            [number(updates_06(BY_LABEL_06[label])) for label in FEWER_UPDATES]
        ),
        old_lines="\n".join(c_verdicts(data, FEWER_UPDATES)),
        d_lines="\n".join(d_lines),
    )


def recital_rows(data: Groups) -> list[tuple[str, str, list]]:
    """(label, backend, runs) of every 06 variant whose runs recite from A."""
    found = []
    for v in BY_LABEL_06.values():
        for b in data.backends(v.label):
            runs = [
                r for r in data.runs(v.label, b).values() if steps_from_a(r) is not None
            ]
            if runs:
                found.append((v.label, b, runs))
    return found


def recital_table(data: Groups) -> list[str]:
    """Per variant and backend: every input, Y alone, the recital from A."""
    rows = []
    for label, b, runs in recital_rows(data):
        steps = [steps_from_a(r) or 0 for r in runs]
        n = len(runs)
        every = statistics.fmean(data.accuracies(label, b, "every"))
        rows.append([
            f"`{label}`", NAMES[b], pct(every),
            of(sum(map(never_drawn_right, runs)), n),
            of(sum(s >= STEPS_TO_Y for s in steps), n),
            of(sum(s > STEPS_TO_Y for s in steps), n),
            f"{statistics.median(steps):g}", f"{min(steps)}..{max(steps)}",
        ])  # fmt: skip
    never = listed(list(NEVER_DRAWN))
    header = ["run", "backend", "every input: mean", f"{never} alone right",
              "as far as Y", "recites A..Z", "steps right: median",
              "min..max"]  # fmt: skip
    return table(header, rows)


def recital_counts(data: Groups) -> tuple[int, int, int]:
    """Over every recital: (reached Z, Y alone right, runs)."""
    runs = [r for _, _, found in recital_rows(data) for r in found]
    reached = sum((steps_from_a(r) or 0) > STEPS_TO_Y for r in runs)
    return reached, sum(map(never_drawn_right, runs)), len(runs)


def recital_section(data: Groups) -> list[str]:
    """(e): the table, what it shows, and why the recitals stop at Y."""
    reached, y_right, total = recital_counts(data)
    # A cause no run tests (none trains with Y alone): printed as untested.
    why = Explanation(TEXT.phrase("why-e-stops-at-y", never=listed(list(NEVER_DRAWN))))
    return TEXT.lines(
        "conjecture-e",
        steps_to_y=STEPS_TO_Y,
        table="\n".join(recital_table(data)),
        reached=of(reached, total),
        y_right=of(y_right, total),
        never=listed(list(NEVER_DRAWN)),
        why=why.render(),
    )


def findings(data: Groups) -> list[str]:
    """(c), (d) and (e), a line each."""
    c_same = [
        f"`{label}` on {NAMES[b]}: training accuracy "
        f"{compare_words(data, label, b, section='')}, every input "
        f"{compare_words(data, label, b)}"
        for label in SAME_UPDATES
        for b in data.backends(label)
    ]
    c_old = [
        f"`{label}` {compare_words(data, label, b)}"
        for label in FEWER_UPDATES
        for b in data.backends(label)
    ]
    reached, _, total = recital_counts(data)
    as_far = by_label(
        [(label, _as_far_as_y(data, label)) for label in (ARTICLE, EPOCHS_1000.label)]
    )
    return [
        TEXT.phrase(
            "finding-c",
            same=listed(c_same)
            or listed([f"`{x}`" for x in SAME_UPDATES]) + " not run yet",
            old=listed(c_old) or "not run",
        ),
        TEXT.phrase(
            "finding-d",
            grown=by_label([(label, perfect_counts(data, label)) for label in GROWN]),
            article=on_backends(perfect_counts(data, ARTICLE)),
            tested=listed(
                [
                    f"`{label}` {compare_words(data, label, b, section='')}"
                    for label in GROWN
                    for b in data.backends(label)
                ]
            )
            or "not run",
        ),  # fmt: skip
        TEXT.phrase(
            "finding-e", as_far=as_far or "not run", reached=of(reached, total)
        ),
    ]


def compare_words(
    data: Groups, label: str, backend: str, section: str = "every"
) -> str:
    """``lower (p < 0.001)``: against the article's run, over every input
    (or the training samples, ``section=""``)."""
    return verdict_words(data, label, ARTICLE, backend, section) or "not compared"


def _as_far_as_y(data: Groups, label: str) -> list[tuple[str, int, int]]:
    """Per backend: (backend, recitals right as far as Y, recitals)."""
    found = []
    for b in data.backends(label):
        steps = [
            s
            for r in data.runs(label, b).values()
            if (s := steps_from_a(r)) is not None
        ]
        if steps:
            found.append((b, sum(s >= STEPS_TO_Y for s in steps), len(steps)))
    return found
