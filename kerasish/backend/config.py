"""Global numeric settings: the default float type and the fuzz factor."""

_FLOATX = "float32"
_EPSILON = 1e-7
_ALLOWED_FLOATX = ("float16", "float32", "float64")


def floatx():
    """Returns the default float type, the dtype of new weights and float data.

    Layers, variables and `fit`'s input conversion use it, so data given as
    float64 NumPy arrays is cast once to this type. Change it with `set_floatx`.

    Returns:
        The dtype name as a string: `"float32"` unless changed.

    Examples:
        >>> keras.backend.floatx()
        'float32'
    """
    return _FLOATX


def set_floatx(value):
    """Sets the default float type returned by `floatx()`.

    Only layers and variables created afterwards use the new type. float64 is
    mostly useful for finite-difference gradient checks; float16 is accepted as
    in Keras, but NumPy computes slowly and imprecisely in it.

    Args:
        value: `"float16"`, `"float32"` or `"float64"` (a string, or anything
            whose `str()` is one of those).

    Raises:
        ValueError: if `value` is not one of the three float types.

    Examples:
        >>> keras.backend.set_floatx("float64")
        >>> keras.layers.Dense(2)(np.ones((1, 3))).dtype
        'float64'
        >>> keras.backend.set_floatx("float32")
    """
    global _FLOATX
    value = str(value)
    if value not in _ALLOWED_FLOATX:
        raise ValueError(
            f"Unknown `floatx` value. Expected one of {_ALLOWED_FLOATX}. Received: floatx={value}"
        )
    _FLOATX = value


def epsilon():
    """Returns the fuzz factor that keeps logarithms and divisions finite.

    Losses and metrics clip probabilities to `[epsilon, 1 - epsilon]` and add
    it to denominators, as Keras does.

    Returns:
        A Python float: `1e-07` unless changed with `set_epsilon`.

    Examples:
        >>> keras.backend.epsilon()
        1e-07
    """
    return _EPSILON


def set_epsilon(value):
    """Sets the fuzz factor returned by `epsilon()`.

    Args:
        value: the new fuzz factor, a small positive number (converted to a
            Python float).

    Examples:
        >>> keras.backend.set_epsilon(1e-5)
        >>> keras.backend.epsilon()
        1e-05
        >>> keras.backend.set_epsilon(1e-7)
    """
    global _EPSILON
    _EPSILON = float(value)


def backend():
    """Names the backend that computes: kerasish always computes with NumPy.

    Keras returns `"tensorflow"`, `"jax"` or `"torch"` here; code that
    branches on the backend sees `"numpy"`, as with Keras's NumPy backend.

    Returns:
        The string `"numpy"`.

    Examples:
        >>> keras.backend.backend()
        'numpy'
    """
    return "numpy"


def image_data_format():
    """Returns the default layout of image data for convolution and pooling layers.

    kerasish's global default is fixed to channels-last data, `(batch, height,
    width, channels)`, Keras's default; a layer given
    `data_format="channels_first"` takes `(batch, channels, height, width)`.

    Returns:
        The string `"channels_last"`.

    Examples:
        >>> keras.backend.image_data_format()
        'channels_last'
    """
    return "channels_last"


_DTYPE_NAMES = {}


def dtype_name(dtype):
    """`dtype.name`, cached: NumPy computes it in Python on every access."""
    name = _DTYPE_NAMES.get(dtype)
    if name is None:
        name = _DTYPE_NAMES[dtype] = dtype.name
    return name
