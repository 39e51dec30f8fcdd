"""The activation functions of `keras.ops.nn` beyond relu/sigmoid/tanh/
softmax, and the normalizations (normalize, rms_normalization, moments),
composed from the differentiable core ops with Keras's formulas and
constants. Integer input is computed as floatx().
"""

import math

import numpy as np

from kerasish.backend import config
from kerasish.backend import primitives as P
from kerasish.backend.tensor import Tensor
from kerasish.ops.array_ops import split
from kerasish.ops.elementwise import erf, rsqrt
from kerasish.ops.numpy import (
    _floating,
    _value,
    abs,
    add,
    clip,
    divide,
    exp,
    maximum,
    mean,
    minimum,
    multiply,
    negative,
    square,
    sqrt,
    subtract,
    sum,
    where,
)
from kerasish.ops.nn import sigmoid, softplus, tanh

_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def _values(x):
    return np.asarray(_value(x))


def relu6(x):
    """`min(max(x, 0), 6)` element-wise.

    Args:
        x: A Tensor, NumPy array, scalar or list.

    Returns:
        An array of the shape and dtype of `x` (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.relu6(np.array([-1.0, 3.0, 8.0], dtype="float32"))
        array([0., 3., 6.], dtype=float32)
    """
    return clip(x, 0, 6)


def elu(x, alpha=1.0):
    """Exponential linear unit: `x` for `x > 0`, `alpha * (exp(x) - 1)` otherwise.

    Args:
        x: A Tensor, NumPy array, scalar or list.
        alpha: The scale of the negative part. Defaults to 1.

    Returns:
        An array of the shape of `x` (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.elu(np.array([-1.0, 2.0], dtype="float32"))
        array([-0.6321,  2.    ], dtype=float32)
    """
    x = _floating(x)
    negative_part = multiply(alpha, subtract(exp(minimum(x, 0)), 1))
    return where(_values(x) > 0, x, negative_part)


def selu(x):
    """Scaled ELU: `scale * elu(x, alpha)` with Keras's self-normalizing constants.

    Args:
        x: A Tensor, NumPy array, scalar or list.

    Returns:
        An array of the shape of `x` (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.selu(np.array([-1.0, 1.0], dtype="float32"))
        array([-1.1113,  1.0507], dtype=float32)
    """
    return multiply(_SELU_SCALE, elu(x, _SELU_ALPHA))


def celu(x, alpha=1.0):
    """Continuously differentiable ELU: `max(0, x) + min(0, alpha * (exp(x / alpha) - 1))`.

    Args:
        x: A Tensor, NumPy array, scalar or list.
        alpha: The scale of the negative part. Defaults to 1.

    Returns:
        An array of the shape of `x` (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.celu(np.array([-1.0, 2.0], dtype="float32"))
        array([-0.6321,  2.    ], dtype=float32)
    """
    x = _floating(x)
    return add(maximum(x, 0), minimum(0, multiply(alpha, subtract(exp(divide(x, alpha)), 1))))


def gelu(x, approximate=True):
    """Gaussian error linear unit `x * P(X <= x)` for a standard normal X.

    Args:
        x: A Tensor, NumPy array, scalar or list.
        approximate: Whether to use the tanh approximation (the default in
            `keras.ops.gelu`) instead of the exact erf form.

    Returns:
        An array of the shape of `x` (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.gelu(np.array([-1.0, 1.0], dtype="float32"))
        array([-0.1588,  0.8412], dtype=float32)
    """
    x = _floating(x)
    if approximate:  # 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3))) as one node
        return P.GeluTanh.apply(x)
    return multiply(multiply(0.5, x), add(1.0, erf(divide(x, math.sqrt(2.0)))))


def glu(x, axis=-1):
    """Gated linear unit: splits `x` in two halves `a`, `b` along `axis` and returns `a * sigmoid(b)`.

    Args:
        x: A Tensor, NumPy array or list whose `axis` has even size.
        axis: The axis to split. Defaults to -1.

    Returns:
        An array with `axis` halved (a Tensor when `x` needs a gradient).

    Raises:
        ValueError: If the size of `axis` is odd.

    Examples:
        >>> keras.ops.glu(np.array([1.0, 2.0, 0.0, 0.0], dtype="float32"))
        array([0.5, 1. ], dtype=float32)
    """
    x = _floating(x)
    if _values(x).shape[axis] % 2:
        raise ValueError("axis size must be divisible by 2. "
                         f"Received: x.shape={_values(x).shape} with axis={axis}")
    a, b = split(x, 2, axis=axis)
    return multiply(a, sigmoid(b))


def silu(x):
    """Sigmoid linear unit (swish): `x * sigmoid(x)`.

    Args:
        x: A Tensor, NumPy array, scalar or list.

    Returns:
        An array of the shape of `x` (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.silu(np.array([-1.0, 1.0], dtype="float32"))
        array([-0.2689,  0.7311], dtype=float32)
    """
    x = _floating(x)
    if not isinstance(x, Tensor):
        # No graph: one pass; exp overflowing to inf gives the right limit (-0).
        with np.errstate(over="ignore"):
            return x / (1 + np.exp(-x))
    return multiply(x, P.Sigmoid.apply(x))


swish = silu


def hard_sigmoid(x):
    """Piecewise-linear sigmoid: `relu6(x + 3) / 6`.

    Args:
        x: A Tensor, NumPy array, scalar or list.

    Returns:
        An array of the shape of `x` (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.hard_sigmoid(np.array([-4.0, 0.0, 4.0], dtype="float32"))
        array([0. , 0.5, 1. ], dtype=float32)
    """
    return divide(relu6(add(_floating(x), 3.0)), 6.0)


def hard_silu(x):
    """Hard SiLU (hard swish): `x * hard_sigmoid(x)`.

    Args:
        x: A Tensor, NumPy array, scalar or list.

    Returns:
        An array of the shape of `x` (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.hard_silu(np.array([-4.0, 1.0], dtype="float32"))
        array([-0.    ,  0.6667], dtype=float32)
    """
    x = _floating(x)
    return multiply(x, hard_sigmoid(x))


hard_swish = hard_silu


def hard_tanh(x):
    """`clip(x, -1, 1)`.

    Args:
        x: A Tensor, NumPy array, scalar or list.

    Returns:
        An array of the shape of `x` (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.hard_tanh(np.array([-2.0, 0.5], dtype="float32"))
        array([-1. ,  0.5], dtype=float32)
    """
    return clip(_floating(x), -1.0, 1.0)


def hard_shrink(x, threshold=0.5):
    """`x` where `|x| > threshold`, 0 elsewhere.

    Args:
        x: A Tensor, NumPy array, scalar or list.
        threshold: The threshold. Defaults to 0.5.

    Returns:
        An array of the shape of `x` (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.hard_shrink(np.array([-1.0, 0.2, 0.7], dtype="float32"))
        array([-1. ,  0. ,  0.7], dtype=float32)
    """
    x = _floating(x)
    return where(np.abs(_values(x)) > threshold, x, 0.0)


def soft_shrink(x, threshold=0.5):
    """Shrinks `x` toward 0 by `threshold`: `x - threshold` above it, `x + threshold` below `-threshold`, else 0.

    Args:
        x: A Tensor, NumPy array, scalar or list.
        threshold: The threshold. Defaults to 0.5.

    Returns:
        An array of the shape of `x` (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.soft_shrink(np.array([-1.0, 0.2, 0.7], dtype="float32"))
        array([-0.5,  0. ,  0.2], dtype=float32)
    """
    x = _floating(x)
    values = _values(x)
    shifted = where(values > threshold, subtract(x, threshold), add(x, threshold))
    return where(np.abs(values) > threshold, shifted, 0.0)


def tanh_shrink(x):
    """`x - tanh(x)`.

    Args:
        x: A Tensor, NumPy array, scalar or list.

    Returns:
        An array of the shape of `x` (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.tanh_shrink(np.array([0.0, 1.0], dtype="float32"))
        array([0.    , 0.2384], dtype=float32)
    """
    x = _floating(x)
    return subtract(x, tanh(x))


def leaky_relu(x, negative_slope=0.2):
    """`x` for `x >= 0`, `negative_slope * x` otherwise.

    Args:
        x: A Tensor, NumPy array, scalar or list.
        negative_slope: The slope below 0. Defaults to 0.2.

    Returns:
        An array of the shape of `x` (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.leaky_relu(np.array([-1.0, 2.0], dtype="float32"))
        array([-0.2,  2. ], dtype=float32)
    """
    x = _floating(x)
    return where(_values(x) >= 0, x, multiply(x, negative_slope))


def log_sigmoid(x):
    """`log(sigmoid(x))`, computed stably as `-softplus(-x)`.

    Args:
        x: A Tensor, NumPy array, scalar or list.

    Returns:
        An array of the shape of `x` (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.log_sigmoid(np.array([0.0], dtype="float32"))
        array([-0.6931], dtype=float32)
    """
    return negative(softplus(negative(_floating(x))))


def softsign(x):
    """`x / (1 + |x|)`.

    Args:
        x: A Tensor, NumPy array, scalar or list.

    Returns:
        An array of the shape of `x` (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.softsign(np.array([1.0, -3.0], dtype="float32"))
        array([ 0.5 , -0.75], dtype=float32)
    """
    x = _floating(x)
    return divide(x, add(abs(x), 1.0))


def sparse_plus(x):
    """0 for `x <= -1`, `x` for `x >= 1`, `(x + 1)**2 / 4` between.

    Args:
        x: A Tensor, NumPy array, scalar or list.

    Returns:
        An array of the shape of `x` (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.sparse_plus(np.array([-2.0, 0.0, 2.0], dtype="float32"))
        array([0.  , 0.25, 2.  ], dtype=float32)
    """
    x = _floating(x)
    values = _values(x)
    middle = divide(square(add(x, 1.0)), 4.0)
    return where(values <= -1, 0.0, where(values >= 1, x, middle))


def sparse_sigmoid(x):
    """0 for `x <= -1`, 1 for `x >= 1`, `(x + 1) / 2` between.

    Args:
        x: A Tensor, NumPy array, scalar or list.

    Returns:
        An array of the shape of `x` (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.sparse_sigmoid(np.array([-2.0, 0.0, 2.0], dtype="float32"))
        array([0. , 0.5, 1. ], dtype=float32)
    """
    x = _floating(x)
    values = _values(x)
    return where(values <= -1, 0.0, where(values >= 1, 1.0, multiply(0.5, add(x, 1.0))))


def squareplus(x, b=4):
    """`(x + sqrt(x**2 + b)) / 2`, a smooth relu.

    Args:
        x: A Tensor, NumPy array, scalar or list.
        b: The smoothness (>= 0). Defaults to 4.

    Returns:
        An array of the shape of `x` (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.squareplus(np.array([0.0], dtype="float32"))
        array([1.], dtype=float32)
    """
    x = _floating(x)
    dtype = _values(x).dtype
    return divide(add(x, sqrt(add(square(x), np.asarray(b, dtype)))), 2.0)


def threshold(x, threshold, default_value):
    """`x` where `x > threshold`, `default_value` elsewhere.

    Args:
        x: A Tensor, NumPy array, scalar or list.
        threshold: The threshold.
        default_value: The value below (or at) the threshold.

    Returns:
        An array of the shape of `x` (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.threshold(np.array([1.0, 3.0], dtype="float32"), 2.0, 0.0)
        array([0., 3.], dtype=float32)
    """
    x = _floating(x)
    return where(_values(x) > threshold, x, float(default_value))


def mish(x):
    """`x * tanh(softplus(x))`.

    Args:
        x: A Tensor, NumPy array, scalar or list.

    Returns:
        An array of the shape of `x` (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.activations.mish(np.array([1.0], dtype="float32"))
        array([0.8651], dtype=float32)
    """
    x = _floating(x)
    return multiply(x, tanh(softplus(x)))


def sparsemax(x, axis=-1):
    """Sparsemax along `axis`, computed with Keras 3's formula: `max(x - tau, 0)`.

    Keras (every backend, 3.15) sets the threshold to
    `tau = (sum of the running sums of the sorted x over the support - 1) / k`,
    k being the support size. With one entry in the support this is the
    simplex projection of Martins & Astudillo (the values sum to 1); with
    more, Keras's tau is larger than the projection's, and so is kerasish's,
    to give Keras's numbers.

    Args:
        x: A Tensor, NumPy array or list.
        axis: The axis. Defaults to -1.

    Returns:
        An array of the shape of `x` (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.sparsemax(np.array([1.0, 2.0, 0.0], dtype="float32"))
        array([0., 1., 0.], dtype=float32)
    """
    x = _floating(x)
    values = _values(x)
    ordered = -np.sort(-values, axis=axis)
    k = np.arange(1, values.shape[axis] + 1).reshape(
        [-1 if i == axis % values.ndim else 1 for i in range(values.ndim)])
    running = np.cumsum(ordered, axis=axis)
    support = ordered - (running - 1) / k > 0
    size = np.sum(support, axis=axis, keepdims=True)
    # The gradient follows the same formula through the sort: tau depends on
    # the sorted entries of the support with weights (k - position + 1) / k.
    from kerasish.ops.array_ops import sort

    sorted_x = negative(sort(negative(x), axis=axis))
    positions = np.broadcast_to(k, values.shape)
    weights = np.where(support, (size - positions + 1), 0).astype(values.dtype)
    tau = divide(subtract(sum(multiply(sorted_x, weights), axis=axis, keepdims=True), 1.0),
                 size.astype(values.dtype))
    return maximum(subtract(x, tau), 0.0)


def normalize(x, axis=-1, order=2, epsilon=None):
    """Divides `x` by its `order`-norm along `axis` (at least `epsilon`).

    Args:
        x: A Tensor, NumPy array or list.
        axis: The axis (or tuple of axes) of the norm. Defaults to -1.
        order: The norm's order, an int >= 1. Defaults to 2.
        epsilon: The smallest norm divided by; None means `keras.config.epsilon()`.

    Returns:
        An array of the shape of `x` (a Tensor when `x` needs a gradient).

    Raises:
        ValueError: If `order` is not an int >= 1.

    Examples:
        >>> keras.ops.normalize(np.array([3.0, 4.0], dtype="float32"))
        array([0.6, 0.8], dtype=float32)
    """
    if not isinstance(order, int) or order < 1:
        raise ValueError(f"Argument `order` must be an int >= 1. Received: order={order}")
    x = _floating(x)
    if epsilon is None:
        epsilon = config.epsilon()
    if order == 2:
        inverse = minimum(rsqrt(sum(square(x), axis=axis, keepdims=True)), 1.0 / epsilon)
        return multiply(x, inverse)
    from kerasish.ops.linalg import norm

    return divide(x, maximum(norm(x, ord=order, axis=axis, keepdims=True), epsilon))


def rms_normalization(x, scale=None, axis=-1, epsilon=None):
    """Root-mean-square normalization: `x / sqrt(mean(x**2) + epsilon) * scale` over `axis`.

    Args:
        x: A Tensor, NumPy array or list.
        scale: An optional multiplier broadcast against the result.
        axis: The axis (or axes) of the mean. Defaults to -1.
        epsilon: Added to the mean square; None means `keras.config.epsilon()`.

    Returns:
        An array of the shape of `x` (a Tensor when an input needs a gradient).

    Examples:
        >>> keras.ops.rms_normalization(np.array([[3.0, 4.0]], dtype="float32"))
        array([[0.8485, 1.1314]], dtype=float32)
    """
    x = _floating(x)
    if epsilon is None:
        epsilon = config.epsilon()
    out = multiply(x, rsqrt(add(mean(square(x), axis=axis, keepdims=True), epsilon)))
    return out if scale is None else multiply(out, scale)


def moments(x, axes, keepdims=False, synchronized=False):
    """The mean and (biased) variance of `x` over `axes`.

    Args:
        x: A Tensor, NumPy array or list.
        axes: The axes to reduce (an int or a list of ints).
        keepdims: Whether reduced axes stay as size 1. Defaults to False.
        synchronized: Accepted for Keras compatibility (only one device here).

    Returns:
        A tuple `(mean, variance)` (Tensors when `x` needs a gradient).

    Examples:
        >>> keras.ops.moments(np.array([1.0, 3.0], dtype="float32"), axes=[0])
        (np.float32(2.0), np.float32(1.0))
    """
    x = _floating(x)
    axes = tuple(axes) if isinstance(axes, (list, tuple)) else axes
    average = mean(x, axis=axes, keepdims=True)
    variance = mean(square(subtract(x, average)), axis=axes, keepdims=keepdims)
    if not keepdims:
        average = mean(x, axis=axes)
    return average, variance


__all__ = [name for name, obj in list(globals().items())
           if callable(obj) and getattr(obj, "__module__", None) == __name__
           and not name.startswith("_")] + ["swish", "hard_swish"]
__all__.remove("mish")  # keras.activations.mish only (not in keras.ops)
