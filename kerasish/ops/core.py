"""Conversion and structural ops: `convert_to_tensor`, `cast`, `shape`, ..."""

import numpy as np

from kerasish.backend import config
from kerasish.backend import primitives as P
from kerasish.backend.keras_tensor import KerasTensor
from kerasish.backend.tensor import Tensor, dtype_name


def convert_to_tensor(x, dtype=None, sparse=None, ragged=None):
    """Converts `x` to a value that ops accept: a Tensor or a NumPy array.

    kerasish has no tensor type of its own for constants: a NumPy array is
    already one, as with Keras's NumPy backend. A Tensor comes back as it is
    (cast if `dtype` differs) and an array comes back unchanged. Python floats
    and lists of floats become `floatx()` (float32) arrays instead of NumPy's
    float64, as in Keras, and Python ints become int32 (NumPy: int64) when
    they fit.

    Args:
        x: A Tensor, NumPy array, Python scalar or (nested) list.
        dtype: Optional dtype to convert to, such as `"float32"`. The default,
            None, keeps the dtype of `x` (apart from the float rule above).
        sparse: Accepted for Keras compatibility; kerasish tensors are dense.
        ragged: Accepted for Keras compatibility; kerasish tensors are dense.

    Returns:
        `x` itself if it is a Tensor of the right dtype, a cast Tensor if it is
        a Tensor of another dtype, else a NumPy array.

    Examples:
        >>> keras.ops.convert_to_tensor([1.0, 2.0])
        array([1., 2.], dtype=float32)
        >>> keras.ops.convert_to_tensor([1, 2], dtype="float32")
        array([1., 2.], dtype=float32)
    """
    if isinstance(x, Tensor):
        if dtype is not None and np.dtype(dtype) != x.value.dtype:
            return cast(x, dtype)
        return x
    if dtype is not None:
        return np.asarray(x, dtype=dtype)
    if isinstance(x, np.ndarray):
        return x
    array = np.asarray(x)
    if array.dtype == np.float64:
        array = array.astype(config.floatx())
    elif array.dtype == np.int64 and not isinstance(x, np.generic) and _fits_int32(array):
        # Python ints are int32 in Keras, NumPy makes them int64.
        array = array.astype(np.int32)
    return array


def _fits_int32(array):
    limits = np.iinfo(np.int32)
    return array.size == 0 or (limits.min <= array.min() and array.max() <= limits.max)


def convert_to_numpy(x):
    """Returns the values of `x` as a NumPy array.

    Use it to read the result of a layer or op, which may be a Tensor. For a
    Tensor the array returned is the Tensor's own storage, not a copy.

    Args:
        x: A Tensor (or Variable), NumPy array, Python scalar or list.

    Returns:
        A NumPy array with the dtype of `x`.

    Examples:
        >>> y = keras.ops.multiply(keras.Variable([1.0, 2.0]), 3.0)
        >>> keras.ops.convert_to_numpy(y)
        array([3., 6.], dtype=float32)
    """
    return x.value if isinstance(x, Tensor) else np.asarray(x)


def is_tensor(x):
    """Returns whether `x` is something kerasish ops produce: a Tensor or a NumPy array.

    As with Keras's NumPy backend, a NumPy array counts as a tensor (with the
    TensorFlow backend, Keras answers False for one). Lists and Python scalars
    do not.

    Args:
        x: Any object.

    Returns:
        A Python bool.

    Examples:
        >>> keras.ops.is_tensor(np.zeros(3))
        True
        >>> keras.ops.is_tensor([1.0, 2.0])
        False
    """
    return isinstance(x, (Tensor, np.ndarray))


def cast(x, dtype):
    """Casts `x` to `dtype`.

    Differentiable: when `x` is a Tensor that needs a gradient, the gradient
    flows back in the dtype of `x`. A float-to-integer cast truncates toward
    zero, as in Keras.

    Args:
        x: A Tensor, NumPy array, Python scalar or list.
        dtype: The target dtype, a name such as `"int32"` or a NumPy dtype.

    Returns:
        A Tensor when `x` is a Tensor (`x` itself if it already has `dtype`),
        else a NumPy array.

    Examples:
        >>> keras.ops.cast([1.7, -1.2], "int32")
        array([ 1, -1], dtype=int32)
    """
    dtype = np.dtype(dtype)
    if not isinstance(x, Tensor):
        return np.asarray(x).astype(dtype, copy=False)
    if x.value.dtype == dtype:
        return x
    return P.Cast.apply(x, dtype=dtype)


def shape(x):
    """Returns the shape of `x` as a tuple of ints.

    Args:
        x: A Tensor, NumPy array, Python scalar or list.

    Returns:
        A tuple of Python ints, `()` for a scalar.

    Examples:
        >>> keras.ops.shape(np.zeros((2, 3)))
        (2, 3)
    """
    return tuple(np.shape(x.value if isinstance(x, Tensor) else x))


def dtype(x):
    """Returns the name of the dtype of `x`, such as `"float32"`.

    Args:
        x: A Tensor, NumPy array, Python scalar or list.

    Returns:
        The dtype name as a string, as Keras's `keras.ops.dtype` gives it.

    Examples:
        >>> keras.ops.dtype(np.zeros(2, dtype="float32"))
        'float32'
    """
    return dtype_name((x.value if isinstance(x, Tensor) else np.asarray(x)).dtype)


def stop_gradient(variable):
    """Returns the values of `x` cut off from the graph: no gradient flows through them.

    Use it for quantities that should act as constants in a loss, such as a
    target computed from the model's own output.

    Args:
        variable: A Tensor, NumPy array or scalar.

    Returns:
        The values of `variable` as a plain NumPy array (the Tensor's own storage, not
        a copy); an array or scalar comes back unchanged.

    Raises:
        TypeError: for a KerasTensor reaching the function for values
            (`keras.ops.stop_gradient` records a StopGradient node instead).

    Examples:
        >>> w = keras.Variable([1.0, 2.0])
        >>> y = keras.ops.sum(keras.ops.multiply(w, keras.ops.stop_gradient(w)))
        >>> keras.backend.gradients(y, [w])[0]
        array([1., 2.], dtype=float32)
    """
    if isinstance(variable, Tensor):
        return variable.value
    if isinstance(variable, KerasTensor):  # the namespace's wrapper records a StopGradient node
        raise TypeError("A KerasTensor has no values to cut off from the graph.")
    return variable


__all__ = [
    name
    for name, obj in list(globals().items())
    if callable(obj) and getattr(obj, "__module__", None) == __name__ and not name.startswith("_")
]
