"""The bounding-box formats Keras knows, as (left, top, right, bottom)
conversions: every format goes through "xyxy" (absolute corner
coordinates)."""

import numpy as np

SUPPORTED_FORMATS = (
    "xyxy", "yxyx", "xywh", "center_xywh", "center_yxhw",
    "rel_xyxy", "rel_yxyx", "rel_xywh", "rel_center_xywh",
)


def _split(boxes):
    return [boxes[..., i:i + 1] for i in range(4)]


def _join(*parts):
    return np.concatenate(parts, axis=-1)


def _center_to_corners(cx, cy, w, h):
    half_w, half_h = w / 2.0, h / 2.0
    return cx - half_w, cy - half_h, cx + half_w, cy + half_h


def to_xyxy(boxes, source, height, width):
    """`boxes` in format `source` as absolute (x1, y1, x2, y2)."""
    a, b, c, d = _split(boxes)
    if source == "xyxy":
        return boxes
    if source == "yxyx":
        return _join(b, a, d, c)
    if source == "xywh":
        return _join(a, b, a + c, b + d)
    if source == "center_xywh":
        return _join(*_center_to_corners(a, b, c, d))
    if source == "center_yxhw":
        return _join(*_center_to_corners(b, a, d, c))
    if source == "rel_xyxy":
        return _join(a * width, b * height, c * width, d * height)
    if source == "rel_yxyx":
        return _join(b * width, a * height, d * width, c * height)
    if source == "rel_xywh":
        return _join(a * width, b * height, (a + c) * width, (b + d) * height)
    x1, y1, x2, y2 = _center_to_corners(a, b, c, d)  # rel_center_xywh
    return _join(x1 * width, y1 * height, x2 * width, y2 * height)


def from_xyxy(boxes, target, height, width):
    """Absolute (x1, y1, x2, y2) boxes in format `target`."""
    x1, y1, x2, y2 = _split(boxes)
    w, h = x2 - x1, y2 - y1
    cx, cy = x1 + w / 2.0, y1 + h / 2.0
    if target == "xyxy":
        return boxes
    if target == "yxyx":
        return _join(y1, x1, y2, x2)
    if target == "xywh":
        return _join(x1, y1, w, h)
    if target == "center_xywh":
        return _join(cx, cy, w, h)
    if target == "center_yxhw":
        return _join(cy, cx, h, w)
    if target == "rel_xyxy":
        return _join(x1 / width, y1 / height, x2 / width, y2 / height)
    if target == "rel_yxyx":
        return _join(y1 / height, x1 / width, y2 / height, x2 / width)
    if target == "rel_xywh":
        return _join(x1 / width, y1 / height, w / width, h / height)
    return _join(cx / width, cy / height, w / width, h / height)  # rel_center_xywh


def area(xyxy_boxes):
    """The (signed) areas of (x1, y1, x2, y2) boxes, shape (..., 1)."""
    x1, y1, x2, y2 = _split(xyxy_boxes)
    return (x2 - x1) * (y2 - y1)
