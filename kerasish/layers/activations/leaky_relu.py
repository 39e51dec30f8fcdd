"""`LeakyReLU`: a relu that lets a fraction of negative inputs through."""

import warnings

from kerasish import activations
from kerasish.layers.layer import Layer


class LeakyReLU(Layer):
    """Leaky rectified linear unit: `x` for positive inputs, `negative_slope * x` otherwise.

    Args:
        negative_slope: the slope for negative inputs, a non-negative float
            (default 0.3). The deprecated name `alpha` is accepted, with a
            warning, as in Keras.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        Any shape.

    Output shape:
        The input's shape.

    Raises:
        ValueError: if `negative_slope` is None or negative.

    Examples:
        >>> np.asarray(keras.layers.LeakyReLU()(np.array([[-1.0, 2.0]])))
        array([[-0.3,  2. ]], dtype=float32)
        >>> keras.Sequential([keras.Input(shape=(5,)), keras.layers.LeakyReLU()]).output_shape
        (None, 5)
    """

    built_at_init = True  # as in Keras: no build_config

    def __init__(self, negative_slope=0.3, **kwargs):
        if "alpha" in kwargs:
            negative_slope = kwargs.pop("alpha")
            warnings.warn("Argument `alpha` is deprecated. Use `negative_slope` instead.",
                          stacklevel=2)
        super().__init__(**kwargs)
        if negative_slope is None or negative_slope < 0:
            raise ValueError(
                "The negative_slope value of a Leaky ReLU layer cannot be None or negative "
                f"value. Expected a float. Received: negative_slope={negative_slope}"
            )
        self.negative_slope = negative_slope
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return activations.leaky_relu(inputs, negative_slope=self.negative_slope)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        config = super().get_config()
        config["negative_slope"] = self.negative_slope
        return config
