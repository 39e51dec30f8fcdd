"""`MaxNumBoundingBoxes`: pads or truncates bounding boxes to a fixed count."""

import numpy as np

from kerasish.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)


def _pad_or_truncate(values, count, fill_value):
    """`values` (batch, n, ...) cut or padded along axis 1 to `count`."""
    values = np.asarray(values)[:, :count]
    missing = count - values.shape[1]
    if missing > 0:
        spec = [(0, 0), (0, missing)] + [(0, 0)] * (values.ndim - 2)
        values = np.pad(values, spec, constant_values=fill_value)
    return values


class MaxNumBoundingBoxes(BaseImagePreprocessingLayer):
    """Gives every image exactly `max_number` bounding boxes: extra boxes
    (and their labels) are dropped, missing ones are added with the value
    `fill_value`. Images, labels and segmentation masks pass through.

    Call it on a dict `{"images": ..., "bounding_boxes": {"boxes": (batch,
    n, 4), "labels": (batch, n)}}`; as in Keras the layer needs a
    `bounding_box_format` to accept bounding boxes. Note that Keras's
    config does not record `fill_value`, and neither does kerasish's.

    Args:
        max_number: the number of boxes of every image.
        fill_value: the value of the added boxes' coordinates and labels.
            Defaults to -1.
        **kwargs: Base layer keyword arguments such as `name`, `dtype` and
            `bounding_box_format`.

    Input shape:
        A dict with `"images"` and `"bounding_boxes"` (or images alone).

    Output shape:
        The input's shapes with `max_number` boxes.

    Returns:
        A layer producing the dict with padded or truncated boxes.

    Examples:
        >>> layer = keras.layers.MaxNumBoundingBoxes(3, bounding_box_format="xyxy")
        >>> boxes = {"boxes": np.array([[[1, 2, 3, 4]]], "float32"),
        ...          "labels": np.array([[7]])}
        >>> out = layer({"images": np.zeros((1, 8, 8, 3)), "bounding_boxes": boxes})
        >>> out["bounding_boxes"]["labels"]
        array([[ 7, -1, -1]])
    """

    _SUPPORTS_BOUNDING_BOXES = True

    def __init__(self, max_number, fill_value=-1, **kwargs):
        super().__init__(**kwargs)
        self.max_number = int(max_number)
        self.fill_value = int(fill_value)

    def transform_images(self, images, transformation=None, training=True):
        return images

    def transform_labels(self, labels, transformation=None, training=True):
        return labels

    def transform_segmentation_masks(self, segmentation_masks, transformation=None,
                                     training=True):
        return segmentation_masks

    def transform_bounding_boxes(self, bounding_boxes, transformation, training=True):
        result = dict(bounding_boxes)
        result["boxes"] = _pad_or_truncate(bounding_boxes["boxes"], self.max_number,
                                           self.fill_value)
        result["labels"] = _pad_or_truncate(bounding_boxes["labels"], self.max_number,
                                            self.fill_value)
        return result

    def compute_output_shape(self, input_shape):
        if isinstance(input_shape, dict) and "bounding_boxes" in input_shape:
            extra = set(input_shape["bounding_boxes"]) - {"boxes", "labels"}
            if extra:
                raise KeyError(f"There are unsupported keys in `bounding_boxes`: {list(extra)}. "
                               "Only `boxes` and `labels` are supported.")
            for key in ("boxes", "labels"):
                shape = list(input_shape["bounding_boxes"][key])
                shape[1] = self.max_number
                input_shape["bounding_boxes"][key] = shape
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update({"max_number": self.max_number})
        return config
