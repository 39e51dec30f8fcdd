"""Batches of in-memory arrays (or lists, tuples and dicts of them)."""

import math

from kerasish.backend import random as backend_random
from kerasish.trainers.data_adapters import data_adapter_utils
from kerasish.trainers.data_adapters.data_adapter import DataAdapter
from kerasish.utils import validation


class ArrayDataAdapter(DataAdapter):
    """Cuts arrays into batches, shuffling them each epoch if asked.

    The arrays must already be standardized (`data_adapter_utils.standardize`).
    Without shuffling the batches are views into the arrays (no copies).
    When only `steps` is given, the batch size is the one that covers the
    data in that many steps, as in Keras.
    """

    def __init__(self, x, y=None, sample_weight=None, batch_size=None, steps=None,
                 shuffle=False, class_weight=None):
        if class_weight is not None:
            if sample_weight is not None:
                raise ValueError(
                    "You cannot `class_weight` and `sample_weight` at the same time."
                )
            sample_weight = data_adapter_utils.class_weight_to_sample_weights(y, class_weight)
        self.x, self.y, self.sample_weight = x, y, sample_weight
        self.num_samples = data_adapter_utils.num_samples(x)
        if batch_size is None:
            batch_size = math.ceil(self.num_samples / steps) if steps else 32
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.num_batches = math.ceil(self.num_samples / batch_size) if self.num_samples else 0

    def get_numpy_iterator(self):
        order, batch_order = None, range(self.num_batches)
        if self.shuffle == "batch":
            batch_order = backend_random.global_generator().permutation(self.num_batches)
        elif self.shuffle:
            order = backend_random.global_generator().permutation(self.num_samples)
        x, y, sample_weight = self.x, self.y, self.sample_weight
        pack = data_adapter_utils.pack_x_y_sample_weight
        for batch in batch_order:
            start = batch * self.batch_size
            end = min(start + self.batch_size, self.num_samples)
            index = slice(start, end) if order is None else order[start:end]
            take = _taker(index)
            yield pack(
                validation.map_structure(take, x),
                validation.map_structure(take, y),
                None if sample_weight is None else take(sample_weight),
            )


def _taker(index):
    return lambda array: array[index]
