"""`GaussianDropout`: multiplicative Gaussian noise during training."""

import math

import numpy as np

from kerasish import ops
from kerasish.backend import random as backend_random
from kerasish.layers.layer import Layer
from kerasish.layers.regularization.dropout import check_rate


class GaussianDropout(Layer):
    """During training, multiplies the input by noise drawn from a normal
    distribution of mean 1 and standard deviation `sqrt(rate / (1 - rate))`;
    at inference it returns its input.

    Args:
        rate: the drop probability of the equivalent dropout, a number in [0, 1].
        seed: an int for a reproducible sequence of noise, or None.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        Any shape.

    Output shape:
        The input's shape.

    Raises:
        TypeError: if `rate` is not a number.
        ValueError: if `rate` is not a number in [0, 1].

    Examples:
        >>> layer = keras.layers.GaussianDropout(0.2, seed=1)
        >>> noisy = np.asarray(layer(np.ones((1000, 10)), training=True))
        >>> round(float(noisy.mean()), 1), round(float(noisy.std()), 1)
        (1.0, 0.5)
        >>> np.asarray(layer(np.ones((1, 2))))
        array([[1., 1.]], dtype=float32)
    """

    built_at_init = True  # as in Keras: no build_config

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate = check_rate(rate)
        self.seed = seed
        self._seeded_generator = backend_random.make_generator(seed) if seed is not None else None
        self.supports_masking = True
        self.built = True

    def call(self, inputs, training=False):
        if not training or self.rate == 0:
            return inputs
        rng = self._seeded_generator or backend_random.global_generator()
        stddev = math.sqrt(self.rate / (1.0 - self.rate))
        noise = rng.normal(1.0, stddev, size=np.shape(inputs)).astype(ops.dtype(inputs))
        return ops.multiply(inputs, noise)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update({"rate": self.rate, "seed": self.seed})
        return config
