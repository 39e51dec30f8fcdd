"""`RandomCrop`: crops a random window of each batch."""

import random as python_random

import numpy as np

from kerasish import ops
from kerasish.layers.preprocessing.image_preprocessing import image_utils
from kerasish.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)
from kerasish.layers.preprocessing.image_preprocessing.resizing import Resizing


class RandomCrop(BaseImagePreprocessingLayer):
    """During training, crops a random `height` x `width` window (one window
    position for the whole batch, as Keras draws it).

    When the images are not larger than the target in both dimensions, the
    largest centred window of the target aspect ratio is cropped and
    resized instead. With `training=False` images pass through unchanged
    (Keras 3 does not crop at inference either).

    Args:
        height: the output height, an int.
        width: the output width, an int.
        seed: an int for reproducible windows; None draws one at
            construction, as Keras does (so the config always has a seed).
        data_format: `"channels_last"` (default) or `"channels_first"`.
        name: the layer's name.
        **kwargs: Base layer keyword arguments such as `dtype`.

    Returns:
        A layer producing `height` x `width` images in training.

    Input shape:
        A 4-D batch of images `(batch_size, height, width, channels)` or a single
        3-D image `(height, width, channels)` with `data_format="channels_last"`
        (the default); `(batch_size, channels, height, width)` or
        `(channels, height, width)` with `"channels_first"`.

    Output shape:
        `(batch_size, height, width, channels)` (or without the batch axis for a
        single image) with `"channels_last"`,
        `(batch_size, channels, height, width)` with `"channels_first"`.

    Raises:
        ValueError: on inputs that are not 3-D or 4-D.

    Examples:
        >>> layer = keras.layers.RandomCrop(2, 2, seed=0)
        >>> images = np.zeros((3, 5, 6, 1), dtype="float32")
        >>> np.asarray(layer(images)).shape, np.asarray(layer(images, training=False)).shape
        ((3, 2, 2, 1), (3, 5, 6, 1))
    """

    _USE_BASE_FACTOR = False

    def __init__(self, height, width, seed=None, data_format=None, name=None, **kwargs):
        super().__init__(name=name, data_format=data_format, **kwargs)
        self.height = height
        self.width = width
        self._init_seed(seed)
        if seed is None:
            self.seed = python_random.randint(1, int(1e9))
        self.supports_masking = False

    def get_random_transformation(self, images, training=True, rng=None):
        height, width = image_utils.image_size(images, self.data_format)
        if training and height > self.height and width > self.width:
            top = int(rng.uniform(0, float(height - self.height + 1)))
            left = int(rng.uniform(0, float(width - self.width + 1)))
            return top, left
        return image_utils.aspect_ratio_crop_box(height, width, self.height, self.width)[:2]

    def transform_images(self, images, transformation, training=True):
        if not training:
            return images
        images = ops.cast(images, self.compute_dtype)
        top, left = transformation
        # A target-sized window from (top, left), cut short by the image's
        # edges (small images are then resized up, as in Keras).
        height, width = image_utils.image_size(images, self.data_format)
        images = image_utils.crop(images, top, left, min(self.height, height - top),
                                  min(self.width, width - left), self.data_format)
        if image_utils.image_size(images, self.data_format) != (self.height, self.width):
            images = image_utils.resize(images, (self.height, self.width),
                                        data_format=self.data_format)
        return images

    compute_output_shape = Resizing.compute_output_shape

    def get_config(self):
        config = super().get_config()
        config.update({"height": self.height, "width": self.width, "seed": self.seed,
                       "data_format": self.data_format})
        return config
