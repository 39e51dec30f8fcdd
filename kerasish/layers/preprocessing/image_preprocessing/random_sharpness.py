"""`RandomSharpness`: blurs or sharpens images by a random amount."""

import numpy as np

from kerasish import ops
from kerasish.layers.preprocessing.image_preprocessing.value_range import (
    RandomColorLayer,
    per_image,
)

# The 3x3 smoothing kernel of PIL's ImageEnhance.Sharpness (and Keras's).
_EDGE, _CENTRE = 1.0 / 13.0, 5.0 / 13.0
_SMOOTHING = np.array([[_EDGE, _EDGE, _EDGE], [_EDGE, _CENTRE, _EDGE], [_EDGE, _EDGE, _EDGE]])


class RandomSharpness(RandomColorLayer):
    """During training, computes `x + (1 - 2 f) * (smooth(x) - x)` per image,
    `f` drawn from `factor` and `smooth` a 3x3 blur with zero padding, then
    clips to `value_range`: `f = 0` blurs, `f = 0.5` keeps the image and
    `f = 1` sharpens it.

    The images are cast to the layer's dtype, in inference (where they pass
    through) too.

    Input shape:
        3D (one image) or 4D (a batch) tensor: `(..., height, width,
        channels)` with `"channels_last"`, `(..., channels, height, width)`
        with `"channels_first"`.

    Output shape:
        The input's shape, in the layer's compute dtype.

    Args:
        factor: a number `f` in [0, 1] for [0, f], or a pair `(low, high)`
            within [0, 1].
        value_range: the (low, high) the results are clipped to; `(0, 255)`
            by default.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        seed: an int for reproducible draws, or None for the global random state.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Returns:
        A layer producing images of the input's shape.

    Raises:
        ValueError: if `factor` is not a number or pair within [0, 1], or
            `value_range` is not a pair.

    Examples:
        >>> layer = keras.layers.RandomSharpness(factor=(0.0, 0.0))
        >>> image = np.zeros((3, 3, 1), dtype="float32")
        >>> image[1, 1, 0] = 130.0
        >>> np.asarray(layer(image))[:, :, 0]
        array([[10., 10., 10.],
               [10., 50., 10.],
               [10., 10., 10.]], dtype=float32)
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

    def get_random_transformation(self, images, training=True, rng=None):
        draws = rng.uniform(self.factor[0], self.factor[1], ops.shape(images)[0])
        return {"factor": draws.astype("float32")}

    def transform_images(self, images, transformation=None, training=True):
        dtype = self.compute_dtype
        images = ops.cast(images, dtype)
        if not training:
            return images
        if self.data_format == "channels_first":
            images = ops.swapaxes(images, -3, -1)
        blend = per_image(1.0 - transformation["factor"] * 2, dtype)
        channels = ops.shape(images)[-1]
        kernel = np.tile(_SMOOTHING.astype(dtype).reshape(3, 3, 1, 1), (1, 1, channels, 1))
        smoothed = ops.depthwise_conv(images, kernel, strides=1, padding="same",
                                      data_format="channels_last")
        images = ops.add(images, ops.multiply(blend, ops.subtract(smoothed, images)))
        images = ops.clip(images, self.value_range[0], self.value_range[1])
        if self.data_format == "channels_first":
            images = ops.swapaxes(images, -3, -1)
        return images
