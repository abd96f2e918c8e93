"""The cross-cutting sections of RESULTS.md, a module each.

The sections about every experiment at once: the claims table
(article_claims), TensorFlow against JAX (backends), plain against fast
training (plain), the accuracy tables and figures (accuracy), where the
runs come from and which failed (sources). The helpers they share with
the experiments' sections are study/shared.py's, below both folders: these
modules may import study/experiments/, never the other way round. Each
experiment's own section is its module's in study/experiments/; page.py
puts them all in order. Each module computes its numbers and verdicts
from the runs (a groups.Groups) and fills its sentences from
study/page.md: ``section`` gives the section's lines, ``finding`` its line
in the page's Findings.
"""
