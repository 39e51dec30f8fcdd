"""`Conv3D`: convolution over volumes."""

from kerasish.layers.convolutional.base_conv import BaseConv


class Conv3D(BaseConv):
    """3-D convolution over `(batch, depth, height, width, channels)` volumes
    (videos, medical scans) with a `(kd, kh, kw, in_channels / groups,
    filters)` kernel.

    Each output voxel is the sum, over a `kernel_size` window and the input
    channels, of inputs times kernel weights, plus a bias; then the
    activation. Output sizes per axis follow the same rules as `Conv2D`.

    Args:
        filters: the number of output channels, a positive int.
        kernel_size: the window's (depth, height, width), an int or a tuple of 3 ints.
        strides: the step between windows, an int or a tuple of 3 ints.
        padding: `"valid"` (no padding) or `"same"`.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        dilation_rate: the spacing between the window's taps, an int or a
            tuple of 3 ints; a rate above 1 cannot be combined with strides above 1.
        groups: split the input channels into this many groups, each
            convolved with `filters // groups` filters.
        activation: the activation applied last (name or callable), or None.
        use_bias: whether to add a bias of shape `(filters,)`.
        kernel_initializer: initializer of the kernel (default `"glorot_uniform"`).
        bias_initializer: initializer of the bias (default `"zeros"`).
        kernel_regularizer: regularizer of the kernel, or None.
        bias_regularizer: regularizer of the bias, or None.
        activity_regularizer: regularizer of the output, or None.
        kernel_constraint: constraint applied to the kernel after updates, or None.
        bias_constraint: constraint applied to the bias after updates, or None.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        A 5-D array: `(batch_size, depth, height, width, channels)` with
        `data_format="channels_last"` (the default),
        `(batch_size, channels, depth, height, width)` with `"channels_first"`.

    Output shape:
        A 5-D array: `(batch_size, new_depth, new_height, new_width, filters)` with
        `"channels_last"`, `(batch_size, filters, new_depth, new_height, new_width)`
        with `"channels_first"`. Each spatial size `n` becomes
        `ceil((n - dilation_rate * (kernel_size - 1)) / strides)` with
        `padding="valid"` and `ceil(n / strides)` with `"same"`.

    Raises:
        ValueError: if an argument is invalid (as for `Conv2D`); when called,
            if the input is not 5-D, its channels are unknown or not divisible
            by `groups`, or it is smaller than the window.

    Examples:
        >>> layer = keras.layers.Conv3D(4, 3, padding="same", activation="relu")
        >>> layer(np.ones((1, 5, 6, 7, 2))).shape, layer.kernel.shape
        ((1, 5, 6, 7, 4), (3, 3, 3, 2, 4))
        >>> keras.Sequential([keras.Input(shape=(5, 6, 7, 2)), layer]).output_shape
        (None, 5, 6, 7, 4)
    """

    def __init__(
        self,
        filters,
        kernel_size,
        strides=(1, 1, 1),
        padding="valid",
        data_format=None,
        dilation_rate=(1, 1, 1),
        groups=1,
        activation=None,
        use_bias=True,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        **kwargs,
    ):
        super().__init__(
            rank=3, filters=filters, kernel_size=kernel_size, strides=strides, padding=padding,
            data_format=data_format, dilation_rate=dilation_rate, groups=groups,
            activation=activation, use_bias=use_bias, kernel_initializer=kernel_initializer,
            bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
            bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint, bias_constraint=bias_constraint, **kwargs,
        )
