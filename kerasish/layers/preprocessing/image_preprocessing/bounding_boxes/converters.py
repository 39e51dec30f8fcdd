"""`keras.utils.bounding_boxes`: converting, clipping, moving and encoding
bounding boxes, as NumPy arrays of shape (N, 4) or (batch, N, 4)."""

import math

import numpy as np

from kerasish.layers.preprocessing.image_preprocessing.bounding_boxes import formats

_EPSILON = 1e-7  # keras.config.epsilon()


def _value(x):
    return np.asarray(getattr(x, "value", x))


def convert_format(boxes, source, target, height=None, width=None, dtype="float32"):
    """Converts bounding boxes from one format to another.

    Formats (case-insensitive): `"xyxy"` (left, top, right, bottom),
    `"yxyx"`, `"xywh"` (left, top, width, height), `"center_xywh"`,
    `"center_yxhw"`, and `"rel_xyxy"`, `"rel_yxyx"`, `"rel_xywh"`,
    `"rel_center_xywh"`: the same as fractions of the image size.

    Args:
        boxes: an array whose last axis has 4 coordinates, or a dict whose
            `"boxes"` entry is one (the dict is updated and returned).
        source: the format of `boxes`.
        target: the format to convert to.
        height: the image height (needed with a relative format).
        width: the image width (needed with a relative format).
        dtype: the dtype of the result. Defaults to `"float32"`.

    Returns:
        The converted boxes (or the dict holding them).

    Raises:
        ValueError: on an unknown format, a last axis that is not 4, or a
            relative format without `height` and `width`.

    Examples:
        >>> boxes = np.array([[10, 20, 30, 60]])
        >>> keras.utils.bounding_boxes.convert_format(boxes, "xyxy", "center_xywh")
        array([[20., 40., 20., 40.]], dtype=float32)
        >>> keras.utils.bounding_boxes.convert_format(
        ...     boxes, "xyxy", "rel_xyxy", height=100, width=50)
        array([[0.2, 0.2, 0.6, 0.6]], dtype=float32)
    """
    if isinstance(boxes, dict):
        boxes["boxes"] = convert_format(boxes["boxes"], source, target, height, width, dtype)
        return boxes
    boxes = _value(boxes)
    if np.shape(boxes)[-1] != 4:
        raise ValueError("`boxes` must be a tensor with the last dimension of 4. "
                         f"Received: boxes.shape={np.shape(boxes)}")
    source, target = source.lower(), target.lower()
    if source not in formats.SUPPORTED_FORMATS or target not in formats.SUPPORTED_FORMATS:
        raise ValueError("Invalid source or target format. "
                         f"Supported formats: {formats.SUPPORTED_FORMATS}")
    if (source.startswith("rel_") or target.startswith("rel_")) and (
            width is None or height is None):
        raise ValueError(
            "convert_format() must receive `height` and `width` transforming between "
            f"relative and absolute formats.convert_format() received source=`{source}`, "
            f"target=`{target}, but height={height} and width={width}.")
    boxes = boxes.astype(dtype)
    if source == target:
        return boxes
    cast = np.dtype(dtype).type
    height = None if height is None else cast(height)
    width = None if width is None else cast(width)
    if source.startswith("rel_") and target.startswith("rel_"):
        # Between two relative formats the image size cancels out.
        source, target = source[4:], target[4:]
    xyxy = formats.to_xyxy(boxes, source, height, width)
    return formats.from_xyxy(xyxy, target, height, width).astype(dtype)


def clip_to_image_size(bounding_boxes, height=None, width=None, bounding_box_format="xyxy"):
    """Clips boxes to the image and marks the labels of empty boxes with -1.

    Args:
        bounding_boxes: a dict with `"boxes"` ((N, 4) or (batch, N, 4)) and
            optionally `"labels"` ((N,) or (batch, N)).
        height: the image height (needed for `"xyxy"`).
        width: the image width (needed for `"xyxy"`).
        bounding_box_format: `"xyxy"` (default) or `"rel_xyxy"` (clipped
            to [0, 1]).

    Returns:
        A new dict with the clipped boxes, and labels set to -1 where a box
        has no area left.

    Raises:
        NotImplementedError: for another format (as Keras).
        ValueError: for `"xyxy"` without `height` and `width`.

    Examples:
        >>> boxes = {"boxes": np.array([[-10., 5., 30., 80.], [60., 10., 90., 20.]]),
        ...          "labels": np.array([1, 2])}
        >>> out = keras.utils.bounding_boxes.clip_to_image_size(boxes, height=50, width=50)
        >>> out["boxes"]
        array([[ 0.,  5., 30., 50.],
               [50., 10., 50., 20.]])
        >>> out["labels"]
        array([ 1, -1])
    """
    if bounding_box_format not in ("xyxy", "rel_xyxy"):
        raise NotImplementedError
    if bounding_box_format == "xyxy" and (height is None or width is None):
        raise ValueError("`height` and `width` must be set if `format='xyxy'`.")
    boxes = _value(bounding_boxes["boxes"])
    labels = bounding_boxes.get("labels")
    if bounding_box_format == "xyxy":
        high_x, high_y = np.asarray(width, boxes.dtype), np.asarray(height, boxes.dtype)
    else:
        high_x = high_y = np.asarray(1.0, boxes.dtype)
    zero = np.asarray(0, boxes.dtype)
    boxes = np.concatenate([np.clip(boxes[..., 0:1], zero, high_x),
                            np.clip(boxes[..., 1:2], zero, high_y),
                            np.clip(boxes[..., 2:3], zero, high_x),
                            np.clip(boxes[..., 3:4], zero, high_y)], axis=-1)
    result = dict(bounding_boxes)
    result["boxes"] = boxes
    if labels is not None:
        areas = formats.area(boxes)[..., 0]
        result["labels"] = np.where(areas > 0, _value(labels), -1)
    return result


def _inverse_affine_matrices(center_x, center_y, angle, translate_x, translate_y, scale,
                             shear_x, shear_y, height, width):
    """(batch, 2, 3) matrices moving box corners as the image layers move
    pixels (the inverse of the sampling transform), computed like Keras."""
    dtype = np.asarray(angle).dtype
    angle, shear_x, shear_y = -np.asarray(angle), -np.asarray(shear_x), -np.asarray(shear_y)
    cx, cy = center_x * (width - 1), center_y * (height - 1)
    rotation = angle * (1.0 / 180.0 * math.pi)
    tx, ty = -np.asarray(translate_x) * (width - 1), -np.asarray(translate_y) * (height - 1)
    sx, sy = shear_x * (1.0 / 180.0 * math.pi), shear_y * (1.0 / 180.0 * math.pi)
    a = np.cos(rotation - sy) / np.cos(sy)
    b = a * np.tan(sx) + np.sin(rotation)
    c = -np.sin(rotation - sy) / np.cos(sy)
    d = np.cos(rotation) - c * np.tan(sx)
    a0, a1, b0, b1 = d * scale, -b * scale, -c * scale, a * scale
    a2 = cx - a0 * (cx + tx) - a1 * (cy + ty)
    b2 = cy - b0 * (cx + tx) - b1 * (cy + ty)
    rows = [np.broadcast_to(v, np.shape(a0)) for v in (a0, a1, a2, b0, b1, b2)]
    return np.stack(rows, axis=-1).reshape(-1, 2, 3).astype(dtype)


def affine_transform(boxes, angle, translate_x, translate_y, scale, shear_x, shear_y, height,
                     width, center_x=None, center_y=None, bounding_box_format="xyxy"):
    """Moves boxes by a rotation, translation, scaling and shear (one per
    image) and returns the axis-aligned boxes around the moved corners.

    Args:
        boxes: "xyxy" boxes of shape (batch, N, 4).
        angle: the rotation in degrees, one per image (shape (batch,)).
        translate_x: the horizontal shift as a fraction of the width.
        translate_y: the vertical shift as a fraction of the height.
        scale: the scaling factor.
        shear_x: the horizontal shear angle in degrees.
        shear_y: the vertical shear angle in degrees.
        height: the image height.
        width: the image width.
        center_x: the centre of the transform as a fraction of the width
            (default 0.5).
        center_y: the same for the height (default 0.5).
        bounding_box_format: only `"xyxy"`.

    Returns:
        The transformed boxes, shape (batch, N, 4).

    Raises:
        NotImplementedError: for a format other than `"xyxy"` (as Keras).

    Examples:
        >>> boxes = np.array([[[10., 10., 20., 30.]]], dtype="float32")
        >>> zero = np.zeros(1, "float32")
        >>> keras.utils.bounding_boxes.affine_transform(
        ...     boxes, zero, np.full(1, 0.5, "float32"), zero, 1.0, zero, zero,
        ...     height=41, width=41)
        array([[[30., 10., 40., 30.]]], dtype=float32)
    """
    if bounding_box_format != "xyxy":
        raise NotImplementedError
    center_x = 0.5 if center_x is None else center_x
    center_y = 0.5 if center_y is None else center_y
    matrices = _inverse_affine_matrices(center_x, center_y, angle, translate_x, translate_y,
                                        scale, shear_x, shear_y, height, width)
    boxes = _value(boxes).astype(matrices.dtype)
    batch, count = boxes.shape[:2]
    corners = boxes[..., [0, 1, 2, 1, 2, 3, 0, 3]].reshape(batch, count, 4, 2)
    corners = np.concatenate([corners, np.ones((batch, count, 4, 1), corners.dtype)], axis=-1)
    moved = np.einsum("bnkc,bdc->bnkd", corners, matrices)
    return np.concatenate([moved.min(axis=2), moved.max(axis=2)], axis=-1)


def crop(boxes, top, left, height, width, bounding_box_format="xyxy"):
    """The boxes in the coordinates of a crop of the image, clipped to it.

    Args:
        boxes: "xyxy" boxes, shape (N, 4) or (batch, N, 4).
        top: the crop's first row.
        left: the crop's first column.
        height: the crop's height.
        width: the crop's width.
        bounding_box_format: only `"xyxy"`.

    Returns:
        The boxes shifted by (-left, -top) and clipped to the crop.

    Raises:
        NotImplementedError: for a format other than `"xyxy"` (as Keras).

    Examples:
        >>> boxes = np.array([[10, 20, 50, 60], [70, 80, 100, 120]])
        >>> keras.utils.bounding_boxes.crop(boxes, top=10, left=20, height=40, width=30)
        array([[ 0, 10, 30, 40],
               [30, 40, 30, 40]])
    """
    if bounding_box_format != "xyxy":
        raise NotImplementedError
    boxes = _value(boxes)
    x1, y1, x2, y2 = (boxes[..., i:i + 1] for i in range(4))
    return np.concatenate([np.clip(x1 - left, 0, width), np.clip(y1 - top, 0, height),
                           np.clip(x2 - left, 0, width), np.clip(y2 - top, 0, height)], axis=-1)


def pad(boxes, top, left, height=None, width=None, bounding_box_format="xyxy"):
    """The boxes in the coordinates of the image padded by `top` rows and
    `left` columns.

    Args:
        boxes: "xyxy" boxes, shape (N, 4) or (batch, N, 4).
        top: rows added above the image.
        left: columns added to its left.
        height: unused (Keras's signature).
        width: unused (Keras's signature).
        bounding_box_format: only `"xyxy"`.

    Returns:
        The shifted boxes.

    Raises:
        NotImplementedError: for a format other than `"xyxy"` (as Keras).

    Examples:
        >>> keras.utils.bounding_boxes.pad(np.array([[1, 2, 3, 4]]), top=10, left=5)
        array([[ 6, 12,  8, 14]])
    """
    if bounding_box_format != "xyxy":
        raise NotImplementedError
    boxes = _value(boxes)
    return boxes + np.asarray([left, top, left, top], dtype=np.result_type(boxes, top, left))


def _check_variance(variance):
    if variance is None:
        return None
    variance = np.asarray(_value(variance), "float32")
    if variance.shape[-1] != 4:
        raise ValueError(f"`variance` must be length 4, got {variance}")
    return variance


def _image_size(image_shape):
    return (None, None) if image_shape is None else tuple(image_shape[:2])


def encode_box_to_deltas(anchors, boxes, anchor_format, box_format,
                         encoding_format="center_yxhw", variance=None, image_shape=None):
    """The offsets and log-scales that turn anchors into boxes.

    Args:
        anchors: anchor boxes, shape (N, 4).
        boxes: boxes to encode, shape (N, 4) or (batch, N, 4).
        anchor_format: the format of `anchors`.
        box_format: the format of `boxes`.
        encoding_format: `"center_yxhw"` (default) or `"center_xywh"`.
        variance: 4 numbers the deltas are divided by, or None.
        image_shape: (height, width, channels), for relative formats.

    Returns:
        The deltas, shape of `boxes`.

    Raises:
        ValueError: for a `variance` not of length 4 or another
            `encoding_format`.

    Examples:
        >>> anchors = np.array([[0., 0., 10., 10.]])
        >>> boxes = np.array([[1., 2., 11., 22.]])
        >>> deltas = keras.utils.bounding_boxes.encode_box_to_deltas(
        ...     anchors, boxes, "xyxy", "xyxy", encoding_format="center_xywh")
        >>> deltas
        array([[0.1   , 0.7   , 0.    , 0.6931]], dtype=float32)
    """
    variance = _check_variance(variance)
    if encoding_format not in ["center_xywh", "center_yxhw"]:
        raise ValueError("`encoding_format` should be one of 'center_xywh' or 'center_yxhw', "
                         f"got {encoding_format}")
    height, width = _image_size(image_shape)
    anchors = convert_format(anchors, anchor_format, encoding_format, height, width)
    boxes = convert_format(boxes, box_format, encoding_format, height, width)
    anchor_sizes = np.maximum(anchors[..., 2:], np.float32(_EPSILON))
    box_sizes = np.maximum(boxes[..., 2:], np.float32(_EPSILON))
    deltas = np.concatenate([(boxes[..., :2] - anchors[..., :2]) / anchor_sizes,
                             np.log(box_sizes / anchor_sizes)], axis=-1)
    return deltas / variance if variance is not None else deltas


def decode_deltas_to_boxes(anchors, boxes_delta, anchor_format, box_format,
                           encoded_format="center_yxhw", variance=None, image_shape=None):
    """The boxes that deltas (from `encode_box_to_deltas`) make of anchors.

    Args:
        anchors: anchor boxes, shape (N, 4), or a dict of them by level.
        boxes_delta: deltas, shape (N, 4) or (batch, N, 4), or a dict
            shaped like `anchors`.
        anchor_format: the format of `anchors`.
        box_format: the format of the returned boxes.
        encoded_format: `"center_yxhw"` (default) or `"center_xywh"`.
        variance: 4 numbers the deltas are multiplied by, or None.
        image_shape: (height, width, channels), for relative formats.

    Returns:
        The decoded boxes (a dict by level when given dicts).

    Raises:
        ValueError: for a `variance` not of length 4 or another
            `encoded_format`.

    Examples:
        >>> anchors = np.array([[0., 0., 10., 10.]])
        >>> deltas = np.array([[0.1, 0.7, 0.0, np.log(2.0)]])
        >>> keras.utils.bounding_boxes.decode_deltas_to_boxes(
        ...     anchors, deltas, "xyxy", "xyxy", encoded_format="center_xywh")
        array([[ 1.,  2., 11., 22.]], dtype=float32)
    """
    variance = _check_variance(variance)
    if encoded_format not in ["center_xywh", "center_yxhw"]:
        raise ValueError("`encoded_format` should be 'center_xywh' or 'center_yxhw', but got "
                         f"'{encoded_format}'.")
    height, width = _image_size(image_shape)

    def decode(anchor, delta):
        anchor = convert_format(anchor, anchor_format, encoded_format, height, width)
        delta = _value(delta)
        if variance is not None:
            delta = delta * variance
        box = np.concatenate([delta[..., :2] * anchor[..., 2:] + anchor[..., :2],
                              np.exp(delta[..., 2:]) * anchor[..., 2:]], axis=-1)
        return convert_format(box, encoded_format, box_format, height, width)

    if isinstance(anchors, dict) and isinstance(boxes_delta, dict):
        return {level: decode(anchor, boxes_delta[level]) for level, anchor in anchors.items()}
    return decode(anchors, boxes_delta)
