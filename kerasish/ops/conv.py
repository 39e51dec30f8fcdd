"""Convolution, pooling, padding and normalization ops, named as in
`keras.ops`. They take 1-D (batch, length, channels), 2-D
(batch, height, width, channels) and, except `conv_transpose`, 3-D (batch,
depth, height, width, channels) inputs; `data_format="channels_first"` puts
channels second and is handled by transposing around the channels-last code."""

import numpy as np

from kerasish.backend import config
from kerasish.backend import conv_primitives as C
from kerasish.utils.argument_validation import (
    standardize_data_format,
    standardize_padding,
    standardize_tuple,
)
from kerasish.ops.numpy import (
    _operand, _value, add, divide, multiply, reshape, sqrt, stack, subtract, transpose,
)


def _to_channels_last(x, data_format):
    if data_format == "channels_last":
        return x
    rank = len(np.shape(_value(x)))
    return transpose(x, (0,) + tuple(range(2, rank)) + (1,))


def _from_channels_last(x, data_format):
    if data_format == "channels_last":
        return x
    rank = len(np.shape(_value(x)))
    return transpose(x, (0, rank - 1) + tuple(range(1, rank - 1)))


def _spatial_rank(x, name, max_rank=3):
    rank = len(np.shape(_value(x))) - 2
    if not 1 <= rank <= max_rank:
        supported = "1-D inputs (rank 3), 2-D inputs (rank 4)"
        supported += " and 3-D inputs (rank 5)" if max_rank == 3 else ""
        raise ValueError(
            f"`{name}` supports {supported}. Received: inputs.shape={np.shape(_value(x))}"
        )
    return rank


def _as_2d(x, rank):
    """(batch, length, channels) -> (batch, 1, length, channels)."""
    if rank == 2:
        return x
    shape = np.shape(_value(x))
    return reshape(x, (shape[0], 1) + tuple(shape[1:]))


def _from_2d(x, rank):
    if rank == 2:
        return x
    shape = np.shape(_value(x))
    return reshape(x, (shape[0],) + tuple(shape[2:]))


def _pads(spatial_shape, kernel, strides, dilation, padding):
    return tuple(
        C.padding_amounts(spatial_shape[a], kernel[a], strides[a], dilation[a], padding)
        for a in range(len(spatial_shape))
    )


def _lift(values, rank, fill):
    """Per-axis parameters of a 1-D op, given a height axis of size 1."""
    return tuple(values) if rank == 2 else (fill,) + tuple(values)


def conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    """N-D convolution (a cross-correlation, as in Keras) of `inputs` with `kernel`.

    Supports 1-D inputs (batch, length, channels), 2-D inputs (batch,
    height, width, channels) and 3-D inputs (batch, depth, height, width,
    channels). The kernel has shape (*kernel_size,
    in_channels / groups, out_channels): when its input-channel axis is smaller
    than the input's channels, the channels are split into that many groups,
    each convolved with its own slice of filters (a grouped convolution).

    Args:
        inputs: A Tensor or array of rank 3, 4 or 5.
        kernel: A Tensor or array of shape (*kernel_size, in_channels / groups,
            out_channels).
        strides: An int or a tuple of one int per spatial axis: the step of the
            window. Defaults to 1.
        padding: `"valid"` (no padding: the output shrinks) or `"same"` (zero
            padding so that the output length is `ceil(length / stride)`; any
            odd pixel of padding goes at the end, as in Keras). Case-insensitive.
        data_format: `"channels_last"` (batch, *spatial, channels) or
            `"channels_first"` (batch, channels, *spatial). None (the default)
            uses `keras.config.image_data_format()`.
        dilation_rate: An int or a tuple of one int per spatial axis: the
            spacing between kernel taps (1, the default, is a plain
            convolution).

    Returns:
        The output, of shape (batch, *output_spatial, out_channels) in
        channels-last format: a Tensor when an input needs a gradient, else a
        NumPy array.

    Raises:
        ValueError: If the input is not of rank 3, 4 or 5, or `padding`,
            `data_format`, `strides` or `dilation_rate` is not a valid value.
            Also if the input channels are not a multiple of the kernel's input
            channels.

    Examples:
        >>> x = np.arange(5, dtype="float32").reshape(1, 5, 1)
        >>> keras.ops.conv(x, np.ones((2, 1, 1), dtype="float32"))[0, :, 0]
        array([1., 3., 5., 7.], dtype=float32)
        >>> images = np.ones((1, 5, 5, 2), dtype="float32")
        >>> keras.ops.conv(images, np.ones((3, 3, 2, 4), dtype="float32"), padding="same").shape
        (1, 5, 5, 4)
    """
    return _conv(inputs, kernel, strides, padding, data_format, dilation_rate)


def _conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1,
          bias=None, relu=False):
    """`conv`, plus an optional bias and relu computed in the same graph node
    (what Conv layers use; a channels-first bias is added separately)."""
    data_format = standardize_data_format(data_format)
    rank = _spatial_rank(inputs, "conv")
    padding = standardize_padding(padding)
    strides = standardize_tuple(strides, rank, "strides")
    dilation = standardize_tuple(dilation_rate, rank, "dilation_rate")
    x = _to_channels_last(_operand(inputs), data_format)
    kernel = _operand(kernel)
    kernel_shape = np.shape(_value(kernel))
    channels = np.shape(_value(x))[-1]
    if channels % kernel_shape[-2] != 0:
        raise ValueError(
            "The number of input channels must be a multiple of the kernel's input "
            f"channels. Received: inputs.shape={np.shape(_value(inputs))}, "
            f"kernel.shape={kernel_shape}"
        )
    if rank == 3:
        out = _conv3d(x, kernel, strides, padding, dilation, bias, relu)
        return _from_channels_last(out, data_format)
    pads = _pads(np.shape(_value(x))[1:-1], kernel_shape[:-2], strides, dilation, padding)
    x2d = _as_2d(x, rank)
    if rank == 1:
        kernel = reshape(kernel, (1,) + kernel_shape)
    out = C.Conv2D.apply(
        x2d,
        kernel,
        bias,
        strides=_lift(strides, rank, 1),
        dilation=_lift(dilation, rank, 1),
        pads=_lift(pads, rank, (0, 0)),
        groups=channels // kernel_shape[-2],
        relu=relu,
    )
    return _from_channels_last(_from_2d(out, rank), data_format)


def _depth_taps(x, kernel_depth, stride, dilation, padding):
    """The input slices each kernel depth tap sees, for a 3-D convolution or
    pooling done as 2-D ones: tap t reads depths `t * dilation + stride * j`
    of the (padded) input for output depth j."""
    depth = np.shape(_value(x))[1]
    before, after = C.padding_amounts(depth, kernel_depth, stride, dilation, padding)
    if before or after:
        x = pad(x, ((0, 0), (before, after), (0, 0), (0, 0), (0, 0)))
    out_depth = C.conv_output_length(depth, kernel_depth, stride, dilation, padding)
    last = stride * (out_depth - 1) + 1
    return [x[:, t * dilation: t * dilation + last: stride] for t in range(kernel_depth)]


def _merge_depth(x):
    """(batch, depth, h, w, c) -> (batch * depth, h, w, c)."""
    shape = np.shape(_value(x))
    return reshape(x, (shape[0] * shape[1],) + tuple(shape[2:]))


def _conv3d(x, kernel, strides, padding, dilation, bias, relu):
    """A channels-last 3-D convolution as a sum over the kernel's depth taps
    of 2-D convolutions, each run on every output depth at once."""
    kernel_shape = np.shape(_value(kernel))
    batch = np.shape(_value(x))[0]
    total = None
    for tap, slab in enumerate(_depth_taps(x, kernel_shape[0], strides[0], dilation[0], padding)):
        out = _conv(_merge_depth(slab), kernel[tap], strides[1:], padding, "channels_last",
                    dilation[1:])
        total = out if total is None else add(total, out)
    out_shape = np.shape(_value(total))
    total = reshape(total, (batch, -1) + tuple(out_shape[1:]))
    if bias is not None:
        total = add(total, bias)
    if relu:
        from kerasish.ops.nn import relu as relu_op

        total = relu_op(total)
    return total


def _pool3d(primitive, x, pool_size, strides, padding):
    """3-D pooling of a channels-last input: max and average pooling are
    separable, so pool each depth slice over (h, w), then over depth."""
    batch, depth = np.shape(_value(x))[:2]
    planes = _pool(primitive, _merge_depth(x), pool_size[1:], strides[1:], padding,
                   "channels_last", "pool")
    _, out_h, out_w, channels = np.shape(_value(planes))
    columns = reshape(planes, (batch, depth, out_h * out_w * channels))
    pooled = _pool(primitive, columns, pool_size[:1], strides[:1], padding, "channels_last",
                   "pool")
    return reshape(pooled, (batch, -1, out_h, out_w, channels))


def depthwise_conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    """Depthwise convolution: each input channel is convolved with its own filters.

    The kernel has shape (*kernel_size, in_channels, depth_multiplier); the
    output has `in_channels * depth_multiplier` channels, those of input
    channel `c` at positions `c * depth_multiplier ...`. Channels do not mix
    (a SeparableConv follows it with a 1x1 `conv` for that).

    Args:
        inputs: A Tensor or array of rank 3, 4 or 5.
        kernel: A Tensor or array of shape (*kernel_size, in_channels,
            depth_multiplier).
        strides: An int or a tuple of one int per spatial axis: the step of the
            window. Defaults to 1.
        padding: `"valid"` (no padding: the output shrinks) or `"same"` (zero
            padding so that the output length is `ceil(length / stride)`; any
            odd pixel of padding goes at the end, as in Keras). Case-insensitive.
        data_format: `"channels_last"` (batch, *spatial, channels) or
            `"channels_first"` (batch, channels, *spatial). None (the default)
            uses `keras.config.image_data_format()`.
        dilation_rate: An int or a tuple of one int per spatial axis: the
            spacing between kernel taps. Defaults to 1.

    Returns:
        The output, with `in_channels * depth_multiplier` channels: a Tensor
        when an input needs a gradient, else a NumPy array.

    Raises:
        ValueError: If the input is not of rank 3, 4 or 5, or `padding`,
            `data_format`, `strides` or `dilation_rate` is not a valid value.

    Examples:
        >>> x = np.ones((1, 4, 4, 3), dtype="float32")
        >>> keras.ops.depthwise_conv(x, np.ones((3, 3, 3, 2), dtype="float32")).shape
        (1, 2, 2, 6)
    """
    kernel = _operand(kernel)
    shape = np.shape(_value(kernel))
    grouped = reshape(kernel, tuple(shape[:-2]) + (1, shape[-2] * shape[-1]))
    return conv(inputs, grouped, strides, padding, data_format, dilation_rate)


def _conv_output_shape(input_shape, kernel_size, strides, padding, dilation_rate):
    """Spatial output shape of a convolution (None stays None)."""
    return tuple(
        C.conv_output_length(length, k, s, d, padding)
        for length, k, s, d in zip(input_shape, kernel_size, strides, dilation_rate)
    )


def _conv_transpose_output_length(length, kernel_size, stride, padding, output_padding, dilation):
    """Keras's deconvolution output length along one axis."""
    if length is None:
        return None
    kernel_size = C.effective_kernel_size(kernel_size, dilation)
    if output_padding is None:
        if padding == "valid":
            return length * stride + max(kernel_size - stride, 0)
        return length * stride
    pad = kernel_size // 2 if padding == "same" else 0
    return (length - 1) * stride + kernel_size - 2 * pad + output_padding


def conv_transpose(
    inputs,
    kernel,
    strides=1,
    padding="valid",
    output_padding=None,
    data_format=None,
    dilation_rate=1,
):
    """Transposed convolution (the gradient of `conv` with respect to its input), used to upsample.

    Each input pixel scatters a copy of the kernel, scaled by its value, into
    the output, `strides` pixels apart. The kernel has shape (*kernel_size,
    out_channels, in_channels), the layout of Keras's Conv2DTranspose. The
    output length along each axis is, as in Keras, `length * stride +
    max(kernel - stride, 0)` with `"valid"` padding and `length * stride` with
    `"same"`, unless `output_padding` is given.

    Args:
        inputs: A Tensor or array of rank 3 or 4.
        kernel: A Tensor or array of shape (*kernel_size, out_channels,
            in_channels).
        strides: An int or a tuple of one int per spatial axis: the spacing
            of the input pixels in the output (the upsampling factor).
            Defaults to 1.
        padding: `"valid"` or `"same"` (case-insensitive), the padding of the
            convolution this one transposes; it sets the output length as
            described above.
        data_format: `"channels_last"` (batch, *spatial, channels) or
            `"channels_first"` (batch, channels, *spatial). None (the default)
            uses `keras.config.image_data_format()`.
        output_padding: None (the default) or an int or tuple of ints: extra
            length added to one side of each output axis, to choose between the
            input sizes a strided convolution maps to the same output size.
            Should be smaller than the stride, as the Conv*Transpose layers
            require (the op itself does not check).
        dilation_rate: An int or a tuple of one int per spatial axis: the
            spacing between kernel taps. Defaults to 1.

    Returns:
        The output, with `out_channels` channels: a Tensor when an input needs a
        gradient, else a NumPy array.

    Raises:
        ValueError: If the input is not of rank 3 or 4, or `padding`,
            `data_format`, `strides` or `dilation_rate` is not a valid value.

    Examples:
        >>> x = np.ones((1, 4, 4, 3), dtype="float32")
        >>> kernel = np.ones((3, 3, 8, 3), dtype="float32")
        >>> keras.ops.conv_transpose(x, kernel, strides=2, padding="same").shape
        (1, 8, 8, 8)
        >>> keras.ops.conv_transpose(x, kernel, strides=2).shape
        (1, 9, 9, 8)
    """
    data_format = standardize_data_format(data_format)
    rank = _spatial_rank(inputs, "conv_transpose")
    padding = standardize_padding(padding)
    strides = standardize_tuple(strides, rank, "strides")
    dilation = standardize_tuple(dilation_rate, rank, "dilation_rate")
    if output_padding is not None:
        output_padding = standardize_tuple(output_padding, rank, "output_padding", allow_zero=True)
    x = _to_channels_last(_operand(inputs), data_format)
    kernel = _operand(kernel)
    if rank == 3:
        out = _conv_transpose3d(x, kernel, strides, padding, output_padding, dilation)
        return _from_channels_last(out, data_format)
    kernel_shape = np.shape(_value(kernel))
    spatial = np.shape(_value(x))[1:-1]
    output_spatial = tuple(
        _conv_transpose_output_length(
            spatial[a], kernel_shape[a], strides[a], padding,
            None if output_padding is None else output_padding[a], dilation[a],
        )
        for a in range(rank)
    )
    pads = _pads(output_spatial, kernel_shape[:-2], strides, dilation, padding)
    if rank == 1:
        kernel = reshape(kernel, (1,) + kernel_shape)
    out = C.Conv2DTranspose.apply(
        _as_2d(x, rank),
        kernel,
        strides=_lift(strides, rank, 1),
        dilation=_lift(dilation, rank, 1),
        pads=_lift(pads, rank, (0, 0)),
        output_hw=_lift(output_spatial, rank, 1),
    )
    return _from_channels_last(_from_2d(out, rank), data_format)


def _spread_depth(x, stride):
    """(batch, depth, ...) -> (batch, (depth - 1) * stride + 1, ...): the
    entries `stride` apart, zeros between them."""
    if stride == 1:
        return x
    shape = np.shape(_value(x))
    zeros = multiply(x, 0.0)
    spread = stack([x] + [zeros] * (stride - 1), axis=2)
    spread = reshape(spread, (shape[0], shape[1] * stride) + tuple(shape[2:]))
    return spread[:, : (shape[1] - 1) * stride + 1]


def _conv_transpose3d(x, kernel, strides, padding, output_padding, dilation):
    """A channels-last 3-D transposed convolution: each kernel depth tap is a
    2-D transposed convolution of every input depth slice, placed at output
    depths `d * stride + tap * dilation` (before the padding is cut off)."""
    kernel_shape = np.shape(_value(kernel))
    batch, depth = np.shape(_value(x))[:2]
    out_depth = _conv_transpose_output_length(
        depth, kernel_shape[0], strides[0], padding,
        None if output_padding is None else output_padding[0], dilation[0])
    planes_padding = None if output_padding is None else output_padding[1:]
    full_length = (depth - 1) * strides[0] + (kernel_shape[0] - 1) * dilation[0] + 1
    total = None
    for tap in range(kernel_shape[0]):
        planes = conv_transpose(_merge_depth(x), kernel[tap], strides[1:], padding,
                                planes_padding, "channels_last", dilation[1:])
        planes = reshape(planes, (batch, depth) + tuple(np.shape(_value(planes))[1:]))
        placed = _spread_depth(planes, strides[0])
        before = tap * dilation[0]
        after = full_length - before - np.shape(_value(placed))[1]
        placed = pad(placed, ((0, 0), (before, after), (0, 0), (0, 0), (0, 0)))
        total = placed if total is None else add(total, placed)
    start = C.padding_amounts(out_depth, kernel_shape[0], strides[0], dilation[0], padding)[0]
    end = start + out_depth
    if end > full_length:
        total = pad(total, ((0, 0), (0, end - full_length), (0, 0), (0, 0), (0, 0)))
    return total[:, start:end]


def _pool(primitive, inputs, pool_size, strides, padding, data_format, name):
    data_format = standardize_data_format(data_format)
    rank = _spatial_rank(inputs, name)
    padding = standardize_padding(padding)
    pool_size = standardize_tuple(pool_size, rank, "pool_size")
    strides = pool_size if strides is None else standardize_tuple(strides, rank, "strides")
    x = _to_channels_last(_operand(inputs), data_format)
    if rank == 3:
        return _from_channels_last(_pool3d(primitive, x, pool_size, strides, padding), data_format)
    pads = _pads(np.shape(_value(x))[1:-1], pool_size, strides, (1,) * rank, padding)
    out = primitive.apply(
        _as_2d(x, rank),
        pool=_lift(pool_size, rank, 1),
        strides=_lift(strides, rank, 1),
        pads=_lift(pads, rank, (0, 0)),
    )
    return _from_channels_last(_from_2d(out, rank), data_format)


def max_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    """Max pooling: the largest value in each window, channel by channel.

    With `"same"` padding the padded positions never win (they count as
    `-inf`). The gradient of each window goes to its first maximum (in
    row-major order), as in TensorFlow.

    Args:
        inputs: A Tensor or array of rank 3 (batch, length, channels), 4
            (batch, height, width, channels) or 5 (batch, depth, height,
            width, channels).
        pool_size: An int or a tuple of one int per spatial axis: the window
            size.
        strides: None, an int or a tuple of one int per spatial axis: the step of the
            window. None (the default) means `pool_size`.
        padding: `"valid"` (no padding: the output shrinks) or `"same"` (zero
            padding so that the output length is `ceil(length / stride)`; any
            odd pixel of padding goes at the end, as in Keras). Case-insensitive.
        data_format: `"channels_last"` (batch, *spatial, channels) or
            `"channels_first"` (batch, channels, *spatial). None (the default)
            uses `keras.config.image_data_format()`.

    Returns:
        The pooled output: a Tensor when `inputs` needs a gradient, else a
        NumPy array.

    Raises:
        ValueError: If the input is not of rank 3, 4 or 5, or `padding`,
            `data_format`, `strides` or `pool_size` is not a valid value.

    Examples:
        >>> x = np.arange(16, dtype="float32").reshape(1, 4, 4, 1)
        >>> keras.ops.max_pool(x, 2)[0, :, :, 0]
        array([[ 5.,  7.],
               [13., 15.]], dtype=float32)
    """
    return _pool(C.MaxPool2D, inputs, pool_size, strides, padding, data_format, "max_pool")


def average_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    """Average pooling: the mean of each window, channel by channel.

    With `"same"` padding a window that overlaps the border averages only the
    real input values (the padding is not counted), as in Keras.

    Args:
        inputs: A Tensor or array of rank 3 (batch, length, channels), 4
            (batch, height, width, channels) or 5 (batch, depth, height,
            width, channels).
        pool_size: An int or a tuple of one int per spatial axis: the window
            size.
        strides: None, an int or a tuple of one int per spatial axis: the step of the
            window. None (the default) means `pool_size`.
        padding: `"valid"` (no padding: the output shrinks) or `"same"` (zero
            padding so that the output length is `ceil(length / stride)`; any
            odd pixel of padding goes at the end, as in Keras). Case-insensitive.
        data_format: `"channels_last"` (batch, *spatial, channels) or
            `"channels_first"` (batch, channels, *spatial). None (the default)
            uses `keras.config.image_data_format()`.

    Returns:
        The pooled output: a Tensor when `inputs` needs a gradient, else a
        NumPy array.

    Raises:
        ValueError: If the input is not of rank 3, 4 or 5, or `padding`,
            `data_format`, `strides` or `pool_size` is not a valid value.

    Examples:
        >>> x = np.arange(16, dtype="float32").reshape(1, 4, 4, 1)
        >>> keras.ops.average_pool(x, 2)[0, :, :, 0]
        array([[ 2.5,  4.5],
               [10.5, 12.5]], dtype=float32)
    """
    return _pool(C.AvgPool2D, inputs, pool_size, strides, padding, data_format, "average_pool")


# Keras's padding modes on its TensorFlow backend (any case, as TensorFlow
# takes them upper-cased).
_PAD_MODES = ("constant", "reflect", "symmetric")


def pad(x, pad_width, mode="constant", constant_values=None):
    """Pads `x` with a constant value or with mirror images of itself.

    Differentiable: the gradient of a constant padding is the unpadded
    slice; a mirrored element's gradient is added to the element it copies.
    Mirror paddings wider than an axis allows (as wide as the axis for
    `"reflect"`, wider for `"symmetric"`) keep mirroring, as `np.pad` and
    Keras's JAX and NumPy backends do; Keras on TensorFlow refuses them.

    Args:
        x: A Tensor, NumPy array or list.
        pad_width: The padding, as in NumPy: `((before_1, after_1), ...)` with
            one pair per axis, one pair `(before, after)` for every axis, or one
            int for both sides of every axis.
        mode: `"constant"` (the default), `"reflect"` (mirror images without
            the edge element: `[1, 2, 3]` padded by 2 gives
            `[3, 2, 1, 2, 3, 2, 1]`) or `"symmetric"` (with it:
            `[2, 1, 1, 2, 3, 3, 2]`), in any case.
        constant_values: The value to pad with in `"constant"` mode. None (the
            default) pads with 0.

    Returns:
        The padded array: a Tensor when `x` needs a gradient, else a NumPy array.

    Raises:
        ValueError: If `mode` is not one of the three, or if
            `constant_values` is given with another mode.

    Examples:
        >>> keras.ops.pad(np.array([[1.0, 2.0]], dtype="float32"), ((1, 0), (0, 1)))
        array([[0., 0., 0.],
               [1., 2., 0.]], dtype=float32)
        >>> keras.ops.pad(np.array([1.0, 2.0], dtype="float32"), 1, constant_values=9)
        array([9., 1., 2., 9.], dtype=float32)
        >>> keras.ops.pad(np.array([1.0, 2.0, 3.0], dtype="float32"), 2, mode="reflect")
        array([3., 2., 1., 2., 3., 2., 1.], dtype=float32)
    """
    name = mode.lower() if isinstance(mode, str) else mode
    if name not in _PAD_MODES:
        raise ValueError(
            'Value of argument `mode` expected to be one of "CONSTANT", "REFLECT", or '
            f'"SYMMETRIC". Received `mode` = {mode}'
        )
    if constant_values is not None and name != "constant":
        raise ValueError(
            "Argument `constant_values` can only be provided when `mode == 'constant'`. "
            f"Received: mode={mode}"
        )
    x = _operand(x)
    rank = len(np.shape(_value(x)))
    widths = np.broadcast_to(np.asarray(pad_width, dtype=int), (rank, 2))
    widths = tuple((int(b), int(a)) for b, a in widths)
    if name == "constant":
        return C.Pad.apply(x, widths=widths, constant_values=constant_values or 0)
    return C.MirrorPad.apply(x, widths=widths, mode=name)


def _batch_moments(x, axes, keepdims=False):
    """Mean and (biased) variance over `axes`, as arrays (no gradient)."""
    array = np.asarray(_value(x))
    axes = tuple(axes) if isinstance(axes, (list, tuple)) else (axes,)
    mean = C.accurate_mean(array, axes)
    variance = C.accurate_mean(np.square(array - mean), axes)
    if not keepdims:
        mean, variance = np.squeeze(mean, axes), np.squeeze(variance, axes)
    return mean, variance


def _normalize_with_moments(x, axes, epsilon):
    """Returns ((x - mean) / sqrt(var + epsilon), mean, var), moments taken
    over `axes` (kept as size-1 axes); differentiable with respect to x."""
    x = _operand(x)
    mean, variance = _batch_moments(x, axes, keepdims=True)
    normalized = C.NormalizeWithMoments.apply(
        x, axes=tuple(axes), mean=mean, variance=variance, epsilon=epsilon
    )
    return normalized, mean, variance


def batch_normalization(x, mean, variance, axis, offset=None, scale=None, epsilon=1e-3):
    """Normalizes `x` with given moments: `(x - mean) / sqrt(variance + epsilon) * scale + offset`.

    The moments are given, not computed (the BatchNormalization layer passes
    either the batch's moments or its moving averages). 1-D `mean`,
    `variance`, `offset` and `scale` hold one value per channel and are
    broadcast along `axis`; arrays of higher rank are used as they are.

    Args:
        x: A Tensor or array.
        mean: The mean to subtract, one value per channel of `axis`.
        variance: The variance to divide by (after adding `epsilon`), one value
            per channel.
        axis: The channel axis of `x`, such as -1.
        offset: Optional value added after scaling (beta). None adds nothing.
        scale: Optional factor applied after normalizing (gamma). None scales by 1.
        epsilon: A small float added to the variance to avoid dividing by zero.
            Defaults to 1e-3.

    Returns:
        The normalized array, of the shape of `x`: a Tensor when an input needs
        a gradient, else a NumPy array.

    Examples:
        >>> x = np.array([[1.0, 2.0], [3.0, 6.0]], dtype="float32")
        >>> mean = np.array([2.0, 4.0], dtype="float32")
        >>> variance = np.array([1.0, 4.0], dtype="float32")
        >>> keras.ops.batch_normalization(x, mean, variance, axis=-1, epsilon=0.0)
        array([[-1., -1.],
               [ 1.,  1.]], dtype=float32)
    """
    x = _operand(x)
    rank = len(np.shape(_value(x)))
    shape = [1] * rank
    shape[axis] = -1

    def along_axis(v):
        return reshape(v, shape) if len(np.shape(_value(v))) == 1 else v

    inv = divide(1.0, sqrt(add(along_axis(variance), epsilon)))
    if scale is not None:
        inv = multiply(inv, along_axis(scale))
    out = multiply(subtract(x, along_axis(mean)), inv)
    if offset is not None:
        out = add(out, along_axis(offset))
    return out


def layer_normalization(x, gamma=None, beta=None, axis=-1, epsilon=None):
    """Normalizes each sample over `axis` to mean 0 and variance 1, then scales by `gamma` and shifts by `beta`.

    The mean and the (biased) variance are taken per sample over `axis`:
    `(x - mean) / sqrt(variance + epsilon) * gamma + beta`, as Keras's
    LayerNormalization layer computes it.

    Args:
        x: A Tensor or array.
        gamma: Optional scale, with the shape of the normalized axes. None
            scales by 1.
        beta: Optional offset, with the shape of the normalized axes. None adds
            nothing.
        axis: An int or a list of ints: the axes to normalize over. Defaults
            to -1 (the last).
        epsilon: A small float added to the variance. None (the default) uses
            `keras.config.epsilon()` (1e-7), as Keras does.

    Returns:
        The normalized array, of the shape of `x`: a Tensor when an input needs
        a gradient, else a NumPy array.

    Examples:
        >>> keras.ops.layer_normalization(np.array([[1.0, 2.0, 3.0]], dtype="float32"))
        array([[-1.2247,  0.    ,  1.2247]], dtype=float32)
    """
    if epsilon is None:
        epsilon = config.epsilon()
    x = _operand(x)
    rank = len(np.shape(_value(x)))
    axes = tuple(a % rank for a in (axis if isinstance(axis, (list, tuple)) else (axis,)))
    out, _, _ = _normalize_with_moments(x, axes, epsilon)
    if gamma is not None:
        out = multiply(out, _broadcastable(gamma, rank, axes))
    if beta is not None:
        out = add(out, _broadcastable(beta, rank, axes))
    return out


def _broadcastable(weight, rank, axes):
    """Reshapes a weight over `axes` so that it broadcasts against rank-`rank` inputs."""
    weight_shape = np.shape(_value(weight))
    shape = [1] * rank
    for a, n in zip(sorted(axes), weight_shape):
        shape[a] = n
    return reshape(weight, shape)


__all__ = [
    name
    for name, obj in list(globals().items())
    if callable(obj) and getattr(obj, "__module__", None) == __name__ and not name.startswith("_")
]
