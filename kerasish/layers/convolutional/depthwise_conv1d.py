"""`DepthwiseConv1D`: a separate 1-D convolution per input channel."""

from kerasish.layers.convolutional.base_depthwise_conv import BaseDepthwiseConv


class DepthwiseConv1D(BaseDepthwiseConv):
    """Convolves each channel of `(batch, steps, channels)` inputs separately
    with `depth_multiplier` filters of its own; kernel shape
    `(kernel_size, in_channels, depth_multiplier)`.

    The output has `in_channels * depth_multiplier` channels, those of input
    channel `c` at positions `c * depth_multiplier, ...`. Output lengths
    follow the same rules as `Conv1D`.

    Args:
        kernel_size: the window length, an int or a tuple of 1 int.
        strides: the step between windows, an int or a tuple of 1 int.
        padding: `"valid"` (no padding) or `"same"`.
        depth_multiplier: the number of filters per input channel, a positive int.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        dilation_rate: the spacing between the window's taps, an int; a rate
            above 1 cannot be combined with strides above 1.
        activation: the activation applied last (name or callable), or None.
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
        A 3-D array: `(batch_size, steps, channels)` with
        `data_format="channels_last"` (the default), `(batch_size, channels, steps)`
        with `"channels_first"`.

    Output shape:
        A 3-D array: `(batch_size, new_steps, channels * depth_multiplier)` with
        `"channels_last"`, `(batch_size, channels * depth_multiplier, new_steps)`
        with `"channels_first"`. Each spatial length `n` becomes
        `ceil((n - dilation_rate * (kernel_size - 1)) / strides)` with
        `padding="valid"` and `ceil(n / strides)` with `"same"`.

    Raises:
        ValueError: if `depth_multiplier` or another argument is invalid;
            when called, if the input is not 3-D or is shorter than the window.

    Examples:
        >>> layer = keras.layers.DepthwiseConv1D(3, depth_multiplier=2)
        >>> layer(np.ones((1, 6, 4))).shape, layer.kernel.shape
        ((1, 4, 8), (3, 4, 2))
        >>> keras.Sequential([keras.Input(shape=(6, 4)), layer]).output_shape
        (None, 4, 8)
    """

    def __init__(
        self,
        kernel_size,
        strides=1,
        padding="valid",
        depth_multiplier=1,
        data_format=None,
        dilation_rate=1,
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
            1, kernel_size, strides, padding, depth_multiplier, data_format, dilation_rate,
            activation, use_bias, depthwise_initializer, bias_initializer,
            depthwise_regularizer, bias_regularizer, activity_regularizer,
            depthwise_constraint, bias_constraint, **kwargs,
        )
