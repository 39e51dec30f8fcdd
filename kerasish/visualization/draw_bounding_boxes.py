"""`draw_bounding_boxes`: rectangles (and class names) drawn on images."""

import numpy as np

from kerasish.backend import config
from kerasish.visualization.draw_segmentation_masks import _check_batched


def _to_xyxy(boxes, bounding_box_format, height, width):
    if bounding_box_format.lower() == "xyxy":
        return np.asarray(boxes)
    # The converters come with the bounding-box preprocessing layers.
    from kerasish.layers.preprocessing.image_preprocessing.bounding_boxes.converters import (
        convert_format,
    )

    return np.asarray(convert_format(np.asarray(boxes, dtype="float32"), bounding_box_format,
                                     "xyxy", height, width))


def _as_uint8(images):
    """Keras's rule: floats up to 1 are scaled to [0, 255], others clipped."""
    images = np.asarray(images)
    if images.dtype.kind == "f" and images.size > 0:
        images = np.clip(images, 0, 1) * 255 if images.max() <= 1.0 else np.clip(images, 0, 255)
    return images.astype("uint8")


def _draw_rectangle(image, x1, y1, x2, y2, color, thickness):
    """Edges `thickness` pixels wide, centred on the box's edges (as OpenCV
    draws them), clipped to the image."""
    height, width = image.shape[:2]
    low, high = thickness // 2, (thickness - 1) // 2
    color = np.asarray(color, dtype=image.dtype)[: image.shape[-1]]

    def fill(top, bottom, left, right):
        top, left = max(top, 0), max(left, 0)
        bottom, right = min(bottom, height - 1), min(right, width - 1)
        if top <= bottom and left <= right:
            image[top:bottom + 1, left:right + 1] = color

    fill(y1 - low, y1 + high, x1 - low, x2 + high)  # top
    fill(y2 - low, y2 + high, x1 - low, x2 + high)  # bottom
    fill(y1 - low, y2 + high, x1 - low, x1 + high)  # left
    fill(y1 - low, y2 + high, x2 - low, x2 + high)  # right


def _text_location(x, y, font_scale, thickness):
    """Keras's placement: above the box when there is room, else inside it."""
    font_height = int(font_scale * 12)
    if y - 8 - 2 * font_height > 0:
        return x, y - 8
    return x + 3, y + 2 * font_height + thickness + 3


def _draw_text(image, text, origin, color, font_scale):
    from kerasish.utils.image_utils import require_pillow

    pil_image = require_pillow("draw_bounding_boxes")
    from PIL import ImageDraw, ImageFont

    canvas = pil_image.fromarray(image)
    try:
        font = ImageFont.load_default(size=max(int(round(12 * font_scale)), 1))
    except TypeError:  # Pillow < 10.1 has one bitmap size
        font = ImageFont.load_default()
    x, y = origin  # OpenCV's origin is the text's bottom left corner
    ImageDraw.Draw(canvas).text((x, y), text, fill=tuple(int(c) for c in color), font=font,
                                anchor="ls")
    image[...] = np.asarray(canvas)


def draw_bounding_boxes(images, bounding_boxes, bounding_box_format, class_mapping=None,
                        color=(128, 128, 128), line_thickness=2, text_thickness=1,
                        font_scale=1.0, data_format=None):
    """Draws each image's boxes, and the names of their classes, on the images.

    Boxes whose label is -1 are skipped (padding). The images become uint8
    as in Keras (floats up to 1 are scaled by 255, others clipped to
    [0, 255]); each box is a rectangle `line_thickness` pixels wide, and
    when `class_mapping` names its class, the name (with `| 0.87` when the
    boxes carry "confidences") is written above the box, at Keras's
    position. Keras draws with OpenCV; kerasish draws rectangles with NumPy
    and text with Pillow's built-in font (the `kerasish[images]` extra), so
    the letters' pixels differ from Keras's.

    Args:
        images: a batch `(batch, height, width, channels)`.
        bounding_boxes: a dict with "boxes" `(batch, num_boxes, 4)`,
            "labels" `(batch, num_boxes)` and optionally "confidences".
        bounding_box_format: the boxes' format ("xyxy", "xywh", "yxyx",
            "center_xywh", the "rel_" formats, ...).
        class_mapping: optional dict of class index to name.
        color: the RGB colour of boxes and text. Defaults to grey.
        line_thickness: the rectangles' width in pixels. Defaults to 2.
        text_thickness: the text's stroke (used for its placement).
        font_scale: the text size, 1.0 being about 12 pixels.
        data_format: "channels_last" or "channels_first"; None means
            `keras.config.image_data_format()`.

    Returns:
        A uint8 NumPy array of the images, channels last.

    Raises:
        ValueError: when `images` is not a 4D batch, or the dict lacks
            "boxes" or "labels".
        TypeError: when `bounding_boxes` is not a dict.

    Examples:
        >>> images = np.zeros((1, 6, 6, 3), dtype="uint8")
        >>> boxes = {"boxes": np.array([[[1, 1, 4, 4]]]), "labels": np.array([[0]])}
        >>> out = keras.visualization.draw_bounding_boxes(
        ...     images, boxes, "xyxy", color=(255, 0, 0), line_thickness=1)
        >>> out[0, :, :, 0] // 255
        array([[0, 0, 0, 0, 0, 0],
               [0, 1, 1, 1, 1, 0],
               [0, 1, 0, 0, 1, 0],
               [0, 1, 0, 0, 1, 0],
               [0, 1, 1, 1, 1, 0],
               [0, 0, 0, 0, 0, 0]], dtype=uint8)
    """
    class_mapping = class_mapping or {}
    text_thickness = text_thickness or line_thickness
    data_format = data_format or config.image_data_format()
    shape = _check_batched(images)
    if not isinstance(bounding_boxes, dict):
        raise TypeError(f"`bounding_boxes` should be a dict. Received: bounding_boxes="
                        f"{bounding_boxes} of type {type(bounding_boxes)}")
    if "boxes" not in bounding_boxes or "labels" not in bounding_boxes:
        raise ValueError("`bounding_boxes` should be a dict containing 'boxes' and 'labels' "
                         f"keys. Received: bounding_boxes={bounding_boxes}")
    height, width = (shape[1], shape[2]) if data_format == "channels_last" else shape[2:]
    boxes = _to_xyxy(bounding_boxes["boxes"], bounding_box_format, height, width)
    labels = np.asarray(bounding_boxes["labels"])
    confidences = bounding_boxes.get("confidences")
    images = _as_uint8(images)
    if data_format == "channels_first":
        images = np.transpose(images, (0, 2, 3, 1))
    images = np.ascontiguousarray(images)
    for i, image in enumerate(images):
        for j, box in enumerate(boxes[i]):
            label = int(np.asarray(labels[i][j]).astype("int32"))
            if label == -1:
                continue
            x1, y1, x2, y2 = (int(v) for v in np.asarray(box).astype("int32"))
            _draw_rectangle(image, x1, y1, x2, y2, color, line_thickness)
            if label in class_mapping:
                text = class_mapping[label]
                if confidences is not None:
                    text = f"{text} | {float(np.asarray(confidences)[i][j]):.2f}"
                origin = _text_location(x1, y1, font_scale, text_thickness)
                _draw_text(image, text, origin, color, font_scale)
    return images
