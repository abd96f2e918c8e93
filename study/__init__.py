"""The multi-seed study: the article's claims and conjectures over many seeds.

Not part of the lesson: the six scripts and ``common.py`` never import it.
``python -m study --report`` rewrites RESULTS.md, its figures and the
README's generated block from the committed runs in ``study/runs/``; see
study/README.md.
"""
