"""`plot_image_gallery`: a grid of images (and their labels) with matplotlib."""

import math

import numpy as np

from kerasish.backend import config


def require_pyplot(function_name):
    """Returns `matplotlib.pyplot`, or an ImportError naming the extra to install."""
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        raise ImportError(
            f"`{function_name}` requires matplotlib, which is not installed. Install it with "
            '`pip install "kerasish[plot]"` (or `pip install matplotlib`).'
        ) from None
    return plt


def to_value_range(images, original_range, target_range=(0, 255)):
    """Maps `images` linearly from `original_range` to `target_range`."""
    if tuple(original_range) == tuple(target_range):
        return images
    low, high = (float(v) for v in original_range)
    new_low, new_high = (float(v) for v in target_range)
    scaled = (np.asarray(images, dtype="float32") - low) / (high - low)
    return scaled * (new_high - new_low) + new_low


def plot_image_gallery(images, y_true=None, y_pred=None, label_map=None, rows=None, cols=None,
                       value_range=(0, 255), scale=2, path=None, show=None, transparent=True,
                       dpi=60, legend_handles=None, data_format=None):
    """Shows (or saves) a grid of images, optionally titled with their labels.

    The grid has `rows * cols` cells (by default about the square root of
    the batch size each way, with Keras's rounding); each shows one image,
    mapped from `value_range` to [0, 255], without axes. With `y_true` or
    `y_pred`, each title reads `Label: <name>` and/or `Pred: <name>`, the
    names from `label_map`. Needs matplotlib (the `kerasish[plot]` extra).

    Args:
        images: a batch `(batch, height, width, channels)` (channels first
            with `data_format="channels_first"`).
        y_true: optional true labels, one per image.
        y_pred: optional predicted labels, one per image.
        label_map: dict of label to name; required with labels.
        rows: the grid's rows. Defaults to `ceil(sqrt(batch))`.
        cols: the grid's columns. Defaults to `batch // rows`.
        value_range: the images' value range. Defaults to (0, 255).
        scale: the size of each cell, in inches. Defaults to 2.
        path: where to save the figure (PNG, ...); None to show it.
        show: whether to show it; by default when `path` is None.
        transparent: whether the saved figure's background is transparent.
        dpi: the saved figure's resolution. Defaults to 60.
        legend_handles: optional matplotlib legend handles.
        data_format: "channels_last" or "channels_first"; None means
            `keras.config.image_data_format()`.

    Returns:
        None. The figure is saved (and closed), shown (and closed), or,
        with `show=False` and no `path`, left open as the current figure.

    Raises:
        ImportError: when matplotlib is not installed.
        ValueError: when both `path` and `show` are given, labels come
            without `label_map`, or `images` is not a 4D batch.

    Examples:
        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "gallery.png")
        >>> images = np.random.default_rng(0).uniform(0, 255, (4, 8, 8, 3))
        >>> keras.visualization.plot_image_gallery(images, path=path)  # doctest: +SKIP
        >>> os.path.exists(path)  # doctest: +SKIP
        True
    """
    plt = require_pyplot("plot_image_gallery")
    if path is not None and show:
        raise ValueError("plot_gallery() expects either `path` to be set, or `show` to be true.")
    if (y_true is not None or y_pred is not None) and label_map is None:
        raise ValueError(
            "If `y_true` or `y_pred` are provided, a `label_map` must also be provided."
        )
    show = show if show is not None else path is None
    data_format = data_format or config.image_data_format()
    shape = np.shape(images)
    batch_size = shape[0] if len(shape) == 4 else 1
    rows = rows or int(math.ceil(math.sqrt(batch_size)))
    cols = cols or int(math.ceil(batch_size // rows))
    if len(shape) != 4:
        raise ValueError(
            "`plot_images_gallery()` requires you to batch your `np.array` samples together."
        )
    images = np.asarray(images)[:min(rows * cols, batch_size)]
    if data_format == "channels_first":
        images = np.transpose(images, (0, 2, 3, 1))
    images = np.asarray(to_value_range(images, value_range))
    figure, axes = plt.subplots(nrows=rows, ncols=cols, figsize=(cols * scale, rows * scale),
                                frameon=False, layout="tight", squeeze=True, sharex="row",
                                sharey="col")
    figure.subplots_adjust(wspace=0, hspace=0)
    axes = _as_grid(axes, rows)
    if legend_handles is not None:
        figure.legend(handles=legend_handles, loc="lower center")
    labels = [None if y is None else np.asarray(y) for y in (y_true, y_pred)]
    for row in range(rows):
        for col in range(cols):
            index = row * cols + col
            axis = axes[row, col] if isinstance(axes, np.ndarray) else axes
            axis.imshow(images[index].astype("uint8"))
            axis.margins(x=0, y=0)
            axis.axis("off")
            title = _title(index, labels, label_map)
            if title:
                axis.set_title(title, fontsize=8)
    _finish(plt, path, show, transparent, dpi)


def _as_grid(axes, rows):
    """A 2-D array of axes (matplotlib squeezes single rows or columns)."""
    if isinstance(axes, np.ndarray) and axes.ndim == 1:
        return np.expand_dims(axes, 0 if rows == 1 else -1)
    return axes


def _title(index, labels, label_map):
    parts = []
    for prefix, values in zip(("Label", "Pred"), labels):
        if values is not None and index < len(values):
            parts.append(f"{prefix}: {label_map.get(values[index], 'Unknown')}")
    return "  ".join(parts)


def _finish(plt, path, show, transparent, dpi):
    if path is not None:
        plt.savefig(fname=path, pad_inches=0, bbox_inches="tight", transparent=transparent,
                    dpi=dpi)
        plt.close()
    elif show:
        plt.show()
        plt.close()
