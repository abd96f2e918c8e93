"""Experiment 5 and conjecture (b): the recital, the cold and warm starts.

What runs (the article's settings; the control ``05 every-cold-start``,
a cold start from every letter; conjecture (b)'s ``prefix ...`` runs, a
stateless LSTM on the zero-padded prefixes), the claims judged on each
run (100%, the recital A..Z, cold K not L, warm K -> L) and the page's
section and findings: the starts table, the cold starts, (b)'s verdict.
Its sentences are in experiment5.md beside this file.
"""

from __future__ import annotations

from collections import Counter

import common
from study.claims import Claim, is_perfect
from study.groups import Groups
from study.measures import (
    RECITAL_STEPS,
    perfect,
)
from study.record import Run
from study.scripts import load_script
from study.shared import (
    by_label,
    counted,
    not_run_yet,
    on_backends,
    versus,
    verdict_words,
)
from study.template import Template
from study.variants import Variant, VariantKey
from study.words import NAMES, listed, of, ranked, table, wide_table

EXPERIMENT_5 = Variant("05", "article")
EVERY_COLD_START = Variant(
    "05",
    "every-cold-start",
    (("every_cold_start", True),),
    "the article's run, then a cold start from each letter A..Y",
    role="control",
)
PREFIX_HINT = Variant(
    "prefix",
    "article-hint",
    (),
    "a stateless LSTM on the 25 zero-padded prefixes",
    role="conjecture",
)
PREFIX_LONGER = Variant(
    "prefix",
    "epochs-1000",
    (),
    "the same, 1000 epochs instead of 300 (more training)",
    epochs=1000,
    role="conjecture",
)
VARIANTS = [EXPERIMENT_5, EVERY_COLD_START, PREFIX_HINT, PREFIX_LONGER]


def recites(run: Run, same_seed: dict[VariantKey, Run]) -> bool:
    """Seeded with A, each prediction fed back in, it says B .. Z."""
    return recites_alphabet(run)


def cold_k_not_l(run: Run, same_seed: dict[VariantKey, Run]) -> bool:
    """Started cold at K (a zero state), the first prediction is not L."""
    first = run.section("cold_start")[0]
    return first.inputs == "K" and first.predicted != "L"


def warm_k_to_l(run: Run, same_seed: dict[VariantKey, Run]) -> bool:
    """Warmed up with A..J first, then K: it predicts L."""
    first = run.section("warm_start")[0]
    return first.inputs == "K" and first.predicted == "L"


CLAIMS = [
    Claim("05-100", "05", "article", "100%", is_perfect),
    Claim("05-recites", "05", "article", "recites A..Z", recites),
    Claim("05-cold-k-not-l", "05", "article", "cold K not L", cold_k_not_l),
    Claim("05-warm-k-to-l", "05", "article", "warm K -> L", warm_k_to_l),
]

TEXT = Template.beside(__file__)
ARTICLE = EXPERIMENT_5.label
EVERY = EVERY_COLD_START.label
PREFIXES = (PREFIX_HINT.label, PREFIX_LONGER.label)
# Where a cold start would be "as after A": the answer after A, the state
# after A (the first step of the recital from a zero state).
AFTER_A = common.ALPHABET[1]


def recites_alphabet(run: Run) -> bool:
    """Experiment 5: seeded with A, each answer fed back, it says B .. Z."""
    recital = run.section("recital")
    said = "".join(p.predicted for p in recital)
    return bool(recital) and recital[0].inputs == "A" and said == common.ALPHABET[1:]


def first_answer(run: Run, section: str) -> str:
    """The first letter said in a section (a cold or a warm start)."""
    return run.section(section)[0].predicted


def cold_starts(run: Run) -> dict[str, tuple[str, str]]:
    """05's cold start from each letter: letter -> (answer, nearest step).

    The answer is what it says from a zero state, that letter alone; the
    nearest step, the recital letter after which the state is nearest.
    Empty for a run without the every-cold-start section.
    """
    answers = run.section("every_cold_start")
    nearest = run.cold_nearest or ""
    return {
        p.inputs: (p.predicted, nearest[i] if i < len(nearest) else "")
        for i, p in enumerate(answers)
    }


def start_letters() -> tuple[str, str]:
    """The letter of the cold and warm starts, and the letter after it."""
    start = load_script("05").START
    return start, common.ALPHABET[common.encode(start)[0] + 1]


def starts_table(data: Groups) -> list[str]:
    """05 and the prefix models: 100%, recital, cold and warm starts."""
    start, after = start_letters()
    rows = []
    for label in (ARTICLE, *PREFIXES):
        for backend in data.backends(label):
            runs = list(data.runs(label, backend).values())
            n = len(runs)
            cold = Counter(first_answer(r, "cold_start") for r in runs)
            said = ", ".join(f"{k} {v}" for k, v in ranked(cold))
            rows.append([
                f"`{label}`", NAMES[backend], of(sum(map(perfect, runs)), n),
                of(sum(map(recites_alphabet, runs)), n),
                of(sum(map(does_what_05_does, runs)), n),
                of(cold[after], n), of(cold[AFTER_A], n),
                of(sum(first_answer(r, "warm_start") == after for r in runs), n), said,
            ])  # fmt: skip
    header = ["run", "backend", "100% at", "recites A..Z", "both",
              f"cold {start} -> {after}", f"cold {start} -> {AFTER_A}",
              f"warm {start} -> {after}", f"cold {start} says (seeds)"]  # fmt: skip
    return table(header, rows)


def cold_counts(data: Groups, backend: str) -> dict[str, tuple[int, int, int]]:
    """Per letter: (seeds saying B, seeds nearest the state after A, seeds)."""
    found: dict[str, tuple[int, int, int]] = {}
    for run in data.runs(EVERY, backend).values():
        for letter, (answer, nearest) in cold_starts(run).items():
            b, a, n = found.get(letter, (0, 0, 0))
            found[letter] = (b + (answer == AFTER_A), a + (nearest == "A"), n + 1)
    return found


def cold_table(data: Groups) -> list[str]:
    """Letter by letter, per backend: seeds saying B, seeds nearest after A.

    A column per letter; the last column sums over the letters.
    """
    letters = common.ALPHABET[:-1]
    rows = []
    for b in data.backends(EVERY):
        counts = cold_counts(data, b)
        seeds = len(data.runs(EVERY, b))
        for i, what in enumerate((f"says {AFTER_A}", "nearest A")):
            values = [counts.get(letter, (0, 0, 0))[i] for letter in letters]
            total = sum(v[2] for v in counts.values())
            rows.append((f"{NAMES[b]} ({seeds} seeds): {what}",
                         [*values, of(sum(values), total)]))  # fmt: skip
    return wide_table("cold start from", [*letters, "all"], rows)


def cold_where(data: Groups) -> str:
    """``on JAX``, ``on TensorFlow and JAX``: where the cold starts ran."""
    return "on " + listed([NAMES[b] for b in data.backends(EVERY)])


def cold_totals(data: Groups) -> tuple[int, int, int]:
    """Over letters, seeds and backends: (says B, nearest A, letter-seeds)."""
    said = near = total = 0
    for b in data.backends(EVERY):
        for s, a, n in cold_counts(data, b).values():
            said, near, total = said + s, near + a, total + n
    return said, near, total


def same_training(data: Groups) -> tuple[int, int]:
    """(seeds where the every-cold-start run's accuracy equals 05's, seeds)."""
    same = total = 0
    for b in data.backends(EVERY):
        article = data.runs(ARTICLE, b)
        for seed, run in data.runs(EVERY, b).items():
            if seed in article:
                total += 1
                same += run.accuracy == article[seed].accuracy
    return same, total


def cold_part(data: Groups) -> list[str]:
    """The cold starts from every letter, or a line saying they are not run."""
    if not data.backends(EVERY):
        return [not_run_yet([EVERY])]
    said, near, total = cold_totals(data)
    same, paired = same_training(data)
    return TEXT.lines(
        "experiment-5-cold",
        states=RECITAL_STEPS,
        where=cold_where(data),
        table="\n".join(cold_table(data)),
        said=of(said, total),
        near=of(near, total),
        same_training=TEXT.phrase("cold-same-training", same=of(same, paired))
        if paired
        else "",
        answers_as=TEXT.phrase(
            "cold-as-after-a" if 2 * said > total else "cold-not-as-after-a"
        ),
    )


def section(data: Groups) -> list[str]:
    """The starts table, the cold starts, and conjecture (b)'s verdict."""
    start, after = start_letters()
    prefix = load_script("prefix")
    comparisons = [
        f"- `{label}`, {NAMES[b]}: " + versus(data, label, ARTICLE, b)
        for label in PREFIXES
        for b in data.backends(label)
    ] + [
        f"- more training, {NAMES[b]}: `{PREFIXES[1]}` against `{PREFIXES[0]}`: "
        + versus(data, PREFIXES[1], PREFIXES[0], b)
        for b in data.backends(PREFIXES[1])
    ]
    cold_l = counted(data, ARTICLE, lambda r: first_answer(r, "cold_start") == after)
    return TEXT.lines(
        "experiment-5",
        steps=prefix.MAX_LEN,
        units=prefix.UNITS,
        epochs=prefix.EPOCHS,
        table="\n".join(starts_table(data)),
        start=start,
        after=after,
        cold="\n".join(cold_part(data)),
        cold_l=on_backends(cold_l),
        comparisons="\n".join(comparisons),
    )


def finding(data: Groups) -> str:
    """From a zero state, one letter in: answers as after A (or K's counts)."""
    start, _ = start_letters()
    if data.backends(EVERY):
        said, near, total = cold_totals(data)
        return TEXT.phrase(
            "finding-05-every",
            where=cold_where(data),
            said=of(said, total),
            near=of(near, total),
            answers_as=TEXT.phrase(
                "cold-as-after-a" if 2 * said > total else "cold-not-as-after-a"
            ),
        )
    cold_b = counted(data, ARTICLE, lambda r: first_answer(r, "cold_start") == AFTER_A)
    return TEXT.phrase(
        "finding-05-k", start=start, counts=on_backends(cold_b), every=EVERY
    )


def conjecture_finding(data: Groups) -> str:
    """(b): 100% and the recital, per prefix model, beside 05."""
    prefixes = by_label(
        [(label, counted(data, label, does_what_05_does)) for label in PREFIXES]
    )
    itself = on_backends(counted(data, ARTICLE, does_what_05_does))
    tested = [
        f"`{label}` {said}"
        for label in PREFIXES
        for b in data.backends(label)
        if (said := verdict_words(data, label, ARTICLE, b))
    ]
    return TEXT.phrase(
        "finding-b", counts=prefixes, itself=itself, tested=listed(tested) or "not run"
    )


def does_what_05_does(run: Run) -> bool:
    """Conjecture (b)'s test: 100%, and the recital from A."""
    return perfect(run) and recites_alphabet(run)
