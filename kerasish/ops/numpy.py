"""Array ops named after their `keras.ops` (and NumPy) counterparts.

Every op accepts Tensors, NumPy arrays, Python scalars and lists, and records
a graph node only when an input needs a gradient. NumPy in gives NumPy out,
as with Keras's NumPy backend: `keras.ops.add(np_array, 1.0)` is a NumPy
array, while the same call on a Tensor that needs a gradient (a Variable,
or a layer's output during training) is a Tensor.

Dtypes follow Keras where float32 models need it: an integer array meeting
a float array takes the float's dtype, Python scalars never widen a float32
array, `mean` of integers is float32, `argmax` is int32. Elsewhere NumPy's
rules for integers follow Keras too (compat_tests/test_ops_dtypes_parity.py):
`sqrt`, `exp`, `log`, `floor` or `divide` of integers, and an integer array
plus a Python float, give floatx() (NumPy: float64), and sums and products of
int32 stay int32 (NumPy: int64).
"""

import builtins
import math

import numpy as np

from kerasish.backend import config
from kerasish.backend import primitives as P
from kerasish.backend.tensor import Tensor
from kerasish.ops import namespaces as _namespaces
from kerasish.ops.core import cast, convert_to_tensor
from kerasish.ops.promotion import result_type as _result_type


def _value(x):
    return x.value if isinstance(x, Tensor) else x


def _operand(x):
    """Python scalars stay as they are: NumPy treats them as weakly typed, so
    float32 arrays are not upcast by them. Lists become arrays."""
    if isinstance(x, (Tensor, np.ndarray, int, float, bool, np.generic)):
        return x
    return convert_to_tensor(x)


def _dtype_of(x):
    """The dtype of an array operand; None for Python scalars (weakly typed)."""
    if isinstance(x, Tensor):
        return x.value.dtype
    if isinstance(x, (np.ndarray, np.generic)):
        return x.dtype
    return None


def _is_integral(dtype):
    return dtype is not None and dtype.kind in "iub"


def _floating(x):
    """`x` ready for a float-valued op: integer and bool arrays, and Python
    scalars, become floatx() first, as in Keras (NumPy would give float64,
    or float16 for uint8 and bool)."""
    x = _operand(x)
    dtype = _dtype_of(x)
    if dtype is None:
        return np.asarray(x, dtype=config.floatx())
    return cast(x, config.floatx()) if _is_integral(dtype) else x


def _with_python_scalar(array, scalar):
    """Keras's rule for an array meeting a Python scalar: the scalar is weakly
    typed, so it never widens the array, but a float scalar makes an integer
    array floatx(), and an int scalar makes a bool array int32."""
    dtype = _dtype_of(array)
    if isinstance(scalar, float) and _is_integral(dtype):
        return cast(array, config.floatx())
    if isinstance(scalar, int) and not isinstance(scalar, bool) and dtype == np.bool_:
        return cast(array, "int32")
    return array


def _operands(x1, x2):
    """Both operands, with Keras's rules for mixing kinds: an integer or bool
    array meeting a float array takes the float's dtype (NumPy would widen
    int64 + float32 to float64 and silently leave float32), and Python
    scalars follow `_with_python_scalar`."""
    x1, x2 = _operand(x1), _operand(x2)
    d1, d2 = _dtype_of(x1), _dtype_of(x2)
    if d1 is None and d2 is not None:
        return x1, _with_python_scalar(x2, x1)
    if d2 is None and d1 is not None:
        return _with_python_scalar(x1, x2), x2
    if d1 is None or d2 is None or (d1.kind == "f") == (d2.kind == "f"):
        return x1, x2
    if d1.kind == "f" and d2.kind in "iub":
        return x1, cast(x2, d1)
    if d2.kind == "f" and d1.kind in "iub":
        return cast(x1, d2), x2
    return x1, x2


def _float_array(x):
    """Whether a float op on `x` may call NumPy directly (its fast path): a
    NumPy float array needs no dtype rule and records no graph."""
    return type(x) is np.ndarray and x.dtype.kind == "f"


def _plain_pair(x1, x2):
    """Whether an op on `x1` and `x2` may call NumPy directly (its fast path):
    both NumPy arrays of one dtype, or a float array and a Python number.
    Then there is no graph to record, and Keras's dtype rules give what
    NumPy gives (a Python number never widens a float array: NEP 50)."""
    t1, t2 = type(x1), type(x2)
    if t1 is np.ndarray:
        if t2 is np.ndarray:
            return x1.dtype == x2.dtype
        return (t2 is float or t2 is int) and x1.dtype.kind == "f"
    return t2 is np.ndarray and (t1 is float or t1 is int) and x2.dtype.kind == "f"


def add(x1, x2):
    """Adds `x1` and `x2` element-wise, with broadcasting.

    The same as `x1 + x2` on Tensors. An integer array meeting a float array
    takes the float's dtype, as in Keras; a Python scalar never widens a
    float32 array.

    Args:
        x1: A Tensor, NumPy array, Python scalar or list.
        x2: Same kinds as `x1`; the two broadcast against each other.

    Returns:
        The broadcast result: a Tensor when an input needs a gradient, else a
        NumPy array (or NumPy scalar).

    Examples:
        >>> keras.ops.add(np.array([1.0, 2.0], dtype="float32"), 0.5)
        array([1.5, 2.5], dtype=float32)
    """
    if _plain_pair(x1, x2):  # fast path: as Add.forward, nothing recorded
        return x1 + x2
    return P.Add.apply(*_operands(x1, x2))


def subtract(x1, x2):
    """Subtracts `x2` from `x1` element-wise, with broadcasting.

    The same as `x1 - x2` on Tensors; dtypes combine as in `add`.

    Args:
        x1: A Tensor, NumPy array, Python scalar or list.
        x2: Same kinds as `x1`; the two broadcast against each other.

    Returns:
        The broadcast result: a Tensor when an input needs a gradient, else a
        NumPy array (or NumPy scalar).

    Examples:
        >>> keras.ops.subtract(np.array([3.0, 5.0]), np.array([1.0, 2.0]))
        array([2., 3.])
    """
    if _plain_pair(x1, x2):  # fast path: as Subtract.forward, nothing recorded
        return x1 - x2
    return P.Subtract.apply(*_operands(x1, x2))


def multiply(x1, x2):
    """Multiplies `x1` and `x2` element-wise, with broadcasting.

    The same as `x1 * x2` on Tensors; dtypes combine as in `add`.

    Args:
        x1: A Tensor, NumPy array, Python scalar or list.
        x2: Same kinds as `x1`; the two broadcast against each other.

    Returns:
        The broadcast result: a Tensor when an input needs a gradient, else a
        NumPy array (or NumPy scalar).

    Examples:
        >>> keras.ops.multiply(np.array([[1.0], [2.0]]), np.array([3.0, 4.0]))
        array([[3., 4.],
               [6., 8.]])
    """
    if _plain_pair(x1, x2):  # fast path: as Multiply.forward, nothing recorded
        return x1 * x2
    return P.Multiply.apply(*_operands(x1, x2))


def divide(x1, x2):
    """Divides `x1` by `x2` element-wise (true division), with broadcasting.

    The same as `x1 / x2` on Tensors; `true_divide` is another name for it.
    Dividing by zero gives inf or nan, as in NumPy (see `divide_no_nan`).
    Two integer arrays give floatx() (float32), as in Keras.

    Args:
        x1: A Tensor, NumPy array, Python scalar or list.
        x2: Same kinds as `x1`; the two broadcast against each other.

    Returns:
        The broadcast result: a Tensor when an input needs a gradient, else a
        NumPy array (or NumPy scalar).

    Examples:
        >>> keras.ops.divide(np.array([1.0, 3.0], dtype="float32"), 2.0)
        array([0.5, 1.5], dtype=float32)
    """
    if _plain_pair(x1, x2) and (type(x1) is not np.ndarray or x1.dtype.kind == "f"):
        return x1 / x2  # fast path: floats, as Divide.forward, nothing recorded
    x1, x2 = _operands(x1, x2)
    if _is_integral(np.result_type(_value(x1), _value(x2))):
        # True division of integers gives floatx(), as in Keras.
        x1, x2 = _floating(x1), _floating(x2)
    return P.Divide.apply(x1, x2)


true_divide = divide


def divide_no_nan(x1, x2):
    """Divides `x1` by `x2` element-wise, giving 0 wherever `x2` is 0.

    Where `x2` is zero the result is 0 and so is its gradient, instead of the
    inf or nan of a plain division; losses use it to average over an empty
    or zero-weighted batch.

    Args:
        x1: A Tensor, NumPy array, Python scalar or list.
        x2: Same kinds as `x1`; the two broadcast against each other.

    Returns:
        The broadcast result: a Tensor when an input needs a gradient, else a
        NumPy array (or NumPy scalar).

    Examples:
        >>> keras.ops.divide_no_nan(np.array([1.0, 2.0]), np.array([0.0, 4.0]))
        array([0. , 0.5])
    """
    if not isinstance(x2, Tensor) and np.ndim(x2) == 0 and x2 != 0:
        # A constant non-zero divisor (a loss's batch size): the plain
        # quotient, one graph node instead of three.
        return divide(x1, x2)
    is_zero = np.asarray(_value(x2)) == 0
    return where(is_zero, 0, divide(x1, where(is_zero, 1, x2)))


def power(x1, x2):
    """Raises `x1` to the power `x2` element-wise, with broadcasting.

    The same as `x1 ** x2` on Tensors; differentiable in both arguments.

    Args:
        x1: A Tensor, NumPy array, Python scalar or list.
        x2: Same kinds as `x1`; the two broadcast against each other.

    Returns:
        The broadcast result: a Tensor when an input needs a gradient, else a
        NumPy array (or NumPy scalar).

    Examples:
        >>> keras.ops.power(np.array([2.0, 3.0], dtype="float32"), 2)
        array([4., 9.], dtype=float32)
    """
    base, exponent = _operands(x1, x2)
    if _dtype_of(base) == _dtype_of(exponent) == np.bool_:
        # Keras's rule keeps bool (x ** y is `x or not y`); NumPy's power would widen to int8.
        base, exponent = (x.value if isinstance(x, Tensor) else x for x in (base, exponent))
        return np.logical_or(base, np.logical_not(exponent))
    return P.Power.apply(base, exponent)


def negative(x):
    """Returns `-x` element-wise.

    Args:
        x: A Tensor, NumPy array, Python scalar or list.

    Returns:
        An array of the shape of `x`: a Tensor when `x` needs a gradient, else
        a NumPy array.

    Examples:
        >>> keras.ops.negative(np.array([1.0, -2.0]))
        array([-1.,  2.])
    """
    if _float_array(x):  # fast path: as Negative.forward, nothing recorded
        return np.negative(x)
    return P.Negative.apply(_operand(x))


def exp(x):
    """Returns the exponential `e ** x` element-wise.

    Integer and bool input gives floatx() (float32), as in Keras.

    Args:
        x: A Tensor, NumPy array, Python scalar or list.

    Returns:
        An array of the shape of `x`: a Tensor when `x` needs a gradient, else
        a NumPy array.

    Examples:
        >>> keras.ops.exp(np.array([0.0, 1.0], dtype="float32"))
        array([1.    , 2.7183], dtype=float32)
    """
    if _float_array(x):  # fast path: as Exp.forward, nothing recorded
        return np.exp(x)
    return P.Exp.apply(_floating(x))


def log(x):
    """Returns the natural logarithm of `x` element-wise.

    `log(0)` is `-inf` and negative values give nan, as in NumPy; losses
    clip their inputs first.

    Args:
        x: A Tensor, NumPy array, Python scalar or list.

    Returns:
        An array of the shape of `x`: a Tensor when `x` needs a gradient, else
        a NumPy array.

    Examples:
        >>> keras.ops.log(np.array([1.0, np.e], dtype="float32"))
        array([0., 1.], dtype=float32)
    """
    if _float_array(x):  # fast path: as Log.forward, nothing recorded
        return np.log(x)
    return P.Log.apply(_floating(x))


def sqrt(x):
    """Returns the non-negative square root of `x` element-wise.

    Integer and bool input gives floatx() (float32), as in Keras.

    Args:
        x: A Tensor, NumPy array, Python scalar or list.

    Returns:
        An array of the shape of `x`: a Tensor when `x` needs a gradient, else
        a NumPy array.

    Examples:
        >>> keras.ops.sqrt(np.array([4.0, 9.0], dtype="float32"))
        array([2., 3.], dtype=float32)
    """
    if _float_array(x):  # fast path: as Sqrt.forward, nothing recorded
        return np.sqrt(x)
    return P.Sqrt.apply(_floating(x))


def square(x):
    """Returns `x * x` element-wise.

    Args:
        x: A Tensor, NumPy array, Python scalar or list.

    Returns:
        An array of the shape of `x`: a Tensor when `x` needs a gradient, else
        a NumPy array.

    Examples:
        >>> keras.ops.square(np.array([-2.0, 3.0], dtype="float32"))
        array([4., 9.], dtype=float32)
    """
    if _float_array(x):  # fast path: as Square.forward, nothing recorded
        return np.square(x)
    return P.Square.apply(_operand(x))


def abs(x):
    """Returns the absolute value of `x` element-wise; `absolute` is another name for it.

    The gradient at 0 is 0, as in Keras.

    Args:
        x: A Tensor, NumPy array, Python scalar or list.

    Returns:
        An array of the shape of `x`: a Tensor when `x` needs a gradient, else
        a NumPy array.

    Examples:
        >>> keras.ops.abs(np.array([-2, 3], dtype="int32"))
        array([2, 3], dtype=int32)
    """
    x = _operand(x)
    if not isinstance(x, Tensor):  # no graph: skip the sign the gradient would need
        return np.abs(x)
    return P.Abs.apply(x)


absolute = abs


def maximum(x1, x2):
    """Returns the element-wise maximum of `x1` and `x2`, with broadcasting.

    Where the two are equal the gradient goes to `x1`.

    Args:
        x1: A Tensor, NumPy array, Python scalar or list.
        x2: Same kinds as `x1`; the two broadcast against each other.

    Returns:
        The broadcast result: a Tensor when an input needs a gradient, else a
        NumPy array (or NumPy scalar).

    Examples:
        >>> keras.ops.maximum(np.array([1.0, 5.0]), 3.0)
        array([3., 5.])
    """
    if _plain_pair(x1, x2):  # fast path, before the dtype rules that it needs not
        return np.maximum(x1, x2)
    x1, x2 = _operands(x1, x2)
    if not isinstance(x1, Tensor) and not isinstance(x2, Tensor):  # no graph, no mask
        return np.maximum(x1, x2)
    return P.Maximum.apply(x1, x2)


def minimum(x1, x2):
    """Returns the element-wise minimum of `x1` and `x2`, with broadcasting.

    Where the two are equal the gradient goes to `x1`.

    Args:
        x1: A Tensor, NumPy array, Python scalar or list.
        x2: Same kinds as `x1`; the two broadcast against each other.

    Returns:
        The broadcast result: a Tensor when an input needs a gradient, else a
        NumPy array (or NumPy scalar).

    Examples:
        >>> keras.ops.minimum(np.array([1.0, 5.0]), 3.0)
        array([1., 3.])
    """
    if _plain_pair(x1, x2):  # fast path, before the dtype rules that it needs not
        return np.minimum(x1, x2)
    x1, x2 = _operands(x1, x2)
    if not isinstance(x1, Tensor) and not isinstance(x2, Tensor):  # no graph, no mask
        return np.minimum(x1, x2)
    return P.Minimum.apply(x1, x2)


def clip(x, x_min, x_max):
    """Limits the values of `x` to the interval [`x_min`, `x_max`].

    The gradient passes where `x` lies inside the interval and is 0 where it
    was clipped.

    Args:
        x: A Tensor, NumPy array or list.
        x_min: The lower bound, a scalar or an array that broadcasts against `x`.
        x_max: The upper bound, a scalar or an array that broadcasts against `x`.

    Returns:
        An array of the shape and dtype of `x`: a Tensor when `x` needs a
        gradient, else a NumPy array.

    Examples:
        >>> keras.ops.clip(np.array([-2.0, 0.5, 3.0], dtype="float32"), 0.0, 1.0)
        array([0. , 0.5, 1. ], dtype=float32)
    """
    x = _operand(x)
    if not isinstance(x, Tensor):  # no graph: no mask of the unclipped positions
        return np.clip(x, x_min, x_max)
    return P.Clip.apply(x, low=x_min, high=x_max)


def where(condition, x1=None, x2=None):
    """Picks elements from `x1` where `condition` is true and from `x2` elsewhere.

    The three arguments broadcast against each other. The condition is not
    differentiated; the gradient reaches `x1` and `x2` only at the positions
    taken from each.

    Args:
        condition: A boolean array (or anything NumPy can read as bools).
        x1: Values taken where `condition` is True. With `x1` and `x2` both
            None, `where` returns the indices of the true elements instead
            (as `nonzero`).
        x2: Values taken where `condition` is False.

    Returns:
        The broadcast result: a Tensor when `x1` or `x2` needs a gradient, else
        a NumPy array.

    Raises:
        ValueError: If only one of `x1` and `x2` is given.

    Examples:
        >>> x = np.array([-1.0, 2.0], dtype="float32")
        >>> keras.ops.where(x > 0, x, 0.0)
        array([0., 2.], dtype=float32)
    """
    if x1 is None and x2 is None:
        return tuple(i.astype(np.int32) for i in np.nonzero(_value(condition)))
    if x1 is None or x2 is None:
        raise ValueError("`x1` and `x2` either both should be `None` or both should have "
                         "non-None value.")
    if type(condition) is np.ndarray and condition.dtype == bool and _plain_pair(x1, x2):
        return np.where(condition, x1, x2)  # fast path: as Where.forward, nothing recorded
    return P.Where.apply(np.asarray(_value(condition), dtype=bool), *_operands(x1, x2))


def matmul(x1, x2):
    """Returns the matrix product of `x1` and `x2`, as NumPy's `matmul` (the `@` operator).

    Leading axes are batch axes and broadcast; a 1-D operand is treated as a
    vector.

    Args:
        x1: A Tensor, NumPy array or list with at least one axis.
        x2: Same kinds as `x1`; its second-to-last axis (or only axis) must
            match the last axis of `x1`.

    Returns:
        The product: a Tensor when an input needs a gradient, else a NumPy array.

    Raises:
        ValueError: if either operand is a scalar (no axis to multiply over).

    Examples:
        >>> keras.ops.matmul(np.ones((2, 3), dtype="float32"), np.ones((3, 4), dtype="float32")).shape
        (2, 4)
    """
    if type(x1) is type(x2) is np.ndarray and x1.dtype == x2.dtype and x1.dtype.kind == "f":
        return np.matmul(x1, x2)  # fast path: as MatMul.forward for floats
    if np.ndim(x1) == 0 or np.ndim(x2) == 0:  # NumPy's own error for an int operand is an AttributeError
        raise ValueError(
            "`matmul` needs operands with at least one axis; use `multiply` for a scalar. "
            f"Received: x1.shape={np.shape(x1)}, x2.shape={np.shape(x2)}"
        )
    return P.MatMul.apply(*_operands(x1, x2))


def dot(x1, x2):
    """Returns the dot product of `x1` and `x2`, as NumPy's `dot`.

    For 1-D and 2-D operands this is the vector or matrix product; a scalar
    operand multiplies element-wise. For N-D operands it sums over the last
    axis of `x1` and the second-to-last axis of `x2`, keeping every other axis
    of both, so the result has rank `x1.ndim + x2.ndim - 2`.

    Args:
        x1: A Tensor, NumPy array, scalar or list.
        x2: Same kinds as `x1`.

    Returns:
        The product: a Tensor when an input needs a gradient, else a NumPy array.

    Examples:
        >>> keras.ops.dot(np.array([1.0, 2.0]), np.array([3.0, 4.0]))
        np.float64(11.0)
        >>> keras.ops.dot(np.ones((2, 3, 4)), np.ones((5, 4, 6))).shape
        (2, 3, 5, 6)
    """
    a_shape, b_shape = np.shape(_value(x1)), np.shape(_value(x2))
    if len(a_shape) == 0 or len(b_shape) == 0:
        return multiply(x1, x2)
    if len(a_shape) < 2 or len(b_shape) <= 2:
        return matmul(x1, x2)
    b_axes = (len(b_shape) - 2,) + tuple(i for i in range(len(b_shape)) if i != len(b_shape) - 2)
    b_columns = reshape(transpose(x2, b_axes), (b_shape[-2], -1))
    rows = reshape(x1, (-1, a_shape[-1]))
    product = matmul(rows, b_columns)
    return reshape(product, a_shape[:-1] + b_shape[:-2] + b_shape[-1:])


def sum(x, axis=None, keepdims=False):
    """Sums the elements of `x` over `axis`.

    Integers are summed in their own dtype, at least 32 bits (bool and int8
    give int32), as in Keras; NumPy would use int64.

    Args:
        x: A Tensor, NumPy array or list.
        axis: An int or tuple of ints: the axes to reduce. None (the default)
            reduces over all axes.
        keepdims: If True, the reduced axes stay as axes of size 1, so the
            result broadcasts against `x`. Defaults to False.

    Returns:
        The reduced values: a Tensor when `x` needs a gradient, else a NumPy
        array (a NumPy scalar when every axis is reduced).

    Examples:
        >>> x = np.array([[1.0, 2.0], [3.0, 4.0]], dtype="float32")
        >>> keras.ops.sum(x, axis=0)
        array([4., 6.], dtype=float32)
        >>> float(keras.ops.sum(x))
        10.0
    """
    x = _operand(x)
    if _is_integral(_dtype_of(x)):
        return _integer_reduction(np.sum, x, axis, keepdims)
    return P.Sum.apply(x, axis=axis, keepdims=keepdims)


def mean(x, axis=None, keepdims=False):
    """Averages the elements of `x` over `axis`.

    Integer inputs are averaged in `floatx()` (float32), as in Keras.

    Args:
        x: A Tensor, NumPy array or list.
        axis: An int or tuple of ints: the axes to reduce. None (the default)
            reduces over all axes.
        keepdims: If True, the reduced axes stay as axes of size 1, so the
            result broadcasts against `x`. Defaults to False.

    Returns:
        The reduced values: a Tensor when `x` needs a gradient, else a NumPy
        array (a NumPy scalar when every axis is reduced).

    Examples:
        >>> x = np.array([[1.0, 2.0], [3.0, 5.0]], dtype="float32")
        >>> keras.ops.mean(x, axis=0)
        array([2. , 3.5], dtype=float32)
        >>> keras.ops.mean(x, axis=1, keepdims=True).shape
        (2, 1)
    """
    x = _operand(x)
    shape = np.shape(_value(x))
    if axis is None:
        count = math.prod(shape)
    else:
        axes = (axis,) if isinstance(axis, int) else tuple(axis)
        count = math.prod([shape[a] for a in axes])
    if _float_array(x):  # fast path: Sum.forward's reduction, then the division below
        return P._sum(x, axis=axis, keepdims=keepdims) / count
    total = _floating(sum(x, axis=axis, keepdims=keepdims))
    return divide(total, count)


def _integer_reduction(reduce, x, axis, keepdims):
    """Sums or products of integers in Keras's dtype: bool, int8 and int16
    accumulate in int32, uint8 and uint16 in uint32, wider types in their own
    (NumPy would accumulate everything in 64 bits)."""
    dtype = _dtype_of(x)
    if dtype == np.bool_ or (dtype.kind == "i" and dtype.itemsize < 4):
        dtype = np.dtype("int32")
    elif dtype.kind == "u" and dtype.itemsize < 4:
        dtype = np.dtype("uint32")
    return reduce(_value(x), axis=axis, keepdims=keepdims, dtype=dtype)


def max(x, axis=None, keepdims=False, initial=None):
    """Returns the largest element of `x` over `axis`; `amax` is another name for it.

    The gradient goes to the maximal elements (shared equally between ties).

    Args:
        x: A Tensor, NumPy array or list.
        axis: An int or tuple of ints: the axes to reduce. None (the default)
            reduces over all axes.
        keepdims: If True, the reduced axes stay as axes of size 1, so the
            result broadcasts against `x`. Defaults to False.
        initial: If given, the result is at least `initial` (and an empty
            reduction gives it).

    Returns:
        The reduced values: a Tensor when `x` needs a gradient, else a NumPy
        array (a NumPy scalar when every axis is reduced).

    Examples:
        >>> keras.ops.max(np.array([[1.0, 5.0], [3.0, 4.0]]), axis=1)
        array([5., 4.])
    """
    if initial is not None:
        if np.size(_value(x)) == 0:
            return np.max(_value(x), axis=axis, keepdims=keepdims, initial=initial)
        return maximum(P.Max.apply(_operand(x), axis=axis, keepdims=keepdims), initial)
    x = _operand(x)
    if not isinstance(x, Tensor):  # no graph: one reduction instead of two
        return np.max(x, axis=axis, keepdims=keepdims)
    return P.Max.apply(x, axis=axis, keepdims=keepdims)


amax = max


def min(x, axis=None, keepdims=False, initial=None):
    """Returns the smallest element of `x` over `axis`; `amin` is another name for it.

    The gradient goes to the minimal elements (shared equally between ties).

    Args:
        x: A Tensor, NumPy array or list.
        axis: An int or tuple of ints: the axes to reduce. None (the default)
            reduces over all axes.
        keepdims: If True, the reduced axes stay as axes of size 1, so the
            result broadcasts against `x`. Defaults to False.
        initial: If given, the result is at most `initial` (and an empty
            reduction gives it).

    Returns:
        The reduced values: a Tensor when `x` needs a gradient, else a NumPy
        array (a NumPy scalar when every axis is reduced).

    Examples:
        >>> keras.ops.min(np.array([[1.0, 5.0], [3.0, 4.0]]), axis=1)
        array([1., 3.])
    """
    if initial is not None:
        if np.size(_value(x)) == 0:
            return np.min(_value(x), axis=axis, keepdims=keepdims, initial=initial)
        return minimum(min(x, axis=axis, keepdims=keepdims), initial)
    return negative(max(negative(x), axis=axis, keepdims=keepdims))


amin = min


def reshape(x, newshape):
    """Gives `x` a new shape without changing its data (row-major order, as NumPy).

    Args:
        x: A Tensor, NumPy array or list.
        newshape: A tuple or list of ints; one entry may be -1, meaning "as many
            as the remaining elements need".

    Returns:
        An array with shape `newshape`: a Tensor when `x` needs a gradient, else
        a NumPy array.

    Examples:
        >>> keras.ops.reshape(np.arange(6), (2, -1))
        array([[0, 1, 2],
               [3, 4, 5]])
    """
    if type(x) is np.ndarray:  # fast path: NumPy in, no graph to record (as Reshape.forward)
        return x.reshape(newshape)
    return P.Reshape.apply(_operand(x), new_shape=tuple(newshape))


def transpose(x, axes=None):
    """Permutes the axes of `x`.

    Args:
        x: A Tensor, NumPy array or list.
        axes: A tuple or list giving, for each axis of the result, the axis of
            `x` it comes from. None (the default) reverses the axes.

    Returns:
        The permuted array: a Tensor when `x` needs a gradient, else a NumPy
        array.

    Examples:
        >>> keras.ops.transpose(np.zeros((2, 3, 4))).shape
        (4, 3, 2)
        >>> keras.ops.transpose(np.zeros((2, 3, 4)), (0, 2, 1)).shape
        (2, 4, 3)
    """
    if type(x) is np.ndarray:  # fast path: NumPy in, no graph to record (as Transpose.forward)
        return x.transpose(axes)
    return P.Transpose.apply(_operand(x), axes=None if axes is None else tuple(axes))


def expand_dims(x, axis):
    """Inserts an axis of size 1 into the shape of `x`.

    Args:
        x: A Tensor, NumPy array or list.
        axis: Where the new axis goes in the result; negative values count from
            the end (-1 appends an axis).

    Returns:
        `x` reshaped with one more axis: a Tensor when `x` needs a gradient,
        else a NumPy array.

    Examples:
        >>> keras.ops.expand_dims(np.zeros((2, 3)), -1).shape
        (2, 3, 1)
    """
    shape = list(np.shape(_value(x)))
    axis = axis if axis >= 0 else len(shape) + axis + 1
    shape.insert(axis, 1)
    return reshape(x, shape)


def squeeze(x, axis=None):
    """Removes axes of size 1 from the shape of `x`.

    Args:
        x: A Tensor, NumPy array or list.
        axis: An int or tuple of ints naming the axes to remove (each must have
            size 1, or NumPy raises a ValueError). None (the default) removes
            every axis of size 1.

    Returns:
        `x` reshaped without those axes: a Tensor when `x` needs a gradient,
        else a NumPy array.

    Examples:
        >>> keras.ops.squeeze(np.zeros((1, 2, 1))).shape
        (2,)
        >>> keras.ops.squeeze(np.zeros((1, 2, 1)), axis=-1).shape
        (1, 2)
    """
    return reshape(x, np.squeeze(np.empty(np.shape(_value(x)), dtype=bool), axis=axis).shape)


def concatenate(xs, axis=0):
    """Joins a sequence of arrays along an existing axis.

    Args:
        xs: A list or tuple of Tensors, arrays or lists; their shapes must agree
            except along `axis`.
        axis: The axis to join along. Defaults to 0.

    Returns:
        The joined array: a Tensor when an input needs a gradient, else a NumPy
        array.

    Examples:
        >>> keras.ops.concatenate([np.zeros((1, 2)), np.ones((2, 2))], axis=0).shape
        (3, 2)
    """
    if _arrays_of_one_dtype(xs):  # fast path: as Concatenate.forward, nothing recorded
        return np.concatenate(xs, axis=axis)
    xs = [_operand(x) for x in xs]
    dtype = _result_type(*xs)  # Keras's promotion: int32 with float16 is float16
    xs = [x if _dtype_of(x) == dtype else cast(x, dtype) for x in xs]
    return P.Concatenate.apply(*xs, axis=axis)


def _arrays_of_one_dtype(xs):
    if type(xs) not in (list, tuple) or not xs or type(xs[0]) is not np.ndarray:
        return False
    dtype = xs[0].dtype
    for x in xs:
        if type(x) is not np.ndarray or x.dtype != dtype:
            return False
    return True


def stack(x, axis=0):
    """Joins a sequence of same-shaped arrays along a new axis.

    Args:
        x: A list or tuple of Tensors, arrays or lists, all of the same shape.
        axis: The position of the new axis in the result. Defaults to 0.

    Returns:
        An array with one more axis than the inputs, of size `len(xs)`: a
        Tensor when an input needs a gradient, else a NumPy array.

    Examples:
        >>> keras.ops.stack([np.zeros(2), np.ones(2)], axis=1)
        array([[0., 1.],
               [0., 1.]])
    """
    return concatenate([expand_dims(item, axis) for item in x], axis=axis)


def broadcast_to(x, shape):
    """Broadcasts `x` to `shape`, with NumPy's broadcasting rules.

    Args:
        x: A Tensor, NumPy array, scalar or list.
        shape: The target shape, a tuple or list of ints.

    Returns:
        An array of shape `shape`: a Tensor when `x` needs a gradient (its
        gradient is summed back over the broadcast axes), else a NumPy array.

    Examples:
        >>> keras.ops.broadcast_to(np.array([1.0, 2.0], dtype="float32"), (2, 2))
        array([[1., 2.],
               [1., 2.]], dtype=float32)
    """
    return P.BroadcastTo.apply(_operand(x), shape=tuple(shape))


def take(x, indices, axis=None):
    """Takes elements of `x` at `indices` along `axis`, as NumPy's `take`.

    The gradient is scattered back to the positions taken (and summed where an
    index repeats), so `take` serves for embedding lookups.

    Args:
        x: A Tensor, NumPy array or list.
        indices: An int or integer array of indices; negative indices count
            from the end.
        axis: The axis to take along. None (the default) takes from the
            flattened `x`.

    Returns:
        The selected elements; along `axis`, the shape of `indices` replaces
        that axis. A Tensor when `x` needs a gradient, else a NumPy array.

    Examples:
        >>> x = np.array([[1, 2], [3, 4]])
        >>> keras.ops.take(x, np.array([1, 0]), axis=1)
        array([[2, 1],
               [4, 3]])
        >>> int(keras.ops.take(x, 3))
        4
    """
    index = np.asarray(_value(indices))
    if axis is None:
        return P.GetItem.apply(reshape(x, (-1,)), index=(index,))
    axis = axis % len(np.shape(_value(x)))
    return P.GetItem.apply(_operand(x), index=(slice(None),) * axis + (index,))


# Non-differentiable ops: they return plain arrays.


def argmax(x, axis=None, keepdims=False):
    """Returns the index of the largest element along `axis`.

    Not differentiable: it returns a plain NumPy array of int32, as Keras does
    (NumPy itself would give int64). Ties go to the first index.

    Args:
        x: A Tensor, NumPy array or list.
        axis: The axis to search. None (the default) searches the flattened `x`.
        keepdims: If True, the searched axis stays as an axis of size 1.
            Defaults to False.

    Returns:
        An int32 NumPy array of indices.

    Examples:
        >>> keras.ops.argmax(np.array([[1.0, 5.0], [3.0, 2.0]]), axis=1)
        array([1, 0], dtype=int32)
    """
    # int32 like Keras (NumPy would give int64).
    return np.argmax(_value(x), axis=axis, keepdims=keepdims).astype(np.int32)


def argmin(x, axis=None, keepdims=False):
    """Returns the index of the smallest element along `axis`.

    Not differentiable: it returns a plain NumPy array of int32, as Keras does.
    Ties go to the first index.

    Args:
        x: A Tensor, NumPy array or list.
        axis: The axis to search. None (the default) searches the flattened `x`.
        keepdims: If True, the searched axis stays as an axis of size 1.
            Defaults to False.

    Returns:
        An int32 NumPy array of indices.

    Examples:
        >>> keras.ops.argmin(np.array([[1.0, 5.0], [3.0, 2.0]]), axis=1)
        array([0, 1], dtype=int32)
    """
    return np.argmin(_value(x), axis=axis, keepdims=keepdims).astype(np.int32)


def equal(x1, x2):
    """Returns `x1 == x2` element-wise, with broadcasting.

    Not differentiable: it always returns a plain boolean NumPy array, as
    Keras's comparisons return boolean tensors. The operator form `x1 == x2`
    does the same on Tensors.

    Args:
        x1: A Tensor, NumPy array, Python scalar or list.
        x2: Same kinds as `x1`; the two broadcast against each other.

    Returns:
        A NumPy array of dtype bool with the broadcast shape.

    Examples:
        >>> keras.ops.equal(np.array([1, 2]), 2)
        array([False,  True])
    """
    return np.equal(_value(x1), _value(x2))


def not_equal(x1, x2):
    """Returns `x1 != x2` element-wise, with broadcasting.

    Not differentiable: it always returns a plain boolean NumPy array, as
    Keras's comparisons return boolean tensors. The operator form `x1 != x2`
    does the same on Tensors.

    Args:
        x1: A Tensor, NumPy array, Python scalar or list.
        x2: Same kinds as `x1`; the two broadcast against each other.

    Returns:
        A NumPy array of dtype bool with the broadcast shape.

    Examples:
        >>> keras.ops.not_equal(np.array([1, 2]), 2)
        array([ True, False])
    """
    return np.not_equal(_value(x1), _value(x2))


def greater(x1, x2):
    """Returns `x1 > x2` element-wise, with broadcasting.

    Not differentiable: it always returns a plain boolean NumPy array, as
    Keras's comparisons return boolean tensors. The operator form `x1 > x2`
    does the same on Tensors.

    Args:
        x1: A Tensor, NumPy array, Python scalar or list.
        x2: Same kinds as `x1`; the two broadcast against each other.

    Returns:
        A NumPy array of dtype bool with the broadcast shape.

    Examples:
        >>> keras.ops.greater(np.array([1, 2, 3]), 2)
        array([False, False,  True])
    """
    return np.greater(_value(x1), _value(x2))


def greater_equal(x1, x2):
    """Returns `x1 >= x2` element-wise, with broadcasting.

    Not differentiable: it always returns a plain boolean NumPy array, as
    Keras's comparisons return boolean tensors. The operator form `x1 >= x2`
    does the same on Tensors.

    Args:
        x1: A Tensor, NumPy array, Python scalar or list.
        x2: Same kinds as `x1`; the two broadcast against each other.

    Returns:
        A NumPy array of dtype bool with the broadcast shape.

    Examples:
        >>> keras.ops.greater_equal(np.array([1, 2, 3]), 2)
        array([False,  True,  True])
    """
    return np.greater_equal(_value(x1), _value(x2))


def less(x1, x2):
    """Returns `x1 < x2` element-wise, with broadcasting.

    Not differentiable: it always returns a plain boolean NumPy array, as
    Keras's comparisons return boolean tensors. The operator form `x1 < x2`
    does the same on Tensors.

    Args:
        x1: A Tensor, NumPy array, Python scalar or list.
        x2: Same kinds as `x1`; the two broadcast against each other.

    Returns:
        A NumPy array of dtype bool with the broadcast shape.

    Examples:
        >>> keras.ops.less(np.array([1, 2, 3]), 2)
        array([ True, False, False])
    """
    return np.less(_value(x1), _value(x2))


def less_equal(x1, x2):
    """Returns `x1 <= x2` element-wise, with broadcasting.

    Not differentiable: it always returns a plain boolean NumPy array, as
    Keras's comparisons return boolean tensors. The operator form `x1 <= x2`
    does the same on Tensors.

    Args:
        x1: A Tensor, NumPy array, Python scalar or list.
        x2: Same kinds as `x1`; the two broadcast against each other.

    Returns:
        A NumPy array of dtype bool with the broadcast shape.

    Examples:
        >>> keras.ops.less_equal(np.array([1, 2, 3]), 2)
        array([ True,  True, False])
    """
    return np.less_equal(_value(x1), _value(x2))


def sign(x):
    """Returns the sign of `x` element-wise: -1, 0 or 1.

    Not differentiable (its gradient would be 0 everywhere): it returns a plain
    NumPy array of the dtype of `x`.

    Args:
        x: A Tensor, NumPy array, scalar or list.

    Returns:
        A NumPy array of the shape and dtype of `x`.

    Examples:
        >>> keras.ops.sign(np.array([-2.0, 0.0, 3.0], dtype="float32"))
        array([-1.,  0.,  1.], dtype=float32)
    """
    return np.sign(_value(x))


def round(x, decimals=0):
    """Rounds `x` to `decimals` decimal places, halves to even (as NumPy and Keras).

    Not differentiable: it returns a plain NumPy array of the dtype of `x`.

    Args:
        x: A Tensor, NumPy array, scalar or list.
        decimals: The number of decimal places to keep; negative values round
            to tens, hundreds, ... Defaults to 0.

    Returns:
        A NumPy array of the shape and dtype of `x`.

    Examples:
        >>> keras.ops.round(np.array([0.5, 1.5, 2.567], dtype="float32"))
        array([0., 2., 3.], dtype=float32)
        >>> keras.ops.round(np.array([2.567], dtype="float32"), decimals=1)
        array([2.6], dtype=float32)
    """
    return np.round(_value(x), decimals)


def floor(x):
    """Rounds `x` down to the nearest integer, element-wise.

    Not differentiable: it returns a plain NumPy array of the dtype of `x`,
    or floatx() for integer and bool input, as in Keras.

    Args:
        x: A Tensor, NumPy array, scalar or list.

    Returns:
        A NumPy array of the shape of `x`.

    Examples:
        >>> keras.ops.floor(np.array([-0.5, 1.5], dtype="float32"))
        array([-1.,  1.], dtype=float32)
    """
    return np.floor(_value(_floating(x)))


def zeros(shape, dtype=None):
    """Returns a new NumPy array of zeros.

    Args:
        shape: An int or a tuple of ints.
        dtype: The dtype of the array. None (the default) means `floatx()`,
            float32 unless changed.

    Returns:
        A NumPy array of zeros with that shape and dtype.

    Examples:
        >>> keras.ops.zeros((2,))
        array([0., 0.], dtype=float32)
    """
    return np.zeros(shape, dtype=dtype or config.floatx())


def ones(shape, dtype=None):
    """Returns a new NumPy array of ones.

    Args:
        shape: An int or a tuple of ints.
        dtype: The dtype of the array. None (the default) means `floatx()`,
            float32 unless changed.

    Returns:
        A NumPy array of ones with that shape and dtype.

    Examples:
        >>> keras.ops.ones((2, 3), dtype="int32")
        array([[1, 1, 1],
               [1, 1, 1]], dtype=int32)
    """
    return np.ones(shape, dtype=dtype or config.floatx())


def zeros_like(x, dtype=None):
    """Returns a NumPy array of zeros with the shape (and by default the dtype) of `x`.

    Args:
        x: A Tensor, NumPy array or list.
        dtype: The dtype of the result. None (the default) keeps the dtype of `x`.

    Returns:
        A NumPy array of zeros.

    Examples:
        >>> keras.ops.zeros_like(np.array([1, 2], dtype="int32"))
        array([0, 0], dtype=int32)
    """
    return np.zeros_like(_value(x), dtype=dtype)


def ones_like(x, dtype=None):
    """Returns a NumPy array of ones with the shape (and by default the dtype) of `x`.

    Args:
        x: A Tensor, NumPy array or list.
        dtype: The dtype of the result. None (the default) keeps the dtype of `x`.

    Returns:
        A NumPy array of ones.

    Examples:
        >>> keras.ops.ones_like(np.zeros(2, dtype="float32"))
        array([1., 1.], dtype=float32)
    """
    return np.ones_like(_value(x), dtype=dtype)


def prod(x, axis=None, keepdims=False, dtype=None):
    """Multiplies the elements of `x` over `axis`.

    Args:
        x: A Tensor, NumPy array or list.
        axis: An int or tuple of ints: the axes to reduce. None (the default)
            reduces over all axes.
        keepdims: If True, the reduced axes stay as axes of size 1, so the
            result broadcasts against `x`. Defaults to False.
        dtype: The dtype to multiply in; None follows Keras's rules (narrow
            integers widen to int32 / uint32).

    Returns:
        The reduced values: a Tensor when `x` needs a gradient, else a NumPy
        array (a NumPy scalar when every axis is reduced).

    Examples:
        >>> keras.ops.prod(np.array([[1.0, 2.0], [3.0, 4.0]]), axis=1)
        array([ 2., 12.])
    """
    x = _operand(x)
    if dtype is not None:
        x = cast(x, dtype)
    if _is_integral(_dtype_of(x)):
        return _integer_reduction(np.prod, x, axis, keepdims)
    return P.Prod.apply(x, axis=axis, keepdims=keepdims)


def any(x, axis=None, keepdims=False):
    """Tests whether any element of `x` along `axis` is true (nonzero).

    Not differentiable: it returns a plain boolean NumPy array.

    Args:
        x: A Tensor, NumPy array or list; nonzero values count as True.
        axis: An int or tuple of ints: the axes to reduce. None (the default)
            reduces over all axes.
        keepdims: If True, the reduced axes stay as axes of size 1. Defaults to
            False.

    Returns:
        A NumPy bool array (a NumPy bool scalar when every axis is reduced).

    Examples:
        >>> keras.ops.any(np.array([[0, 1], [0, 0]]), axis=1)
        array([ True, False])
    """
    return np.any(_value(x), axis=axis, keepdims=keepdims)


def all(x, axis=None, keepdims=False):
    """Tests whether every element of `x` along `axis` is true (nonzero).

    Not differentiable: it returns a plain boolean NumPy array.

    Args:
        x: A Tensor, NumPy array or list; nonzero values count as True.
        axis: An int or tuple of ints: the axes to reduce. None (the default)
            reduces over all axes.
        keepdims: If True, the reduced axes stay as axes of size 1. Defaults to
            False.

    Returns:
        A NumPy bool array (a NumPy bool scalar when every axis is reduced).

    Examples:
        >>> keras.ops.all(np.array([[1, 1], [0, 1]]), axis=1)
        array([ True, False])
    """
    return np.all(_value(x), axis=axis, keepdims=keepdims)


def isnan(x):
    """Tests element-wise whether `x` is NaN.

    Args:
        x: A Tensor, NumPy array, scalar or list.

    Returns:
        A boolean NumPy array of the shape of `x`.

    Examples:
        >>> keras.ops.isnan(np.array([1.0, np.nan]))
        array([False,  True])
    """
    return np.isnan(_value(x))


def isfinite(x):
    """Tests element-wise whether `x` is finite (neither infinite nor NaN).

    Args:
        x: A Tensor, NumPy array, scalar or list.

    Returns:
        A boolean NumPy array of the shape of `x`.

    Examples:
        >>> keras.ops.isfinite(np.array([1.0, np.inf, np.nan]))
        array([ True, False, False])
    """
    return np.isfinite(_value(x))


def arange(start, stop=None, step=None, dtype=None):
    """Returns evenly spaced values in the half-open interval [`start`, `stop`).

    As `np.arange`, but with Keras's dtypes: when every bound is an int the
    values are int32, otherwise they are `floatx()` (float32).

    Args:
        start: The first value; with `stop` None, the end of the range instead
            (which then starts at 0).
        stop: The end of the range, not included. Defaults to None.
        step: The spacing between values. None (the default) means 1.
        dtype: The dtype of the result; None (the default) applies the rule
            above.

    Returns:
        A 1-D NumPy array.

    Examples:
        >>> keras.ops.arange(3)
        array([0, 1, 2], dtype=int32)
        >>> keras.ops.arange(0, 1, 0.25)
        array([0.  , 0.25, 0.5 , 0.75], dtype=float32)
    """
    if step is None:
        step = 1
    if dtype is None:
        # Keras's type promotion: Python ints give int32, any float floatx.

        bounds = [v for v in (start, stop, step) if v is not None]
        # builtins.all: this module's `all` is the array op, which would
        # call any generator truthy.
        integral = builtins.all(isinstance(v, (int, np.integer)) for v in bounds)
        dtype = np.int32 if integral else config.floatx()
    return np.arange(start, stop, step, dtype=dtype)


def get_item(x, key):
    """Returns `x[key]`: basic and advanced indexing, as NumPy does it.

    The same as the `x[key]` operator on Tensors; differentiable in `x` (the
    gradient is scattered back to the indexed positions, summed where an
    index repeats).

    Args:
        x: A Tensor, NumPy array or list.
        key: An index: an int, a slice, an integer or boolean array, or a
            tuple of them (with `None` and `...`).

    Returns:
        The selected elements, in the dtype of `x`: a Tensor when `x` needs a
        gradient, else a NumPy array (or NumPy scalar).

    Examples:
        >>> keras.ops.get_item(np.array([[1.0, 2.0], [3.0, 4.0]]), (slice(None), 1))
        array([2., 4.])
    """
    if isinstance(key, Tensor):
        key = key.value
    if isinstance(key, tuple):
        key = tuple(k.value if isinstance(k, Tensor) else k for k in key)
    return P.GetItem.apply(_operand(x), index=key)


__all__ = [
    name
    for name, obj in list(globals().items())
    if callable(obj) and getattr(obj, "__module__", None) == __name__ and not name.startswith("_")
]

# keras.ops.numpy also holds ops defined in other modules (`keras.ops.numpy.flip`).
_namespaces.extend(globals(), _namespaces.NUMPY_NAMES)
