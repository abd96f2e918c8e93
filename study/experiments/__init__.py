"""The study by experiment: a module each, and its sentences beside it.

Each module holds everything about one experiment (or one of the
article's conjectures): what runs (its VARIANTS), how a run is judged (its
CLAIMS, where the article claims something), what only it measures, and
its page section(s) and finding(s), whose sentences are in the ``.md``
file of the same name. study/registry.py collects the variants and
claims; study/page.py puts the sections in order.
"""
