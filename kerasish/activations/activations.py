"""Activation functions, built from ops so that they are differentiable."""

import numpy as np

from kerasish import ops
from kerasish.backend import primitives as P


def relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    if negative_slope == 0.0 and max_value is None and threshold == 0.0:
        return ops.relu(x)
    x = ops.convert_to_tensor(x)
    value = np.asarray(ops.convert_to_numpy(x))
    above = value > threshold
    out = ops.where(above, x, 0.0) if threshold == 0.0 else ops.where(above, x, 0.0)
    if negative_slope:
        out = ops.where(above, out, ops.multiply(negative_slope, ops.subtract(x, threshold)))
    if max_value is not None:
        out = ops.minimum(out, max_value)
    return out


def leaky_relu(x, negative_slope=0.2):
    return relu(x, negative_slope=negative_slope)


def relu6(x):
    return ops.minimum(ops.relu(x), 6.0)


def sigmoid(x):
    return ops.sigmoid(x)


def tanh(x):
    return ops.tanh(x)


def softmax(x, axis=-1):
    return ops.softmax(x, axis=axis)


def log_softmax(x, axis=-1):
    return ops.log_softmax(x, axis=axis)


def softplus(x):
    return ops.softplus(x)


def softsign(x):
    return ops.divide(x, ops.add(ops.abs(x), 1.0))


def elu(x, alpha=1.0):
    value = ops.convert_to_numpy(x)
    return ops.where(value > 0, x, ops.multiply(alpha, ops.subtract(ops.exp(ops.minimum(x, 0.0)), 1.0)))


def selu(x):
    alpha = 1.6732632423543772848170429916717
    scale = 1.0507009873554804934193349852946
    return ops.multiply(scale, elu(x, alpha))


def silu(x):
    return ops.multiply(x, P.Sigmoid.apply(ops.convert_to_tensor(x)))


swish = silu


def exponential(x):
    return ops.exp(x)


def hard_sigmoid(x):
    return ops.divide(ops.minimum(ops.relu(ops.add(x, 3.0)), 6.0), 6.0)


def hard_silu(x):
    return ops.multiply(x, hard_sigmoid(x))


hard_swish = hard_silu


def linear(x):
    return x


_BUILTINS = {
    fn.__name__: fn
    for fn in (
        relu, leaky_relu, relu6, sigmoid, tanh, softmax, log_softmax, softplus, softsign,
        elu, selu, silu, exponential, hard_sigmoid, hard_silu, linear,
    )
}
_ALIASES = {"swish": silu, "hard_swish": hard_silu}
