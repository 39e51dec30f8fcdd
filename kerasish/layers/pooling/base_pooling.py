"""Max and average pooling over 1-D and 2-D windows."""

from kerasish import ops
from kerasish.backend import conv_primitives
from kerasish.layers import input_checks
from kerasish.layers.input_spec import InputSpec
from kerasish.layers.convolutional import conv_utils
from kerasish.layers.layer import Layer


class BasePooling(Layer):
    """Pools `pool_size` windows every `strides` (default: `pool_size`)."""

    built_at_init = True  # as in Keras: no build_config

    pool_function = None  # ops.max_pool or ops.average_pool, set by subclasses

    def __init__(self, rank, pool_size, strides=None, padding="valid", data_format=None,
                 name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        self.input_spec = InputSpec(ndim=rank + 2)
        self.rank = rank
        self.pool_size = conv_utils.standardize_tuple(pool_size, rank, "pool_size")
        strides = pool_size if strides is None else strides
        self.strides = conv_utils.standardize_tuple(strides, rank, "strides")
        self.padding = conv_utils.standardize_padding(padding)
        self.data_format = conv_utils.standardize_data_format(data_format)

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        input_checks.check_ndim(self, input_shape, ndim=self.rank + 2)
        axes = conv_utils.spatial_axes(self.rank, self.data_format)
        output = list(input_shape)
        for axis, window, stride in zip(axes, self.pool_size, self.strides):
            output[axis] = conv_primitives.conv_output_length(
                input_shape[axis], window, stride, 1, self.padding
            )
        conv_utils.check_output_size(
            self, input_shape, [output[a] for a in axes], self.pool_size, self.strides,
            self.padding,
        )
        return tuple(output)

    def call(self, inputs):
        self.compute_output_shape(inputs.shape)
        return type(self).pool_function(
            inputs,
            pool_size=self.pool_size,
            strides=self.strides,
            padding=self.padding,
            data_format=self.data_format,
        )

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "pool_size": self.pool_size,
                "padding": self.padding,
                "strides": self.strides,
                "data_format": self.data_format,
            }
        )
        return config


class MaxPooling1D(BasePooling):
    """Maximum over windows of `pool_size` steps.

    Downsamples sequences of shape `(batch, steps, channels)`, each channel
    separately.
    Per spatial axis, the output has `floor((size - pool_size) / strides) + 1`
    positions with `padding="valid"` and `ceil(size / strides)` with `"same"`.

    Args:
        pool_size: the window length, an int or a tuple of 1 int (default 2).
        strides: the step between windows, an int or a tuple of 1
            int; None (default) uses `pool_size`, so windows do not overlap.
        padding: `"valid"` (only whole windows) or `"same"` (the input is
            padded so that the output has `ceil(size / strides)` positions).
        data_format: `"channels_last"` (default, `(batch, steps,
            channels)`) or `"channels_first"` (`(batch, channels, steps)`).
        name: the layer's name.
        **kwargs: Base layer keyword arguments such as `dtype`.

    Input shape:
        A 3-D array: `(batch_size, steps, channels)` with
        `data_format="channels_last"` (the default), `(batch_size, channels, steps)`
        with `"channels_first"`.

    Output shape:
        A 3-D array: `(batch_size, new_steps, channels)` with `"channels_last"`,
        `(batch_size, channels, new_steps)` with `"channels_first"`. Each spatial
        size `n` becomes `floor((n - pool_size) / strides) + 1` with
        `padding="valid"` and `ceil(n / strides)` with `"same"` (`strides` defaults
        to `pool_size`).

    Raises:
        ValueError: if `pool_size`, `strides`, `padding` or `data_format` is
            invalid; when called, if the input has the wrong rank or is
            smaller than a window with `padding="valid"`.

    Examples:
        >>> x = np.array([1.0, 3.0, 2.0, 5.0, 4.0]).reshape(1, 5, 1)
        >>> np.asarray(keras.layers.MaxPooling1D(pool_size=2)(x))[0, :, 0]
        array([3., 5.], dtype=float32)
        >>> layer = keras.layers.MaxPooling1D()
        >>> keras.Sequential([keras.Input(shape=(5, 3)), layer]).output_shape
        (None, 2, 3)
    """

    pool_function = staticmethod(ops.max_pool)

    def __init__(self, pool_size=2, strides=None, padding="valid", data_format=None,
                 name=None, **kwargs):
        super().__init__(1, pool_size, strides, padding, data_format, name=name, **kwargs)


class MaxPooling2D(BasePooling):
    """Maximum over `pool_size` windows of (height, width).

    Downsamples images of shape `(batch, height, width, channels)`, each
    channel separately; the default halves both sides.
    Per spatial axis, the output has `floor((size - pool_size) / strides) + 1`
    positions with `padding="valid"` and `ceil(size / strides)` with `"same"`.

    Args:
        pool_size: the window's (height, width), an int or a tuple of 2
            ints (default (2, 2)).
        strides: the step between windows, an int or a tuple of 2
            ints; None (default) uses `pool_size`, so windows do not overlap.
        padding: `"valid"` (only whole windows) or `"same"` (the input is
            padded so that the output has `ceil(size / strides)` positions).
        data_format: `"channels_last"` (default, `(batch, height, width,
            channels)`) or `"channels_first"`.
        name: the layer's name.
        **kwargs: Base layer keyword arguments such as `dtype`.

    Input shape:
        A 4-D array: `(batch_size, height, width, channels)` with
        `data_format="channels_last"` (the default),
        `(batch_size, channels, height, width)` with `"channels_first"`.

    Output shape:
        A 4-D array: `(batch_size, new_height, new_width, channels)` with
        `"channels_last"`, `(batch_size, channels, new_height, new_width)` with
        `"channels_first"`. Each spatial size `n` becomes
        `floor((n - pool_size) / strides) + 1` with `padding="valid"` and
        `ceil(n / strides)` with `"same"` (`strides` defaults to `pool_size`).

    Raises:
        ValueError: if `pool_size`, `strides`, `padding` or `data_format` is
            invalid; when called, if the input has the wrong rank or is
            smaller than a window with `padding="valid"`.

    Examples:
        >>> x = np.arange(16.0).reshape(1, 4, 4, 1)
        >>> np.asarray(keras.layers.MaxPooling2D()(x))[0, :, :, 0]
        array([[ 5.,  7.],
               [13., 15.]], dtype=float32)
        >>> layer = keras.layers.MaxPooling2D()
        >>> keras.Sequential([keras.Input(shape=(28, 28, 8)), layer]).output_shape
        (None, 14, 14, 8)
    """

    pool_function = staticmethod(ops.max_pool)

    def __init__(self, pool_size=(2, 2), strides=None, padding="valid", data_format=None,
                 name=None, **kwargs):
        super().__init__(2, pool_size, strides, padding, data_format, name=name, **kwargs)


class AveragePooling1D(BasePooling):
    """Mean over windows of `pool_size` steps (padding excluded from the mean).

    Downsamples sequences of shape `(batch, steps, channels)`, each channel
    separately. With `padding="same"`, a window that overhangs the input
    averages only the values inside it, as in Keras.
    Per spatial axis, the output has `floor((size - pool_size) / strides) + 1`
    positions with `padding="valid"` and `ceil(size / strides)` with `"same"`.

    Args:
        pool_size: the window length, an int or a tuple of 1 int.
        strides: the step between windows, an int or a tuple of 1
            int; None (default) uses `pool_size`, so windows do not overlap.
        padding: `"valid"` (only whole windows) or `"same"` (the input is
            padded so that the output has `ceil(size / strides)` positions).
        data_format: `"channels_last"` (default, `(batch, steps,
            channels)`) or `"channels_first"` (`(batch, channels, steps)`).
        name: the layer's name.
        **kwargs: Base layer keyword arguments such as `dtype`.

    Input shape:
        A 3-D array: `(batch_size, steps, channels)` with
        `data_format="channels_last"` (the default), `(batch_size, channels, steps)`
        with `"channels_first"`.

    Output shape:
        A 3-D array: `(batch_size, new_steps, channels)` with `"channels_last"`,
        `(batch_size, channels, new_steps)` with `"channels_first"`. Each spatial
        size `n` becomes `floor((n - pool_size) / strides) + 1` with
        `padding="valid"` and `ceil(n / strides)` with `"same"` (`strides` defaults
        to `pool_size`).

    Raises:
        ValueError: if `pool_size`, `strides`, `padding` or `data_format` is
            invalid; when called, if the input has the wrong rank or is
            smaller than a window with `padding="valid"`.

    Examples:
        >>> x = np.array([1.0, 3.0, 2.0, 5.0, 4.0]).reshape(1, 5, 1)
        >>> np.asarray(keras.layers.AveragePooling1D(2, padding="same")(x))[0, :, 0]
        array([2. , 3.5, 4. ], dtype=float32)
        >>> layer = keras.layers.AveragePooling1D(2, padding="same")
        >>> keras.Sequential([keras.Input(shape=(5, 3)), layer]).output_shape
        (None, 3, 3)
    """

    pool_function = staticmethod(ops.average_pool)

    def __init__(self, pool_size, strides=None, padding="valid", data_format=None,
                 name=None, **kwargs):
        super().__init__(1, pool_size, strides, padding, data_format, name=name, **kwargs)


class AveragePooling2D(BasePooling):
    """Mean over `pool_size` windows of (height, width) (padding excluded).

    Downsamples images of shape `(batch, height, width, channels)`, each
    channel separately. With `padding="same"`, a window that overhangs the
    input averages only the values inside it, as in Keras.
    Per spatial axis, the output has `floor((size - pool_size) / strides) + 1`
    positions with `padding="valid"` and `ceil(size / strides)` with `"same"`.

    Args:
        pool_size: the window's (height, width), an int or a tuple of 2
            ints.
        strides: the step between windows, an int or a tuple of 2
            ints; None (default) uses `pool_size`, so windows do not overlap.
        padding: `"valid"` (only whole windows) or `"same"` (the input is
            padded so that the output has `ceil(size / strides)` positions).
        data_format: `"channels_last"` (default, `(batch, height, width,
            channels)`) or `"channels_first"`.
        name: the layer's name.
        **kwargs: Base layer keyword arguments such as `dtype`.

    Input shape:
        A 4-D array: `(batch_size, height, width, channels)` with
        `data_format="channels_last"` (the default),
        `(batch_size, channels, height, width)` with `"channels_first"`.

    Output shape:
        A 4-D array: `(batch_size, new_height, new_width, channels)` with
        `"channels_last"`, `(batch_size, channels, new_height, new_width)` with
        `"channels_first"`. Each spatial size `n` becomes
        `floor((n - pool_size) / strides) + 1` with `padding="valid"` and
        `ceil(n / strides)` with `"same"` (`strides` defaults to `pool_size`).

    Raises:
        ValueError: if `pool_size`, `strides`, `padding` or `data_format` is
            invalid; when called, if the input has the wrong rank or is
            smaller than a window with `padding="valid"`.

    Examples:
        >>> x = np.arange(16.0).reshape(1, 4, 4, 1)
        >>> np.asarray(keras.layers.AveragePooling2D(2)(x))[0, :, :, 0]
        array([[ 2.5,  4.5],
               [10.5, 12.5]], dtype=float32)
        >>> layer = keras.layers.AveragePooling2D(2)
        >>> keras.Sequential([keras.Input(shape=(7, 7, 4)), layer]).output_shape
        (None, 3, 3, 4)
    """

    pool_function = staticmethod(ops.average_pool)

    def __init__(self, pool_size, strides=None, padding="valid", data_format=None,
                 name=None, **kwargs):
        super().__init__(2, pool_size, strides, padding, data_format, name=name, **kwargs)
