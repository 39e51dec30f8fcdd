"""Image resizing as TensorFlow's `tf.image.resize` computes it (the numbers
Keras's `Resizing` gives), written as one weight matrix per spatial axis.

Every method TensorFlow offers is separable: output row `i` is a weighted
sum of input rows, and likewise for columns. So resizing is two matrix
products, differentiable through kerasish's ops, and the only work is to
reproduce TensorFlow's weights:

- "bilinear", "nearest", "bicubic" without antialiasing: half-pixel
  centres, input position `(i + 0.5) * in / out - 0.5`. Bicubic is Keys's
  cubic (a = -0.5) with weights looked up in a 1024-entry table and
  renormalized where taps fall outside the image.
- "area": each output pixel averages the input interval it covers.
- "lanczos3", "lanczos5", and "bilinear"/"bicubic" with antialiasing: the
  `scale_and_translate` sampler, whose kernel is stretched by the
  downscaling factor when antialiasing.
Positions are computed in float32, as TensorFlow's kernels do, so that
nearest-neighbour choices at exact ties agree.
"""

import math

import numpy as np

RESIZE_INTERPOLATIONS = ("bilinear", "nearest", "lanczos3", "lanczos5", "bicubic", "area")

_F32 = np.float32
_CUBIC_TABLE_SIZE = 1024


def resize_matrix(in_size, out_size, interpolation, antialias=False):
    """The (out_size, in_size) float32 matrix resizing one axis."""
    if interpolation == "bilinear" and antialias:
        return _scale_and_translate(in_size, out_size, _triangle, 1.0, antialias)
    if interpolation == "bicubic" and antialias:
        return _scale_and_translate(in_size, out_size, _keys_cubic, 2.0, antialias)
    if interpolation == "lanczos3":
        return _scale_and_translate(in_size, out_size, _lanczos(3), 3.0, antialias)
    if interpolation == "lanczos5":
        return _scale_and_translate(in_size, out_size, _lanczos(5), 5.0, antialias)
    builders = {"bilinear": _bilinear, "nearest": _nearest, "bicubic": _bicubic, "area": _area}
    return builders[interpolation](in_size, out_size)


def _half_pixel_positions(in_size, out_size):
    scale = _F32(in_size) / _F32(out_size)
    return (np.arange(out_size, dtype=_F32) + _F32(0.5)) * scale - _F32(0.5)


def _bilinear(in_size, out_size):
    position = _half_pixel_positions(in_size, out_size)
    floor = np.floor(position)
    fraction = position - floor
    lower = np.clip(floor, 0, in_size - 1).astype(int)
    upper = np.clip(np.ceil(position), 0, in_size - 1).astype(int)
    matrix = np.zeros((out_size, in_size), _F32)
    rows = np.arange(out_size)
    np.add.at(matrix, (rows, lower), _F32(1) - fraction)
    np.add.at(matrix, (rows, upper), fraction)
    return matrix


def _nearest(in_size, out_size):
    scale = _F32(in_size) / _F32(out_size)
    position = (np.arange(out_size, dtype=_F32) + _F32(0.5)) * scale
    index = np.clip(np.floor(position).astype(int), 0, in_size - 1)
    matrix = np.zeros((out_size, in_size), _F32)
    matrix[np.arange(out_size), index] = 1
    return matrix


def _cubic_table():
    """Keys's cubic (a = -0.5) sampled at 1/1024 steps: for each offset `t`
    in [0, 1] the weights of the taps at distance t and 1 + t."""
    a = -0.5
    t = np.arange(_CUBIC_TABLE_SIZE + 1, dtype=np.float64) / _CUBIC_TABLE_SIZE
    near = ((a + 2) * t - (a + 3)) * t * t + 1
    far_t = t + 1.0
    far = ((a * far_t - 5 * a) * far_t + 8 * a) * far_t - 4 * a
    return near.astype(_F32), far.astype(_F32)


def _bicubic(in_size, out_size):
    near, far = _cubic_table()
    matrix = np.zeros((out_size, in_size), _F32)
    for row, position in enumerate(_half_pixel_positions(in_size, out_size)):
        base = int(math.floor(position))
        offset = int(np.rint(_F32(position - _F32(base)) * _F32(_CUBIC_TABLE_SIZE)))
        taps = (base - 1, base, base + 1, base + 2)
        weights = (far[offset], near[offset], near[_CUBIC_TABLE_SIZE - offset],
                   far[_CUBIC_TABLE_SIZE - offset])
        # Taps outside the image get no weight; the others are renormalized.
        inside = [(tap, w) for tap, w in zip(taps, weights) if 0 <= tap < in_size]
        total = _F32(sum(w for _, w in inside))
        for tap, weight in inside:
            matrix[row, tap] += weight / total if abs(total) >= 1000 * np.finfo(_F32).tiny else weight
    return matrix


def _area(in_size, out_size):
    scale = _F32(in_size) / _F32(out_size)
    matrix = np.zeros((out_size, in_size), _F32)
    for row in range(out_size):
        start, end = _F32(row) * scale, _F32(row + 1) * scale
        for index in range(int(math.floor(start)), int(math.ceil(end))):
            overlap = min(_F32(index + 1), end) - max(_F32(index), start)
            matrix[row, min(index, in_size - 1)] += overlap / scale
    return matrix


def _triangle(x):
    return max(0.0, 1.0 - x)


def _keys_cubic(x):
    if x >= 2.0:
        return 0.0
    if x >= 1.0:
        return ((-0.5 * x + 2.5) * x - 4.0) * x + 2.0
    return (1.5 * x - 2.5) * x * x + 1.0


def _lanczos(radius):
    def kernel(x):
        if x > radius:
            return 0.0
        if x <= 1e-3:
            return 1.0
        return radius * math.sin(math.pi * x) * math.sin(math.pi * x / radius) / (
            math.pi * math.pi * x * x)
    return kernel


def _scale_and_translate(in_size, out_size, kernel, radius, antialias):
    """TensorFlow's `scale_and_translate` weights (no translation): each
    output pixel centre maps back into the input; nearby input pixels are
    weighted by the kernel (stretched when downscaling with antialiasing)
    and the weights normalized to sum to 1."""
    scale = _F32(out_size) / _F32(in_size)
    inv_scale = _F32(1.0) / scale
    kernel_scale = max(float(inv_scale), 1.0) if antialias else 1.0
    reach = radius * kernel_scale
    matrix = np.zeros((out_size, in_size), _F32)
    for row in range(out_size):
        sample = float(_F32(row + 0.5) * inv_scale)
        if sample < 0 or sample > in_size:
            continue
        start = min(max(math.ceil(sample - reach - 0.5), 0), in_size - 1)
        end = min(max(math.floor(sample + reach - 0.5), 0), in_size - 1) + 1
        weights = [kernel(abs((source + 0.5 - sample) / kernel_scale))
                   for source in range(start, end)]
        total = sum(weights)
        if abs(total) >= 1000 * float(np.finfo(_F32).tiny):
            weights = [w / total for w in weights]
        matrix[row, start:end] = weights
    return matrix
