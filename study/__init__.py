"""The multi-seed study: the article's claims and conjectures over many seeds.

Not part of the lesson: the six scripts and ``common.py`` never import it.
``python -m study --report`` rewrites RESULTS.md, its figures and the
README's generated block from the committed runs in ``study/runs/``; see
study/README.md.
"""

# --plain's help in the scripts of the article's conjectures (mlp_window.py,
# prefix_lstm.py): no listing of the article's to run, a plain model.fit.
# Here, not in scripts.py, which loads those two: no import cycle.
PLAIN_FIT_HELP = (
    "train with a plain model.fit call instead of the fast training (slower; "
    "on TensorFlow its seeded shuffle repeats one order every epoch: see "
    "docs/keras_behaviours.md)"
)
