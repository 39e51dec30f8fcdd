"""Array ops named after their `keras.ops` (and NumPy) counterparts.

Every op accepts Tensors, arrays and Python scalars, and records a graph node
only when an input needs a gradient.
"""

import builtins

import numpy as np

from kerasish.backend import primitives as P
from kerasish.backend.tensor import Tensor
from kerasish.ops.core import cast, convert_to_tensor


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


def _operands(x1, x2):
    """Both operands, with Keras's rule for mixing kinds: an integer or bool
    array meeting a float array takes the float's dtype (NumPy would widen
    int64 + float32 to float64 and silently leave float32)."""
    x1, x2 = _operand(x1), _operand(x2)
    d1, d2 = _dtype_of(x1), _dtype_of(x2)
    if d1 is None or d2 is None or (d1.kind == "f") == (d2.kind == "f"):
        return x1, x2
    if d1.kind == "f" and d2.kind in "iub":
        return x1, cast(x2, d1)
    if d2.kind == "f" and d1.kind in "iub":
        return cast(x1, d2), x2
    return x1, x2


def add(x1, x2):
    return P.Add.apply(*_operands(x1, x2))


def subtract(x1, x2):
    return P.Subtract.apply(*_operands(x1, x2))


def multiply(x1, x2):
    return P.Multiply.apply(*_operands(x1, x2))


def divide(x1, x2):
    return P.Divide.apply(*_operands(x1, x2))


true_divide = divide


def divide_no_nan(x1, x2):
    """x1 / x2, and 0 wherever x2 is 0."""
    if not isinstance(x2, Tensor) and np.ndim(x2) == 0 and x2 != 0:
        # A constant non-zero divisor (a loss's batch size): the plain
        # quotient, one graph node instead of three.
        return divide(x1, x2)
    is_zero = np.asarray(_value(x2)) == 0
    return where(is_zero, 0, divide(x1, where(is_zero, 1, x2)))


def power(x1, x2):
    return P.Power.apply(*_operands(x1, x2))


def negative(x):
    return P.Negative.apply(_operand(x))


def exp(x):
    return P.Exp.apply(_operand(x))


def log(x):
    return P.Log.apply(_operand(x))


def sqrt(x):
    return P.Sqrt.apply(_operand(x))


def square(x):
    return P.Square.apply(_operand(x))


def abs(x):
    return P.Abs.apply(_operand(x))


absolute = abs


def maximum(x1, x2):
    return P.Maximum.apply(*_operands(x1, x2))


def minimum(x1, x2):
    return P.Minimum.apply(*_operands(x1, x2))


def clip(x, x_min, x_max):
    return P.Clip.apply(_operand(x), low=x_min, high=x_max)


def where(condition, x1, x2):
    return P.Where.apply(np.asarray(_value(condition), dtype=bool), *_operands(x1, x2))


def matmul(x1, x2):
    return P.MatMul.apply(*_operands(x1, x2))


def dot(x1, x2):
    """NumPy's dot: for N-D operands it sums the last axis of `x1` with the
    second-to-last of `x2`, and keeps every other axis of both."""
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
    return P.Sum.apply(_operand(x), axis=axis, keepdims=keepdims)


def mean(x, axis=None, keepdims=False):
    x = _operand(x)
    shape = np.shape(_value(x))
    if axis is None:
        count = int(np.prod(shape))
    else:
        axes = (axis,) if isinstance(axis, int) else tuple(axis)
        count = int(np.prod([shape[a] for a in axes]))
    total = sum(x, axis=axis, keepdims=keepdims)
    if np.asarray(_value(total)).dtype.kind != "f":
        total = _cast_float(total)
    return divide(total, count)


def _cast_float(x):
    from kerasish.backend import config
    from kerasish.ops.core import cast

    return cast(x, config.floatx())


def max(x, axis=None, keepdims=False):
    return P.Max.apply(_operand(x), axis=axis, keepdims=keepdims)


amax = max


def min(x, axis=None, keepdims=False):
    return negative(max(negative(x), axis=axis, keepdims=keepdims))


amin = min


def reshape(x, newshape):
    return P.Reshape.apply(_operand(x), new_shape=tuple(newshape))


def transpose(x, axes=None):
    return P.Transpose.apply(_operand(x), axes=None if axes is None else tuple(axes))


def expand_dims(x, axis):
    shape = list(np.shape(_value(x)))
    axis = axis if axis >= 0 else len(shape) + axis + 1
    shape.insert(axis, 1)
    return reshape(x, shape)


def squeeze(x, axis=None):
    return reshape(x, np.squeeze(np.empty(np.shape(_value(x)), dtype=bool), axis=axis).shape)


def concatenate(xs, axis=0):
    return P.Concatenate.apply(*[_operand(x) for x in xs], axis=axis)


def stack(xs, axis=0):
    return concatenate([expand_dims(x, axis) for x in xs], axis=axis)


def broadcast_to(x, shape):
    return P.BroadcastTo.apply(_operand(x), shape=tuple(shape))


def take(x, indices, axis=None):
    index = np.asarray(_value(indices))
    if axis is None:
        return P.GetItem.apply(reshape(x, (-1,)), index=(index,))
    axis = axis % len(np.shape(_value(x)))
    return P.GetItem.apply(_operand(x), index=(slice(None),) * axis + (index,))


# Non-differentiable ops: they return plain arrays.


def argmax(x, axis=None, keepdims=False):
    # int32 like Keras (NumPy would give int64).
    return np.argmax(_value(x), axis=axis, keepdims=keepdims).astype(np.int32)


def argmin(x, axis=None, keepdims=False):
    return np.argmin(_value(x), axis=axis, keepdims=keepdims).astype(np.int32)


def equal(x1, x2):
    return np.equal(_value(x1), _value(x2))


def not_equal(x1, x2):
    return np.not_equal(_value(x1), _value(x2))


def greater(x1, x2):
    return np.greater(_value(x1), _value(x2))


def greater_equal(x1, x2):
    return np.greater_equal(_value(x1), _value(x2))


def less(x1, x2):
    return np.less(_value(x1), _value(x2))


def less_equal(x1, x2):
    return np.less_equal(_value(x1), _value(x2))


def sign(x):
    return np.sign(_value(x))


def round(x, decimals=0):
    return np.round(_value(x), decimals)


def floor(x):
    return np.floor(_value(x))


def zeros(shape, dtype=None):
    from kerasish.backend import config

    return np.zeros(shape, dtype=dtype or config.floatx())


def ones(shape, dtype=None):
    from kerasish.backend import config

    return np.ones(shape, dtype=dtype or config.floatx())


def zeros_like(x, dtype=None):
    return np.zeros_like(_value(x), dtype=dtype)


def ones_like(x, dtype=None):
    return np.ones_like(_value(x), dtype=dtype)


def prod(x, axis=None, keepdims=False):
    return P.Prod.apply(_operand(x), axis=axis, keepdims=keepdims)


def any(x, axis=None, keepdims=False):
    return np.any(_value(x), axis=axis, keepdims=keepdims)


def all(x, axis=None, keepdims=False):
    return np.all(_value(x), axis=axis, keepdims=keepdims)


def isnan(x):
    return np.isnan(_value(x))


def isfinite(x):
    return np.isfinite(_value(x))


def arange(start, stop=None, step=1, dtype=None):
    if dtype is None:
        # Keras's type promotion: Python ints give int32, any float floatx.
        from kerasish.backend import config

        bounds = [v for v in (start, stop, step) if v is not None]
        # builtins.all: this module's `all` is the array op, which would
        # call any generator truthy.
        integral = builtins.all(isinstance(v, (int, np.integer)) for v in bounds)
        dtype = np.int32 if integral else config.floatx()
    return np.arange(start, stop, step, dtype=dtype)


__all__ = [
    name
    for name, obj in list(globals().items())
    if callable(obj) and getattr(obj, "__module__", None) == __name__ and not name.startswith("_")
]
