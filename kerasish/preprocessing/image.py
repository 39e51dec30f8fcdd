"""`kerasish.preprocessing.image`: image loading and conversion (the
`keras.utils` functions) and `smart_resize`."""

import numpy as _np

from kerasish.utils.image_utils import array_to_img, img_to_array, load_img, save_img  # noqa: F401


def smart_resize(x, size, interpolation="bilinear", data_format="channels_last", **kwargs):
    """Resizes images to `size` without distorting them: center-crops to the
    target aspect ratio, then resizes.

    The crop is the largest centered box with the aspect ratio of `size`
    (Keras's rounding), so a 4:3 photo resized to a square loses its left
    and right edges instead of being squeezed. It works on one image
    `(height, width, channels)` or a batch `(batch, height, width,
    channels)` (channels first with `data_format="channels_first"`).

    Args:
        x: the image or batch of images, an array or tensor.
        size: `(height, width)` of the result.
        interpolation: "bilinear" (default), "nearest" or "bicubic".
        data_format: "channels_last" (default) or "channels_first".
        **kwargs: `backend_module` (Keras's, ignored: there is one backend).

    Returns:
        The resized image(s), float32, a NumPy array for NumPy input.

    Raises:
        TypeError: on an unknown keyword argument.
        ValueError: when `size` does not hold 2 integers or `x` has neither
            3 nor 4 dimensions.

    Examples:
        >>> image = np.arange(4 * 6 * 1, dtype="float32").reshape(4, 6, 1)
        >>> out = keras.preprocessing.image.smart_resize(image, (2, 2))
        >>> out.shape
        (2, 2, 1)
        >>> out[..., 0]  # columns 1-4 (the centered 4x4 crop), then halved
        array([[ 4.5,  6.5],
               [16.5, 18.5]], dtype=float32)
    """
    from kerasish import ops

    kwargs.pop("backend_module", None)
    if kwargs:
        raise TypeError(f"smart_resize() got unexpected keyword arguments: {list(kwargs.keys())}")
    if len(size) != 2:
        raise ValueError(f"Expected `size` to be a tuple of 2 integers, but got: {size}.")
    shape = _np.shape(x)
    if len(shape) < 3 or len(shape) > 4:
        raise ValueError(
            "Expected an image array with shape `(height, width, channels)`, or "
            "`(batch_size, height, width, channels)`, but got input with incorrect rank, of "
            f"shape {shape}."
        )
    resized = ops.image.resize(x, tuple(size), interpolation=interpolation,
                               crop_to_aspect_ratio=True, data_format=data_format)
    return _np.asarray(resized) if isinstance(x, _np.ndarray) else resized
