"""Symbolic tensors: a shape and dtype with no values, used to describe model
inputs (`kerasish.Input`) and to trace the functional API."""

import numpy as np


class KerasTensor:
    """A placeholder for data of a known shape (None for unknown dimensions).

    `producer` is the layer that computed it and `parents` the KerasTensors
    that layer received, which is all the functional API needs to rebuild the
    graph from a model's inputs to its outputs. `keras.Input` makes one, and
    calling a layer on one makes another. So does any `keras.ops` function or
    Python operator (`x * 2`, `x[:, 0]`, `x @ w`, `x < 0`): the call becomes a
    node of the graph (`kerasish/ops/symbolic.py` installs the operators).

    Args:
        shape: the shape, batch axis first, None for unknown sizes.
        dtype: the dtype name.
        name: an optional name.
        producer: the layer that made it (None for an `Input`).
        parents: the KerasTensors `producer` was called on.

    Examples:
        >>> x = keras.Input(shape=(3,))
        >>> isinstance(x, keras.KerasTensor), x.shape
        (True, (None, 3))
        >>> keras.layers.Dense(2)(x).shape
        (None, 2)
        >>> (keras.ops.expand_dims(x / 255.0, -1)[:, 1:]).shape
        (None, 2, 1)
    """

    _keras_mask = None  # a Keras mask is attached per instance (backend/masking.py)

    def __init__(self, shape, dtype="float32", name=None, producer=None, parents=()):
        self.shape = tuple(shape)
        self.dtype = dtype if dtype == "string" else np.dtype(dtype).name
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
