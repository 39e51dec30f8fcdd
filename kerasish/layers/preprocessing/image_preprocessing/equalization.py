"""`Equalization`: histogram equalization of every image channel."""

import numpy as np

from kerasish import ops
from kerasish.layers.preprocessing.image_preprocessing.value_range import (
    ColorLayer,
    channel_axis,
    check_value_range,
)


class Equalization(ColorLayer):
    """Spreads each channel's values so that their histogram becomes as
    flat as possible, which raises the contrast of crowded intensities.

    As in Keras one histogram of `bins` bins over (0, 255) (after mapping
    `value_range` there) is counted per channel for the whole batch, and a
    channel whose values all fall in one bin is left as it is. The layer
    transforms when `training` is True or not given, and passes images
    through unchanged with `training=False` (in `predict` and `evaluate`).

    Input shape:
        3D (one image) or 4D (a batch) tensor: `(..., height, width,
        channels)` with `"channels_last"`, `(..., channels, height, width)`
        with `"channels_first"`.

    Output shape:
        The input's shape.

    Args:
        value_range: the (low, high) of the pixel values; `(0, 255)` by default.
        bins: the number of histogram bins; 256 by default.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Returns:
        A layer producing images of the input's shape.

    Raises:
        ValueError: if `value_range` is not a list or tuple of two numbers.

    Examples:
        >>> layer = keras.layers.Equalization()
        >>> image = np.array([0.0, 0.0, 10.0, 20.0], dtype="float32").reshape(1, 4, 1)
        >>> np.asarray(layer(image))[0, :, 0]
        array([  0.,   0., 128., 255.], dtype=float32)
    """

    _USE_BASE_FACTOR = False

    def __init__(self, value_range=(0, 255), bins=256, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.bins = bins
        self.value_range = check_value_range(value_range)

    def transform_images(self, images, transformation=None, training=True):
        if not training:
            return images
        images = np.asarray(ops.convert_to_numpy(images), dtype=self.compute_dtype)
        axis = channel_axis(self.data_format)
        channels = [self._equalize_channel(np.take(images, i, axis=axis))
                    for i in range(images.shape[axis])]
        return np.stack(channels, axis=axis).astype(self.compute_dtype)

    def _equalize_channel(self, channel):
        """One channel of the whole batch, equalized with one shared lookup table."""
        low, high = self.value_range
        # Keras compares the sorted list with a tuple, so it always rescales.
        channel = _rescale(channel, (low, high), (0, 255))
        histogram = self._histogram(channel)
        if np.count_nonzero(histogram) <= 1:
            equalized = channel.astype(np.float64)
        else:
            equalized = self._lookup(channel, histogram)
        return _rescale(equalized, (0, 255), (low, high))

    def _histogram(self, channel):
        scaled = channel.astype(np.float32) * np.float32(self.bins - 1) / np.float32(255)
        indices = np.clip(scaled.astype(np.int32), 0, self.bins - 1)
        return np.bincount(indices.ravel(), minlength=self.bins)

    def _lookup(self, channel, histogram):
        cdf = np.cumsum(histogram)
        cdf_min = cdf[np.nonzero(cdf)[0][0]]
        denominator = max(cdf[-1] - cdf_min, 1)
        # Integer counts divided as TensorFlow divides int32s: in float64.
        table = np.clip(np.round((cdf - cdf_min) * 255 / np.float64(denominator)), 0, 255)
        positions = channel / np.float32(255.0) * np.float32(self.bins - 1)
        indices = np.clip(positions, 0, self.bins - 1).astype(np.int32)
        return table[indices]

    def get_config(self):
        config = super().get_config()
        config.update({"bins": self.bins, "value_range": self.value_range})
        return config


def _rescale(values, source_range, target_range):
    """Keras's `_scale_values`: Python-float scale and offset, applied in the
    values' own precision."""
    scale = (target_range[1] - target_range[0]) / (source_range[1] - source_range[0])
    offset = target_range[0] - source_range[0] * scale
    return values * values.dtype.type(scale) + values.dtype.type(offset)
