"""Pixel value ranges of the colour layers: validation, mapping images
between a layer's `value_range` and the (0, 255) or (0, 1) range the colour
operations are defined on (the arithmetic in Keras's order, so float32
results agree bit for bit), and the bases of the colour layers."""

import numpy as np

from kerasish import ops
from kerasish.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)

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


class ColorLayer(BaseImagePreprocessingLayer):
    """A layer that changes pixel values only: in a dict input the labels,
    bounding boxes and segmentation masks pass through, as in Keras. Not a
    public class."""

    _SUPPORTS_BOUNDING_BOXES = True

    def transform_labels(self, labels, transformation, training=True):
        return labels

    def transform_bounding_boxes(self, bounding_boxes, transformation, training=True):
        return bounding_boxes

    def transform_segmentation_masks(self, segmentation_masks, transformation, training=True):
        return segmentation_masks


class RandomColorLayer(ColorLayer):
    """The arguments most random colour layers share, in Keras's order:
    `factor` (checked against the class's `_FACTOR_BOUNDS`), `value_range`
    (sorted and checked, unless `_SORT_VALUE_RANGE` is False: Keras keeps
    some layers' as given), `data_format` and `seed`. Not a public class."""

    _SORT_VALUE_RANGE = True

    def __init__(self, factor, value_range=(0, 255), data_format=None, seed=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        self.value_range = check_value_range(value_range) if self._SORT_VALUE_RANGE else value_range
        self._init_seed(seed)

    def get_config(self):
        config = super().get_config()
        config.update({"factor": self.factor, "value_range": self.value_range,
                       "seed": self.seed})
        return config
