"""The terminal summary of runs: a row per variant and backend, in 80 columns.

``terminal_summary`` prints the runs with each claim counted over the
seeds (``claim_counts``); ``python -m study`` prints it after running and
after ``--report``. RESULTS.md is written from the same runs by page.py.
Nothing here runs a model or imports Keras.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Any

import common
from study.claims import ARTICLE_ACCURACY, Verdict, claim_verdicts
from study.groups import Groups
from study.record import Run
from study.stats import sample_sd
from study.registry import CLAIMS, VARIANTS
from study.words import held_text

Key = tuple[str, str, str]  # (experiment, variant, backend)


def claim_counts(runs: Sequence[Run]) -> dict[Key, list[str]]:
    """For each (experiment, variant, backend), claims as ``label k/N``.

    N counts the seeds where the claim could be checked (the run and any
    run it is compared with finished); k those where it held.
    """
    return _claim_texts(claim_verdicts(runs, CLAIMS))


def _claim_texts(verdicts: Sequence[Verdict]) -> dict[Key, list[str]]:
    """``claim_counts`` from verdicts already checked (claim_verdicts' order)."""
    tallies: dict[tuple[str, str], list[Verdict]] = {}
    for verdict in verdicts:
        tallies.setdefault((verdict.claim.id, verdict.backend), []).append(verdict)
    out: dict[Key, list[str]] = {}
    for found in tallies.values():
        first = found[0]
        held = sum(v.held for v in found)
        out.setdefault((*first.claim.key, first.backend), []).append(
            f"{first.claim.label}: {held_text(held, len(found))}"
        )
    return out


def summary_rows(runs: Sequence[Run]) -> list[dict[str, Any]]:
    """One row per (experiment, variant, backend) with runs: the table."""
    groups = Groups(runs, CLAIMS)
    claims = _claim_texts(groups.verdicts)
    rows = []
    for v in VARIANTS:
        for backend in common.SUPPORTED_BACKENDS:
            done = list(groups.runs(v.label, backend).values())
            failed = groups.failed_count(v.label, backend)
            if not done and not failed:
                continue
            accs = [r.accuracy * 100 for r in done]
            seeds = [r.seed for r in done]
            rows.append(
                {
                    "experiment": v.experiment,
                    "variant": v.name,
                    "backend": backend,
                    "article": ARTICLE_ACCURACY[v.experiment],
                    "runs": len(done),
                    "seeds": f"{seeds[0]}..{seeds[-1]}" if seeds else "-",
                    "failed": failed,
                    "mean": statistics.fmean(accs) if accs else None,
                    "sd": sample_sd(accs),
                    "min": min(accs) if accs else None,
                    "max": max(accs) if accs else None,
                    "claims": claims.get((v.experiment, v.name, backend), []),
                    "median_seconds": (
                        statistics.median(r.seconds for r in done) if done else None
                    ),
                }
            )
    return rows


def scale_note(epochs_scale: float) -> str:
    """Words for a run whose epochs were scaled; empty at the article's."""
    if epochs_scale == 1:
        return ""
    return (
        f"training cut to {epochs_scale:.0%} of the article's epochs: "
        "accuracies are not comparable with the article's"
        if epochs_scale < 1
        else f"training at {epochs_scale:g}x the article's epochs"
    )


def terminal_summary(runs: Sequence[Run], epochs_scale: float = 1.0) -> str:
    """The summary for a terminal (under 80 columns): a row per variant and
    backend, each article claim's count under its row.

    Accuracy is over the training inputs, in percent; sd is the sample
    standard deviation over seeds (n - 1), said in the heading.
    """
    fast = [r for r in runs if not r.plain]
    note = scale_note(epochs_scale)
    lines = [
        "Training accuracy over seeds, % (sd: sample standard deviation)",
        *([f"NOTE: {note}"] if note else []),
        f"{'variant':<27}{'backend':<11}{'n':>3}{'mean':>7}{'sd':>6}"
        f"{'min':>7}{'max':>7}{'article':>8}",
    ]
    for row in summary_rows(fast):
        article = row["article"] if row["variant"] == "article" else None
        if row["mean"] is None:
            numbers = f"{'-':>7}{'-':>6}{'-':>7}{'-':>7}"
        else:
            numbers = (
                f"{row['mean']:>7.2f}{row['sd']:>6.2f}{row['min']:>7.2f}"
                f"{row['max']:>7.2f}"
            )
        lines.append(
            f"{row['experiment'] + ' ' + row['variant']:<27}{row['backend']:<11}"
            f"{row['runs']:>3}{numbers}"
            + (f"{article:>8.2f}" if article is not None else f"{'-':>8}")
        )
        if row["failed"]:
            lines.append(f"    {row['failed']} run(s) failed")
        for claim in row["claims"]:
            lines.append(f"    claim: {claim}")
    return "\n".join(lines)
