"""`RandomFlip`: flips images horizontally and/or vertically at random."""

import numpy as np

from kerasish import ops
from kerasish.layers.preprocessing.image_preprocessing import image_utils
from kerasish.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)

HORIZONTAL = "horizontal"
VERTICAL = "vertical"
HORIZONTAL_AND_VERTICAL = "horizontal_and_vertical"


class RandomFlip(BaseImagePreprocessingLayer):
    """Flips each image with probability 1/2 during training.

    With `"horizontal_and_vertical"` one draw decides both flips of an image.
    Like every augmentation layer it transforms when called directly or
    inside `fit`, and passes images through (cast to the layer's dtype) with
    `training=False`, in `predict` and in `evaluate`.

    Args:
        mode: `"horizontal"`, `"vertical"` or `"horizontal_and_vertical"`
            (default).
        seed: an int for a reproducible sequence of flips, or None to draw
            from the global random state (see `keras.utils.set_random_seed`).
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
        ValueError: on an unknown `mode`, or inputs that are not 3-D or 4-D.

    Examples:
        >>> layer = keras.layers.RandomFlip("horizontal", seed=0)
        >>> image = np.arange(4, dtype="float32").reshape(1, 1, 4, 1)
        >>> np.asarray(layer(image, training=False))[0, 0, :, 0]
        array([0., 1., 2., 3.], dtype=float32)
        >>> sorted({np.asarray(layer(image))[0, 0, 0, 0].item() for _ in range(10)})
        [0.0, 3.0]
    """

    _USE_BASE_FACTOR = False

    def __init__(self, mode=HORIZONTAL_AND_VERTICAL, seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        if mode not in (HORIZONTAL, VERTICAL, HORIZONTAL_AND_VERTICAL):
            raise ValueError(
                f"RandomFlip layer {self.name} received an unknown mode argument {mode}"
            )
        self._init_seed(seed)
        self.mode = mode

    def get_random_transformation(self, images, training=True, rng=None):
        if not training:
            return None
        return rng.uniform(size=np.shape(images)[0]) <= 0.5

    def transform_images(self, images, transformation, training=True):
        images = ops.cast(images, self.compute_dtype)
        if not training:
            return images
        h_axis, w_axis = image_utils.spatial_axes(self.data_format)
        height, width = image_utils.image_size(images, self.data_format)
        flips = transformation
        # A flip is a gather with reversed indices for the flipped images.
        if self.mode in (HORIZONTAL, HORIZONTAL_AND_VERTICAL):
            images = _flip_some(images, flips, w_axis, width)
        if self.mode in (VERTICAL, HORIZONTAL_AND_VERTICAL):
            images = _flip_some(images, flips, h_axis, height)
        return images

    def get_config(self):
        config = super().get_config()
        config.update({"seed": self.seed, "mode": self.mode, "data_format": self.data_format})
        return config


def _flip_some(images, flips, axis, size):
    if not flips.any():
        return images
    flipped = ops.take(images, np.arange(size)[::-1], axis=axis)
    return ops.where(flips.reshape(-1, 1, 1, 1), flipped, images)
