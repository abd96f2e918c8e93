"""The article's own Keras calls (--plain) against the fast training.

Runs made both ways at the same seeds are compared as pairs. For
experiment 6 a control, ``06 not-unrolled`` (the fast training with the
LSTM not unrolled: the same computation, another order of floating-point
operations), tells a rounding difference from a real one: ``reading``
picks what the pairs show.
"""

from __future__ import annotations

import itertools

from study.explain import Explanation
from study.groups import Groups
from study.sections.experiment6 import length_table
from study.sections.shared import phrase
from study.stats import ALPHA, Paired, mann_whitney_p, paired
from study.template import lines
from study.words import (
    NAMES,
    listed,
    of,
    p_text,
    pairs_text,
    pct,
    seeds_text,
    wide_table,
)

ARTICLE, CONTROL = "06 article", "06 not-unrolled"
NONE = "no difference shown"
SEEDS_PER_TABLE = 10
# The drift of the two training paths, measured by a script of its own and
# saved beside the runs (the page quotes it and checks its explanation).
DRIFT_FILE = "study/runs/divergence.txt"
DRIFT_COMMAND = "KERAS_BACKEND=jax python benchmarks/divergence.py --epochs 3 30 100"
# "About as far": the nudged run's drift within this factor of the paths'.
DRIFT_FACTOR = 2


def plain_pairs(data: Groups, label: str, backend: str) -> Paired | None:
    """Plain against fast, seed by seed."""
    return paired(data.scores(label, backend, plain=True), data.scores(label, backend))


def control_pairs(data: Groups, backend: str, plain: bool = False) -> Paired | None:
    """The not-unrolled control against the fast runs (or the plain ones)."""
    return paired(
        data.scores(CONTROL, backend), data.scores(ARTICLE, backend, plain=plain)
    )


def reading(data: Groups, backend: str) -> tuple[str, dict[str, str]]:
    """What the 06 pairs show: a case of page.md, and its values.

    "identical": the control gives the plain runs' accuracy at every seed
    both ran; "rounding": plain shows no direction, and the control's
    differences from fast are as frequent and as large (Mann-Whitney on
    |difference|, p >= ALPHA); "unexplained": plain has a direction, the
    control none; "neither": anything else; "-untested" cases: the control
    is not run yet.
    """
    plain = plain_pairs(data, ARTICLE, backend)
    if plain is None:
        return "none", {}
    control = control_pairs(data, backend)
    values = {
        "control": CONTROL,
        "backend": NAMES[backend],
        "plain": pairs_text(plain),
        "verdict": plain.verdict,
    }
    if control is None:
        return ("direction-untested" if plain.verdict != NONE else "untested"), values
    sizes_p = mann_whitney_p(plain.sizes, control.sizes)
    same = control_pairs(data, backend, plain=True)
    values |= {
        "same": of(same.equal, len(same.pairs)) if same else "-",
        "control_pairs": pairs_text(control),
        "plain_differ": of(plain.higher + plain.lower, len(plain.pairs)),
        "control_differ": of(control.higher + control.lower, len(control.pairs)),
        "sizes": p_text(sizes_p),
    }
    if same is not None and same.equal == len(same.pairs):
        return "identical", values
    if plain.verdict == NONE and sizes_p >= ALPHA:
        return "rounding", values
    if plain.verdict != NONE and control.verdict == NONE:
        return "unexplained", values
    return "neither", values


def reading_text(data: Groups, backend: str) -> str:
    """The reading as the page prints it (the rounding case as an Explanation)."""
    case, values = reading(data, backend)
    if case == "none":
        return ""
    if case in ("identical", "rounding"):
        return Explanation(
            phrase(f"why-plain-{case}", **values),
            runs=(CONTROL, f"{ARTICLE} --plain"),
            needs=phrase(f"needs-plain-{case}"),
            holds=True,
        ).render()
    if case == "untested":
        return Explanation(phrase("why-plain-rounding-untested", **values)).render()
    return phrase(f"plain-{case}", **values)


def all_equal(data: Groups, label: str, backend: str) -> bool:
    """Plain and fast the same at every seed run both ways."""
    pairs = plain_pairs(data, label, backend)
    return pairs is not None and pairs.equal == len(pairs.pairs)


def seed_tables(data: Groups) -> list[str]:
    """Accuracy seed by seed, a column per seed, where a pair differs.

    Per variant and backend: a row for the fast runs, one for the plain
    ones and, for experiment 6, one for the not-unrolled control.
    """
    out: list[str] = []
    for label, b in data.plain_groups():
        control = data.scores(CONTROL, b) if label == ARTICLE else {}
        if all_equal(data, label, b) and not control:
            continue
        found = {"fast": data.scores(label, b),
                 "plain": data.scores(label, b, plain=True)}  # fmt: skip
        if control:
            found["not unrolled"] = control
        seeds = sorted(set(found["plain"]) | set(control))
        rows = [
            (name, [f"{v[s]:.2f}" if s in v else "-" for s in seeds])
            for name, v in found.items()
        ]
        out += [*([""] if out else []), f"`{label}`, {NAMES[b]}, accuracy (%):", ""]
        out += wide_table("seed", seeds, rows, per_table=SEEDS_PER_TABLE)
    return out


def same_lines(data: Groups) -> list[str]:
    """Per backend, the variants plain and fast agree on at every seed."""
    found = []
    for b in NAMES:
        same = [
            label
            for label, g in data.plain_groups()
            if g == b and all_equal(data, label, b)
        ]
        if not same:
            continue
        scores = [data.scores(label, b, plain=True) for label in same]
        seeds = {seeds_text(s) for s in scores}
        values = [
            f"`{label}` ("
            + ("" if len(seeds) == 1 else f"seeds {seeds_text(s)}: ")
            + ", ".join(map(pct, s.values()))
            + ")"
            for label, s in zip(same, scores, strict=True)
        ]
        pairs = sum(map(len, scores))
        found.append(phrase(
            "plain-same", runs=listed(values), backend=NAMES[b], same=of(pairs, pairs),
            seeds=f"at seeds {seeds.pop()}" if len(seeds) == 1 else "",
        ))  # fmt: skip
    return found


def pair_lines(data: Groups) -> list[str]:
    """Plain against fast per variant that differs; the control against both."""
    found = [
        f"- `{label}`, {NAMES[b]}, plain against fast: "
        + pairs_text(plain_pairs(data, label, b))
        for label, b in data.plain_groups()
        if not all_equal(data, label, b)
    ]
    for b in data.backends(ARTICLE, plain=True):
        for plain, name in ((False, "fast"), (True, "plain")):
            pairs = control_pairs(data, b, plain=plain)
            found.append(
                f"- `{CONTROL}`, {NAMES[b]}, against {name}: "
                + (pairs_text(pairs) if pairs else "not run yet")
            )
    return found


def outside(data: Groups) -> list[str]:
    """Plain runs outside the range of the fast runs of their variant."""
    found = []
    for label, b in data.plain_groups():
        fast = data.accuracies(label, b)
        found += [
            f"`{label}` on {NAMES[b]}, seed {seed}: {pct(value)}"
            for seed, value in data.scores(label, b, plain=True).items()
            if fast and not min(fast) <= value <= max(fast)
        ]
    return found


def misses_rows(data: Groups, backend: str) -> list[tuple[str, list]]:
    """06's misses by length: fast and plain at the plain seeds; the control."""
    plain = data.runs(ARTICLE, backend, plain=True)
    fast = data.runs(ARTICLE, backend)
    control = data.runs(CONTROL, backend)
    rows = [
        (f"fast, seeds {seeds_text(plain)}", [fast[s] for s in plain if s in fast]),
        (f"plain, seeds {seeds_text(plain)}", list(plain.values())),
    ]
    if control:
        rows.append(
            (f"not unrolled, seeds {seeds_text(control)}", list(control.values()))
        )
        if set(control) != set(plain):
            rows.append((f"fast, seeds {seeds_text(control)}",
                         [fast[s] for s in control if s in fast]))  # fmt: skip
    return rows


def drift_supports(text: str) -> bool:
    """Both drifts grow with training; at the longest, within DRIFT_FACTOR."""
    rows = [
        (float(paths), float(nudged))
        for _, paths, nudged in (
            line.split() for line in text.splitlines() if line.strip()[:1].isdigit()
        )
    ]
    if not rows:
        return False
    growing = all(
        earlier < later
        for before, after in itertools.pairwise(rows)
        for earlier, later in zip(before, after, strict=True)
    )
    paths, nudged = rows[-1]
    return growing and paths / DRIFT_FACTOR <= nudged <= paths * DRIFT_FACTOR


def drift_part(drift: str) -> str:
    """The drift measurement, quoted, and the explanation it supports."""
    if not drift:
        return ""
    why = Explanation(
        phrase("why-drift"),
        runs=(DRIFT_FILE,),
        needs=phrase("needs-drift", factor=DRIFT_FACTOR),
        holds=drift_supports(drift),
    )
    return "\n".join(
        lines("plain-drift", command=DRIFT_COMMAND, file=DRIFT_FILE,
              drift=drift.rstrip(), why=why.render())
    )  # fmt: skip


def section(data: Groups, drift: str = "") -> list[str]:
    """Seed by seed, the pairs, 06's misses, what they show, the drift."""
    if not data.plain_groups():
        return []
    misses, readings = [], []
    for b in data.backends(ARTICLE, plain=True):
        misses += [f"{NAMES[b]}:", "", *length_table(misses_rows(data, b)), ""]
        readings.append(reading_text(data, b))
    far = outside(data)
    return lines(
        "plain",
        control=CONTROL,
        table="\n".join(seed_tables(data)),
        same="\n".join(same_lines(data)),
        pairs="\n".join(pair_lines(data)),
        outside=phrase("plain-outside", count=len(far), which="; ".join(far))
        if far
        else "",
        misses="\n".join(misses).rstrip(),
        readings="\n\n".join(readings),
        drift=drift_part(drift),
    )


def finding(data: Groups) -> str:
    """Plain against fast for experiment 6: the pairs and what they show."""
    found = []
    for b in data.backends(ARTICLE, plain=True):
        case, values = reading(data, b)
        if case != "none":
            found.append(phrase("finding-plain", reading=phrase(f"finding-plain-{case}",
                                **values), **values))  # fmt: skip
    return " ".join(found) or phrase("finding-plain-none")
