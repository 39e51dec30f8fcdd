"""Packing and unpacking the `(x, y, sample_weight)` tuples that `fit` reads
from datasets and generators."""


def pack_x_y_sample_weight(x, y=None, sample_weight=None):
    """Packs inputs, targets and weights into the tuple `fit` expects.

    A single input without targets stays as it is; a list or tuple of inputs
    without targets becomes a 1-tuple, so it is not mistaken for `(x, y)`.

    Args:
        x: the inputs.
        y: the targets, or None.
        sample_weight: the weights of the samples, or None.

    Returns:
        `x`, `(x,)`, `(x, y)` or `(x, y, sample_weight)`.

    Examples:
        >>> keras.utils.pack_x_y_sample_weight(np.ones(2), np.zeros(2))
        (array([1., 1.]), array([0., 0.]))
        >>> keras.utils.pack_x_y_sample_weight([np.ones(2), np.ones(2)])
        ([array([1., 1.]), array([1., 1.])],)
    """
    if y is None:
        return (x,) if isinstance(x, (tuple, list)) else x
    if sample_weight is None:
        return (x, y)
    return (x, y, sample_weight)


def unpack_x_y_sample_weight(data):
    """Splits what a dataset yields into `(x, y, sample_weight)`, with None for what is missing.

    Args:
        data: `x`, `(x,)`, `(x, y)` or `(x, y, sample_weight)` (a list is
            read as a tuple).

    Returns:
        A tuple of three entries.

    Raises:
        ValueError: if `data` is a tuple or list of more than three entries.

    Examples:
        >>> keras.utils.unpack_x_y_sample_weight((1, 2))
        (1, 2, None)
        >>> keras.utils.unpack_x_y_sample_weight(np.ones(2))
        (array([1., 1.]), None, None)
    """
    if isinstance(data, list):
        data = tuple(data)
    if not isinstance(data, tuple):
        return (data, None, None)
    if 1 <= len(data) <= 3:
        return tuple(data) + (None,) * (3 - len(data))
    raise ValueError(
        "Data is expected to be in format `x`, `(x,)`, `(x, y)`, or "
        f"`(x, y, sample_weight)`, found: {data}"
    )
