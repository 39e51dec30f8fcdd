"""`RandomErasing`: fills a random rectangle of some images."""

import numpy as np

from kerasish import ops
from kerasish.layers.preprocessing.image_preprocessing import image_utils
from kerasish.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)
from kerasish.layers.preprocessing.image_preprocessing.data_dicts import KeepsAnnotations
from kerasish.layers.preprocessing.image_preprocessing.random_gaussian_blur import (
    apply_where,
    named_factor,
)


def random_boxes(rng, batch, height, width, side_ratios):
    """(x0, x1, y0, y1) per image: a window `ratio * size` long per axis at a
    uniform position inside the image (float32, as Keras draws them)."""
    f32 = np.float32
    corners = []
    for size, ratio in ((width, side_ratios[:, 0]), (height, side_ratios[:, 1])):
        length = (ratio * f32(size)).astype(f32)
        start = (rng.uniform(size=batch).astype(f32) * (f32(size) - length)).astype(f32)
        corners += [start, start + length]
    return corners


def box_masks(corners, height, width, channels, data_format):
    """Boolean masks (the batch's layout) of the pixels whose (column, row)
    lies in [x0, x1) x [y0, y1)."""
    x0, x1, y0, y1 = (c[:, None, None] for c in corners)
    cols = np.arange(width, dtype="float32")[None, None, :]
    rows = np.arange(height, dtype="float32")[None, :, None]
    inside = (cols >= x0) & (cols < x1) & (rows >= y0) & (rows < y1)
    axis = 3 if data_format == "channels_last" else 1
    return np.repeat(np.expand_dims(inside, axis), channels, axis=axis)


class RandomErasing(KeepsAnnotations, BaseImagePreprocessingLayer):
    """Erases a random rectangle of each image, with a probability drawn
    from `factor`, filling it with `fill_value` (or Gaussian noise).

    The rectangle's sides are `sqrt(s)` times the image's sides, with `s`
    drawn from `scale` for each side, at a uniform random position. Labels,
    bounding boxes and segmentation masks pass through. Images pass
    through (cast to the layer's dtype) with `training=False`.

    Args:
        factor: the erasing probability: a number `f` for a probability
            drawn from [0, f], or a pair within [0, 1]. Defaults to 1.
        scale: the `(low, high)` range of the squared side ratios, within
            [0, 1]. Defaults to (0.02, 0.33).
        fill_value: a number, three numbers (one per channel), or None
            (default) for normal noise times `value_range[1]`; clipped to
            `value_range`.
        value_range: the `(low, high)` range of the images. Defaults to
            (0, 255).
        seed: an int for reproducible draws, or None for the global random
            state.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        3-D `(height, width, channels)` or 4-D `(batch, height, width,
        channels)` (channels first with `data_format="channels_first"`),
        or a dict with `"images"` and other entries.

    Output shape:
        The input's shape.

    Returns:
        A layer producing images with erased rectangles.

    Raises:
        ValueError: for a factor or scale outside [0, 1], or a `fill_value`
            that is not a number or three numbers.

    Examples:
        >>> layer = keras.layers.RandomErasing(factor=(1.0, 1.0), scale=(0.25, 0.25),
        ...                                    fill_value=0.0, seed=1)
        >>> out = np.asarray(layer(np.ones((1, 8, 8, 1), "float32")))
        >>> int((out == 0).sum())  # a 4 x 4 (or up to 5 x 5) hole
        16
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)
    _SUPPORTS_BOUNDING_BOXES = True

    def __init__(self, factor=1.0, scale=(0.02, 0.33), fill_value=None, value_range=(0, 255),
                 seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        self.scale = named_factor(scale, "scale")
        self.fill_value = fill_value
        self.value_range = value_range
        self._init_seed(seed)

    def _fill(self, shape, rng):
        low, high = self.value_range
        fill_value = self.fill_value
        if fill_value is None:
            fill = rng.standard_normal(shape).astype("float32") * np.float32(high)
        elif isinstance(fill_value, (tuple, list)) and len(fill_value) == 3:
            axis = 3 if self.data_format == "channels_last" else 1
            per_channel = np.asarray(fill_value, "float32").reshape(
                [3 if i == axis else 1 for i in range(4)])
            fill = np.broadcast_to(per_channel, shape)
        elif isinstance(fill_value, (int, float)) and not isinstance(fill_value, bool):
            fill = np.full(shape, fill_value, "float32")
        else:
            raise ValueError("The `fill_value` argument should be a number (or a list of three "
                             "numbers) ")
        return np.clip(fill, low, high).astype("float32")

    def get_random_transformation(self, images, training=True, rng=None):
        if not training:
            return None
        shape = tuple(np.shape(images))
        batch = shape[0]
        height, width = image_utils.image_size(images, self.data_format)
        channels = shape[3] if self.data_format == "channels_last" else shape[1]
        ratios = np.sqrt(rng.uniform(self.scale[0], self.scale[1], size=(batch, 2))
                         .astype("float32"))
        corners = random_boxes(rng, batch, height, width, ratios)
        probability = rng.uniform(self.factor[0], self.factor[1], size=batch)
        apply = rng.uniform(size=batch) < probability
        return {"apply_erasing": apply,
                "batch_masks": box_masks(corners, height, width, channels, self.data_format),
                "fill_value": self._fill(shape, rng)}

    def transform_images(self, images, transformation, training=True):
        images = ops.cast(images, self.compute_dtype)
        if not training or transformation is None:
            return images
        fill = transformation["fill_value"].astype(self.compute_dtype)
        erased = ops.where(transformation["batch_masks"], fill, images)
        return apply_where(transformation["apply_erasing"], erased, images)

    def get_config(self):
        config = super().get_config()
        config.update({
            "factor": self.factor,
            "scale": self.scale,
            "fill_value": self.fill_value,
            "value_range": self.value_range,
            "seed": self.seed,
        })
        return config
