"""`RandomContrast`: scales each image's deviation from its mean at random."""

import numpy as np

from kerasish import ops
from kerasish.layers.preprocessing.image_preprocessing import image_utils
from kerasish.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)


class RandomContrast(BaseImagePreprocessingLayer):
    """During training, computes `(x - mean) * c + mean` per image and
    channel, with `c` drawn from `[1 - factor[0], 1 + factor[1]]` and the
    mean taken over height and width, then clips to `value_range`.

    Images pass through unchanged with `training=False`.

    Args:
        factor: a number `f` in [0, 1] (the range is then `[0, f]`, as in
            Keras), or a pair `(low, high)` within [0, 1].
        value_range: the (min, max) the outputs are clipped to; (0, 255) by
            default.
        seed: an int for reproducible draws, or None for the global random state.
        **kwargs: Base layer keyword arguments such as `name`, `dtype` and
            `data_format`.

    Returns:
        A layer producing images of the input's shape.

    Input shape:
        A 4-D batch of images `(batch_size, height, width, channels)` or a single
        3-D image `(height, width, channels)` when
        `keras.config.image_data_format()` is `"channels_last"`;
        `(batch_size, channels, height, width)` or `(channels, height, width)` when
        it is `"channels_first"`.

    Output shape:
        The input's shape.

    Raises:
        ValueError: if `factor` is not a number or pair within [0, 1].

    Examples:
        >>> layer = keras.layers.RandomContrast(factor=(0.0, 0.0), value_range=(0, 1))
        >>> image = np.array([[0.2, 0.6]], dtype="float32").reshape(1, 1, 2, 1)
        >>> np.asarray(layer(image))[0, 0, :, 0]
        array([0.2, 0.6], dtype=float32)
    """

    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor, value_range=(0, 255), seed=None, **kwargs):
        super().__init__(**kwargs)
        self._set_factor(factor)
        self.value_range = value_range
        self._init_seed(seed)

    def get_random_transformation(self, images, training=True, rng=None):
        if not training:
            return None
        size = (np.shape(images)[0], 1, 1, 1)
        return rng.uniform(1.0 - self.factor[0], 1.0 + self.factor[1], size=size).astype(
            self.compute_dtype)

    def transform_images(self, images, transformation, training=True):
        if not training:
            return images
        images = ops.cast(images, self.compute_dtype)
        h_axis, w_axis = image_utils.spatial_axes(self.data_format)
        mean = ops.mean(ops.mean(images, axis=h_axis, keepdims=True), axis=w_axis, keepdims=True)
        adjusted = ops.add(ops.multiply(ops.subtract(images, mean), transformation), mean)
        return ops.clip(adjusted, self.value_range[0], self.value_range[1])

    def get_config(self):
        config = super().get_config()
        config.update({"factor": self.factor, "value_range": self.value_range, "seed": self.seed})
        return config
