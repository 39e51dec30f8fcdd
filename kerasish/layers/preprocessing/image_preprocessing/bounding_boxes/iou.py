"""Overlaps of bounding boxes: pairwise IoU and the complete IoU (CIoU)."""

import math

import numpy as np

from kerasish.layers.preprocessing.image_preprocessing.bounding_boxes import converters

_EPSILON = 1e-7  # keras.config.epsilon()


def _columns(boxes):
    return [boxes[..., i:i + 1] for i in range(4)]


def _swap_last_axes(values):
    return np.swapaxes(values, -1, -2)


def _image_size(bounding_box_format, image_shape):
    if "rel" in bounding_box_format and image_shape is None:
        raise ValueError("When using relative bounding box formats (e.g. `rel_yxyx`) the "
                         "`image_shape` argument must be provided."
                         f"Received `image_shape`: {image_shape}")
    return (None, None) if image_shape is None else tuple(image_shape[:2])


def compute_iou(boxes1, boxes2, bounding_box_format, use_masking=False, mask_val=-1,
                image_shape=None):
    """The intersection over union of every box of `boxes1` with every box
    of `boxes2`.

    Args:
        boxes1: boxes of shape (M, 4) or (batch, M, 4).
        boxes2: boxes of shape (N, 4) or (batch, N, 4).
        bounding_box_format: the boxes' format (see `convert_format`).
        use_masking: whether pairs with a box whose coordinates are all
            negative (padding) get `mask_val`. Defaults to False.
        mask_val: the value of masked pairs. Defaults to -1.
        image_shape: (height, width, channels), for relative formats.

    Returns:
        The IoUs, shape (M, N) or (batch, M, N).

    Raises:
        ValueError: for boxes of another rank, or a relative format without
            `image_shape`.

    Examples:
        >>> a = np.array([[0., 0., 2., 2.]])
        >>> b = np.array([[1., 1., 3., 3.], [0., 0., 2., 2.]])
        >>> np.round(keras.utils.bounding_boxes.compute_iou(a, b, "xyxy"), 4)
        array([[0.1429, 1.    ]], dtype=float32)
    """
    boxes1, boxes2 = np.asarray(boxes1), np.asarray(boxes2)
    for name, boxes in (("boxes1", boxes1), ("boxes2", boxes2)):
        if boxes.ndim not in (2, 3):
            raise ValueError(
                f"compute_iou() expects {name} to be batched, or to be unbatched. Received "
                f"len(boxes1.shape)={boxes1.ndim}, len(boxes2.shape)={boxes2.ndim}. Expected "
                f"either len({name}.shape)=2 AND or len({name}.shape)=3.")
    height, width = _image_size(bounding_box_format, image_shape)
    boxes1 = converters.convert_format(boxes1, bounding_box_format, "yxyx", height, width)
    boxes2 = converters.convert_format(boxes2, bounding_box_format, "yxyx", height, width)
    top1, left1, bottom1, right1 = _columns(boxes1)
    top2, left2, bottom2, right2 = (_swap_last_axes(c) for c in _columns(boxes2))
    zero = np.float32(0)
    heights = np.maximum(zero, np.minimum(bottom1, bottom2) - np.maximum(top1, top2))
    widths = np.maximum(zero, np.minimum(right1, right2) - np.maximum(left1, left2))
    intersection = heights * widths
    area1 = (bottom1 - top1) * (right1 - left1)
    area2 = (bottom2 - top2) * (right2 - left2)
    iou = intersection / (area1 + area2 - intersection + np.float32(_EPSILON))
    if not use_masking:
        return iou
    padding1 = boxes1.max(axis=-1, keepdims=True) < 0
    padding2 = _swap_last_axes(boxes2.max(axis=-1, keepdims=True) < 0)
    return np.where(padding1 | padding2, np.asarray(mask_val, iou.dtype), iou)


def compute_ciou(boxes1, boxes2, bounding_box_format, image_shape=None):
    """The complete IoU of matching boxes: IoU minus the squared centre
    distance over the enclosing box's squared diagonal, minus an
    aspect-ratio term.

    Args:
        boxes1: boxes of shape (..., 4).
        boxes2: boxes of the same shape (or broadcastable).
        bounding_box_format: the boxes' format; relative formats are
            refused (as Keras does).
        image_shape: unused with absolute formats (Keras's signature).

    Returns:
        The CIoU of each pair, shape `boxes1.shape[:-1]`.

    Raises:
        ValueError: for a relative format.

    Examples:
        >>> a = np.array([[0., 0., 2., 2.]])
        >>> b = np.array([[1., 1., 3., 3.]])
        >>> np.round(keras.utils.bounding_boxes.compute_ciou(a, b, "xyxy"), 4)
        array([0.0317], dtype=float32)
    """
    if "rel" in bounding_box_format:
        raise ValueError("When using relative bounding box formats (e.g. `rel_yxyx`) the "
                         "`image_shape` argument must be provided."
                         f"Received `image_shape`: {image_shape}")
    height, width = _image_size(bounding_box_format, image_shape)
    boxes1 = converters.convert_format(np.asarray(boxes1), bounding_box_format, "xyxy",
                                       height, width)
    boxes2 = converters.convert_format(np.asarray(boxes2), bounding_box_format, "xyxy",
                                       height, width)
    eps = np.float32(_EPSILON)
    x_min1, y_min1, x_max1, y_max1 = _columns(boxes1)
    x_min2, y_min2, x_max2, y_max2 = _columns(boxes2)
    width1, height1 = x_max1 - x_min1, y_max1 - y_min1 + eps
    width2, height2 = x_max2 - x_min2, y_max2 - y_min2 + eps
    intersection = (np.maximum(np.minimum(x_max1, x_max2) - np.maximum(x_min1, x_min2), 0)
                    * np.maximum(np.minimum(y_max1, y_max2) - np.maximum(y_min1, y_min2), 0))
    union = width1 * height1 + width2 * height2 - intersection + eps
    iou = (intersection / (union + eps))[..., 0]
    enclosing_width = np.maximum(x_max1, x_max2) - np.minimum(x_min1, x_min2)
    enclosing_height = np.maximum(y_max1, y_max2) - np.minimum(y_min1, y_min2)
    diagonal = (enclosing_width ** 2 + enclosing_height ** 2 + eps)[..., 0]
    centre_distance = (((x_min1 + x_max1) / 2 - (x_min2 + x_max2) / 2) ** 2
                       + ((y_min1 + y_max1) / 2 - (y_min2 + y_max2) / 2) ** 2)[..., 0]
    aspect = (np.float32(4 / math.pi ** 2)
              * (np.arctan(width2 / height2) - np.arctan(width1 / height1)) ** 2)[..., 0]
    alpha = aspect / (aspect - iou + (1 + eps))
    return iou - (centre_distance / diagonal + aspect * alpha)
