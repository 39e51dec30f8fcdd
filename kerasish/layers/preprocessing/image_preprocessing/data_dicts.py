"""Calls of the image layers on Keras's dict inputs:
`{"images": ..., "labels": ..., "bounding_boxes": {"boxes", "labels"},
"segmentation_masks": ...}`. One random transformation is drawn from the
images and applied to every entry present, by the layer's
`transform_images`, `transform_labels`, `transform_bounding_boxes` and
`transform_segmentation_masks`; a single image (rank 3) has its entries
batched for the transforms and unbatched again."""

import numpy as np

from kerasish import ops


def _value(x):
    return np.asarray(getattr(x, "value", x))


def _check_rank(images):
    shape = tuple(np.shape(images))
    if len(shape) not in (3, 4):
        raise ValueError("Expected image tensor to have rank 3 (single image) or 4 (batch of "
                         f"images). Received: data.shape={shape}")
    return len(shape) == 4


def densify_bounding_boxes(bounding_boxes, is_batched):
    """`{"boxes": float32 (batch, N, 4), "labels": (batch, N)}` from the
    user's dict (arrays, nested lists or tensors), batched if needed."""
    if (not isinstance(bounding_boxes, dict) or "labels" not in bounding_boxes
            or "boxes" not in bounding_boxes):
        raise ValueError("Expected `bounding_boxes` agurment to be a dict with keys 'boxes' and "
                         f"'labels'. Received: bounding_boxes={bounding_boxes}")
    boxes = _value(bounding_boxes["boxes"]).astype("float32")
    labels = _value(bounding_boxes["labels"])
    if boxes.ndim not in (2, 3):
        raise ValueError("Expected `bounding_boxes['boxes']` to have rank 2 or 3, with shape "
                         "(num_boxes, 4) or (batch_size, num_boxes, 4). Received: "
                         f"bounding_boxes['boxes'].shape={boxes.shape}")
    result = dict(bounding_boxes, boxes=boxes, labels=labels)
    if not is_batched:
        result["boxes"], result["labels"] = boxes[None], labels[None]
    return result


def _transform(layer, method_name, value, transformation, training, batched):
    method = getattr(layer, method_name, None)
    if method is None:
        raise NotImplementedError(
            f"{layer.__class__.__name__} does not transform "
            f"'{method_name.replace('transform_', '')}' in a dict input.")
    if batched:
        return method(value, transformation, training=training)
    return ops.squeeze(method(ops.expand_dims(value, 0), transformation, training=training), 0)


def call_on_dict(layer, data, training):
    """The layer's output for a dict input: a new dict with the same keys."""
    if "images" not in data:
        raise ValueError("A dict input of an image layer needs an 'images' entry. "
                         f"Received keys: {list(data)}")
    batched = _check_rank(data["images"])
    images = data["images"] if batched else ops.expand_dims(data["images"], 0)
    transformation = layer.get_random_transformation(images, training=training, rng=layer._rng())
    output = dict(data)
    output["images"] = _transform(layer, "transform_images", images, transformation, training,
                                  True)
    if not batched:
        output["images"] = ops.squeeze(output["images"], 0)
    if "bounding_boxes" in data:
        if not layer.bounding_box_format:
            raise ValueError(
                "You passed an input with a 'bounding_boxes' key, but you didn't specify a "
                "bounding box format. Pass a `bounding_box_format` argument to your "
                f"{layer.__class__.__name__} layer, e.g. `bounding_box_format='xyxy'`.")
        boxes = densify_bounding_boxes(data["bounding_boxes"], batched)
        boxes = layer.transform_bounding_boxes(boxes, transformation, training=training)
        if not batched:
            boxes = dict(boxes, boxes=_value(boxes["boxes"])[0], labels=_value(boxes["labels"])[0])
        output["bounding_boxes"] = boxes
    for key in ("labels", "segmentation_masks"):
        if key in data:
            output[key] = _transform(layer, f"transform_{key}", data[key], transformation,
                                     training, batched)
    return output


class KeepsAnnotations:
    """Mixed into image layers that change pixel values only (colour, blur,
    erasing): labels, bounding boxes and segmentation masks pass through."""

    def transform_labels(self, labels, transformation, training=True):
        return labels

    def transform_segmentation_masks(self, segmentation_masks, transformation, training=True):
        return segmentation_masks

    def transform_bounding_boxes(self, bounding_boxes, transformation, training=True):
        return bounding_boxes
