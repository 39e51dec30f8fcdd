"""`plot_bounding_box_gallery`: a gallery of images with their true and
predicted boxes."""

import functools

import numpy as np

from kerasish.backend import config
from kerasish.visualization.draw_bounding_boxes import draw_bounding_boxes
from kerasish.visualization.draw_segmentation_masks import _check_batched, _to_channels_last
from kerasish.visualization.plot_image_gallery import plot_image_gallery, require_pyplot


def plot_bounding_box_gallery(images, bounding_box_format, y_true=None, y_pred=None,
                              value_range=(0, 255), true_color=(0, 188, 212),
                              pred_color=(255, 235, 59), line_thickness=2, font_scale=1.0,
                              text_thickness=None, class_mapping=None, ground_truth_mapping=None,
                              prediction_mapping=None, legend=False, legend_handles=None,
                              rows=None, cols=None, data_format=None, **kwargs):
    """Plots a gallery of images with their true boxes and predicted boxes drawn on.

    The boxes are drawn by `draw_bounding_boxes` (true ones in
    `true_color`, then predicted ones in `pred_color`); the gallery by
    `plot_image_gallery` (matplotlib, the `kerasish[plot]` extra).

    Args:
        images: a batch `(batch, height, width, channels)`.
        bounding_box_format: the boxes' format, e.g. "xyxy".
        y_true: optional true boxes, a dict with "boxes" and "labels".
        y_pred: optional predicted boxes, the same kind of dict.
        value_range: the images' value range. Defaults to (0, 255).
        true_color: colour of the true boxes.
        pred_color: colour of the predicted boxes.
        line_thickness: the rectangles' width. Defaults to 2.
        font_scale: the labels' size. Defaults to 1.0.
        text_thickness: the labels' stroke.
        class_mapping: dict of class index to name, for both kinds.
        ground_truth_mapping: the names for the true boxes.
        prediction_mapping: the names for the predicted boxes.
        legend: whether to add a "Ground Truth"/"Prediction" legend.
        legend_handles: your own legend handles instead.
        rows: the grid's rows.
        cols: the grid's columns.
        data_format: "channels_last" or "channels_first"; None means
            `keras.config.image_data_format()`.
        **kwargs: passed on to `plot_image_gallery` (`path`, `show`, ...).

    Returns:
        None (see `plot_image_gallery`).

    Raises:
        ImportError: when matplotlib is not installed.
        ValueError: when `images` is not a 4D batch, or both `legend` and
            `legend_handles` are given.

    Examples:
        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "boxes.png")
        >>> images = np.zeros((2, 8, 8, 3))
        >>> y_true = {"boxes": np.array([[[1, 1, 6, 6]]] * 2), "labels": np.array([[0]] * 2)}
        >>> keras.visualization.plot_bounding_box_gallery(  # doctest: +SKIP
        ...     images, "xyxy", y_true=y_true, path=path)
    """
    require_pyplot("plot_bounding_box_gallery")
    from matplotlib import patches

    prediction_mapping = prediction_mapping or class_mapping
    ground_truth_mapping = ground_truth_mapping or class_mapping
    data_format = data_format or config.image_data_format()
    _check_batched(images)
    plotted = _to_channels_last(np.asarray(images), data_format)
    draw = functools.partial(draw_bounding_boxes, bounding_box_format=bounding_box_format,
                             line_thickness=line_thickness, text_thickness=text_thickness,
                             font_scale=font_scale, data_format="channels_last")
    if y_true is not None:
        plotted = draw(plotted, y_true, color=true_color, class_mapping=ground_truth_mapping)
    if y_pred is not None:
        plotted = draw(plotted, y_pred, color=pred_color, class_mapping=prediction_mapping)
    if legend:
        if legend_handles:
            raise ValueError("Only pass `legend` OR `legend_handles` to "
                             "`keras.visualization.plot_bounding_box_gallery()`.")
        legend_handles = [
            patches.Patch(color=np.array(true_color) / 255.0, label="Ground Truth"),
            patches.Patch(color=np.array(pred_color) / 255.0, label="Prediction"),
        ]
    return plot_image_gallery(plotted, value_range=value_range, legend_handles=legend_handles,
                              rows=rows, cols=cols, data_format="channels_last", **kwargs)
