"""`DepthwiseConv2D`: a separate 2-D convolution per input channel."""

from kerasish.layers.convolutional.base_depthwise_conv import BaseDepthwiseConv


class DepthwiseConv2D(BaseDepthwiseConv):
    """Convolves each input channel separately with `depth_multiplier`
    filters of its own; kernel shape (kh, kw, in_channels, depth_multiplier).

    Channels do not mix: the output has `in_channels * depth_multiplier`
    channels, those of input channel `c` at positions
    `c * depth_multiplier, ..., (c + 1) * depth_multiplier - 1`. Followed by
    a 1x1 `Conv2D`, it makes a separable convolution. Output sizes follow the
    same rules as `Conv2D`.

    Args:
        kernel_size: the window's (height, width), an int or a tuple of 2 ints.
        strides: the step between windows, an int or a tuple of 2 ints.
        padding: `"valid"` (no padding) or `"same"`.
        depth_multiplier: the number of filters per input channel, a
            positive int.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        dilation_rate: the spacing between the window's taps, an int or a
            tuple of 2 ints; a rate above 1 cannot be combined with strides
            above 1.
        activation: the activation applied last (name or callable); None
            (default) applies none.
        use_bias: whether to add a bias of shape `(in_channels * depth_multiplier,)`.
        depthwise_initializer: initializer of the kernel (default `"glorot_uniform"`).
        bias_initializer: initializer of the bias (default `"zeros"`).
        depthwise_regularizer: regularizer of the kernel, or None.
        bias_regularizer: regularizer of the bias, or None.
        activity_regularizer: regularizer of the output, or None.
        depthwise_constraint: constraint applied to the kernel after updates, or None.
        bias_constraint: constraint applied to the bias after updates, or None.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        A 4-D array: `(batch_size, height, width, channels)` with
        `data_format="channels_last"` (the default),
        `(batch_size, channels, height, width)` with `"channels_first"`.

    Output shape:
        A 4-D array:
        `(batch_size, new_height, new_width, channels * depth_multiplier)` with
        `"channels_last"`,
        `(batch_size, channels * depth_multiplier, new_height, new_width)` with
        `"channels_first"`. Each spatial size `n` becomes
        `ceil((n - dilation_rate * (kernel_size - 1)) / strides)` with
        `padding="valid"` and `ceil(n / strides)` with `"same"`.

    Raises:
        ValueError: if `depth_multiplier` is not a positive int or another
            argument is invalid (as for `Conv2D`); when called, if the input
            is not 4-D or is smaller than the window.

    Examples:
        >>> layer = keras.layers.DepthwiseConv2D(3, depth_multiplier=2)
        >>> layer(np.ones((1, 5, 5, 3))).shape
        (1, 3, 3, 6)
        >>> layer.kernel.shape
        (3, 3, 3, 2)
        >>> keras.Sequential([keras.Input(shape=(5, 5, 3)), layer]).output_shape
        (None, 3, 3, 6)
    """

    def __init__(
        self,
        kernel_size,
        strides=(1, 1),
        padding="valid",
        depth_multiplier=1,
        data_format=None,
        dilation_rate=(1, 1),
        activation=None,
        use_bias=True,
        depthwise_initializer="glorot_uniform",
        bias_initializer="zeros",
        depthwise_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        depthwise_constraint=None,
        bias_constraint=None,
        **kwargs,
    ):
        super().__init__(
            2, kernel_size, strides, padding, depth_multiplier, data_format, dilation_rate,
            activation, use_bias, depthwise_initializer, bias_initializer,
            depthwise_regularizer, bias_regularizer, activity_regularizer,
            depthwise_constraint, bias_constraint, **kwargs,
        )
