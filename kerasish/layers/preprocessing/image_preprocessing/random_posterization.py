"""`RandomPosterization`: keeps only the top bits of every colour value."""

import numpy as np

from kerasish import ops
from kerasish.layers.preprocessing.image_preprocessing.value_range import (
    RandomColorLayer,
    transform_value_range,
)

_BITS = 8


class RandomPosterization(RandomColorLayer):
    """During training, maps the pixels to (0, 255), truncates them to
    integers and clears all but their `b` highest of 8 bits, `b` drawn per
    image from `factor`, then maps them back to `value_range`.

    As in Keras, `b` is drawn from `[factor[0], factor[1])` (upper bound
    excluded) when the bounds differ; `factor=(b, b)` always keeps `b` bits.
    Images pass through unchanged with `training=False`.

    Input shape:
        3D (one image) or 4D (a batch) tensor: `(..., height, width,
        channels)` with `"channels_last"`, `(..., channels, height, width)`
        with `"channels_first"`.

    Output shape:
        The input's shape, in the layer's compute dtype.

    Args:
        factor: the number of bits to keep, 1 to 8: a number `b` for [1, b),
            or a pair `(low, high)`.
        value_range: the (low, high) of the pixel values; `(0, 255)` by default.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        seed: an int for reproducible draws, or None for the global random state.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Returns:
        A layer producing images of the input's shape.

    Raises:
        ValueError: if `factor` is not a number or pair within [1, 8], or
            `value_range` is not a pair.

    Examples:
        >>> layer = keras.layers.RandomPosterization(factor=(2, 2))
        >>> image = np.array([[[63.0, 64.0, 255.0]]], dtype="float32")
        >>> np.asarray(layer(image))
        array([[[  0.,  64., 192.]]], dtype=float32)
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (1, 8)

    def get_random_transformation(self, images, training=True, rng=None):
        batch = ops.shape(images)[0]
        low, high = self.factor
        if low != high:
            bits = rng.integers(int(low), int(high), batch)
        else:
            bits = np.full(batch, low)
        return {"shift_factor": (_BITS - np.asarray(bits)).astype("uint8")}

    def transform_images(self, images, transformation=None, training=True):
        if not training:
            return images
        dtype = self.compute_dtype
        shift = transformation["shift_factor"].reshape(-1, 1, 1, 1)
        scaled = transform_value_range(images, self.value_range, (0, 255), dtype)
        with np.errstate(invalid="ignore"):
            pixels = np.asarray(ops.convert_to_numpy(scaled)).astype("uint8")
        posterized = np.left_shift(np.right_shift(pixels, shift), shift).astype(dtype)
        return transform_value_range(posterized, (0, 255), self.value_range, dtype)
