"""Turning integer indices into one-hot, multi-hot or count vectors, as
Keras's `encode_categorical_inputs` (TensorFlow's bincount path) does."""

import numpy as np


def _as_index_array(inputs):
    array = np.asarray(getattr(inputs, "value", inputs))
    if array.dtype.kind == "f":
        array = array.astype("int64")
    return array


def check_range(indices, depth):
    if indices.size and (indices.min() < 0 or indices.max() >= depth):
        raise ValueError(
            f"Input values must be in the range 0 <= values < num_tokens with "
            f"num_tokens={depth}. Received: values between {indices.min()} and {indices.max()}"
        )


def encode(inputs, output_mode, depth, dtype, count_weights=None, drop_out_of_range=False):
    """`inputs` (integer indices) encoded per `output_mode`:

    - "int": the indices cast to `dtype`;
    - "one_hot": one vector per index (a trailing axis of size 1 is replaced);
    - "multi_hot" / "count": one vector per sample (row) marking / counting
      the indices it contains; a 1-D input is a single sample.

    Indices outside [0, depth) are refused, or ignored (as TensorFlow's
    bincount ignores them; lookup layers map mask tokens there) with
    `drop_out_of_range`.
    """
    indices = _as_index_array(inputs)
    if output_mode == "int":
        return indices.astype(dtype)
    if indices.ndim == 0:
        indices = indices[None]
    if drop_out_of_range:
        # One extra column collects the ignored indices, then is cut off.
        indices = np.where((indices >= 0) & (indices < depth), indices, depth)
        return encode(indices, output_mode, depth + 1, dtype, count_weights)[..., :depth]
    check_range(indices, depth)
    if output_mode == "one_hot":
        if indices.ndim > 1 and indices.shape[-1] == 1:
            indices = indices[..., 0]
        return np.eye(depth, dtype=dtype)[indices]
    one_hot = np.eye(depth, dtype="float64")[indices]
    if count_weights is not None:
        one_hot = one_hot * np.asarray(count_weights, dtype="float64")[..., None]
    axis = 1 if indices.ndim > 1 else 0
    if output_mode == "multi_hot":
        return one_hot.max(axis=axis).astype(dtype)
    return one_hot.sum(axis=axis).astype(dtype)


def encoded_shape(input_shape, output_mode, depth):
    """The output shape `encode` gives for an input shape."""
    input_shape = tuple(input_shape)
    if output_mode == "int":
        return input_shape
    if not input_shape:
        return (depth,)
    if output_mode == "one_hot":
        if input_shape[-1] == 1 and len(input_shape) > 1:
            return input_shape[:-1] + (depth,)
        return input_shape + (depth,)
    if len(input_shape) == 1:
        return (depth,)
    return (input_shape[0],) + input_shape[2:] + (depth,)
