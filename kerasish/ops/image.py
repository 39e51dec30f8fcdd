"""`keras.ops.image`: resizing, cropping and padding, colour-space
conversions, patches, blurring and geometric transforms of image batches
`(batch, height, width, channels)` (or a single image without the batch
axis; "channels_first" data is transposed first).

Resizing is separable: each spatial axis is multiplied by an
`(out, in)` interpolation matrix (nearest, bilinear or bicubic with
TensorFlow's half-pixel centers), so it is differentiable through matmul.
Geometric transforms sample with gathers and bilinear weights, also
differentiable in the images.
"""

import sys

import numpy as np

from kerasish.backend import config
from kerasish.ops.array_ops import _gather_by
from kerasish.ops.numpy import (
    _floating,
    _operand,
    _value,
    add,
    cast,
    matmul,
    multiply,
    reshape,
    transpose,
)


def _array(x):
    return np.asarray(_value(x))


def _data_format(data_format):
    data_format = data_format or config.image_data_format()
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError("`data_format` must be 'channels_last' or 'channels_first'. "
                         f"Received: data_format={data_format}")
    return data_format


def _as_batch(images, data_format, name="images"):
    """(images as a channels-last 4-D batch, a function undoing the changes)."""
    images = _operand(images)
    shape = np.shape(_value(images))
    if len(shape) not in (3, 4):
        raise ValueError("Invalid images rank: expected rank 3 (single image) or rank 4 (batch "
                         f"of images). Received input with shape: {name}.shape={shape}")
    single = len(shape) == 3
    if single:
        images = reshape(images, (1,) + shape)
    first = _data_format(data_format) == "channels_first"
    if first:
        images = transpose(images, (0, 2, 3, 1))

    def restore(out):
        if first:
            out = transpose(out, (0, 3, 1, 2))
        if single:
            out = reshape(out, np.shape(_value(out))[1:])
        return out

    return images, restore


# ------------------------------------------------------------------ resize


def _cubic(t, a=-0.5):
    t = np.abs(t)
    return np.where(t <= 1, ((a + 2) * t - (a + 3)) * t * t + 1,
                    np.where(t < 2, ((a * t - 5 * a) * t + 8 * a) * t - 4 * a, 0.0))


def _interpolation_matrix(in_size, out_size, method, antialias):
    """(out_size, in_size) weights with half-pixel centers, as tf.image.resize."""
    scale = in_size / out_size
    centers = (np.arange(out_size) + 0.5) * scale - 0.5
    weights = np.zeros((out_size, in_size))
    rows = np.arange(out_size)
    if method == "nearest":
        index = np.minimum(np.floor((np.arange(out_size) + 0.5) * scale), in_size - 1)
        weights[rows, index.astype(int)] = 1.0
        return weights
    if method in ("bilinear", "bicubic") and (antialias and scale > 1):
        # Downsampling with antialiasing: the kernel is stretched by the
        # scale, so every input pixel under it contributes (tf's scale_and_translate).
        kernel = (lambda t: np.maximum(0, 1 - np.abs(t))) if method == "bilinear" else _cubic
        positions = np.arange(in_size)[None, :]
        weights = kernel((positions - centers[:, None]) / scale)
        return weights / weights.sum(axis=1, keepdims=True)
    if method == "bilinear":
        low = np.floor(centers)
        frac = centers - low
        for offset, w in ((0, 1 - frac), (1, frac)):
            np.add.at(weights, (rows, np.clip(low + offset, 0, in_size - 1).astype(int)), w)
        return weights
    if method == "bicubic":
        low = np.floor(centers)
        # TensorFlow reads the kernel from a table of 1024 steps: the same
        # rounding of the fraction gives the same weights.
        frac = np.round((centers - low) * 1024) / 1024
        for offset in (-1, 0, 1, 2):
            index = low + offset
            inside = (index >= 0) & (index < in_size)
            w = _cubic(frac - offset) * inside  # taps outside are dropped, the rest renormalized
            np.add.at(weights, (rows, np.clip(index, 0, in_size - 1).astype(int)), w)
        return weights / weights.sum(axis=1, keepdims=True)
    raise ValueError("Invalid value for argument `interpolation`. Expected one of "
                     f"('nearest', 'bilinear', 'bicubic'). Received: interpolation={method}")


def resize(images, size, interpolation="bilinear", antialias=False, crop_to_aspect_ratio=False,
           pad_to_aspect_ratio=False, fill_mode="constant", fill_value=0.0, data_format=None):
    """Resizes images to `size` (height, width), as `tf.image.resize` does.

    Args:
        images: `(batch, h, w, c)` or a single `(h, w, c)` image (channels
            first with `data_format="channels_first"`).
        size: `(height, width)` of the result.
        interpolation: "nearest", "bilinear" (the default) or "bicubic".
        antialias: Whether downsampling filters over every covered pixel.
        crop_to_aspect_ratio: Center-crop to the target aspect ratio first.
        pad_to_aspect_ratio: Pad to the target aspect ratio first (with `fill_value`).
        fill_mode: Only "constant" padding.
        fill_value: The padding value. Defaults to 0.
        data_format: "channels_last" or "channels_first"; None means the configured one.

    Returns:
        The resized images, floatx() for integer input (a Tensor when
        `images` needs a gradient).

    Raises:
        ValueError: For a bad `size`, `interpolation`, rank, or both aspect options.

    Examples:
        >>> image = np.array([[0.0, 1.0], [2.0, 3.0]], dtype="float32")[..., None]
        >>> keras.ops.image.resize(image, (4, 4))[..., 0]
        array([[0.  , 0.25, 0.75, 1.  ],
               [0.5 , 0.75, 1.25, 1.5 ],
               [1.5 , 1.75, 2.25, 2.5 ],
               [2.  , 2.25, 2.75, 3.  ]], dtype=float32)
    """
    if len(size) != 2:
        raise ValueError("Expected `size` to be a tuple of 2 integers. "
                         f"Received: size={size}")
    if crop_to_aspect_ratio and pad_to_aspect_ratio:
        raise ValueError("Only one of `crop_to_aspect_ratio` and `pad_to_aspect_ratio` can be True.")
    if fill_mode != "constant":
        raise ValueError(f"Only fill_mode='constant' is supported. Received: fill_mode={fill_mode}")
    batch, restore = _as_batch(_floating(images), data_format)
    height, width = np.shape(_value(batch))[1:3]
    target_h, target_w = int(size[0]), int(size[1])
    if crop_to_aspect_ratio:
        crop_h = max(min(height, int(width * target_h / target_w)), 1)
        crop_w = max(min(width, int(height * target_w / target_h)), 1)
        top, left = (height - crop_h) // 2, (width - crop_w) // 2
        batch = _gather_by(batch, lambda a: a[:, top:top + crop_h, left:left + crop_w])
        height, width = crop_h, crop_w
    elif pad_to_aspect_ratio:
        pad_h = max(height, int(width * target_h / target_w))
        pad_w = max(width, int(height * target_w / target_h))
        top, left = (pad_h - height) // 2, (pad_w - width) // 2
        batch = _pad_constant(batch, top, pad_h - height - top, left, pad_w - width - left,
                              fill_value)
        height, width = pad_h, pad_w
    rows = _interpolation_matrix(height, target_h, interpolation, antialias)
    cols = _interpolation_matrix(width, target_w, interpolation, antialias)
    dtype = _array(batch).dtype
    channels_inner = transpose(batch, (0, 3, 1, 2))                 # B C H W
    out = matmul(matmul(rows.astype(dtype), channels_inner), cols.T.astype(dtype))
    return restore(transpose(out, (0, 2, 3, 1)))


def _pad_constant(batch, top, bottom, left, right, value):
    from kerasish.ops.conv import pad

    padded = pad(batch, ((0, 0), (top, bottom), (left, right), (0, 0)))
    if value:
        mask = np.zeros(np.shape(_value(padded))[1:3], dtype=bool)
        mask[top:top + np.shape(_value(batch))[1], left:left + np.shape(_value(batch))[2]] = True
        from kerasish.ops.numpy import where

        padded = where(mask[None, :, :, None], padded, float(value))
    return padded




# --------------------------------------------------------- crop and pad


def _box(height, width, top, left, bottom, right, target_h, target_w, name):
    """(top, left, box height, box width) from Keras's crop/pad arguments."""
    given = {k: v for k, v in dict(top=top, left=left, bottom=bottom, right=right,
                                    target_height=target_h, target_width=target_w).items()
             if v is not None}
    if top is None or left is None:
        raise ValueError(f"`{name}` needs the top and left amounts. Received: {given}")
    if (bottom is None) == (target_h is None) or (right is None) == (target_w is None):
        raise ValueError(f"`{name}` needs exactly one of bottom/target_height and of "
                         f"right/target_width. Received: {given}")
    return top, left, bottom, right, target_h, target_w


def crop_images(images, top_cropping=None, left_cropping=None, bottom_cropping=None,
                right_cropping=None, target_height=None, target_width=None, data_format=None):
    """Crops images to a box given by the amounts cut on each side (or the target size).

    Args:
        images: `(batch, h, w, c)` or `(h, w, c)` (channels first per `data_format`).
        top_cropping: Rows cut at the top.
        left_cropping: Columns cut at the left.
        bottom_cropping: Rows cut at the bottom (or give `target_height`).
        right_cropping: Columns cut at the right (or give `target_width`).
        target_height: The height of the result.
        target_width: The width of the result.
        data_format: "channels_last" or "channels_first"; None means the configured one.

    Returns:
        The cropped images (a Tensor when `images` needs a gradient).

    Raises:
        ValueError: If the amounts are missing, both given, or exceed the image.

    Examples:
        >>> keras.ops.image.crop_images(np.zeros((4, 5, 1)), 1, 1, target_height=2, target_width=3).shape
        (2, 3, 1)
    """
    batch, restore = _as_batch(images, data_format)
    height, width = np.shape(_value(batch))[1:3]
    top, left, bottom, right, th, tw = _box(height, width, top_cropping, left_cropping,
                                            bottom_cropping, right_cropping, target_height,
                                            target_width, "crop_images")
    th = height - top - bottom if th is None else th
    tw = width - left - right if tw is None else tw
    if th <= 0 or tw <= 0 or top + th > height or left + tw > width:
        raise ValueError(f"The crop box does not fit in images of size {(height, width)}.")
    return restore(_gather_by(batch, lambda a: a[:, top:top + th, left:left + tw]))


def pad_images(images, top_padding=None, left_padding=None, bottom_padding=None,
               right_padding=None, target_height=None, target_width=None, data_format=None):
    """Pads images with zeros on each side (or up to a target size).

    Args:
        images: `(batch, h, w, c)` or `(h, w, c)` (channels first per `data_format`).
        top_padding: Rows added at the top.
        left_padding: Columns added at the left.
        bottom_padding: Rows added at the bottom (or give `target_height`).
        right_padding: Columns added at the right (or give `target_width`).
        target_height: The height of the result.
        target_width: The width of the result.
        data_format: "channels_last" or "channels_first"; None means the configured one.

    Returns:
        The padded images (a Tensor when `images` needs a gradient).

    Raises:
        ValueError: If the amounts are missing, both given, or negative.

    Examples:
        >>> keras.ops.image.pad_images(np.ones((2, 2, 1)), 1, 1, 1, 1).shape
        (4, 4, 1)
    """
    batch, restore = _as_batch(images, data_format)
    height, width = np.shape(_value(batch))[1:3]
    top, left, bottom, right, th, tw = _box(height, width, top_padding, left_padding,
                                            bottom_padding, right_padding, target_height,
                                            target_width, "pad_images")
    bottom = th - height - top if bottom is None else bottom
    right = tw - width - left if right is None else right
    if min(top, left, bottom, right) < 0:
        raise ValueError(f"Padding amounts must be >= 0; the target is smaller than the images "
                         f"of size {(height, width)}.")
    return restore(_pad_constant(batch, top, bottom, left, right, 0))


# ------------------------------------------------------------- colour


_GRAY_WEIGHTS = np.array([0.2989, 0.5870, 0.1140])


def rgb_to_grayscale(images, data_format=None):
    """Converts RGB images to grayscale: `0.2989 R + 0.5870 G + 0.1140 B`, one channel.

    Args:
        images: RGB images (3 channels; 1-channel images are returned as they are).
        data_format: "channels_last" or "channels_first"; None means the configured one.

    Returns:
        One-channel images in the input dtype (a Tensor when `images` needs a gradient).

    Raises:
        ValueError: If the rank is not 3 or 4 or the channels are not 1 or 3.

    Examples:
        >>> keras.ops.image.rgb_to_grayscale(np.array([[[1.0, 1.0, 1.0]]], dtype="float32"))
        array([[[0.9999]]], dtype=float32)
    """
    batch, restore = _as_batch(images, data_format)
    channels = np.shape(_value(batch))[-1]
    if channels not in (1, 3):
        raise ValueError("Invalid channel size: expected 3 (RGB) or 1 (Grayscale). Received "
                         f"input with shape: images.shape={np.shape(_value(images))}")
    if channels == 1:
        return restore(batch)
    dtype = _array(batch).dtype
    compute = batch if dtype.kind == "f" else cast(batch, config.floatx())
    weights = _GRAY_WEIGHTS.astype(_array(compute).dtype).reshape(3, 1)
    gray = matmul(compute, weights)
    return restore(gray if dtype.kind == "f" else cast(gray, dtype))


def rgb_to_hsv(images, data_format=None):
    """Converts RGB images (values in [0, 1]) to HSV, each channel in [0, 1].

    Args:
        images: Float RGB images.
        data_format: "channels_last" or "channels_first"; None means the configured one.

    Returns:
        HSV images as a NumPy array.

    Raises:
        ValueError: If the input is not a float image batch with 3 channels.

    Examples:
        >>> keras.ops.image.rgb_to_hsv(np.array([[[1.0, 0.0, 0.0]]], dtype="float32"))
        array([[[0., 1., 1.]]], dtype=float32)
    """
    batch, restore = _as_batch(images, data_format)
    rgb = _array(batch)
    if rgb.dtype.kind != "f" or rgb.shape[-1] != 3:
        raise ValueError("Invalid images: expected float RGB images with 3 channels. "
                         f"Received: dtype={rgb.dtype}, shape={rgb.shape}")
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    value = rgb.max(-1)
    spread = value - rgb.min(-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        saturation = np.where(value > 0, spread / value, 0)
        hue = np.where(value == r, (g - b) / spread,
                       np.where(value == g, 2 + (b - r) / spread, 4 + (r - g) / spread))
    hue = np.where(spread > 0, (hue / 6) % 1.0, 0)
    return restore(np.stack([hue, saturation, value], axis=-1).astype(rgb.dtype))


def hsv_to_rgb(images, data_format=None):
    """Converts HSV images (each channel in [0, 1]) to RGB.

    Args:
        images: Float HSV images.
        data_format: "channels_last" or "channels_first"; None means the configured one.

    Returns:
        RGB images as a NumPy array.

    Raises:
        ValueError: If the input is not a float image batch with 3 channels.

    Examples:
        >>> keras.ops.image.hsv_to_rgb(np.array([[[0.0, 1.0, 1.0]]], dtype="float32"))
        array([[[1., 0., 0.]]], dtype=float32)
    """
    batch, restore = _as_batch(images, data_format)
    hsv = _array(batch)
    if hsv.dtype.kind != "f" or hsv.shape[-1] != 3:
        raise ValueError("Invalid images: expected float HSV images with 3 channels. "
                         f"Received: dtype={hsv.dtype}, shape={hsv.shape}")
    h, s, v = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    # Each channel's distance around the hue circle, as TensorFlow computes it.
    def channel(shift):
        k = (shift + h * 6) % 6
        return v - v * s * np.clip(np.minimum(k, 4 - k), 0, 1)

    return restore(np.stack([channel(5), channel(3), channel(1)], axis=-1).astype(hsv.dtype))


# ------------------------------------------------------------ patches


def extract_patches(images, size, strides=None, dilation_rate=1, padding="valid",
                    data_format=None):
    """Extracts `size` patches from images, flattened into the channel axis.

    Args:
        images: `(batch, h, w, c)` or `(h, w, c)`.
        size: The patch size, an int or `(ph, pw)`.
        strides: The step between patches; None means `size` (no overlap).
        dilation_rate: The spacing of the pixels inside a patch. Defaults to 1.
        padding: "valid" (the default) or "same" (zero padding).
        data_format: "channels_last" or "channels_first"; None means the configured one.

    Returns:
        `(batch, out_h, out_w, ph * pw * c)` (a Tensor when `images` needs a gradient).

    Raises:
        ValueError: If `padding` is invalid or the rank is not 3 or 4.

    Examples:
        >>> keras.ops.image.extract_patches(np.zeros((1, 4, 4, 3)), 2).shape
        (1, 2, 2, 12)
    """
    if padding not in ("valid", "same"):
        raise ValueError(f"`padding` must be 'valid' or 'same'. Received: padding={padding}")
    batch, restore = _as_batch(images, data_format)
    ph, pw = (size, size) if isinstance(size, int) else tuple(size)
    sh, sw = (ph, pw) if strides is None else ((strides, strides) if isinstance(strides, int)
                                               else tuple(strides))
    dh, dw = (dilation_rate, dilation_rate) if isinstance(dilation_rate, int) else dilation_rate
    _, height, width, channels = np.shape(_value(batch))
    span_h, span_w = dh * (ph - 1) + 1, dw * (pw - 1) + 1
    if padding == "same":
        out_h, out_w = -(-height // sh), -(-width // sw)
        pad_h = max((out_h - 1) * sh + span_h - height, 0)
        pad_w = max((out_w - 1) * sw + span_w - width, 0)
        pads = ((0, 0), (pad_h // 2, pad_h - pad_h // 2), (pad_w // 2, pad_w - pad_w // 2), (0, 0))
    else:
        out_h, out_w = (height - span_h) // sh + 1, (width - span_w) // sw + 1
        pads = ((0, 0),) * 4
    rows = (np.arange(out_h) * sh)[:, None, None, None] + (np.arange(ph) * dh)[None, None, :, None]
    cols = (np.arange(out_w) * sw)[None, :, None, None] + (np.arange(pw) * dw)[None, None, None, :]

    def patches(a):
        padded = np.pad(a, pads)
        gathered = padded[:, rows, cols, :]          # B oh ow ph pw C
        return gathered.reshape(a.shape[0], out_h, out_w, ph * pw * channels)

    out = _gather_by(batch, patches, fills_zeros=padding == "same")
    return out if np.ndim(_value(images)) == 4 and _data_format(data_format) == "channels_last" \
        else restore(out)


def gaussian_blur(images, kernel_size=(3, 3), sigma=(1.0, 1.0), data_format=None):
    """Blurs images with a Gaussian kernel (zero padding, same size), as Keras.

    Args:
        images: `(batch, h, w, c)` or `(h, w, c)`.
        kernel_size: `(kh, kw)`. Defaults to (3, 3).
        sigma: The standard deviations `(sigma_y, sigma_x)`. Defaults to (1, 1).
        data_format: "channels_last" or "channels_first"; None means the configured one.

    Returns:
        The blurred images (a Tensor when `images` needs a gradient).

    Raises:
        ValueError: If the rank is not 3 or 4.

    Examples:
        >>> out = keras.ops.image.gaussian_blur(np.ones((1, 5, 5, 1), "float32"))
        >>> round(float(out[0, 2, 2, 0]), 4)
        1.0
    """
    from kerasish.ops.conv import depthwise_conv

    batch, restore = _as_batch(_floating(images), data_format)
    dtype = _array(batch).dtype

    def kernel_1d(size, s):
        x = np.arange(size) - (size - 1) / 2
        k = np.exp(-0.5 * (x / s) ** 2)
        return k / k.sum()

    # Keras builds the outer product (y kernel, x kernel), sized (k[1], k[0]),
    # then reshapes it to (k[0], k[1]): the same for square kernels, and kept
    # for the others so that results match Keras.
    kernel = np.outer(kernel_1d(kernel_size[1], sigma[1]), kernel_1d(kernel_size[0], sigma[0]))
    kernel = kernel.reshape(kernel_size[0], kernel_size[1])
    channels = np.shape(_value(batch))[-1]
    kernel = np.tile(kernel[:, :, None, None], (1, 1, channels, 1)).astype(dtype)
    return restore(depthwise_conv(batch, kernel, strides=1, padding="same",
                                  data_format="channels_last"))


# ---------------------------------------------------- geometric sampling


def _fill_coordinate(coordinate, size, fill_mode):
    """Maps coordinates outside [0, size - 1] back inside per `fill_mode`, as
    TensorFlow's projective transform does (constant leaves them, to be
    filled); the result is clamped to the image."""
    c = np.asarray(coordinate, dtype=np.float64)
    if fill_mode == "constant":
        return c
    if fill_mode == "nearest" or size <= 1:
        return np.clip(c, 0, size - 1)
    if fill_mode == "wrap":
        span = size - 1
        below = c + size * (np.trunc(-c / span) + 1)
        above = c - size * np.trunc(c / span)
        c = np.where(c < 0, below, np.where(c > size - 1, above, c))
        return np.clip(c, 0, size - 1)
    if fill_mode == "reflect":  # (d c b a | a b c d | d c b a)
        period = 2 * size
        low = np.where(c < period, period * np.trunc(-c / period) + c, c)
        low = np.where(low < -size, low + period, -low - 1)
        high = c - period * np.trunc(c / period)
        high = np.where(high >= size, period - high - 1, high)
        c = np.where(c < 0, low, np.where(c > size - 1, high, c))
        return np.clip(c, 0, size - 1)
    raise ValueError("Invalid value for argument `fill_mode`. Expected one of {'constant', "
                     f"'nearest', 'wrap', 'reflect'}}. Received: fill_mode={fill_mode}")


def _sample(batch, ys, xs, interpolation, fill_mode, fill_value):
    """Samples `batch` (B, H, W, C) at per-image coordinates ys, xs (B, ...)
    with nearest or bilinear weights; differentiable in `batch`."""
    _, height, width, _ = np.shape(_value(batch))
    ys = _fill_coordinate(ys, height, fill_mode)
    xs = _fill_coordinate(xs, width, fill_mode)
    b = np.arange(ys.shape[0]).reshape((-1,) + (1,) * (ys.ndim - 1))
    if interpolation == "nearest":
        # Halves round up, as TensorFlow's projective transform does.
        corners = [(np.floor(ys + 0.5), np.floor(xs + 0.5), np.ones_like(ys))]
    elif interpolation == "bilinear":
        y0, x0 = np.floor(ys), np.floor(xs)
        fy, fx = ys - y0, xs - x0
        corners = [(y0, x0, (1 - fy) * (1 - fx)), (y0, x0 + 1, (1 - fy) * fx),
                   (y0 + 1, x0, fy * (1 - fx)), (y0 + 1, x0 + 1, fy * fx)]
    else:
        raise ValueError("Invalid value for argument `interpolation`. Expected one of "
                         f"{{'nearest', 'bilinear'}}. Received: interpolation={interpolation}")
    dtype = _array(batch).dtype
    result = None
    for cy, cx, weight in corners:
        inside = (cy >= 0) & (cy <= height - 1) & (cx >= 0) & (cx <= width - 1)
        iy, ix = np.clip(cy, 0, height - 1).astype(int), np.clip(cx, 0, width - 1).astype(int)
        picked = _gather_by(batch, lambda a, iy=iy, ix=ix: a[b, iy, ix])
        term = multiply(picked, (weight * inside)[..., None].astype(dtype))
        if fill_mode == "constant" and fill_value:
            term = add(term, (weight * ~inside * fill_value)[..., None].astype(dtype))
        result = term if result is None else add(result, term)
    return result


def affine_transform(images, transform, interpolation="bilinear", fill_mode="constant",
                     fill_value=0, data_format=None):
    """Applies projective transforms: output pixel (x, y) reads input pixel
    `((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k)`, `k = c0 x + c1 y + 1`.

    Args:
        images: `(batch, h, w, c)` or `(h, w, c)`.
        transform: `(8,)` or `(batch, 8)`: `[a0, a1, a2, b0, b1, b2, c0, c1]`.
        interpolation: "nearest" or "bilinear" (the default).
        fill_mode: How points outside are filled: "constant" (the default),
            "nearest", "wrap" or "reflect".
        fill_value: The value for "constant". Defaults to 0.
        data_format: "channels_last" or "channels_first"; None means the configured one.

    Returns:
        The transformed images (a Tensor when `images` needs a gradient).

    Raises:
        ValueError: For a bad `transform` shape, `interpolation` or `fill_mode`.

    Examples:
        >>> image = np.arange(9, dtype="float32").reshape(3, 3, 1)
        >>> shift_left = np.array([1, 0, 1, 0, 1, 0, 0, 0], dtype="float32")
        >>> keras.ops.image.affine_transform(image, shift_left)[..., 0]
        array([[1., 2., 0.],
               [4., 5., 0.],
               [7., 8., 0.]], dtype=float32)
    """
    batch, restore = _as_batch(_floating(images), data_format)
    count, height, width, _ = np.shape(_value(batch))
    # float32 arithmetic in TensorFlow's order: nearest sampling rounds the
    # coordinates, so an exact half must come out as TensorFlow's does.
    matrix = _array(transform).astype(np.float32)
    if matrix.ndim == 1:
        matrix = matrix[None]
    if matrix.shape[-1] != 8:
        raise ValueError(f"Invalid transform shape: expected (8,) or (batch, 8). Received: "
                         f"transform.shape={matrix.shape}")
    matrix = np.broadcast_to(matrix, (count, 8))
    y, x = np.meshgrid(np.arange(height, dtype=np.float32), np.arange(width, dtype=np.float32),
                       indexing="ij")
    a0, a1, a2, b0, b1, b2, c0, c1 = (matrix[:, i, None, None] for i in range(8))
    k = c0 * x + c1 * y + np.float32(1)
    xs, ys = (a0 * x + a1 * y + a2) / k, (b0 * x + b1 * y + b2) / k
    return restore(_sample(batch, ys, xs, interpolation, fill_mode, fill_value))


def _mirror_index(index, size):
    span = size - 1
    if span == 0:
        return np.zeros_like(index)
    return np.abs((index + span) % (2 * span) - span)


def _reflect_index(index, size):
    """Keras's reflect: |i| folded at 2 * size, the upper half mirrored one
    short ((d c b a | a b c d | d c b a) for indices past the end)."""
    folded = np.mod(np.abs(index), 2 * size)
    return np.where(folded < size, folded, 2 * size - folded - 1)


_INDEX_FIXERS = {
    "constant": lambda index, size: index,
    "nearest": lambda index, size: np.clip(index, 0, size - 1),
    "wrap": lambda index, size: np.mod(index, size),
    "mirror": _mirror_index,
    "reflect": _reflect_index,
}


def map_coordinates(inputs, coordinates, order, fill_mode="constant", fill_value=0):
    """Samples `inputs` at the given coordinates (as scipy's map_coordinates), order 0 or 1.

    Args:
        inputs: An N-D array.
        coordinates: N arrays of one shape: the (fractional) index along each axis.
        order: 0 (nearest) or 1 (linear).
        fill_mode: "constant" (the default), "nearest", "wrap", "mirror" or "reflect".
        fill_value: The value outside for "constant". Defaults to 0.

    Returns:
        The samples, shaped as a coordinate array (a Tensor when `inputs`
        needs a gradient).

    Raises:
        ValueError: If `order` is not 0 or 1 or the coordinates do not match the rank.

    Examples:
        >>> keras.ops.image.map_coordinates(np.array([0.0, 10.0]), [np.array([0.25, 0.5])], 1)
        array([2.5, 5. ])
    """
    if order not in (0, 1):
        raise ValueError(f"`order` must be 0 or 1. Received: order={order}")
    inputs = _operand(inputs)
    shape = np.shape(_value(inputs))
    coordinates = [np.asarray(_value(c), dtype=np.float64) for c in coordinates]
    if len(coordinates) != len(shape):
        raise ValueError("First dim of `coordinates` must be the same as the rank of `inputs`. "
                         f"Received inputs with shape: {shape} and coordinate leading dim of "
                         f"{len(coordinates)}")
    if fill_mode not in _INDEX_FIXERS:
        raise ValueError("Invalid value for argument `fill_mode`. Expected one of "
                         f"{set(_INDEX_FIXERS)}. Received: fill_mode={fill_mode}")
    if order == 0:
        # Halves round to even, as Keras's tf.round does.
        corners = [([np.round(c) for c in coordinates], np.ones_like(coordinates[0]))]
    else:
        floors = [np.floor(c) for c in coordinates]
        corners = []
        for bits in np.ndindex(*(2,) * len(shape)):
            index = [f + bit for f, bit in zip(floors, bits)]
            weight = np.ones_like(coordinates[0])
            for c, f, bit in zip(coordinates, floors, bits):
                weight = weight * ((c - f) if bit else (1 - (c - f)))
            corners.append((index, weight))
    dtype = _array(inputs).dtype if _array(inputs).dtype.kind == "f" else np.dtype(config.floatx())
    result = None
    for index, weight in corners:
        # The fill mode maps each integer index (as scipy and Keras do), not the coordinate.
        inside = np.ones_like(weight, dtype=bool)
        if fill_mode == "constant":
            for i, n in zip(index, shape):
                inside &= (i >= 0) & (i <= n - 1)
        fixed = [_INDEX_FIXERS[fill_mode](i, n) for i, n in zip(index, shape)]
        clipped = tuple(np.clip(i, 0, n - 1).astype(int) for i, n in zip(fixed, shape))
        picked = _gather_by(inputs, lambda a, clipped=clipped: a[clipped])
        term = multiply(picked, (weight * inside).astype(dtype))
        if fill_mode == "constant" and fill_value:
            term = add(term, (weight * ~inside * fill_value).astype(dtype))
        result = term if result is None else add(result, term)
    return result


def _homography(start_points, end_points):
    """The 8 projective coefficients mapping each end point (output) to its
    start point (input), from the 8 linear equations of the 4 pairs."""
    count = start_points.shape[0]
    transforms = np.zeros((count, 8))
    for b in range(count):
        rows, targets = [], []
        for (sx, sy), (ex, ey) in zip(start_points[b], end_points[b]):
            rows.append([ex, ey, 1, 0, 0, 0, -sx * ex, -sx * ey])
            rows.append([0, 0, 0, ex, ey, 1, -sy * ex, -sy * ey])
            targets += [sx, sy]
        transforms[b] = np.linalg.solve(np.array(rows, np.float64), np.array(targets, np.float64))
    return transforms


def perspective_transform(images, start_points, end_points, interpolation="bilinear",
                          fill_value=0, data_format=None):
    """Warps images so that the 4 `start_points` land on the 4 `end_points`.

    Args:
        images: `(batch, h, w, c)` or `(h, w, c)`.
        start_points: `(4, 2)` or `(batch, 4, 2)` (x, y) points in the input.
        end_points: Where they go in the output, of the same shape.
        interpolation: "nearest" or "bilinear" (the default).
        fill_value: The value of output pixels that read outside. Defaults to 0.
        data_format: "channels_last" or "channels_first"; None means the configured one.

    Returns:
        The warped images (a Tensor when `images` needs a gradient).

    Raises:
        ValueError: If the points are not `(4, 2)` / `(batch, 4, 2)` of one shape.

    Examples:
        >>> square = [[0, 0], [3, 0], [0, 3], [3, 3]]
        >>> image = np.arange(16, dtype="float32").reshape(4, 4, 1)
        >>> out = keras.ops.image.perspective_transform(image, square, square)
        >>> bool(np.allclose(out, image))
        True
    """
    start = np.asarray(_value(start_points), dtype=np.float64)
    end = np.asarray(_value(end_points), dtype=np.float64)
    for name, points in (("start_points", start), ("end_points", end)):
        if points.ndim not in (2, 3) or points.shape[-2:] != (4, 2):
            raise ValueError(f"Invalid {name} shape: expected (4,2) for a single image or "
                             f"(N,4,2) for a batch. Received shape: {points.shape}")
    if start.shape != end.shape:
        raise ValueError("start_points and end_points must have the same shape. Received "
                         f"start_points.shape={start.shape}, end_points.shape={end.shape}")
    start, end = start.reshape(-1, 4, 2), end.reshape(-1, 4, 2)
    transform = _homography(start, end).astype(np.float32)
    return affine_transform(images, transform, interpolation=interpolation,
                            fill_mode="constant", fill_value=fill_value, data_format=data_format)


_SOBEL_Y = np.array([[-1, -2, -1], [0, 0, 0], [1, 2, 1]])


def sobel_edges(images, data_format=None):
    """The Sobel gradients of images: `(..., 2)` holding the vertical and horizontal derivatives.

    Borders are reflected, as `tf.image.sobel_edges` does.

    Args:
        images: `(batch, h, w, c)` (channels first per `data_format`).
        data_format: "channels_last" or "channels_first"; None means the configured one.

    Returns:
        `(batch, h, w, c, 2)` (or `(batch, c, h, w, 2)` channels first): [dy, dx]
        per pixel (a Tensor when `images` needs a gradient).

    Raises:
        ValueError: If `images` is not 4-D.

    Examples:
        >>> ramp = np.tile(np.arange(4, dtype="float32"), (4, 1)).reshape(1, 4, 4, 1)
        >>> keras.ops.image.sobel_edges(ramp)[0, 1, 1, 0]
        array([0., 8.], dtype=float32)
    """
    if np.ndim(_value(images)) != 4:
        raise ValueError(f"`images` must be 4-D. Received: images.shape={np.shape(_value(images))}")
    batch, _ = _as_batch(_floating(images), data_format)
    height, width = np.shape(_value(batch))[1:3]
    padded = _gather_by(batch, lambda a: np.pad(a, ((0, 0), (1, 1), (1, 1), (0, 0)),
                                                 mode="reflect"))
    dtype = _array(batch).dtype
    edges = []
    for kernel in (_SOBEL_Y, _SOBEL_Y.T):
        total = None
        for (i, j), weight in np.ndenumerate(kernel):
            if weight == 0:
                continue
            window = _gather_by(padded, lambda a, i=i, j=j: a[:, i:i + height, j:j + width])
            term = multiply(window, np.asarray(weight, dtype))
            total = term if total is None else add(total, term)
        edges.append(reshape(total, np.shape(_value(total)) + (1,)))
    from kerasish.ops.numpy import concatenate

    result = concatenate(edges, axis=-1)
    if _data_format(data_format) == "channels_first":
        result = transpose(result, (0, 3, 1, 2, 4))
    return result


def ssim(image1, image2, max_val=1.0, filter_size=11, filter_sigma=1.5, k1=0.01, k2=0.03,
         data_format=None):
    """The structural similarity of two image batches, per image (mean over pixels and channels).

    Local means, variances and covariance come from a Gaussian window
    (valid positions only), as in Keras.

    Args:
        image1: `(batch, h, w, c)` or `(h, w, c)`.
        image2: The same shape.
        max_val: The dynamic range of the pixel values. Defaults to 1.
        filter_size: The Gaussian window size. Defaults to 11.
        filter_sigma: Its standard deviation. Defaults to 1.5.
        k1: The luminance constant factor. Defaults to 0.01.
        k2: The contrast constant factor. Defaults to 0.03.
        data_format: "channels_last" or "channels_first"; None means the configured one.

    Returns:
        `(batch,)` similarities in [-1, 1] (a scalar for single images); a
        Tensor when an input needs a gradient.

    Raises:
        ValueError: If an image batch is not of rank 3 or 4.

    Examples:
        >>> image = np.random.default_rng(0).random((1, 16, 16, 1)).astype("float32")
        >>> round(float(keras.ops.image.ssim(image, image)[0]), 4)
        1.0
    """
    from kerasish.ops.conv import conv
    from kerasish.ops.numpy import divide, mean, subtract

    first, restore = _as_batch(_floating(image1), data_format, "image1")
    second, _ = _as_batch(_floating(image2), data_format, "image2")
    count, height, width, channels = np.shape(_value(first))
    dtype = _array(first).dtype
    x = np.arange(filter_size) - (filter_size - 1) / 2.0
    gauss = np.exp(-(x ** 2) / (2.0 * filter_sigma ** 2))
    gauss /= gauss.sum()
    kernel = np.outer(gauss, gauss).reshape(filter_size, filter_size, 1, 1).astype(dtype)
    c1, c2 = (k1 * max_val) ** 2, (k2 * max_val) ** 2

    def per_channel(images):  # (B*C, H, W, 1)
        return reshape(transpose(images, (0, 3, 1, 2)), (-1, height, width, 1))

    def window_mean(images):
        return conv(images, kernel, strides=1, padding="valid", data_format="channels_last")

    a, b = per_channel(first), per_channel(second)
    mu1, mu2 = window_mean(a), window_mean(b)
    mu1_sq, mu2_sq, mu12 = multiply(mu1, mu1), multiply(mu2, mu2), multiply(mu1, mu2)
    sigma1 = subtract(window_mean(multiply(a, a)), mu1_sq)
    sigma2 = subtract(window_mean(multiply(b, b)), mu2_sq)
    sigma12 = subtract(window_mean(multiply(a, b)), mu12)
    numerator = multiply(add(multiply(2.0, mu12), c1), add(multiply(2.0, sigma12), c2))
    denominator = multiply(add(add(mu1_sq, mu2_sq), c1), add(add(sigma1, sigma2), c2))
    per_image = reshape(mean(divide(numerator, denominator), axis=(1, 2, 3)), (count, channels))
    result = mean(per_image, axis=-1)
    if np.ndim(_value(image1)) == 3:
        result = reshape(result, ())
    return result


def extract_patches_3d(volumes, size, strides=None, dilation_rate=1, padding="valid",
                       data_format=None):
    """Extracts 3-D patches from volumes, flattened into the channel axis.

    Args:
        volumes: `(batch, d, h, w, c)` or `(d, h, w, c)` (channels first per `data_format`).
        size: The patch size, an int or `(pd, ph, pw)`.
        strides: The step between patches; None means `size`.
        dilation_rate: The spacing inside a patch (an int). Defaults to 1.
        padding: "valid" (the default) or "same" (zero padding).
        data_format: "channels_last" or "channels_first"; None means the configured one.

    Returns:
        `(batch, od, oh, ow, pd * ph * pw * c)` (a Tensor when `volumes` needs a gradient).

    Raises:
        TypeError: If `size` is not an int or a 3-tuple.
        ValueError: If `strides` or `padding` are invalid, or the rank is not 4 or 5.

    Examples:
        >>> keras.ops.image.extract_patches_3d(np.zeros((1, 4, 4, 4, 2)), 2).shape
        (1, 2, 2, 2, 16)
    """
    if isinstance(size, int):
        size = (size,) * 3
    elif len(size) != 3:
        raise TypeError(f"Invalid `size` argument. Expected an int or a tuple of length 3. "
                        f"Received: size={size}")
    strides = size if strides is None else ((strides,) * 3 if isinstance(strides, int) else strides)
    if len(strides) != 3:
        raise ValueError(f"Invalid `strides` argument. Got: {strides}")
    if padding not in ("valid", "same"):
        raise ValueError(f"`padding` must be 'valid' or 'same'. Received: padding={padding}")
    volumes = _operand(volumes)
    rank = np.ndim(_value(volumes))
    if rank not in (4, 5):
        raise ValueError(f"Invalid volumes rank: expected 4 or 5. Received: {rank}")
    if rank == 4:
        volumes = reshape(volumes, (1,) + np.shape(_value(volumes)))
    first = _data_format(data_format) == "channels_first"
    if first:
        volumes = transpose(volumes, (0, 2, 3, 4, 1))
    spatial = np.shape(_value(volumes))[1:4]
    channels = np.shape(_value(volumes))[-1]
    spans = [dilation_rate * (k - 1) + 1 for k in size]
    if padding == "same":
        outs = [-(-n // s) for n, s in zip(spatial, strides)]
        pads = [max((o - 1) * s + span - n, 0) for o, s, span, n in zip(outs, strides, spans, spatial)]
        widths = [(0, 0)] + [(p // 2, p - p // 2) for p in pads] + [(0, 0)]
    else:
        outs = [(n - span) // s + 1 for n, span, s in zip(spatial, spans, strides)]
        widths = [(0, 0)] * 5
    grids = [(np.arange(o) * s)[:, None] + (np.arange(k) * dilation_rate)[None, :]
             for o, s, k in zip(outs, strides, size)]
    d = grids[0][:, None, None, :, None, None]
    h = grids[1][None, :, None, None, :, None]
    w = grids[2][None, None, :, None, None, :]

    def patches(a):
        gathered = np.pad(a, widths)[:, d, h, w, :]      # B od oh ow pd ph pw C
        return gathered.reshape((a.shape[0],) + tuple(outs) + (int(np.prod(size)) * channels,))

    out = _gather_by(volumes, patches, fills_zeros=padding == "same")
    if first:
        out = transpose(out, (0, 4, 1, 2, 3))
    return reshape(out, np.shape(_value(out))[1:]) if rank == 4 else out


def _triangle(x):
    return np.maximum(0.0, 1 - np.abs(x))


def _keys_cubic(x):
    out = ((1.5 * x - 2.5) * x) * x + 1.0
    out = np.where(x >= 1.0, ((-0.5 * x + 2.5) * x - 4.0) * x + 2.0, out)
    return np.where(x >= 2.0, 0.0, out)


def _lanczos(radius):
    def kernel(x):
        with np.errstate(divide="ignore", invalid="ignore"):
            y = radius * np.sin(np.pi * x) * np.sin(np.pi * x / radius) / (np.pi ** 2 * x ** 2)
        return np.where(x > radius, 0.0, np.where(x > 1e-3, y, 1.0))
    return kernel


_SCALE_KERNELS = {"linear": _triangle, "bilinear": _triangle, "trilinear": _triangle,
                  "triangle": _triangle, "cubic": _keys_cubic, "bicubic": _keys_cubic,
                  "tricubic": _keys_cubic, "lanczos3": _lanczos(3.0), "lanczos5": _lanczos(5.0)}


def _scale_weights(in_size, out_size, scale, translation, kernel, antialias):
    """(in, out) resampling weights: output sample i sits at input position
    (i + 0.5 - translation) / scale - 0.5; the kernel widens by 1/scale when
    antialiasing a downscale; columns are normalized, and samples outside
    the input get no weight."""
    inverse = 1.0 / scale
    kernel_scale = max(inverse, 1.0) if antialias else 1.0
    sample = (np.arange(out_size) + 0.5) * inverse - translation * inverse - 0.5
    weights = kernel(np.abs(sample[None, :] - np.arange(in_size)[:, None]) / kernel_scale)
    total = weights.sum(axis=0, keepdims=True)
    usable = np.abs(total) > 1000.0 * float(np.finfo(np.float32).eps)
    weights = np.where(usable, weights / np.where(total != 0, total, 1), 0)
    inside = (sample >= -0.5) & (sample <= in_size - 0.5)
    return np.where(inside[None, :], weights, 0)


def scale_and_translate(images, output_shape, scale, translation, spatial_dims, method,
                        antialias=True):
    """Resamples `images` along `spatial_dims` by a scale and a translation (JAX's and Keras's op).

    Output position i along a dimension reads input position
    `(i + 0.5 - translation) / scale - 0.5` through the `method` kernel.

    Args:
        images: An array of any rank.
        output_shape: The full output shape (sizes along `spatial_dims` change).
        scale: One scale per spatial dimension.
        translation: One translation per spatial dimension.
        spatial_dims: The dimensions to resample.
        method: "linear" (also "bilinear", "trilinear", "triangle"), "cubic"
            ("bicubic", "tricubic"), "lanczos3" or "lanczos5".
        antialias: Whether downscaling widens the kernel. Defaults to True.

    Returns:
        The resampled array (a Tensor when `images` needs a gradient);
        integer input is rounded and clipped back to its range, as Keras does.

    Raises:
        ValueError: If `method` is unknown.

    Examples:
        >>> x = np.array([0.0, 1.0, 2.0, 3.0], dtype="float32")
        >>> keras.ops.image.scale_and_translate(x, (2,), [0.5], [0.0], [0], "linear")
        array([0.7143, 2.2857], dtype=float32)
    """
    if method not in _SCALE_KERNELS:
        raise ValueError("Invalid value for argument `method`. Expected of one "
                         f"{sorted(_SCALE_KERNELS)}. Received: method={method}")
    from kerasish.ops.array_ops import moveaxis
    from kerasish.ops.products import tensordot

    images = _operand(images)
    source = _array(images)
    integral = source.dtype.kind in "iub"
    output = cast(images, "float32") if integral else images
    dtype = _array(output).dtype
    scale = np.asarray(_value(scale), dtype=np.float64).reshape(-1)
    translation = np.asarray(_value(translation), dtype=np.float64).reshape(-1)
    ndim = source.ndim
    for i, dim in enumerate(spatial_dims):
        dim = dim % ndim
        weights = _scale_weights(np.shape(_value(output))[dim], output_shape[dim], scale[i],
                                 translation[i], _SCALE_KERNELS[method], antialias)
        output = moveaxis(tensordot(output, weights.astype(dtype), axes=([dim], [0])), -1, dim)
    if integral:
        rounded = np.clip(np.round(_array(output)), source.min(), source.max())
        return rounded.astype(source.dtype)
    return output


def elastic_transform(images, alpha=20.0, sigma=5.0, interpolation="bilinear",
                      fill_mode="reflect", fill_value=0.0, seed=None, data_format=None):
    """Distorts images by a random displacement field smoothed with a Gaussian, as Keras does.

    A normal field (standard deviation `sigma`), blurred with a Gaussian of
    size `6 * int(sigma) | 1`, scaled by `alpha`, moves every pixel; Keras
    uses the same field for both directions, and so does kerasish. The
    random numbers differ from Keras's (another generator).

    Args:
        images: `(batch, h, w, c)` or `(h, w, c)`.
        alpha: The displacement scale. Defaults to 20.
        sigma: The smoothness (and noise scale). Defaults to 5.
        interpolation: "nearest" or "bilinear" (the default).
        fill_mode: "constant", "nearest", "wrap", "mirror" or "reflect" (the default).
        fill_value: The value for "constant". Defaults to 0.
        seed: An int, a `keras.random.SeedGenerator` or None.
        data_format: "channels_last" or "channels_first"; None means the configured one.

    Returns:
        The distorted images (a Tensor when `images` needs a gradient).

    Raises:
        ValueError: For a bad `interpolation`, `fill_mode` or rank.

    Examples:
        >>> image = np.random.default_rng(0).random((8, 8, 1)).astype("float32")
        >>> out = keras.ops.image.elastic_transform(image, alpha=0.0, seed=1)
        >>> bool(np.allclose(out, image))
        True
    """
    from kerasish import random
    from kerasish.ops.numpy import stack

    if interpolation not in ("nearest", "bilinear"):
        raise ValueError("Invalid value for argument `interpolation`. Expected of one "
                         f"('nearest', 'bilinear'). Received: interpolation={interpolation}")
    batch, restore = _as_batch(_floating(images), data_format)
    count, height, width, channels = np.shape(_value(batch))
    dtype = _array(batch).dtype
    size = 6 * int(sigma) | 1
    noise = random.normal((count, height, width, 1), dtype=dtype, seed=seed) * np.asarray(sigma, dtype)
    field = _array(gaussian_blur(noise, kernel_size=(size, size), sigma=(sigma, sigma),
                                 data_format="channels_last"))[..., 0].astype(np.float64)
    y, x = np.meshgrid(np.arange(height), np.arange(width), indexing="ij")
    rows = y[None] + alpha * field
    cols = x[None] + alpha * field
    order = 0 if interpolation == "nearest" else 1
    per_image = []
    for b in range(count):
        per_channel = [map_coordinates(batch[b, :, :, c] if hasattr(batch, "requires_grad")
                                       else _array(batch)[b, :, :, c], [rows[b], cols[b]], order,
                                       fill_mode=fill_mode, fill_value=fill_value)
                       for c in range(channels)]
        per_image.append(stack(per_channel, axis=-1))
    return restore(stack(per_image, axis=0))


__all__ = ["resize", "crop_images", "pad_images", "rgb_to_grayscale", "rgb_to_hsv",
           "hsv_to_rgb", "extract_patches", "gaussian_blur", "affine_transform",
           "map_coordinates", "perspective_transform", "sobel_edges", "ssim",
           "extract_patches_3d", "scale_and_translate", "elastic_transform"]

# These functions take KerasTensors too (they record `image.<name>` nodes), as
# Keras's do; wrapped here, once, as the module loads.
from kerasish.ops import symbolic as _symbolic  # noqa: E402

_symbolic.wrap_image_ops(sys.modules[__name__])
