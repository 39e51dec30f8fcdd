"""`DropoutRNNCell`: the dropout masks a recurrent cell reuses at every timestep."""

import numpy as np

from kerasish.backend import random as backend_random


class DropoutRNNCell:
    """Mixin for cells with `dropout` and `recurrent_dropout`.

    Keras drops the same units at every timestep of a sequence: the masks
    are drawn once, on the first step, and kept until the RNN layer resets
    them at the end of its call. A cell that sets `dropout_mask_count`
    gets that many independent masks (one per gate), as Keras's cells do
    when `recurrent_dropout` is used.
    """

    def _dropout_rng(self):
        if getattr(self, "seed", None) is None:
            return backend_random.global_generator()
        if getattr(self, "_seeded_generator", None) is None:
            self._seeded_generator = backend_random.make_generator(self.seed)
        return self._seeded_generator

    def _create_dropout_mask(self, step_input, rate):
        shape = tuple(np.shape(step_input))
        dtype = np.dtype(getattr(step_input, "dtype", "float32"))
        if dtype.kind != "f":
            dtype = np.dtype("float32")
        scale = dtype.type(1) / dtype.type(1 - rate)
        rng = self._dropout_rng()

        def one_mask():
            return (rng.random(shape, dtype=np.float32) >= rate) * scale

        count = getattr(self, "dropout_mask_count", None)
        if count is None:
            return one_mask()
        return [one_mask() for _ in range(count)]

    def get_dropout_mask(self, step_input):
        """The input dropout mask(s) of the current sequence, drawn on first use.

        Args:
            step_input: one timestep of the input, `(batch, features)`.

        Returns:
            An array of the step's shape (1 / (1 - rate) where kept, 0 where
            dropped), a list of `dropout_mask_count` of them, or None when
            `dropout` is 0.
        """
        if getattr(self, "_dropout_mask", None) is None and self.dropout > 0:
            self._dropout_mask = self._create_dropout_mask(step_input, self.dropout)
        return getattr(self, "_dropout_mask", None)

    def get_recurrent_dropout_mask(self, step_input):
        """The recurrent dropout mask(s) of the current sequence, drawn on first use.

        Args:
            step_input: the previous state, `(batch, units)`.

        Returns:
            Like `get_dropout_mask`, for `recurrent_dropout`.
        """
        if getattr(self, "_recurrent_dropout_mask", None) is None and self.recurrent_dropout > 0:
            self._recurrent_dropout_mask = self._create_dropout_mask(
                step_input, self.recurrent_dropout
            )
        return getattr(self, "_recurrent_dropout_mask", None)

    def reset_dropout_mask(self):
        """Forgets the input dropout mask, so the next sequence draws a new one."""
        self._dropout_mask = None

    def reset_recurrent_dropout_mask(self):
        """Forgets the recurrent dropout mask, so the next sequence draws a new one."""
        self._recurrent_dropout_mask = None
