"""The fast convolution and pooling primitives (backend/conv_primitives.py)
against the plain loops of backend/reference_conv.py: outputs and gradients,
over strides, dilation, 'same' padding, groups and ragged edges."""

import numpy as np
import pytest

from kerasish.backend import conv_primitives as C
from kerasish.backend import reference_conv
from kerasish.backend.tensor import Tensor, gradients
from kerasish import ops

# (input shape, kernel shape, strides, dilation, padding)
CONV_CASES = [
    ((2, 7, 6, 3), (3, 3, 3, 4), (1, 1), (1, 1), "valid"),
    ((2, 8, 7, 1), (3, 3, 1, 5), (1, 1), (1, 1), "same"),
    ((2, 8, 7, 3), (2, 3, 3, 4), (2, 1), (1, 1), "same"),
    ((2, 8, 9, 3), (3, 2, 3, 4), (1, 2), (1, 1), "valid"),
    ((2, 9, 8, 3), (2, 3, 3, 4), (1, 1), (2, 2), "same"),
    ((2, 9, 8, 4), (3, 2, 2, 6), (1, 1), (2, 1), "valid"),  # groups=2
    ((2, 6, 6, 4), (3, 3, 1, 4), (2, 2), (1, 1), "same"),  # depthwise: groups=4
]

POOL_CASES = [
    ((2, 8, 8, 3), (2, 2), (2, 2), "valid"),
    ((2, 9, 7, 3), (2, 2), (2, 2), "valid"),
    ((2, 9, 7, 2), (3, 3), (2, 2), "same"),
    ((2, 7, 6, 2), (3, 2), (1, 1), "same"),
    ((1, 6, 5, 2), (2, 3), (1, 2), "valid"),
]


def _pads(shape, window, strides, dilation, padding):
    return tuple(
        C.padding_amounts(shape[1 + a], window[a], strides[a], dilation[a], padding)
        for a in (0, 1)
    )


@pytest.mark.parametrize("relu", [False, True])
@pytest.mark.parametrize("x_shape, kernel_shape, strides, dilation, padding", CONV_CASES)
def test_fast_conv_matches_the_reference(x_shape, kernel_shape, strides, dilation, padding,
                                         relu):
    rng = np.random.default_rng(0)
    x, kernel = rng.normal(size=x_shape), rng.normal(size=kernel_shape)
    bias = rng.normal(size=kernel_shape[-1])
    attributes = dict(strides=strides, dilation=dilation, groups=x_shape[-1] // kernel_shape[2],
                      pads=_pads(x_shape, kernel_shape, strides, dilation, padding))
    tensors = [Tensor(a) for a in (x, kernel, bias)]
    out = C.Conv2D.apply(*tensors, relu=relu, **attributes)
    cotangent = rng.normal(size=out.shape)
    fast_grads = gradients(ops.sum(out * cotangent), tensors)

    expected = reference_conv.conv2d(x, kernel, bias, **attributes)
    # Through a relu, the gradient is the cotangent where the output is positive.
    passed = cotangent * (expected > 0) if relu else cotangent
    expected_grads = reference_conv.conv2d_gradients(x, kernel, passed, **attributes)
    np.testing.assert_allclose(out.value, np.maximum(expected, 0) if relu else expected,
                               rtol=1e-12, atol=1e-12)
    for fast, reference in zip(fast_grads, expected_grads):
        np.testing.assert_allclose(fast, reference, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("x_shape, pool, strides, padding", POOL_CASES)
def test_fast_max_pool_matches_the_reference(x_shape, pool, strides, padding):
    # Small integers, half of them 0 as after a relu: many windows hold ties.
    rng = np.random.default_rng(1)
    x = np.maximum(rng.integers(-3, 3, size=x_shape), 0).astype("float32")
    pads = _pads(x_shape, pool, strides, (1, 1), padding)
    tensor = Tensor(x)
    out = C.MaxPool2D.apply(tensor, pool=pool, strides=strides, pads=pads)
    cotangent = rng.normal(size=out.shape).astype("float32")
    (grad,) = gradients(ops.sum(out * cotangent), [tensor])
    np.testing.assert_array_equal(out.value, reference_conv.max_pool2d(x, pool, strides, pads))
    np.testing.assert_allclose(
        grad, reference_conv.max_pool2d_gradient(x, cotangent, pool, strides, pads), rtol=1e-6
    )


@pytest.mark.parametrize("x_shape, pool, strides, padding", POOL_CASES)
def test_fast_average_pool_matches_the_reference(x_shape, pool, strides, padding):
    x = np.random.default_rng(2).normal(size=x_shape)
    pads = _pads(x_shape, pool, strides, (1, 1), padding)
    out = C.AvgPool2D.apply(x, pool=pool, strides=strides, pads=pads)
    np.testing.assert_allclose(out, reference_conv.avg_pool2d(x, pool, strides, pads),
                               rtol=1e-12, atol=1e-12)


def test_the_reference_convolution_is_a_cross_correlation():
    # One image, one channel, a 2x2 kernel picking the bottom-right neighbour.
    x = np.arange(9.0).reshape(1, 3, 3, 1)
    kernel = np.array([[0.0, 0.0], [0.0, 1.0]]).reshape(2, 2, 1, 1)
    out = reference_conv.conv2d(x, kernel)
    np.testing.assert_array_equal(out[0, :, :, 0], [[4.0, 5.0], [7.0, 8.0]])
