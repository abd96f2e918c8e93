"""What was run: each file of runs, how and where it was made, which of its
runs were re-made and came out the same (verify.py); and the failed runs."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from study import running
from study.groups import Groups
from study.store import Results, Verified
from study.template import PAGE
from study.words import NAMES, of, seeds_text, table


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


def versions_text(found: dict[str, dict[str, Any]]) -> str:
    """``python 3.11.7, keras 3.15.1, ...`` per backend, as the file says
    (its CPU and arithmetic have columns of their own)."""
    return "; ".join(
        ", ".join(f"{k} {v}" for k, v in versions.items() if k not in NOT_VERSIONS)
        for versions in found.values()
    )


# A versions record's keys that are not package versions.
NOT_VERSIONS = ("backend", "cpu", "arithmetic")


def recorded(source: dict[str, Any], what: str) -> list[Any]:
    """What a file's versions record of ``what`` ("cpu" or "arithmetic"),
    each distinct once (a backend each; the same machine for all, mostly)."""
    found = [v.get(what) for v in (source.get("versions") or {}).values()]
    return [x for i, x in enumerate(found) if x and x not in found[:i]]


def cpu_cell(source: dict[str, Any]) -> str:
    """A file's CPU as the table shows it; "-" where it records none."""
    return "; ".join(running.cpu_text(c) for c in recorded(source, "cpu")) or "-"


def arithmetic_cell(source: dict[str, Any]) -> str:
    """A file's arithmetic as the table shows it; "-" where it records none."""
    found = recorded(source, "arithmetic")
    return "; ".join(running.arithmetic_text(a) for a in found) or "-"


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
    """A row per file of runs (with its CPU, and its arithmetic where some
    file records one); the versions each backend ran with, once; what the
    files do not record, once; the CPUs in detail; the verifications."""
    counts = Counter(r.file for r in results.runs)
    held: dict[str, set[int]] = {}
    for r in results.runs:
        held.setdefault(r.file or "", set()).add(r.seed)
    pinned = any(recorded(s, "arithmetic") for s in results.sources)
    rows, versions = [], {}
    for s in results.sources:
        commit = str(s.get("commit", "unknown"))
        short = commit[:7] + (" (with changes)" if commit.endswith("+dirty") else "")
        made = counts.get(s["file"], 0)
        seeds = seeds_text(sorted(held[s["file"]])) if s["file"] in held else "-"
        where = [cpu_cell(s)] + ([arithmetic_cell(s)] if pinned else [])
        rows.append([f"`{s['file']}`", made, seeds,
                     "yes" if s.get("plain") else "no", s.get("created", ""), short,
                     *where, note(s, made)])  # fmt: skip
        if s.get("versions"):
            versions.setdefault(versions_text(s["versions"]), []).append(s["file"])
    header = ["file", "runs", "seeds", "plain", "started", "commit", "CPU",
              *(["arithmetic"] if pinned else []), "note"]  # fmt: skip
    return PAGE.lines(
        "sources",
        folder=folder.name,
        table="\n".join(table(header, rows)),
        unrecorded=unrecorded_text(results.sources),
        versions="\n".join(listed_files(versions)),
        cpus=cpus_text(results.sources),
        verified=verified_text(results),
    )


def listed_files(found: dict[str, list[str]]) -> list[str]:
    """A list item for each text, with the files it came from (or how many)."""
    return [
        f"- {text}"
        + (f" ({len(files)} files)" if len(files) > 1 else f" (`{files[0]}`)")
        for text, files in found.items()
    ]


def unrecorded_text(found: list[dict[str, Any]]) -> str:
    """What the files do not record, said once for all (not in every row)."""
    cpus = [recorded(s, "cpu") for s in found]
    missing = sum(not c for c in cpus)
    named = sum(bool(c) and all(isinstance(x, str) for x in c) for c in cpus)
    parts = []
    if missing or named:
        parts.append(PAGE.phrase("unrecorded-cpu", missing=of(missing, len(found)),
                                 named=named))  # fmt: skip
    plain = sum(not recorded(s, "arithmetic") for s in found)
    if plain == len(found):
        parts.append(PAGE.phrase("arithmetic-none", files=len(found)))
    elif plain:
        parts.append(PAGE.phrase("arithmetic-some", missing=of(plain, len(found))))
    return " ".join(parts)


def cpus_text(found: list[dict[str, Any]]) -> str:
    """The CPUs recorded in detail, each with its vendor and extensions and
    the files that ran on it; "" where no file records one in detail."""
    detailed: dict[str, list[str]] = {}
    for s in found:
        for c in recorded(s, "cpu"):
            if isinstance(c, dict):
                detailed.setdefault(cpu_detail(c), []).append(s["file"])
    if not detailed:
        return ""
    return PAGE.fill("cpus", cpus="\n".join(listed_files(detailed)))


def cpu_detail(cpu: dict[str, Any]) -> str:
    """``AMD EPYC, family 25 model 17 (AuthenticAMD): sse4_2 avx ...``."""
    extensions = " ".join(cpu.get("extensions", [])) or "none of them"
    return f"{running.cpu_text(cpu)} ({cpu.get('vendor', '?')}): {extensions}"


def verified_text(results: Results) -> str:
    """A row a verification record: the file it verifies, how many of its
    runs were re-made, identical, moved, failed; where and when."""
    if not results.verified:
        return PAGE.fill("verified-none")
    counts = Counter(r.file for r in results.runs)
    header = ["runs file", "re-made", "identical", "moved", "failed", "CPU",
              "arithmetic", "when"]  # fmt: skip
    rows = [
        verified_row(v, counts.get(v.source["verifies"], 0)) for v in results.verified
    ]
    return PAGE.fill("verified", table="\n".join(table(header, rows)))


def verified_row(verified: Verified, held: int) -> list[object]:
    """One verification record's row; ``held``: the runs its file holds."""
    lines, source = verified.lines, verified.source
    failed = sum(line.get("status") != "ok" for line in lines)
    identical = sum(line["identical"] for line in lines)
    moved = len(lines) - identical - failed
    made = of(len(lines), held) if held else len(lines)
    where = [cpu_cell(source), arithmetic_cell(source), source.get("created", "")]
    return [f"`{source['verifies']}`", made, identical, moved, failed, *where]


def failed_section(data: Groups) -> list[str]:
    """The runs that failed, with their errors; nothing where none did."""
    if not data.failed:
        return []
    found = [
        f"- {r.label} {NAMES.get(r.backend, r.backend)} seed {r.seed}: {r.error or ''}"
        for r in data.failed
    ]
    return PAGE.lines("failed", runs="\n".join(found))
