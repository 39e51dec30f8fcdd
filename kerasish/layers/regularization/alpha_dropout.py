"""`AlphaDropout`: dropout that keeps the mean and variance of self-normalizing inputs."""

import numpy as np

from kerasish import ops
from kerasish.layers.regularization.dropout import Dropout

# The constants of the selu activation.
_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


class AlphaDropout(Dropout):
    """Dropout for `selu` networks: during training, dropped inputs are set
    to selu's negative saturation value and the result is rescaled so the
    mean and variance of the inputs are kept; at inference it returns its input.

    Args:
        rate: the fraction of inputs to drop, a number in [0, 1].
        noise_shape: the shape of the keep/drop mask, broadcast against the
            input; None entries take the input's size. None (default) draws
            one decision per input value.
        seed: an int for a reproducible sequence of masks, or None.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        Any shape. With `noise_shape`, the dropped entries are drawn for that shape
        and broadcast over the input.

    Output shape:
        The input's shape.

    Raises:
        TypeError: if `rate` is not a number.
        ValueError: if `rate` is not a number in [0, 1] or `noise_shape` is
            invalid.

    Examples:
        >>> layer = keras.layers.AlphaDropout(0.2, seed=0)
        >>> x = np.random.default_rng(0).normal(size=(2000, 50))
        >>> out = np.asarray(layer(x, training=True))
        >>> abs(float(out.mean())) < 0.05, round(float(out.std()), 1)
        (True, 1.0)
    """

    def call(self, inputs, training=False):
        if not training or self.rate == 0:
            return inputs
        dtype = np.dtype(ops.dtype(inputs)).type
        noise_shape = self._concrete_noise_shape(np.shape(inputs))
        kept = (self._rng().random(noise_shape, dtype=np.float32) >= self.rate).astype(dtype)
        alpha_p = -_SELU_ALPHA * _SELU_SCALE
        # a and b keep zero mean and unit variance (Klambauer et al., 2017).
        a = ((1 - self.rate) * (1 + self.rate * alpha_p**2)) ** -0.5
        b = -a * alpha_p * self.rate
        dropped_value = (alpha_p * (1 - kept)).astype(dtype)
        x = ops.add(ops.multiply(inputs, kept), dropped_value)
        return ops.add(ops.multiply(x, dtype(a)), dtype(b))
