"""Cropping and resizing of image batches, written with kerasish's ops so
gradients flow through them. Images are 4-D: (batch, height, width,
channels) for "channels_last", (batch, channels, height, width) otherwise."""

import numpy as np

from kerasish import ops
from kerasish.layers.preprocessing.image_preprocessing.resize_weights import (
    RESIZE_INTERPOLATIONS,
    resize_matrix,
)


def spatial_axes(data_format):
    """The (height, width) axes of a 4-D batch."""
    return (1, 2) if data_format == "channels_last" else (2, 3)


def image_size(images, data_format):
    h_axis, w_axis = spatial_axes(data_format)
    shape = np.shape(images)
    return shape[h_axis], shape[w_axis]


def crop(images, top, left, height, width, data_format):
    """The `height` x `width` window of every image starting at (top, left)."""
    h_axis, w_axis = spatial_axes(data_format)
    images = ops.take(images, np.arange(top, top + height), axis=h_axis)
    return ops.take(images, np.arange(left, left + width), axis=w_axis)


def apply_along_axis(images, matrix, axis):
    """Output index i along `axis` = sum_j matrix[i, j] * input index j."""
    last = images.ndim - 1 if hasattr(images, "ndim") else len(np.shape(images)) - 1
    if axis == last:
        return ops.matmul(images, np.ascontiguousarray(matrix.T))
    perm = list(range(last + 1))
    perm[axis], perm[last - 1] = perm[last - 1], perm[axis]
    moved = ops.transpose(images, perm) if axis != last - 1 else images
    resized = ops.matmul(matrix, moved)
    return ops.transpose(resized, perm) if axis != last - 1 else resized


def aspect_ratio_crop_box(height, width, target_height, target_width):
    """(top, left, crop_height, crop_width) of the largest centred window
    with the target aspect ratio (the divisions in float32, as Keras's)."""
    f32 = np.float32
    crop_height = int(f32(width * target_height) / f32(target_width))
    crop_height = max(min(height, crop_height), 1)
    crop_width = int(f32(height * target_width) / f32(target_height))
    crop_width = max(min(width, crop_width), 1)
    top = int(f32(height - crop_height) / f32(2))
    left = int(f32(width - crop_width) / f32(2))
    return top, left, crop_height, crop_width


def pad_to_aspect_ratio(images, target_height, target_width, fill_value, data_format):
    """Pads the shorter side with `fill_value` (the same amount on both
    sides, as Keras does) towards the target aspect ratio."""
    f32 = np.float32
    height, width = image_size(images, data_format)
    pad_height = max(height, int(f32(width * target_height) / f32(target_width)))
    pad_width = max(width, int(f32(height * target_width) / f32(target_height)))
    top = int(f32(pad_height - height) / f32(2))
    left = int(f32(pad_width - width) / f32(2))
    h_axis, w_axis = spatial_axes(data_format)
    pad_width_spec = [(0, 0)] * 4
    pad_width_spec[h_axis] = (top, top)
    pad_width_spec[w_axis] = (left, left)
    if top == 0 and left == 0:
        return images
    return ops.pad(images, pad_width_spec, constant_values=fill_value)


def resize(images, size, interpolation="bilinear", antialias=False, crop_to_aspect_ratio=False,
           pad_to_aspect_ratio_=False, fill_value=0.0, data_format="channels_last"):
    """A float batch resized to `size` = (height, width) as TensorFlow resizes it."""
    target_height, target_width = size
    if crop_to_aspect_ratio:
        height, width = image_size(images, data_format)
        top, left, crop_h, crop_w = aspect_ratio_crop_box(height, width, target_height,
                                                          target_width)
        images = crop(images, top, left, crop_h, crop_w, data_format)
    elif pad_to_aspect_ratio_:
        images = pad_to_aspect_ratio(images, target_height, target_width, fill_value,
                                     data_format)
    height, width = image_size(images, data_format)
    h_axis, w_axis = spatial_axes(data_format)
    images = apply_along_axis(
        images, resize_matrix(height, target_height, interpolation, antialias), h_axis
    )
    return apply_along_axis(
        images, resize_matrix(width, target_width, interpolation, antialias), w_axis
    )


def check_interpolation(interpolation, allowed=RESIZE_INTERPOLATIONS):
    if interpolation not in allowed:
        raise ValueError(
            "Invalid value for argument `interpolation`. Expected of one "
            f"{allowed}. Received: interpolation={interpolation}"
        )


def saturate_cast(values, dtype):
    """Rounds float results and clips them into an integer dtype's range."""
    info = np.iinfo(dtype) if np.dtype(dtype).kind in "iu" else None
    values = ops.round(values)
    if info is not None:
        values = ops.clip(values, info.min, info.max)
    return ops.cast(values, dtype)
