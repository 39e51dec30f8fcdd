"""`Cropping3D`: removes entries at the borders of volumes."""

from kerasish.layers.reshaping.base_spatial import BaseCropping


class Cropping3D(BaseCropping):
    """Removes entries at the borders of the three spatial axes of
    `(batch, dim1, dim2, dim3, channels)` volumes.

    Args:
        cropping: an int (the same at both ends of every axis), a tuple of 3
            ints (one symmetric amount per axis), or a tuple of 3 pairs
            `(before, after)`. Default `((1, 1), (1, 1), (1, 1))`.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        A 5-D array: `(batch_size, dim1, dim2, dim3, channels)` with
        `data_format="channels_last"` (the default),
        `(batch_size, channels, dim1, dim2, dim3)` with `"channels_first"`.

    Output shape:
        A 5-D array:
        `(batch_size, cropped_dim1, cropped_dim2, cropped_dim3, channels)` with
        `data_format="channels_last"`,
        `(batch_size, channels, cropped_dim1, cropped_dim2, cropped_dim3)` with
        `"channels_first"`. Each size shrinks by the amounts cropped at its two
        ends.

    Raises:
        ValueError: if `cropping` has none of the forms above, is negative,
            or `data_format` is invalid; when called, if the input is not
            5-D or not larger than the cropping.

    Examples:
        >>> keras.layers.Cropping3D(1)(np.ones((1, 4, 5, 6, 2))).shape
        (1, 2, 3, 4, 2)
        >>> keras.Sequential([keras.Input(shape=(4, 5, 6, 2)),
        ...                   keras.layers.Cropping3D(1)]).output_shape
        (None, 2, 3, 4, 2)
    """

    def __init__(self, cropping=((1, 1), (1, 1), (1, 1)), data_format=None, **kwargs):
        super().__init__(3, cropping, data_format, **kwargs)

    def get_config(self):
        config = super().get_config()
        config.update({"cropping": self.cropping, "data_format": self.data_format})
        return config
