"""`RandAugment`: a few augmentations picked at random from a fixed list."""

from kerasish import ops
from kerasish.layers.preprocessing.image_preprocessing.augmentation_ops import (
    BLENDING,
    COLOUR,
    GEOMETRIC,
    build_augmentation_layers,
    transform_boxes_with,
    transform_masks_with,
)
from kerasish.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)

_AUGMENT_LAYERS = GEOMETRIC + BLENDING + COLOUR


class RandAugment(BaseImagePreprocessingLayer):
    """During training, applies `num_ops` augmentations in turn, each picked
    uniformly (with replacement) from shear, translation, rotation,
    brightness, colour degeneration, contrast, sharpness, posterization,
    solarization, auto-contrast and equalization, all with strength
    `factor`; one pick applies to the whole batch.

    Each picked layer draws its own random transformation once per call (a
    layer picked twice applies it twice). Images pass through (cast to the
    layer's dtype) with `training=False`. `RandomShear` takes part when this
    kerasish provides `keras.layers.RandomShear`.

    Input shape:
        3D (one image) or 4D (a batch) tensor with 3 channels: `(...,
        height, width, 3)` with `"channels_last"`, `(..., 3, height, width)`
        with `"channels_first"`.

    Output shape:
        The input's shape, in the layer's compute dtype.

    Args:
        value_range: the (low, high) of the pixel values; `(0, 255)` by default.
        num_ops: how many augmentations to apply; 2 by default.
        factor: the strength, a number `f` in [0, 1] for (0, f) or a pair;
            0.5 by default.
        interpolation: `"bilinear"` (default) or `"nearest"`, for the
            geometric augmentations.
        seed: an int for reproducible draws, or None for the global random state.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Returns:
        A layer producing images of the input's shape.

    Raises:
        ValueError: if `factor` is not a number or pair within [0, 1].

    Examples:
        >>> layer = keras.layers.RandAugment(value_range=(0, 1), num_ops=2, seed=1)
        >>> images = np.random.default_rng(0).uniform(size=(2, 8, 8, 3)).astype("float32")
        >>> layer(images).shape
        (2, 8, 8, 3)
        >>> bool(np.array_equal(layer(images, training=False), images))
        True
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)
    _SUPPORTS_BOUNDING_BOXES = True

    def __init__(self, value_range=(0, 255), num_ops=2, factor=0.5, interpolation="bilinear",
                 seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.value_range = value_range
        self.num_ops = num_ops
        self._set_factor(factor)
        self.interpolation = interpolation
        self._init_seed(seed)
        self._augment_layers = build_augmentation_layers(self, _AUGMENT_LAYERS, kwargs)

    def get_random_transformation(self, images, training=True, rng=None):
        if not training:
            return None
        picks = rng.integers(0, len(self._augment_layers), self.num_ops)
        names = [self._augment_layers[i] for i in picks]
        transforms = {}
        for name in dict.fromkeys(names):  # one draw per picked layer, in order
            transforms[name] = getattr(self, name).get_random_transformation(
                images, training=True, rng=rng)
        return {"names": names, "transforms": transforms}

    def transform_images(self, images, transformation, training=True):
        images = ops.cast(images, self.compute_dtype)
        if not training:
            return images
        for name in transformation["names"]:
            layer = getattr(self, name)
            images = layer.transform_images(images, transformation["transforms"][name])
        return ops.cast(images, self.compute_dtype)

    def transform_labels(self, labels, transformation, training=True):
        return labels

    def transform_segmentation_masks(self, segmentation_masks, transformation, training=True):
        if not training:
            return segmentation_masks
        for name in transformation["names"]:
            segmentation_masks = transform_masks_with(
                self, name, segmentation_masks, transformation["transforms"][name])
        return segmentation_masks

    def transform_bounding_boxes(self, bounding_boxes, transformation, training=True):
        # The picks in order (Keras goes through its list in its own order,
        # applying a layer picked twice once).
        if not training:
            return bounding_boxes
        for name in transformation["names"]:
            bounding_boxes = transform_boxes_with(
                self, name, bounding_boxes, transformation["transforms"][name])
        return bounding_boxes

    def get_config(self):
        config = super().get_config()
        config.update({"value_range": self.value_range, "num_ops": self.num_ops,
                       "factor": self.factor, "interpolation": self.interpolation,
                       "seed": self.seed})
        return config
