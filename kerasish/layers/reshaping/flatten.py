"""`Flatten`: one feature vector per sample."""

import math

from kerasish import ops
from kerasish.layers.input_spec import InputSpec
from kerasish.layers.layer import Layer


class Flatten(Layer):
    """Flattens every axis but the batch axis: (batch, 28, 28, 1) -> (batch, 784).

    Values are taken in row-major (C) order. With
    `data_format="channels_first"`, the channel axis is moved last first, so
    the result matches that of the same data stored channels-last, as in
    Keras. A `(batch,)` input becomes `(batch, 1)`.

    Args:
        data_format: `"channels_last"` (default) or `"channels_first"`.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        An array of any rank with a batch axis, `(batch_size, ...)`. With
        `data_format="channels_first"`, the channels axis is moved last before
        flattening (so the order of the values matches a `"channels_last"` model's).

    Output shape:
        `(batch_size, n)`, `n` being the product of the non-batch sizes (1 for a 1-D
        input).

    Raises:
        ValueError: if `data_format` is not one of the two; when called, if
            the input is a scalar.

    Examples:
        >>> keras.layers.Flatten()(np.ones((2, 3, 4))).shape
        (2, 12)
        >>> keras.Sequential([keras.Input(shape=(28, 28, 1)), keras.layers.Flatten()]).output_shape
        (None, 784)
    """

    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.input_spec = InputSpec(min_ndim=1)
        if data_format not in (None, "channels_last", "channels_first"):
            raise ValueError(
                "The `data_format` argument must be one of {'channels_first', "
                f"'channels_last'}}. Received: data_format={data_format}"
            )
        self.data_format = data_format or "channels_last"

    def call(self, inputs):
        if self.data_format == "channels_first" and len(inputs.shape) > 2:
            inputs = ops.transpose(inputs, (0,) + tuple(range(2, len(inputs.shape))) + (1,))
        if len(inputs.shape) == 0:
            raise ValueError(
                f"Input 0 of layer \"{self.name}\" is incompatible with the layer: expected "
                "min_ndim=1, found ndim=0. Full shape received: ()"
            )
        # An explicit size, not -1: NumPy cannot infer -1 for an empty batch.
        return ops.reshape(inputs, (inputs.shape[0], math.prod(inputs.shape[1:])))

    def compute_output_shape(self, input_shape):
        rest = input_shape[1:]
        size = None if any(d is None for d in rest) else math.prod(rest)
        return (input_shape[0], size)

    def get_config(self):
        config = super().get_config()
        config["data_format"] = self.data_format
        return config
