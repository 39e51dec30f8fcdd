"""Global numeric settings: the default float type and the fuzz factor."""

_FLOATX = "float32"
_EPSILON = 1e-7
_ALLOWED_FLOATX = ("float16", "float32", "float64")


def floatx():
    """Returns the default float type as a string, `"float32"` unless changed."""
    return _FLOATX


def set_floatx(value):
    """Sets the default float type (`"float32"` or `"float64"`; float64 is for gradient checks)."""
    global _FLOATX
    value = str(value)
    if value not in _ALLOWED_FLOATX:
        raise ValueError(
            f"Unknown `floatx` value. Expected one of {_ALLOWED_FLOATX}. Received: floatx={value}"
        )
    _FLOATX = value


def epsilon():
    """Returns the fuzz factor used to keep logs and divisions finite (1e-7)."""
    return _EPSILON


def set_epsilon(value):
    """Sets the fuzz factor returned by `epsilon()`."""
    global _EPSILON
    _EPSILON = float(value)


def backend():
    """Names the backend: kerasish always computes with NumPy."""
    return "numpy"


def image_data_format():
    """Layers default to channels-last data, as in Keras."""
    return "channels_last"
