"""`Cropping1D`: removes steps at the start and end of sequences."""

from kerasish.layers.reshaping.base_spatial import BaseCropping


class Cropping1D(BaseCropping):
    """Removes `cropping` steps from the start and end of the time axis of
    `(batch, steps, features)` inputs.

    Args:
        cropping: an int (the same number at both ends) or a tuple of 2 ints
            `(start, end)`. Default `(1, 1)`.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        A 3-D array `(batch_size, steps, features)`.

    Output shape:
        `(batch_size, steps - start - end, features)`, where `cropping` is
        `(start, end)` (an int crops that many steps at both ends).

    Raises:
        ValueError: if `cropping` is not an int or a pair of non-negative
            ints; when called, if the input is not 3-D or is not longer than
            the cropping.

    Examples:
        >>> x = np.arange(6.0).reshape(1, 6, 1)
        >>> np.asarray(keras.layers.Cropping1D((1, 2))(x))[0, :, 0]
        array([1., 2., 3.], dtype=float32)
        >>> keras.Sequential([keras.Input(shape=(6, 2)), keras.layers.Cropping1D(1)]).output_shape
        (None, 4, 2)
    """

    def __init__(self, cropping=(1, 1), **kwargs):
        super().__init__(1, cropping, "channels_last", **kwargs)

    def get_config(self):
        config = super().get_config()
        config["cropping"] = self.cropping[0]
        return config
