"""Helpers the sections share: counts per backend, comparisons in words.

Used by the experiments' sections (study/experiments/) and the
cross-cutting ones (study/sections/) alike; it imports neither, so imports
between those two folders run one way (sections -> experiments).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from study.groups import Groups
from study.measures import LENGTHS, by_length
from study.record import Run
from study.stats import (
    Comparison,
    Counted,
    Paired,
    compare,
    counted_groups,
    counted_pairs,
    paired,
)
from study.template import PAGE
from study.words import (
    NAMES,
    compared,
    listed,
    of,
    pairs_text,
    table,
    verdict_brief,
    verdict_text,
)

Counts = list[tuple[str, int, int]]  # per backend with runs: (backend, k, n)


def counted(data: Groups, label: str, held: Callable[[Run], bool]) -> Counts:
    """Per backend with runs: (backend, runs where ``held``, runs)."""
    return [
        (b, sum(map(held, runs)), len(runs))
        for b in data.backends(label)
        if (runs := list(data.runs(label, b).values()))
    ]


def on_backends(counts: Counts) -> str:
    """``30 of 30 on TensorFlow, 28 of 30 on JAX``; "not run" without any."""
    if not counts:
        return "not run"
    return ", ".join(f"{of(k, n)} on {NAMES[b]}" for b, k, n in counts)


def by_label(found: Sequence[tuple[str, Counts]]) -> str:
    """Counts of several variants: ``a 11 of 30 and b 19 of 30, on JAX``.

    Said once where every variant ran on the same single backend, else per
    variant and backend.
    """
    found = [(label, counts) for label, counts in found if counts]
    backends = {b for _, counts in found for b, _, _ in counts}
    if len(backends) == 1 and all(len(counts) == 1 for _, counts in found):
        said = listed([f"`{label}` {of(k, n)}" for label, [(_, k, n)] in found])
        return f"{said}, on {NAMES[backends.pop()]}"
    return "; ".join(f"`{label}` {on_backends(counts)}" for label, counts in found)


def perfect_counts(data: Groups, label: str, section: str = "") -> Counts:
    """Per backend: (backend, seeds at 100%, seeds), training or a section."""
    return [
        (b, *data.perfect(label, b, section))
        for b in data.backends(label)
        if data.perfect(label, b, section)[1]
    ]


def all_perfect(data: Groups, labels: Sequence[str]) -> bool:
    """Every run of every label at 100%, on each backend it ran on (and some)."""
    counts = [c for label in labels for c in perfect_counts(data, label)]
    return bool(counts) and all(k == n for _, k, n in counts)


def as_pairs(
    a: Mapping[int, object], b: Mapping[int, object], same_backend: bool
) -> bool:
    """The page's one rule: two variants are tested as pairs where both have
    runs at the same seeds on one backend, else as two groups.

    Runs of one seed need not be independent: the seed may draw some of the
    same data, weights or orders for both (two settings of one script, and
    layers of one shape in two scripts' models), which a test of two groups
    assumes away and a test of pairs does not need. On two backends a seed
    draws other numbers: two groups. Stated once on the page, in page.md's
    "How to read this page".
    """
    return same_backend and bool(a.keys() & b.keys())


def test_of(
    data: Groups,
    first: str,
    second: str,
    backend: str,
    section: str = "",
    other_backend: str | None = None,
) -> Comparison | Paired | None:
    """``first`` against ``second``, tested by the page's rule (``as_pairs``):
    as pairs, seed by seed (Wilcoxon), or as two groups (Mann-Whitney).

    ``other_backend``: ``second``'s runs on that backend. None where either
    has no runs.
    """
    other = other_backend or backend
    a = data.scores(first, backend, section)
    b = data.scores(second, other, section)
    if not a or not b:
        return None
    if as_pairs(a, b, other == backend):
        return paired(a, b)
    return compare(list(a.values()), list(b.values()))


def count_test(
    data: Groups, first: str, second: str, backend: str, held: Callable[[Run], bool]
) -> Counted | None:
    """Runs where ``held``, ``first`` against ``second`` on one backend, by the
    page's rule (``as_pairs``): McNemar for pairs, else Fisher."""
    a = {s: held(r) for s, r in data.runs(first, backend).items()}
    b = {s: held(r) for s, r in data.runs(second, backend).items()}
    if as_pairs(a, b, same_backend=True):
        return counted_pairs(a, b)
    return counted_groups(list(a.values()), list(b.values()))


def versus(
    data: Groups,
    first: str,
    second: str,
    backend: str,
    section: str = "",
    other_backend: str | None = None,
) -> str:
    """``first`` against ``second`` in words (``test_of``); "not run"."""
    c = test_of(data, first, second, backend, section, other_backend)
    return pairs_text(c) if isinstance(c, Paired) else compared(c)


def verdict(
    data: Groups, first: str, second: str, backend: str, section: str = ""
) -> str:
    """``first`` against ``second``: verdict and p only (a table shows means)."""
    return verdict_text(test_of(data, first, second, backend, section))


def verdict_words(
    data: Groups, first: str, second: str, backend: str, section: str = ""
) -> str | None:
    """``lower (p < 0.001)``: ``first`` against ``second`` for a finding line.

    None where either has no runs on ``backend``.
    """
    c = test_of(data, first, second, backend, section)
    return None if c is None else verdict_brief(c)


def comparison_lines(
    data: Groups,
    pairs: Sequence[tuple[str, str]],
    section: str = "",
    short: bool = False,
) -> list[str]:
    """A list item per (variant, against) and backend where the variant ran.

    ``short``: verdict and p only, where a table beside shows the means.
    """
    said = verdict if short else versus
    return [
        f"- `{first}` against `{second}`, {NAMES[backend]}: "
        + said(data, first, second, backend, section)
        for first, second in pairs
        for backend in data.backends(first)
    ]


def not_run_yet(labels: Sequence[str]) -> str:
    """A sentence for variants with no runs yet."""
    return PAGE.phrase("not-run-yet", runs=listed([f"`{label}`" for label in labels]))


def length_table(rows: Sequence[tuple[str, Iterable[Run]]]) -> list[str]:
    """Misses by input length: a row per (name, runs); cells as the legend."""
    out = []
    for name, runs in rows:
        c = by_length(runs)
        if not c.runs:
            continue
        cells = [f"{c.missed[n]}/{c.total[n]} ({c.inputs[n]})" for n in LENGTHS]
        cells.append(
            f"{sum(c.missed.values())}/{sum(c.total.values())} "
            f"({sum(c.inputs.values())})"
        )
        out.append([name, c.runs, *cells])
    header = ["run", "seeds", *(f"{n} letter{'s' * (n > 1)}" for n in LENGTHS), "all"]
    return table(header, out)


def same_in(one: Run, other: Run, sections: set[str]) -> bool:
    """The same accuracy and the same predictions in each of ``sections``."""
    return one.accuracy == other.accuracy and all(
        one.predictions.get(k) == other.predictions.get(k) for k in sections
    )


def same_run(one: Run, other: Run) -> bool:
    """The same accuracy and every prediction the same."""
    return same_in(one, other, set(one.predictions) | set(other.predictions))


def identical_runs(one: dict[int, Run], other: dict[int, Run]) -> tuple[int, int]:
    """(pairs identical, pairs) over the seeds run both ways."""
    seeds = [s for s in one if s in other]
    return sum(same_run(one[s], other[s]) for s in seeds), len(seeds)
