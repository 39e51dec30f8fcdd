"""`StackedRNNCells`: several cells run one after the other at each timestep."""

import numpy as np

from kerasish.layers.layer import Layer


def _cell_output_size(cell):
    if getattr(cell, "output_size", None) is not None:
        return cell.output_size
    if isinstance(cell.state_size, (list, tuple)):
        return cell.state_size[0]
    return cell.state_size


class StackedRNNCells(Layer):
    """Wraps a list of RNN cells so that they act as one cell.

    At each timestep the first cell reads the input, each next cell reads
    the output of the one before, and the states are the cells' states in
    a list. `RNN([cell_a, cell_b])` builds one of these.

    Args:
        cells: a list of RNN cells.
        **kwargs: Base layer keyword arguments such as `name`.

    Raises:
        ValueError: if a cell has no `call` method or no `state_size`.

    Examples:
        >>> cells = keras.layers.StackedRNNCells(
        ...     [keras.layers.SimpleRNNCell(3), keras.layers.LSTMCell(2)])
        >>> cells.state_size, cells.output_size
        ([3, [2, 2]], 2)
        >>> keras.layers.RNN(cells)(np.ones((4, 6, 5), dtype="float32")).shape
        (4, 2)
    """

    def __init__(self, cells, **kwargs):
        super().__init__(**kwargs)
        for cell in cells:
            if "call" not in dir(cell):
                raise ValueError(
                    "All cells must have a `call` method. Received cell without a `call` "
                    f"method: {cell}"
                )
            if "state_size" not in dir(cell):
                raise ValueError(
                    "All cells must have a `state_size` attribute. Received cell without a "
                    f"`state_size`: {cell}"
                )
        self.cells = list(cells)
        self.supports_masking = True

    @property
    def state_size(self):
        """One entry per cell: that cell's `state_size`.

        Returns:
            A list.
        """
        return [cell.state_size for cell in self.cells]

    @property
    def output_size(self):
        """The output size of the last cell.

        Returns:
            An int.
        """
        return _cell_output_size(self.cells[-1])

    def get_initial_state(self, batch_size=None):
        """Each cell's initial states (its own `get_initial_state`, else zeros).

        Args:
            batch_size: the number of sequences.

        Returns:
            A list with one entry per cell.
        """
        states = []
        for cell in self.cells:
            get_initial_state = getattr(cell, "get_initial_state", None)
            if get_initial_state is not None:
                states.append(get_initial_state(batch_size=batch_size))
            elif isinstance(cell.state_size, int):
                states.append(np.zeros((batch_size, cell.state_size), dtype=self.compute_dtype))
            else:
                states.append([np.zeros((batch_size, d), dtype=self.compute_dtype)
                               for d in cell.state_size])
        return states

    def call(self, inputs, states, training=False, **kwargs):
        new_states = []
        for cell, cell_states in zip(self.cells, states):
            was_list = isinstance(cell_states, (list, tuple))
            cell_states = list(cell_states) if was_list else [cell_states]
            if isinstance(cell, Layer) and cell._call_has_training_arg:
                kwargs["training"] = training
            else:
                kwargs.pop("training", None)
            call = cell.__call__ if callable(cell) else cell.call
            inputs, cell_states = call(inputs, cell_states, **kwargs)
            if len(cell_states) == 1 and not was_list:
                cell_states = cell_states[0]
            new_states.append(cell_states)
        if len(new_states) == 1:
            new_states = new_states[0]
        return inputs, new_states

    def build(self, input_shape):
        batch_size = input_shape[0]
        for cell in self.cells:
            if isinstance(cell, Layer) and not cell.built:
                cell._build_input_shape = tuple(input_shape)
                cell.build(input_shape)
                cell.built = True
                for variable in cell.weights:  # Keras's "stacked_rnn_cells/lstm_cell/kernel"
                    variable.path = f"{self.name}/{variable.path}"
            input_shape = (batch_size, _cell_output_size(cell))
        self.built = True

    def get_config(self):
        from kerasish.saving.serialization_lib import serialize_keras_object

        return {**super().get_config(),
                "cells": [serialize_keras_object(cell) for cell in self.cells]}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from kerasish.saving.serialization_lib import deserialize_keras_object

        config = dict(config)
        cells = [deserialize_keras_object(c, custom_objects=custom_objects)
                 for c in config.pop("cells")]
        return cls(cells, **config)
