"""Convolution, pooling, padding and normalization ops, named as in
`keras.ops`. They take 1-D (batch, length, channels) or 2-D
(batch, height, width, channels) inputs; `data_format="channels_first"` puts
channels second and is handled by transposing around the channels-last code."""

import numpy as np

from kerasish.backend import conv_primitives as C
from kerasish.utils.argument_validation import (
    standardize_data_format,
    standardize_padding,
    standardize_tuple,
)
from kerasish.ops.numpy import _operand, _value, add, divide, multiply, reshape, sqrt, subtract, transpose


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


def _spatial_rank(x, name):
    rank = len(np.shape(_value(x))) - 2
    if rank not in (1, 2):
        raise ValueError(
            f"`{name}` supports 1-D inputs (rank 3) and 2-D inputs (rank 4). "
            f"Received: inputs.shape={np.shape(_value(x))}"
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
    """N-D convolution (cross-correlation) with a (*kernel_size, in / groups,
    out) kernel. The number of groups is in_channels / kernel's in_channels."""
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


def depthwise_conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    """Convolves each input channel with its own `depth_multiplier` filters;
    kernel shape (*kernel_size, in_channels, depth_multiplier)."""
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
    """Transposed convolution with a (*kernel_size, filters, in_channels) kernel."""
    data_format = standardize_data_format(data_format)
    rank = _spatial_rank(inputs, "conv_transpose")
    padding = standardize_padding(padding)
    strides = standardize_tuple(strides, rank, "strides")
    dilation = standardize_tuple(dilation_rate, rank, "dilation_rate")
    if output_padding is not None:
        output_padding = standardize_tuple(output_padding, rank, "output_padding", allow_zero=True)
    x = _to_channels_last(_operand(inputs), data_format)
    kernel = _operand(kernel)
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


def _pool(primitive, inputs, pool_size, strides, padding, data_format, name):
    data_format = standardize_data_format(data_format)
    rank = _spatial_rank(inputs, name)
    padding = standardize_padding(padding)
    pool_size = standardize_tuple(pool_size, rank, "pool_size")
    strides = pool_size if strides is None else standardize_tuple(strides, rank, "strides")
    x = _to_channels_last(_operand(inputs), data_format)
    pads = _pads(np.shape(_value(x))[1:-1], pool_size, strides, (1,) * rank, padding)
    out = primitive.apply(
        _as_2d(x, rank),
        pool=_lift(pool_size, rank, 1),
        strides=_lift(strides, rank, 1),
        pads=_lift(pads, rank, (0, 0)),
    )
    return _from_channels_last(_from_2d(out, rank), data_format)


def max_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    return _pool(C.MaxPool2D, inputs, pool_size, strides, padding, data_format, "max_pool")


def average_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    return _pool(C.AvgPool2D, inputs, pool_size, strides, padding, data_format, "average_pool")


def pad(x, pad_width, mode="constant", constant_values=None):
    if mode != "constant":
        raise ValueError(f"kerasish only supports mode='constant' in `pad`. Received: mode={mode}")
    x = _operand(x)
    rank = len(np.shape(_value(x)))
    widths = np.broadcast_to(np.asarray(pad_width, dtype=int), (rank, 2))
    widths = tuple((int(b), int(a)) for b, a in widths)
    return C.Pad.apply(x, widths=widths, constant_values=constant_values or 0)


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
    """(x - mean) / sqrt(variance + epsilon) * scale + offset, with the
    per-channel vectors broadcast along `axis`."""
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
    """Normalizes each sample over `axis`, then scales by gamma and shifts by
    beta; `epsilon` defaults to the backend's epsilon, as in Keras."""
    if epsilon is None:
        from kerasish.backend import config

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
