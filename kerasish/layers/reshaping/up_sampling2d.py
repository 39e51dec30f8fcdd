"""`UpSampling2D`: enlarges images by repeating pixels."""

from kerasish.layers.reshaping.base_spatial import BaseUpSampling


class UpSampling2D(BaseUpSampling):
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

    Input shape:
        A 4-D array: `(batch_size, rows, cols, channels)` with
        `data_format="channels_last"` (the default),
        `(batch_size, channels, rows, cols)` with `"channels_first"`.

    Output shape:
        A 4-D array: `(batch_size, rows * size[0], cols * size[1], channels)` with
        `data_format="channels_last"`,
        `(batch_size, channels, rows * size[0], cols * size[1])` with
        `"channels_first"`. The `interpolation` does not change the shape.

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
        >>> keras.Sequential([keras.Input(shape=(7, 7, 16)),
        ...                   keras.layers.UpSampling2D(2)]).output_shape
        (None, 14, 14, 16)
    """

    def __init__(self, size=(2, 2), data_format=None, interpolation="nearest", **kwargs):
        super().__init__(2, size, data_format, **kwargs)
        if interpolation != "nearest":
            raise ValueError(
                "kerasish's UpSampling2D supports only interpolation='nearest'. "
                f"Received: interpolation={interpolation}"
            )
        self.interpolation = interpolation

    def get_config(self):
        config = super().get_config()
        config.update(
            {"size": self.size, "data_format": self.data_format,
             "interpolation": self.interpolation}
        )
        return config
