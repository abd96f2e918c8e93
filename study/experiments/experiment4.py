"""Experiment 4 and its controls: where its 100% comes from.

What runs (the article's settings; the controls ``04 shuffle``, ``04
batch-1`` and ``01 epochs-5000``, experiment 1 trained as long as 4), the
claims judged on each run (100%, and every random pattern right, for 04 and
04 shuffle) and the page's section and finding: the settings table, and
the explanations it supports or withdraws. Its sentences are in
experiment4.md beside this file.
"""

from __future__ import annotations

from study.claims import Claim, is_perfect
from study.experiments.windows import EXPERIMENT_1
from study.explain import Explanation
from study.groups import Groups
from study.measures import right
from study.record import Run
from study.shared import all_perfect, perfect_counts
from study.settings import one_letter_training
from study.template import Template
from study.variants import Variant, VariantKey
from study.words import NAMES, listed, number, of, table

ARTICLE = Variant("04", "article")
SHUFFLE = Variant(
    "04",
    "shuffle",
    (("shuffle", True),),
    "rows shuffled every epoch",
    role="control",
)
BATCH_1 = Variant(
    "04",
    "batch-1",
    (("batch_size", 1),),
    "one sample per update instead of the full batch",
    role="control",
)
EPOCHS_5000 = Variant(
    "01",
    "epochs-5000",
    description="04's 5000 epochs, one sample per update",
    epochs=5000,
    role="control",
)
VARIANTS = [EPOCHS_5000, ARTICLE, SHUFFLE, BATCH_1]


def random_right(run: Run, same_seed: dict[VariantKey, Run]) -> bool:
    """Every one of the random patterns tested after training was right."""
    return all(map(right, run.section("random")))


CLAIMS = [
    Claim("04-100", "04", "article", "100%", is_perfect),
    Claim("04-random-right", "04", "article", "random right", random_right),
    Claim("04-shuffle-100", "04", "shuffle", "100%", is_perfect),
    Claim("04-shuffle-random-right", "04", "shuffle", "random right", random_right),
]

TEXT = Template.beside(__file__)
# The runs of the table: experiment 4, its controls, experiment 1.
TABLE = [ARTICLE, SHUFFLE, BATCH_1, EPOCHS_5000, EXPERIMENT_1]
# The controls that show no context across samples is needed.
NO_CONTEXT = (SHUFFLE.label, BATCH_1.label, EPOCHS_5000.label)
TRAINED_LONGER, ARTICLE_01 = EPOCHS_5000.label, EXPERIMENT_1.label


def settings_table(data: Groups) -> list[str]:
    """How each run trains (from the scripts), and 100% at how many seeds."""
    rows = []
    for variant in TABLE:
        label, t = variant.label, one_letter_training(variant)
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
    a, b = one_letter_training(TABLE[0]), one_letter_training(TABLE[-1])
    return sum(
        getattr(a, f) != getattr(b, f) for f in ("batch", "epochs", "units", "shuffled")
    )


def no_context(data: Groups) -> Explanation:
    """The controls reach 100% at every seed: no context is needed."""
    return Explanation(
        TEXT.phrase("why-04-no-context"),
        runs=NO_CONTEXT,
        needs=TEXT.phrase("needs-04-no-context"),
        holds=all_perfect(data, NO_CONTEXT),
    )


def undertrained(data: Groups) -> Explanation:
    """Experiment 1 trained longer reaches 100%, where that control ran."""
    both = [b for b in data.backends(TRAINED_LONGER) if data.runs(ARTICLE_01, b)]
    missing = [NAMES[b] for b in data.backends(ARTICLE_01) if b not in both]
    if not both:
        return Explanation(TEXT.phrase("why-01-undertrained-untested"))
    holds = all_perfect(data, [TRAINED_LONGER]) and all(
        data.perfect(ARTICLE_01, b)[0] == 0 for b in both
    )
    long_epochs = one_letter_training(EPOCHS_5000).epochs
    return Explanation(
        TEXT.phrase(
            "why-01-undertrained",
            where=listed([NAMES[b] for b in both]),
            long=listed(
                [f"{of(*data.perfect(TRAINED_LONGER, b))} ({NAMES[b]})" for b in both]
            ),
            short=listed(
                [f"{of(*data.perfect(ARTICLE_01, b))} ({NAMES[b]})" for b in both]
            ),
            epochs=long_epochs,
            article_epochs=one_letter_training(EXPERIMENT_1).epochs,
            not_run=TEXT.phrase(
                "not-run-on", run=TRAINED_LONGER, where=listed(missing, "or")
            )
            if missing
            else "",
        ),
        runs=(TRAINED_LONGER, ARTICLE_01),
        needs=TEXT.phrase("needs-01-undertrained"),
        holds=holds,
    )


def section(data: Groups) -> list[str]:
    """The settings table and the explanations it supports."""
    return TEXT.lines(
        "experiment-4",
        differences=differences(),
        table="\n".join(settings_table(data)),
        no_context=no_context(data).render(),
        undertrained=undertrained(data).render(),
        full_batch=Explanation(TEXT.phrase("why-04-full-batch")).render(),
    )


def finding(data: Groups) -> str:
    """Experiment 4's 100% needs no context: the controls' counts."""
    counts = [c for label in NO_CONTEXT for c in perfect_counts(data, label)]
    runs = of(sum(k for _, k, _ in counts), sum(n for _, _, n in counts))
    name = "finding-04" if no_context(data).supported else "finding-04-withdrawn"
    return TEXT.phrase(name, runs=runs, controls=listed([f"`{x}`" for x in NO_CONTEXT]))
