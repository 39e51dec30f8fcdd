"""`ZeroPadding2D`: adds a border of zeros around images."""

from kerasish.layers.reshaping.base_spatial import BaseZeroPadding


class ZeroPadding2D(BaseZeroPadding):
    """Adds rows and columns of zeros around images. `padding` is an int,
    (rows, cols) symmetric amounts, or ((top, bottom), (left, right)).

    Often used before a convolution with `padding="valid"` to control the
    output size.

    Args:
        padding: an int (the same border on all four sides), a tuple of 2
            ints `(rows, cols)` (added both above and below, left and right),
            or a tuple of 2 pairs `((top, bottom), (left, right))`.
            Default `(1, 1)`.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        A 4-D array: `(batch_size, height, width, channels)` with
        `data_format="channels_last"` (the default),
        `(batch_size, channels, height, width)` with `"channels_first"`.

    Output shape:
        A 4-D array: `(batch_size, padded_height, padded_width, channels)` with
        `data_format="channels_last"`,
        `(batch_size, channels, padded_height, padded_width)` with
        `"channels_first"`. Each size grows by the padding added at its two ends.

    Raises:
        ValueError: if `padding` has none of the forms above or
            `data_format` is invalid; when called, if the input is not 4-D.

    Examples:
        >>> x = np.ones((1, 2, 2, 1))
        >>> np.asarray(keras.layers.ZeroPadding2D(1)(x))[0, :, :, 0]
        array([[0., 0., 0., 0.],
               [0., 1., 1., 0.],
               [0., 1., 1., 0.],
               [0., 0., 0., 0.]], dtype=float32)
        >>> keras.layers.ZeroPadding2D(((1, 0), (2, 3)))(x).shape
        (1, 3, 7, 1)
        >>> keras.Sequential([keras.Input(shape=(5, 5, 3)),
        ...                   keras.layers.ZeroPadding2D(1)]).output_shape
        (None, 7, 7, 3)
    """

    def __init__(self, padding=(1, 1), data_format=None, **kwargs):
        super().__init__(2, padding, data_format, **kwargs)

    def get_config(self):
        config = super().get_config()
        config.update({"padding": self.padding, "data_format": self.data_format})
        return config
