"""`AveragePooling3D`: average pooling over 3-D windows."""

from kerasish import ops
from kerasish.layers.pooling.base_pooling import BasePooling


class AveragePooling3D(BasePooling):
    """Mean (padding excluded) over `pool_size` windows of (depth, height, width).

    Downsamples volumes of shape `(batch, depth, height, width, channels)`,
    each channel separately. Per spatial axis, the output has
    `floor((size - pool_size) / strides) + 1` positions with
    `padding="valid"` and `ceil(size / strides)` with `"same"`.

    Args:
        pool_size: the window's (depth, height, width), an int or a tuple of 3 ints.
        strides: the step between windows, an int or a tuple of 3 ints; None
            (default) uses `pool_size`.
        padding: `"valid"` (only whole windows) or `"same"`.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        name: the layer's name.
        **kwargs: Base layer keyword arguments such as `dtype`.

    Input shape:
        A 5-D array: `(batch_size, depth, height, width, channels)` with
        `data_format="channels_last"` (the default),
        `(batch_size, channels, depth, height, width)` with `"channels_first"`.

    Output shape:
        A 5-D array: `(batch_size, new_depth, new_height, new_width, channels)` with
        `"channels_last"`,
        `(batch_size, channels, new_depth, new_height, new_width)` with
        `"channels_first"`. Each spatial size `n` becomes
        `floor((n - pool_size) / strides) + 1` with `padding="valid"` and
        `ceil(n / strides)` with `"same"` (`strides` defaults to `pool_size`).

    Raises:
        ValueError: if `pool_size`, `strides`, `padding` or `data_format` is
            invalid; when called, if the input is not 5-D or is smaller than
            a window with `padding="valid"`.

    Examples:
        >>> x = np.arange(8.0).reshape(1, 2, 2, 2, 1)
        >>> np.asarray(keras.layers.AveragePooling3D(2)(x)).ravel()
        array([3.5], dtype=float32)
        >>> layer = keras.layers.AveragePooling3D(2)
        >>> keras.Sequential([keras.Input(shape=(4, 6, 6, 2)), layer]).output_shape
        (None, 2, 3, 3, 2)
    """

    pool_function = staticmethod(ops.average_pool)

    def __init__(self, pool_size, strides=None, padding="valid", data_format=None, name=None,
                 **kwargs):
        super().__init__(3, pool_size, strides, padding, data_format, name=name, **kwargs)
