"""`RandomShear`: shears images along x and/or y by random amounts."""

import numpy as np

from kerasish import ops
from kerasish.layers.preprocessing.image_preprocessing import affine, image_utils
from kerasish.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)
from kerasish.layers.preprocessing.image_preprocessing.bounding_boxes.converters import (
    clip_to_image_size,
    convert_format,
)

_SHEAR_FACTOR_ERROR = (
    "The `factor` argument should be a number (or a list of two numbers) in the range "
    "[0, 1.0]. "
)


def _shear_factor(factor, name):
    # A number f is stored as (-f, f); Keras then refuses its own config.
    # kerasish accepts that symmetric pair back, so configs round-trip.
    if isinstance(factor, (tuple, list)) and len(factor) == 2 and factor[0] == -factor[1]:
        factor = factor[1]
    return affine.factor_range(factor, name, _SHEAR_FACTOR_ERROR,
                               lambda value: value > 1.0 or value < 0.0)


def shear_matrices(shear_x, shear_y):
    """Transforms reading output pixel (x, y) from input (x + sx y, sy x + y):
    no centring, as Keras's shear."""
    shear_x, shear_y = np.asarray(shear_x, "float32"), np.asarray(shear_y, "float32")
    ones, zeros = np.ones_like(shear_x), np.zeros_like(shear_x)
    return np.stack([ones, shear_x, zeros, shear_y, ones, zeros, zeros, zeros], axis=1)


class RandomShear(BaseImagePreprocessingLayer):
    """Shears each image during training by amounts drawn from `x_factor`
    and `y_factor`, with a random sign (shared by both axes) per image.

    Output pixel (x, y) reads the input at (x + sx * y, sy * x + y), with
    points outside the image filled per `fill_mode`; as in Keras the shear
    is about the top-left corner. Labels pass through, segmentation masks
    are sheared with nearest interpolation and bounding boxes are moved
    (pass `bounding_box_format` and a dict input). Images pass through
    (cast to the layer's dtype) with `training=False`.

    Args:
        x_factor: the horizontal shear: a number `f` for [-f, f], or a pair
            `(low, high)` within [0, 1]. Defaults to 0 (no shear).
        y_factor: the same for the vertical shear.
        interpolation: `"bilinear"` (default) or `"nearest"`.
        fill_mode: `"reflect"` (default), `"wrap"`, `"constant"` or `"nearest"`.
        fill_value: the value outside the image with `fill_mode="constant"`.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        seed: an int for reproducible shears, or None for the global random
            state.
        **kwargs: Base layer keyword arguments such as `name`, `dtype` and
            `bounding_box_format`.

    Input shape:
        3-D `(height, width, channels)` or 4-D `(batch, height, width,
        channels)` (channels first with `data_format="channels_first"`),
        or a dict with `"images"` and optionally `"labels"`,
        `"bounding_boxes"` and `"segmentation_masks"`.

    Output shape:
        The input's shape.

    Returns:
        A layer producing sheared images (or a dict of transformed entries).

    Raises:
        ValueError: if a factor is not a number or pair within [0, 1].
        NotImplementedError: on an unknown `fill_mode` or `interpolation`.

    Examples:
        >>> layer = keras.layers.RandomShear(x_factor=(0.5, 0.5), fill_mode="constant")
        >>> image = np.arange(9, dtype="float32").reshape(1, 3, 3, 1)
        >>> out = np.asarray(layer(image))[0, :, :, 0]
        >>> out[0].tolist()  # the first row is not moved
        [0.0, 1.0, 2.0]
        >>> out[2].tolist() in ([7.0, 8.0, 0.0], [0.0, 6.0, 7.0])
        True
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)
    _SUPPORTS_BOUNDING_BOXES = True

    def __init__(self, x_factor=0.0, y_factor=0.0, interpolation="bilinear", fill_mode="reflect",
                 fill_value=0.0, data_format=None, seed=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.x_factor = _shear_factor(x_factor, "x_factor")
        self.y_factor = _shear_factor(y_factor, "y_factor")
        affine.check_fill_mode_and_interpolation(fill_mode, interpolation)
        self.fill_mode = fill_mode
        self.fill_value = fill_value
        self.interpolation = interpolation
        self._init_seed(seed)

    def get_random_transformation(self, images, training=True, rng=None):
        if not training:
            return None
        batch = np.shape(images)[0]
        sign = np.where(rng.uniform(size=(batch, 1)) > 0.5, -1.0, 1.0)
        shear_y = rng.uniform(self.y_factor[0], self.y_factor[1], size=(batch, 1))
        shear_x = rng.uniform(self.x_factor[0], self.x_factor[1], size=(batch, 1))
        shears = (np.concatenate([shear_x, shear_y], axis=1) * sign).astype("float32")
        return {"shear_factor": shears, "input_shape": tuple(np.shape(images))}

    def _affine(self, images, transformation, interpolation):
        shears = transformation["shear_factor"]
        return affine.affine_transform(images, shear_matrices(shears[:, 0], shears[:, 1]),
                                       interpolation, self.fill_mode, self.fill_value,
                                       self.data_format)

    def transform_images(self, images, transformation, training=True):
        images = ops.cast(images, self.compute_dtype)
        if not training or transformation is None:
            return images
        return self._affine(images, transformation, self.interpolation)

    def transform_labels(self, labels, transformation, training=True):
        return labels

    def transform_segmentation_masks(self, segmentation_masks, transformation, training=True):
        if not training or transformation is None:
            return segmentation_masks
        return self._affine(segmentation_masks, transformation, "nearest")

    def transform_bounding_boxes(self, bounding_boxes, transformation, training=True):
        if not training or transformation is None:
            return bounding_boxes
        height, width = image_utils.image_size(np.empty(transformation["input_shape"]),
                                               self.data_format)
        boxes = convert_format(dict(bounding_boxes), self.bounding_box_format, "rel_xyxy",
                               height, width, dtype=self.compute_dtype)
        boxes["boxes"] = _shear_relative_boxes(boxes["boxes"], transformation["shear_factor"])
        boxes = clip_to_image_size(boxes, height, width, bounding_box_format="rel_xyxy")
        return convert_format(boxes, "rel_xyxy", self.bounding_box_format, height, width,
                              dtype=self.compute_dtype)

    def get_config(self):
        config = super().get_config()
        config.update({
            "x_factor": self.x_factor,
            "y_factor": self.y_factor,
            "fill_mode": self.fill_mode,
            "interpolation": self.interpolation,
            "seed": self.seed,
            "fill_value": self.fill_value,
            "data_format": self.data_format,
        })
        return config


def _shear_relative_boxes(boxes, shears):
    """Keras's box update for a shear, in relative coordinates: each edge
    moves by the shear times the other axis's relative coordinate."""
    shear_x, shear_y = shears[:, 0:1].astype(boxes.dtype), shears[:, 1:2].astype(boxes.dtype)
    x1, y1, x2, y2 = (boxes[..., i] for i in range(4))
    x1 = np.where(shear_x < 0, x1 - shear_x * y1, x1 - shear_x * y2)
    x2 = np.where(shear_x < 0, x2 - shear_x * y2, x2 - shear_x * y1)
    y1 = np.where(shear_y > 0, y1 - shear_y * x2, y1 - shear_y * x1)
    y2 = np.where(shear_y > 0, y2 - shear_y * x1, y2 - shear_y * x2)
    return np.stack([x1, y1, x2, y2], axis=-1)
