"""Turning user arrays into batches: validation, the validation split,
class weights and per-epoch shuffling."""

import math
import warnings

import numpy as np

from kerasish.backend import random as backend_random
from kerasish.utils import validation


def standardize(x, y=None, sample_weight=None, check_finite=True, text=False):
    """Validates and converts user data into numeric arrays with one batch
    axis; with `text` (a model starting with text layers) `x` may be strings."""
    if x is None:
        raise ValueError("Argument `x` is required: pass the input data. Received: x=None")
    x = validation.map_structure(_text_or_numeric if text else _numeric_x, x)
    y = validation.map_structure(lambda a: validation.to_numeric_array(a, "y"), y)
    if sample_weight is not None:
        sample_weight = validation.to_numeric_array(sample_weight, "sample_weight")
    validation.check_lengths(x, y, sample_weight)
    if check_finite:
        for array in validation.flatten(x):
            if array.dtype.kind not in "US":
                validation.check_finite(array, "x")
        for array in validation.flatten(y):
            validation.check_finite(array, "y")
    return x, y, sample_weight


def _numeric_x(value):
    return validation.to_numeric_array(value, "x")


def _text_or_numeric(value):
    """Input data as an array: text stays text (for TextVectorization and the
    lookup layers, which refuse what they cannot read); the rest numeric."""
    if isinstance(value, (list, tuple, np.ndarray)):
        array = np.asarray(value)
        if array.dtype.kind in "US" and array.ndim > 0:
            return array
    return _numeric_x(value)


def num_samples(x):
    return validation.flatten(x)[0].shape[0]


def train_validation_split(x, y, sample_weight, validation_split):
    is_number = isinstance(validation_split, (int, float, np.floating, np.integer))
    if not is_number or isinstance(validation_split, bool) or not 0 <= validation_split < 1:
        raise ValueError(
            "`validation_split` must be a float in [0, 1). "
            f"Received: validation_split={validation_split}"
        )
    total = num_samples(x)
    split_at = int(math.floor(total * (1.0 - validation_split)))
    if split_at == 0 or split_at == total:
        raise ValueError(
            f"Training data contains {total} samples, which is not sufficient to split it "
            "into a validation and training set as specified by "
            f"`validation_split={validation_split}`. Either provide more data, or a "
            "different value for the `validation_split` argument."
        )

    def part(start, end):
        return lambda a: a[start:end]

    train = tuple(validation.map_structure(part(0, split_at), d) for d in (x, y, sample_weight))
    val = tuple(validation.map_structure(part(split_at, total), d) for d in (x, y, sample_weight))
    return train, val


def class_weight_to_sample_weights(y, class_weight):
    """Per-sample weights from a {class index: weight} dict, as Keras computes
    them: one-hot targets are argmax-ed, and classes missing from the dict
    weigh 1.0 (kerasish also warns about those, as they are often a typo)."""
    if not isinstance(class_weight, dict):
        raise ValueError(
            "Expected `class_weight` to be a dict with keys from 0 to one less than the "
            f"number of classes. Received: class_weight={class_weight}"
        )
    bad_keys = [k for k in class_weight if isinstance(k, bool) or not isinstance(k, (int, np.integer))]
    if bad_keys:
        raise ValueError(
            "Expected `class_weight` keys to be integer class indices. "
            f"Received: class_weight={class_weight}"
        )
    if len(validation.flatten(y)) != 1:
        raise ValueError("`class_weight` is only supported for Models with a single output.")
    labels = np.asarray(validation.flatten(y)[0])
    if labels.ndim > 1:
        labels = labels.argmax(axis=-1) if labels.shape[-1] != 1 else labels[..., 0]
    labels = np.round(labels).astype(np.int64)
    present = np.unique(labels)
    missing = [int(c) for c in present if int(c) not in class_weight]
    if missing:
        warnings.warn(
            f"`class_weight` has no entry for classes {missing} found in `y`; they get "
            f"weight 1.0. Received: class_weight={class_weight}",
            stacklevel=3,
        )
    lookup = {int(c): class_weight.get(int(c), 1.0) for c in present}
    weights = np.array([lookup[int(c)] for c in present], dtype=np.float32)
    return weights[np.searchsorted(present, labels)]


class EpochIterator:
    """Yields (step, x_batch, y_batch, sample_weight_batch) for one epoch.

    Without shuffling the batches are views into the arrays (no copies).
    """

    def __init__(self, x, y=None, sample_weight=None, batch_size=32, shuffle=False):
        self.x, self.y, self.sample_weight = x, y, sample_weight
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.num_samples = num_samples(x)
        self.num_batches = math.ceil(self.num_samples / batch_size) if self.num_samples else 0

    def __iter__(self):
        order, batch_order = None, range(self.num_batches)
        if self.shuffle == "batch":
            batch_order = backend_random.global_generator().permutation(self.num_batches)
        elif self.shuffle:
            order = backend_random.global_generator().permutation(self.num_samples)
        for step, batch in enumerate(batch_order):
            start = batch * self.batch_size
            end = min(start + self.batch_size, self.num_samples)
            index = slice(start, end) if order is None else order[start:end]
            take = _taker(index)
            yield (
                step,
                validation.map_structure(take, self.x),
                validation.map_structure(take, self.y),
                None if self.sample_weight is None else take(self.sample_weight),
            )


def _taker(index):
    return lambda array: array[index]
