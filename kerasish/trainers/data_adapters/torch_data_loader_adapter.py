"""A `torch.utils.data.DataLoader`, iterated as NumPy batches. PyTorch is never
imported here: the user's loader object brings it."""

from kerasish.trainers.data_adapters import data_adapter_utils
from kerasish.trainers.data_adapters.data_adapter import DataAdapter


class TorchDataLoaderAdapter(DataAdapter):
    """Each batch the loader yields is one batch; a list (PyTorch's default
    collation of `(x, y)` samples) becomes a tuple, as in Keras."""

    def __init__(self, data_loader):
        self.data_loader = data_loader
        self.checker = data_adapter_utils.BatchChecker("torch DataLoader")

    @property
    def num_batches(self):
        try:
            return len(self.data_loader)
        except TypeError:  # an IterableDataset without __len__
            return None

    def get_numpy_iterator(self):
        for index, batch in enumerate(self.data_loader):
            if isinstance(batch, list):
                batch = tuple(batch)
            batch = data_adapter_utils.to_numpy_batch(_to_cpu(batch))
            yield self.checker.check(batch, index)


def _to_cpu(batch):
    if isinstance(batch, dict):
        return {key: _to_cpu(value) for key, value in batch.items()}
    if isinstance(batch, (list, tuple)):
        return type(batch)(_to_cpu(item) for item in batch)
    return batch.detach().cpu() if hasattr(batch, "detach") else batch
