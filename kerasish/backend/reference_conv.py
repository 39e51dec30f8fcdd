"""Convolution and pooling written to be read, not to be fast.

conv_primitives.py computes the same things with im2col GEMMs, blocks of
images, tiled windows and in-place relu masks. Here each output pixel is a
plain loop over the window, in float64, with its gradient by the chain rule,
so the definitions can be checked by eye and the fast primitives tested
against them (tests/test_conv_pool_primitives.py). All functions take
channels-last images `(batch, height, width, channels)` and the attributes
the fast primitives take: `strides` and `dilation` as (rows, columns),
`pads` as ((top, bottom), (left, right)).
"""

import numpy as np


def _pad(x, pads, value=0.0):
    return np.pad(x, ((0, 0), pads[0], pads[1], (0, 0)), constant_values=value)


def _output_size(padded, window, stride, dilation=1):
    return (padded - (window - 1) * dilation - 1) // stride + 1


def _windows(padded_hw, window, strides, dilation=(1, 1)):
    """Yields (row, column, rows, columns): each output position and the
    padded-input rows and columns its window reads."""
    out_h = _output_size(padded_hw[0], window[0], strides[0], dilation[0])
    out_w = _output_size(padded_hw[1], window[1], strides[1], dilation[1])
    for r in range(out_h):
        for c in range(out_w):
            rows = r * strides[0] + dilation[0] * np.arange(window[0])
            columns = c * strides[1] + dilation[1] * np.arange(window[1])
            yield r, c, rows, columns


def _output_shape(x_shape, padded_hw, window, strides, channels, dilation=(1, 1)):
    out_h = _output_size(padded_hw[0], window[0], strides[0], dilation[0])
    out_w = _output_size(padded_hw[1], window[1], strides[1], dilation[1])
    return (x_shape[0], out_h, out_w, channels)


def conv2d(x, kernel, bias=None, strides=(1, 1), dilation=(1, 1), pads=((0, 0), (0, 0)),
           groups=1):
    """The convolution: out[n, r, c, f] = bias[f] + sum over the window and the
    input channels of f's group of x_padded[n, rows, columns, k] * kernel[i, j, k, f].

    Args:
        x: images, `(batch, height, width, channels)`.
        kernel: `(kernel_h, kernel_w, channels // groups, filters)`.
        bias: `(filters,)`, or None.
        strides, dilation, pads: as the fast Conv2D primitive takes them.
        groups: channel groups; filter f sees the input channels of group
            `f // (filters // groups)`.

    Returns:
        The output, float64.
    """
    x, kernel = np.asarray(x, np.float64), np.asarray(kernel, np.float64)
    xp = _pad(x, pads)
    group_in, filters = kernel.shape[2], kernel.shape[3]
    per_group = filters // groups
    out = np.zeros(_output_shape(x.shape, xp.shape[1:3], kernel.shape[:2], strides, filters,
                                 dilation))
    for r, c, rows, columns in _windows(xp.shape[1:3], kernel.shape[:2], strides, dilation):
        window = xp[:, rows][:, :, columns]  # (batch, kh, kw, channels)
        for f in range(filters):
            g = f // per_group
            seen = window[..., g * group_in : (g + 1) * group_in]
            out[:, r, c, f] = np.sum(seen * kernel[..., f], axis=(1, 2, 3))
    if bias is not None:
        out += np.asarray(bias, np.float64)
    return out


def conv2d_gradients(x, kernel, grad, strides=(1, 1), dilation=(1, 1), pads=((0, 0), (0, 0)),
                     groups=1):
    """Gradients of sum(conv2d(x, kernel, bias) * grad) with respect to x,
    kernel and bias: each output pixel sends `grad` times the kernel back to
    the window it read, and `grad` times the window to the kernel.

    Returns:
        (grad_x, grad_kernel, grad_bias), float64.
    """
    x, kernel = np.asarray(x, np.float64), np.asarray(kernel, np.float64)
    grad = np.asarray(grad, np.float64)
    xp = _pad(x, pads)
    grad_xp, grad_kernel = np.zeros_like(xp), np.zeros_like(kernel)
    group_in, filters = kernel.shape[2], kernel.shape[3]
    per_group = filters // groups
    for r, c, rows, columns in _windows(xp.shape[1:3], kernel.shape[:2], strides, dilation):
        window = xp[:, rows][:, :, columns]
        for f in range(filters):
            channels = slice(f // per_group * group_in, (f // per_group + 1) * group_in)
            g = grad[:, r, c, f][:, None, None, None]  # one value per image
            grad_kernel[..., f] += np.sum(window[..., channels] * g, axis=0)
            grad_xp[np.ix_(range(x.shape[0]), rows, columns, range(xp.shape[3])[channels])] += (
                kernel[..., f] * g
            )
    (top, _), (left, _) = pads
    grad_x = grad_xp[:, top : top + x.shape[1], left : left + x.shape[2]]
    return grad_x, grad_kernel, grad.sum(axis=(0, 1, 2))


def max_pool2d(x, pool, strides, pads=((0, 0), (0, 0))):
    """The largest value of each window, channel by channel (padding never wins).

    Returns:
        The output, in the dtype of `x`.
    """
    xp = _pad(np.asarray(x), pads, value=-np.inf)
    out = np.empty(_output_shape(xp.shape, xp.shape[1:3], pool, strides, xp.shape[3]), xp.dtype)
    for r, c, rows, columns in _windows(xp.shape[1:3], pool, strides):
        out[:, r, c] = xp[:, rows][:, :, columns].max(axis=(1, 2))
    return out.astype(np.asarray(x).dtype)


def max_pool2d_gradient(x, grad, pool, strides, pads=((0, 0), (0, 0))):
    """Gradient of sum(max_pool2d(x) * grad): each window's gradient goes to
    its first maximum in row-major order, as TensorFlow does.

    Returns:
        The gradient with respect to `x`, float64.
    """
    xp = _pad(np.asarray(x, np.float64), pads, value=-np.inf)
    grad_xp = np.zeros_like(xp)
    for r, c, rows, columns in _windows(xp.shape[1:3], pool, strides):
        for n in range(xp.shape[0]):
            for channel in range(xp.shape[3]):
                window = xp[n, rows][:, columns, channel]
                i, j = np.unravel_index(np.argmax(window), window.shape)
                grad_xp[n, rows[i], columns[j], channel] += grad[n, r, c, channel]
    (top, _), (left, _) = pads
    return grad_xp[:, top : top + x.shape[1], left : left + x.shape[2]]


def avg_pool2d(x, pool, strides, pads=((0, 0), (0, 0))):
    """The mean of each window over its real (unpadded) elements, as TensorFlow.

    Returns:
        The output, float64.
    """
    x = np.asarray(x, np.float64)
    xp, real = _pad(x, pads), _pad(np.ones_like(x), pads)
    out = np.empty(_output_shape(xp.shape, xp.shape[1:3], pool, strides, xp.shape[3]))
    for r, c, rows, columns in _windows(xp.shape[1:3], pool, strides):
        count = real[:, rows][:, :, columns].sum(axis=(1, 2))
        out[:, r, c] = xp[:, rows][:, :, columns].sum(axis=(1, 2)) / count
    return out
