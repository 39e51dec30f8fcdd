"""`Conv1D`: convolution over sequences."""

from kerasish import ops
from kerasish.layers.convolutional.base_conv import BaseConv


class Conv1D(BaseConv):
    """1-D convolution over (batch, steps, channels); padding may also be
    'causal' (output t sees only inputs up to t).

    Each of the `filters` outputs at step `t` is the sum, over a window of
    `kernel_size` steps and all input channels, of inputs times kernel
    weights, plus a bias; then the activation. As in Keras (and TensorFlow)
    this is a cross-correlation: the kernel is not flipped. The kernel has
    shape `(kernel_size, in_channels // groups, filters)`. With
    `padding="valid"` the output has `ceil((steps - dilated_kernel + 1) /
    strides)` steps, with `"same"` and `"causal"` `ceil(steps / strides)`.

    Args:
        filters: the number of output channels, a positive int.
        kernel_size: the window length, an int or a tuple of 1 int.
        strides: the step between windows, an int or a tuple of 1 int.
        padding: `"valid"` (no padding), `"same"` (zeros around the input so
            that, with stride 1, the output is as long as the input) or
            `"causal"` (zeros on the left only).
        data_format: `"channels_last"` (default, `(batch, steps, channels)`)
            or `"channels_first"` (`(batch, channels, steps)`).
        dilation_rate: the spacing between the window's taps (an int); a
            rate above 1 cannot be combined with strides above 1.
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
        A 3-D array: `(batch_size, steps, channels)` with
        `data_format="channels_last"` (the default), `(batch_size, channels, steps)`
        with `"channels_first"`.

    Output shape:
        A 3-D array: `(batch_size, new_steps, filters)` with `"channels_last"`,
        `(batch_size, filters, new_steps)` with `"channels_first"`. Each spatial
        length `n` becomes `ceil((n - dilation_rate * (kernel_size - 1)) / strides)`
        with `padding="valid"` and `ceil(n / strides)` with `"same"` or `"causal"`.

    Raises:
        ValueError: if an argument is invalid (non-positive `filters` or
            sizes, unknown `padding` or `data_format`, `filters` not
            divisible by `groups`, strides and dilation both above 1); when
            called, if the input is not 3-D, its channels are unknown or not
            divisible by `groups`, or it is too short for the window.

    Examples:
        >>> x = np.arange(5.0).reshape(1, 5, 1)
        >>> layer = keras.layers.Conv1D(1, kernel_size=2, kernel_initializer="ones")
        >>> np.asarray(layer(x))[0, :, 0]
        array([1., 3., 5., 7.], dtype=float32)
        >>> causal = keras.layers.Conv1D(1, 2, padding="causal", kernel_initializer="ones")
        >>> np.asarray(causal(x))[0, :, 0]
        array([0., 1., 3., 5., 7.], dtype=float32)
        >>> keras.Sequential([keras.Input(shape=(10, 3)), keras.layers.Conv1D(8, 3)]).output_shape
        (None, 8, 8)
    """

    def __init__(
        self,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        data_format=None,
        dilation_rate=1,
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
            rank=1,
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
            allow_causal=True,
            **kwargs,
        )

    def _convolve(self, inputs):
        if self.padding != "causal":
            return super()._convolve(inputs)
        # Causal: pad only on the left, so output t sees inputs up to t.
        left = self.dilation_rate[0] * (self.kernel_size[0] - 1)
        widths = [(0, 0), (left, 0), (0, 0)]
        if self.data_format == "channels_first":
            widths = [(0, 0), (0, 0), (left, 0)]
        padded = ops.pad(inputs, widths)
        return ops.conv(padded, self.kernel, **self._conv_arguments(padding="valid"))
