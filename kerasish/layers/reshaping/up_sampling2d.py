"""`UpSampling2D`: enlarges images by repeating pixels."""

from kerasish import ops
from kerasish.layers import input_checks
from kerasish.layers.convolutional import conv_utils
from kerasish.layers.layer import Layer


class UpSampling2D(Layer):
    """Repeats rows `size[0]` times and columns `size[1]` times (nearest-
    neighbour upsampling).

    An input of shape `(batch, height, width, channels)` gives
    `(batch, height * size[0], width * size[1], channels)`.

    Args:
        size: the upsampling factors for rows and columns, an int (both) or
            a tuple of 2 positive ints. Default `(2, 2)`.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        interpolation: must be `"nearest"`; Keras's `"bilinear"` and others
            are not supported.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Raises:
        ValueError: if `size` or `data_format` is invalid or `interpolation`
            is not `"nearest"`; when called, if the input is not 4-D.

    Examples:
        >>> x = np.array([[1.0, 2.0], [3.0, 4.0]]).reshape(1, 2, 2, 1)
        >>> np.asarray(keras.layers.UpSampling2D(2)(x))[0, :, :, 0]
        array([[1., 1., 2., 2.],
               [1., 1., 2., 2.],
               [3., 3., 4., 4.],
               [3., 3., 4., 4.]], dtype=float32)
    """

    def __init__(self, size=(2, 2), data_format=None, interpolation="nearest", **kwargs):
        super().__init__(**kwargs)
        self.data_format = conv_utils.standardize_data_format(data_format)
        self.size = conv_utils.standardize_tuple(size, 2, "size")
        if interpolation != "nearest":
            raise ValueError(
                "kerasish's UpSampling2D supports only interpolation='nearest'. "
                f"Received: interpolation={interpolation}"
            )
        self.interpolation = interpolation

    def compute_output_shape(self, input_shape):
        input_checks.check_ndim(self, input_shape, ndim=4)
        output = list(input_shape)
        for axis, factor in zip(conv_utils.spatial_axes(2, self.data_format), self.size):
            output[axis] = None if output[axis] is None else output[axis] * factor
        return tuple(output)

    def call(self, inputs):
        input_checks.check_ndim(self, inputs.shape, ndim=4)
        x = inputs if self.data_format == "channels_last" else ops.transpose(inputs, (0, 2, 3, 1))
        n, h, w, c = x.shape
        sh, sw = self.size
        # A size-1 axis after each spatial axis, broadcast to the factor, then merged.
        x = ops.reshape(x, (n, h, 1, w, 1, c))
        x = ops.broadcast_to(x, (n, h, sh, w, sw, c))
        x = ops.reshape(x, (n, h * sh, w * sw, c))
        return x if self.data_format == "channels_last" else ops.transpose(x, (0, 3, 1, 2))

    def get_config(self):
        config = super().get_config()
        config.update(
            {"size": self.size, "data_format": self.data_format,
             "interpolation": self.interpolation}
        )
        return config
