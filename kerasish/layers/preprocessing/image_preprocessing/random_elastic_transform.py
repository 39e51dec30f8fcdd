"""`RandomElasticTransform`: distorts images by a smooth random field."""

import numpy as np

from kerasish import ops
from kerasish.layers.preprocessing.image_preprocessing import affine, image_utils
from kerasish.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)
from kerasish.layers.preprocessing.image_preprocessing.random_gaussian_blur import (
    apply_where,
    named_factor,
)

FILL_MODES = ("constant", "nearest", "wrap", "mirror", "reflect")


class RandomElasticTransform(BaseImagePreprocessingLayer):
    """Moves every pixel of some images (a probability drawn from `factor`)
    by a random displacement field smoothed with a Gaussian, as
    `keras.ops.image.elastic_transform` does.

    For a distortion `d` drawn from `scale` once per batch, the field's
    strength is `alpha = 0.1 * d * max(height, width)` and its smoothness
    `sigma = 0.05 * d * min(height, width)`; results are clipped to
    `value_range`. Segmentation masks get the same kind of warp with nearest
    interpolation, labels pass through. Images pass through (cast to the
    layer's dtype) with `training=False`. The random fields differ from
    Keras's (another generator).

    Args:
        factor: the distortion probability: a number `f` for a probability
            drawn from [0, f], or a pair within [0, 1]. Defaults to 1.
        scale: the distortion strength `d`: a number `s` for [0, s], or a
            pair, within [0, 1]. Defaults to 1.
        interpolation: `"bilinear"` (default) or `"nearest"`.
        fill_mode: `"reflect"` (default), `"constant"`, `"nearest"`, `"wrap"`
            or `"mirror"`.
        fill_value: the value outside the image with `fill_mode="constant"`.
        value_range: the `(low, high)` range of the images. Defaults to
            (0, 255).
        seed: an int for reproducible distortions, or None for the global
            random state.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        3-D `(height, width, channels)` or 4-D `(batch, height, width,
        channels)` (channels first with `data_format="channels_first"`),
        or a dict with `"images"` and other entries.

    Output shape:
        The input's shape.

    Returns:
        A layer producing distorted images.

    Raises:
        ValueError: for a factor or scale outside [0, 1].
        NotImplementedError: for an unknown `interpolation` or `fill_mode`.

    Examples:
        >>> layer = keras.layers.RandomElasticTransform(factor=(1.0, 1.0), scale=(1.0, 1.0),
        ...                                             seed=0)
        >>> image = np.tile(np.arange(20, dtype="float32"), (20, 1))[None, :, :, None]
        >>> out = np.asarray(layer(image))
        >>> out.shape, bool(np.abs(out - image).max() > 0.5)
        ((1, 20, 20, 1), True)
        >>> bool(np.allclose(layer(image, training=False), image))
        True
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor=1.0, scale=1.0, interpolation="bilinear", fill_mode="reflect",
                 fill_value=0.0, value_range=(0, 255), seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        self.scale = named_factor(scale, "scale")
        self.interpolation = interpolation
        self.fill_mode = fill_mode
        self.fill_value = fill_value
        self.value_range = value_range
        self._init_seed(seed)
        if interpolation not in affine.INTERPOLATIONS:
            raise NotImplementedError(f"Unknown `interpolation` {interpolation}. Expected of one "
                                      f"{affine.INTERPOLATIONS}.")
        if fill_mode not in FILL_MODES:
            raise NotImplementedError(
                f"Unknown `fill_mode` {fill_mode}. Expected of one {set(FILL_MODES)}.")

    def get_random_transformation(self, images, training=True, rng=None):
        if not training or self.scale[1] == 0 or self.factor[1] == 0:
            return None
        batch = np.shape(images)[0]
        probability = rng.uniform(self.factor[0], self.factor[1], size=batch)
        apply = rng.uniform(size=batch) < probability
        distortion = np.float32(rng.uniform(self.scale[0], self.scale[1]))
        # The displacement field's own seed, drawn from this layer's stream.
        return {"apply_transform": apply, "distortion_factor": distortion,
                "seed": int(rng.integers(0, 2**31 - 1))}

    def _distort(self, images, transformation, interpolation):
        height, width = image_utils.image_size(images, self.data_format)
        distortion = transformation["distortion_factor"]
        alpha = max(height, width) * (0.1 * distortion)
        sigma = min(height, width) * (0.05 * distortion)
        distorted = ops.image.elastic_transform(
            images, alpha=alpha, sigma=sigma, interpolation=interpolation,
            fill_mode=self.fill_mode, fill_value=self.fill_value, seed=transformation["seed"],
            data_format=self.data_format)
        return apply_where(transformation["apply_transform"], distorted, images)

    def transform_images(self, images, transformation, training=True):
        images = ops.cast(images, self.compute_dtype)
        if not training or transformation is None:
            return images
        distorted = self._distort(images, transformation, self.interpolation)
        return ops.clip(distorted, self.value_range[0], self.value_range[1])

    def transform_labels(self, labels, transformation, training=True):
        return labels

    def transform_segmentation_masks(self, segmentation_masks, transformation, training=True):
        if not training or transformation is None:
            return segmentation_masks
        return self._distort(segmentation_masks, transformation, "nearest")

    def get_config(self):
        config = super().get_config()
        config.update({
            "factor": self.factor,
            "scale": self.scale,
            "interpolation": self.interpolation,
            "fill_mode": self.fill_mode,
            "fill_value": self.fill_value,
            "value_range": self.value_range,
            "seed": self.seed,
        })
        return config
