"""`draw_segmentation_masks`: colours the pixels of each class on images."""

import numpy as np

from kerasish.backend import config


def _check_batched(images):
    shape = tuple(np.shape(images))
    if len(shape) != 4:
        raise ValueError(f"`images` must be batched 4D tensor. Received: images.shape={shape}")
    return shape


def _to_channels_last(array, data_format):
    return np.transpose(array, (0, 2, 3, 1)) if data_format == "channels_first" else array


def default_color_palette(num_classes):
    """Keras's class colours: `(i * [2**25 - 1, 2**15 - 1, 2**21 - 1]) % 255`."""
    palette = np.array([2**25 - 1, 2**15 - 1, 2**21 - 1])
    return [((i * palette) % 255).tolist() for i in range(num_classes)]


def draw_segmentation_masks(images, segmentation_masks, num_classes=None, color_mapping=None,
                            alpha=0.8, blend=True, ignore_index=-1, data_format=None):
    """Paints each class of a segmentation mask in its colour over the images.

    Pixels of class `c` (for `c` in `0 .. num_classes - 1`) take colour
    `color_mapping[c]` (or Keras's default palette); with `blend`, the
    colour is mixed with the image as `image * (1 - alpha) + colour *
    alpha`, pixels labelled `ignore_index` keep the image, and the result is
    cast to uint8, as in Keras. As in Keras, when `num_classes` is None it
    is the mask's largest value, so that class itself is left unpainted.

    Args:
        images: a batch `(batch, height, width, channels)` (channels first
            with `data_format="channels_first"`), values in [0, 255].
        segmentation_masks: integer masks `(batch, height, width, 1)`.
        num_classes: the number of classes; by default the mask's maximum.
        color_mapping: optional dict or list of class index to RGB colour.
        alpha: the colour's weight when blending. Defaults to 0.8.
        blend: whether to blend (and return uint8). Defaults to True;
            otherwise the painted images are returned as float32.
        ignore_index: the mask value left unpainted when blending. Defaults
            to -1.
        data_format: "channels_last" or "channels_first"; None means
            `keras.config.image_data_format()`.

    Returns:
        A NumPy array of the painted images, channels last: uint8 when
        blending, float32 otherwise.

    Raises:
        ValueError: when `images` is not a 4D batch.
        TypeError: when the masks are not integers.

    Examples:
        >>> images = np.zeros((1, 2, 2, 3), dtype="float32")
        >>> masks = np.array([[[[0], [1]], [[1], [-1]]]])
        >>> out = keras.visualization.draw_segmentation_masks(
        ...     images, masks, num_classes=2, color_mapping={0: (100, 0, 0), 1: (0, 200, 0)},
        ...     alpha=0.5)
        >>> out[0, :, :, 0], out[0, :, :, 1]
        (array([[50,  0],
               [ 0,  0]], dtype=uint8), array([[  0, 100],
               [100,   0]], dtype=uint8))
    """
    data_format = data_format or config.image_data_format()
    _check_batched(images)
    images = _to_channels_last(np.asarray(images), data_format).astype("float32")
    masks = _to_channels_last(np.asarray(segmentation_masks), data_format)
    if masks.dtype.kind not in "iu":
        raise TypeError(
            f"`segmentation_masks` must be in integer dtype. Received: "
            f"segmentation_masks.dtype={masks.dtype.name}"
        )
    if num_classes is None:
        num_classes = int(masks.max())
    colors = default_color_palette(num_classes) if color_mapping is None else \
        [color_mapping[i] for i in range(num_classes)]
    labels = masks[..., 0]
    painted = images.copy()
    for class_index, color in enumerate(colors):
        painted[labels == class_index] = np.asarray(color, dtype="float32")
    if not blend:
        return painted
    mixed = images * np.float32(1 - alpha) + painted * np.float32(alpha)
    mixed = np.where((labels != ignore_index)[..., None], mixed, images)
    return mixed.astype("uint8")
