"""`SeparableConv1D`: a depthwise then a pointwise convolution."""

from kerasish.layers.convolutional.base_separable_conv import BaseSeparableConv


class SeparableConv1D(BaseSeparableConv):
    """Separable 1-D convolution of `(batch, steps, channels)` inputs: each
    input channel is convolved with `depth_multiplier` filters of its own (a
    depthwise convolution), then a 1x1 convolution mixes the channels into
    `filters` outputs; then the bias and the activation.

    It has far fewer weights than a full convolution with the same window.

    Args:
        filters: the number of output channels, a positive int.
        kernel_size: the window size, an int or a tuple of 1 int.
        strides: the step between windows, an int or a tuple of 1 int.
        padding: `"valid"` (no padding) or `"same"`.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        dilation_rate: the spacing between the window's taps, an int or a tuple of 1 int.
        depth_multiplier: the number of depthwise filters per input channel
            (default 1).
        activation: the activation applied last (name or callable), or None.
        use_bias: whether to add a bias of shape `(filters,)`.
        depthwise_initializer: initializer of `depthwise_kernel`.
        pointwise_initializer: initializer of `pointwise_kernel`.
        bias_initializer: initializer of the bias (default `"zeros"`).
        depthwise_regularizer: regularizer of `depthwise_kernel`, or None.
        pointwise_regularizer: regularizer of `pointwise_kernel`, or None.
        bias_regularizer: regularizer of the bias, or None.
        activity_regularizer: regularizer of the output, or None.
        depthwise_constraint: constraint of `depthwise_kernel`, or None.
        pointwise_constraint: constraint of `pointwise_kernel`, or None.
        bias_constraint: constraint of the bias, or None.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Raises:
        ValueError: if `filters`, `depth_multiplier` or another argument is
            invalid; when called, if the input has the wrong rank, unknown
            channels, or is smaller than the window.

    Examples:
        >>> layer = keras.layers.SeparableConv1D(4, 3, depth_multiplier=2)
        >>> layer(np.ones((1, 6, 3))).shape
        (1, 4, 4)
        >>> [tuple(w.shape) for w in layer.weights]
        [(3, 3, 2), (1, 6, 4), (4,)]
    """

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, depth_multiplier=1, activation=None, use_bias=True,
                 depthwise_initializer="glorot_uniform", pointwise_initializer="glorot_uniform",
                 bias_initializer="zeros", depthwise_regularizer=None,
                 pointwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, pointwise_constraint=None, bias_constraint=None,
                 **kwargs):
        super().__init__(
            1, depth_multiplier, filters, kernel_size, strides, padding, data_format,
            dilation_rate, activation, use_bias, depthwise_initializer, pointwise_initializer,
            bias_initializer, depthwise_regularizer, pointwise_regularizer, bias_regularizer,
            activity_regularizer, depthwise_constraint, pointwise_constraint, bias_constraint,
            **kwargs,
        )
