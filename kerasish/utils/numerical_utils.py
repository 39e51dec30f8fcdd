import numpy as np

from kerasish.backend import config


def to_categorical(x, num_classes=None):
    """One-hot encodes integer class labels into a float32 matrix."""
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
    x = np.asarray(x)
    norm = np.linalg.norm(x, ord=order, axis=axis, keepdims=True)
    norm[norm == 0] = 1
    return x / norm
