"""The Conv2D and MaxPool2D primitives' fast paths against plain references:
convolutions processed a few images at a time must give what one pass over
the batch gives (and what a float64 loop gives), and tiled max pooling must
send each window's gradient to its first maximum, ties included."""

import numpy as np
import pytest

from kerasish.backend import conv_primitives, reference_conv
from kerasish.backend.tensor import Tensor, gradients
from kerasish import ops
from kerasish.ops.conv import _conv, max_pool
from layer_checks import check_op_gradients

# (input shape, kernel shape, keyword arguments of `_conv`)
CONV_CASES = [
    # many input channels: bias added after the GEMM (the convnet's second layer)
    ((5, 7, 6, 8), (3, 3, 8, 6), dict(relu=True)),
    # one input channel: bias as a row of the kernel matrix (the first layer)
    ((5, 8, 7, 1), (3, 3, 1, 4), dict(relu=True)),
    # row stride 2: one strided addition per kernel position in the backward
    ((5, 8, 7, 3), (2, 3, 3, 4), dict(strides=(2, 1), padding="same")),
    # row stride 1: the backward sums each kernel column over its rows first;
    # also with a column stride and with dilation
    ((5, 8, 9, 3), (3, 2, 3, 4), dict(strides=(1, 2), padding="same")),
    ((5, 9, 8, 3), (2, 3, 3, 4), dict(dilation_rate=(2, 2), padding="same")),
    ((5, 9, 8, 4), (3, 2, 2, 6), dict(dilation_rate=2, relu=True)),  # groups=2
    ((5, 6, 6, 4), (3, 3, 1, 4), dict(padding="same")),  # depthwise: groups=4
]


def _reference_conv(x, kernel, bias, strides=(1, 1), padding="valid", dilation_rate=1,
                    relu=False):
    """backend/reference_conv.py's plain loops, given `_conv`'s arguments."""
    dilation = (dilation_rate, dilation_rate) if np.isscalar(dilation_rate) else dilation_rate
    pads = [conv_primitives.padding_amounts(x.shape[1 + a], kernel.shape[a], strides[a],
                                            dilation[a], padding) for a in (0, 1)]
    out = reference_conv.conv2d(x, kernel, bias, strides=strides, dilation=dilation,
                                pads=pads, groups=x.shape[-1] // kernel.shape[2])
    return np.maximum(out, 0) if relu else out


def _set_block_bytes(monkeypatch, size):
    """Bytes per block of images: 1 gives blocks of one image, 13000 blocks
    of a few images with a shorter last one for these small images."""
    monkeypatch.setattr(conv_primitives, "_FORWARD_BLOCK_BYTES", size)
    monkeypatch.setattr(conv_primitives, "_BACKWARD_BLOCK_BYTES", size)


def _conv_and_gradients(x, kernel, bias, options):
    tensors = [Tensor(a) for a in (x, kernel, bias)]
    out = _conv(tensors[0], tensors[1], bias=tensors[2], **options)
    cotangent = np.random.default_rng(2).normal(size=out.value.shape).astype(x.dtype)
    return out.value, gradients(ops.sum(out * cotangent), tensors)


@pytest.mark.parametrize("block_bytes", [1, 13000])
@pytest.mark.parametrize("x_shape, kernel_shape, options", CONV_CASES)
def test_conv_in_blocks_matches_one_block(monkeypatch, x_shape, kernel_shape, options,
                                          block_bytes):
    rng = np.random.default_rng(0)
    x = rng.normal(size=x_shape).astype("float32")
    kernel = rng.normal(size=kernel_shape).astype("float32")
    bias = rng.normal(size=kernel_shape[-1]).astype("float32")
    _set_block_bytes(monkeypatch, 10**12)
    out_whole, grads_whole = _conv_and_gradients(x, kernel, bias, options)
    _set_block_bytes(monkeypatch, block_bytes)
    out_blocks, grads_blocks = _conv_and_gradients(x, kernel, bias, options)
    reference = _reference_conv(x, kernel, bias, **options)
    # float32 sums of up to ~70 products of normal numbers, against float64.
    np.testing.assert_allclose(out_whole, reference, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(out_blocks, reference, rtol=1e-5, atol=1e-5)
    for g_whole, g_blocks in zip(grads_whole, grads_blocks):
        # Kernel and bias gradients are summed per block, then over the blocks.
        np.testing.assert_allclose(g_blocks, g_whole, rtol=1e-5, atol=1e-4)


def test_conv_relu_output_and_gradient_zero_where_negative(monkeypatch):
    _set_block_bytes(monkeypatch, 1)  # blocks of one image
    rng = np.random.default_rng(1)
    x = rng.normal(size=(3, 7, 7, 5)).astype("float32")
    kernel = rng.normal(size=(3, 3, 5, 4)).astype("float32")
    bias = np.zeros(4, "float32")
    out, (grad_x, _, _) = _conv_and_gradients(x, kernel, bias, dict(relu=True))
    linear, (grad_linear, _, _) = _conv_and_gradients(x, kernel, bias, {})
    assert (out >= 0).all() and not np.signbit(out).any()  # 0.0, never -0.0
    np.testing.assert_array_equal(out, np.maximum(linear, 0))
    # Where every output is negative, the relu lets no gradient through.
    tensors = [Tensor(a) for a in (x, kernel, bias)]
    negative = _conv(tensors[0], tensors[1], bias=Tensor(np.full(4, -1e3, "float32")), relu=True)
    assert not negative.value.any()
    assert not gradients(ops.sum(negative), tensors[:2])[0].any()
    assert not np.array_equal(grad_x, grad_linear)


@pytest.mark.parametrize("block_bytes", [1, 10**12])
@pytest.mark.parametrize("channels", [1, 3])
def test_first_layer_kernel_gradient_is_the_same_without_an_input_gradient(monkeypatch,
                                                                           block_bytes,
                                                                           channels):
    """A first layer (few channels, input needing no gradient) masks the whole
    gradient first, then multiplies block by block: the same kernel and bias
    gradients as the general path, whether or not it may overwrite `grad`."""
    _set_block_bytes(monkeypatch, block_bytes)
    rng = np.random.default_rng(4)
    x = rng.normal(size=(6, 9, 8, channels)).astype("float32")
    kernel = rng.normal(size=(3, 3, channels, 5)).astype("float32")
    bias = rng.normal(size=5).astype("float32")
    cotangent = rng.normal(size=(6, 7, 6, 5)).astype("float32")

    def kernel_and_bias_gradients(input_needs_grad, grad_is_scratch):
        inputs = [Tensor(x, requires_grad=input_needs_grad), Tensor(kernel), Tensor(bias)]
        out = conv_primitives.Conv2D.apply(*inputs, strides=(1, 1), dilation=(1, 1),
                                           pads=((0, 0), (0, 0)), groups=1, relu=True)
        out.function.grad_is_scratch = grad_is_scratch
        grad = cotangent.copy()
        _, grad_kernel, grad_bias = out.function.backward(grad)
        if not grad_is_scratch:
            np.testing.assert_array_equal(grad, cotangent)  # left as it was given
        return grad_kernel, grad_bias

    general = kernel_and_bias_gradients(input_needs_grad=True, grad_is_scratch=False)
    for grad_is_scratch in (False, True):
        thin = kernel_and_bias_gradients(input_needs_grad=False, grad_is_scratch=grad_is_scratch)
        for g_thin, g_general in zip(thin, general):
            np.testing.assert_array_equal(g_thin, g_general)


@pytest.mark.parametrize("x_shape, kernel_shape, options", CONV_CASES[:5])  # groups=1
def test_conv_gradients_across_blocks_match_finite_differences(monkeypatch, x_shape,
                                                               kernel_shape, options):
    _set_block_bytes(monkeypatch, 1)
    options = {key: value for key, value in options.items() if key != "relu"}  # no kinks
    rng = np.random.default_rng(3)
    x = rng.normal(size=(2,) + x_shape[1:])
    kernel, bias = rng.normal(size=kernel_shape), rng.normal(size=kernel_shape[-1])
    check_op_gradients(lambda a, k, b: _conv(a, k, bias=b, **options), x, kernel, bias)


# ------------------------------------------------------------------- pooling


def _reference_max_pool(x, pool, strides):
    """Output and the gradient of sum(output * cotangent), sending each
    window's cotangent to its first maximum in row-major order (np.argmax)."""
    out = reference_conv.max_pool2d(x, pool, strides)
    cotangent = np.random.default_rng(5).normal(size=out.shape).astype(x.dtype)
    grad = reference_conv.max_pool2d_gradient(x, cotangent, pool, strides)
    return out, grad.astype(x.dtype), cotangent


@pytest.mark.parametrize("x_shape, pool", [
    ((2, 8, 8, 3), (2, 2)),   # windows tile the input
    ((2, 9, 7, 3), (2, 2)),   # a ragged edge no window covers
    ((2, 9, 8, 2), (3, 2)),
    ((1, 7, 9, 2), (3, 3)),
    ((2, 6, 5, 2), (1, 2)),
])
def test_tiled_max_pooling_routes_ties_to_the_first_maximum(x_shape, pool):
    # Small integers, half of them 0 as after a relu: most windows hold ties.
    rng = np.random.default_rng(4)
    x = np.maximum(rng.integers(-3, 3, size=x_shape), 0).astype("float32")
    expected_out, expected_grad, cotangent = _reference_max_pool(x, pool, pool)
    x_tensor = Tensor(x)
    out = max_pool(x_tensor, pool)
    (grad,) = gradients(ops.sum(out * cotangent), [x_tensor])
    np.testing.assert_array_equal(out.value, expected_out)
    np.testing.assert_array_equal(grad, expected_grad)
    np.testing.assert_array_equal(max_pool(x, pool), expected_out)  # no gradient recorded
