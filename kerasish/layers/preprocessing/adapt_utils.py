"""What `adapt()` of the preprocessing layers accepts: an array (or tensor),
or an iterable of batches (a list of arrays, a generator, a data set yielding
`x` or `(x, y)` tuples)."""

import numpy as np

from kerasish.backend.tensor import Tensor

EMPTY_ITERABLE_MESSAGE = (
    "adapt() received an empty iterable (no batches). Expected at least one batch. "
    "Pass a non-empty iterable of arrays or tensors, e.g. layer.adapt([x]) or "
    "layer.adapt(list_of_batches)."
)


def first_of_pair(batch):
    """A data set may yield `(x, y)` or `(x, y, sample_weight)`: adapt reads `x`."""
    if isinstance(batch, tuple) and batch:
        return batch[0]
    return batch


def as_array(data):
    return np.asarray(data.value if isinstance(data, Tensor) else data)


def is_single_array(data):
    return isinstance(data, (np.ndarray, Tensor)) or np.isscalar(data)


def batches_of(data, steps=None):
    """The batches `data` holds, as arrays: one for an array, each element of
    an iterable otherwise (at most `steps` of them). An empty iterable is
    refused with Keras's message."""
    if is_single_array(data):
        return [as_array(data)]
    if not hasattr(data, "__iter__"):
        raise TypeError(
            f"Unsupported data type: {type(data)}. `adapt` supports `np.ndarray`, backend "
            "tensors, `tf.data.Dataset`, `keras.utils.PyDataset`, and iterables of batches "
            "(e.g. list, generator)."
        )
    batches = []
    for index, batch in enumerate(data):
        if steps is not None and index >= steps:
            break
        batches.append(as_array(first_of_pair(batch)))
    if not batches:
        raise ValueError(EMPTY_ITERABLE_MESSAGE)
    return batches


def check_numeric(array, layer):
    if array.dtype.kind not in "biuf":
        raise ValueError(
            f'Layer "{layer.name}" expects numeric inputs (ints, floats or bools). '
            f"Received: inputs with dtype={array.dtype}"
        )
    return array


def validate_string_arg(value, allowable_strings, caller_name, arg_name, allow_none=False,
                        allow_callables=False):
    """Refuses a string argument outside `allowable_strings`, in Keras's words."""
    if allow_none and value is None:
        return
    if allow_callables and callable(value):
        return
    if isinstance(value, str) and value in allowable_strings:
        return
    raise ValueError(
        f"Unknown value for `{arg_name}` argument of {caller_name}. Allowed values are: "
        f"{allowable_strings}. Received: {arg_name}={value}"
    )


def update_from_batches(data, steps, update_state):
    """Calls `update_state(x)` for each batch of an iterable (at most
    `steps`); an iterable with no batches is refused with Keras's message."""
    seen = False
    for index, batch in enumerate(data):
        if steps is not None and index >= steps:
            break
        update_state(first_of_pair(batch))
        seen = True
    if not seen:
        raise ValueError(EMPTY_ITERABLE_MESSAGE)
