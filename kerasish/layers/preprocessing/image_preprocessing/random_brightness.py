"""`RandomBrightness`: adds a random offset to each image."""

import numpy as np

from kerasish import ops
from kerasish.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)

_VALUE_RANGE_ERROR = "The `value_range` argument should be a list of two numbers. "


class RandomBrightness(BaseImagePreprocessingLayer):
    """During training, adds to each image a delta drawn from
    `factor * (value_range[1] - value_range[0])`, then clips to `value_range`.

    Images pass through (cast to the layer's dtype) with `training=False`.

    Args:
        factor: a number `f` in [-1, 1] for the range [-f, f], or a pair
            `(low, high)` within [-1, 1]: the delta as a fraction of the
            value range.
        value_range: the (min, max) of the pixel values; (0, 255) by default.
        seed: an int for reproducible draws, or None for the global random state.
        **kwargs: Base layer keyword arguments such as `name`, `dtype` and
            `data_format`.

    Returns:
        A layer producing images of the input's shape.

    Input shape:
        Images of any layout: a 4-D batch or a single 3-D image (every value is
        shifted, whatever the axis order).

    Output shape:
        The input's shape.

    Raises:
        ValueError: if `factor` is not a number or pair within [-1, 1], or
            `value_range` is not a pair.

    Examples:
        >>> layer = keras.layers.RandomBrightness(factor=(0.5, 0.5), value_range=(0, 1))
        >>> image = np.array([[0.2, 0.6]], dtype="float32").reshape(1, 1, 2, 1)
        >>> np.asarray(layer(image))[0, 0, :, 0]
        array([0.7, 1. ], dtype=float32)
    """

    def __init__(self, factor, value_range=(0, 255), seed=None, **kwargs):
        super().__init__(factor=factor, **kwargs)
        self._init_seed(seed)
        if not isinstance(value_range, (tuple, list)) or len(value_range) != 2:
            raise ValueError(_VALUE_RANGE_ERROR + f"Received: value_range={value_range}")
        self.value_range = sorted(value_range)

    def get_random_transformation(self, images, training=True, rng=None):
        if not training:
            return None
        size = (np.shape(images)[0], 1, 1, 1)
        delta = rng.uniform(self.factor[0], self.factor[1], size=size).astype("float32")
        return delta * np.float32(self.value_range[1] - self.value_range[0])

    def transform_images(self, images, transformation, training=True):
        images = ops.cast(images, self.compute_dtype)
        if not training:
            return images
        shifted = ops.add(images, transformation.astype(ops.dtype(images)))
        return ops.clip(shifted, self.value_range[0], self.value_range[1])

    def get_config(self):
        config = super().get_config()
        config.update({"factor": self.factor, "value_range": self.value_range, "seed": self.seed})
        return config
