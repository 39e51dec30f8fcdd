"""`text_dataset_from_directory`: a folder of `.txt` files, one subfolder per
class, as a dataset of NumPy batches of strings."""

import numpy as np

from kerasish.utils import dataset_utils


def text_dataset_from_directory(directory, labels="inferred", label_mode="int",
                                class_names=None, batch_size=32, max_length=None, shuffle=True,
                                seed=None, validation_split=None, subset=None,
                                follow_links=False, verbose=True):
    """Creates a dataset of texts (and labels) from a directory of `.txt` files.

    The layout, the file order, the labels and the training/validation split
    are Keras's (see `image_dataset_from_directory`). Texts are Python
    strings (Keras's TensorFlow dataset yields them as bytes) in arrays of
    dtype object, read as UTF-8 when a batch is read.

    Args:
        directory: the data directory.
        labels: `"inferred"`, None (texts only), or a list of integer labels
            in the sorted order of the files.
        label_mode: `"int"`, `"categorical"`, `"binary"` or None.
        class_names: with `"inferred"`, the subfolders to use, in that order.
        batch_size: texts per batch (default 32); None yields single texts.
        max_length: the maximum number of characters kept from each text.
        shuffle: whether to shuffle the files (and reshuffle every epoch).
        seed: the shuffling seed.
        validation_split: the fraction of files kept for validation.
        subset: `"training"`, `"validation"` or `"both"`.
        follow_links: whether to follow symbolic links to subfolders.
        verbose: whether to print how many files were found.

    Returns:
        A `keras.utils.BatchDataset` of `(texts, labels)` batches, with
        `class_names` and `file_paths`; for `subset="both"`, a list of two.

    Raises:
        ValueError: for invalid arguments or a directory without `.txt` files.

    Examples:
        >>> import tempfile, os
        >>> root = tempfile.mkdtemp()
        >>> for name, text in (("neg", "bad"), ("pos", "good")):
        ...     os.makedirs(os.path.join(root, name))
        ...     with open(os.path.join(root, name, "1.txt"), "w") as f:
        ...         _ = f.write(text)
        >>> dataset = keras.utils.text_dataset_from_directory(
        ...     root, batch_size=2, shuffle=False, verbose=False)
        >>> texts, labels = next(iter(dataset))
        >>> texts.tolist(), labels.tolist()
        (['bad', 'good'], [0, 1])
    """
    if labels not in ("inferred", None) and not isinstance(labels, (list, tuple)):
        raise ValueError(
            "`labels` argument should be a list/tuple of integer labels, of the same size as "
            "the number of text files in the target directory. If you wish to infer the "
            'labels from the subdirectory names in the target directory, pass `labels="inferred"`. '
            "If you wish to get a dataset that only contains text samples (no labels), pass "
            f"`labels=None`. Received: labels={labels}"
        )
    if label_mode not in {"int", "categorical", "binary", None}:
        raise ValueError(
            '`label_mode` argument must be one of "int", "categorical", "binary", or None. '
            f"Received: label_mode={label_mode}"
        )

    def load_batch(paths):
        texts = np.empty(len(paths), dtype=object)
        texts[:] = [_read_text(path, max_length) for path in paths]
        return texts

    return dataset_utils.files_dataset_from_directory(
        directory, (".txt",),
        f"No text files found in directory {directory}. Allowed format: .txt", load_batch, labels, label_mode, class_names, batch_size,
        shuffle, seed, validation_split, subset, follow_links, verbose)


def _read_text(path, max_length):
    with open(path, encoding="utf-8", errors="replace") as file:
        text = file.read()
    return text if max_length is None else text[:max_length]
