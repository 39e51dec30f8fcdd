"""Pixel value ranges of the colour layers: validation, and mapping images
between a layer's `value_range` and the (0, 255) or (0, 1) range the colour
operations are defined on (the arithmetic in Keras's order, so float32
results agree bit for bit)."""

import numpy as np

from kerasish import ops

VALUE_RANGE_ERROR = "The `value_range` argument should be a list of two numbers. "


def check_value_range(value_range):
    """`value_range` as a sorted list, or Keras's error for anything but a pair."""
    if not isinstance(value_range, (tuple, list)) or len(value_range) != 2:
        raise ValueError(VALUE_RANGE_ERROR + f"Received: value_range={value_range}")
    return sorted(value_range)


def transform_value_range(images, original_range, target_range, dtype="float32"):
    """Maps `original_range` linearly onto `target_range`; the images come
    back untouched (dtype included) when the two ranges are equal."""
    if original_range[0] == target_range[0] and original_range[1] == target_range[1]:
        return images
    images = ops.cast(images, dtype)
    original_low, original_high = (np.asarray(v, dtype=dtype) for v in original_range)
    target_low, target_high = (np.asarray(v, dtype=dtype) for v in target_range)
    unit = ops.divide(ops.subtract(images, original_low), original_high - original_low)
    return ops.add(ops.multiply(unit, target_high - target_low), target_low)


def per_image(values, dtype):
    """Per-image draws shaped (batch, 1, 1, 1) to broadcast over a 4-D batch."""
    return np.asarray(values, dtype=dtype).reshape(-1, 1, 1, 1)


def channel_axis(data_format):
    return -1 if data_format == "channels_last" else -3
