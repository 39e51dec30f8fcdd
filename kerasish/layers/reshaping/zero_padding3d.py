"""`ZeroPadding3D`: adds a border of zeros around volumes."""

from kerasish.layers.reshaping.base_spatial import BaseZeroPadding


class ZeroPadding3D(BaseZeroPadding):
    """Adds zeros at both ends of the three spatial axes of volumes.

    Args:
        padding: an int (the same at both ends of every axis), a tuple of 3
            ints (one symmetric amount per axis), or a tuple of 3 pairs
            `(before, after)`. Default `((1, 1), (1, 1), (1, 1))`.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        A 5-D array: `(batch_size, dim1, dim2, dim3, channels)` with
        `data_format="channels_last"` (the default),
        `(batch_size, channels, dim1, dim2, dim3)` with `"channels_first"`.

    Output shape:
        A 5-D array: `(batch_size, padded_dim1, padded_dim2, padded_dim3, channels)`
        with `data_format="channels_last"`,
        `(batch_size, channels, padded_dim1, padded_dim2, padded_dim3)` with
        `"channels_first"`. Each size grows by the padding added at its two ends.

    Raises:
        ValueError: if `padding` has none of the forms above, is negative,
            or `data_format` is invalid; when called, if the input is not 5-D.

    Examples:
        >>> keras.layers.ZeroPadding3D(((1, 0), 1, (0, 2)))(np.ones((1, 2, 2, 2, 3))).shape
        (1, 3, 4, 4, 3)
        >>> keras.Sequential([keras.Input(shape=(2, 2, 2, 3)),
        ...                   keras.layers.ZeroPadding3D(1)]).output_shape
        (None, 4, 4, 4, 3)
    """

    def __init__(self, padding=((1, 1), (1, 1), (1, 1)), data_format=None, **kwargs):
        super().__init__(3, padding, data_format, **kwargs)

    def get_config(self):
        config = super().get_config()
        config.update({"padding": self.padding, "data_format": self.data_format})
        return config
