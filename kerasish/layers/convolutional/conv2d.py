"""`Conv2D`: convolution over images."""

from kerasish.layers.convolutional.base_conv import BaseConv


class Conv2D(BaseConv):
    """2-D convolution over (batch, height, width, channels) with a
    (kh, kw, in_channels / groups, filters) kernel.

    Each output pixel of each of the `filters` channels is the sum, over a
    `kernel_size` window and all input channels, of inputs times kernel
    weights, plus a bias; then the activation. As in Keras this is a
    cross-correlation (the kernel is not flipped). Per spatial axis, the
    output size is `ceil((size - dilated_kernel + 1) / stride)` with
    `padding="valid"` and `ceil(size / stride)` with `"same"`.

    Args:
        filters: the number of output channels, a positive int.
        kernel_size: the window's (height, width), an int for a square window
            or a tuple of 2 ints.
        strides: the step between windows, an int or a tuple of 2 ints.
        padding: `"valid"` (no padding) or `"same"` (zeros around the input
            so that, with stride 1, the output keeps the input's size).
        data_format: `"channels_last"` (default, `(batch, height, width,
            channels)`) or `"channels_first"` (`(batch, channels, height,
            width)`).
        dilation_rate: the spacing between the window's taps, an int or a
            tuple of 2 ints; a rate above 1 cannot be combined with strides
            above 1.
        groups: split the input channels into this many groups, each
            convolved with `filters // groups` filters; both channel counts
            must divide by it.
        activation: the activation applied last (name or callable); None
            (default) applies none.
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
        A 4-D array: `(batch_size, height, width, channels)` with
        `data_format="channels_last"` (the default),
        `(batch_size, channels, height, width)` with `"channels_first"`.

    Output shape:
        A 4-D array: `(batch_size, new_height, new_width, filters)` with
        `"channels_last"`, `(batch_size, filters, new_height, new_width)` with
        `"channels_first"`. Each spatial size `n` becomes
        `ceil((n - dilation_rate * (kernel_size - 1)) / strides)` with
        `padding="valid"` and `ceil(n / strides)` with `"same"`.

    Raises:
        ValueError: if an argument is invalid (non-positive `filters` or
            sizes, unknown `padding` or `data_format`, `filters` not
            divisible by `groups`, strides and dilation both above 1); when
            called, if the input is not 4-D, its channels are unknown or not
            divisible by `groups`, or it is smaller than the window.

    Examples:
        >>> layer = keras.layers.Conv2D(8, kernel_size=3, strides=2, activation="relu")
        >>> layer(np.ones((2, 28, 28, 1))).shape
        (2, 13, 13, 8)
        >>> layer.kernel.shape
        (3, 3, 1, 8)
        >>> keras.layers.Conv2D(4, 3, padding="same")(np.ones((1, 5, 5, 2))).shape
        (1, 5, 5, 4)
        >>> keras.Sequential([keras.Input(shape=(28, 28, 1)), layer]).output_shape
        (None, 13, 13, 8)
    """

    def __init__(
        self,
        filters,
        kernel_size,
        strides=(1, 1),
        padding="valid",
        data_format=None,
        dilation_rate=(1, 1),
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
            rank=2,
            filters=filters,
            kernel_size=kernel_size,
            strides=strides,
            padding=padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            groups=groups,
            activation=activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint,
            **kwargs,
        )
