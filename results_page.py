"""RESULTS.md, generated from the saved runs (placeholder while building)."""

from __future__ import annotations


def page(results, folder, figures) -> str:
    """The page."""
    return "# Results\n"
