"""`DataAdapter`: what `fit`, `evaluate` and `predict` need from a data source."""


class DataAdapter:
    """One kind of user data (arrays, a generator, a PyDataset, ...) seen as
    batches of NumPy arrays.

    `get_numpy_iterator()` returns an iterator over one epoch's batches, each
    packed as `x`, `(x,)`, `(x, y)` or `(x, y, sample_weight)`;
    `num_batches` is the number of batches in an epoch, or None when the
    source cannot tell (a generator). The epoch iterator calls
    `on_epoch_begin`/`on_epoch_end` around each epoch.
    """

    num_batches = None

    def get_numpy_iterator(self):
        raise NotImplementedError

    def on_epoch_begin(self):
        pass

    def on_epoch_end(self):
        pass
