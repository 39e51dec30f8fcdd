"""Array-creation ops of `keras.ops`: full, eye, identity, tri, linspace,
logspace, geomspace, meshgrid, vander, the window functions, array and
copy. They make new NumPy arrays (nothing to differentiate, except `copy`
and `vander`, which keep the graph of their input). Default dtypes follow
Keras: floatx() for floats, int32 for Python ints.
"""

import numpy as np

from kerasish.backend import config
from kerasish.backend.tensor import Tensor
from kerasish.ops.numpy import _operand, _value, multiply, stack
from kerasish.ops.promotion import result_type


def _dtype_or_floatx(dtype):
    return np.dtype(dtype or config.floatx())


def full(shape, fill_value, dtype=None):
    """A new array of `shape` filled with `fill_value`.

    Args:
        shape: An int or a tuple of ints.
        fill_value: The value (a scalar or an array broadcast to `shape`).
        dtype: The dtype; None takes Keras's dtype of `fill_value` (floatx()
            for a float, int32 for an int).

    Returns:
        A NumPy array.

    Examples:
        >>> keras.ops.full((2,), 7)
        array([7, 7], dtype=int32)
    """
    fill = _value(fill_value)
    dtype = np.dtype(dtype) if dtype is not None else result_type(fill)
    return np.full(shape, fill, dtype=dtype)


def full_like(x, fill_value, dtype=None):
    """A new array shaped as `x`, filled with `fill_value`, in the dtype of `x` by default.

    Args:
        x: A Tensor, NumPy array or list.
        fill_value: The value.
        dtype: The dtype; None keeps that of `x`.

    Returns:
        A NumPy array.

    Examples:
        >>> keras.ops.full_like(np.zeros(2, dtype="float32"), 3)
        array([3., 3.], dtype=float32)
    """
    return np.full_like(np.asarray(_value(x)), _value(fill_value), dtype=dtype)


def empty(shape, dtype=None):
    """A new array of `shape` (kerasish fills it with zeros, so it is never garbage).

    Args:
        shape: An int or a tuple of ints.
        dtype: The dtype; None means floatx().

    Returns:
        A NumPy array.

    Examples:
        >>> keras.ops.empty((2,)).shape
        (2,)
    """
    return np.zeros(shape, dtype=_dtype_or_floatx(dtype))


def empty_like(x, dtype=None):
    """A new array shaped as `x` (zero-filled), in the dtype of `x` by default.

    Args:
        x: A Tensor, NumPy array or list.
        dtype: The dtype; None keeps that of `x`.

    Returns:
        A NumPy array.

    Examples:
        >>> keras.ops.empty_like(np.ones((2, 1), dtype="int32")).shape
        (2, 1)
    """
    return np.zeros_like(np.asarray(_value(x)), dtype=dtype)


def eye(N, M=None, k=0, dtype=None):
    """A 2-D array with ones on diagonal `k` and zeros elsewhere.

    Args:
        N: The number of rows.
        M: The number of columns; None means `N`.
        k: The diagonal: 0 the main one, positive above it. Defaults to 0.
        dtype: The dtype; None means floatx().

    Returns:
        A NumPy array `(N, M)`.

    Examples:
        >>> keras.ops.eye(2)
        array([[1., 0.],
               [0., 1.]], dtype=float32)
    """
    return np.eye(N, M, k=k, dtype=_dtype_or_floatx(dtype))


def identity(n, dtype=None):
    """The `n x n` identity matrix.

    Args:
        n: The size.
        dtype: The dtype; None means floatx().

    Returns:
        A NumPy array `(n, n)`.

    Examples:
        >>> keras.ops.identity(2, dtype="int32")
        array([[1, 0],
               [0, 1]], dtype=int32)
    """
    return np.identity(n, dtype=_dtype_or_floatx(dtype))


def tri(N, M=None, k=0, dtype=None):
    """A 2-D array with ones at and below diagonal `k`, zeros above.

    Args:
        N: The number of rows.
        M: The number of columns; None means `N`.
        k: The diagonal. Defaults to 0.
        dtype: The dtype; None means floatx().

    Returns:
        A NumPy array `(N, M)`.

    Examples:
        >>> keras.ops.tri(2)
        array([[1., 0.],
               [1., 1.]], dtype=float32)
    """
    return np.tri(N, M, k=k, dtype=_dtype_or_floatx(dtype))


def _spaced_dtype(dtype, *bounds):
    if dtype is not None:
        return np.dtype(dtype)
    kinds = [result_type(_value(b)) for b in bounds]
    return np.dtype(config.floatx()) if all(k.kind in "iub" for k in kinds) else max(
        kinds, key=lambda d: (d.kind == "f", d.itemsize))


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    """`num` evenly spaced values from `start` to `stop`.

    Args:
        start: The first value (a scalar or array).
        stop: The last value (included when `endpoint`).
        num: How many values. Defaults to 50.
        endpoint: Whether `stop` is included. Defaults to True.
        retstep: Whether to also return the spacing. Defaults to False.
        dtype: The dtype; None means floatx() (or the bounds' float dtype).
        axis: Where the new axis goes for array bounds. Defaults to 0.

    Returns:
        A NumPy array, or `(array, step)` with `retstep`.

    Examples:
        >>> keras.ops.linspace(0, 1, 5)
        array([0.  , 0.25, 0.5 , 0.75, 1.  ], dtype=float32)
    """
    dtype = _spaced_dtype(dtype, start, stop)
    values = np.linspace(_value(start), _value(stop), num, endpoint=endpoint, retstep=retstep,
                         axis=axis)
    if retstep:
        return values[0].astype(dtype), values[1]
    return values.astype(dtype)


def logspace(start, stop, num=50, endpoint=True, base=10, dtype=None, axis=0):
    """`num` values spaced evenly on a log scale, from `base**start` to `base**stop`.

    Args:
        start: The first exponent.
        stop: The last exponent.
        num: How many values. Defaults to 50.
        endpoint: Whether `base**stop` is included. Defaults to True.
        base: The base. Defaults to 10.
        dtype: The dtype; None means floatx().
        axis: Where the new axis goes for array bounds. Defaults to 0.

    Returns:
        A NumPy array.

    Examples:
        >>> keras.ops.logspace(0, 2, 3)
        array([  1.,  10., 100.], dtype=float32)
    """
    dtype = _spaced_dtype(dtype, start, stop)
    return np.logspace(_value(start), _value(stop), num, endpoint=endpoint, base=base,
                       axis=axis).astype(dtype)


def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    """`num` values in geometric progression from `start` to `stop`.

    Args:
        start: The first value (nonzero).
        stop: The last value.
        num: How many values. Defaults to 50.
        endpoint: Whether `stop` is included. Defaults to True.
        dtype: The dtype; None means floatx().
        axis: Where the new axis goes for array bounds. Defaults to 0.

    Returns:
        A NumPy array.

    Examples:
        >>> keras.ops.geomspace(1, 8, 4)
        array([1., 2., 4., 8.], dtype=float32)
    """
    dtype = _spaced_dtype(dtype, start, stop)
    return np.geomspace(_value(start), _value(stop), num, endpoint=endpoint,
                        axis=axis).astype(dtype)


def meshgrid(*x, indexing="xy"):
    """Coordinate grids from 1-D coordinate arrays (differentiable in each).

    Args:
        *x: 1-D arrays of coordinates.
        indexing: "xy" (Cartesian, the default) or "ij" (matrix).

    Returns:
        A list of arrays, one per input (Tensors for inputs that need a gradient).

    Raises:
        ValueError: If `indexing` is not "xy" or "ij".

    Examples:
        >>> [g.shape for g in keras.ops.meshgrid(np.arange(3), np.arange(2))]
        [(2, 3), (2, 3)]
    """
    if indexing not in ("xy", "ij"):
        raise ValueError(f"Valid values for argument `indexing` are 'xy' and 'ij'. "
                         f"Received: indexing={indexing}")
    from kerasish.ops.numpy import broadcast_to, reshape

    sizes = [int(np.size(_value(v))) for v in x]
    if indexing == "xy" and len(sizes) >= 2:
        sizes[0], sizes[1] = sizes[1], sizes[0]
    grids = []
    for i, v in enumerate(x):
        axis = i
        if indexing == "xy" and len(x) >= 2 and i < 2:
            axis = 1 - i
        shape = [1] * len(x)
        shape[axis] = -1
        grids.append(broadcast_to(reshape(_operand(v), shape), tuple(sizes)))
    return grids


def vander(x, N=None, increasing=False):
    """The Vandermonde matrix of a vector: columns are powers of `x`.

    Args:
        x: A 1-D Tensor, NumPy array or list.
        N: The number of columns; None means `len(x)`.
        increasing: Whether powers increase left to right. Defaults to False.

    Returns:
        A 2-D array (a Tensor when `x` needs a gradient).

    Raises:
        ValueError: If `x` is not 1-D.

    Examples:
        >>> keras.ops.vander(np.array([1, 2, 3]), 3)
        array([[1, 1, 1],
               [4, 2, 1],
               [9, 3, 1]])
    """
    x = _operand(x)
    if np.ndim(_value(x)) != 1:
        raise ValueError(f"`x` must be a 1-D array. Received: x.shape={np.shape(_value(x))}")
    n = len(_value(x)) if N is None else N
    powers = range(n) if increasing else range(n - 1, -1, -1)
    if not isinstance(x, Tensor):
        values = np.asarray(x)
        return np.vander(values, n, increasing=increasing).astype(values.dtype)
    columns = []
    for p in powers:
        columns.append(np.ones(len(x.value), x.value.dtype) if p == 0 else
                       _power_product(x, p))
    return stack(columns, axis=1)


def _power_product(x, p):
    result = x
    for _ in range(p - 1):
        result = multiply(result, x)
    return result


def _window(name, fn, extra_doc=""):
    def window(x):
        return fn(int(_value(x))).astype(config.floatx())

    window.__name__ = window.__qualname__ = name
    window.__doc__ = f"""The {name.capitalize()} window of `x` points, as NumPy's `np.{name}`.{extra_doc}

    Args:
        x: The number of points (an int).

    Returns:
        A 1-D floatx() NumPy array.

    Examples:
        >>> keras.ops.{name}(3)
        {{output}}
    """
    return window


bartlett = _window("bartlett", np.bartlett)
blackman = _window("blackman", np.blackman)
hamming = _window("hamming", np.hamming)
hanning = _window("hanning", np.hanning)
for _fn, _output in ((bartlett, "array([0., 1., 0.], dtype=float32)"),
                     (blackman, "array([-0.,  1., -0.], dtype=float32)"),
                     (hamming, "array([0.08, 1.  , 0.08], dtype=float32)"),
                     (hanning, "array([0., 1., 0.], dtype=float32)")):
    _fn.__doc__ = _fn.__doc__.replace("{output}", _output)


def kaiser(x, beta):
    """The Kaiser window of `x` points with shape parameter `beta`.

    Args:
        x: The number of points (an int).
        beta: The shape parameter.

    Returns:
        A 1-D floatx() NumPy array.

    Examples:
        >>> keras.ops.kaiser(3, 0.0)
        array([1., 1., 1.], dtype=float32)
    """
    return np.kaiser(int(_value(x)), float(_value(beta))).astype(config.floatx())


def array(x, dtype=None):
    """A NumPy array of the values of `x` (floats become floatx(), ints int32, as Keras).

    Args:
        x: A Tensor, NumPy array, Python scalar or list.
        dtype: The dtype; None infers it.

    Returns:
        A new NumPy array, or for a Tensor a copy that keeps its gradient.

    Examples:
        >>> keras.ops.array([1.0, 2.0])
        array([1., 2.], dtype=float32)
    """
    from kerasish.ops.core import cast, convert_to_tensor

    if isinstance(x, Tensor):  # keeps the graph: Keras's array of a tensor is differentiable
        return copy(cast(x, dtype) if dtype is not None else x)
    return np.array(convert_to_tensor(x, dtype=dtype), copy=True)


def copy(x):
    """A copy of `x`; a Tensor stays in the graph (its gradient passes through).

    Args:
        x: A Tensor, NumPy array or list.

    Returns:
        A Tensor when `x` needs a gradient, else a new NumPy array.

    Examples:
        >>> keras.ops.copy(np.array([1, 2]))
        array([1, 2])
    """
    from kerasish.ops.numpy import reshape

    x = _operand(x)
    if isinstance(x, Tensor):
        return reshape(x, np.shape(x.value))
    return np.array(x, copy=True)


__all__ = [name for name, obj in list(globals().items())
           if callable(obj) and getattr(obj, "__module__", None) == __name__
           and not name.startswith("_")]
