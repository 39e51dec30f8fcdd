"""`RandomColorJitter`: random brightness, contrast, saturation and hue in turn."""

from kerasish import ops
from kerasish.layers.preprocessing.image_preprocessing.random_brightness import RandomBrightness
from kerasish.layers.preprocessing.image_preprocessing.random_contrast import RandomContrast
from kerasish.layers.preprocessing.image_preprocessing.random_hue import RandomHue
from kerasish.layers.preprocessing.image_preprocessing.random_saturation import RandomSaturation
from kerasish.layers.preprocessing.image_preprocessing.value_range import ColorLayer


class RandomColorJitter(ColorLayer):
    """During training, applies `RandomBrightness`, `RandomContrast`,
    `RandomSaturation` and `RandomHue`, in this order, each only when its
    factor is given, with fresh draws for every batch.

    Images pass through unchanged with `training=False`.

    Input shape:
        3D (one image) or 4D (a batch) tensor with 3 channels (for
        saturation and hue): `(..., height, width, 3)` with
        `"channels_last"`, `(..., 3, height, width)` with `"channels_first"`.

    Output shape:
        The input's shape, in the layer's compute dtype.

    Args:
        value_range: the (low, high) of the pixel values; `(0, 255)` by default.
        brightness_factor: `RandomBrightness`'s `factor`, or None to skip it.
        contrast_factor: `RandomContrast`'s `factor`, or None to skip it.
        saturation_factor: `RandomSaturation`'s `factor`, or None to skip it.
        hue_factor: `RandomHue`'s `factor`, or None to skip it.
        seed: an int for reproducible draws, or None for the global random state.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Returns:
        A layer producing images of the input's shape.

    Raises:
        ValueError: if a factor is out of the range its layer accepts.

    Examples:
        >>> layer = keras.layers.RandomColorJitter(
        ...     value_range=(0, 1), brightness_factor=(0.1, 0.1), saturation_factor=(0.0, 0.0))
        >>> image = np.array([[[0.5, 0.3, 0.1]]], dtype="float32")
        >>> np.round(np.asarray(layer(image)), 4)
        array([[[0.6, 0.6, 0.6]]], dtype=float32)
    """

    _USE_BASE_FACTOR = False

    def __init__(self, value_range=(0, 255), brightness_factor=None, contrast_factor=None,
                 saturation_factor=None, hue_factor=None, seed=None, data_format=None,
                 **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.value_range = value_range
        self.brightness_factor = brightness_factor
        self.contrast_factor = contrast_factor
        self.saturation_factor = saturation_factor
        self.hue_factor = hue_factor
        self._init_seed(seed)
        # Unlike Keras's, the parts get the layer's data_format (Keras leaves
        # them at the global default).
        parts = {"random_brightness": (RandomBrightness, brightness_factor),
                 "random_contrast": (RandomContrast, contrast_factor),
                 "random_saturation": (RandomSaturation, saturation_factor),
                 "random_hue": (RandomHue, hue_factor)}
        self._parts = []
        for attribute, (cls, factor) in parts.items():
            layer = None if factor is None else cls(
                factor=factor, value_range=value_range, seed=seed, data_format=data_format)
            setattr(self, attribute, layer)
            if layer is not None:
                self._parts.append(layer)

    def get_random_transformation(self, images, training=True, rng=None):
        if not training:
            return None
        return [part.get_random_transformation(images, training=True, rng=rng)
                for part in self._parts]

    def transform_images(self, images, transformation, training=True):
        if not training:
            return images
        images = ops.cast(images, self.compute_dtype)
        for part, part_transformation in zip(self._parts, transformation):
            images = part.transform_images(images, part_transformation)
        return ops.cast(images, self.compute_dtype)

    def get_config(self):
        config = super().get_config()
        config.update({
            "value_range": self.value_range,
            "brightness_factor": self.brightness_factor,
            "contrast_factor": self.contrast_factor,
            "saturation_factor": self.saturation_factor,
            "hue_factor": self.hue_factor,
            "seed": self.seed,
        })
        return config
