"""Where a tensor's Keras mask lives.

Keras carries a mask (one boolean per timestep, from `Embedding(mask_zero=True)`
or `Masking`) as the attribute `_keras_mask` of the tensor it belongs to. A
Tensor or KerasTensor takes the attribute; a plain NumPy array cannot, so its
mask is kept in a side table keyed by the array's id and dropped when the array
is garbage collected (NumPy arrays accept weak references).
"""

import weakref

import numpy as np

_MASKS_OF_ARRAYS = {}


def set_keras_mask(x, mask):
    """Attaches `mask` to `x` in place (None removes it)."""
    try:
        x._keras_mask = mask
        return
    except AttributeError:
        pass
    key = id(x)
    if mask is None:
        _MASKS_OF_ARRAYS.pop(key, None)
        return
    if key not in _MASKS_OF_ARRAYS:
        weakref.finalize(x, _MASKS_OF_ARRAYS.pop, key, None)
    _MASKS_OF_ARRAYS[key] = mask


def get_keras_mask(x):
    """The mask attached to `x`, or None."""
    if type(x) is np.ndarray:  # (cheaper than a failing getattr: layers ask on every call)
        return _MASKS_OF_ARRAYS.get(id(x)) if _MASKS_OF_ARRAYS else None
    mask = getattr(x, "_keras_mask", None)
    if mask is not None or not _MASKS_OF_ARRAYS:
        return mask
    return _MASKS_OF_ARRAYS.get(id(x))


def with_keras_mask(x, mask):
    """`x` carrying `mask`: a NumPy array is given the mask on a new view of
    the same data, so the caller's array keeps no mask after the call (Keras
    converts arrays to new tensors); a tensor gets it in place, as in Keras."""
    if type(x) is np.ndarray:
        x = x.view()
    set_keras_mask(x, mask)
    return x
