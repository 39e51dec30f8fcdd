"""`RandomTranslation`: shifts images by a random offset."""

import numpy as np

from kerasish.layers.preprocessing.image_preprocessing import affine, image_utils
from kerasish.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)

_TRANSLATION_FACTOR_ERROR = (
    "The `factor` argument should be a number (or a list of two numbers) in the range "
    "[-1.0, 1.0]. "
)


class RandomTranslation(BaseImagePreprocessingLayer):
    """Shifts each image during training by a fraction of its height and
    width drawn from the factors' ranges (positive = down / right).

    Images pass through (cast to the layer's dtype) with `training=False`.

    Args:
        height_factor: a number `f` for [-f, f], or a pair `(low, high)`,
            within [-1, 1]: the vertical shift as a fraction of the height.
        width_factor: the same for the horizontal shift.
        fill_mode: `"reflect"` (default), `"wrap"`, `"constant"` or `"nearest"`.
        interpolation: `"bilinear"` (default) or `"nearest"`.
        seed: an int for reproducible shifts, or None for the global random state.
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
        ValueError: if a factor is not a number or pair within [-1, 1].
        NotImplementedError: on an unknown `fill_mode` or `interpolation`.

    Examples:
        >>> layer = keras.layers.RandomTranslation((0.0, 0.0), (0.5, 0.5), fill_mode="constant")
        >>> image = np.arange(1, 5, dtype="float32").reshape(1, 1, 4, 1)
        >>> np.asarray(layer(image))[0, 0, :, 0]
        array([0., 0., 1., 2.], dtype=float32)
    """

    _USE_BASE_FACTOR = False

    def __init__(self, height_factor, width_factor, fill_mode="reflect",
                 interpolation="bilinear", seed=None, fill_value=0.0, data_format=None,
                 **kwargs):
        super().__init__(data_format=data_format, **kwargs)

        def out_of_range(value):
            return value > 1.0 or value < -1.0

        self.height_factor = height_factor
        self.height_lower, self.height_upper = affine.factor_range(
            height_factor, "height_factor", _TRANSLATION_FACTOR_ERROR, out_of_range)
        self.width_factor = width_factor
        self.width_lower, self.width_upper = affine.factor_range(
            width_factor, "width_factor", _TRANSLATION_FACTOR_ERROR, out_of_range)
        affine.check_fill_mode_and_interpolation(fill_mode, interpolation)
        self.fill_mode = fill_mode
        self.fill_value = fill_value
        self.interpolation = interpolation
        self._init_seed(seed)

    def get_random_transformation(self, images, training=True, rng=None):
        if not training:
            return None
        batch = np.shape(images)[0]
        height, width = image_utils.image_size(images, self.data_format)
        dy = rng.uniform(self.height_lower, self.height_upper, size=batch) * height
        dx = rng.uniform(self.width_lower, self.width_upper, size=batch) * width
        return affine.translation_matrices(dx.astype("float32"), dy.astype("float32"))

    transform_images = affine.transform_images

    def get_config(self):
        return affine.height_width_factor_config(self, super().get_config())
