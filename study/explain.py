"""Explanations: a why, in words, tied to the runs and the condition it needs.

An explanation names the runs it rests on and what they must show, and
carries that condition as a check on the data. The page is generated: an
explanation whose runs stop showing what it needs is printed as withdrawn,
and the test of the committed page fails on it. An explanation that no run
checks is printed as "Explanation (untested)".
"""

from __future__ import annotations

from dataclasses import dataclass

from study.template import PAGE


@dataclass(frozen=True)
class Explanation:
    """A why, in words, with what in the data it rests on.

    ``runs``: the variants (or files) whose runs support it; ``needs``:
    the condition on the data, in words; ``holds``: whether the data show
    it (None: no run checks it).
    """

    text: str
    runs: tuple[str, ...] = ()
    needs: str = ""
    holds: bool | None = None

    @property
    def supported(self) -> bool:
        """Its runs show what it needs (an untested one is not supported)."""
        return bool(self.runs) and self.holds is True

    def render(self) -> str:
        """The labelled paragraph; withdrawn where its condition fails."""
        if not self.runs or self.holds is None:
            return PAGE.fill("explanation-untested", text=self.text)
        runs = ", ".join(f"`{r}`" for r in self.runs)
        name = "explanation" if self.holds else "explanation-withdrawn"
        return PAGE.fill(name, text=self.text, runs=runs, needs=self.needs)


def withdrawn(text: str) -> list[str]:
    """The explanations a page prints as withdrawn (a test wants none)."""
    return [line for line in text.splitlines() if "Explanation withdrawn" in line]
