"""The MNIST handwritten digits, shipped with kerasish so that no network is needed."""

import os
import warnings

import numpy as np

_SHIPPED = os.path.join(os.path.dirname(__file__), "data", "mnist.npz")
_KEYS = ("x_train", "y_train", "x_test", "y_test")


def _keras_cache_path(path):
    """Where Keras keeps downloaded data sets: $KERAS_HOME/datasets or ~/.keras/datasets."""
    keras_home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    return os.path.join(keras_home, "datasets", path)


def _read(path):
    with np.load(path, allow_pickle=False) as data:
        arrays = tuple(data[key] for key in _KEYS)
    x_train, y_train, x_test, y_test = arrays
    if x_train.shape != (60000, 28, 28) or x_test.shape != (10000, 28, 28):
        raise ValueError(f"{path} does not hold MNIST in Keras's layout")
    return (x_train, y_train), (x_test, y_test)


def load_data(path="mnist.npz"):
    """Loads the MNIST handwritten digits, 60,000 for training and 10,000 for testing.

    A copy in Keras's cache (`~/.keras/datasets/mnist.npz`, or under
    `$KERAS_HOME`) is used when present and readable; otherwise the copy
    shipped inside kerasish, so no download is ever needed. A damaged cache
    file is skipped with a warning.

    Data: Yann LeCun and Corinna Cortes, CC BY-SA 3.0 (see data/README.md).

    Args:
        path: the file name inside Keras's cache directory, `"mnist.npz"` as
            in Keras.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: x arrays are uint8 of shape
        (60000, 28, 28) and (10000, 28, 28) with pixels 0-255; y arrays are
        uint8 digit labels 0-9 of shape (60000,) and (10000,).

    Examples:
        >>> (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
        >>> x_train.shape, x_train.dtype, y_test.shape
        ((60000, 28, 28), dtype('uint8'), (10000,))
        >>> y_train[:5]
        array([5, 0, 4, 1, 9], dtype=uint8)
    """
    cached = _keras_cache_path(path)
    if os.path.exists(cached):
        try:
            return _read(cached)
        except Exception as error:  # a damaged cache must not stop a tutorial
            warnings.warn(f"Ignoring unreadable Keras cache file {cached}: {error}")
    return _read(_SHIPPED)
