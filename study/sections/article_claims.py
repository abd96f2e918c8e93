"""The article's claims, held at how many seeds: the page's and the README's.

``claims_table`` is the one table of the claims; the page shows it with
what each claim means, the README's generated block shows it alone.
"""

from __future__ import annotations

import inspect

from study.claims import ARTICLE_ACCURACY
from study.experiments.experiment6 import LEARNED_WELL, LEARNED_WELL_SEEDS, NEAR_POINTS
from study.groups import Groups
from study.registry import CLAIMS
from study.scripts import load_script
from study.template import PAGE
from study.words import NAMES, listed, of, pct, seeds_text, table


def claims_table(data: Groups) -> list[str]:
    """Every claim, per backend: held at how many seeds (or not run)."""
    rows = []
    for claim in CLAIMS:
        cells = []
        for backend in NAMES:
            held, total = data.held(claim.id, backend)
            cells.append(of(held, total) if total else "not run")
        rows.append([f"{claim.experiment} {claim.variant}", claim.label, *cells])
    header = [f"{name}: holds at" for name in NAMES.values()]
    return table(["run", "claim", *header], rows)


def threshold_text(data: Groups) -> tuple[str, str]:
    """The 06 threshold: the lowest of the seeds it was set from, and its
    counts on the other seeds, per backend."""
    lowest, later = [], []
    for backend in data.backends("06 article"):
        runs = data.runs("06 article", backend)
        first = [r.accuracy for s, r in runs.items() if s in LEARNED_WELL_SEEDS]
        rest = [r.accuracy for s, r in runs.items() if s not in LEARNED_WELL_SEEDS]
        if first:
            lowest.append(f"{pct(min(first) * 100)} on {NAMES[backend]}")
        if rest:
            held = sum(a >= LEARNED_WELL for a in rest)
            later.append(f"{of(held, len(rest))} on {NAMES[backend]}")
    return listed(lowest) or "not run", listed(later) or "not run"


def section(data: Groups) -> list[str]:
    """The claims table, and what each claim means, as checked."""
    lowest, later = threshold_text(data)
    return PAGE.lines(
        "claims",
        table="\n".join(claims_table(data)),
        article_seed=inspect.signature(load_script("01").run)
        .parameters["seed"]
        .default,
        n_random=load_script("04").N_RANDOM,
        near=f"{NEAR_POINTS:g}",
        article_06=pct(ARTICLE_ACCURACY["06"]),
        learned_well=f"{LEARNED_WELL:.0%}",
        threshold_seeds=seeds_text(LEARNED_WELL_SEEDS),
        threshold_lowest=lowest,
        threshold_later=later,
    )


def tally(counts: list[tuple[str, int, int]]) -> str:
    """``TensorFlow 17, JAX 15 of 30``, or each with its own N where they differ."""
    if len({n for _, _, n in counts}) == 1:
        said = ", ".join(f"{NAMES[b]} {k}" for b, k, _ in counts)
        return f"{said} of {counts[0][2]}"
    return ", ".join(f"{NAMES[b]} {of(k, n)}" for b, k, n in counts)


def finding(data: Groups) -> str:
    """How many of the article's claims (at its own settings; the controls'
    checks apart) hold at every seed on every backend, and the rest."""
    always, partly = 0, []
    claims = [claim for claim in CLAIMS if claim.variant == "article"]
    for claim in claims:
        counts = [
            (b, *data.held(claim.id, b)) for b in NAMES if data.held(claim.id, b)[1]
        ]
        if counts and all(k == n for _, k, n in counts):
            always += 1
        elif counts:
            partly.append(f"{claim.experiment} {claim.label} ({tally(counts)})")
    controls = sorted(
        {f"`{c.experiment} {c.variant}`" for c in CLAIMS}
        - {f"`{c.experiment} {c.variant}`" for c in claims}
    )
    return PAGE.phrase(
        "finding-claims",
        always=always,
        total=len(claims),
        partly="; ".join(partly) or "none",
        controls=listed(controls),
    )
