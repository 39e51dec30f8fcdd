"""A `tf.data.Dataset`, iterated as NumPy batches. TensorFlow is never imported
here: the user's dataset object brings it."""

from kerasish.trainers.data_adapters import data_adapter_utils
from kerasish.trainers.data_adapters.data_adapter import DataAdapter


class TFDatasetAdapter(DataAdapter):
    """Each element of the (batched) dataset is one batch."""

    def __init__(self, dataset, class_weight=None):
        self.dataset = dataset
        self.class_weight = class_weight
        self.checker = data_adapter_utils.BatchChecker("tf.data.Dataset")

    @property
    def num_batches(self):
        cardinality = self.dataset.cardinality()
        cardinality = int(cardinality.numpy() if hasattr(cardinality, "numpy") else cardinality)
        return cardinality if cardinality >= 0 else None  # -1 infinite, -2 unknown

    def get_numpy_iterator(self):
        for index, batch in enumerate(self.dataset.as_numpy_iterator()):
            batch = data_adapter_utils.to_numpy_batch(batch)
            batch = data_adapter_utils.add_class_weights(batch, self.class_weight)
            yield self.checker.check(batch, index)
