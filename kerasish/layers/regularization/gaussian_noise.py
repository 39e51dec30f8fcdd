"""`GaussianNoise`: adds random noise during training."""

import numpy as np

from kerasish import ops
from kerasish.backend import random as backend_random
from kerasish.layers.layer import Layer
from kerasish.utils import validation


class GaussianNoise(Layer):
    """During training, adds zero-mean Gaussian noise of standard deviation
    `stddev` to its input; at inference it returns its input.

    A regularizer against overfitting on real-valued inputs: the model never
    sees exactly the same sample twice during `fit`.

    Args:
        stddev: the standard deviation of the noise, a number in [0, 1]
            (kerasish's limit; data is usually scaled to about that range).
        seed: an int for a reproducible sequence of noise, or None to draw
            from the global random state.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        Any shape.

    Output shape:
        The input's shape.

    Raises:
        TypeError: if `stddev` is not a number.
        ValueError: if `stddev` is not a number in [0, 1].

    Examples:
        >>> layer = keras.layers.GaussianNoise(0.1, seed=0)
        >>> x = np.zeros((1, 3), dtype="float32")
        >>> np.asarray(layer(x, training=True))
        array([[ 0.0126, -0.0132,  0.064 ]], dtype=float32)
        >>> np.asarray(layer(x))
        array([[0., 0., 0.]], dtype=float32)
        >>> keras.Sequential([keras.Input(shape=(3,)), layer]).output_shape
        (None, 3)
    """

    built_at_init = True  # as in Keras: no build_config

    def __init__(self, stddev, seed=None, **kwargs):
        super().__init__(**kwargs)
        stddev = validation.check_scalar(stddev, "stddev", low=0, high=1)
        self.stddev = stddev
        self.seed = seed
        self._seeded_generator = backend_random.make_generator(seed) if seed is not None else None
        self.supports_masking = True
        self.built = True

    def call(self, inputs, training=False):
        if not training or self.stddev == 0:
            return inputs
        rng = self._seeded_generator or backend_random.global_generator()
        dtype = ops.dtype(inputs)
        noise = rng.normal(0.0, self.stddev, size=np.shape(inputs)).astype(dtype)
        return ops.add(inputs, noise)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update({"stddev": self.stddev, "seed": self.seed})
        return config
