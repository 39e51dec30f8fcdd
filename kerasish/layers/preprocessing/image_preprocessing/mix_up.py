"""`MixUp`: blends each image (and its labels) with another of the batch."""

import numpy as np

from kerasish import ops
from kerasish.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)


def _mix(values, transformation, dtype=None):
    """w * values + (1 - w) * values[permutation], one w per sample."""
    if dtype is not None:
        values = ops.cast(values, dtype)
    weight = transformation["mix_weight"]
    weight = weight.reshape((-1,) + (1,) * (len(np.shape(values)) - 1))
    weight = weight.astype(dtype or ops.dtype(values))
    partners = ops.take(values, transformation["permutation_order"], axis=0)
    return ops.add(ops.multiply(weight, values), ops.multiply(1.0 - weight, partners))


class MixUp(BaseImagePreprocessingLayer):
    """MixUp augmentation: each image becomes `w * image + (1 - w) * other`
    for another image of the batch (a random permutation) and a weight `w`
    drawn from Beta(alpha, alpha); labels are mixed with the same weights.

    Pass a dict `{"images": ..., "labels": ...}` to mix one-hot labels too;
    bounding boxes of both images are kept (concatenated) and segmentation
    masks are mixed like images. With `training=False` inputs pass through.

    Args:
        alpha: the Beta distribution's parameter: small values keep images
            mostly intact, larger ones blend more. Defaults to 0.2.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        seed: an int for reproducible draws, or None for the global random
            state.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        4-D `(batch, height, width, channels)` (or 3-D, a batch of one),
        or a dict with `"images"` and `"labels"` `(batch, classes)`.

    Output shape:
        The input's shape.

    Returns:
        A layer producing mixed images (and labels).

    Examples:
        >>> layer = keras.layers.MixUp(alpha=0.5, seed=1)
        >>> images = np.stack([np.zeros((2, 2, 1)), np.ones((2, 2, 1))]).astype("float32")
        >>> out = layer({"images": images, "labels": np.eye(2, dtype="float32")})
        >>> np.round(np.asarray(out["images"])[:, 0, 0, 0], 3)  # share of image 1
        array([0.977, 0.352], dtype=float32)
        >>> np.round(np.asarray(out["labels"]), 3)
        array([[0.023, 0.977],
               [0.648, 0.352]], dtype=float32)
    """

    _SUPPORTS_BOUNDING_BOXES = True

    def __init__(self, alpha=0.2, data_format=None, seed=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.alpha = alpha
        self._init_seed(seed)

    def get_random_transformation(self, images, training=True, rng=None):
        batch = np.shape(images)[0]
        return {"mix_weight": rng.beta(self.alpha, self.alpha, size=batch).astype("float32"),
                "permutation_order": rng.permutation(batch)}

    def transform_images(self, images, transformation, training=True):
        if not training:
            return images
        return _mix(images, transformation, self.compute_dtype)

    def transform_labels(self, labels, transformation, training=True):
        return _mix(labels, transformation) if training else labels

    def transform_segmentation_masks(self, segmentation_masks, transformation, training=True):
        return _mix(segmentation_masks, transformation) if training else segmentation_masks

    def transform_bounding_boxes(self, bounding_boxes, transformation, training=True):
        if not training:
            return bounding_boxes
        order = transformation["permutation_order"]
        boxes, labels = bounding_boxes["boxes"], bounding_boxes["labels"]
        return {"boxes": np.concatenate([boxes, boxes[order]], axis=1),
                "labels": np.concatenate([labels, labels[order]], axis=1)}

    def get_config(self):
        config = super().get_config()
        config.update({"alpha": self.alpha, "seed": self.seed})
        return config
