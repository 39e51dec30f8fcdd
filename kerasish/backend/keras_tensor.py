"""Symbolic tensors: a shape and dtype with no values, used to describe model
inputs (`kerasish.Input`) and to trace the functional API."""

import numpy as np


class KerasTensor:
    """A placeholder for data of a known shape (None for unknown dimensions).

    `producer` is the layer that computed it and `parents` the KerasTensors
    that layer received, which is all the functional API needs to rebuild the
    graph from a model's inputs to its outputs.
    """

    _keras_mask = None  # a Keras mask is attached per instance (backend/masking.py)

    def __init__(self, shape, dtype="float32", name=None, producer=None, parents=()):
        self.shape = tuple(shape)
        self.dtype = np.dtype(dtype).name
        self.name = name
        self.producer = producer
        self.parents = tuple(parents)

    @property
    def ndim(self):
        return len(self.shape)

    def __repr__(self):
        return f"<KerasTensor shape={self.shape}, dtype={self.dtype}, name={self.name}>"

    def __array__(self, *args, **kwargs):
        raise ValueError(
            "A KerasTensor is symbolic: it's a placeholder for a shape and a dtype. It "
            "doesn't have any actual numerical value. You cannot convert it to a NumPy array."
        )
