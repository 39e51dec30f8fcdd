"""kerasish's compute backend: NumPy arrays plus a small reverse-mode autodiff."""

import os

import numpy as np

from kerasish.backend import memory
from kerasish.backend.config import (
    backend,
    epsilon,
    floatx,
    image_data_format,
    set_epsilon,
    set_floatx,
)
from kerasish.backend.tensor import Function, Tensor, gradients, is_recording, no_grad
from kerasish.backend.variables import Variable
from kerasish.backend.tape import GradientTape  # noqa: F401
from kerasish.utils import naming

# At import only when asked: changing glibc's allocator affects the whole
# process. `fit` applies it when training starts (see backend/memory.py).
if os.environ.get("KERASISH_REUSE_FREED_MEMORY") == "1":
    memory.keep_freed_memory_for_reuse()


def convert_to_numpy(x):
    """Returns the NumPy array behind a Tensor, Variable or array-like.

    For a Tensor or Variable this is the array it holds (no copy: use
    `Variable.numpy()` for a copy of a weight); anything else goes through
    `np.asarray`.

    Args:
        x: a `Tensor`, a `Variable`, a NumPy array, or anything `np.asarray`
            accepts (lists, scalars).

    Returns:
        A NumPy array with the same shape and dtype as `x`.

    Examples:
        >>> y = keras.layers.Dense(2, kernel_initializer="ones")(np.ones((1, 3)))
        >>> keras.backend.convert_to_numpy(y)
        array([[3., 3.]], dtype=float32)
    """
    if isinstance(x, Tensor):
        return x.value
    return np.asarray(x)


def standardize_dtype(dtype):
    """Returns the canonical name of a dtype, as Keras's dtype arguments use it.

    Args:
        dtype: a dtype name (`"float32"`), a NumPy dtype or scalar type
            (`np.int64`), or None for the default float type (`floatx()`).

    Returns:
        The dtype's name as a string, such as `"float32"` or `"int64"`.

    Raises:
        TypeError: if NumPy does not recognise `dtype` (raised by `np.dtype`).

    Examples:
        >>> keras.backend.standardize_dtype(np.float64)
        'float64'
        >>> keras.backend.standardize_dtype(None)
        'float32'
    """
    if dtype is None:
        return floatx()
    if hasattr(dtype, "name") and not isinstance(dtype, str):
        return np.dtype(dtype).name
    return np.dtype(dtype).name


def clear_session(free_memory=True):
    """Resets the automatic layer and model names, as Keras's `clear_session` does.

    Layers without a `name` are called `dense`, `dense_1`, ... in creation
    order; after `clear_session()` the next one is `dense` again. kerasish keeps
    no other global graph state, so nothing else needs clearing.

    Args:
        free_memory: accepted for compatibility with Keras; kerasish holds no
            memory to release, so it has no effect.

    Examples:
        >>> keras.backend.clear_session()
        >>> keras.layers.Dense(1).name
        'dense'
        >>> keras.layers.Dense(1).name
        'dense_1'
        >>> keras.backend.clear_session()
        >>> keras.layers.Dense(1).name
        'dense'
    """
    naming.reset_uids()
