"""TensorFlow against JAX, variant by variant, where both ran."""

from __future__ import annotations

from study.groups import Groups
from study.stats import Comparison, compare
from study.template import PAGE
from study.words import nothing_to_test, p_text, pct, table
from study.registry import VARIANTS


def comparisons(data: Groups) -> list[tuple[str, Comparison]]:
    """(label, JAX against TensorFlow) of every variant run on both."""
    found = []
    for v in VARIANTS:
        c = compare(
            data.accuracies(v.label, "jax"), data.accuracies(v.label, "tensorflow")
        )
        if c is not None:
            found.append((v.label, c))
    return found


def section(data: Groups) -> list[str]:
    """A row per variant run on both backends: means, seeds, verdict, p."""
    rows = [
        [f"`{label}`", pct(c.mean_b), pct(c.mean_a), f"{len(c.b)} and {len(c.a)}",
         nothing_to_test(c) or f"**{c.verdict}** ({p_text(c.p)})"]
        for label, c in comparisons(data)
    ]  # fmt: skip
    header = [
        "run",
        "TensorFlow: mean",
        "JAX: mean",
        "seeds",
        "JAX against TensorFlow (Mann-Whitney)",
    ]
    return PAGE.lines("backends", table="\n".join(table(header, rows)))


def finding(data: Groups) -> str:
    """How many variants differ between the backends, with the p range."""
    found = [(label, c) for label, c in comparisons(data) if not nothing_to_test(c)]
    differ = [f"`{label}` ({c.verdict} on JAX, {p_text(c.p)})" for label, c in found
              if c.verdict != "no difference shown"]  # fmt: skip
    ps = [c.p for _, c in found]
    return PAGE.phrase(
        "finding-backends",
        differ=len(differ),
        total=len(found),
        which="; ".join(differ) or "none",
        lowest=p_text(min(ps)) if ps else "-",
    )
