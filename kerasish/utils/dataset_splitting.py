"""`split_dataset`: splits arrays (or tuples of arrays) in two, such as train and test."""

import numpy as np


def _size_error(argument, value, total):
    return ValueError(
        f"`{argument}` should be either a positive integer smaller than {total}, or a float "
        f"within the range `[0, 1]`. Received: {argument}={value}"
    )


def _absolute_size(argument, value, total):
    """A split size given as a fraction or a count, as a count (None stays None)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(
            f"Invalid `{argument}` Type. Expected: int or float or None, "
            f"Received: type({argument})={type(value)}."
        )
    if isinstance(value, int):
        if not 0 < value < total:
            raise _size_error(argument, value, total)
        return value
    if not 0 < value < 1:
        raise _size_error(argument, value, total)
    return round(value * total)


def _split_sizes(left_size, right_size, total):
    if left_size is None and right_size is None:
        raise ValueError(
            "At least one of the `left_size` or `right_size` must be specified. "
            "Received: left_size=None and right_size=None"
        )
    if isinstance(left_size, float) and isinstance(right_size, float) and \
            left_size + right_size > 1:
        raise ValueError(
            "The sum of `left_size` and `right_size` is greater than 1. It must be less "
            "than or equal to 1."
        )
    left = _absolute_size("left_size", left_size, total)
    right = _absolute_size("right_size", right_size, total)
    left = total - right if left is None else left
    right = total - left if right is None else right
    if left + right > total:
        raise ValueError(
            f"The sum of `left_size` and `right_size` should be smaller than the number of "
            f"samples {total}. Received: left_size + right_size = {left + right}"
        )
    if left == 0 or right == 0:
        raise ValueError(
            f"One of the splits would be empty. Received: left_size={left_size}, "
            f"right_size={right_size} for {total} samples"
        )
    return left, right


def _as_arrays(dataset):
    if isinstance(dataset, np.ndarray):
        return dataset, lambda parts: parts[0]
    if isinstance(dataset, (list, tuple)) and dataset and all(
        hasattr(part, "__len__") for part in dataset
    ):
        arrays = [np.asarray(part) for part in dataset]
        lengths = {len(array) for array in arrays}
        if len(lengths) != 1:
            raise ValueError(
                "The arrays of `dataset` must all have the same number of samples. "
                f"Received lengths {sorted(lengths)}"
            )
        return arrays, lambda parts: type(dataset)(parts)
    raise TypeError(
        "The `dataset` argument must be a NumPy array or a list/tuple of arrays with the "
        f"same length. Received: dataset={dataset!r} of type {type(dataset)}"
    )


def split_dataset(dataset, left_size=None, right_size=None, shuffle=False, seed=None,
                  preferred_backend=None):
    """Splits an array, or a tuple of arrays of the same length, into a left
    and a right part (for example train and validation data).

    Keras returns `tf.data.Dataset`s; kerasish, which has no TensorFlow,
    returns the parts as arrays, in the form of `dataset` (an array, or a
    tuple or list of arrays), which `fit` reads directly.

    Args:
        dataset: a NumPy array, or a list or tuple of arrays with one sample
            per row.
        left_size: the left part's size: a fraction in (0, 1) or a number of
            samples; None means the rest after `right_size`.
        right_size: the right part's size, likewise; None means the rest
            after `left_size`.
        shuffle: whether to shuffle the samples before splitting.
        seed: the seed of the shuffle, for a reproducible split.
        preferred_backend: accepted for compatibility with Keras (ignored).

    Returns:
        A tuple `(left, right)`.

    Raises:
        TypeError: if `dataset` is not an array or a list/tuple of arrays, or
            a size is not an int, float or None.
        ValueError: if both sizes are None, a size is out of range, the sizes
            exceed the data, or the arrays differ in length.

    Examples:
        >>> x, y = np.arange(10).reshape(5, 2), np.arange(5)
        >>> (x_train, y_train), (x_test, y_test) = keras.utils.split_dataset((x, y), left_size=0.6)
        >>> y_train, y_test
        (array([0, 1, 2]), array([3, 4]))
    """
    del preferred_backend
    arrays, rebuild = _as_arrays(dataset)
    parts = [arrays] if isinstance(arrays, np.ndarray) else arrays
    total = len(parts[0])
    left, right = _split_sizes(left_size, right_size, total)
    order = np.arange(total)
    if shuffle:
        np.random.default_rng(seed).shuffle(order)
    left_index, right_index = order[:left], order[total - right:]
    return rebuild([p[left_index] for p in parts]), rebuild([p[right_index] for p in parts])
