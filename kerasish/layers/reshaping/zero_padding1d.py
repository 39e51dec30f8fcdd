"""`ZeroPadding1D`: adds zeros at the start and end of sequences."""

from kerasish.layers.reshaping.base_spatial import BaseZeroPadding


class ZeroPadding1D(BaseZeroPadding):
    """Adds steps of zeros at the start and end of the time axis.

    Args:
        padding: an int (the same number at both ends) or a tuple of 2 ints
            `(start, end)`. Default 1.
        data_format: `"channels_last"` (default, `(batch, steps, features)`)
            or `"channels_first"` (`(batch, features, steps)`).
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        A 3-D array: `(batch_size, steps, features)` with
        `data_format="channels_last"` (the default), `(batch_size, features, steps)`
        with `"channels_first"`.

    Output shape:
        A 3-D array: `(batch_size, steps + start + end, features)` with
        `data_format="channels_last"`, `(batch_size, features, steps + start + end)`
        with `"channels_first"`. Here `padding` is `(start, end)` (an int pads that
        many steps at both ends).

    Raises:
        ValueError: if `padding` is not an int or a pair of non-negative
            ints, or `data_format` is invalid; when called, if the input is
            not 3-D.

    Examples:
        >>> x = np.ones((1, 2, 1))
        >>> np.asarray(keras.layers.ZeroPadding1D((1, 2))(x))[0, :, 0]
        array([0., 1., 1., 0., 0.], dtype=float32)
        >>> keras.Sequential([keras.Input(shape=(4, 3)),
        ...                   keras.layers.ZeroPadding1D(2)]).output_shape
        (None, 8, 3)
    """

    def __init__(self, padding=1, data_format=None, **kwargs):
        super().__init__(1, padding, data_format, **kwargs)

    def get_config(self):
        config = super().get_config()
        config.update({"padding": self.padding[0], "data_format": self.data_format})
        return config
