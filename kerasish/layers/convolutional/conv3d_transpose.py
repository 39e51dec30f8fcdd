"""`Conv3DTranspose`: transposed convolution that upsamples volumes."""

from kerasish.layers.convolutional.conv_transpose import BaseConvTranspose


class Conv3DTranspose(BaseConvTranspose):
    """Transposed 3-D convolution (sometimes called deconvolution) of
    `(batch, depth, height, width, channels)` volumes with a `(kd, kh, kw,
    filters, in_channels)` kernel: each input voxel scatters a scaled copy
    of the kernel into the output, `strides` apart, so the output is larger.

    Per axis the output length is `length * stride + max(kernel - stride, 0)`
    with `padding="valid"` and `length * stride` with `"same"`, unless
    `output_padding` is given.

    Args:
        filters: the number of output channels, a positive int.
        kernel_size: the window's (depth, height, width), an int or a tuple of 3 ints.
        strides: the upsampling factors, an int or a tuple of 3 ints.
        padding: `"valid"` or `"same"`.
        output_padding: None, or an int or tuple of 3 ints (each smaller than
            its stride) added to one end of the output axes.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        dilation_rate: the spacing between the window's taps.
        activation: the activation applied last (name or callable), or None.
        use_bias: whether to add a bias of shape `(filters,)`.
        kernel_initializer: initializer of the kernel (default `"glorot_uniform"`).
        bias_initializer: initializer of the bias (default `"zeros"`).
        kernel_regularizer: regularizer of the kernel, or None.
        bias_regularizer: regularizer of the bias, or None.
        activity_regularizer: regularizer of the output, or None.
        kernel_constraint: constraint of the kernel, or None.
        bias_constraint: constraint of the bias, or None.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        A 5-D array: `(batch_size, depth, height, width, channels)` with
        `data_format="channels_last"` (the default),
        `(batch_size, channels, depth, height, width)` with `"channels_first"`.

    Output shape:
        A 5-D array: `(batch_size, new_depth, new_height, new_width, filters)` with
        `"channels_last"`, `(batch_size, filters, new_depth, new_height, new_width)`
        with `"channels_first"`. Each spatial size `n` becomes
        `n * strides + max(k - strides, 0)` with `padding="valid"` and `n * strides`
        with `"same"`, where `k = dilation_rate * (kernel_size - 1) + 1`; when
        `output_padding` `p` is given, it is `(n - 1) * strides + k - 2 * pad + p`,
        with `pad` 0 for `"valid"` and `k // 2` for `"same"`.

    Raises:
        ValueError: if an argument is invalid (as for `Conv2DTranspose`);
            when called, if the input is not 5-D.

    Examples:
        >>> layer = keras.layers.Conv3DTranspose(4, 3, strides=2, padding="same")
        >>> layer(np.ones((1, 2, 3, 4, 2))).shape, layer.kernel.shape
        ((1, 4, 6, 8, 4), (3, 3, 3, 4, 2))
        >>> keras.Sequential([keras.Input(shape=(2, 3, 4, 2)), layer]).output_shape
        (None, 4, 6, 8, 4)
    """

    def __init__(self, filters, kernel_size, strides=(1, 1, 1), padding="valid",
                 output_padding=None, data_format=None, dilation_rate=(1, 1, 1),
                 activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 **kwargs):
        super().__init__(
            rank=3, filters=filters, kernel_size=kernel_size, strides=strides, padding=padding,
            output_padding=output_padding, data_format=data_format, dilation_rate=dilation_rate,
            activation=activation, use_bias=use_bias, kernel_initializer=kernel_initializer,
            bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
            bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint, bias_constraint=bias_constraint, **kwargs,
        )
