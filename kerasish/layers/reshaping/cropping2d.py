"""`Cropping2D`: removes rows and columns at the borders of images."""

from kerasish.layers.reshaping.base_spatial import BaseCropping


class Cropping2D(BaseCropping):
    """Removes rows and columns at the borders of `(batch, height, width,
    channels)` images.

    Args:
        cropping: an int (the same on all four sides), a tuple of 2 ints
            `(rows, cols)` (cut at both ends of each axis), or a tuple of 2
            pairs `((top, bottom), (left, right))`. Default no cropping.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        A 4-D array: `(batch_size, height, width, channels)` with
        `data_format="channels_last"` (the default),
        `(batch_size, channels, height, width)` with `"channels_first"`.

    Output shape:
        A 4-D array: `(batch_size, cropped_height, cropped_width, channels)` with
        `data_format="channels_last"`,
        `(batch_size, channels, cropped_height, cropped_width)` with
        `"channels_first"`. Each size shrinks by the amounts cropped at its two
        ends.

    Raises:
        ValueError: if `cropping` has none of the forms above, is negative,
            or `data_format` is invalid; when called, if the input is not
            4-D or not larger than the cropping.

    Examples:
        >>> x = np.ones((1, 6, 5, 3))
        >>> keras.layers.Cropping2D(((1, 2), (0, 1)))(x).shape
        (1, 3, 4, 3)
        >>> keras.Sequential([keras.Input(shape=(28, 28, 3)),
        ...                   keras.layers.Cropping2D(2)]).output_shape
        (None, 24, 24, 3)
    """

    def __init__(self, cropping=((0, 0), (0, 0)), data_format=None, **kwargs):
        super().__init__(2, cropping, data_format, **kwargs)

    def get_config(self):
        config = super().get_config()
        config.update({"cropping": self.cropping, "data_format": self.data_format})
        return config
