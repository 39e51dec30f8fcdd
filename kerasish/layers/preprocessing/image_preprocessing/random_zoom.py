"""`RandomZoom`: zooms images in or out by a random factor."""

import numpy as np

from kerasish.layers.preprocessing.image_preprocessing import affine, image_utils
from kerasish.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)

_ZOOM_FACTOR_ERROR = (
    "The `height_factor` and `width_factor` arguments should be a number (or a list of two "
    "numbers) in the range (-1.0, 1.0]. "
)


class RandomZoom(BaseImagePreprocessingLayer):
    """Zooms each image about its centre during training.

    A factor is a fraction: a value `z` drawn from the factor's range samples
    an area `1 + z` times the image's size, so negative values zoom in and
    positive values zoom out (as in Keras). Without `width_factor` the
    width zooms with the height, keeping the aspect ratio. Images pass
    through (cast to the layer's dtype) with `training=False`.

    Args:
        height_factor: a number `f` for [-f, f], or a pair `(low, high)`,
            within (-1, 1].
        width_factor: the same for the width, or None to follow the height.
        fill_mode: `"reflect"` (default), `"wrap"`, `"constant"` or `"nearest"`.
        interpolation: `"bilinear"` (default) or `"nearest"`.
        seed: an int for reproducible zooms, or None for the global random state.
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
        ValueError: if a factor is not a number or pair within (-1, 1].
        NotImplementedError: on an unknown `fill_mode` or `interpolation`.

    Examples:
        >>> layer = keras.layers.RandomZoom((-0.5, -0.5), interpolation="nearest")
        >>> image = np.arange(16, dtype="float32").reshape(1, 4, 4, 1)
        >>> np.asarray(layer(image))[0, :, :, 0]
        array([[ 5.,  5.,  6.,  6.],
               [ 5.,  5.,  6.,  6.],
               [ 9.,  9., 10., 10.],
               [ 9.,  9., 10., 10.]], dtype=float32)
    """

    _USE_BASE_FACTOR = False

    def __init__(self, height_factor, width_factor=None, fill_mode="reflect",
                 interpolation="bilinear", seed=None, fill_value=0.0, data_format=None,
                 **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.height_factor = height_factor
        self.height_lower, self.height_upper = affine.factor_range(
            height_factor, "height_factor", _ZOOM_FACTOR_ERROR, lambda v: v > 1.0 or v <= -1.0)
        self.width_factor = width_factor
        if width_factor is not None:
            self.width_lower, self.width_upper = affine.factor_range(
                width_factor, "width_factor", _ZOOM_FACTOR_ERROR,
                lambda v: v > 1.0 or v <= -1.0)
        affine.check_fill_mode_and_interpolation(fill_mode, interpolation)
        self.fill_mode = fill_mode
        self.fill_value = fill_value
        self.interpolation = interpolation
        self._init_seed(seed)

    def get_random_transformation(self, images, training=True, rng=None):
        if not training:
            return None
        batch = np.shape(images)[0]
        height_zoom = rng.uniform(1.0 + self.height_lower, 1.0 + self.height_upper, size=batch)
        if self.width_factor is not None:
            width_zoom = rng.uniform(1.0 + self.width_lower, 1.0 + self.width_upper, size=batch)
        else:
            width_zoom = height_zoom
        height, width = image_utils.image_size(images, self.data_format)
        return affine.zoom_matrices(width_zoom.astype("float32"), height_zoom.astype("float32"),
                                    height, width)

    transform_images = affine.transform_images

    def get_config(self):
        return affine.height_width_factor_config(self, super().get_config())
