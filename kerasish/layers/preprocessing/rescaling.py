"""`Rescaling`: multiplies inputs by a scale and adds an offset."""

import numpy as np

from kerasish import ops
from kerasish.backend import config as backend_config
from kerasish.layers.layer import Layer


class Rescaling(Layer):
    """Computes `inputs * scale + offset`, usually to bring pixel values to [0, 1] or [-1, 1].

    Integer inputs are cast to the layer's dtype first. `scale` and `offset`
    may be per-channel lists; with `channels_first` images a per-channel
    scale is reshaped to broadcast over height and width, as Keras does.

    Args:
        scale: a number (or a list of numbers) to multiply the inputs by.
        offset: a number (or a list of numbers) added after scaling.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Returns:
        A layer whose output has the input's shape and the layer's dtype.

    Input shape:
        Any shape.

    Output shape:
        The input's shape.

    Examples:
        >>> layer = keras.layers.Rescaling(1.0 / 255)
        >>> np.asarray(layer(np.array([[0, 51, 255]], dtype="uint8")))
        array([[0. , 0.2, 1. ]], dtype=float32)
    """


    def __init__(self, scale, offset=0.0, **kwargs):
        super().__init__(**kwargs)
        self.scale = scale
        self.offset = offset
        self.supports_masking = True

    def call(self, inputs):
        dtype = self.compute_dtype
        scale = np.asarray(self.scale, dtype=dtype)
        offset = np.asarray(self.offset, dtype=dtype)
        if scale.ndim > 0 and backend_config.image_data_format() == "channels_first":
            scale = scale.reshape(scale.shape + (1,) * (3 - scale.ndim))
        return ops.add(ops.multiply(ops.cast(inputs, dtype), scale), offset)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        from kerasish.saving.serialization_lib import serialize_keras_object

        config = super().get_config()
        config.update({
            "scale": serialize_keras_object(self.scale),
            "offset": serialize_keras_object(self.offset),
        })
        return config
