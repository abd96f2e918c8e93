"""The article's own Keras calls (--plain) against the fast training.

Runs made both ways at the same seeds are compared as pairs. A pair is
*identical* when both runs give the same accuracy and every prediction the
same; where pairs differ, the Wilcoxon signed-rank test says whether plain
leans one way, and the candidate causes are printed as untested until a
control separates them.
"""

from __future__ import annotations

import common
from study.explain import Explanation
from study.groups import Groups
from study.registry import VARIANTS
from study.experiments import training_order
from study.shared import identical_runs, length_table
from study.stats import Paired, paired
from study.template import PAGE
from study.words import NAMES, listed, of, pairs_text, pct, seeds_text, wide_table

ARTICLE = "06 article"
SEEDS_PER_TABLE = 10


def plain_groups(data: Groups) -> list[tuple[str, str]]:
    """(label, backend) of every variant run plain, in the table's order."""
    return [
        (v.label, b)
        for v in VARIANTS
        for b in common.SUPPORTED_BACKENDS
        if data.runs(v.label, b, plain=True)
    ]


def plain_pairs(data: Groups, label: str, backend: str) -> Paired | None:
    """Plain against fast accuracy, seed by seed."""
    return paired(data.scores(label, backend, plain=True), data.scores(label, backend))


def identical(data: Groups, label: str, backend: str) -> tuple[int, int]:
    """(pairs identical, pairs): seeds run both ways."""
    plain = data.runs(label, backend, plain=True)
    return identical_runs(plain, data.runs(label, backend))


def all_identical(data: Groups, label: str, backend: str) -> bool:
    """Plain and fast identical at every seed run both ways (at least one)."""
    same, pairs = identical(data, label, backend)
    return pairs > 0 and same == pairs


def seed_tables(data: Groups) -> list[str]:
    """Accuracy seed by seed, a column per seed, where some pair differs."""
    out: list[str] = []
    for label, b in plain_groups(data):
        if all_identical(data, label, b):
            continue
        found = {"fast": data.scores(label, b),
                 "plain": data.scores(label, b, plain=True)}  # fmt: skip
        seeds = sorted(found["plain"])
        rows = [
            (name, [f"{v[s]:.2f}" if s in v else "-" for s in seeds])
            for name, v in found.items()
        ]
        out += [*([""] if out else []), f"`{label}`, {NAMES[b]}, accuracy (%):", ""]
        out += wide_table("seed", seeds, rows, per_table=SEEDS_PER_TABLE)
    return out


def same_lines(data: Groups) -> list[str]:
    """Per backend, the variants whose plain and fast runs are identical."""
    found = []
    for b in NAMES:
        same = [
            label
            for label, g in plain_groups(data)
            if g == b and all_identical(data, label, b)
        ]
        if not same:
            continue
        scores = [data.scores(label, b, plain=True) for label in same]
        values = [
            f"`{label}` (seeds {seeds_text(s)})"
            for label, s in zip(same, scores, strict=True)
        ]
        pairs = sum(map(len, scores))
        found.append(PAGE.phrase("plain-same", runs=listed(values), backend=NAMES[b],
                            same=of(pairs, pairs)))  # fmt: skip
    return found


def pair_lines(data: Groups) -> list[str]:
    """Plain against fast for each variant where some pair differs."""
    found = []
    for label, b in plain_groups(data):
        if all_identical(data, label, b):
            continue
        same, pairs = identical(data, label, b)
        found.append(
            f"- `{label}`, {NAMES[b]}, plain against fast: "
            + pairs_text(plain_pairs(data, label, b))
            + f"; identical runs: {of(same, pairs)}"
        )
    return found


def outside(data: Groups) -> list[str]:
    """Plain runs outside the range of the fast runs of their variant."""
    found = []
    for label, b in plain_groups(data):
        fast = data.accuracies(label, b)
        found += [
            f"`{label}` on {NAMES[b]}, seed {seed}: {pct(value)}"
            for seed, value in data.scores(label, b, plain=True).items()
            if fast and not min(fast) <= value <= max(fast)
        ]
    return found


def misses_rows(data: Groups, backend: str) -> list[tuple[str, list]]:
    """06's misses by length: fast and plain at the seeds run both ways."""
    plain = data.runs(ARTICLE, backend, plain=True)
    fast = data.runs(ARTICLE, backend)
    seeds = [s for s in plain if s in fast]
    rows = [
        (f"fast, seeds {seeds_text(seeds)}", [fast[s] for s in seeds]),
        (f"plain, seeds {seeds_text(seeds)}", [plain[s] for s in seeds]),
    ]
    control = training_order.control_of(ARTICLE)
    if (ordered := data.runs(control, backend)) and all(s in ordered for s in seeds):
        name = f"`{control}`, seeds {seeds_text(seeds)}"
        rows.append((name, [ordered[s] for s in seeds]))
    return rows


def article_pairs(data: Groups, backend: str) -> tuple[bool, dict[str, str]] | None:
    """06's pairs on one backend: all identical?, and the values the page
    prints of them; None where no seed was run both ways."""
    same, pairs = identical(data, ARTICLE, backend)
    if not pairs:
        return None
    values = {"backend": NAMES[backend], "same": of(same, pairs)}
    if same != pairs:
        values["plain"] = pairs_text(plain_pairs(data, ARTICLE, backend))
    return same == pairs, values


def differing(data: Groups, backend: str) -> list[str]:
    """The variants whose plain and fast runs differ at some seed on a backend."""
    return [
        label
        for label, b in plain_groups(data)
        if b == backend and not all_identical(data, label, b)
    ]


def section(data: Groups) -> list[str]:
    """Seed by seed, the pairs, 06's misses, what they show."""
    if not plain_groups(data):
        return []
    misses, readings = [], []
    if differ := differing(data, training_order.BACKEND):
        readings.append(training_order.explanation(data, differ).render())
        if (rest := training_order.rest(data, differ)) is not None:
            readings.append(rest.render())
    for b in data.backends(ARTICLE, plain=True):
        found = article_pairs(data, b)
        if found is None or not found[0]:
            misses += [f"{NAMES[b]}:", "", *length_table(misses_rows(data, b)), ""]
        if found is not None and not found[0] and b != training_order.BACKEND:
            why = PAGE.phrase(f"why-plain-differ-{b}", **found[1])
            readings.append(Explanation(why).render())
    far = outside(data)
    table = "\n".join(seed_tables(data))
    return PAGE.lines(
        "plain",
        same="\n".join(same_lines(data)),
        table=PAGE.phrase("plain-differ", table=table) if table else "",
        pairs="\n".join(pair_lines(data)),
        outside=PAGE.phrase("plain-outside", count=len(far), which="; ".join(far))
        if far
        else "",
        misses=PAGE.phrase("plain-misses", misses="\n".join(misses).rstrip())
        if misses
        else "",
        readings="\n\n".join(readings),
    )


def finding(data: Groups) -> str:
    """Plain against fast for experiment 6, per backend."""
    found = []
    for b in data.backends(ARTICLE, plain=True):
        if (pairs := article_pairs(data, b)) is not None:
            same, values = pairs
            if same:
                found.append(PAGE.phrase("finding-plain-identical", **values))
                continue
            why = None
            if b == training_order.BACKEND:
                why = training_order.finding(data, differing(data, b))
            why = why or PAGE.phrase("finding-plain-differ-untested")
            found.append(PAGE.phrase("finding-plain-differ", why=why, **values))
    if not found:
        return PAGE.phrase("finding-plain-none")
    later = [reading[:1].upper() + reading[1:] for reading in found[1:]]
    return PAGE.phrase("finding-plain", readings=" ".join([found[0], *later]))
