"""Experiment 4: where its 100% comes from, and the controls that tell."""

from __future__ import annotations

from study.explain import Explanation
from study.groups import Groups
from study.sections.shared import all_perfect, perfect_counts, phrase
from study.settings import one_letter_training
from study.template import lines
from study.words import NAMES, listed, number, of, table

# The runs of the table: experiment 4, its controls, experiment 1.
ROWS = ["04 article", "04 shuffle", "04 batch-1", "01 epochs-5000", "01 article"]
# The controls that show no context across samples is needed.
NO_CONTEXT = ("04 shuffle", "04 batch-1", "01 epochs-5000")
LONGER, SHORTER = "01 epochs-5000", "01 article"


def settings_table(data: Groups) -> list[str]:
    """How each run trains (from the scripts), and 100% at how many seeds."""
    rows = []
    for label in ROWS:
        t = one_letter_training(label)
        cells = []
        for backend in NAMES:
            k, n = data.perfect(label, backend)
            cells.append(f"100% at {of(k, n)}" if n else "not run")
        rows.append(
            [f"`{label}`", t.batch_text, t.epochs, number(t.updates), t.units,
             "yes" if t.shuffled else "no", *cells]
        )  # fmt: skip
    header = ["run", "batch", "epochs", "updates", "units", "shuffled"]
    return table([*header, *NAMES.values()], rows)


def differences() -> int:
    """In how many settings 04 and 01 differ (the table's first and last)."""
    a, b = one_letter_training(ROWS[0]), one_letter_training(ROWS[-1])
    return sum(
        getattr(a, f) != getattr(b, f) for f in ("batch", "epochs", "units", "shuffled")
    )


def no_context(data: Groups) -> Explanation:
    """The controls reach 100% at every seed: no context is needed."""
    return Explanation(
        phrase("why-04-no-context"),
        runs=NO_CONTEXT,
        needs=phrase("needs-04-no-context"),
        holds=all_perfect(data, NO_CONTEXT),
    )


def undertrained(data: Groups) -> Explanation:
    """Experiment 1 trained longer reaches 100%, where that control ran."""
    both = [b for b in data.backends(LONGER) if data.runs(SHORTER, b)]
    missing = [NAMES[b] for b in data.backends(SHORTER) if b not in both]
    if not both:
        return Explanation(phrase("why-01-undertrained-untested"))
    holds = all_perfect(data, [LONGER]) and all(
        data.perfect(SHORTER, b)[0] == 0 for b in both
    )
    long_epochs = one_letter_training(LONGER).epochs
    return Explanation(
        phrase(
            "why-01-undertrained",
            where=listed([NAMES[b] for b in both]),
            long=listed([f"{of(*data.perfect(LONGER, b))} ({NAMES[b]})" for b in both]),
            short=listed(
                [f"{of(*data.perfect(SHORTER, b))} ({NAMES[b]})" for b in both]
            ),
            epochs=long_epochs,
            article_epochs=one_letter_training(SHORTER).epochs,
            not_run=phrase("not-run-on", run=LONGER, where=listed(missing, "or"))
            if missing
            else "",
        ),
        runs=(LONGER, SHORTER),
        needs=phrase("needs-01-undertrained"),
        holds=holds,
    )


def section(data: Groups) -> list[str]:
    """The settings table and the explanations it supports."""
    return lines(
        "experiment-4",
        differences=differences(),
        table="\n".join(settings_table(data)),
        no_context=no_context(data).render(),
        undertrained=undertrained(data).render(),
        full_batch=Explanation(phrase("why-04-full-batch")).render(),
    )


def finding(data: Groups) -> str:
    """Experiment 4's 100% needs no context: the controls' counts."""
    counts = [c for label in NO_CONTEXT for c in perfect_counts(data, label)]
    runs = of(sum(k for _, k, _ in counts), sum(n for _, _, n in counts))
    name = "finding-04" if no_context(data).supported else "finding-04-withdrawn"
    return phrase(name, runs=runs, controls=listed([f"`{x}`" for x in NO_CONTEXT]))
