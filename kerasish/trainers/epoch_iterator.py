"""`EpochIterator`: the batches of each epoch, from any data adapter, with
Keras's rules for `steps_per_epoch`."""

import warnings

_RAN_OUT = (
    "Your input ran out of data; interrupting training. Make sure that your dataset or "
    "generator can generate at least `steps_per_epoch * epochs` batches. You may need to "
    "use the `.repeat()` function when building your dataset."
)


class EpochIterator:
    """Yields `(step, batch)` for one epoch each time `enumerate_epoch()` is called.

    Without `steps_per_epoch`, an epoch is one pass over the data (a
    generator's length is learnt when it first runs out, with Keras's
    warning). With it, an epoch is that many batches, and the next epoch
    continues where the last stopped; a source that runs out sooner ends the
    epoch early with the same warning, as in Keras.
    """

    def __init__(self, data_adapter, steps_per_epoch=None):
        self.data_adapter = data_adapter
        self.steps_per_epoch = steps_per_epoch
        self._num_batches = data_adapter.num_batches
        self._iterator = None
        self._steps_seen = 0

    @property
    def num_batches(self):
        """The number of steps in an epoch, or None when not known yet."""
        return self.steps_per_epoch or self._num_batches

    def enumerate_epoch(self):
        self.data_adapter.on_epoch_begin()
        try:
            steps = self.steps_per_epoch or self._num_batches
            if steps:
                yield from self._counted_steps(steps)
            else:
                yield from self._steps_until_exhausted()
        finally:
            self.data_adapter.on_epoch_end()

    def _counted_steps(self, steps):
        if self._iterator is None or self.steps_per_epoch is None:
            self._new_iterator()
        for step in range(steps):
            if self._num_batches and self._steps_seen >= self._num_batches:
                if self.steps_per_epoch:
                    warnings.warn(_RAN_OUT, stacklevel=4)
                break
            self._steps_seen += 1
            batch = next(self._iterator, _END)
            if batch is _END:
                self._ran_out()
                return
            yield step, batch
        if self._num_batches and self._steps_seen >= self._num_batches:
            self._new_iterator()

    def _steps_until_exhausted(self):
        self._new_iterator()
        step = 0
        while True:
            self._steps_seen = step + 1
            batch = next(self._iterator, _END)
            if batch is _END:
                self._ran_out()
                return
            yield step, batch
            step += 1

    def _new_iterator(self):
        self.close()
        self._iterator = iter(self.data_adapter.get_numpy_iterator())
        self._steps_seen = 0

    def close(self):
        """Stops the current pass (and the workers loading it ahead, if any)."""
        close = getattr(self._iterator, "close", None)
        if close is not None:
            close()
        self._iterator = None

    def _ran_out(self):
        # Keras counts the step that found no data, and warns even at the end
        # of a generator's first pass.
        if self._num_batches is None:
            self._num_batches = self._steps_seen
        warnings.warn(_RAN_OUT, stacklevel=4)
        self._iterator = None


_END = object()
