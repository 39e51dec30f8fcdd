"""`RandomGrayscale`: turns some images grey, keeping their channels."""

import numbers

from kerasish import ops
from kerasish.layers.preprocessing.image_preprocessing.value_range import ColorLayer, per_image


class RandomGrayscale(ColorLayer):
    """During training, replaces each image, with probability `factor`, by
    its luminance `0.2989 R + 0.5870 G + 0.1140 B` repeated in every channel.

    The dtype is kept (integer images are converted and truncated back, as
    in Keras). Images pass through unchanged with `training=False`.

    Input shape:
        3D (one image) or 4D (a batch) tensor: `(..., height, width,
        channels)` with `"channels_last"`, `(..., channels, height, width)`
        with `"channels_first"`; 3 channels (1 channel passes through).

    Output shape:
        The input's shape: grey images keep their 3 channels.

    Args:
        factor: the probability, in [0, 1], that an image is converted; 0.5
            by default.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        seed: an int for reproducible draws, or None for the global random state.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Returns:
        A layer producing images of the input's shape.

    Raises:
        ValueError: if `factor` is not between 0 and 1.

    Examples:
        >>> layer = keras.layers.RandomGrayscale(factor=1.0)
        >>> image = np.array([[[1.0, 0.0, 0.0]]], dtype="float32")
        >>> np.asarray(layer(image))
        array([[[0.2989, 0.2989, 0.2989]]], dtype=float32)
    """

    _USE_BASE_FACTOR = False

    def __init__(self, factor=0.5, data_format=None, seed=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        if not isinstance(factor, numbers.Real) or factor < 0 or factor > 1:
            raise ValueError(f"`factor` should be between 0 and 1. Received: factor={factor}")
        self.factor = factor
        self._init_seed(seed)

    def get_random_transformation(self, images, training=True, rng=None):
        # Drawn in inference too, as Keras does (it advances the random state).
        return per_image(rng.uniform(0, 1, ops.shape(images)[0]) < self.factor, "bool")

    def transform_images(self, images, transformation, training=True):
        if not training:
            return images
        gray = ops.image.rgb_to_grayscale(images, data_format=self.data_format)
        return ops.where(transformation, gray, images)

    def get_config(self):
        config = super().get_config()
        config["factor"] = self.factor  # Keras's config has no seed either
        return config
