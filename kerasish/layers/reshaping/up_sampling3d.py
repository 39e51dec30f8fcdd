"""`UpSampling3D`: enlarges volumes by repeating entries."""

from kerasish.layers.reshaping.base_spatial import BaseUpSampling


class UpSampling3D(BaseUpSampling):
    """Repeats the entries of the three spatial axes `size[0]`, `size[1]`
    and `size[2]` times (nearest-neighbour upsampling of volumes).

    Args:
        size: the factors per spatial axis, an int (all three) or a tuple of
            3 positive ints. Default `(2, 2, 2)`.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        A 5-D array: `(batch_size, dim1, dim2, dim3, channels)` with
        `data_format="channels_last"` (the default),
        `(batch_size, channels, dim1, dim2, dim3)` with `"channels_first"`.

    Output shape:
        A 5-D array:
        `(batch_size, dim1 * size[0], dim2 * size[1], dim3 * size[2], channels)`
        with `data_format="channels_last"`,
        `(batch_size, channels, dim1 * size[0], dim2 * size[1], dim3 * size[2])`
        with `"channels_first"`.

    Raises:
        ValueError: if `size` or `data_format` is invalid; when called, if
            the input is not 5-D.

    Examples:
        >>> keras.layers.UpSampling3D((1, 2, 3))(np.ones((1, 2, 2, 2, 4))).shape
        (1, 2, 4, 6, 4)
        >>> keras.Sequential([keras.Input(shape=(2, 2, 2, 4)),
        ...                   keras.layers.UpSampling3D(2)]).output_shape
        (None, 4, 4, 4, 4)
    """

    def __init__(self, size=(2, 2, 2), data_format=None, **kwargs):
        super().__init__(3, size, data_format, **kwargs)

    def get_config(self):
        config = super().get_config()
        config.update({"size": self.size, "data_format": self.data_format})
        return config
