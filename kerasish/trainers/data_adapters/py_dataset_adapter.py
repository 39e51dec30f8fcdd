"""`PyDataset` (also named `Sequence`): batches by index, optionally loaded by
worker threads or processes while the model trains."""

import itertools
import random
import warnings

import numpy as np

from kerasish.trainers.data_adapters import data_adapter_utils
from kerasish.trainers.data_adapters.data_adapter import DataAdapter


def _setting(attribute, doc):
    """A loading setting of PyDataset, read with Keras's warning when the
    subclass forgot `super().__init__()`."""

    def read(self):
        self._warn_if_super_not_called()
        return getattr(self, attribute)

    def write(self, value):
        setattr(self, attribute, value)

    return property(read, write, doc=doc)


class PyDataset:
    """Base class for a dataset of batches read by index, as `keras.utils.PyDataset`.

    Subclass it, call `super().__init__(**kwargs)`, and implement
    `__len__` (the number of batches in an epoch) and `__getitem__(index)`
    (the batch at `index`: `x`, `(x,)`, `(x, y)` or `(x, y, sample_weight)`,
    arrays or lists/dicts of arrays). `fit`, `evaluate` and `predict` take
    the instance as `x`. With `workers > 1` the batches are loaded by that
    many threads (processes with `use_multiprocessing=True`) up to
    `max_queue_size` batches ahead, while the model trains on earlier ones:
    slow loading (files, decoding) then overlaps with training. An exception
    raised by `__getitem__` stops the loop with its own traceback; the batch
    that failed is never trained on.

    An infinite dataset defines the `num_batches` property returning None
    instead of `__len__` (then pass `steps_per_epoch` to `fit`).

    Args:
        workers: the number of threads (or processes) loading batches; 1
            loads them in the training loop itself.
        use_multiprocessing: whether the workers are processes (the dataset
            must then be picklable) rather than threads.
        max_queue_size: how many batches the workers may load ahead.

    Examples:
        >>> class Squares(keras.utils.PyDataset):
        ...     def __init__(self, **kwargs):
        ...         super().__init__(**kwargs)
        ...         self.x = np.arange(10, dtype="float32").reshape(5, 2)
        ...     def __len__(self):
        ...         return 3
        ...     def __getitem__(self, index):
        ...         x = self.x[index * 2:(index + 1) * 2]
        ...         return x, x.sum(axis=1, keepdims=True)
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
        >>> model.compile(optimizer="sgd", loss="mse")
        >>> history = model.fit(Squares(workers=2), epochs=2, verbose=0)
        >>> len(history.history["loss"])
        2
    """

    def __init__(self, workers=1, use_multiprocessing=False, max_queue_size=10):
        self._workers = workers
        self._use_multiprocessing = use_multiprocessing
        self._max_queue_size = max_queue_size

    def _warn_if_super_not_called(self):
        missing = [name for name in ("_workers", "_use_multiprocessing", "_max_queue_size")
                   if not hasattr(self, name)]
        if missing:
            self._workers = getattr(self, "_workers", 1)
            self._use_multiprocessing = getattr(self, "_use_multiprocessing", False)
            self._max_queue_size = getattr(self, "_max_queue_size", 10)
            warnings.warn(
                "Your `PyDataset` class should call `super().__init__(**kwargs)` in its "
                "constructor. `**kwargs` can include `workers`, `use_multiprocessing`, "
                "`max_queue_size`. Do not pass these arguments to `fit()`, as they will "
                "be ignored.",
                stacklevel=3,
            )

    workers = _setting("_workers", "The number of workers loading batches (an int).")
    use_multiprocessing = _setting(
        "_use_multiprocessing", "Whether the workers are processes rather than threads.")
    max_queue_size = _setting("_max_queue_size", "How many batches workers may load ahead.")

    def __getitem__(self, index):
        """Returns the batch at `index` (subclasses implement it).

        Args:
            index: the batch's position in the epoch, an int.

        Returns:
            The batch: `x`, `(x,)`, `(x, y)` or `(x, y, sample_weight)`.

        Raises:
            NotImplementedError: always, in the base class.
        """
        raise NotImplementedError

    @property
    def num_batches(self):
        """The number of batches in an epoch: `len(self)`, or None for an
        infinite dataset (which overrides this property).

        Raises:
            NotImplementedError: when the class defines neither `__len__`
                nor `num_batches`.
        """
        if hasattr(self, "__len__"):
            return len(self)
        raise NotImplementedError(
            "You need to implement the `num_batches` property:\n\n"
            "@property\ndef num_batches(self):\n  return ..."
        )

    def __iter__(self):
        count = self.num_batches
        indices = itertools.count() if count is None else range(count)
        for index in indices:
            yield self[index]

    def on_epoch_begin(self):
        """Called at the start of every epoch; override it to prepare one."""

    def on_epoch_end(self):
        """Called at the end of every epoch; override it to reshuffle, for example."""


class PyDatasetAdapter(DataAdapter):
    """Reads a PyDataset's batches in order (shuffled when asked), in the loop
    or through a pool of workers."""

    def __init__(self, py_dataset, class_weight=None, shuffle=False):
        self.py_dataset = py_dataset
        self.class_weight = class_weight
        self.shuffle = shuffle
        self.checker = data_adapter_utils.BatchChecker("PyDataset")
        workers = py_dataset.workers
        self.use_workers = workers > 1 or (workers > 0 and py_dataset.use_multiprocessing)

    @property
    def num_batches(self):
        return self.py_dataset.num_batches

    def on_epoch_begin(self):
        self.py_dataset.on_epoch_begin()

    def on_epoch_end(self):
        self.py_dataset.on_epoch_end()

    def _indices(self):
        count = self.py_dataset.num_batches
        if count is None:
            return itertools.count()
        indices = list(range(count))
        if self.shuffle:
            random.shuffle(indices)  # Python's `random`, as Keras shuffles a PyDataset
        return indices

    def get_numpy_iterator(self):
        raw = self._prefetched() if self.use_workers else map(self.py_dataset.__getitem__,
                                                              self._indices())
        for index, batch in enumerate(raw):
            yield self._standardize(batch, index)

    def _prefetched(self):
        """Batches in order, loaded by workers up to `max_queue_size` ahead.
        Closing the generator (the epoch ends early) cancels what is queued."""
        dataset = self.py_dataset
        executor, load = _make_executor(dataset)
        pending = []
        indices = iter(self._indices())
        ahead = max(1, dataset.max_queue_size)
        try:
            while True:
                while len(pending) < ahead:
                    index = next(indices, None)
                    if index is None:
                        break
                    pending.append(executor.submit(load, index))
                if not pending:
                    return
                # `result()` re-raises a worker's exception with its traceback.
                yield pending.pop(0).result()
        finally:
            for future in pending:
                future.cancel()
            executor.shutdown(wait=True, cancel_futures=True)

    def _standardize(self, batch, index):
        if isinstance(batch, np.ndarray):
            batch = (batch,)
        elif isinstance(batch, list):
            batch = tuple(batch)
        if not isinstance(batch, (tuple, dict)) or (
                isinstance(batch, tuple) and len(batch) not in (1, 2, 3)):
            raise ValueError(
                "PyDataset.__getitem__() must return a tuple or a dict. If a tuple, it "
                "must be ordered either (input,) or (inputs, targets) or (inputs, "
                f"targets, sample_weights). Received: {str(batch)[:100]}... of type "
                f"{type(batch)}"
            )
        batch = data_adapter_utils.to_numpy_batch(batch)
        batch = data_adapter_utils.add_class_weights(batch, self.class_weight)
        return self.checker.check(batch, index)


def _make_executor(dataset):
    """A pool of workers and the function that loads batch `index` in one.
    Processes get the dataset once, when they start, not with every index."""
    import concurrent.futures  # only when workers are used: keeps `import kerasish` fast

    if dataset.use_multiprocessing:
        executor = concurrent.futures.ProcessPoolExecutor(
            dataset.workers, initializer=_keep_dataset_in_worker, initargs=(dataset,))
        return executor, _load_in_worker
    executor = concurrent.futures.ThreadPoolExecutor(
        dataset.workers, thread_name_prefix="pydataset_worker")
    return executor, dataset.__getitem__


_WORKER_DATASET = [None]


def _keep_dataset_in_worker(dataset):
    _WORKER_DATASET[0] = dataset


def _load_in_worker(index):
    return _WORKER_DATASET[0][index]
