"""`BatchDataset`, the dataset object kerasish's data utilities return, and the
directory indexing and validation split they share (Keras's rules, so the
same files land in the same subsets in the same order)."""

import math
import os

import numpy as np

from kerasish.trainers.data_adapters.py_dataset_adapter import PyDataset


class BatchDataset(PyDataset):
    """Batches of NumPy arrays built on demand: what `image_dataset_from_directory`,
    `text_dataset_from_directory` and `timeseries_dataset_from_array` return.

    It is a `keras.utils.PyDataset`, so `fit`, `evaluate` and `predict` take
    it (its `shuffle` argument, not `fit`'s, decides the order), and
    iterating over it gives one batch (an array, or an
    `(inputs, targets)` tuple of arrays) at a time. Batches are made from
    the samples' indices by `load(indices)`; with `shuffle=True` the order
    of the samples changes after every epoch.

    Args:
        num_samples: the number of samples.
        load: a function from an array of sample indices to one batch.
        batch_size: samples per batch (the last batch may be smaller); None
            makes each element a single sample, without a batch axis.
        shuffle: whether to reshuffle the samples after every epoch.
        seed: the seed of that shuffling.

    Examples:
        >>> squares = np.arange(10) ** 2
        >>> dataset = keras.utils.BatchDataset(10, lambda i: squares[i], batch_size=4)
        >>> len(dataset), [batch.tolist() for batch in dataset][-1]
        (3, [64, 81])
    """

    shuffles_itself = True  # `fit(shuffle=...)` leaves its order alone, as for a tf.data dataset

    def __init__(self, num_samples, load, batch_size=32, shuffle=False, seed=None):
        super().__init__()
        self.num_samples = num_samples
        self._load = load
        self.batch_size = batch_size
        self.shuffle = shuffle
        self._rng = np.random.RandomState(seed)
        self._order = np.arange(num_samples)

    def __len__(self):
        if self.batch_size is None:
            return self.num_samples
        return math.ceil(self.num_samples / self.batch_size)

    def __getitem__(self, index):
        if not 0 <= index < len(self):
            raise IndexError(f"Batch index {index} out of range for {len(self)} batches.")
        if self.batch_size is None:  # one sample: the batch of one, without its batch axis
            return _map_arrays(lambda array: array[0], self._load(self._order[index:index + 1]))
        return self._load(self._order[index * self.batch_size:(index + 1) * self.batch_size])

    def on_epoch_end(self):
        """Reshuffles the samples when the dataset shuffles."""
        if self.shuffle:
            self._rng.shuffle(self._order)

    def as_numpy_iterator(self):
        """Returns an iterator over the batches, as `tf.data.Dataset` has.

        Returns:
            An iterator of batches.
        """
        return iter(self)

    def take(self, count):
        """Returns a dataset of the first `count` batches (all when `count` is -1).

        Args:
            count: the number of batches.

        Returns:
            A new `BatchDataset`.
        """
        count = len(self) if count == -1 else min(count, len(self))
        size = self.batch_size or 1
        sliced = BatchDataset(min(count * size, self.num_samples), self._load,
                              self.batch_size)
        sliced._order = self._order[:count * size].copy()
        _copy_attributes(self, sliced)
        return sliced

    def map(self, function):
        """Returns a dataset whose batches are `function(*batch)` (or
        `function(batch)` for a batch that is not a tuple).

        Args:
            function: the function applied to every batch.

        Returns:
            A new `BatchDataset`.
        """
        load = self._load

        def mapped(indices):
            batch = load(indices)
            return function(*batch) if isinstance(batch, tuple) else function(batch)

        result = BatchDataset(self.num_samples, mapped, self.batch_size, self.shuffle)
        result._order, result._rng = self._order, self._rng
        _copy_attributes(self, result)
        return result

    def cache(self, filename=""):
        """Returns the dataset itself (accepted for `tf.data` compatibility).

        Args:
            filename: ignored.

        Returns:
            This dataset.
        """
        return self

    def prefetch(self, buffer_size=None):
        """Returns the dataset itself: set `workers` to load batches ahead.

        Args:
            buffer_size: ignored.

        Returns:
            This dataset.
        """
        return self


def _map_arrays(function, batch):
    if isinstance(batch, tuple):
        return tuple(_map_arrays(function, item) for item in batch)
    if isinstance(batch, dict):
        return {key: _map_arrays(function, value) for key, value in batch.items()}
    return function(batch)


def _copy_attributes(source, target):
    for name in ("class_names", "file_paths"):
        if hasattr(source, name):
            setattr(target, name, getattr(source, name))


def files_dataset_from_directory(directory, formats, no_files_note, load_batch, labels, label_mode,
                                 class_names, batch_size, shuffle, seed, validation_split,
                                 subset, follow_links, verbose):
    """The steps text and audio datasets share: Keras's argument checks,
    indexing the files, the training/validation split and the labels, then
    a `BatchDataset` whose batches are `load_batch(paths)` (and labels).

    `no_files_note` is the error for a subset without files, in the
    caller's wording ("No text files found in directory ..."); the `labels`
    and `label_mode` arguments are checked by the caller too.
    Returns one dataset, or a list of two for `subset="both"`.
    """
    if labels is None or label_mode is None:
        labels, label_mode = None, None
    check_validation_split_arg(validation_split, subset, shuffle, seed)
    if seed is None:
        seed = np.random.randint(1e6)
    paths, labels, class_names = index_directory(
        directory, labels, formats, class_names, shuffle, seed, follow_links, verbose)
    if label_mode == "binary" and len(class_names) != 2:
        raise ValueError(
            'When passing `label_mode="binary"`, there must be exactly 2 class_names. '
            f"Received: class_names={class_names}"
        )

    def make(subset_name, subset_shuffle):
        subset_paths, subset_labels = split_for_subset(
            paths, labels, validation_split, subset_name, verbose)
        if not subset_paths:
            raise ValueError(no_files_note)
        encoded = None if subset_labels is None else encode_labels(
            subset_labels, label_mode, len(class_names))

        def load(indices):
            inputs = load_batch([subset_paths[i] for i in indices])
            return inputs if encoded is None else (inputs, encoded[indices])

        dataset = BatchDataset(len(subset_paths), load, batch_size, subset_shuffle, seed)
        dataset.class_names = class_names
        dataset.file_paths = list(subset_paths)
        return dataset

    if subset == "both":
        return [make("training", shuffle), make("validation", False)]
    return make(subset, shuffle)


def check_validation_split_arg(validation_split, subset, shuffle, seed):
    """Keras's checks of `validation_split` and `subset`."""
    if validation_split and not 0 < validation_split < 1:
        raise ValueError(
            f"`validation_split` must be between 0 and 1, received: {validation_split}"
        )
    if (validation_split or subset) and not (validation_split and subset):
        raise ValueError("If `subset` is set, `validation_split` must be set, and inversely.")
    if subset not in ("training", "validation", "both", None):
        raise ValueError(
            f'`subset` must be either "training", "validation" or "both", received: {subset}'
        )
    if validation_split and shuffle and seed is None:
        raise ValueError(
            "If using `validation_split` and shuffling the data, you must provide a `seed` "
            "argument, to make sure that there is no overlap between the training and "
            "validation subset."
        )


def index_directory(directory, labels, formats, class_names=None, shuffle=True, seed=None,
                    follow_links=False, verbose=True):
    """The files of `directory` with the given extensions, their labels and
    the class names, in Keras's order: class subfolders sorted by name, the
    files of each walked in sorted order, then shuffled with
    `np.random.RandomState(seed)` when asked."""
    if labels == "inferred":
        subdirs = [name for name in sorted(os.listdir(directory))
                   if os.path.isdir(os.path.join(directory, name)) and not name.startswith(".")]
        if class_names is not None:
            if not set(class_names).issubset(set(subdirs)):
                raise ValueError(
                    "The `class_names` passed did not match the names of the subdirectories "
                    f"of the target directory. Expected: {subdirs} (or a subset of it), but "
                    f"received: class_names={class_names}"
                )
            subdirs = list(class_names)
    else:
        subdirs = [""]
        if class_names is not None:
            raise ValueError(
                "When `labels=None` (no labels), argument `class_names` cannot be specified."
                if labels is None else
                "When argument `labels` is specified, argument `class_names` cannot be "
                "specified (the `class_names` will be the sorted list of labels)."
            )
    filenames, label_list = [], []
    for index, subdir in enumerate(subdirs):
        for relative in _valid_files(os.path.join(directory, subdir), follow_links, formats):
            filenames.append(os.path.join(subdir, relative) if subdir else relative)
            label_list.append(index)
    names = subdirs
    if labels == "inferred":
        labels = np.array(label_list, dtype="int32")
    elif labels is None:
        names = None
    else:
        if len(labels) != len(filenames):
            raise ValueError(
                "Expected the lengths of `labels` to match the number of files in the target "
                f"directory. len(labels) is {len(labels)} while we found {len(filenames)} "
                f"files in directory {directory}."
            )
        names = [str(label) for label in sorted(set(labels))]
    if verbose:
        print(f"Found {len(filenames)} files." if labels is None else
              f"Found {len(filenames)} files belonging to {len(names)} classes.")
    paths = [os.path.join(directory, name) for name in filenames]
    if shuffle:
        if seed is None:
            seed = np.random.randint(1e6)
        np.random.RandomState(seed).shuffle(paths)
        if labels is not None:
            labels = np.asarray(labels)
            np.random.RandomState(seed).shuffle(labels)
    return paths, labels, names


def _valid_files(directory, follow_links, formats):
    for root, _, files in sorted(os.walk(directory, followlinks=follow_links),
                                 key=lambda entry: entry[0]):
        for name in sorted(files):
            if name.lower().endswith(formats):
                yield os.path.relpath(os.path.join(root, name), directory)


def split_for_subset(samples, labels, validation_split, subset, verbose=True):
    """The training or validation part of the (indexed) samples: the last
    `int(validation_split * n)` samples are for validation, as in Keras."""
    if not validation_split:
        return samples, labels
    num_val = int(validation_split * len(samples))
    if subset == "training":
        if verbose:
            print(f"Using {len(samples) - num_val} files for training.")
        return samples[:-num_val], None if labels is None else labels[:-num_val]
    if verbose:
        print(f"Using {num_val} files for validation.")
    return samples[-num_val:], None if labels is None else labels[-num_val:]


def encode_labels(labels, label_mode, num_classes):
    """Integer labels as `label_mode` asks: int32, float32 `(n, 1)` for
    "binary", one-hot float32 for "categorical"."""
    labels = np.asarray(labels)
    if label_mode == "binary":
        return labels.astype("float32")[:, None]
    if label_mode == "categorical":
        return np.eye(num_classes, dtype="float32")[labels]
    return labels.astype("int32")
