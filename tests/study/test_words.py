"""words.py: counts, p and tables as the page and the terminal write them."""

from study import words
from study.stats import compare, paired


def test_words_for_counts_and_p():
    assert words.held_text(30, 30) == "holds at every seed (30 of 30)"
    assert words.held_text(0, 30) == "holds at no seed (0 of 30)"
    assert words.held_text(28, 30) == "holds at 28 of 30 seeds"
    assert words.p_text(0.0004) == "p < 0.001"
    assert words.p_text(0.0042) == "p = 0.004"
    assert words.p_text(0.0474) == "p = 0.047"  # not "0.05"
    assert words.p_text(0.342) == "p = 0.34"
    assert words.seeds_text([1, 2, 3, 4]) == "1..4"
    assert words.seeds_text([1, 3]) == "1, 3"
    assert words.listed(["a", "b", "c"]) == "a, b and c"
    assert words.ranked({"B": 2, "A": 2, "C": 3}) == [("C", 3), ("A", 2), ("B", 2)]


def test_a_comparison_and_pairs_in_words():
    c = compare([100.0] * 5, [80.0, 84.0, 76.0, 80.0, 88.0])
    assert words.compared(c) == (
        "**higher** (means 100.00% and 81.60%, 5 and 5 seeds, Mann-Whitney p = 0.007)"
    )
    assert words.verdict_text(c) == "**higher** (Mann-Whitney p = 0.007)"
    assert words.verdict_brief(c) == "higher (Mann-Whitney p = 0.007)"
    assert words.compared(None) == "not run"
    pairs = paired({1: 97.0, 2: 98.0}, {1: 97.0, 2: 99.0})
    assert words.pairs_text(pairs) == (
        "higher at 0, equal at 1, lower at 1 of 2 pairs, mean difference -0.50 points "
        "(**no difference shown**, Wilcoxon p = 1.00)"
    )
    assert words.verdict_text(pairs) == "**no difference shown** (Wilcoxon p = 1.00)"
    assert words.verdict_brief(pairs) == "no difference shown (Wilcoxon p = 1.00)"


def test_a_wide_table_splits_its_columns():
    lines = words.wide_table("seed", [1, 2, 3], [("fast", [97, 98, 99])], per_table=2)
    assert lines == [
        "| seed | 1 | 2 |", "|---|---|---|", "| fast | 97 | 98 |", "",
        "| seed | 3 |", "|---|---|", "| fast | 99 |",
    ]  # fmt: skip


def test_p_is_printed_raw_and_adjusted():
    from study.stats import PValue

    assert words.p_text(PValue(0.014, 0.31)) == "p = 0.014, adjusted = 0.31"
    assert words.p_text(PValue(0.0002, 0.0004)) == "p < 0.001, adjusted < 0.001"
    assert words.p_text(0.047) == "p = 0.047"


def test_all_at_100_on_both_reads_so_not_as_a_p():
    from study.stats import compare, paired

    assert words.compared(compare([100.0] * 3, [100.0] * 4)) == (
        "100.00% at every seed on both (3 and 4 seeds)"
    )
    same = paired({1: 98.0, 2: 99.0}, {1: 98.0, 2: 99.0})
    assert words.pairs_text(same) == "equal at 2 of 2 pairs (nothing to test)"
