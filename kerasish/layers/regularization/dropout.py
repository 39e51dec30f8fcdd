"""`Dropout`: randomly zeroes inputs during training."""

import numpy as np

from kerasish import ops
from kerasish.backend import random as backend_random
from kerasish.layers.layer import Layer
from kerasish.utils import validation


class Dropout(Layer):
    """During training, zeroes each input with probability `rate` and scales
    the kept ones by 1 / (1 - rate), so the expected sum is unchanged. At
    inference (the default, and `training=False`) it returns its input.

    `fit` calls it with `training=True`; `evaluate` and `predict` with
    `training=False`, so dropout only affects training, as in Keras.

    Args:
        rate: the fraction of inputs to drop, a number in [0, 1].
        noise_shape: the shape of the keep/drop mask, broadcast against the
            input; None entries take the input's size. For example
            `(None, 1, features)` drops the same features at every time step.
            None (default) draws one decision per input value.
        seed: an int for a reproducible sequence of masks, or None to draw
            from the global random state (see `keras.utils.set_random_seed`).
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        Any shape. With `noise_shape`, the dropped entries are drawn for that shape
        (None entries taken from the input) and broadcast over the input.

    Output shape:
        The input's shape.

    Raises:
        TypeError: if `rate` is not a number.
        ValueError: if `rate` is not a number in [0, 1] or `noise_shape` is
            not a sequence of positive ints and None.

    Examples:
        >>> layer = keras.layers.Dropout(0.5, seed=1)
        >>> x = np.ones((2, 4), dtype="float32")
        >>> np.unique(np.asarray(layer(x, training=True)))
        array([0., 2.], dtype=float32)
        >>> np.asarray(layer(x))
        array([[1., 1., 1., 1.],
               [1., 1., 1., 1.]], dtype=float32)
        >>> keras.Sequential([keras.Input(shape=(4,)), layer]).output_shape
        (None, 4)
    """

    built_at_init = True  # as in Keras: no build_config

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate = check_rate(rate)
        self.seed = seed
        self.noise_shape = _validate_noise_shape(noise_shape)
        # A seeded layer draws its own reproducible sequence of masks.
        self._seeded_generator = backend_random.make_generator(seed) if seed is not None else None
        self.supports_masking = True
        self.built = True

    def _rng(self):
        return self._seeded_generator or backend_random.global_generator()

    def call(self, inputs, training=False):
        if not training or self.rate == 0:
            return inputs
        if self.rate == 1:
            return ops.multiply(inputs, 0.0)
        noise_shape = self._concrete_noise_shape(np.shape(inputs))
        dtype = np.dtype(ops.dtype(inputs)).type
        keep = self._rng().random(noise_shape, dtype=np.float32) >= self.rate
        scale = dtype(1) / dtype(1 - self.rate)
        return ops.multiply(inputs, keep * scale)  # bool * scale: one pass, in `dtype`

    def _concrete_noise_shape(self, shape):
        """The mask's shape for an input of `shape`: None entries of `noise_shape` filled in."""
        if self.noise_shape is None:
            return shape
        return tuple(s if n is None else n for n, s in zip(self.noise_shape, shape))

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update({"rate": self.rate, "seed": self.seed, "noise_shape": self.noise_shape})
        return config


def check_rate(rate):
    """`rate` if it is a number in [0, 1] (NumPy scalars too); Keras's error otherwise."""
    return validation.check_scalar(rate, "rate", low=0, high=1)


def _validate_noise_shape(noise_shape):
    if noise_shape is None:
        return None
    if isinstance(noise_shape, str):
        raise ValueError(
            "Invalid value received for argument `noise_shape`. Expected a tuple or list "
            f"of integers. Received: noise_shape={noise_shape}"
        )
    try:
        noise_shape = tuple(noise_shape)
    except TypeError:
        raise ValueError(
            "Invalid value received for argument `noise_shape`. Expected an iterable of "
            f"integers (e.g., a tuple or list). Received: noise_shape={noise_shape}"
        ) from None
    for index, dim in enumerate(noise_shape):
        if dim is None:
            continue
        if not isinstance(dim, int) or isinstance(dim, bool):
            raise ValueError(
                "Invalid value received for argument `noise_shape`. Expected all elements "
                f"to be integers or None. Received element at index {index}: {dim} "
                f"(type: {type(dim).__name__})"
            )
        if dim <= 0:
            raise ValueError(
                "Invalid value received for argument `noise_shape`. Expected all "
                "dimensions to be positive integers or None. Received negative or zero "
                f"value at index {index}: {dim}"
            )
    return noise_shape
