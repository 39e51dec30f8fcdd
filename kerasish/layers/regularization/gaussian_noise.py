import numpy as np

from kerasish import ops
from kerasish.backend import random as backend_random
from kerasish.layers.layer import Layer


class GaussianNoise(Layer):
    """During training, adds zero-mean Gaussian noise of standard deviation
    `stddev` to its input; at inference it returns its input."""

    built_at_init = True  # as in Keras: no build_config

    def __init__(self, stddev, seed=None, **kwargs):
        super().__init__(**kwargs)
        if isinstance(stddev, bool) or not isinstance(stddev, (int, float)) or not 0 <= stddev <= 1:
            raise ValueError(
                "Invalid value received for argument `stddev`. Expected a float value "
                f"between 0 and 1. Received: stddev={stddev}"
            )
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
