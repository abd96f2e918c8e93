"""The sections of RESULTS.md, a module each (page.py puts them in order).

Each module computes its numbers and verdicts from the runs (a
groups.Groups) and fills its sentences from study/page.md: ``section``
gives the section's lines, ``finding`` its line in the page's Findings.
"""
