"""`CutMix`: pastes a patch of another image of the batch into each image."""

import numpy as np

from kerasish import ops
from kerasish.layers.preprocessing.image_preprocessing import image_utils
from kerasish.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)
from kerasish.layers.preprocessing.image_preprocessing.random_erasing import (
    box_masks,
    random_boxes,
)


class CutMix(BaseImagePreprocessingLayer):
    """CutMix augmentation: each image gets a rectangle cut from another
    image of the batch (a random permutation), and its labels become the
    area-weighted mix of both images' labels.

    The patch's sides are `sqrt(1 - w)` times the image's, with `w` drawn
    from Beta(a, a) and `a` drawn from `factor` once per batch; the labels'
    weight is the share of the image left uncovered. Segmentation masks are
    cut like images. With `training=False`, or a single image, inputs pass
    through (cast to the layer's dtype).

    Args:
        factor: the range of the Beta parameter `a`: a number `f` for
            [0, f], or a pair within [0, 1]. Defaults to 1.
        seed: an int for reproducible draws, or None for the global random
            state.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        4-D `(batch, height, width, channels)`, or a dict with `"images"`
        and `"labels"` `(batch, classes)`.

    Output shape:
        The input's shape.

    Returns:
        A layer producing cut-and-pasted images (and mixed labels).

    Raises:
        ValueError: for a factor outside [0, 1].

    Examples:
        >>> layer = keras.layers.CutMix(seed=1)
        >>> images = np.stack([np.zeros((4, 4, 1)), np.ones((4, 4, 1))]).astype("float32")
        >>> out = layer({"images": images, "labels": np.eye(2, dtype="float32")})
        >>> np.asarray(out["images"])[1, :, :, 0]  # a patch of image 0 in image 1
        array([[1., 1., 1., 1.],
               [1., 0., 0., 0.],
               [1., 0., 0., 0.],
               [1., 0., 0., 0.]], dtype=float32)
        >>> np.round(np.asarray(out["labels"]), 3)  # by the patch's (real-valued) area
        array([[0.976, 0.024],
               [0.788, 0.212]], dtype=float32)
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor=1.0, seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        self._init_seed(seed)

    def get_random_transformation(self, images, training=True, rng=None):
        shape = tuple(np.shape(images))
        if not training or shape[0] == 1:  # nothing to mix with
            return None
        batch = shape[0]
        height, width = image_utils.image_size(images, self.data_format)
        alpha = np.float32(rng.uniform(self.factor[0], self.factor[1])) + np.float32(1e-6)
        weight = rng.beta(alpha, alpha, size=batch).astype("float32")
        side_ratio = np.sqrt(np.float32(1.0) - weight)
        corners = random_boxes(rng, batch, height, width, np.stack([side_ratio] * 2, axis=1))
        x0, x1, y0, y1 = corners
        kept = np.float32(1.0) - (x1 - x0) * (y1 - y0) / np.float32(width * height)
        return {"permutation_order": rng.permutation(batch),
                # One channel, broadcast: segmentation masks have fewer than images.
                "batch_masks": box_masks(corners, height, width, 1, self.data_format),
                "mix_weight": kept.astype("float32")}

    def transform_images(self, images, transformation, training=True):
        images = ops.cast(images, self.compute_dtype)
        if not training or transformation is None:
            return images
        partners = ops.take(images, transformation["permutation_order"], axis=0)
        return ops.where(transformation["batch_masks"], partners, images)

    def transform_labels(self, labels, transformation, training=True):
        if not training or transformation is None:
            return labels
        weight = transformation["mix_weight"].reshape(-1, 1)
        partners = ops.take(labels, transformation["permutation_order"], axis=0)
        return ops.add(ops.multiply(weight, labels), ops.multiply(1.0 - weight, partners))

    def transform_segmentation_masks(self, segmentation_masks, transformation, training=True):
        return self.transform_images(segmentation_masks, transformation, training)

    def get_config(self):
        config = super().get_config()
        config.update({"factor": self.factor, "seed": self.seed})
        return config
