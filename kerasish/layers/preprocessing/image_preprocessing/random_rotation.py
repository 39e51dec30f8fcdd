"""`RandomRotation`: rotates images by a random angle."""

import numpy as np

from kerasish.layers.preprocessing.image_preprocessing import affine, image_utils
from kerasish.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)


class RandomRotation(BaseImagePreprocessingLayer):
    """Rotates each image about its centre by an angle drawn uniformly from
    `factor * 360` degrees during training (positive = counter-clockwise).

    The rotation is TensorFlow's projective transform with Keras's
    `fill_mode` and `interpolation` semantics; a fixed factor (`factor=(f, f)`)
    gives exactly Keras's result. Images pass through (cast to the layer's
    dtype) with `training=False`.

    Args:
        factor: a fraction of a full turn: a number `f` for [-f, f], or a
            pair `(low, high)`, within [-1, 1].
        fill_mode: how points outside the image are filled: `"reflect"`
            (default), `"wrap"`, `"constant"` or `"nearest"`.
        interpolation: `"bilinear"` (default) or `"nearest"`.
        seed: an int for reproducible rotations, or None for the global
            random state.
        fill_value: the value outside the image with `fill_mode="constant"`.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Returns:
        A layer producing images of the input's shape.

    Input shape:
        A 4-D batch of images `(batch_size, height, width, channels)` or a single
        3-D image `(height, width, channels)` with `data_format="channels_last"`
        (the default); `(batch_size, channels, height, width)` or
        `(channels, height, width)` with `"channels_first"`.

    Output shape:
        The input's shape.

    Raises:
        ValueError: if `factor` is not a number or pair within [-1, 1].
        NotImplementedError: on an unknown `fill_mode` or `interpolation`
            (Keras's exception type).

    Examples:
        >>> layer = keras.layers.RandomRotation(factor=(0.25, 0.25))
        >>> image = np.array([[1, 2], [3, 4]], dtype="float32").reshape(1, 2, 2, 1)
        >>> np.round(np.asarray(layer(image))[0, :, :, 0], 4)
        array([[2., 4.],
               [1., 3.]], dtype=float32)
    """

    def __init__(self, factor, fill_mode="reflect", interpolation="bilinear", seed=None,
                 fill_value=0.0, data_format=None, **kwargs):
        super().__init__(factor=factor, data_format=data_format, **kwargs)
        self._init_seed(seed)
        affine.check_fill_mode_and_interpolation(fill_mode, interpolation)
        self.fill_mode = fill_mode
        self.interpolation = interpolation
        self.fill_value = fill_value

    def get_random_transformation(self, images, training=True, rng=None):
        if not training:
            return None
        lower, upper = self.factor[0] * 360.0, self.factor[1] * 360.0
        angles = rng.uniform(lower, upper, size=np.shape(images)[0]).astype("float32")
        height, width = image_utils.image_size(images, self.data_format)
        return affine.rotation_matrices(angles, height, width)

    transform_images = affine.transform_images

    def get_config(self):
        config = super().get_config()
        config.update({
            "factor": self.factor,
            "data_format": self.data_format,
            "fill_mode": self.fill_mode,
            "fill_value": self.fill_value,
            "interpolation": self.interpolation,
            "seed": self.seed,
        })
        return config
