"""Keras 3's dtype promotion, for the ops that combine several inputs.

Keras promotes dtypes on a lattice (as JAX does) rather than by NumPy's
rules: an integer meeting a float takes the float's dtype whatever their
sizes (int64 + float16 is float16, NumPy says float64), signed meets
unsigned in the next signed size up (uint8 + int8 is int16), float16 meets
bfloat16 in float32, and Python scalars are weak: they never widen an array
(an int scalar turns a bool array into int32, a float scalar turns an integer
array into floatx()).
"""

import numpy as np

from kerasish.backend import config
from kerasish.backend.tensor import Tensor

_FLOAT_RANK = {"float16": 1, "bfloat16": 1, "float32": 2, "float64": 3}


def dtype_of(x):
    """The dtype of an array operand as a NumPy dtype; None for Python
    scalars (weakly typed)."""
    if isinstance(x, Tensor):
        return x.value.dtype
    if isinstance(x, (np.ndarray, np.generic)):
        return x.dtype
    if isinstance(x, (bool, int, float)):
        return None
    return np.asarray(x).dtype


def _promote_two(a, b):
    if a == b:
        return a
    if a.kind == "b":
        return b
    if b.kind == "b":
        return a
    if a.kind == "f" and b.kind == "f":
        if {a.name, b.name} == {"float16", "bfloat16"}:
            return np.dtype("float32")
        return a if _FLOAT_RANK.get(a.name, 2) >= _FLOAT_RANK.get(b.name, 2) else b
    if a.kind == "f":
        return a
    if b.kind == "f":
        return b
    # Two integers.
    if a.kind == b.kind:
        return a if a.itemsize >= b.itemsize else b
    unsigned, signed = (a, b) if a.kind == "u" else (b, a)
    if signed.itemsize > unsigned.itemsize:
        return signed
    if unsigned.itemsize >= 8:
        return np.dtype(config.floatx())  # uint64 meets a signed int: Keras goes to float
    return np.dtype(f"int{unsigned.itemsize * 16}")


def result_type(*operands):
    """The dtype Keras gives an op combining `operands` (arrays, Tensors or
    Python scalars), as a NumPy dtype."""
    strong = [d for d in (dtype_of(x) for x in operands) if d is not None]
    weak = [x for x in operands if dtype_of(x) is None]
    if not strong:
        if any(isinstance(x, float) for x in weak):
            return np.dtype(config.floatx())
        if all(isinstance(x, bool) for x in weak):
            return np.dtype(bool)
        return np.dtype("int32")
    dtype = strong[0]
    for other in strong[1:]:
        dtype = _promote_two(dtype, other)
    if any(isinstance(x, float) for x in weak) and dtype.kind in "iub":
        return np.dtype(config.floatx())
    if dtype.kind == "b" and any(isinstance(x, int) and not isinstance(x, bool) for x in weak):
        return np.dtype("int32")
    return dtype


def float_result_type(*operands):
    """`result_type`, made floatx() when it is an integer or bool dtype: the
    dtype of ops with float results (sin, arctan2, mean, ...)."""
    dtype = result_type(*operands)
    return np.dtype(config.floatx()) if dtype.kind in "iub" else dtype
