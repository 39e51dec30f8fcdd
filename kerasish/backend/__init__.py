"""kerasish's compute backend: NumPy arrays plus a small reverse-mode autodiff."""

from kerasish.backend import primitives  # noqa: F401  (installs Tensor operators)
from kerasish.backend import memory
from kerasish.backend.config import (
    backend,
    epsilon,
    floatx,
    image_data_format,
    set_epsilon,
    set_floatx,
)
from kerasish.backend.tensor import Function, Tensor, Variable, gradients, is_recording, no_grad

# Training allocates and frees the same large arrays every batch: let malloc
# recycle them instead of faulting in fresh pages (see backend/memory.py).
memory.keep_freed_memory_for_reuse()


def convert_to_numpy(x):
    """Returns the array behind `x` (a Tensor, Variable or array-like)."""
    import numpy as np

    if isinstance(x, Tensor):
        return x.value
    return np.asarray(x)


def standardize_dtype(dtype):
    import numpy as np

    if dtype is None:
        return floatx()
    if hasattr(dtype, "name") and not isinstance(dtype, str):
        return np.dtype(dtype).name
    return np.dtype(dtype).name


def clear_session(free_memory=True):
    """Resets the automatic names (`dense`, `dense_1`, ...) so that a new
    model is named as if it were the first one, as Keras's does."""
    from kerasish.utils import naming

    naming.reset_uids()
