"""`ReLU`: the rectified linear unit as a layer, with its threshold, slope and cap."""

from kerasish import activations
from kerasish.layers.layer import Layer


def _check_non_negative(value, argument, allow_none=False):
    """Keras refuses a negative (or None) threshold, slope or cap."""
    if value is None and allow_none:
        return
    if value is None or value < 0.0:
        raise ValueError(
            f"{argument} of a ReLU layer cannot be {'a' if allow_none else 'None or a'} "
            f"negative value. Received: {argument}={value}"
        )


class ReLU(Layer):
    """Rectified linear unit: `x` above `threshold` (capped at `max_value`),
    `negative_slope * (x - threshold)` below it.

    Args:
        max_value: the largest output, a non-negative float; None (default)
            leaves the output uncapped.
        negative_slope: the slope below the threshold, a non-negative float
            (default 0).
        threshold: the input value below which the output is
            `negative_slope * (x - threshold)`, a non-negative float
            (default 0).
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        Any shape.

    Output shape:
        The input's shape.

    Raises:
        ValueError: if an argument is negative (or None, for
            `negative_slope` and `threshold`).

    Examples:
        >>> x = np.array([[-2.0, 0.5, 3.0]])
        >>> np.asarray(keras.layers.ReLU()(x))
        array([[0. , 0.5, 3. ]], dtype=float32)
        >>> np.asarray(keras.layers.ReLU(max_value=1.0, negative_slope=0.1)(x))
        array([[-0.2,  0.5,  1. ]], dtype=float32)
        >>> keras.Sequential([keras.Input(shape=(3,)), keras.layers.ReLU()]).output_shape
        (None, 3)
    """

    built_at_init = True  # as in Keras: no build_config

    def __init__(self, max_value=None, negative_slope=0.0, threshold=0.0, **kwargs):
        super().__init__(**kwargs)
        _check_non_negative(max_value, "max_value", allow_none=True)
        _check_non_negative(negative_slope, "negative_slope")
        _check_non_negative(threshold, "threshold")
        self.max_value = max_value
        self.negative_slope = negative_slope
        self.threshold = threshold
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return activations.relu(
            inputs, negative_slope=self.negative_slope, max_value=self.max_value,
            threshold=self.threshold,
        )

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        config = super().get_config()
        config.update(
            {"max_value": self.max_value, "negative_slope": self.negative_slope,
             "threshold": self.threshold}
        )
        return config
