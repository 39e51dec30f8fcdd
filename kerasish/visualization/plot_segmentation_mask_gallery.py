"""`plot_segmentation_mask_gallery`: images beside their painted masks."""

import numpy as np

from kerasish.backend import config
from kerasish.visualization.draw_segmentation_masks import (
    _check_batched,
    _to_channels_last,
    draw_segmentation_masks,
)
from kerasish.visualization.plot_image_gallery import plot_image_gallery


def plot_segmentation_mask_gallery(images, num_classes, value_range=(0, 255), y_true=None,
                                   y_pred=None, color_mapping=None, blend=True, alpha=0.8,
                                   ignore_index=-1, data_format=None, **kwargs):
    """Plots each image in a row, followed by its true and/or predicted masks painted on it.

    The masks are painted with `draw_segmentation_masks`; the gallery is
    drawn by `plot_image_gallery` (matplotlib, the `kerasish[plot]` extra).

    Args:
        images: a batch `(batch, height, width, channels)`.
        num_classes: the number of classes.
        value_range: the images' value range. Defaults to (0, 255).
        y_true: optional true masks `(batch, height, width, 1)`.
        y_pred: optional predicted masks, the same shape.
        color_mapping: optional class-to-colour mapping.
        blend: whether to blend the colours with the image.
        alpha: the colour's weight when blending. Defaults to 0.8.
        ignore_index: the mask value left unpainted. Defaults to -1.
        data_format: "channels_last" or "channels_first"; None means
            `keras.config.image_data_format()`.
        **kwargs: passed on to `plot_image_gallery` (`path`, `show`,
            `scale`, ...).

    Returns:
        None (see `plot_image_gallery`).

    Raises:
        ValueError: when `images` is not a 4D batch.
        ImportError: when matplotlib is not installed.

    Examples:
        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "masks.png")
        >>> images = np.zeros((2, 4, 4, 3))
        >>> masks = np.ones((2, 4, 4, 1), dtype="int32")
        >>> keras.visualization.plot_segmentation_mask_gallery(  # doctest: +SKIP
        ...     images, num_classes=2, y_true=masks, path=path)
    """
    data_format = data_format or config.image_data_format()
    batch_size = _check_batched(images)[0]
    images = _to_channels_last(np.asarray(images), data_format)
    columns = [images]
    for masks in (y_true, y_pred):
        if masks is not None:
            masks = _to_channels_last(np.asarray(masks), data_format).astype("int32")
            columns.append(draw_segmentation_masks(
                images, masks, num_classes=num_classes, color_mapping=color_mapping,
                alpha=alpha, ignore_index=ignore_index, blend=blend,
                data_format="channels_last"))
    # Row by row: each image, then its masks.
    gallery = np.stack([np.asarray(column[i], dtype="float32") for i in range(batch_size)
                        for column in columns])
    return plot_image_gallery(gallery, value_range=value_range, rows=batch_size,
                              cols=len(columns), data_format="channels_last", **kwargs)
