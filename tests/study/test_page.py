"""page.py and its sections: RESULTS.md written from the saved runs.

Most tests make up runs (run_records.py) and read the section they feed;
the last ones regenerate the committed page and compare it byte for byte.
"""

from dataclasses import replace

import json
import re
import shutil
from pathlib import Path

import common
import pytest
from conftest import ROOT
from run_records import FIXED, RECITAL, make_run

from study import cli, page, stats, store
from study.explain import withdrawn
from study.groups import Groups
from study.registry import CLAIMS
from study.experiments import (
    conjectures6,
    experiment4,
    experiment5,
    experiment6,
)
from study import shared
from study.scripts import load_script
from study.sections import (
    article_claims,
    backends,
    plain,
    sources,
)

FIGURES = [
    store.FIGURES_IN_ROOT / "accuracy.png",
    store.FIGURES_IN_ROOT / "conjectures.png",
]
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXY"


def runs(label, accuracies, backend="jax", plain=False, first=1, **sections):
    """Runs of a variant at seeds first.. with these accuracies."""
    experiment, variant = label.split(" ", 1)
    return [
        replace(make_run(experiment, variant, seed, a, **sections), backend=backend,
             plain=plain)
        for seed, a in enumerate(accuracies, start=first)
    ]  # fmt: skip


def text(lines):
    return "\n".join(lines)


def flat(found):
    """Text with its wrapping (and quote markers) undone: one line."""
    if isinstance(found, list):
        found = text(found)
    return " ".join(line.removeprefix("> ") for line in found.splitlines()).split()


def said(found):
    return " ".join(flat(found))


# ---------------------------------------------------------------------------
# Comparisons and explanations
# ---------------------------------------------------------------------------


def test_a_comparison_names_its_verdict_means_and_test():
    """Runs on two backends, or at no seed in common: two groups."""
    ones = [0.8, 0.84, 0.76, 0.8, 0.88]
    data = Groups(
        runs("01 article", ones, backend="tensorflow")
        + runs("01 article", ones)
        + runs("01 epochs-5000", [1.0] * 5)
        + runs("02 article", [0.8, 0.84, 0.8, 0.88, 0.76], first=6),
        CLAIMS,
    )
    higher = shared.versus(
        data, "01 epochs-5000", "01 article", "jax", "", "tensorflow"
    )
    assert higher.startswith("**higher** (means 100.00% and 81.60%, 5 and 5 seeds")
    assert "Mann-Whitney p = 0.007" in higher
    same = shared.versus(data, "02 article", "01 article", "jax")
    assert (
        same.startswith("**no difference shown**") and "Mann-Whitney p = 1.00" in same
    )
    lower = shared.verdict(data, "01 article", "01 epochs-5000", "jax")
    # The same seeds on one backend: pairs, 5 of them, all lower.
    assert lower == "**no difference shown** (Wilcoxon p = 0.058)"


def test_runs_at_the_same_seeds_on_one_backend_are_tested_as_pairs():
    """The page's one rule (shared.as_pairs): a same-seed design is paired,
    whichever two variants; two backends or no seed in common are not."""
    # b is far above a at 15 seeds and far below at 5: as two groups b ranks
    # higher (Mann-Whitney p = 0.007), as pairs the 5 large drops weigh
    # against the 15 gains (Wilcoxon p = 0.59), as in prefix epochs-1000.
    a = [0.60 + i / 100 for i in range(20)]
    b = [0.90 + i / 200 for i in range(15)] + [0.10 + i / 100 for i in range(5)]
    made = runs("prefix article-hint", a) + runs("prefix epochs-1000", b)
    data = Groups(made, CLAIMS)
    c = shared.test_of(data, "prefix epochs-1000", "prefix article-hint", "jax")
    assert isinstance(c, stats.Paired) and len(c.pairs) == 20
    assert (c.higher, c.equal, c.lower) == (15, 0, 5)
    assert "Wilcoxon" in shared.versus(
        data, "prefix epochs-1000", "prefix article-hint", "jax"
    )
    groups = stats.compare([x * 100 for x in b], [x * 100 for x in a])
    assert groups.verdict == "higher" and c.verdict == "no difference shown"
    # Two scripts at the same seeds: pairs too (a seed draws some of the
    # same weights for both).
    mixed = Groups(runs("03 article", [1.0] * 20) + made, CLAIMS)
    assert isinstance(
        shared.test_of(mixed, "prefix epochs-1000", "03 article", "jax"), stats.Paired
    )
    # No seed in common, or two backends: two groups, Mann-Whitney.
    apart = Groups(runs("prefix article-hint", a) + runs("prefix epochs-1000", b,
                                                         first=21), CLAIMS)  # fmt: skip
    assert isinstance(
        shared.test_of(apart, "prefix epochs-1000", "prefix article-hint", "jax"),
        stats.Comparison,
    )
    tf = Groups(made + runs("prefix article-hint", a, backend="tensorflow"), CLAIMS)
    assert isinstance(
        shared.test_of(tf, "prefix article-hint", "prefix article-hint", "jax",
                       other_backend="tensorflow"),
        stats.Comparison,
    )  # fmt: skip


def test_runs_with_a_yes_or_no_follow_the_same_rule():
    """Counts at the same seeds: McNemar on the seeds that disagree; at no
    seed in common: Fisher's exact test."""
    miss = [("ABC", "E", "D")]
    made = runs("06 article", [0.9] * 6, training=miss) + runs(
        "06 pad-distinct", [1.0] * 6, training=[]
    )
    has_miss = experiment6.has_longer_miss
    paired = shared.count_test(Groups(made, CLAIMS), "06 pad-distinct",
                               "06 article", "jax", has_miss)  # fmt: skip
    assert (paired.test, paired.a, paired.b) == ("McNemar", (0, 6), (6, 6))
    assert paired.p == pytest.approx(2 / 2**6) and paired.verdict == "lower"
    apart = runs("06 article", [0.9] * 6, training=miss) + runs(
        "06 pad-distinct", [1.0] * 6, first=7, training=[]
    )
    groups = shared.count_test(Groups(apart, CLAIMS), "06 pad-distinct",
                               "06 article", "jax", has_miss)  # fmt: skip
    assert groups.test == "Fisher" and groups.p == pytest.approx(stats.fisher_p(
        0, 6, 6, 6))  # fmt: skip


def experiment4_runs(batch_1):
    return (
        runs("04 batch-1", batch_1)
        + runs("04 shuffle", [1.0] * 3, random=[("A", "B", "B")])
        + runs("01 epochs-5000", [1.0] * 3)
        + runs("01 article", [0.84] * 3)
        + runs("01 article", [0.84] * 3, backend="tensorflow")
    )


def test_an_explanation_is_withdrawn_when_its_runs_stop_showing_it():
    supported = text(experiment4.section(Groups(experiment4_runs([1.0] * 3), CLAIMS)))
    assert "> **Explanation** (from `04 shuffle`, `04 batch-1`" in supported
    assert withdrawn(supported) == []
    contradicted = experiment4_runs([1.0, 0.96, 1.0])
    found = text(experiment4.section(Groups(contradicted, CLAIMS)))
    assert len(withdrawn(found)) == 1
    assert (
        "| `04 batch-1` | 1 | 5000 | 125,000 | 16 | no | not run | 100% at 2 of 3 |"
        in found
    )
    assert experiment4.finding(Groups(contradicted, CLAIMS)).startswith(
        "Experiment 4's controls"
    )


def test_experiment_1_undertrained_is_said_per_backend():
    data = Groups(experiment4_runs([1.0] * 3), CLAIMS)
    found = said(experiment4.section(data))
    assert "undertrained, on JAX" in found
    assert "On TensorFlow, `01 epochs-5000` is not run yet." in found
    both = Groups(
        experiment4_runs([1.0] * 3)
        + runs("01 epochs-5000", [1.0] * 3, backend="tensorflow"),
        CLAIMS,
    )
    found = said(experiment4.section(both))
    assert "undertrained, on TensorFlow and JAX" in found
    assert "not run yet" not in found
    none = Groups(runs("01 article", [0.84] * 3), CLAIMS)
    assert "**Explanation (untested)**: experiment 1 is undertrained" in text(
        experiment4.section(none)
    )


# ---------------------------------------------------------------------------
# Experiment 5: cold starts from every letter
# ---------------------------------------------------------------------------


def every_cold_start(seed, backend, says, nearest, accuracy=1.0):
    """A made-up 05 every-cold-start run: ``says`` and ``nearest`` per letter."""
    answers = [(x, s, "") for x, s in zip(LETTERS, says, strict=True)]
    run = runs("05 every-cold-start", [accuracy], backend, first=seed,
               every_cold_start=answers)[0]  # fmt: skip
    return replace(run, cold_nearest=nearest)


def test_cold_starts_counted_letter_by_letter_per_backend():
    says_b = "B" * 25
    made = [
        every_cold_start(1, "jax", says_b, "A" * 25),
        every_cold_start(2, "jax", "C" + "B" * 24, "B" + "A" * 24),
        every_cold_start(1, "tensorflow", says_b, "A" * 24 + "X"),
    ]
    data = Groups(made, CLAIMS)
    assert experiment5.cold_counts(data, "jax")["A"] == (1, 1, 2)
    assert experiment5.cold_counts(data, "jax")["B"] == (2, 2, 2)
    assert experiment5.cold_counts(data, "tensorflow")["Y"] == (1, 0, 1)
    assert experiment5.cold_totals(data) == (74, 73, 75)
    table = experiment5.cold_table(data)
    assert table[0].startswith("| cold start from | A | B |") and "| all |" in table[0]
    assert table[2] == (
        "| TensorFlow (1 seeds): says B | " + "1 | " * 25 + "25 of 25 |"
    )
    assert table[5].startswith("| JAX (2 seeds): nearest A | 1 | 2 | 2 |")
    assert table[5].endswith("| 49 of 50 |")
    found = said(experiment5.cold_part(data))
    assert (
        "it answers as after A: on TensorFlow and JAX it says B at 74 of 75 "
        "letter-seeds" in found
    )
    assert "(the same training)" not in found  # no 05 article runs to compare
    finding = experiment5.finding(data)
    assert "says B at 74 of 75 letter-seeds" in finding and "73 of 75" in finding


def test_cold_starts_not_run_yet_say_so():
    data = Groups(FIXED, CLAIMS)
    assert experiment5.cold_part(data) == ["`05 every-cold-start`: not run yet."]
    finding = experiment5.finding(data)
    assert "K alone, it says B, as after A: 1 of 2 on TensorFlow" in finding
    assert "`05 every-cold-start`) is not run yet" in finding


def test_every_cold_start_training_is_05s():
    starts = {"recital": RECITAL, "cold_start": [("K", "B", "L")],
              "warm_start": [("K", "L", "L")]}  # fmt: skip
    made = runs("05 article", [1.0, 0.96], **starts) + [
        every_cold_start(1, "jax", "B" * 25, "A" * 25),
        every_cold_start(2, "jax", "B" * 25, "A" * 25, accuracy=0.92),
    ]
    assert experiment5.same_training(Groups(made, CLAIMS)) == (1, 2)


def test_committed_every_cold_start_runs_train_as_05_article():
    """The every-cold-start run is the article's run, then more starts: at
    the same seed and backend, its accuracy is 05 article's."""
    data = Groups(store.read_results(store.COMMITTED_RUNS).runs, CLAIMS)
    same, total = experiment5.same_training(data)
    if not total:
        pytest.skip("no committed 05 every-cold-start runs yet")
    assert same == total


# ---------------------------------------------------------------------------
# Experiment 6: padding, lengths, most missed
# ---------------------------------------------------------------------------


def test_06_misses_counted_as_samples_and_as_inputs():
    training = [("A", "C", "B")] * 3 + [("ABCDE", "F", "F")] + [("KLMNO", "Q", "P")]
    data = Groups(runs("06 article", [0.2], training=training), CLAIMS)
    table = shared.length_table([("`06 article`", data.runs("06 article", "jax")
                                       .values())])  # fmt: skip
    assert table[2] == (
        "| `06 article` | 1 | 3/3 (1) | 0/0 (0) | 0/0 (0) | 0/0 (0) | 1/2 (1) "
        "| 4/5 (2) |"
    )


def padding_runs(zero_tf, zero_jax, unmasked):
    """06 runs whose training misses ``n`` samples of 2 to 5 letters."""
    long_miss = [("ABC", "E", "D")]
    one_miss = [("R", "T", "S")] * 3

    def made(label, misses, backend):
        training = one_miss + long_miss * misses + [("KL", "M", "M")] * 5
        return runs(label, [0.98, 0.97], backend, training=training)

    return (
        made("06 article", zero_tf, "tensorflow") + made("06 article", zero_jax, "jax")
        + made("06 pad-distinct", 0, "tensorflow") + made("06 pad-distinct", 0, "jax")
        + made("06 pad-distinct-unmasked", unmasked, "jax")
    )  # fmt: skip


def test_padding_statement_counts_the_longer_misses():
    data = Groups(padding_runs(zero_tf=2, zero_jax=1, unmasked=3), CLAIMS)
    statement = experiment6.padding_statement(data)
    assert statement.startswith(
        "With masked distinct padding no sample of 2 to 5 letters was missed at any "
        "seed on either backend, against 4 (TensorFlow) and 2 (JAX) such missed "
        "samples with zero padding and 6 (JAX) with distinct padding unmasked. "
    )
    # every zero-padded run misses one, no masked run does: 2 of 2 against 0
    # of 2, at the same seeds: McNemar on the 2 seeds that disagree
    assert (
        "masked 0 of 2 (TensorFlow) and 0 of 2 (JAX), zero padding 2 of 2 "
        "(TensorFlow) and 2 of 2 (JAX); masked against zero padding (McNemar), "
        "p = 0.50 (TensorFlow) and p = 0.50 (JAX): no difference shown."
        in " ".join(statement.split())
    )
    masked_missed = padding_runs(1, 1, 1) + runs(
        "06 pad-distinct", [0.9], "jax", first=3, training=[("AB", "D", "C")]
    )
    assert experiment6.padding_statement(Groups(masked_missed, CLAIMS)).startswith(
        "With masked distinct padding, 0 (TensorFlow) and 1 (JAX) samples of 2 to 5 "
        "letters were missed"
    )


def test_padding_explanations_follow_the_runs():
    found = text(experiment6.section(Groups(padding_runs(2, 1, 0), CLAIMS)))
    assert withdrawn(found) == []
    assert "collision cannot make an answer wrong" in found
    # a masked run missing a longer input: the padding-value one is withdrawn
    masked_missed = padding_runs(2, 1, 0) + runs(
        "06 pad-distinct", [0.9], "jax", first=3, training=[("AB", "D", "C")]
    )
    found = text(experiment6.section(Groups(masked_missed, CLAIMS)))
    assert len(withdrawn(found)) == 1 and "the padding's value" in said(found)
    # so is it when the unmasked runs padded with -26 (-1 scaled) miss one
    found = text(experiment6.section(Groups(padding_runs(2, 1, 3), CLAIMS)))
    assert len(withdrawn(found)) == 1 and "the padding's value" in said(found)


def test_padding_value_explanation_needs_a_test_that_shows_it():
    # two runs a padding: too few for McNemar's test, so untested
    assert (
        experiment6.padding_value_holds(Groups(padding_runs(2, 1, 0), CLAIMS)) is None
    )
    # ten zero-padded runs each missing a longer input, no -26 padded one: shown
    long_miss = [("ABC", "E", "D")] + [("KL", "M", "M")] * 5
    clean = [("KL", "M", "M")] * 6
    many = []
    for backend in ("tensorflow", "jax"):
        many += runs("06 article", [0.9] * 10, backend, training=long_miss)
        many += runs("06 pad-distinct", [1.0] * 10, backend, training=clean)
    unmasked = runs("06 pad-distinct-unmasked", [1.0] * 10, "jax", training=clean)
    assert experiment6.padding_value_holds(Groups(many + unmasked, CLAIMS)) is True
    test = experiment6.masked_against_zero(Groups(many, CLAIMS))["jax"]
    assert test.test == "McNemar" and test.p == pytest.approx(2 / 2**10)
    # the unmasked runs missing longer inputs: padding as such, not its value
    missing = runs("06 pad-distinct-unmasked", [0.9] * 10, "jax", training=long_miss)
    assert experiment6.padding_value_holds(Groups(many + missing, CLAIMS)) is False


def test_lists_of_most_missed_are_not_cut_inside_a_tie():
    first = [("R", "T", "S")] * 2 + [("M", "O", "N"), ("P", "R", "Q")]
    made = runs("06 article", [0.9], training=first) + runs(
        "06 article", [0.9], first=2, training=[("R", "T", "S"), ("M", "O", "N")]
    )
    data = Groups(made, CLAIMS)
    assert experiment6.most_missed(data, "06 article", "jax", at_least=1) == (
        "M 2/2, R 2/3, and 1 more inputs missed at fewer seeds"
    )
    assert experiment6.most_missed(data, "06 article", "jax", at_least=3) == (
        "M 2/2, R 2/3, P 1/1"
    )


# ---------------------------------------------------------------------------
# (c) at equal updates, (e) the recital
# ---------------------------------------------------------------------------

EVERY = [("A", "B", "B"), ("B", "C", "C"), ("C", "E", "D"), ("Y", "A", "Z")]


def test_c_is_judged_at_equal_updates_and_says_when_not_run():
    base = runs("06 article", [0.98] * 5, every=EVERY[:2])
    old = runs("06 patterns-250", [0.9] * 5, every=EVERY[1:3])
    data = Groups(base + old, CLAIMS)
    found = text(conjectures6.growth_section(data))
    assert (
        "- `06 patterns-250-e2000` and `06 patterns-500-e1000`: not run yet." in found
    )
    assert "- `06 patterns-250`, JAX: training accuracy **lower** (Wilcoxon" in said(
        found
    )
    c, _, _ = conjectures6.findings(data)
    assert "`06 patterns-250-e2000` and `06 patterns-500-e1000` not run yet." in c
    new = runs("06 patterns-250-e2000", [0.97] * 5, every=EVERY[:2])
    data = Groups(base + old + new, CLAIMS)
    found = text(conjectures6.growth_section(data))
    # Paired by seed: 1 point lower at each of 5 seeds; every input the same.
    assert (
        "- `06 patterns-250-e2000`, JAX: training accuracy **lower** (Wilcoxon "
        "p = 0.037); every input equal at 5 of 5 pairs (nothing to test)" in said(found)
    )
    assert "- `06 patterns-500-e1000`: not run yet." in found
    c, _, _ = conjectures6.findings(data)
    assert (
        "`06 patterns-250-e2000` on JAX: training accuracy lower (Wilcoxon p = "
        "0.037), every input equal at 5 of 5 pairs (nothing to test)" in c
    )


def test_fed_back_recital_counted_to_the_first_wrong_step():
    steps = [common.Prediction(a, b, e) for a, b, e in RECITAL]
    assert conjectures6.recited_steps(steps) == 25
    steps[3] = common.Prediction("D", "F", "E")
    assert conjectures6.recited_steps(steps) == 3


def test_recital_reports_what_it_shows():
    to_y = RECITAL[:24] + [("Y", "A", "Z")]
    made = runs("06 article", [0.98, 0.97], every=EVERY, fed_back=to_y)
    found = " ".join(text(conjectures6.recital_section(Groups(made, CLAIMS))).split())
    assert "No recital reached Z: 0 of 2 runs." in found
    assert "Y alone was right in 0 of 2 runs." in found
    assert (
        "| `06 article` | JAX | 66.67% | 0 of 2 | 2 of 2 | 0 of 2 | 24 | 24..24 |"
        in (text(conjectures6.recital_section(Groups(made, CLAIMS))))
    )
    assert withdrawn(found) == []


# ---------------------------------------------------------------------------
# Plain against fast
# ---------------------------------------------------------------------------

FAST = [0.978, 0.978, 0.996, 0.971, 0.962, 0.987, 0.982, 1.0, 0.98, 0.975, 0.99, 0.97]


def plain_runs(plain_acc, fast=FAST, backend="jax"):
    return Groups(
        runs("06 article", fast, backend=backend)
        + runs("06 article", plain_acc, backend=backend, plain=True),
        CLAIMS,
    )


def test_plain_groups_are_the_variants_run_plain():
    jax = [replace(r, backend="jax") for r in FIXED]
    made_plain = [replace(FIXED[0], plain=True, accuracy=0.88)]
    groups = Groups(FIXED + jax + made_plain, CLAIMS)
    assert plain.plain_groups(groups) == [("01 article", "tensorflow")]


def test_plain_pairs_counted_with_the_wilcoxon_test():
    data = plain_runs([0.97, 0.978, 0.999, 0.96])
    pairs = plain.plain_pairs(data, "06 article", "jax")
    assert (pairs.higher, pairs.equal, pairs.lower) == (1, 1, 2)
    assert plain.identical(data, "06 article", "jax") == (1, 4)
    found = text(plain.section(data))
    assert (
        "`06 article`, JAX, plain against fast: higher at 1, equal at 1, lower at 2 of "
        "4 pairs, mean difference -0.40 points (**no difference shown**, Wilcoxon "
        "p = 0.42); identical runs: 1 of 4" in said(found)
    )
    assert "| plain | 97.00 | 97.80 | 99.90 | 96.00 |" in found
    assert "**Explanation (untested)**: on JAX, plain against fast" in said(found)
    assert withdrawn(found) == []


def test_identical_pairs_read_identical():
    data = plain_runs(FAST)
    found = said(plain.section(data))
    assert (
        "On JAX, plain and fast give identical runs (the same accuracy and every "
        "prediction) at every seed run both ways (12 of 12 pairs) for `06 article` "
        "(seeds 1..12)." in found
    )
    assert "seed by seed" not in found and "Wilcoxon" not in found
    same = "identical runs (the same accuracy and every prediction) at 12 of 12 seeds"
    assert same in plain.finding(data)


def test_the_same_accuracy_with_other_predictions_is_not_identical():
    made = runs("01 article", [0.84], training=[("W", "Y", "X")]) + runs(
        "01 article", [0.84], plain=True, training=[("W", "Z", "X")]
    )
    data = Groups(made, CLAIMS)
    assert plain.identical(data, "01 article", "jax") == (0, 1)
    assert "identical runs: 0 of 1" in said(plain.section(data))


def test_tensorflow_differences_name_both_candidate_causes():
    data = plain_runs(FAST[:4], fast=[0.99, 0.97, 0.98, 0.95], backend="tensorflow")
    found = said(plain.section(data))
    assert "the fixed sample order of Keras 3's `fit` there, and XLA's" in found
    assert "No control separates them yet." in found
    assert "what makes them differ is untested" in plain.finding(data)


def with_control(plain_acc, control_acc, fast=(0.99, 0.97, 0.98, 0.95, 0.96, 0.94)):
    """06 on TensorFlow: fast, plain and the keras-order control."""
    return Groups(
        runs("06 article", fast, backend="tensorflow")
        + runs("06 article", plain_acc, backend="tensorflow", plain=True)
        + runs("06 keras-order", control_acc, backend="tensorflow"),
        CLAIMS,
    )


def test_the_order_explains_tensorflow_where_the_control_is_identical_more_often():
    """6 pairs: in Keras's order identical at 6, fresh at 0: McNemar p = 0.031."""
    data = with_control(FAST[:6], FAST[:6])
    found = said(plain.section(data))
    assert (
        "**Explanation** (from `06 keras-order`, showing the `keras-order` runs "
        "identical to plain more often than the fast runs, by McNemar's test): on "
        "TensorFlow the sample order makes most of the difference" in found
    )
    # These runs predict the training inputs only: nothing is left out.
    assert (
        "identical to plain (the same accuracy and every prediction) at 6 of 6 pairs "
        "(a seed of one experiment each), against 0 of 6 with its fresh orders (by "
        "experiment: 06: 6 against 0; identical more often, McNemar p = 0.031)" in found
    )
    assert "Pairs still not identical in the same order: 0 of 6." in found
    assert "XLA's arithmetic" not in found  # none left to differ: no cause offered
    assert "| `06 keras-order`, seeds 1..6 |" in found  # its misses, beside
    assert "No control" not in found and withdrawn(found) == []
    finding = plain.finding(data)
    assert "the sample order makes most of the difference" in finding
    assert "identical to plain at 6 of 6 pairs, against 0 of 6" in finding


def test_the_order_explanation_is_withdrawn_where_too_few_pairs_change():
    """5 pairs identical in Keras's order, none fresh: McNemar p = 0.062."""
    data = with_control(FAST[:6], [*FAST[:5], 0.5])
    found = plain.section(data)
    assert withdrawn(text(found))
    assert "at 5 of 6 pairs" in said(found) and "p = 0.062" in said(found)
    # The one pair left differing in Keras's order: XLA offered, untested.
    assert (
        "**Explanation (untested)**: what still makes 1 of 6 pairs differ in "
        "Keras's order may be XLA's arithmetic" in said(found)
    )
    assert "what makes them differ is untested" in plain.finding(data)


def test_the_order_control_compares_06_on_what_all_three_runs_predict():
    """A fast 06 run draws its random patterns after its orders: other patterns
    than plain's, where the control's are plain's. And the control predicts
    no every-input or recital (no --all-inputs). The pairs compare the rest:
    here all three agree."""
    seeds = FAST[:6]
    every = {"every": [("AB", "C", "C")]}
    made = (
        runs("06 article", seeds, backend="tensorflow", random=[("B", "C", "C")],
             **every)
        + runs("06 article", seeds, backend="tensorflow", plain=True,
               random=[("Q", "R", "R")], **every)
        + runs("06 keras-order", seeds, backend="tensorflow", random=[("Q", "R", "R")])
    )  # fmt: skip
    data = Groups(made, CLAIMS)
    assert plain.identical(data, "06 article", "tensorflow") == (0, 6)
    found = said(plain.section(data))
    assert "at 6 of 6 pairs (a seed of one experiment each), against 6 of 6" in found
    assert (
        "every prediction; of 06, the accuracy and the training predictions only: "
        "the control was run without `--all-inputs`, so it has no every-input or "
        "recital predictions; a fast run draws its epoch orders from NumPy before "
        "its random patterns, where Keras's `fit` and the control draw none, so the "
        "random patterns are the plain run's in the control at 6 of 6 seeds but in "
        "the fast run at 0 of 6, and are left out of both comparisons)" in found
    )
    assert withdrawn(text(plain.section(data)))  # no pair tells the two apart
    # Where the fast run's training predictions differ, it is not identical.
    made[0] = replace(made[0], predictions={**made[0].predictions,
                      "training": (common.Prediction("A", "C", "B"),)})  # fmt: skip
    assert "against 5 of 6" in said(plain.section(Groups(made, CLAIMS)))


def test_mcnemar_counts_only_the_pairs_that_disagree():
    assert stats.mcnemar_p(6, 0) == pytest.approx(2 / 2**6)
    assert stats.mcnemar_p(3, 3) == 1.0
    assert stats.mcnemar_p(0, 0) == 1.0


def test_plain_runs_of_other_experiments_stay_as_pairs():
    same = runs("01 article", [0.84, 0.88]) + runs(
        "01 article", [0.84, 0.88], plain=True
    )
    found = said(plain.section(Groups(same + FIXED, CLAIMS)))
    same = "identical runs (the same accuracy and every prediction) at every seed"
    assert same in found
    assert "(2 of 2 pairs) for `01 article` (seeds 1, 2)." in found


# ---------------------------------------------------------------------------
# The claims, the threshold, the sources
# ---------------------------------------------------------------------------


def test_backends_finding_counts_the_variants_run_and_those_tested():
    """Every variant run on both backends is counted; those at one accuracy
    on both are said to have nothing to test, apart from the tested ones."""
    made = (
        runs("01 article", [0.8, 0.84, 0.76], backend="tensorflow")
        + runs("01 article", [0.84, 0.88, 0.8])
        + runs("04 article", [1.0] * 3, backend="tensorflow", random=[])
        + runs("04 article", [1.0] * 3, random=[])
        + runs("02 article", [0.8] * 3)  # JAX only: not run on both
    )
    found = backends.finding(Groups(made, CLAIMS))
    assert (
        "2 variants were run on both backends; 1 of them have one accuracy at every "
        "seed on both (100.00%: nothing to test), and of the other 1 a difference is "
        "shown for 0 (none; lowest p = 0.37)" in found
    )
    assert "| `01 article` | 80.00% | 84.00% | 3 and 3 |" in text(
        backends.section(Groups(made, CLAIMS))
    )


def test_distinct_padding_is_said_as_its_code_and_as_the_model_sees_it():
    """One way: the code the script pads with, and that code divided by 26."""
    code = load_script("06").PAD_CODES["distinct"]
    found = said(experiment6.section(Groups(padding_runs(2, 1, 0), CLAIMS)))
    assert (
        f"`06 pad-distinct` pads with the code {code}, no letter's (the letters' are "
        f"0 to 25), which the model sees as {code / common.N_LETTERS:g} after the "
        "division by 26 that scales every code" in found
    )


def test_tests_the_committed_page_names_exist():
    """A sentence that rests on a named test (``tests/x.py's `test_y```) names
    one that is there."""
    cited = re.findall(r"(tests/[\w/]+\.py)'s\s+`(test_\w+)`", committed_page())
    assert cited  # the page names some: the plain-against-fast section's
    for path, name in cited:
        assert f"def {name}(" in (ROOT / path).read_text(), (path, name)


def test_every_claim_label_is_explained_on_the_page():
    meanings = text(article_claims.section(Groups(FIXED, CLAIMS)))
    for claim in CLAIMS:
        assert f"\n- {claim.label}: " in meanings, claim.label


def test_threshold_counted_apart_on_the_seeds_it_was_not_set_from():
    made = runs("06 article", [0.99, 0.96, 0.97, 0.98, 0.965, 0.95, 0.99, 0.97])
    lowest, later = article_claims.threshold_text(Groups(made, CLAIMS))
    assert lowest == "96.00% on JAX"
    assert later == "2 of 3 on JAX"


def test_a_stopped_file_says_how_many_runs_it_finished(tmp_path):
    source = {
        "file": "part.jsonl", "seeds": "11..15", "backends": ["tensorflow"],
        "variants": ["06 article", "06 pad-distinct"], "complete": False,
    }  # fmt: skip
    assert sources.planned(source) == 10
    held = [replace(FIXED[0], file="part.jsonl", seed=s) for s in (11, 12, 14)]
    results = store.Results(runs=held, sources=[source])
    found = text(sources.section(results, tmp_path / "runs"))
    # The seeds it holds, not the 11..15 it set out to run.
    assert "| `part.jsonl` | 3 | 11, 12, 14 | no |" in found
    assert "| stopped early; holds 3 of its 10 runs |" in found
    old = {"file": "old.jsonl", "complete": False}  # no seeds recorded
    assert sources.note(old, 1) == "stopped early: the runs it finished"


# What the files record of where they ran: older ones their CPU's name or
# nothing, newer ones the CPU in detail and the arithmetic in force.
CPU = {"name": "Some CPU", "vendor": "GenuineIntel", "family": "6", "model": "85",
       "extensions": ["sse4_2", "avx", "fma", "avx2"]}  # fmt: skip
PIN = {"xla_cpu_max_isa": "AVX", "openblas_coretype": "Sandybridge"}
OLD = {"file": "old.jsonl", "versions": {"jax": {"python": "3.11.7"}}}
NAMED = {
    "file": "named.jsonl",
    "versions": {"jax": {"cpu": "AMD EPYC", "python": "3.11.7"}},
}
NEW = {
    "file": "new.jsonl",
    "versions": {"jax": {"cpu": CPU, "arithmetic": PIN, "python": "3.11.7"}},
}


def test_each_files_cpu_and_what_none_records_said_once(tmp_path):
    found = text(sources.section(store.Results(sources=[OLD, NAMED]), tmp_path))
    assert "| commit | CPU | note |" in found  # no file records an arithmetic
    assert "| `old.jsonl` | 0 | - | no |  | unknown | - |  |" in found
    assert "| `named.jsonl` | 0 | - | no |  | unknown | AMD EPYC |  |" in found
    assert "1 of 2 files record no CPU (`-` in the table) and 1 only its name" in said(
        found
    )
    assert "None of the 2 files records its arithmetic" in said(found)
    assert "- python 3.11.7 (2 files)" in found  # the CPU is no package version
    assert "No run here has been re-made and compared" in said(found)


def test_a_file_with_its_cpu_in_detail_and_its_arithmetic(tmp_path):
    found = text(sources.section(store.Results(sources=[OLD, NEW]), tmp_path))
    assert "| commit | CPU | arithmetic | note |" in found
    assert "| unknown | - | - |  |" in found  # old.jsonl
    assert (
        "| unknown | Some CPU, family 6 model 85 | XLA AVX, OpenBLAS Sandybridge |  |"
        in found
    )
    assert "1 of 2 files record no CPU" in said(found)
    assert "1 of 2 files record no arithmetic (`-` in the table)" in said(found)
    assert "- Some CPU, family 6 model 85 (GenuineIntel): sse4_2 avx fma avx2 " \
        "(`new.jsonl`)" in found  # fmt: skip


def test_a_verification_record_is_counted_where_and_when(tmp_path):
    held = [replace(r, file="part.jsonl") for r in FIXED[:4]]
    lines = [{"status": "ok", "identical": True}, {"status": "ok", "identical": False},
             {"status": "failed", "identical": False}]  # fmt: skip
    record = {"verifies": "part.jsonl", "created": "2026-12-08T10:00:00+00:00",
              "versions": {"jax": {"cpu": CPU, "arithmetic": PIN}}}  # fmt: skip
    verified = [store.Verified("v.jsonl", record, lines)]
    results = store.Results(held, [{"file": "part.jsonl"}], verified)
    found = text(sources.section(results, tmp_path))
    assert (
        "| `part.jsonl` | 3 of 4 | 1 | 1 | 1 | Some CPU, family 6 model 85 | XLA AVX, "
        "OpenBLAS Sandybridge | 2026-12-08T10:00:00+00:00 |" in found
    )
    assert "| runs file | re-made | identical | moved | failed |" in found
    assert "No run here has been re-made" not in said(found)


# ---------------------------------------------------------------------------
# The whole page, the README's block
# ---------------------------------------------------------------------------


def made_up_page(tmp_path, runs_):
    results = store.Results(runs=runs_, sources=[{"file": "x.jsonl"}])
    return page.page(results, tmp_path / "results", [])


def test_page_of_made_up_runs_reads_and_has_every_section(tmp_path):
    found = made_up_page(tmp_path, FIXED + [replace(r, backend="jax") for r in FIXED])
    assert found.startswith("# Results") and page.GENERATED in found
    assert "| 01 article | below 100% | 2 of 2 | 2 of 2 |" in found
    assert "## Failed runs" in found and "ValueError: boom" in found
    for heading in ("Findings", "How to read this page", "The article's claims",
                    "What was run"):  # fmt: skip
        assert f"\n## {heading}\n" in found
    assert "$" not in found


def findings_of(found):
    part = found.split("## Findings\n\n", 1)[1].split("\n\n", 1)[0]
    return part.splitlines()


def test_findings_come_first_a_line_each_experiment_4_first(tmp_path):
    made = FIXED + experiment4_runs([1.0] * 3) + padding_runs(2, 1, 3)
    found = made_up_page(tmp_path, made)
    assert found.index("## Findings") < found.index("## How to read this page")
    findings = findings_of(found)
    assert 1 <= len(findings) <= 15
    assert findings[0].startswith("1. **Experiment 4 needs no context")
    assert all(re.match(r"\d+\. ", line) for line in findings)


def test_controls_show_no_article_value(tmp_path):
    found = made_up_page(tmp_path, experiment4_runs([1.0] * 3))
    rows = [line for line in found.splitlines() if line.startswith("| 04 batch-1 |")]
    assert rows == [
        "| 04 batch-1 | JAX | 1..3 | 100.00% | 0.00 | 100.00% | 100.00% | 3 of 3 "
        "| 3.0 |"
    ]


def test_readme_block_is_the_claims_table_alone():
    block = page.readme_block(store.Results(runs=FIXED))
    lines = block.splitlines()
    assert lines[0] == page.README_BEGIN and lines[-1] == page.README_END
    assert all(line.startswith("|") for line in lines[1:-1])
    assert len(lines) == 2 + 2 + len(CLAIMS)
    assert "| 01 article | below 100% | 2 of 2 | not run |" in block
    readme = (
        "intro\n<!-- over seeds: older words -->\nold\n" + page.README_END + "\nend"
    )
    new = page.with_readme_block(readme, block)
    assert new == "intro\n" + block + "\nend"
    assert page.with_readme_block("no markers", block) == "no markers"


def committed_page():
    results = store.read_results(store.COMMITTED_RUNS)
    return page.page(results, store.COMMITTED_RUNS, [Path(f).name for f in FIGURES])


def test_committed_findings_are_short_and_start_with_experiment_4():
    findings = findings_of(committed_page())
    assert len(findings) <= 15
    assert findings[0].startswith("1. **Experiment 4")


def test_committed_results_page_is_what_the_runs_give(tmp_path, capsys):
    """RESULTS.md, the README's blocks, common.py's ranges and the figures
    are generated.

    ``python -m study --report`` on a copy of the checkout's committed runs,
    page, README, common.py and figures must leave every one of them as it is.
    """
    made = [Path("RESULTS.md"), Path("README.md"), Path("common.py"), *FIGURES]
    shutil.copytree(ROOT / store.RUNS_IN_ROOT, tmp_path / store.RUNS_IN_ROOT)
    for path in made:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / path, tmp_path / path)
    assert cli.report(tmp_path / store.RUNS_IN_ROOT, root=tmp_path) == 0
    written = (tmp_path / "RESULTS.md").read_text()
    for path in made:
        assert (tmp_path / path).read_bytes() == (ROOT / path).read_bytes(), (
            f"{path} is not what `python -m study --report` writes"
        )
    assert withdrawn(written) == []


# A note's "N runs of `V`, `W` (seed S) removed on DATE, re-made in FILE".
REMOVED = re.compile(
    r"(\d+) runs? of ((?:`[^`]+`(?:, )?)+)(?: \([^)]*\))? removed on \S+, "
    r"re-made in (\S+\.jsonl)"
)


def test_committed_notes_speak_only_of_runs_the_file_made():
    """Each removal a file's note names: variants its command ran, at least
    a run each, re-made in a file that holds them."""
    folder = ROOT / store.RUNS_IN_ROOT
    for path in sorted(folder.glob("*.jsonl")):
        source = json.loads(path.read_text().splitlines()[0])["source"]
        for count, names, other in REMOVED.findall(source.get("saved_as", "")):
            named = set(re.findall(r"`([^`]+)`", names))
            assert named <= set(source["variants"]), (path.name, named)
            assert int(count) >= len(named), (path.name, count, named)
            lines = (folder / other).read_text().splitlines()[1:]
            held = {" ".join(map(json.loads(line).get, ("experiment", "variant")))
                    for line in lines}  # fmt: skip
            assert named <= held, (path.name, other)


def test_committed_run_files_say_how_they_were_made():
    for path in sorted((ROOT / store.RUNS_IN_ROOT).glob("*.jsonl")):
        source = json.loads(path.read_text().splitlines()[0])["source"]
        assert source.get("complete") is not False or sources.planned(source), path
