"""TensorFlow against JAX, variant by variant, where both ran."""

from __future__ import annotations

from study.groups import Groups
from study.registry import VARIANTS
from study.shared import test_of
from study.stats import Comparison
from study.template import PAGE
from study.words import listed, nothing_to_test, p_text, pct, table


def comparisons(data: Groups) -> list[tuple[str, Comparison]]:
    """(label, JAX against TensorFlow) of every variant run on both.

    Tested by the page's rule (shared.test_of): two backends, two groups.
    """
    found = []
    for v in VARIANTS:
        c = test_of(data, v.label, v.label, "jax", other_backend="tensorflow")
        if isinstance(c, Comparison):
            found.append((v.label, c))
    return found


def section(data: Groups) -> list[str]:
    """A row per variant run on both backends: means, seeds, verdict, p."""
    found = comparisons(data)
    rows = [
        [f"`{label}`", pct(c.mean_b), pct(c.mean_a), f"{len(c.b)} and {len(c.a)}",
         nothing_to_test(c) or f"**{c.verdict}** ({p_text(c.p)})"]
        for label, c in found
    ]  # fmt: skip
    tests = listed(sorted({c.test for _, c in found}))
    header = ["run", "TensorFlow: mean", "JAX: mean", "seeds",
              f"JAX against TensorFlow ({tests})"]  # fmt: skip
    return PAGE.lines("backends", table="\n".join(table(header, rows)))


def finding(data: Groups) -> str:
    """How many variants ran on both, how many could be tested, and how
    many of those differ between the backends, with the lowest p."""
    both = comparisons(data)
    found = [(label, c) for label, c in both if not nothing_to_test(c)]
    untested = {v for _, c in both if nothing_to_test(c) for v in (*c.a, *c.b)}
    differ = [f"`{label}` ({c.verdict} on JAX, {p_text(c.p)})" for label, c in found
              if c.verdict != "no difference shown"]  # fmt: skip
    ps = [c.p for _, c in found]
    return PAGE.phrase(
        "finding-backends",
        total=len(both),
        untested=len(both) - len(found),
        value=listed([pct(v) for v in sorted(untested)]) or "-",
        testable=len(found),
        differ=len(differ),
        which="; ".join(differ) or "none",
        lowest=p_text(min(ps)) if ps else "-",
    )
