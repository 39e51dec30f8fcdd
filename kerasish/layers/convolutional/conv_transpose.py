"""`Conv1DTranspose` and `Conv2DTranspose`: learned upsampling."""

from kerasish import ops
from kerasish.ops.conv import _conv_transpose_output_length
from kerasish.layers.convolutional import conv_utils
from kerasish.layers.convolutional.base_conv import BaseConv


class BaseConvTranspose(BaseConv):
    """A transposed convolution ("deconvolution"): the gradient of a
    convolution with respect to its input, used to upsample. The kernel is
    (*kernel_size, filters, in_channels), as in Keras."""

    def __init__(self, rank, filters, kernel_size, strides, padding, output_padding,
                 data_format, dilation_rate, **kwargs):
        super().__init__(
            rank=rank,
            filters=filters,
            kernel_size=kernel_size,
            strides=strides,
            padding=padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            **kwargs,
        )
        if output_padding is not None:
            output_padding = conv_utils.standardize_tuple(
                output_padding, rank, "output_padding", allow_zero=True
            )
            for axis, (stride, extra) in enumerate(zip(self.strides, output_padding)):
                if extra >= stride:
                    raise ValueError(
                        "`output_padding` must be strictly less than `strides` for all "
                        f"dimensions. At dimension {axis}, `output_padding` is {extra} but "
                        f"`strides` is {stride}. Received: output_padding={output_padding}, "
                        f"strides={self.strides}"
                    )
        self.output_padding = output_padding

    def _kernel_shape(self, channels):
        return self.kernel_size + (self.filters, channels)

    def _output_spatial(self, spatial):
        extras = self.output_padding or (None,) * self.rank
        return tuple(
            _conv_transpose_output_length(length, k, s, self.padding, extra, d)
            for length, k, s, extra, d in zip(
                spatial, self.kernel_size, self.strides, extras, self.dilation_rate
            )
        )

    def _convolve(self, inputs):
        return ops.conv_transpose(
            inputs, self.kernel, output_padding=self.output_padding, **self._conv_arguments()
        )

    def get_config(self):
        config = super().get_config()
        del config["groups"]
        ordered = {}
        for key, value in config.items():
            ordered[key] = value
            if key == "padding":
                ordered["output_padding"] = self.output_padding
        return ordered


class Conv1DTranspose(BaseConvTranspose):
    """Transposed 1-D convolution; kernel (k, filters, in_channels).

    Each input step scatters `kernel_size` weighted copies of itself into
    the output, `strides` steps apart, so the layer lengthens sequences: with
    `padding="valid"` the output has `(steps - 1) * strides + kernel_size`
    steps (dilation aside), with `"same"` `steps * strides`. It is the
    gradient of `Conv1D` with respect to its input, as in Keras.

    Args:
        filters: the number of output channels, a positive int.
        kernel_size: the window length, an int or a tuple of 1 int.
        strides: the upsampling step, an int or a tuple of 1 int.
        padding: `"valid"` or `"same"`, as for the convolution this transposes.
        output_padding: extra size added to one side of each spatial output
            axis (an int or a tuple of 1 int), each smaller than its stride, to pick one of
            the sizes a strided convolution maps to the same input size; None
            (default) infers it.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        dilation_rate: the spacing between the window's taps, an int or a
            tuple of 1 int.
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
        size `n` becomes `n * strides + max(k - strides, 0)` with `padding="valid"`
        and `n * strides` with `"same"`, where
        `k = dilation_rate * (kernel_size - 1) + 1`; when `output_padding` `p` is
        given, it is `(n - 1) * strides + k - 2 * pad + p`, with `pad` 0 for
        `"valid"` and `k // 2` for `"same"`.

    Raises:
        ValueError: if an argument is invalid (non-positive `filters` or
            sizes, unknown `padding` or `data_format`, strides and dilation
            both above 1, an `output_padding` not smaller than its stride).

    Examples:
        >>> layer = keras.layers.Conv1DTranspose(1, 2, strides=2, kernel_initializer="ones")
        >>> np.asarray(layer(np.array([1.0, 2.0, 3.0]).reshape(1, 3, 1)))[0, :, 0]
        array([1., 1., 2., 2., 3., 3.], dtype=float32)
        >>> layer.kernel.shape
        (2, 1, 1)
        >>> keras.Sequential([keras.Input(shape=(3, 1)), layer]).output_shape
        (None, 6, 1)
    """

    def __init__(
        self,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        output_padding=None,
        data_format=None,
        dilation_rate=1,
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
            output_padding=output_padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
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


class Conv2DTranspose(BaseConvTranspose):
    """Transposed 2-D convolution; kernel (kh, kw, filters, in_channels).

    Each input pixel scatters a `kernel_size` window of weighted copies of
    itself into the output, `strides` apart, so the layer enlarges images
    (a learned upsampling, as in decoders and generators). Per spatial axis
    the output size is `(size - 1) * stride + kernel` with `padding="valid"`
    (dilation aside) and `size * stride` with `"same"`. It is the gradient of
    `Conv2D` with respect to its input, as in Keras.

    Args:
        filters: the number of output channels, a positive int.
        kernel_size: the window's (height, width), an int or a tuple of 2 ints.
        strides: the upsampling steps, an int or a tuple of 2 ints.
        padding: `"valid"` or `"same"`, as for the convolution this transposes.
        output_padding: extra size added to one side of each spatial output
            axis (an int or a tuple of 2 ints), each smaller than its stride, to pick one of
            the sizes a strided convolution maps to the same input size; None
            (default) infers it.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        dilation_rate: the spacing between the window's taps, an int or a
            tuple of 2 ints.
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
        `n * strides + max(k - strides, 0)` with `padding="valid"` and `n * strides`
        with `"same"`, where `k = dilation_rate * (kernel_size - 1) + 1`; when
        `output_padding` `p` is given, it is `(n - 1) * strides + k - 2 * pad + p`,
        with `pad` 0 for `"valid"` and `k // 2` for `"same"`.

    Raises:
        ValueError: if an argument is invalid (non-positive `filters` or
            sizes, unknown `padding` or `data_format`, strides and dilation
            both above 1, an `output_padding` not smaller than its stride).

    Examples:
        >>> layer = keras.layers.Conv2DTranspose(4, 3, strides=2, padding="same")
        >>> layer(np.ones((1, 5, 5, 2))).shape
        (1, 10, 10, 4)
        >>> layer.kernel.shape
        (3, 3, 4, 2)
        >>> keras.Sequential([keras.Input(shape=(5, 5, 2)), layer]).output_shape
        (None, 10, 10, 4)
    """

    def __init__(
        self,
        filters,
        kernel_size,
        strides=(1, 1),
        padding="valid",
        output_padding=None,
        data_format=None,
        dilation_rate=(1, 1),
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
            output_padding=output_padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
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
