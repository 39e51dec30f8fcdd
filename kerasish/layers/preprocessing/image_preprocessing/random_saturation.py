"""`RandomSaturation`: scales the saturation of images at random."""

import numpy as np

from kerasish import ops
from kerasish.layers.preprocessing.image_preprocessing import hsv
from kerasish.layers.preprocessing.image_preprocessing.value_range import RandomColorLayer

_EPSILON = 1e-7  # keras.config.epsilon()


class RandomSaturation(RandomColorLayer):
    """During training, multiplies each image's HSV saturation by
    `f / (1 - f)`, with `f` drawn per image from `factor`, and clips it to
    `value_range`: `f = 0.5` keeps the image, `f = 0` makes it grey and
    `f = 1` saturates it fully.

    Images pass through unchanged with `training=False`.

    Input shape:
        3D (one image) or 4D (a batch) tensor of floats with 3 channels:
        `(..., height, width, 3)` with `"channels_last"`, `(..., 3, height,
        width)` with `"channels_first"`.

    Output shape:
        The input's shape.

    Args:
        factor: a number `f` in [-1, 1] for [-f, f] (Keras's bounds; negative
            draws give grey images), or a pair `(low, high)`; `(0.5, 0.5)` is
            a no-op.
        value_range: the (low, high) the saturation is clipped to; `(0, 255)`
            by default.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        seed: an int for reproducible draws, or None for the global random state.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Returns:
        A layer producing images of the input's shape.

    Raises:
        ValueError: if `factor` is not a number or pair within [-1, 1], or
            `value_range` is not a pair.

    Examples:
        >>> layer = keras.layers.RandomSaturation(factor=(0.0, 0.0))
        >>> image = np.array([[[200.0, 100.0, 50.0]]], dtype="float32")
        >>> np.asarray(layer(image))
        array([[[200., 200., 200.]]], dtype=float32)
    """

    def get_random_transformation(self, images, training=True, rng=None):
        draws = rng.uniform(self.factor[0], self.factor[1], ops.shape(images)[0])
        draws = draws.astype("float32")
        scales = draws / (np.float32(1) - draws + np.float32(_EPSILON))
        return {"factor": scales.reshape(-1, 1, 1)}

    def transform_images(self, images, transformation=None, training=True):
        if not training:
            return images
        scales = ops.cast(transformation["factor"], self.compute_dtype)
        hue, saturation, value = hsv.rgb_to_hsv_channels(images, self.data_format)
        saturation = ops.clip(ops.multiply(saturation, scales), *self.value_range)
        return hsv.hsv_channels_to_rgb(hue, saturation, value, self.data_format)
