"""Images as separate hue, saturation and value channels, for the layers
that edit one of them (RandomSaturation, RandomHue).

TensorFlow defines no gradient for its HSV-to-RGB conversion, so in Keras
nothing flows back through these layers; the NumPy conversions of
`kerasish.ops.image` give the same (zero) gradients."""

import numpy as np

from kerasish import ops
from kerasish.layers.preprocessing.image_preprocessing.value_range import channel_axis


def rgb_to_hsv_channels(images, data_format):
    """(hue, saturation, value) of a 4-D float RGB batch, each (batch, h, w)."""
    hsv = ops.image.rgb_to_hsv(ops.convert_to_numpy(images), data_format=data_format)
    axis = channel_axis(data_format)
    return tuple(np.take(hsv, i, axis=axis) for i in range(3))


def hsv_channels_to_rgb(hue, saturation, value, data_format):
    channels = [np.asarray(ops.convert_to_numpy(c)) for c in (hue, saturation, value)]
    hsv = np.stack(channels, axis=channel_axis(data_format))
    return ops.image.hsv_to_rgb(hsv, data_format=data_format)
