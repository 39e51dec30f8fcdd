"""`UpSampling1D`: lengthens sequences by repeating steps."""

from kerasish.layers.reshaping.base_spatial import BaseUpSampling
from kerasish.utils import validation


class UpSampling1D(BaseUpSampling):
    """Repeats each step of `(batch, steps, features)` inputs `size` times.

    Args:
        size: the upsampling factor, a positive int (default 2).
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        A 3-D array `(batch_size, steps, features)`.

    Output shape:
        `(batch_size, steps * size, features)`.

    Raises:
        TypeError: if `size` is not an int.
        ValueError: if `size` is not positive; when called, if the input is
            not 3-D.

    Examples:
        >>> x = np.array([1.0, 2.0]).reshape(1, 2, 1)
        >>> np.asarray(keras.layers.UpSampling1D(3)(x))[0, :, 0]
        array([1., 1., 1., 2., 2., 2.], dtype=float32)
        >>> keras.Sequential([keras.Input(shape=(5, 3)), keras.layers.UpSampling1D(2)]).output_shape
        (None, 10, 3)
    """

    def __init__(self, size=2, **kwargs):
        validation.check_positive_int(size, "size")
        super().__init__(1, size, "channels_last", **kwargs)

    def get_config(self):
        config = super().get_config()
        config["size"] = self.size[0]
        return config
