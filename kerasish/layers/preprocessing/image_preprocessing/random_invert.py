"""`RandomInvert`: inverts the colours of some images."""

from kerasish import ops
from kerasish.layers.preprocessing.image_preprocessing.value_range import (
    RandomColorLayer,
    per_image,
)


class RandomInvert(RandomColorLayer):
    """During training, replaces an image `x` by `value_range[1] - x` with
    a probability that is itself drawn, per image, from `factor`.

    With the default `factor=1.0` the probability is uniform in [0, 1], so
    about half of the images are inverted; `factor=(1.0, 1.0)` inverts every
    image. Images pass through unchanged with `training=False`.

    Input shape:
        3D (one image) or 4D (a batch) tensor: `(..., height, width,
        channels)` with `"channels_last"`, `(..., channels, height, width)`
        with `"channels_first"`.

    Output shape:
        The input's shape.

    Args:
        factor: a number `f` in [0, 1] for probabilities in [0, f], or a pair
            `(low, high)` within [0, 1]. 1.0 by default.
        value_range: the (low, high) of the pixel values; `(0, 255)` by default.
        seed: an int for reproducible draws, or None for the global random state.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Returns:
        A layer producing images of the input's shape.

    Raises:
        ValueError: if `factor` is not a number or pair within [0, 1].

    Examples:
        >>> layer = keras.layers.RandomInvert(factor=(1.0, 1.0), value_range=(0, 1))
        >>> image = np.array([[0.25, 1.0]], dtype="float32").reshape(1, 2, 1)
        >>> np.asarray(layer(image))[0, :, 0]
        array([0.75, 0.  ], dtype=float32)
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)
    _SORT_VALUE_RANGE = False  # Keras keeps this layer's value_range as given

    def __init__(self, factor=1.0, value_range=(0, 255), seed=None, data_format=None,
                 **kwargs):
        super().__init__(factor, value_range, data_format=data_format, seed=seed, **kwargs)

    def get_random_transformation(self, images, training=True, rng=None):
        if not training:
            return None
        batch = ops.shape(images)[0]
        probability = rng.uniform(self.factor[0], self.factor[1], batch)
        return per_image(rng.uniform(0, 1, batch) < probability, "bool")

    def transform_images(self, images, transformation, training=True):
        if not training:
            return images
        images = ops.cast(images, self.compute_dtype)
        return ops.where(transformation, ops.subtract(self.value_range[1], images), images)
