"""`image_dataset_from_directory`: a folder of images, one subfolder per class,
as a dataset of NumPy batches (decoded through Pillow, `kerasish[images]`)."""

import numpy as np

from kerasish.backend import config
from kerasish.utils import dataset_utils, image_utils

ALLOWLIST_FORMATS = (".bmp", ".gif", ".jpeg", ".jpg", ".png")
_INTERPOLATIONS = ("bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5",
                   "gaussian", "mitchellcubic")
_CHANNELS = {"rgb": 3, "rgba": 4, "grayscale": 1}


def image_dataset_from_directory(directory, labels="inferred", label_mode="int",
                                 class_names=None, color_mode="rgb", batch_size=32,
                                 image_size=(256, 256), shuffle=True, seed=None,
                                 validation_split=None, subset=None, interpolation="bilinear",
                                 follow_links=False, crop_to_aspect_ratio=False,
                                 pad_to_aspect_ratio=False, data_format=None, verbose=True):
    """Creates a dataset of images (and labels) from a directory, as Keras does.

    With `labels="inferred"` the directory holds one subfolder per class
    (`main/cats/*.png`, `main/dogs/*.png`): the classes are the subfolder
    names in alphabetical order, and the label of an image is the index of
    its folder. Files are listed in Keras's order and shuffled with the same
    seed-driven permutation, so the same files land in the training and
    validation subsets, in the same order, as with Keras. Images are decoded
    when a batch is read and resized as `tf.image.resize` does ("bilinear"
    and "nearest" exactly; other methods through Pillow).

    Args:
        directory: the data directory.
        labels: `"inferred"`, None (images only), or a list of integer labels
            in the sorted order of the files.
        label_mode: `"int"` (int32), `"categorical"` (one-hot float32),
            `"binary"` (float32 of shape `(batch, 1)`, two classes), or None.
        class_names: with `"inferred"`, the subfolders to use, in that order.
        color_mode: `"rgb"`, `"rgba"` or `"grayscale"`.
        batch_size: images per batch (default 32); None yields single images.
        image_size: `(height, width)` (or an int) the images are resized to.
        shuffle: whether to shuffle the files (and reshuffle every epoch).
        seed: the shuffling seed (required with `validation_split` and
            `shuffle`).
        validation_split: the fraction of files kept for validation.
        subset: `"training"`, `"validation"` or `"both"` (a list of the two
            datasets); required with `validation_split`.
        interpolation: the resizing method.
        follow_links: whether to follow symbolic links to subfolders.
        crop_to_aspect_ratio: whether to crop the center to the target aspect
            ratio before resizing.
        pad_to_aspect_ratio: whether to resize keeping the aspect ratio and
            pad with zeros instead.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        verbose: whether to print how many files were found.

    Returns:
        A `keras.utils.BatchDataset` of `(images, labels)` float32 batches
        (images alone when there are no labels), with `class_names` and
        `file_paths` attributes; for `subset="both"`, a list
        `[training, validation]`.

    Raises:
        ImportError: when Pillow is not installed (`kerasish[images]`).
        ValueError: for invalid arguments or a directory without images.

    Examples:
        >>> import tempfile, os
        >>> root = tempfile.mkdtemp()
        >>> for name in ("cat", "dog"):
        ...     os.makedirs(os.path.join(root, name))
        ...     keras.utils.save_img(os.path.join(root, name, "a.png"), np.ones((8, 8, 3)))
        >>> dataset = keras.utils.image_dataset_from_directory(
        ...     root, image_size=(4, 4), batch_size=2, shuffle=False, verbose=False)
        >>> images, labels = next(iter(dataset))
        >>> dataset.class_names, images.shape, labels.tolist()
        (['cat', 'dog'], (2, 4, 4, 3), [0, 1])
    """
    _check_arguments(labels, label_mode, class_names, color_mode, interpolation)
    if labels is None or label_mode is None:
        labels, label_mode = None, None
    if isinstance(image_size, int):
        image_size = (image_size, image_size)
    elif not isinstance(image_size, (list, tuple)) or len(image_size) != 2:
        raise ValueError(
            "Invalid `image_size` value. Expected a tuple of 2 integers. "
            f"Received: image_size={image_size}"
        )
    dataset_utils.check_validation_split_arg(validation_split, subset, shuffle, seed)
    image_utils.require_pillow("image_dataset_from_directory")
    if seed is None:
        seed = np.random.randint(1e6)
    paths, labels, class_names = dataset_utils.index_directory(
        directory, labels, ALLOWLIST_FORMATS, class_names, shuffle, seed, follow_links, verbose)
    if label_mode == "binary" and len(class_names) != 2:
        raise ValueError(
            'When passing `label_mode="binary"`, there must be exactly 2 class_names. '
            f"Received: class_names={class_names}"
        )
    options = dict(image_size=tuple(image_size), color_mode=color_mode,
                   interpolation=interpolation.lower(), crop=crop_to_aspect_ratio,
                   pad=pad_to_aspect_ratio,
                   data_format=data_format or config.image_data_format())

    def make(subset_name, subset_shuffle):
        subset_paths, subset_labels = dataset_utils.split_for_subset(
            paths, labels, validation_split, subset_name, verbose)
        if not subset_paths:
            what = {"training": "training ", "validation": "validation "}.get(
                subset_name if subset == "both" else "", "")
            raise ValueError(f"No {what}images found in directory {directory}. "
                             f"Allowed formats: {ALLOWLIST_FORMATS}")
        return _image_dataset(subset_paths, subset_labels, label_mode, class_names, batch_size,
                              subset_shuffle, seed, options)

    if subset == "both":
        return [make("training", shuffle), make("validation", False)]
    return make(subset, shuffle)


def _check_arguments(labels, label_mode, class_names, color_mode, interpolation):
    if labels not in ("inferred", None):
        if not isinstance(labels, (list, tuple)):
            raise ValueError(
                "`labels` argument should be a list/tuple of integer labels, of the same size "
                "as the number of image files in the target directory. If you wish to infer "
                "the labels from the subdirectory names in the target directory, pass "
                '`labels="inferred"`. If you wish to get a dataset that only contains images '
                f"(no labels), pass `labels=None`. Received: labels={labels}"
            )
        if class_names:
            raise ValueError(
                'You can only pass `class_names` if `labels="inferred"`. '
                f"Received: labels={labels}, and class_names={class_names}"
            )
    if label_mode not in {"int", "categorical", "binary", None}:
        raise ValueError(
            '`label_mode` argument must be one of "int", "categorical", "binary", or None. '
            f"Received: label_mode={label_mode}"
        )
    if color_mode not in _CHANNELS:
        raise ValueError(
            '`color_mode` must be one of {"rgb", "rgba", "grayscale"}. '
            f"Received: color_mode={color_mode}"
        )
    if interpolation.lower() not in _INTERPOLATIONS:
        raise ValueError(
            f"Argument `interpolation` should be one of {_INTERPOLATIONS}. "
            f"Received: interpolation={interpolation}"
        )


def _image_dataset(paths, labels, label_mode, class_names, batch_size, shuffle, seed, options):
    encoded = None
    if labels is not None:
        encoded = dataset_utils.encode_labels(labels, label_mode, len(class_names))

    def load(indices):
        images = np.stack([load_image(paths[i], **options) for i in indices])
        return images if encoded is None else (images, encoded[indices])

    dataset = dataset_utils.BatchDataset(len(paths), load, batch_size, shuffle, seed)
    dataset.class_names = class_names
    dataset.file_paths = list(paths)
    return dataset


def load_image(path, image_size, color_mode, interpolation, crop, pad, data_format):
    """One image file as an array of `image_size`, as Keras's loader makes it:
    float32, or the file's own dtype (uint8) with "nearest" resizing, as
    `tf.image.resize` returns."""
    image = np.asarray(image_utils.load_img(path, color_mode=color_mode))
    if image.ndim == 2:
        image = image[:, :, None]
    if crop:
        image = image_utils.resize_like_tensorflow(_center_crop(image, image_size), image_size,
                                                   interpolation)
    elif pad:
        image = _resize_with_pad(image, image_size, interpolation)
    else:
        image = image_utils.resize_like_tensorflow(image, image_size, interpolation)
    if interpolation != "nearest":
        image = image.astype(np.float32)
    return image.transpose(2, 0, 1) if data_format == "channels_first" else image


def _center_crop(image, size):
    height, width = image.shape[:2]
    target_height, target_width = size
    crop_height = min(height, int(float(width * target_height) / target_width))
    crop_width = min(width, int(float(height * target_width) / target_height))
    top = int(float(height - crop_height) / 2)
    left = int(float(width - crop_width) / 2)
    return image[top:top + crop_height, left:left + crop_width]


def _resize_with_pad(image, size, interpolation):
    height, width = image.shape[:2]
    target_height, target_width = size
    ratio = max(width / target_width, height / target_height)
    new_height, new_width = int(height / ratio), int(width / ratio)
    resized = image_utils.resize_like_tensorflow(image, (new_height, new_width), interpolation)
    top, left = (target_height - new_height) // 2, (target_width - new_width) // 2
    padded = np.zeros((target_height, target_width, image.shape[2]), resized.dtype)
    padded[top:top + new_height, left:left + new_width] = resized
    return padded
