"""Batches from a Python generator (or any iterator) of `(x,)`, `(x, y)` or
`(x, y, sample_weight)` tuples."""

import itertools

from kerasish.trainers.data_adapters import data_adapter_utils
from kerasish.trainers.data_adapters.data_adapter import DataAdapter


class GeneratorDataAdapter(DataAdapter):
    """Iterates a generator, checking each batch against the first ones.

    As Keras does, the first two batches are read ahead (Keras learns the
    data's shapes from them) and replayed at the start of every epoch, since
    a generator cannot be rewound: an epoch that starts after the generator
    ran out still trains on those two batches.
    """

    def __init__(self, generator):
        self.checker = data_adapter_utils.BatchChecker("generator")
        self.first_batches = [
            self._convert(batch, index)
            for index, batch in enumerate(
                itertools.islice(generator, self.checker.batches_for_spec))
        ]
        self.generator = generator
        if not self.first_batches:
            raise ValueError(
                "When passing a Python generator to a Keras model, the generator must "
                "yield at least one batch. Received an empty generator."
            )

    def _convert(self, batch, index):
        if not isinstance(batch, tuple):
            raise ValueError(
                "When passing a Python generator to a Keras model, the generator must "
                "return a tuple, either (input,) or (inputs, targets) or "
                f"(inputs, targets, sample_weights). Received: {batch}"
            )
        return self.checker.check(data_adapter_utils.to_numpy_batch(batch), index)

    def get_numpy_iterator(self):
        yield from self.first_batches
        for index, batch in enumerate(self.generator, start=len(self.first_batches)):
            yield self._convert(batch, index)
