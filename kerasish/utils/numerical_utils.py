"""`to_categorical` and `normalize`: array helpers for preparing data."""

import numpy as np

from kerasish.backend import config


def to_categorical(x, num_classes=None):
    """One-hot encodes integer class labels, e.g. for `categorical_crossentropy`.

    Label `k` becomes a row of zeros with a 1 at position `k`. A trailing axis
    of size 1 (labels shaped `(n, 1)`) is dropped first, as in Keras, so the
    result has shape `x.shape + (num_classes,)` otherwise.

    Args:
        x: integer class labels from 0 to `num_classes - 1`, as an array-like
            of ints (floats holding whole numbers are accepted too).
        num_classes: the number of classes, a positive int; None (default)
            uses `max(x) + 1`.

    Returns:
        A NumPy array of dtype `floatx()` (float32), one-hot along the last axis.

    Raises:
        ValueError: if `x` holds non-integer or negative values, a label not
            below `num_classes`, or if `num_classes` is not a positive integer.

    Examples:
        >>> keras.utils.to_categorical([0, 2, 1])
        array([[1., 0., 0.],
               [0., 0., 1.],
               [0., 1., 0.]], dtype=float32)
        >>> keras.utils.to_categorical([1], num_classes=4).shape
        (1, 4)
    """
    x = np.asarray(x)
    if x.dtype.kind == "f":
        if not np.all(np.isfinite(x)) or not np.all(x == np.round(x)):
            raise ValueError(
                f"`to_categorical` expects integer class labels. Received: x with dtype={x.dtype} "
                "and non-integer values"
            )
    elif x.dtype.kind not in "iub":
        raise ValueError(f"`to_categorical` expects integer class labels. Received: dtype={x.dtype}")
    if num_classes is not None and (
        isinstance(num_classes, bool) or not isinstance(num_classes, (int, np.integer))
        or num_classes < 1
    ):
        raise ValueError(
            f"Expected `num_classes` to be a positive integer or None. "
            f"Received: num_classes={num_classes!r}"
        )
    x = x.astype(np.int64)
    if x.ndim > 1 and x.shape[-1] == 1:
        x = x.reshape(x.shape[:-1])
    if x.size and x.min() < 0:
        raise ValueError(f"`to_categorical` expects non-negative labels. Received: min label {x.min()}")
    if num_classes is None:
        num_classes = int(x.max()) + 1 if x.size else 0
    elif x.size and x.max() >= num_classes:
        raise ValueError(
            f"Received a label {int(x.max())} that is not less than `num_classes`. "
            f"Received: num_classes={num_classes}"
        )
    out = np.zeros(x.shape + (num_classes,), dtype=config.floatx())
    np.put_along_axis(out, x[..., None], 1, axis=-1)
    return out


def normalize(x, axis=-1, order=2):
    """Scales an array to unit norm along an axis.

    Each slice along `axis` is divided by its `order`-norm (see
    `np.linalg.norm`); slices whose norm is 0 are left unchanged instead of
    becoming NaN. Integer input gives float64, as NumPy's division does.

    Args:
        x: the array-like to normalize.
        axis: the axis along which norms are computed (default: the last).
        order: the norm's order: 2 (default) for the Euclidean norm, 1 for
            the sum of absolute values, `np.inf` for the largest.

    Returns:
        A normalized copy of `x`, as a NumPy array of the same shape.

    Examples:
        >>> keras.utils.normalize(np.array([[3.0, 4.0], [0.0, 0.0]]))
        array([[0.6, 0.8],
               [0. , 0. ]])
        >>> keras.utils.normalize(np.array([[1.0, 3.0]]), order=1)
        array([[0.25, 0.75]])
    """
    x = np.asarray(x)
    norm = np.linalg.norm(x, ord=order, axis=axis, keepdims=True)
    norm[norm == 0] = 1
    return x / norm
