"""Experiment 6 and its padding controls: misses by input length.

What runs (the article's settings; the controls ``06 pad-distinct`` and
``06 pad-distinct-unmasked``, padding with a non-letter value, masked or
not), the claims judged on each run (near the article's 98.90%, below
100%, learned well) and the page's section and finding: misses by input
length under each padding, and the explanations they support. Its
sentences are in experiment6.md beside this file; its conjectures (c),
(d) and (e) are conjectures6.py's.
"""

from __future__ import annotations


from collections.abc import Iterable

import common
from study.claims import ARTICLE_ACCURACY, Claim, below_100
from study.explain import Explanation
from study.groups import Groups
from study.measures import (
    LENGTHS,
    by_length,
    misses_by_input,
)
from study.record import Run
from study.scripts import load_script
from study.shared import comparison_lines, count_test, length_table, test_of
from study.stats import ALPHA, Counted, significant
from study.template import Template
from study.variants import ALL_INPUTS, Variant, VariantKey
from study.words import NAMES, listed, of, p_text, ranked

# Experiment 6 is "near 98.90%": within this many points, fixed in advance.
NEAR_POINTS = 2.0
# Experiment 6 is "learned well": at least this accuracy. Ours, set from
# the runs of seeds LEARNED_WELL_SEEDS, before the tests used it (RESULTS.md
# gives the lowest of those, and the counts on the other seeds apart).
LEARNED_WELL = 0.96
LEARNED_WELL_SEEDS = range(1, 6)

EXPERIMENT_6 = Variant("06", "article", ALL_INPUTS)
PAD_DISTINCT = Variant(
    "06",
    "pad-distinct",
    (("pad", "distinct"), *ALL_INPUTS),
    "non-letter padding, masked",
    role="control",
)
PAD_UNMASKED = Variant(
    "06",
    "pad-distinct-unmasked",
    (("pad", "distinct-unmasked"), *ALL_INPUTS),
    "non-letter padding, not masked",
    role="control",
)
VARIANTS = [EXPERIMENT_6, PAD_DISTINCT, PAD_UNMASKED]


def near_article(run: Run, same_seed: dict[VariantKey, Run]) -> bool:
    """Within NEAR_POINTS of the article's 98.90%."""
    return abs(run.accuracy * 100 - ARTICLE_ACCURACY["06"]) <= NEAR_POINTS


def learned_well(run: Run, same_seed: dict[VariantKey, Run]) -> bool:
    """At least LEARNED_WELL."""
    return run.accuracy >= LEARNED_WELL


CLAIMS = [
    Claim(
        "06-near-article",
        "06",
        "article",
        f"within {NEAR_POINTS:g} pts of {ARTICLE_ACCURACY['06']:.2f}%",
        near_article,
    ),
    Claim("06-below-100", "06", "article", "below 100%", below_100),
    Claim(
        "06-learned-well",
        "06",
        "article",
        f"at least {LEARNED_WELL:.0%}",
        learned_well,
    ),
]

TEXT = Template.beside(__file__)
ZERO, MASKED, UNMASKED = (v.label for v in VARIANTS)
PADDINGS = [ZERO, MASKED, UNMASKED]
# "Longer" inputs: two letters or more, the ones padding can collide.
LONGER_INPUTS = (2, max(LENGTHS))


def one_letter_share(runs: Iterable[Run]) -> float:
    """The share of missed training samples whose input is one letter."""
    counts = by_length(runs)
    total = sum(counts.missed.values())
    return counts.missed[1] / total if total else 1.0


def zero_padded(inputs: str) -> tuple[int, ...]:
    """An input as the article feeds it: codes left-padded with 0 (A's code)."""
    codes = common.encode(inputs)
    return (0,) * (max(LENGTHS) - len(codes)) + tuple(codes)


def collisions_share_targets(runs: Iterable[Run]) -> bool:
    """Inputs that zero padding makes one (BCD, ABCD) all want one letter."""
    target: dict[tuple[int, ...], set[str]] = {}
    for r in runs:
        for p in r.section("training"):
            target.setdefault(zero_padded(p.inputs), set()).add(p.expected)
    return all(len(letters) == 1 for letters in target.values())


def longer_missed(data: Groups, label: str) -> dict[str, int]:
    """Per backend: missed samples of 2 to 5 letters, over every seed."""
    return {
        b: by_length(data.runs(label, b).values()).missed_between(*LONGER_INPUTS)
        for b in data.backends(label)
    }


def has_longer_miss(run: Run) -> bool:
    """The run misses a training sample of 2 to 5 letters."""
    return by_length([run]).missed_between(*LONGER_INPUTS) > 0


def masked_against_zero(data: Groups) -> dict[str, Counted]:
    """Per backend with both: runs with a longer miss, masked against zero
    padding, by the page's rule (McNemar where they share seeds)."""
    return {
        b: c
        for b in data.backends(MASKED)
        if (c := count_test(data, MASKED, ZERO, b, has_longer_miss)) is not None
    }


def test_name(tests: dict[str, Counted]) -> str:
    """The test the counts had, as the page names it (``McNemar``)."""
    return listed(sorted({c.test for c in tests.values()}))


def runs_test_text(data: Groups) -> str:
    """The runs with a longer miss per padding, and their test, in words."""
    tests = masked_against_zero(data)
    if not tests:
        return ""
    shown = any(significant(c.p) for c in tests.values())
    fives = {b: by_length(data.runs(ZERO, b).values()).missed[max(LENGTHS)]
             for b in tests}  # fmt: skip
    return TEXT.phrase(
        "padding-runs-test",
        masked=listed([f"{of(*c.a)} ({NAMES[b]})" for b, c in tests.items()]),
        zero=listed([f"{of(*c.b)} ({NAMES[b]})" for b, c in tests.items()]),
        test=test_name(tests),
        tests=listed([f"{p_text(c.p)} ({NAMES[b]})" for b, c in tests.items()]),
        verdict="a difference shown" if shown else "no difference shown",
        shortest=LONGER_INPUTS[0],
        longest=max(LENGTHS),
        fives=counts_text(fives),
        all_zero=counts_text({b: longer_missed(data, ZERO)[b] for b in tests}),
    )


def counts_text(counts: dict[str, int]) -> str:
    """``83 (TensorFlow) and 21 (JAX)``; "no runs" without any."""
    return listed([f"{n} ({NAMES[b]})" for b, n in counts.items()]) or "no runs"


def padding_statement(data: Groups) -> str:
    """What the runs show of the longer inputs under each padding."""
    masked = longer_missed(data, MASKED)
    backends = [NAMES[b] for b in masked]
    where = "on either backend" if len(backends) > 1 else f"on {listed(backends)}"
    lengths = {"shortest": LONGER_INPUTS[0], "longest": LONGER_INPUTS[1]}
    first = (
        TEXT.phrase("padding-masked-none", where=where, **lengths)
        if masked and not any(masked.values())
        else TEXT.phrase("padding-masked-some", counts=counts_text(masked), **lengths)
    )
    statement = TEXT.phrase(
        "padding-statement",
        masked=first,
        zero=counts_text(longer_missed(data, ZERO)),
        unmasked=counts_text(longer_missed(data, UNMASKED)),
    )
    return " ".join(filter(None, [statement, runs_test_text(data)]))


def most_missed(data: Groups, label: str, backend: str, at_least: int = 3) -> str:
    """The inputs missed at the most seeds, ``seeds/samples``, to a whole tie."""
    samples, seeds = misses_by_input(data.runs(label, backend).values())
    order = ranked(seeds)
    if len(order) > at_least:
        cut = order[at_least - 1][1]
        order = [item for item in order if item[1] >= cut]
    shown = ", ".join(f"{i} {n}/{samples[i]}" for i, n in order) or "none"
    rest = len(seeds) - len(order)
    return shown + (f", and {rest} more inputs missed at fewer seeds" if rest else "")


def padding_value_holds(data: Groups) -> bool | None:
    """Whether the runs show the padding-value explanation; None: too few.

    False (withdrawn) if a run padded with a value no letter has, masked or
    not, misses a longer input; True if none does, some zero-padded runs
    do, and the test of runs with such a miss (``masked_against_zero``)
    shows fewer masked than zero-padded on every backend; else untested.
    """
    masked, zero, unmasked = (longer_missed(data, x) for x in (MASKED, ZERO, UNMASKED))
    if not masked:
        return None
    if any(masked.values()) or any(unmasked.values()):
        return False
    tests = masked_against_zero(data)
    shown = any(zero.values()) and bool(unmasked) and bool(tests)
    fewer = all(c.verdict == "lower" for c in tests.values())
    return True if shown and fewer else None


def explanations(data: Groups) -> list[Explanation]:
    """Why: what the collision can cause, what the masking does."""
    zero_runs = [r for b in data.backends(ZERO) for r in data.runs(ZERO, b).values()]
    one_letter = all(
        one_letter_share(data.runs(label, b).values()) > 0.5
        for label in (ZERO, MASKED)
        for b in data.backends(label)
    ) and all(
        (c := test_of(data, MASKED, ZERO, b)) is not None and not significant(c.p)
        for b in data.backends(MASKED)
    )
    lengths = {"shortest": LONGER_INPUTS[0], "longest": LONGER_INPUTS[1]}
    return [
        Explanation(TEXT.phrase("why-06-collision"), (ZERO,),
                    TEXT.phrase("needs-06-collision"),
                    bool(zero_runs) and collisions_share_targets(zero_runs)),
        Explanation(TEXT.phrase("why-06-padding-value", **lengths),
                    (MASKED, UNMASKED, ZERO),
                    TEXT.phrase("needs-06-padding-value", alpha=ALPHA,
                                test=test_name(masked_against_zero(data)) or "a test",
                                **lengths),
                    padding_value_holds(data)),
        Explanation(TEXT.phrase("why-06-one-letter"), (ZERO, MASKED),
                    TEXT.phrase("needs-06-one-letter"), one_letter),
    ]  # fmt: skip


def section(data: Groups) -> list[str]:
    """The padding statement, the tables, the comparisons and the whys."""
    tables = []
    for backend in data.backends(ZERO):
        rows = [
            (f"`{label}`", data.runs(label, backend).values()) for label in PADDINGS
        ]
        tables += [f"{NAMES[backend]}:", "", *length_table(rows), ""]
    missed = [
        f"- `{label}`, {NAMES[b]}: {most_missed(data, label, b)}"
        for label in PADDINGS
        for b in data.backends(label)
    ]
    code = load_script("06").PAD_CODES["distinct"]
    return TEXT.lines(
        "experiment-6",
        pad_code=code,
        pad_value=f"{code / common.N_LETTERS:g}",
        last_letter=common.N_LETTERS - 1,
        letters=common.N_LETTERS,
        statement=padding_statement(data),
        tables="\n".join(tables).rstrip(),
        comparisons="\n".join(
            comparison_lines(data, [(MASKED, ZERO), (UNMASKED, ZERO)], short=True)
        ),
        most_missed="\n".join(missed),
        explanations="\n\n".join(e.render() for e in explanations(data)),
    )


def finding(data: Groups) -> str:
    """The padding statement, and the accuracy, masked against zero padding."""
    found = [
        (b, c)
        for b in data.backends(MASKED)
        if (c := test_of(data, MASKED, ZERO, b)) is not None
    ]
    ps = "; ".join(f"{NAMES[b]} {p_text(c.p)}" for b, c in found)
    verdicts = {c.verdict for _, c in found}
    named = listed(sorted({c.test for _, c in found}))
    if len(verdicts) == 1:
        accuracy = f"{verdicts.pop()} ({named}: {ps})"
    else:
        accuracy = listed(
            [f"{c.verdict} on {NAMES[b]} ({c.test} {p_text(c.p)})" for b, c in found]
        )
    tests = masked_against_zero(data)
    shares = {
        b: one_letter_share(data.runs(ZERO, b).values()) for b in data.backends(ZERO)
    }
    return TEXT.phrase(
        "finding-06",
        one_letter=listed([f"{s:.0%} ({NAMES[b]})" for b, s in shares.items()]),
        masked=listed([f"{of(*c.a)} ({NAMES[b]})" for b, c in tests.items()]),
        zero=listed([f"{of(*c.b)} ({NAMES[b]})" for b, c in tests.items()]),
        test=test_name(tests),
        tests=", ".join(f"{p_text(c.p)} {NAMES[b]}" for b, c in tests.items()),
        verdict="a difference shown"
        if any(significant(c.p) for c in tests.values())
        else "no difference shown",
        shortest=LONGER_INPUTS[0],
        longest=LONGER_INPUTS[1],
        accuracy=accuracy or "not run",
    )
