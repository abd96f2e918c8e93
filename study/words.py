"""Numbers as the page and the terminal write them: counts, p, percentages.

Small, shared wording: ``held_text(28, 30)`` is "holds at 28 of 30 seeds",
``p_text(0.0474)`` is "p = 0.047". The page's sentences are in page.md;
these are the pieces they are filled with.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from study.stats import Comparison, Paired

NAMES = {"tensorflow": "TensorFlow", "jax": "JAX"}


def held_text(held: int, total: int) -> str:
    """A count of seeds as a verdict: every seed, k of N, or none."""
    if total and held == total:
        return f"holds at every seed ({held} of {total})"
    if held == 0:
        return f"holds at no seed (0 of {total})"
    return f"holds at {held} of {total} seeds"


def p_text(p: float) -> str:
    """p as printed: ``p < 0.001``, ``p = 0.047`` or ``p = 0.34``.

    Three decimals below 0.1, so that a p just under the threshold does not
    read as 0.05. Where the page's tests are known, the p adjusted over
    them (stats.HOLM) follows: ``p = 0.014, adjusted = 0.31``.
    """
    adjusted = getattr(p, "adjusted", None)
    raw = _p(float(p))
    if adjusted is None:
        return raw
    return f"{raw}, adjusted {_p(adjusted).removeprefix('p ')}"


def _p(p: float) -> str:
    """One p: ``p < 0.001``, ``p = 0.047`` or ``p = 0.34``."""
    if p < 0.001:
        return "p < 0.001"
    return f"p = {p:.3f}" if p < 0.1 else f"p = {p:.2f}"


def pct(value: float) -> str:
    """A percentage with two decimals, as the scripts print accuracy."""
    return f"{value:.2f}%"


def points(value: float) -> str:
    """A difference of percentages, signed: ``-1.39 points``."""
    return f"{value:+.2f} points"


def number(value: int) -> str:
    """A count with thousands separators: ``125,000``."""
    return f"{value:,}"


def seeds_text(seeds: Iterable[int]) -> str:
    """``1..30`` for a contiguous range, else the seeds listed."""
    found = sorted(seeds)
    if not found:
        return "none"
    if found == list(range(found[0], found[-1] + 1)) and len(found) > 2:
        return f"{found[0]}..{found[-1]}"
    return ", ".join(map(str, found))


def listed(items: Sequence[str], last: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def ranked(counts: Mapping[str, int]) -> list[tuple[str, int]]:
    """Most first, ties in alphabetical order: the same page every time."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def of(k: int, n: int) -> str:
    """``3 of 30``."""
    return f"{k} of {n}"


def compared(c: Comparison | None) -> str:
    """A comparison in words: verdict, means, seeds, test and p."""
    if c is None:
        return "not run"
    if nothing := nothing_to_test(c):
        return nothing
    return (
        f"**{c.verdict}** (means {pct(c.mean_a)} and {pct(c.mean_b)}, "
        f"{len(c.a)} and {len(c.b)} seeds, {c.test} {p_text(c.p)})"
    )


def verdict_text(c: Comparison | Paired | None) -> str:
    """A comparison whose means and seeds a table beside it shows: verdict,
    and the p of the test it had (named)."""
    if c is None:
        return "not run"
    return nothing_to_test(c) or f"**{c.verdict}** ({c.test} {p_text(c.p)})"


def verdict_brief(c: Comparison | Paired) -> str:
    """``lower (Wilcoxon p < 0.001)``: verdict, test and p, unmarked, for a
    finding line."""
    return nothing_to_test(c) or f"{c.verdict} ({c.test} {p_text(c.p)})"


def nothing_to_test(c: Comparison | Paired) -> str:
    """What is said where there is no test to run, else "": every value of
    both sides one value (``100.00% at every seed on both``), or every pair
    equal (``equal at 5 of 5 pairs``)."""
    if isinstance(c, Paired):
        if c.equal != len(c.pairs):
            return ""
        return f"equal at {c.equal} of {c.equal} pairs (nothing to test)"
    values = {*c.a, *c.b}
    if len(values) != 1:
        return ""
    seeds = f"{len(c.a)} and {len(c.b)} seeds"
    return f"{pct(values.pop())} at every seed on both ({seeds})"


def pairs_text(pairs: Paired | None) -> str:
    """Paired runs in words: higher, equal, lower, mean difference, test."""
    if pairs is None:
        return "no seeds in common"
    if nothing := nothing_to_test(pairs):
        return nothing
    return (
        f"higher at {pairs.higher}, equal at {pairs.equal}, lower at "
        f"{pairs.lower} of {len(pairs.pairs)} pairs, mean difference "
        f"{points(pairs.mean_difference)} (**{pairs.verdict}**, {pairs.test} "
        f"{p_text(pairs.p)})"
    )


def table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    """A markdown table, one row a line."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return lines


def wide_table(
    corner: str,
    columns: Sequence[object],
    rows: Sequence[tuple[str, Sequence[object]]],
    per_table: int = 0,
) -> list[str]:
    """A table with a column per item (seeds, letters) and a row per measure.

    ``per_table``: at most this many columns a table, the rest in tables
    below (0: one table).
    """
    size = per_table or len(columns) or 1
    out: list[str] = []
    for start in range(0, len(columns), size):
        part = slice(start, start + size)
        out += [*(["" ] if out else []),
                *table([corner, *map(str, columns[part])],
                       [[name, *values[part]] for name, values in rows])]  # fmt: skip
    return out
