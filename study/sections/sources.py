"""What was run: each file of runs, how it was made; and the failed runs."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from study.groups import Groups
from study.store import Results
from study.template import PAGE
from study.words import NAMES, seeds_text, table


def planned(source: dict[str, Any]) -> int | None:
    """Runs a file's command set out to make: seeds x variants x backends.

    None where its first line does not say (older files).
    """
    try:
        first, _, last = str(source["seeds"]).partition("..")
        seeds = int(last or first) - int(first) + 1
        return seeds * len(source["variants"]) * len(source["backends"])
    except (KeyError, ValueError, TypeError):
        return None


def versions_text(found: dict[str, dict[str, str]]) -> str:
    """``python 3.11.7, keras 3.15.1, ...`` per backend, as the file says."""
    return "; ".join(
        ", ".join(f"{k} {v}" for k, v in versions.items() if k != "backend")
        for versions in found.values()
    )


def note(source: dict[str, Any], made: int) -> str:
    """A file's note: how it was saved, and whether it stopped early."""
    notes = [source["saved_as"]] if source.get("saved_as") else []
    if source.get("complete") is False:
        total = planned(source)
        notes.append(
            PAGE.phrase("stopped-after", made=made, total=total)
            if total
            else PAGE.phrase("stopped-early")
        )
    return "; ".join(notes)


def section(results: Results, folder: Path) -> list[str]:
    """A row per file of runs; the versions each backend ran with, once."""
    counts = Counter(r.file for r in results.runs)
    held: dict[str, set[int]] = {}
    for r in results.runs:
        held.setdefault(r.file or "", set()).add(r.seed)
    rows, versions = [], {}
    for s in results.sources:
        commit = str(s.get("commit", "unknown"))
        short = commit[:7] + (" (with changes)" if commit.endswith("+dirty") else "")
        made = counts.get(s["file"], 0)
        seeds = seeds_text(sorted(held[s["file"]])) if s["file"] in held else "-"
        rows.append([f"`{s['file']}`", made, seeds,
                     "yes" if s.get("plain") else "no", s.get("created", ""), short,
                     note(s, made)])  # fmt: skip
        if s.get("versions"):
            versions.setdefault(versions_text(s["versions"]), []).append(s["file"])
    header = ["file", "runs", "seeds", "plain", "started", "commit", "note"]
    used = [
        f"- {text}"
        + (f" ({len(files)} files)" if len(files) > 1 else f" (`{files[0]}`)")
        for text, files in versions.items()
    ]
    return PAGE.lines(
        "sources",
        folder=folder.name,
        table="\n".join(table(header, rows)),
        versions="\n".join(used),
    )


def failed_section(data: Groups) -> list[str]:
    """The runs that failed, with their errors; nothing where none did."""
    if not data.failed:
        return []
    found = [
        f"- {r.label} {NAMES.get(r.backend, r.backend)} seed {r.seed}: {r.error or ''}"
        for r in data.failed
    ]
    return PAGE.lines("failed", runs="\n".join(found))
