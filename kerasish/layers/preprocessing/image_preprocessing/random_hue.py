"""`RandomHue`: turns the hue of images around the colour circle."""

import numpy as np

from kerasish import ops
from kerasish.layers.preprocessing.image_preprocessing import hsv
from kerasish.layers.preprocessing.image_preprocessing.value_range import (
    RandomColorLayer,
    transform_value_range,
)


class RandomHue(RandomColorLayer):
    """During training, adds to each image's hue (in turns, [0, 1)) a delta
    of random sign and magnitude `f / 2`, `f` drawn per image from `factor`,
    wrapping around the colour circle.

    The images are mapped from `value_range` to [0, 1] for the HSV
    conversion and back. `factor=0` is a no-op and `factor=(1, 1)` turns
    every hue halfway. Images pass through unchanged with `training=False`.

    Input shape:
        3D (one image) or 4D (a batch) tensor with 3 channels: `(...,
        height, width, 3)` with `"channels_last"`, `(..., 3, height, width)`
        with `"channels_first"`.

    Output shape:
        The input's shape, in the layer's compute dtype.

    Args:
        factor: a number `f` in [0, 1] for [0, f], or a pair `(low, high)`
            within [0, 1].
        value_range: the (low, high) of the pixel values; `(0, 255)` by default.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        seed: an int for reproducible draws, or None for the global random state.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Returns:
        A layer producing images of the input's shape.

    Raises:
        ValueError: if `factor` is not a number or pair within [0, 1].

    Examples:
        >>> layer = keras.layers.RandomHue(factor=(1.0, 1.0), value_range=(0, 1))
        >>> image = np.array([[[1.0, 0.0, 0.0]]], dtype="float32")
        >>> np.asarray(layer(image))
        array([[[0., 1., 1.]]], dtype=float32)
    """

    _FACTOR_BOUNDS = (0, 1)
    _SORT_VALUE_RANGE = False  # Keras keeps this layer's value_range as given

    def get_random_transformation(self, images, training=True, rng=None):
        batch = ops.shape(images)[0]
        signs = np.where(rng.uniform(0, 1, batch) > 0.5, -1.0, 1.0)
        magnitudes = rng.uniform(self.factor[0], self.factor[1], batch)
        return {"factor": (signs * magnitudes * 0.5).astype("float32").reshape(-1, 1, 1)}

    def transform_images(self, images, transformation=None, training=True):
        if not training:
            return images
        dtype = self.compute_dtype
        images = transform_value_range(ops.cast(images, dtype), self.value_range, (0, 1))
        hue, saturation, value = hsv.rgb_to_hsv_channels(images, self.data_format)
        hue = ops.add(hue, ops.cast(transformation["factor"], dtype))
        hue = ops.where(ops.greater(hue, 1.0), ops.subtract(hue, 1.0), hue)
        hue = ops.where(ops.less(hue, 0.0), ops.add(hue, 1.0), hue)
        rgb = hsv.hsv_channels_to_rgb(hue, saturation, value, self.data_format)
        rgb = transform_value_range(ops.clip(rgb, 0, 1), (0, 1), self.value_range)
        return ops.cast(rgb, dtype)
