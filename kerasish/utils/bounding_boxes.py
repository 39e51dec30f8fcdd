"""`keras.utils.bounding_boxes`: bounding-box format conversion, clipping,
affine moves, crops, pads, anchor deltas and overlaps (the code lives with
the image layers that use it, as in Keras)."""

from kerasish.layers.preprocessing.image_preprocessing.bounding_boxes.converters import (  # noqa: F401
    affine_transform,
    clip_to_image_size,
    convert_format,
    crop,
    decode_deltas_to_boxes,
    encode_box_to_deltas,
    pad,
)
from kerasish.layers.preprocessing.image_preprocessing.bounding_boxes.iou import (  # noqa: F401
    compute_ciou,
    compute_iou,
)
