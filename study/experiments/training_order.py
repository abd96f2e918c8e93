"""The control that splits plain from fast on TensorFlow: the sample order.

On TensorFlow the fast training differs from the article's own ``fit``
calls (``--plain``) in two ways: each epoch's order (a fresh permutation;
Keras 3's ``fit`` there presents one fixed order every epoch) and XLA's
arithmetic. ``keras-order`` changes the first only: the fast training
given Keras's fixed order (``fast_training.keras_tensorflow_order``). Run
on TensorFlow only: on JAX, Keras's ``fit`` already draws a fresh order
every epoch, as the fast training does. The plain-against-fast section
(study/sections/plain.py) prints what these runs show; its sentences are
in training_order.md beside this file.
"""

from __future__ import annotations

from study.variants import Variant

NAME = "keras-order"
VARIANTS = [
    Variant(
        experiment,
        NAME,
        description="the fast training in the one fixed order of Keras 3's fit "
        "on TensorFlow (TensorFlow only)",
        role="control",
        keras_order=True,
    )
    for experiment in ("01", "02", "03", "06")
]
