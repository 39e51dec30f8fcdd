"""Activation functions, built from ops so that they are differentiable."""

import numpy as np

from kerasish import ops
from kerasish.backend import primitives as P


def relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    """Rectified linear unit, with an optional slope, cap and threshold.

    With the defaults this is `max(x, 0)`. In general, values at or below
    `threshold` become `negative_slope * (x - threshold)`, values above it stay
    `x`, and the result is capped at `max_value`. `keras.layers.Dense(...,
    activation="relu")` uses the default form.

    Args:
        x: A Tensor, NumPy array or scalar.
        negative_slope: The slope below the threshold. Defaults to 0.0.
        max_value: Optional upper bound of the output (6.0 gives `relu6`).
            None, the default, leaves it unbounded.
        threshold: The value below which inputs are damped. Defaults to 0.0.

    Returns:
        An array of the shape and dtype of `x`: a Tensor when `x` needs a
        gradient, else a NumPy array.

    Examples:
        >>> x = np.array([-2.0, 0.0, 2.0], dtype="float32")
        >>> keras.activations.relu(x)
        array([0., 0., 2.], dtype=float32)
        >>> keras.activations.relu(x, negative_slope=0.1, max_value=1.0)
        array([-0.2,  0. ,  1. ], dtype=float32)
    """
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
    """Leaky relu: `x` for positive inputs, `negative_slope * x` otherwise.

    Args:
        x: A Tensor, NumPy array or scalar.
        negative_slope: The slope for negative inputs. Defaults to 0.2, as in
            Keras.

    Returns:
        An array of the shape and dtype of `x`: a Tensor when `x` needs a
        gradient, else a NumPy array.

    Examples:
        >>> keras.activations.leaky_relu(np.array([-2.0, 0.0, 2.0], dtype="float32"))
        array([-0.4,  0. ,  2. ], dtype=float32)
    """
    return relu(x, negative_slope=negative_slope)


def relu6(x):
    """Relu capped at 6: `min(max(x, 0), 6)`.

    Args:
        x: A Tensor, NumPy array or scalar.

    Returns:
        An array of the shape and dtype of `x`: a Tensor when `x` needs a
        gradient, else a NumPy array.

    Examples:
        >>> keras.activations.relu6(np.array([-1.0, 3.0, 8.0], dtype="float32"))
        array([0., 3., 6.], dtype=float32)
    """
    return ops.minimum(ops.relu(x), 6.0)


def sigmoid(x):
    """Logistic sigmoid `1 / (1 + exp(-x))`; outputs lie in (0, 1).

    The result is always a Tensor that remembers its logits, so that a
    `binary_crossentropy` loss on it works from the logits (see
    `keras.ops.sigmoid`).

    Args:
        x: A Tensor, NumPy array or scalar.

    Returns:
        A Tensor of the shape and dtype of `x`.

    Examples:
        >>> y = keras.activations.sigmoid(np.array([-2.0, 0.0, 2.0], dtype="float32"))
        >>> keras.ops.convert_to_numpy(y)
        array([0.1192, 0.5   , 0.8808], dtype=float32)
    """
    return ops.sigmoid(x)


def tanh(x):
    """Hyperbolic tangent; outputs lie in (-1, 1).

    Args:
        x: A Tensor, NumPy array or scalar.

    Returns:
        An array of the shape and dtype of `x`: a Tensor when `x` needs a
        gradient, else a NumPy array.

    Examples:
        >>> keras.activations.tanh(np.array([-2.0, 0.0, 2.0], dtype="float32"))
        array([-0.964,  0.   ,  0.964], dtype=float32)
    """
    return ops.tanh(x)


def softmax(x, axis=-1):
    """Softmax along `axis`: turns scores into probabilities that sum to 1.

    `exp(x) / sum(exp(x))`, computed stably. The result is always a Tensor that
    remembers its logits, so that a categorical cross-entropy loss on it works
    from the logits, as Keras does (see `keras.ops.softmax`).

    Args:
        x: A Tensor, NumPy array or scalar.
        axis: The axis to normalize over. Defaults to -1 (the last).

    Returns:
        A Tensor of the shape and dtype of `x`.

    Examples:
        >>> y = keras.activations.softmax(np.array([[1.0, 1.0, 2.0]], dtype="float32"))
        >>> keras.ops.convert_to_numpy(y)
        array([[0.2119, 0.2119, 0.5761]], dtype=float32)
    """
    return ops.softmax(x, axis=axis)


def log_softmax(x, axis=-1):
    """Logarithm of the softmax along `axis`, computed directly and stably.

    Args:
        x: A Tensor, NumPy array or scalar.
        axis: The axis to normalize over. Defaults to -1 (the last).

    Returns:
        An array of the shape and dtype of `x`: a Tensor when `x` needs a
        gradient, else a NumPy array.

    Examples:
        >>> keras.activations.log_softmax(np.array([0.0, 0.0], dtype="float32"))
        array([-0.6931, -0.6931], dtype=float32)
    """
    return ops.log_softmax(x, axis=axis)


def softplus(x):
    """Softplus `log(1 + exp(x))`, a smooth relu; computed without overflow.

    Args:
        x: A Tensor, NumPy array or scalar.

    Returns:
        An array of the shape and dtype of `x`: a Tensor when `x` needs a
        gradient, else a NumPy array.

    Examples:
        >>> keras.activations.softplus(np.array([-2.0, 0.0, 2.0], dtype="float32"))
        array([0.1269, 0.6931, 2.1269], dtype=float32)
    """
    return ops.softplus(x)


def softsign(x):
    """Softsign `x / (1 + |x|)`; outputs lie in (-1, 1).

    Args:
        x: A Tensor, NumPy array or scalar.

    Returns:
        An array of the shape and dtype of `x`: a Tensor when `x` needs a
        gradient, else a NumPy array.

    Examples:
        >>> keras.activations.softsign(np.array([-2.0, 0.0, 2.0], dtype="float32"))
        array([-0.6667,  0.    ,  0.6667], dtype=float32)
    """
    return ops.divide(x, ops.add(ops.abs(x), 1.0))


def elu(x, alpha=1.0):
    """Exponential linear unit: `x` for positive inputs, `alpha * (exp(x) - 1)` otherwise.

    Negative inputs saturate smoothly at `-alpha` instead of being cut to 0.

    Args:
        x: A Tensor, NumPy array or scalar.
        alpha: The scale of the negative part. Defaults to 1.0.

    Returns:
        An array of the shape and dtype of `x`: a Tensor when `x` needs a
        gradient, else a NumPy array.

    Examples:
        >>> keras.activations.elu(np.array([-2.0, 0.0, 2.0], dtype="float32"))
        array([-0.8647,  0.    ,  2.    ], dtype=float32)
    """
    value = ops.convert_to_numpy(x)
    return ops.where(value > 0, x, ops.multiply(alpha, ops.subtract(ops.exp(ops.minimum(x, 0.0)), 1.0)))


def selu(x):
    """Scaled exponential linear unit: `scale * elu(x, alpha)` with fixed constants.

    `alpha` is about 1.6733 and `scale` about 1.0507, the values (Klambauer
    et al., 2017) that keep activations near mean 0 and variance 1 through
    deep stacks of Dense layers initialized with `lecun_normal`.

    Args:
        x: A Tensor, NumPy array or scalar.

    Returns:
        An array of the shape and dtype of `x`: a Tensor when `x` needs a
        gradient, else a NumPy array.

    Examples:
        >>> keras.activations.selu(np.array([-2.0, 0.0, 2.0], dtype="float32"))
        array([-1.5202,  0.    ,  2.1014], dtype=float32)
    """
    alpha = 1.6732632423543772848170429916717
    scale = 1.0507009873554804934193349852946
    return ops.multiply(scale, elu(x, alpha))


def silu(x):
    """Sigmoid linear unit `x * sigmoid(x)`, also called swish (`keras.activations.swish`).

    Args:
        x: A Tensor, NumPy array or scalar.

    Returns:
        An array of the shape and dtype of `x`: a Tensor when `x` needs a
        gradient, else a NumPy array.

    Examples:
        >>> keras.activations.silu(np.array([-2.0, 0.0, 2.0], dtype="float32"))
        array([-0.2384,  0.    ,  1.7616], dtype=float32)
    """
    return ops.multiply(x, P.Sigmoid.apply(ops.convert_to_tensor(x)))


swish = silu


def exponential(x):
    """Exponential activation `exp(x)`.

    Args:
        x: A Tensor, NumPy array or scalar.

    Returns:
        An array of the shape and dtype of `x`: a Tensor when `x` needs a
        gradient, else a NumPy array.

    Examples:
        >>> keras.activations.exponential(np.array([0.0, 1.0], dtype="float32"))
        array([1.    , 2.7183], dtype=float32)
    """
    return ops.exp(x)


def hard_sigmoid(x):
    """Piecewise-linear sigmoid: `relu6(x + 3) / 6`.

    0 below -3, 1 above 3 and linear in between, as in Keras 3 (Keras 2 used
    a slope of 0.2 instead).

    Args:
        x: A Tensor, NumPy array or scalar.

    Returns:
        An array of the shape and dtype of `x`: a Tensor when `x` needs a
        gradient, else a NumPy array.

    Examples:
        >>> keras.activations.hard_sigmoid(np.array([-4.0, 0.0, 1.5, 4.0], dtype="float32"))
        array([0.  , 0.5 , 0.75, 1.  ], dtype=float32)
    """
    return ops.divide(ops.minimum(ops.relu(ops.add(x, 3.0)), 6.0), 6.0)


def hard_silu(x):
    """Hard silu (hard swish) `x * hard_sigmoid(x)`, a cheap approximation of silu.

    `keras.activations.hard_swish` is another name for it.

    Args:
        x: A Tensor, NumPy array or scalar.

    Returns:
        An array of the shape and dtype of `x`: a Tensor when `x` needs a
        gradient, else a NumPy array.

    Examples:
        >>> keras.activations.hard_silu(np.array([-4.0, 0.0, 1.5, 4.0], dtype="float32"))
        array([-0.   ,  0.   ,  1.125,  4.   ], dtype=float32)
    """
    return ops.multiply(x, hard_sigmoid(x))


hard_swish = hard_silu


def linear(x):
    """Identity activation: returns `x` unchanged.

    It is what `activation=None` means for a layer.

    Args:
        x: Any value.

    Returns:
        `x` itself.

    Examples:
        >>> keras.activations.linear(np.array([-2.0, 3.0]))
        array([-2.,  3.])
    """
    return x


# Activations that are thin wrappers of the `keras.ops.nn` function of the
# same name (kerasish/ops/activation_ops.py holds the formulas).


def celu(x, alpha=1.0):
    """Continuously differentiable ELU: `max(0, x) + min(0, alpha * (exp(x / alpha) - 1))`.

    Args:
        x: A Tensor, NumPy array or scalar.
        alpha: The scale of the negative part. Defaults to 1.

    Returns:
        An array of the shape of `x` (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.activations.celu(np.array([-1.0, 2.0], dtype="float32"))
        array([-0.6321,  2.    ], dtype=float32)
    """
    return ops.celu(x, alpha=alpha)


def gelu(x, approximate=False):
    """Gaussian error linear unit `x * P(X <= x)`, exact (erf) by default as in Keras.

    Args:
        x: A Tensor, NumPy array or scalar.
        approximate: Whether to use the tanh approximation. Defaults to False
            (`keras.ops.gelu` defaults to True).

    Returns:
        An array of the shape of `x` (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.activations.gelu(np.array([-1.0, 1.0], dtype="float32"))
        array([-0.1587,  0.8413], dtype=float32)
    """
    return ops.gelu(x, approximate=approximate)


def glu(x, axis=-1):
    """Gated linear unit: halves `a`, `b` of `x` along `axis`, then `a * sigmoid(b)`.

    Args:
        x: A Tensor, NumPy array or list whose `axis` has even size.
        axis: The axis to split. Defaults to -1.

    Returns:
        An array with `axis` halved (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.activations.glu(np.array([1.0, 2.0, 0.0, 0.0], dtype="float32"))
        array([0.5, 1. ], dtype=float32)
    """
    return ops.glu(x, axis=axis)


def hard_shrink(x, threshold=0.5):
    """`x` where `|x| > threshold`, 0 elsewhere.

    Args:
        x: A Tensor, NumPy array or scalar.
        threshold: The threshold. Defaults to 0.5.

    Returns:
        An array of the shape of `x` (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.activations.hard_shrink(np.array([-1.0, 0.2], dtype="float32"))
        array([-1.,  0.], dtype=float32)
    """
    return ops.hard_shrink(x, threshold=threshold)


def hard_tanh(x):
    """`clip(x, -1, 1)`.

    Args:
        x: A Tensor, NumPy array or scalar.

    Returns:
        An array of the shape of `x` (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.activations.hard_tanh(np.array([-2.0, 0.5], dtype="float32"))
        array([-1. ,  0.5], dtype=float32)
    """
    return ops.hard_tanh(x)


def log_sigmoid(x):
    """`log(sigmoid(x))`, computed stably.

    Args:
        x: A Tensor, NumPy array or scalar.

    Returns:
        An array of the shape of `x` (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.activations.log_sigmoid(np.array([0.0], dtype="float32"))
        array([-0.6931], dtype=float32)
    """
    return ops.log_sigmoid(x)


def mish(x):
    """Mish `x * tanh(softplus(x))`, a smooth, non-monotonic activation.

    Args:
        x: A Tensor, NumPy array or scalar.

    Returns:
        An array of the shape of `x` (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.activations.mish(np.array([1.0], dtype="float32"))
        array([0.8651], dtype=float32)
    """
    from kerasish.ops.activation_ops import mish as mish_op

    return mish_op(x)


def soft_shrink(x, threshold=0.5):
    """Shrinks `x` toward 0 by `threshold` (0 inside [-threshold, threshold]).

    Args:
        x: A Tensor, NumPy array or scalar.
        threshold: The threshold. Defaults to 0.5.

    Returns:
        An array of the shape of `x` (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.activations.soft_shrink(np.array([-1.0, 0.2], dtype="float32"))
        array([-0.5,  0. ], dtype=float32)
    """
    return ops.soft_shrink(x, threshold=threshold)


def sparse_plus(x):
    """0 for `x <= -1`, `x` for `x >= 1`, `(x + 1)**2 / 4` between.

    Args:
        x: A Tensor, NumPy array or scalar.

    Returns:
        An array of the shape of `x` (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.activations.sparse_plus(np.array([0.0], dtype="float32"))
        array([0.25], dtype=float32)
    """
    return ops.sparse_plus(x)


def sparse_sigmoid(x):
    """0 for `x <= -1`, 1 for `x >= 1`, `(x + 1) / 2` between.

    Args:
        x: A Tensor, NumPy array or scalar.

    Returns:
        An array of the shape of `x` (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.activations.sparse_sigmoid(np.array([0.0], dtype="float32"))
        array([0.5], dtype=float32)
    """
    return ops.sparse_sigmoid(x)


def sparsemax(x, axis=-1):
    """Sparsemax along `axis` with Keras 3's threshold (see `keras.ops.sparsemax`).

    Args:
        x: A Tensor, NumPy array or list.
        axis: The axis. Defaults to -1.

    Returns:
        An array of the shape of `x` (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.activations.sparsemax(np.array([1.0, 2.0, 0.0], dtype="float32"))
        array([0., 1., 0.], dtype=float32)
    """
    return ops.sparsemax(x, axis=axis)


def squareplus(x, b=4):
    """`(x + sqrt(x**2 + b)) / 2`, a smooth relu.

    Args:
        x: A Tensor, NumPy array or scalar.
        b: The smoothness. Defaults to 4.

    Returns:
        An array of the shape of `x` (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.activations.squareplus(np.array([0.0], dtype="float32"))
        array([1.], dtype=float32)
    """
    return ops.squareplus(x, b=b)


def tanh_shrink(x):
    """`x - tanh(x)`.

    Args:
        x: A Tensor, NumPy array or scalar.

    Returns:
        An array of the shape of `x` (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.activations.tanh_shrink(np.array([1.0], dtype="float32"))
        array([0.2384], dtype=float32)
    """
    return ops.tanh_shrink(x)


def threshold(x, threshold, default_value):
    """`x` where `x > threshold`, `default_value` elsewhere.

    Args:
        x: A Tensor, NumPy array or scalar.
        threshold: The threshold.
        default_value: The value at or below the threshold.

    Returns:
        An array of the shape of `x` (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.activations.threshold(np.array([1.0, 3.0], dtype="float32"), 2.0, 0.0)
        array([0., 3.], dtype=float32)
    """
    return ops.threshold(x, threshold, default_value)


_BUILTINS = {
    fn.__name__: fn
    for fn in (
        relu, leaky_relu, relu6, sigmoid, tanh, softmax, log_softmax, softplus, softsign,
        elu, selu, silu, exponential, hard_sigmoid, hard_silu, linear,
        celu, gelu, glu, hard_shrink, hard_tanh, log_sigmoid, mish, soft_shrink,
        sparse_plus, sparse_sigmoid, sparsemax, squareplus, tanh_shrink, threshold,
    )
}
_ALIASES = {"swish": silu, "hard_swish": hard_silu}
