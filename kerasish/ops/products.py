"""Products and differences of `keras.ops`: outer, inner, vdot, tensordot,
kron, cross, diff, trapezoid, correlate, corrcoef and cdist, composed from
the differentiable core ops (reshape, multiply, sum, matmul, indexing)."""

import numpy as np

from kerasish.backend import primitives as P
from kerasish.ops.array_ops import _gather_by, moveaxis, ravel
from kerasish.ops.core import cast
from kerasish.ops.numpy import (
    _floating,
    _operand,
    _operands,
    _value,
    divide,
    expand_dims,
    matmul,
    mean,
    multiply,
    reshape,
    sqrt,
    square,
    subtract,
    sum,
    transpose,
)


def _shape(x):
    return np.shape(_value(x))


def outer(x1, x2):
    """The outer product of the flattened `x1` and `x2`.

    Args:
        x1: A Tensor, NumPy array or list.
        x2: Same kinds as `x1`.

    Returns:
        A 2-D array `(x1.size, x2.size)` (a Tensor when an input needs a gradient).

    Examples:
        >>> keras.ops.outer(np.array([1, 2]), np.array([3, 4]))
        array([[3, 4],
               [6, 8]])
    """
    x1, x2 = _operands(x1, x2)
    return multiply(reshape(x1, (-1, 1)), reshape(x2, (1, -1)))


def inner(x1, x2):
    """The inner product: a sum over the last axes of `x1` and `x2`.

    Args:
        x1: A Tensor, NumPy array, scalar or list.
        x2: Same kinds as `x1`, with the same last axis.

    Returns:
        An array of shape `x1.shape[:-1] + x2.shape[:-1]` (a Tensor when an
        input needs a gradient).

    Examples:
        >>> keras.ops.inner(np.array([1, 2]), np.array([3, 4]))
        np.int64(11)
    """
    x1, x2 = _operands(x1, x2)
    if np.ndim(_value(x1)) == 0 or np.ndim(_value(x2)) == 0:
        return multiply(x1, x2)
    if np.ndim(_value(x2)) == 1:
        return _in_operand_dtype(matmul(x1, x2), x1, x2)
    return tensordot(x1, x2, axes=([-1], [-1]))


def vdot(x1, x2):
    """The dot product of the flattened `x1` and `x2`.

    Args:
        x1: A Tensor, NumPy array or list.
        x2: Same kinds, with as many elements.

    Returns:
        A scalar (a Tensor when an input needs a gradient).

    Examples:
        >>> keras.ops.vdot(np.array([[1, 2]]), np.array([3, 4]))
        np.int64(11)
    """
    from kerasish.ops.promotion import result_type

    x1, x2 = _operands(x1, x2)
    dtype = result_type(x1, x2)
    total = sum(multiply(ravel(x1), ravel(x2)))
    # Keras keeps the operands' dtype (sum alone would widen int8 to int32).
    return total if np.asarray(_value(total)).dtype == dtype else cast(total, dtype)


def tensordot(x1, x2, axes=2):
    """Sums products over the given axes of `x1` and `x2`.

    Args:
        x1: A Tensor, NumPy array or list.
        x2: Same kinds as `x1`.
        axes: An int N (the last N axes of `x1` with the first N of `x2`), or
            a pair of axis lists.

    Returns:
        The contracted array (a Tensor when an input needs a gradient).

    Examples:
        >>> keras.ops.tensordot(np.ones((2, 3)), np.ones((3, 4)), axes=1).shape
        (2, 4)
    """
    x1, x2 = _operands(x1, x2)
    n1, n2 = np.ndim(_value(x1)), np.ndim(_value(x2))
    if isinstance(axes, (int, np.integer)):
        a1, a2 = list(range(n1 - axes, n1)), list(range(axes))
    else:
        a1, a2 = [list(np.atleast_1d(a)) for a in axes]
    a1, a2 = [a % n1 for a in a1], [a % n2 for a in a2]
    s1, s2 = _shape(x1), _shape(x2)
    free1, free2 = [a for a in range(n1) if a not in a1], [a for a in range(n2) if a not in a2]
    size = int(np.prod([s1[a] for a in a1]))
    left = reshape(transpose(x1, free1 + a1), (-1, size))
    right = reshape(transpose(x2, a2 + free2), (size, -1))
    product = _in_operand_dtype(matmul(left, right), x1, x2)
    return reshape(product, tuple(s1[a] for a in free1) + tuple(s2[a] for a in free2))


def _in_operand_dtype(product, x1, x2):
    """Keras's tensordot and inner keep their integer operands' promoted dtype
    (int8 and uint8 give int16), where its matmul widens int8 products to int32."""
    dtype = np.result_type(np.asarray(_value(x1)).dtype, np.asarray(_value(x2)).dtype)
    if dtype.kind in "iu" and np.asarray(_value(product)).dtype != dtype:
        return cast(product, dtype.name)
    return product


def kron(x1, x2):
    """The Kronecker product: a block array of `x1[i] * x2`.

    Args:
        x1: A Tensor, NumPy array or list.
        x2: Same kinds as `x1`.

    Returns:
        The product (a Tensor when an input needs a gradient).

    Examples:
        >>> keras.ops.kron(np.array([1, 2]), np.array([1, 10]))
        array([ 1, 10,  2, 20])
    """
    x1, x2 = _operands(x1, x2)
    n = max(np.ndim(_value(x1)), np.ndim(_value(x2)))
    s1 = (1,) * (n - np.ndim(_value(x1))) + _shape(x1)
    s2 = (1,) * (n - np.ndim(_value(x2))) + _shape(x2)
    # Interleave the axes: (a0, b0, a1, b1, ...), then merge each pair.
    a = reshape(x1, tuple(d for pair in zip(s1, (1,) * n) for d in pair))
    b = reshape(x2, tuple(d for pair in zip((1,) * n, s2) for d in pair))
    return reshape(multiply(a, b), tuple(i * j for i, j in zip(s1, s2)))


def cross(x1, x2, axisa=-1, axisb=-1, axisc=-1, axis=None):
    """The cross product of 3-vectors (or 2-vectors, as z = 0) along the given axes.

    Args:
        x1: A Tensor, NumPy array or list of vectors.
        x2: Same kinds, broadcast against `x1`.
        axisa: The vector axis of `x1`. Defaults to -1.
        axisb: The vector axis of `x2`. Defaults to -1.
        axisc: The vector axis of the result. Defaults to -1.
        axis: If given, overrides the three axes.

    Returns:
        The cross products (a Tensor when an input needs a gradient); 2-vector
        pairs give the scalar z component.

    Raises:
        ValueError: If a vector axis has size other than 2 or 3.

    Examples:
        >>> keras.ops.cross(np.array([1, 0, 0]), np.array([0, 1, 0]))
        array([0, 0, 1])
    """
    if axis is not None:
        axisa = axisb = axisc = axis
    x1, x2 = _operands(x1, x2)
    a, b = moveaxis(x1, axisa, -1), moveaxis(x2, axisb, -1)
    na, nb = _shape(a)[-1], _shape(b)[-1]
    if na not in (2, 3) or nb not in (2, 3):
        raise ValueError("Incompatible dimensions for cross product (dimension must be 2 or 3). "
                         f"Received: x1.shape={_shape(x1)}, x2.shape={_shape(x2)}")

    def component(v, i, n):
        return P.GetItem.apply(v, index=(Ellipsis, i)) if i < n else 0

    a0, a1, a2 = (component(a, i, na) for i in range(3))
    b0, b1, b2 = (component(b, i, nb) for i in range(3))
    z = subtract(multiply(a0, b1), multiply(a1, b0))
    if na == 2 and nb == 2:
        return z
    x = subtract(multiply(a1, b2), multiply(a2, b1))
    y = subtract(multiply(a2, b0), multiply(a0, b2))
    from kerasish.ops.numpy import stack

    return moveaxis(stack([x, y, z], axis=-1), -1, axisc)


def diff(a, n=1, axis=-1):
    """The `n`-th discrete difference along `axis`: `a[i + 1] - a[i]`, `n` times.

    Args:
        a: A Tensor, NumPy array or list.
        n: How many times to difference. Defaults to 1.
        axis: The axis. Defaults to -1.

    Returns:
        An array `n` shorter along `axis` (a Tensor when `a` needs a gradient).

    Examples:
        >>> keras.ops.diff(np.array([1, 4, 9]))
        array([3, 5])
    """
    a = _operand(a)
    ndim = np.ndim(_value(a))
    axis = axis % ndim
    lead = (slice(None),) * axis
    if np.asarray(_value(a)).dtype == bool:  # bools differ where they change, as in Keras
        values = np.asarray(_value(a))
        for _ in range(n):
            values = values[lead + (slice(1, None),)] != values[lead + (slice(None, -1),)]
        return values
    for _ in range(n):
        a = subtract(P.GetItem.apply(a, index=lead + (slice(1, None),)),
                     P.GetItem.apply(a, index=lead + (slice(None, -1),)))
    return a


def trapezoid(y, x=None, dx=1.0, axis=-1):
    """Integrates `y` along `axis` with the trapezoidal rule.

    Args:
        y: The values, a Tensor, NumPy array or list.
        x: The sample points along `axis`; None means spacing `dx`.
        dx: The spacing when `x` is None. Defaults to 1.
        axis: The axis. Defaults to -1.

    Returns:
        The integrals, floatx() for integer input (a Tensor when `y` needs a gradient).

    Examples:
        >>> keras.ops.trapezoid(np.array([1.0, 2.0, 3.0], dtype="float32"))
        np.float32(4.0)
    """
    y = _floating(y)
    ndim = np.ndim(_value(y))
    axis = axis % ndim
    lead = (slice(None),) * axis
    upper = P.GetItem.apply(y, index=lead + (slice(1, None),))
    lower = P.GetItem.apply(y, index=lead + (slice(None, -1),))
    if x is None:
        widths = np.asarray(dx, np.asarray(_value(y)).dtype)
    else:
        widths = diff(_floating(x), axis=-1 if np.ndim(_value(x)) == 1 else axis)
        if np.ndim(_value(x)) == 1:
            shape = [1] * ndim
            shape[axis] = -1
            widths = reshape(widths, shape)
    return sum(multiply(widths, divide(P.Add.apply(upper, lower), 2.0)), axis=axis)


def correlate(x1, x2, mode="valid"):
    """The cross-correlation of two 1-D sequences, as NumPy's `correlate`.

    `full[k] = sum_n x1[n + k - (N - 1)] * x2[n]`; "valid" keeps the outputs
    where the sequences overlap fully, "same" the `len(x1)` central ones.
    Differentiable in both inputs when `x1` is at least as long as `x2`.

    Args:
        x1: A 1-D Tensor, NumPy array or list.
        x2: A 1-D Tensor, NumPy array or list.
        mode: "valid" (the default), "same" or "full".

    Returns:
        A 1-D array, floatx() for integer input (a Tensor when an input needs
        a gradient).

    Raises:
        ValueError: If `mode` is not one of the three.

    Examples:
        >>> keras.ops.correlate(np.array([1.0, 2.0, 3.0], dtype="float32"), np.array([0.0, 1.0], dtype="float32"))
        array([2., 3.], dtype=float32)
    """
    if mode not in ("valid", "same", "full"):
        raise ValueError(f"`mode` must be 'valid', 'same' or 'full'. Received: mode={mode}")
    from kerasish.ops.promotion import float_result_type, result_type

    # Keras's dtype: the float of the pair (int8 with float16 is float16), int64 in float64.
    dtype = "float64" if result_type(x1, x2) == np.dtype("int64") else float_result_type(x1, x2)
    a, v = cast(_operand(x1), dtype), cast(_operand(x2), dtype)
    m, n = len(np.asarray(_value(a))), len(np.asarray(_value(v)))
    if m < n:  # NumPy swaps the roles then; rare enough to compute without a graph
        a_values, v_values = np.asarray(_value(a)), np.asarray(_value(v))
        return np.correlate(a_values, v_values, mode=mode).astype(np.result_type(a_values, v_values))
    starts = np.arange(m + n - 1)[:, None] + np.arange(n)[None, :]
    windows = _gather_by(a, lambda arr: np.pad(arr, (n - 1, n - 1))[starts], fills_zeros=True)
    full = matmul(windows, v)
    if mode == "full":
        return full
    start = n - 1 if mode == "valid" else (n - 1) // 2
    length = m - n + 1 if mode == "valid" else m
    return P.GetItem.apply(full, index=(slice(start, start + length),)) if hasattr(
        full, "requires_grad") else full[start:start + length]


def corrcoef(x):
    """The Pearson correlation coefficients between the rows of `x`.

    Args:
        x: A 1-D or 2-D Tensor, NumPy array or list (rows are variables).

    Returns:
        The correlation matrix (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.corrcoef(np.array([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]], dtype="float32"))
        array([[ 1., -1.],
               [-1.,  1.]], dtype=float32)
    """
    x = _floating(x)
    if np.ndim(_value(x)) == 1:
        x = reshape(x, (1, -1))
    centered = subtract(x, mean(x, axis=1, keepdims=True))
    covariance = matmul(centered, transpose(centered))
    scale = sqrt(sum(square(centered), axis=1, keepdims=True))
    result = divide(covariance, multiply(scale, transpose(scale)))
    from kerasish.ops.numpy import clip

    result = clip(result, -1.0, 1.0)
    return result if np.shape(_value(result)) != (1, 1) else reshape(result, ())


def cdist(x, y):
    """The Euclidean distances between the rows of `x` and the rows of `y`.

    Args:
        x: An array `(..., m, d)`.
        y: An array `(..., n, d)`.

    Returns:
        The distances `(..., m, n)` (a Tensor when an input needs a gradient).

    Examples:
        >>> keras.ops.cdist(np.array([[0.0, 0.0]], dtype="float32"), np.array([[3.0, 4.0]], dtype="float32"))
        array([[5.]], dtype=float32)
    """
    x, y = _floating(x), _floating(y)
    difference = subtract(expand_dims(x, -2), expand_dims(y, -3))
    return sqrt(sum(square(difference), axis=-1))


__all__ = [name for name, obj in list(globals().items())
           if callable(obj) and getattr(obj, "__module__", None) == __name__
           and not name.startswith("_")]
