"""Checks on user data, with messages that say what arrived and how to fix it."""

import numpy as np

from kerasish.backend import config


def _is_structure(value):
    """A list/tuple of arrays (several inputs), as opposed to nested lists of
    numbers (one array)."""
    return isinstance(value, (list, tuple)) and bool(value) and all(
        hasattr(item, "shape") for item in value
    )


def flatten(structure):
    """The arrays of a single array, a list/tuple of arrays or a dict of arrays."""
    if structure is None:
        return []
    if isinstance(structure, dict):
        return [structure[k] for k in sorted(structure)]
    if _is_structure(structure):
        return list(structure)
    return [structure]


def map_structure(fn, structure):
    if structure is None:
        return None
    if isinstance(structure, dict):
        return {k: fn(v) for k, v in structure.items()}
    if _is_structure(structure):
        return type(structure)(fn(v) for v in structure)
    return fn(structure)


def to_numeric_array(value, name):
    """Returns `value` as a numeric NumPy array; float64 becomes floatx (no
    silent upcasts later, one cast up front)."""
    try:
        array = np.asarray(value)
    except ValueError as error:
        raise ValueError(
            f"Argument `{name}` could not be converted to an array; ragged nested lists "
            f"are not supported. Pad them to equal lengths first. Details: {error}"
        ) from None
    # Complex numbers, dates and durations are not data a Keras model trains on;
    # NumPy would otherwise fail deep inside a matmul (or, for complex, silently
    # return complex predictions).
    if array.dtype.kind not in "biuf":
        raise ValueError(
            f"Argument `{name}` must be numeric (ints, floats or bools). "
            f"Received: {name} with dtype={array.dtype}"
        )
    if array.dtype.kind == "b":
        array = array.astype(config.floatx())
    if array.dtype.kind == "f" and array.dtype != np.dtype(config.floatx()):
        array = _cast_float(array, name)
    if array.ndim == 0:
        raise ValueError(
            f"Argument `{name}` must be an array with a batch dimension, got a scalar. "
            f"Received: {name}={value}"
        )
    return array


def _cast_float(array, name):
    """Casts to floatx, refusing finite values that overflow it (1e300 would
    otherwise become inf and be reported as inf data)."""
    with np.errstate(over="ignore"):
        cast = array.astype(config.floatx())
    if np.isfinite(cast).all():
        return cast  # the usual case, in one pass over the cast copy
    overflowed = np.isinf(cast) & np.isfinite(array)
    if overflowed.any():
        where = tuple(int(i) for i in np.argwhere(overflowed)[0])
        raise ValueError(
            f"Argument `{name}` has values too large for {config.floatx()} (the largest is "
            f"{np.finfo(config.floatx()).max:.4g}); rescale the data first. "
            f"Received: {name}[{', '.join(map(str, where))}]={array[where]}"
        )
    return cast


def check_finite(array, name):
    if array.dtype.kind == "f" and not np.isfinite(array).all():
        nan = np.isnan(array)
        bad = "NaN" if nan.any() else "inf"
        where = tuple(int(i) for i in np.argwhere(nan if nan.any() else ~np.isfinite(array))[0])
        raise ValueError(
            f"Argument `{name}` contains {bad} values. kerasish refuses non-finite data "
            "because training on it silently produces NaN weights; clean or impute it first. "
            f"Received: {name} with {bad} at index {where}"
        )


def check_batch_size(batch_size, name="batch_size"):
    if batch_size is not None and (
        not isinstance(batch_size, (int, np.integer)) or isinstance(batch_size, bool) or batch_size <= 0
    ):
        raise ValueError(
            f"Expected `{name}` to be a positive integer. Received: {name}={batch_size}"
        )


def check_validation_freq(validation_freq):
    """A positive int (every n epochs) or a collection of 1-based epoch numbers."""
    def is_positive_int(value):
        return isinstance(value, (int, np.integer)) and not isinstance(value, bool) and value > 0

    if is_positive_int(validation_freq):
        return
    if isinstance(validation_freq, (list, tuple, set, range)) and all(
        is_positive_int(epoch) for epoch in validation_freq
    ):
        return
    raise ValueError(
        "Expected `validation_freq` to be a positive integer or a list of epoch numbers "
        f"(starting at 1). Received: validation_freq={validation_freq!r}"
    )


def check_epochs(epochs, initial_epoch):
    if not isinstance(epochs, (int, np.integer)) or isinstance(epochs, bool) or epochs < 0:
        raise ValueError(
            f"Expected `epochs` to be a non-negative integer. Received: epochs={epochs}"
        )
    if not isinstance(initial_epoch, (int, np.integer)) or initial_epoch < 0:
        raise ValueError(
            "Expected `initial_epoch` to be a non-negative integer. "
            f"Received: initial_epoch={initial_epoch}"
        )


def check_lengths(x, y, sample_weight):
    """All arrays must have the same number of samples (the first axis)."""
    named = [("x", a) for a in flatten(x)] + [("y", a) for a in flatten(y)]
    named += [("sample_weight", a) for a in flatten(sample_weight)]
    lengths = {name: [] for name, _ in named}
    for name, array in named:
        lengths[name].append(array.shape[0])
    distinct = {n for sizes in lengths.values() for n in sizes}
    if len(distinct) > 1:
        detail = ", ".join(f"{name} sizes: {', '.join(map(str, sizes))}" for name, sizes in lengths.items())
        raise ValueError(
            "Data cardinality is ambiguous. Make sure all arrays contain the same number "
            f"of samples. '{detail}'"
        )
    if distinct == {0}:
        # An empty epoch would report a loss of 0 and train nothing.
        shape = flatten(x)[0].shape
        raise ValueError(f"Expected `x` to contain at least one sample. Received: x.shape={shape}")


def check_scalar(value, name, kind="float", low=None, high=None):
    """Checks a scalar argument's type and range, with Keras's wording.

    Python and NumPy scalars are accepted (`np.float32(0.1)` is a float, as
    in Keras); bools are not numbers here. `low` and `high` are inclusive.
    A value that is no number at all (a string, None, a list) is a
    TypeError, as comparing it fails with one in Keras.

    Args:
        value: the argument as the user passed it.
        name: the argument's name, for the message.
        kind: `"float"` (any real number) or `"int"` (integers only).
        low: the smallest allowed value, or None.
        high: the largest allowed value, or None.

    Returns:
        `value`, a NumPy scalar turned into the Python number it holds.

    Raises:
        TypeError: if `value` is not a number.
        ValueError: if `value` is a number of another kind or out of range.

    Examples:
        >>> from kerasish.utils.validation import check_scalar
        >>> check_scalar(np.float32(0.5), "rate", low=0, high=1)
        0.5
    """
    number = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
        value, (bool, np.bool_))
    types = (int, np.integer) if kind == "int" else (int, float, np.integer, np.floating)
    valid = number and isinstance(value, types)
    if valid:
        value = value.item() if isinstance(value, np.generic) else value  # JSON-friendly
        valid = (low is None or value >= low) and (high is None or value <= high)
    if not valid:
        expected = "an integer value" if kind == "int" else "a float value"
        if low is not None and high is not None:
            expected += f" between {low} and {high}"
        elif low is not None:
            expected += f" >= {low}"
        elif high is not None:
            expected += f" <= {high}"
        error = ValueError if number else TypeError
        raise error(
            f"Invalid value received for argument `{name}`. Expected {expected}. "
            f"Received: {name}={value}"
        )
    return value


def check_positive_int(value, name):
    """Refuses anything but a positive int, in the words of Keras's
    RepeatVector and UpSampling1D.

    Args:
        value: the argument as the user passed it.
        name: the argument's name, for the message.

    Raises:
        TypeError: if `value` is not an int (bools included).
        ValueError: if `value` is not positive.

    Examples:
        >>> from kerasish.utils.validation import check_positive_int
        >>> check_positive_int(0, "n")
        Traceback (most recent call last):
        ValueError: Argument `n` should be a positive integer. Received: n=0
    """
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"Expected an integer value for `{name}`, got {type(value)}.")
    if value <= 0:
        raise ValueError(f"Argument `{name}` should be a positive integer. Received: {name}={value}")
