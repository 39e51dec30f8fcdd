"""`RandomPerspective`: moves the image corners at random (a projective warp)."""

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
from kerasish.layers.preprocessing.image_preprocessing.random_gaussian_blur import apply_where
from kerasish.ops.image import _homography


def _moved_corners(boxes, homographies):
    """The four corners of each (x1, y1, x2, y2) box mapped from the input to
    the output image (the inverse of the output-to-input homography)."""
    rows = np.concatenate([homographies, np.ones((len(homographies), 1))], axis=1)
    inverse = np.linalg.inv(rows.reshape(-1, 3, 3))
    x0, y0, x1, y1 = (boxes[..., i] for i in range(4))
    xs, ys = [], []
    for x, y in ((x0, y0), (x1, y1), (x0, y1), (x1, y0)):
        points = np.stack([x, y, np.ones_like(x)], axis=-1)  # (batch, n, 3)
        moved = np.einsum("bij,bnj->bni", inverse, points)
        xs.append(moved[..., 0] / moved[..., 2])
        ys.append(moved[..., 1] / moved[..., 2])
    xs, ys = np.stack(xs, axis=-1), np.stack(ys, axis=-1)
    return np.stack([xs.min(-1), ys.min(-1), xs.max(-1), ys.max(-1)], axis=-1)


class RandomPerspective(BaseImagePreprocessingLayer):
    """Warps images, with a probability drawn from `factor`, by moving each
    corner by up to `scale / 2` of its coordinates and mapping the image
    projectively onto the new corners (pixels from outside the image take
    `fill_value`).

    Segmentation masks are warped with nearest interpolation, bounding boxes
    become the boxes around their warped corners, labels pass through.
    Images pass through (cast to the layer's dtype) with `training=False`.

    Args:
        factor: the warp probability: a number `f` for a probability drawn
            from [0, f], or a pair within [0, 1]. Defaults to 1.
        scale: the largest corner move, a fraction in [0, 1] of the corner's
            coordinates. Defaults to 1.
        interpolation: `"bilinear"` (default) or `"nearest"`.
        fill_value: the value of pixels read from outside the image.
        seed: an int for reproducible warps, or None for the global random
            state.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        **kwargs: Base layer keyword arguments such as `name`, `dtype` and
            `bounding_box_format`.

    Input shape:
        3-D `(height, width, channels)` or 4-D `(batch, height, width,
        channels)` (channels first with `data_format="channels_first"`),
        or a dict with `"images"` and other entries.

    Output shape:
        The input's shape.

    Returns:
        A layer producing warped images.

    Raises:
        ValueError: for a factor or scale outside [0, 1].
        NotImplementedError: for an unknown `interpolation`.

    Examples:
        >>> layer = keras.layers.RandomPerspective(factor=(1.0, 1.0), scale=0.5, seed=1)
        >>> out = np.asarray(layer(np.ones((1, 6, 6, 1), "float32")))
        >>> np.round(out[0, :, :, 0], 2)  # the top-left corner stays, the others move
        array([[1.  , 1.  , 1.  , 1.  , 1.  , 0.35],
               [1.  , 1.  , 1.  , 1.  , 1.  , 0.59],
               [1.  , 1.  , 1.  , 1.  , 1.  , 0.8 ],
               [1.  , 1.  , 1.  , 1.  , 1.  , 1.  ],
               [1.  , 1.  , 1.  , 1.  , 1.  , 0.82],
               [0.8 , 0.62, 0.43, 0.22, 0.  , 0.  ]], dtype=float32)
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)
    _SUPPORTS_BOUNDING_BOXES = True

    def __init__(self, factor=1.0, scale=1.0, interpolation="bilinear", fill_value=0.0,
                 seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        self.scale = scale
        self.fill_value = fill_value
        self.interpolation = interpolation
        self._init_seed(seed)
        if scale < 0.0 or scale > 1.0:
            raise ValueError(
                f"The `scale` argument should be a number in the range [0,1]. Received: scale={scale}")
        if interpolation not in affine.INTERPOLATIONS:
            raise NotImplementedError(f"Unknown `interpolation` {interpolation}. Expected of one "
                                      f"{affine.INTERPOLATIONS}.")

    def get_random_transformation(self, images, training=True, rng=None):
        if not training:
            return None
        batch = np.shape(images)[0]
        height, width = image_utils.image_size(images, self.data_format)
        probability = rng.uniform(self.factor[0], self.factor[1], size=batch)
        apply = rng.uniform(size=batch) < probability
        moves = rng.uniform(-0.5 * self.scale, 0.5 * self.scale, size=(batch, 4, 2))
        corners = np.array([[0, 0], [width - 1, 0], [0, height - 1], [width - 1, height - 1]],
                           "float32")
        start = np.repeat(corners[None], batch, axis=0)
        end = (start + start * moves.astype("float32")).astype("float32")
        return {"apply_perspective": apply, "start_points": start, "end_points": end,
                "input_shape": tuple(np.shape(images))}

    def _warp(self, images, transformation, interpolation):
        warped = ops.image.perspective_transform(
            images, transformation["start_points"], transformation["end_points"],
            interpolation=interpolation, fill_value=self.fill_value,
            data_format=self.data_format)
        return apply_where(transformation["apply_perspective"], warped, images)

    def transform_images(self, images, transformation, training=True):
        images = ops.cast(images, self.compute_dtype)
        if not training or transformation is None:
            return images
        return self._warp(images, transformation, self.interpolation)

    def transform_labels(self, labels, transformation, training=True):
        return labels

    def transform_segmentation_masks(self, segmentation_masks, transformation, training=True):
        if not training or transformation is None:
            return segmentation_masks
        return self._warp(segmentation_masks, transformation, "nearest")

    def transform_bounding_boxes(self, bounding_boxes, transformation, training=True):
        if not training or transformation is None:
            return bounding_boxes
        height, width = image_utils.image_size(np.empty(transformation["input_shape"]),
                                               self.data_format)
        boxes = convert_format(dict(bounding_boxes), self.bounding_box_format, "xyxy",
                               height, width)
        homographies = _homography(transformation["start_points"].astype("float64"),
                                   transformation["end_points"].astype("float64"))
        moved = _moved_corners(boxes["boxes"].astype("float64"), homographies).astype("float32")
        apply = transformation["apply_perspective"][:, None, None]
        boxes["boxes"] = np.where(apply, moved, boxes["boxes"])
        boxes = clip_to_image_size(boxes, height, width, bounding_box_format="xyxy")
        return convert_format(boxes, "xyxy", self.bounding_box_format, height, width)

    def get_config(self):
        config = super().get_config()
        config.update({
            "factor": self.factor,
            "scale": self.scale,
            "interpolation": self.interpolation,
            "fill_value": self.fill_value,
            "seed": self.seed,
        })
        return config
