"""Reading, converting and writing images through Pillow (the optional
`kerasish[images]` extra), as `keras.utils.load_img` and friends do."""

import io
import pathlib
import warnings

import numpy as np

from kerasish.backend import config

_PIL_RESAMPLING = {
    "nearest": "NEAREST", "bilinear": "BILINEAR", "bicubic": "BICUBIC",
    "hamming": "HAMMING", "box": "BOX", "lanczos": "LANCZOS",
}


def require_pillow(function_name):
    """Returns `PIL.Image`, or raises an ImportError naming the extra to install."""
    try:
        from PIL import Image
    except ImportError:
        raise ImportError(
            f"`{function_name}` requires Pillow, which is not installed. Install it with "
            '`pip install "kerasish[images]"` (or `pip install Pillow`).'
        ) from None
    return Image


def _data_format(data_format):
    data_format = data_format or config.image_data_format()
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError(
            "The `data_format` argument must be one of {'channels_first', 'channels_last'}. "
            f"Received: data_format={data_format}"
        )
    return data_format


def load_img(path, color_mode="rgb", target_size=None, interpolation="nearest",
             keep_aspect_ratio=False):
    """Loads an image file into a PIL Image, optionally converted and resized.

    Args:
        path: a path (str or `pathlib.Path`) or an `io.BytesIO` with the
            image file's bytes.
        color_mode: `"rgb"` (default), `"rgba"` or `"grayscale"`.
        target_size: None (the file's size) or `(height, width)`.
        interpolation: the resampling used to resize: `"nearest"` (default),
            `"bilinear"`, `"bicubic"`, `"hamming"`, `"box"` or `"lanczos"`.
        keep_aspect_ratio: whether to crop the image's center to the target
            aspect ratio before resizing.

    Returns:
        A PIL Image.

    Raises:
        ImportError: when Pillow is not installed (`kerasish[images]`).
        ValueError: for an unknown `color_mode` or `interpolation`.
        TypeError: if `path` is neither path-like nor `io.BytesIO`.

    Examples:
        >>> import io
        >>> buffer = io.BytesIO()
        >>> keras.utils.save_img(buffer, np.zeros((4, 6, 3)), file_format="png")
        >>> image = keras.utils.load_img(buffer, target_size=(2, 3))
        >>> image.size
        (3, 2)
    """
    image_module = require_pillow("load_img")
    if isinstance(path, io.BytesIO):
        path.seek(0)
        image = image_module.open(path)
    elif isinstance(path, (pathlib.Path, bytes, str)):
        with open(path, "rb") as file:
            image = image_module.open(io.BytesIO(file.read()))
    else:
        raise TypeError(f"path should be path-like or io.BytesIO, not {type(path)}")
    modes = {"grayscale": ("L", "I;16", "I"), "rgba": ("RGBA",), "rgb": ("RGB",)}
    if color_mode not in modes:
        raise ValueError('color_mode must be "grayscale", "rgb", or "rgba"')
    if image.mode not in modes[color_mode]:
        image = image.convert(modes[color_mode][0])
    if target_size is None:
        return image
    size = (target_size[1], target_size[0])
    if image.size == size:
        return image
    if interpolation not in _PIL_RESAMPLING:
        raise ValueError(
            f"Invalid interpolation method {interpolation} specified. Supported methods "
            f"are {', '.join(_PIL_RESAMPLING)}"
        )
    resample = getattr(image_module.Resampling, _PIL_RESAMPLING[interpolation])
    box = _center_crop_box(image.size, size) if keep_aspect_ratio else None
    return image.resize(size, resample, box=box)


def _center_crop_box(size, target):
    width, height = size
    target_width, target_height = target
    crop_height = min(height, (width * target_height) // target_width)
    crop_width = min(width, (height * target_width) // target_height)
    top, left = (height - crop_height) // 2, (width - crop_width) // 2
    return [left, top, left + crop_width, top + crop_height]


def img_to_array(img, data_format=None, dtype=None):
    """Converts a PIL Image (or array-like image) into a 3D NumPy array.

    Args:
        img: a PIL Image or array-like of shape `(height, width)` or
            `(height, width, channels)`.
        data_format: `"channels_last"` (default, from the config) or
            `"channels_first"`.
        dtype: the array's dtype; default `floatx()` (float32).

    Returns:
        An array of shape `(height, width, channels)` (or channels first).

    Raises:
        ValueError: if the image is not 2D or 3D.

    Examples:
        >>> keras.utils.img_to_array(np.zeros((4, 5), "uint8")).shape
        (4, 5, 1)
    """
    data_format = _data_format(data_format)
    x = np.asarray(img, dtype=dtype or config.floatx())
    if x.ndim == 2:
        x = x[:, :, None]
    elif x.ndim != 3:
        raise ValueError(f"Unsupported image shape: {x.shape}")
    return x.transpose(2, 0, 1) if data_format == "channels_first" else x


def array_to_img(x, data_format=None, scale=True, dtype=None):
    """Converts a 3D array into a PIL Image (1, 3 or 4 channels).

    Args:
        x: an array of shape `(height, width, channels)` (or channels first).
        data_format: `"channels_last"` (default) or `"channels_first"`.
        scale: whether to rescale the values to [0, 255] first (min to 0,
            max to 255).
        dtype: the dtype the array is read as; default `floatx()`.

    Returns:
        A PIL Image ("L", "I", "RGB" or "RGBA").

    Raises:
        ImportError: when Pillow is not installed (`kerasish[images]`).
        ValueError: if `x` is not 3D or has another number of channels.

    Examples:
        >>> keras.utils.array_to_img(np.ones((2, 3, 3))).size
        (3, 2)
    """
    image_module = require_pillow("array_to_img")
    data_format = _data_format(data_format)
    x = np.array(x, dtype=dtype or config.floatx())
    if x.ndim != 3:
        raise ValueError(
            f"Expected image array to have rank 3 (single image). Got array with shape: {x.shape}"
        )
    if data_format == "channels_first":
        x = x.transpose(1, 2, 0)
    if scale:
        x = x - np.min(x)
        peak = np.max(x)
        if peak != 0:
            x /= peak
        x *= 255
    channels = x.shape[2]
    if channels in (3, 4):
        return image_module.fromarray(x.astype("uint8"), "RGBA" if channels == 4 else "RGB")
    if channels == 1:
        if np.max(x) > 255:
            return image_module.fromarray(x[:, :, 0].astype("int32"), "I")
        return image_module.fromarray(x[:, :, 0].astype("uint8"), "L")
    raise ValueError(f"Unsupported channel number: {channels}")


def save_img(path, x, data_format=None, file_format=None, scale=True, **kwargs):
    """Saves a 3D array as an image file.

    Args:
        path: a path, or a file object (then give `file_format`).
        x: the image array, as for `array_to_img`.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        file_format: `"png"`, `"jpeg"`, ...; default: from the file name.
        scale: whether to rescale the values to [0, 255] first.
        **kwargs: passed on to `PIL.Image.save` (e.g. `quality`).

    Raises:
        ImportError: when Pillow is not installed (`kerasish[images]`).

    Examples:
        >>> import io
        >>> buffer = io.BytesIO()
        >>> keras.utils.save_img(buffer, np.ones((2, 2, 3)), file_format="png")
        >>> buffer.getvalue()[:4]
        b'\\x89PNG'
    """
    data_format = _data_format(data_format)
    if file_format is None and isinstance(path, (str, pathlib.Path)):
        file_format = pathlib.Path(path).suffix[1:].lower()
    if file_format and file_format.lower() == "jpg":
        file_format = "jpeg"
    image = array_to_img(x, data_format=data_format, scale=scale)
    if image.mode == "RGBA" and file_format == "jpeg":
        warnings.warn("The JPEG format does not support RGBA images, converting to RGB.")
        image = image.convert("RGB")
    image.save(path, format=file_format, **kwargs)


def resize_like_tensorflow(image, size, interpolation):
    """Resizes an (height, width, channels) array to `size` as `tf.image.resize`
    does for "bilinear" and "nearest" (half-pixel centers, no antialiasing);
    other methods go through Pillow, per channel. "nearest" keeps the dtype,
    the others return float32, as TensorFlow does."""
    height, width = size
    if interpolation != "nearest":
        image = np.asarray(image, dtype=np.float32)
    if image.shape[:2] == (height, width):
        return image
    if interpolation == "nearest":
        rows = _nearest_indices(image.shape[0], height)
        cols = _nearest_indices(image.shape[1], width)
        return image[rows][:, cols]
    if interpolation == "bilinear":
        top, bottom, row_weight = _bilinear_indices(image.shape[0], height)
        left, right, col_weight = _bilinear_indices(image.shape[1], width)
        row_weight, col_weight = row_weight[:, None, None], col_weight[None, :, None]
        upper = image[top][:, left] * (1 - col_weight) + image[top][:, right] * col_weight
        lower = image[bottom][:, left] * (1 - col_weight) + image[bottom][:, right] * col_weight
        return (upper * (1 - row_weight) + lower * row_weight).astype(np.float32)
    image_module = require_pillow("image_dataset_from_directory")
    methods = {"bicubic": "BICUBIC", "area": "BOX", "lanczos3": "LANCZOS",
               "lanczos5": "LANCZOS", "gaussian": "BILINEAR", "mitchellcubic": "BICUBIC"}
    resample = getattr(image_module.Resampling, methods[interpolation])
    channels = [np.asarray(image_module.fromarray(image[:, :, c], "F").resize(
        (width, height), resample)) for c in range(image.shape[2])]
    return np.stack(channels, axis=-1).astype(np.float32)


def _nearest_indices(in_size, out_size):
    scale = in_size / out_size
    return np.minimum(np.floor((np.arange(out_size) + 0.5) * scale).astype(int), in_size - 1)


def _bilinear_indices(in_size, out_size):
    scale = in_size / out_size
    position = np.maximum((np.arange(out_size) + 0.5) * scale - 0.5, 0)
    low = np.minimum(np.floor(position).astype(int), in_size - 1)
    high = np.minimum(low + 1, in_size - 1)
    return low, high, (position - low).astype(np.float32)
