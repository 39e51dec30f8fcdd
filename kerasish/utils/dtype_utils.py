"""`standardize_dtype`: the canonical name of a dtype, as Keras spells it."""

import numpy as np

from kerasish.backend import config

# Python types stand for these dtypes in Keras (not NumPy's float64 for `float`).
_PYTHON_DTYPES = {bool: "bool", int: "int64", float: "float32", str: "string", "int": "int64",
                  complex: "complex128"}
_ALLOWED = {
    "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
    "float16", "float32", "float64", "bfloat16", "float8_e4m3fn", "float8_e5m2",
    "complex64", "complex128", "string",
}


def standardize_dtype(dtype):
    """Returns the name Keras uses for `dtype`: `"float32"`, `"int64"`, ...

    Python's `float` is `"float32"` and `int` is `"int64"`, as in Keras;
    NumPy dtypes and scalar types give their names; None gives `floatx()`.

    Args:
        dtype: a dtype name, a NumPy dtype or scalar type, a Python type, or None.

    Returns:
        The dtype's name, a string.

    Raises:
        ValueError: if `dtype` is not a dtype Keras knows.

    Examples:
        >>> keras.utils.standardize_dtype(float), keras.utils.standardize_dtype(np.int8)
        ('float32', 'int8')
        >>> keras.utils.standardize_dtype(None)
        'float32'
    """
    if dtype is None:
        return config.floatx()
    try:
        dtype = _PYTHON_DTYPES.get(dtype, dtype)
    except TypeError:  # unhashable values are no dtype
        raise ValueError(f"Invalid dtype: {dtype}") from None
    if isinstance(dtype, np.dtype):
        dtype = dtype.name
    elif isinstance(dtype, type) and issubclass(dtype, np.generic):
        dtype = np.dtype(dtype).name
    elif not isinstance(dtype, str):
        dtype = getattr(dtype, "name", None) or getattr(dtype, "__name__", dtype)
    if dtype not in _ALLOWED:
        raise ValueError(f"Invalid dtype: {dtype}")
    return dtype
