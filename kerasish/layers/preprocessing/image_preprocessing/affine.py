"""Affine (projective) transforms of image batches, with the semantics of
TensorFlow's `ImageProjectiveTransformV3`, which Keras's random geometric
layers use.

A transform is 8 numbers [a0, a1, a2, b0, b1, b2, c0, c1] mapping each
OUTPUT pixel (x, y) (column, row; integer positions, no half-pixel offset)
to the INPUT point ((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k) with
k = c0 x + c1 y + 1. Points outside the image are first mapped back by
`fill_mode` ("reflect", "wrap", "nearest"; "constant" leaves them where they
are, and pixels read outside the image take `fill_value`), then sampled with
"nearest" (rounding half away from zero) or "bilinear" interpolation.
Coordinates are computed in float32, as TensorFlow does.

The result is a fixed weighted sum of input pixels plus a multiple of
`fill_value`, computed with `ops.take` and products, so gradients flow back
to the images.
"""

import numpy as np

from kerasish import ops

FILL_MODES = ("reflect", "wrap", "constant", "nearest")
INTERPOLATIONS = ("nearest", "bilinear")

_F32 = np.float32


def _truncate(values):
    """C++'s static_cast to an integer: toward zero."""
    return np.trunc(values).astype(_F32)


def _map_reflect(coord, size):
    if size <= 1:
        return np.zeros_like(coord)
    period = _F32(2 * size)
    low = coord < 0
    # Below zero: fold into (-2 size, 0], then mirror.
    folded = period * _truncate(-coord / period) + coord
    folded = np.where(folded < -size, folded + period, -folded - _F32(1))
    # Above the last pixel: fold into [0, 2 size), then mirror the upper half.
    high_coord = coord - period * _truncate(coord / period)
    high_coord = np.where(high_coord >= size, period - high_coord - _F32(1), high_coord)
    mapped = np.where(low, folded, np.where(coord > size - 1, high_coord, coord))
    return np.clip(mapped, 0, size - 1).astype(_F32)


def _map_wrap(coord, size):
    if size <= 1:
        return np.zeros_like(coord)
    span = _F32(size - 1)
    low = coord + _F32(size) * (_truncate(-coord / span) + _F32(1))
    high = coord - _F32(size) * _truncate(coord / span)
    mapped = np.where(coord < 0, low, np.where(coord > size - 1, high, coord))
    return np.clip(mapped, 0, size - 1).astype(_F32)


def _map_coordinates(coord, size, fill_mode):
    if fill_mode == "reflect":
        return _map_reflect(coord, size)
    if fill_mode == "wrap":
        return _map_wrap(coord, size)
    if fill_mode == "nearest":
        return np.clip(coord, 0, size - 1).astype(_F32)
    return coord


def _round_half_away(values):
    return np.sign(values) * np.floor(np.abs(values) + _F32(0.5))


def _sampling_taps(transforms, height, width, interpolation, fill_mode):
    """For every output pixel, the input pixels it reads and their weights:
    a list of (row, col, weight) arrays of shape (batch, height, width), and
    the projection-is-zero mask (those pixels are all fill)."""
    rows, cols = np.meshgrid(np.arange(height, dtype=_F32), np.arange(width, dtype=_F32),
                             indexing="ij")
    t = [np.asarray(transforms[:, i], _F32)[:, None, None] for i in range(8)]
    projection = t[6] * cols + t[7] * rows + _F32(1)
    degenerate = projection == 0
    safe = np.where(degenerate, _F32(1), projection)
    in_x = (t[0] * cols + t[1] * rows + t[2]) / safe
    in_y = (t[3] * cols + t[4] * rows + t[5]) / safe
    x = _map_coordinates(in_x, width, fill_mode)
    y = _map_coordinates(in_y, height, fill_mode)
    if interpolation == "nearest":
        return [(_round_half_away(y), _round_half_away(x), np.ones_like(x))], degenerate
    y0, x0 = np.floor(y), np.floor(x)
    y1, x1 = y0 + _F32(1), x0 + _F32(1)
    return [
        (y0, x0, (y1 - y) * (x1 - x)),
        (y0, x1, (y1 - y) * (x - x0)),
        (y1, x0, (y - y0) * (x1 - x)),
        (y1, x1, (y - y0) * (x - x0)),
    ], degenerate


def affine_transform(images, transforms, interpolation="bilinear", fill_mode="constant",
                     fill_value=0.0, data_format="channels_last"):
    """Applies one transform per image of a 4-D batch (`transforms` has shape
    (batch, 8), or (8,) for all images)."""
    transforms = np.asarray(transforms, _F32)
    if transforms.ndim == 1:
        transforms = transforms[None]
    if data_format == "channels_first":
        images = ops.transpose(images, (0, 2, 3, 1))
    batch, height, width, channels = np.shape(images)
    transforms = np.broadcast_to(transforms, (batch, 8))
    taps, degenerate = _sampling_taps(transforms, height, width, interpolation, fill_mode)
    flat = ops.reshape(images, (batch * height * width, channels))
    batch_offset = (np.arange(batch) * height * width)[:, None, None]
    output = None
    fill_weight = np.zeros((batch, height, width), _F32)
    for row, col, weight in taps:
        inside = (row >= 0) & (row < height) & (col >= 0) & (col < width) & ~degenerate
        index = batch_offset + np.where(inside, row * width + col, 0).astype(np.int64)
        pixel_weight = np.where(inside, weight, _F32(0)).astype(_F32)
        fill_weight += np.where(inside, _F32(0), weight)
        term = ops.multiply(ops.take(flat, index, axis=0), pixel_weight[..., None])
        output = term if output is None else ops.add(output, term)
    fill_weight = np.where(degenerate, _F32(1), fill_weight)
    if fill_value:
        fill = (fill_weight * _F32(fill_value))[..., None].astype(ops.dtype(images))
        output = ops.add(output, fill)
    if data_format == "channels_first":
        output = ops.transpose(output, (0, 3, 1, 2))
    return output


def check_fill_mode_and_interpolation(fill_mode, interpolation):
    """Keras's errors (NotImplementedError, as Keras raises) for the options
    of the geometric augmentation layers."""
    if fill_mode not in FILL_MODES:
        raise NotImplementedError(f"Unknown `fill_mode` {fill_mode}. Expected of one {FILL_MODES}.")
    if interpolation not in INTERPOLATIONS:
        raise NotImplementedError(
            f"Unknown `interpolation` {interpolation}. Expected of one {INTERPOLATIONS}."
        )


def rotation_matrices(angles_degrees, height, width):
    """Transforms rotating each image by its angle (degrees, counter-clockwise
    as displayed) about the image centre, computed in float32 as Keras does."""
    angles = np.asarray(angles_degrees, _F32) * _F32(np.pi / 180.0)
    cos, sin = np.cos(angles), np.sin(angles)
    cx, cy = _F32(0.5) * _F32(width - 1), _F32(0.5) * _F32(height - 1)
    a0, a1, b0, b1 = cos, -sin, sin, cos
    a2 = cx - cx * a0 - cy * a1
    b2 = cy - cx * b0 - cy * b1
    zeros = np.zeros_like(angles)
    return np.stack([a0, a1, a2, b0, b1, b2, zeros, zeros], axis=1).astype(_F32)


def zoom_matrices(width_zooms, height_zooms, height, width):
    """Transforms scaling sampling positions about the image centre: a zoom
    factor above 1 samples a larger area (the image looks smaller)."""
    zx, zy = np.asarray(width_zooms, _F32), np.asarray(height_zooms, _F32)
    x_offset = (_F32(width) - _F32(1)) / _F32(2) * (_F32(1) - zx)
    y_offset = (_F32(height) - _F32(1)) / _F32(2) * (_F32(1) - zy)
    zeros = np.zeros_like(zx)
    return np.stack([zx, zeros, x_offset, zeros, zy, y_offset, zeros, zeros], axis=1).astype(_F32)


def translation_matrices(dx, dy):
    """Transforms shifting images by (dx, dy) pixels (right and down)."""
    dx, dy = np.asarray(dx, _F32), np.asarray(dy, _F32)
    ones, zeros = np.ones_like(dx), np.zeros_like(dx)
    return np.stack([ones, zeros, -dx, zeros, ones, -dy, zeros, zeros], axis=1).astype(_F32)


def factor_range(factor, name, message, out_of_range):
    """(lower, upper) of a zoom or translation factor, with Keras's errors."""
    def check(value):
        if out_of_range(value):
            raise ValueError(message + f"Received: input_number={value}")

    if isinstance(factor, (tuple, list)):
        if len(factor) != 2:
            raise ValueError(message + f"Received: {name}={factor}")
        check(factor[0])
        check(factor[1])
        return tuple(sorted(factor))
    if isinstance(factor, (int, float)) and not isinstance(factor, bool):
        check(factor)
        return -abs(factor), abs(factor)
    raise ValueError(message + f"Received: {name}={factor}")


def transform_images(layer, images, transformation, training=True):
    """The `transform_images` method of the geometric layers: applies the
    drawn transforms in training, casts to the layer's dtype otherwise."""
    images = ops.cast(images, layer.compute_dtype)
    if not training:
        return images
    return affine_transform(images, transformation, layer.interpolation,
                            layer.fill_mode, layer.fill_value, layer.data_format)


def height_width_factor_config(layer, base_config):
    """The config of RandomZoom and RandomTranslation, in Keras's key order."""
    base_config.update({
        "height_factor": layer.height_factor,
        "width_factor": layer.width_factor,
        "fill_mode": layer.fill_mode,
        "interpolation": layer.interpolation,
        "seed": layer.seed,
        "fill_value": layer.fill_value,
        "data_format": layer.data_format,
    })
    return base_config
