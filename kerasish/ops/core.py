"""Conversion and structural ops: `convert_to_tensor`, `cast`, `shape`, ..."""

import numpy as np

from kerasish.backend import config
from kerasish.backend import primitives as P
from kerasish.backend.tensor import Tensor, dtype_name


def convert_to_tensor(x, dtype=None):
    """Returns `x` as a Tensor or array; Python floats and lists become floatx."""
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
    return array


def convert_to_numpy(x):
    return x.value if isinstance(x, Tensor) else np.asarray(x)


def is_tensor(x):
    return isinstance(x, (Tensor, np.ndarray))


def cast(x, dtype):
    dtype = np.dtype(dtype)
    if not isinstance(x, Tensor):
        return np.asarray(x).astype(dtype, copy=False)
    if x.value.dtype == dtype:
        return x
    return P.Cast.apply(x, dtype=dtype)


def shape(x):
    return tuple(np.shape(x.value if isinstance(x, Tensor) else x))


def dtype(x):
    return dtype_name((x.value if isinstance(x, Tensor) else np.asarray(x)).dtype)


def stop_gradient(x):
    """The same values, cut off from the graph."""
    return x.value if isinstance(x, Tensor) else x


__all__ = [
    name
    for name, obj in list(globals().items())
    if callable(obj) and getattr(obj, "__module__", None) == __name__ and not name.startswith("_")
]
