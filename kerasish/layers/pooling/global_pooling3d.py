"""`GlobalAveragePooling3D` and `GlobalMaxPooling3D`: pooling over whole volumes."""

from kerasish import ops
from kerasish.layers.pooling.global_pooling import BaseGlobalPooling


class GlobalAveragePooling3D(BaseGlobalPooling):
    """Averages each channel over the whole volume: `(batch, d, h, w, channels)` -> `(batch, channels)`.

    Args:
        data_format: `"channels_last"` (default) or `"channels_first"`.
        keepdims: whether to keep the pooled axes with size 1 (default False).
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        A 5-D array: `(batch_size, depth, height, width, channels)` with
        `data_format="channels_last"` (the default),
        `(batch_size, channels, depth, height, width)` with `"channels_first"`.

    Output shape:
        `(batch_size, channels)`; with `keepdims=True`, the spatial axes are kept
        with size 1: `(batch_size, 1, 1, 1, channels)` with `"channels_last"`,
        `(batch_size, channels, 1, 1, 1)` with `"channels_first"`.

    Raises:
        ValueError: if `data_format` is invalid; when called, if the input is not 5-D.

    Examples:
        >>> x = np.arange(8.0).reshape(1, 2, 2, 2, 1)
        >>> np.asarray(keras.layers.GlobalAveragePooling3D()(x))
        array([[3.5]], dtype=float32)
    """

    reduce_function = staticmethod(ops.mean)

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(3, data_format, keepdims, **kwargs)


class GlobalMaxPooling3D(BaseGlobalPooling):
    """Takes each channel's maximum over the whole volume: `(batch, d, h, w, channels)` -> `(batch, channels)`.

    Args:
        data_format: `"channels_last"` (default) or `"channels_first"`.
        keepdims: whether to keep the pooled axes with size 1 (default False).
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        A 5-D array: `(batch_size, depth, height, width, channels)` with
        `data_format="channels_last"` (the default),
        `(batch_size, channels, depth, height, width)` with `"channels_first"`.

    Output shape:
        `(batch_size, channels)`; with `keepdims=True`, the spatial axes are kept
        with size 1: `(batch_size, 1, 1, 1, channels)` with `"channels_last"`,
        `(batch_size, channels, 1, 1, 1)` with `"channels_first"`.

    Raises:
        ValueError: if `data_format` is invalid; when called, if the input is not 5-D.

    Examples:
        >>> x = np.arange(8.0).reshape(1, 2, 2, 2, 1)
        >>> keras.layers.GlobalMaxPooling3D(keepdims=True)(x).shape
        (1, 1, 1, 1, 1)
    """

    reduce_function = staticmethod(ops.max)

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(3, data_format, keepdims, **kwargs)
