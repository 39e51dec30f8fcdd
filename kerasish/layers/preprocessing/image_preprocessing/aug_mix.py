"""`AugMix`: mixes several random chains of augmentations with the image."""

import numpy as np

from kerasish import ops
from kerasish.layers.preprocessing.image_preprocessing.augmentation_ops import (
    BLENDING,
    COLOUR,
    GEOMETRIC,
    build_augmentation_layers,
    transform_masks_with,
)
from kerasish.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)


class AugMix(BaseImagePreprocessingLayer):
    """During training, builds `num_chains` chains of up to `chain_depth`
    random augmentations, mixes the chains' outputs with Dirichlet(`alpha`)
    weights, and blends the mix with the original batch by a Beta(`alpha`,
    `alpha`) draw, then clips to `value_range`.

    Every depth step of a chain picks one of the augmentations or nothing,
    uniformly; one draw serves the whole batch. Unlike Keras (which picks
    with Python's global `random` module) the picks come from the layer's
    seeded generator, so a seed makes them reproducible. Images pass
    through (cast to the layer's dtype) with `training=False`.

    Input shape:
        3D (one image) or 4D (a batch) tensor with 3 channels: `(...,
        height, width, 3)` with `"channels_last"`, `(..., 3, height, width)`
        with `"channels_first"`.

    Output shape:
        The input's shape, in the layer's compute dtype.

    Args:
        value_range: the (low, high) of the pixel values; `(0, 255)` by default.
        num_chains: the number of chains mixed; 3 by default.
        chain_depth: the most augmentations in a chain; 3 by default.
        factor: the strength, a number `f` in [0, 1] for (0, f) or a pair;
            0.3 by default.
        alpha: the Dirichlet and Beta concentration; 1.0 by default.
        all_ops: also use brightness, colour degeneration, contrast and
            sharpness (default True).
        interpolation: `"bilinear"` (default) or `"nearest"`.
        seed: an int for reproducible draws, or None for the global random state.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Returns:
        A layer producing images of the input's shape.

    Raises:
        ValueError: if `factor` is not a number or pair within [0, 1].

    Examples:
        >>> layer = keras.layers.AugMix(value_range=(0, 1), seed=3)
        >>> images = np.random.default_rng(0).uniform(size=(2, 8, 8, 3)).astype("float32")
        >>> mixed = np.asarray(layer(images))
        >>> mixed.shape, bool(mixed.min() >= 0.0 and mixed.max() <= 1.0)
        ((2, 8, 8, 3), True)
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)
    _SUPPORTS_BOUNDING_BOXES = True

    def __init__(self, value_range=(0, 255), num_chains=3, chain_depth=3, factor=0.3,
                 alpha=1.0, all_ops=True, interpolation="bilinear", seed=None,
                 data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.value_range = value_range
        self.num_chains = num_chains
        self.chain_depth = chain_depth
        self._set_factor(factor)
        self.alpha = alpha
        self.all_ops = all_ops
        self.interpolation = interpolation
        self._init_seed(seed)
        names = GEOMETRIC + COLOUR + (BLENDING if all_ops else ())
        # Boxes pass through AugMix untouched: its parts need no box format.
        part_kwargs = {k: v for k, v in kwargs.items() if k != "bounding_box_format"}
        self._augment_layers = build_augmentation_layers(self, names, part_kwargs)

    def get_random_transformation(self, images, training=True, rng=None):
        if not training:
            return None
        gammas = rng.gamma(self.alpha, size=self.num_chains)
        chain_weights = (gammas / gammas.sum()).astype("float32")
        original_weight = np.float32(rng.beta(self.alpha, self.alpha))
        chains = []
        for _ in range(self.num_chains):
            steps = []
            for _ in range(self.chain_depth):
                pick = rng.integers(0, len(self._augment_layers) + 1)
                if pick == len(self._augment_layers):  # the "no augmentation" choice
                    continue
                name = self._augment_layers[pick]
                steps.append((name, getattr(self, name).get_random_transformation(
                    images, training=True, rng=rng)))
            chains.append(steps)
        return {"chain_mixing_weights": chain_weights, "weight_sample": original_weight,
                "chain_transforms": chains}

    def transform_images(self, images, transformation, training=True):
        dtype = self.compute_dtype
        images = ops.cast(images, dtype)
        if not training:
            return images

        def augment(name, augmented, layer_transformation):
            part = getattr(self, name)
            return ops.cast(part.transform_images(augmented, layer_transformation), dtype)

        blended = self._mix(images, transformation, augment)
        return ops.cast(ops.clip(blended, self.value_range[0], self.value_range[1]), dtype)

    def _mix(self, inputs, transformation, augment):
        """`keep * inputs + (1 - keep) * sum_i weight_i * chain_i(inputs)`,
        each chain applying `augment(part_name, x, part_transformation)` in turn."""
        dtype = self.compute_dtype
        mixed = ops.zeros_like(inputs)
        weights = transformation["chain_mixing_weights"].astype(dtype)
        for weight, chain in zip(weights, transformation["chain_transforms"]):
            augmented = inputs
            for name, layer_transformation in chain:
                augmented = augment(name, augmented, layer_transformation)
            mixed = ops.add(mixed, ops.multiply(augmented, weight))
        keep = transformation["weight_sample"].astype(dtype)
        return ops.add(ops.multiply(keep, inputs), ops.multiply(1 - keep, mixed))

    def transform_labels(self, labels, transformation, training=True):
        return labels

    def transform_bounding_boxes(self, bounding_boxes, transformation, training=True):
        return bounding_boxes  # as in Keras: the mix has no single box geometry

    def transform_segmentation_masks(self, segmentation_masks, transformation, training=True):
        """The masks mixed as the images are (Keras's behaviour: soft masks)."""
        if not training:
            return segmentation_masks
        def augment(name, masks, part_transformation):
            return transform_masks_with(self, name, masks, part_transformation)

        return self._mix(ops.cast(segmentation_masks, self.compute_dtype), transformation, augment)

    def get_config(self):
        config = super().get_config()
        config.update({"value_range": self.value_range, "num_chains": self.num_chains,
                       "chain_depth": self.chain_depth, "factor": self.factor,
                       "alpha": self.alpha, "all_ops": self.all_ops,
                       "interpolation": self.interpolation, "seed": self.seed})
        return config
