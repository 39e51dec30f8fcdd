"""`AutoContrast`: stretches every image channel over the whole value range."""

import numpy as np

from kerasish import ops
from kerasish.layers.preprocessing.image_preprocessing.value_range import (
    ColorLayer,
    check_value_range,
    transform_value_range,
)


class AutoContrast(ColorLayer):
    """Maps the darkest value of each image channel to the bottom of
    `value_range` and the brightest to its top, linearly in between.

    It is deterministic and active in training and inference alike. As in
    Keras the minimum and maximum are taken over axes 1 and 2 of the batch
    (height and width for `"channels_last"`); a channel with a single value
    has nothing to stretch and is returned as it came.

    Input shape:
        3D (one image) or 4D (a batch) tensor: `(..., height, width,
        channels)` with `"channels_last"`, `(..., channels, height, width)`
        with `"channels_first"`.

    Output shape:
        The input's shape, in the layer's compute dtype.

    Args:
        value_range: the (low, high) of the pixel values, e.g. `(0, 255)`
            (default) or `(0, 1)`.
        **kwargs: Base layer keyword arguments such as `name`, `dtype` and
            `data_format`.

    Returns:
        A layer producing images of the input's shape.

    Raises:
        ValueError: if `value_range` is not a list or tuple of two numbers.

    Examples:
        >>> layer = keras.layers.AutoContrast(value_range=(0, 255))
        >>> image = np.array([[50.0, 100.0, 150.0]], dtype="float32").reshape(1, 3, 1)
        >>> np.asarray(layer(image))[0, :, 0]
        array([  0. , 127.5, 255. ], dtype=float32)
    """

    _USE_BASE_FACTOR = False

    def __init__(self, value_range=(0, 255), **kwargs):
        super().__init__(**kwargs)
        self.value_range = check_value_range(value_range)

    def transform_images(self, images, transformation=None, training=True):
        original = images
        dtype = self.compute_dtype
        images = transform_value_range(images, self.value_range, (0, 255), dtype=dtype)
        images = ops.cast(images, dtype)
        low = ops.min(images, axis=(1, 2), keepdims=True)
        high = ops.max(images, axis=(1, 2), keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            # A flat channel makes 0 * inf: NaN, which selects the input below.
            scale = ops.divide(np.asarray(255.0, dtype), ops.subtract(high, low))
            offset = ops.multiply(ops.negative(low), scale)
            stretched = ops.clip(ops.add(ops.multiply(images, scale), offset), 0.0, 255.0)
        results = transform_value_range(stretched, (0, 255), self.value_range, dtype=dtype)
        return ops.where(ops.isnan(results), ops.cast(original, dtype), results)

    def get_config(self):
        config = super().get_config()
        config["value_range"] = self.value_range
        return config
