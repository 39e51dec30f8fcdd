"""`AdaptiveAveragePooling1D/2D/3D`: average pooling into a fixed output size."""

from kerasish import ops
from kerasish.layers.pooling.base_adaptive_pooling import BaseAdaptivePooling


class AdaptiveAveragePooling1D(BaseAdaptivePooling):
    """Pools `(batch, steps, channels)` inputs into `output_size` positions per spatial
    axis, whatever the input size: output position i of an axis of length L
    takes the average of inputs `floor(i * L / n)` to `ceil((i + 1) * L / n)`.

    Args:
        output_size: the output size, an int (every spatial axis) or a tuple
            of 1 ints.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Raises:
        TypeError: if `output_size` is not an int or a tuple of 1 ints.
        ValueError: if `data_format` is invalid; when called, if the input
            has the wrong rank.

    Examples:
        >>> x = np.arange(5.0).reshape(1, 5, 1)
        >>> np.asarray(keras.layers.AdaptiveAveragePooling1D(3)(x))[0, :, 0]
        array([0.5, 2. , 3.5], dtype=float32)
    """

    reduce_function = staticmethod(ops.mean)

    def __init__(self, output_size, data_format=None, **kwargs):
        super().__init__(1, output_size, data_format, **kwargs)


class AdaptiveAveragePooling2D(BaseAdaptivePooling):
    """Pools `(batch, height, width, channels)` inputs into `output_size` positions per spatial
    axis, whatever the input size: output position i of an axis of length L
    takes the average of inputs `floor(i * L / n)` to `ceil((i + 1) * L / n)`.

    Args:
        output_size: the output size, an int (every spatial axis) or a tuple
            of 2 ints.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Raises:
        TypeError: if `output_size` is not an int or a tuple of 2 ints.
        ValueError: if `data_format` is invalid; when called, if the input
            has the wrong rank.

    Examples:
        >>> x = np.ones((1, 7, 9, 2))
        >>> keras.layers.AdaptiveAveragePooling2D((2, 3))(x).shape
        (1, 2, 3, 2)
    """

    reduce_function = staticmethod(ops.mean)

    def __init__(self, output_size, data_format=None, **kwargs):
        super().__init__(2, output_size, data_format, **kwargs)


class AdaptiveAveragePooling3D(BaseAdaptivePooling):
    """Pools `(batch, depth, height, width, channels)` inputs into `output_size` positions per spatial
    axis, whatever the input size: output position i of an axis of length L
    takes the average of inputs `floor(i * L / n)` to `ceil((i + 1) * L / n)`.

    Args:
        output_size: the output size, an int (every spatial axis) or a tuple
            of 3 ints.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Raises:
        TypeError: if `output_size` is not an int or a tuple of 3 ints.
        ValueError: if `data_format` is invalid; when called, if the input
            has the wrong rank.

    Examples:
        >>> x = np.ones((1, 4, 5, 6, 2))
        >>> keras.layers.AdaptiveAveragePooling3D(2)(x).shape
        (1, 2, 2, 2, 2)
    """

    reduce_function = staticmethod(ops.mean)

    def __init__(self, output_size, data_format=None, **kwargs):
        super().__init__(3, output_size, data_format, **kwargs)
