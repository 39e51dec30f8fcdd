"""`RNN`: runs a cell over the timesteps of a sequence."""

import numpy as np

from kerasish import ops
from kerasish.backend.tensor import Tensor
from kerasish.backend.variables import Variable
from kerasish.layers.layer import Layer
from kerasish.layers.rnn.dropout_rnn_cell import DropoutRNNCell
from kerasish.layers.rnn.rnn_primitives import take_rows
from kerasish.layers.rnn.stacked_rnn_cells import StackedRNNCells


def flatten_states(states):
    """The arrays of a nested list of states, in order."""
    if isinstance(states, (list, tuple)):
        return [leaf for item in states for leaf in flatten_states(item)]
    return [states]


def pack_states(structure, leaves):
    """`leaves` (a flat list) arranged as `structure`."""
    leaves = list(leaves)

    def pack(item):
        if isinstance(item, (list, tuple)):
            return [pack(child) for child in item]
        return leaves.pop(0)

    return pack(structure)


def _is_nested(value):
    return isinstance(value, (list, tuple))


class RNN(Layer):
    """Runs a recurrent cell over the timesteps of a batch of sequences.

    The cell is any layer with `call(inputs, states)` returning
    `(output, new_states)` and a `state_size` (an int, or a list with one
    size per state); a list of cells is stacked with `StackedRNNCells`.
    A user-written cell trains through autodiff like any layer.

    With a mask (`mask=`, or one carried by the input from
    `Embedding(mask_zero=True)`), masked timesteps leave the states as
    they were, and the output of such a step is the previous step's output
    (zeros with `zero_output_for_mask=True`), as in Keras.

    Args:
        cell: an RNN cell, or a list of cells (stacked).
        return_sequences: return the output of every timestep,
            `(batch, timesteps, units)`, instead of the last one.
        return_state: also return the final states, after the output.
        go_backwards: process the sequence from its end; outputs then come
            in processing order (the last timestep's first), as in Keras.
        stateful: keep the final states of a batch as the initial states
            of the next one (needs a fixed batch size); `reset_state()`
            zeroes them.
        unroll: accepted for compatibility; kerasish computes the same
            numbers either way.
        zero_output_for_mask: output zeros (instead of the previous output)
            at masked timesteps.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        A 3-D array `(batch_size, timesteps, features)` (or more axes per step, if
        the cell accepts them), with an optional boolean mask
        `(batch_size, timesteps)` marking the steps to skip.

    Output shape:
        `(batch_size, output_size)`, the last step's output; with
        `return_sequences=True`, `(batch_size, timesteps, output_size)`, every
        step's output. With `return_state=True`, a list: that output followed by the
        final states, each `(batch_size, state_size)` for the cell's `state_size`
        entries, nested per cell for a list of cells. `output_size` is the cell's
        `output_size` (its `state_size`, or the first of them, when it has none).

    Raises:
        ValueError: if `cell` has no `call` method or no valid
            `state_size`; when called, on inputs of rank below 3, a mask of
            the wrong shape, initial states of the wrong number or shape,
            or a stateful RNN without a fixed batch size.

    Examples:
        >>> layer = keras.layers.RNN(keras.layers.SimpleRNNCell(4))
        >>> layer(np.ones((2, 5, 3), dtype="float32")).shape
        (2, 4)
        >>> stacked = keras.layers.RNN(
        ...     [keras.layers.LSTMCell(4), keras.layers.GRUCell(2)], return_sequences=True)
        >>> stacked(np.ones((2, 5, 3), dtype="float32")).shape
        (2, 5, 2)
    """

    # LSTM, GRU and SimpleRNN accept exactly 3-D input (Keras's InputSpec(ndim=3)).
    _exact_ndim = None

    def __init__(
        self,
        cell,
        return_sequences=False,
        return_state=False,
        go_backwards=False,
        stateful=False,
        unroll=False,
        zero_output_for_mask=False,
        **kwargs,
    ):
        if isinstance(cell, (list, tuple)):
            cell = StackedRNNCells(cell)
        if "call" not in dir(cell):
            raise ValueError(f"Argument `cell` should have a `call` method. Received: cell={cell}")
        if "state_size" not in dir(cell):
            raise ValueError(
                "The RNN cell should have a `state_size` attribute (single integer or list of "
                f"integers, one integer per RNN state). Received: cell={cell}"
            )
        super().__init__(**kwargs)
        self.zero_output_for_mask = zero_output_for_mask
        self.cell = cell
        self.return_sequences = return_sequences
        self.return_state = return_state
        self.go_backwards = go_backwards
        self.stateful = stateful
        self.unroll = unroll
        self.supports_masking = True
        self.states = None
        state_size = getattr(cell, "state_size", None)
        if state_size is None:
            raise ValueError("state_size must be specified as property on the RNN cell.")
        if not isinstance(state_size, (list, tuple, int)):
            raise ValueError(
                "state_size must be an integer, or a list/tuple of integers (one for each "
                "state tensor)."
            )
        self.single_state = isinstance(state_size, int)
        self.state_size = [state_size] if self.single_state else list(state_size)

    # ----------------------------------------------------------------- shapes
    def _output_size(self):
        size = getattr(self.cell, "output_size", None)
        if size is None:
            size = self.state_size[0]
        if not isinstance(size, int):
            raise ValueError("output_size must be an integer.")
        return size

    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        if _is_nested(sequences_shape) and sequences_shape and _is_nested(sequences_shape[0]):
            sequences_shape = sequences_shape[0]
        batch, length = sequences_shape[0], sequences_shape[1]
        if self.return_sequences:
            output_shape = (batch, length, self._output_size())
        else:
            output_shape = (batch, self._output_size())
        if not self.return_state:
            return output_shape
        states = []
        for size in self.state_size:
            if isinstance(size, int):
                states.append((batch, size))
            else:
                states.append([(batch, s) for s in size])
        return [output_shape, *states]

    def compute_mask(self, inputs, mask):
        """The mask of the output: the input mask with `return_sequences`, else None.

        Args:
            inputs: the layer's input.
            mask: the input mask, `(batch, timesteps)`, or None.

        Returns:
            The output mask (a list with None for each state when
            `return_state`).
        """
        if _is_nested(mask):
            mask = mask[0] if mask else None
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            return [output_mask] + [None for _ in self.state_size]
        return output_mask

    # ------------------------------------------------------------------ build
    def build(self, sequences_shape, initial_state_shape=None):
        if _is_nested(sequences_shape) and sequences_shape and _is_nested(sequences_shape[0]):
            sequences_shape = sequences_shape[0]
        self._check_rank(sequences_shape)
        step_shape = (sequences_shape[0],) + tuple(sequences_shape[2:])
        if isinstance(self.cell, Layer) and not self.cell.built:
            self.cell.build(step_shape)
            self.cell.built = True
            self.cell._build_input_shape = step_shape
            # Keras's paths: "lstm/lstm_cell/kernel".
            for variable in self.cell.weights:
                variable.path = f"{self.name}/{variable.path}"
        if self.stateful:
            if self.states is not None:
                self.reset_state()
            else:
                if sequences_shape[0] is None:
                    raise ValueError(
                        "When using `stateful=True` in a RNN, the batch size must be static. "
                        f"Found dynamic batch size: sequence.shape={tuple(sequences_shape)}"
                    )
                self._create_state_variables(sequences_shape[0])
        self.built = True

    def _check_rank(self, shape):
        shape = tuple(shape)
        if self._exact_ndim is not None and len(shape) != self._exact_ndim:
            raise ValueError(
                f"Input 0 of layer '{self.name}' is incompatible with the layer: expected "
                f"ndim={self._exact_ndim}, found ndim={len(shape)}. Full shape received: {shape}"
            )
        if len(shape) < 3:
            raise ValueError(
                f"Input 0 of layer '{self.name}' is incompatible with the layer: expected "
                f"min_ndim=3 (batch, timesteps, features), found ndim={len(shape)}. "
                f"Full shape received: {shape}"
            )

    def _create_state_variables(self, batch_size):
        # Not weights: Keras keeps them out of `weights` and out of files.
        initial = self.get_initial_state(batch_size)
        leaves = [Variable(np.asarray(s), trainable=False, name="rnn_state")
                  for s in flatten_states(initial)]
        self.states = pack_states(initial, leaves)

    def get_initial_state(self, batch_size):
        """The states a sequence starts from when none are given: the cell's
        `get_initial_state`, else zeros.

        Args:
            batch_size: the number of sequences.

        Returns:
            A list of state arrays (nested for stacked cells).
        """
        get_initial_state = getattr(self.cell, "get_initial_state", None)
        if get_initial_state is None:
            return [np.zeros((batch_size, d), dtype=self.compute_dtype) for d in self.state_size]
        states = get_initial_state(batch_size=batch_size)
        return list(states) if _is_nested(states) else [states]

    def reset_state(self):
        """Zeroes the states a stateful RNN carries between batches."""
        if self.states is not None:
            for variable in flatten_states(self.states):
                variable.assign(np.zeros_like(variable.value))

    def reset_states(self):
        """Zeroes the states a stateful RNN carries between batches (as `reset_state`)."""
        self.reset_state()

    # ------------------------------------------------------------------- call
    def call(self, sequences, initial_state=None, mask=None, training=False):
        self._check_rank(np.shape(sequences))
        batch_size = np.shape(sequences)[0]
        mask = self._standardized_mask(mask, sequences)
        if initial_state is None:
            initial_state = self.states if self.stateful else self.get_initial_state(batch_size)
        else:
            initial_state = self._checked_initial_state(initial_state, batch_size)
        if self.stateful:
            expected = np.shape(flatten_states(self.states)[0])[0]
            if batch_size != expected:
                raise ValueError(
                    "If an RNN is stateful, the batch size of the input sequences must be the "
                    "same as the batch size of the initial state. \n"
                    f"- Expected batch size: {expected}\n- Received batch size: {batch_size}"
                )
        if not _is_nested(initial_state):
            initial_state = [initial_state]
        initial_state = [self._as_state(s) for s in initial_state]
        try:
            last_output, outputs, states = self.inner_loop(
                sequences, initial_state, mask=mask, training=training
            )
        finally:
            _reset_dropout_masks(self.cell)
        if self.stateful:
            for variable, value in zip(flatten_states(self.states), flatten_states(states)):
                variable.assign(value)
        output = outputs if self.return_sequences else last_output
        if self.return_state:
            return [output, *states]
        return output

    def _as_state(self, state):
        if _is_nested(state):
            return [self._as_state(s) for s in state]
        if isinstance(state, Variable):
            return np.array(state.value)  # a snapshot: the variable is reassigned after the call
        if isinstance(state, Tensor):
            return state
        return np.asarray(state, dtype=self.compute_dtype)

    def _standardized_mask(self, mask, sequences):
        if _is_nested(mask):
            mask = mask[0] if mask else None
        if mask is None:
            return None
        mask = np.asarray(mask.value if isinstance(mask, Tensor) else mask).astype(bool)
        expected = tuple(np.shape(sequences)[:2])
        if mask.shape != expected:
            raise ValueError(
                f"The mask of layer '{self.name}' must have shape (batch_size, timesteps) = "
                f"{expected}, matching its input of shape {tuple(np.shape(sequences))}. "
                f"Received: mask.shape={mask.shape}"
            )
        return mask

    def _checked_initial_state(self, initial_state, batch_size):
        given = flatten_states(initial_state)
        expected = flatten_states(self.state_size)
        if len(given) != len(expected):
            raise ValueError(
                f"Layer '{self.name}' expects {len(expected)} state(s) in `initial_state` "
                f"(state_size={self.state_size}), but it received {len(given)} initial "
                f"state(s). Received: initial_state={_shapes(given)}"
            )
        for state, size in zip(given, expected):
            if tuple(np.shape(state)) != (batch_size, size):
                raise ValueError(
                    f"An `initial_state` of layer '{self.name}' has the wrong shape: expected "
                    f"(batch_size, state_size) = {(batch_size, size)}. "
                    f"Received: initial_state={_shapes(given)}"
                )
        return pack_states(self.state_size, given) if not self.single_state else given

    def inner_loop(self, sequences, initial_state, mask, training=False):
        """Runs the cell over the timesteps; returns (last output, outputs, final states)."""
        cell_kwargs = {}
        if isinstance(self.cell, Layer) and self.cell._call_has_training_arg:
            cell_kwargs["training"] = training

        def step(inputs, states):
            output, new_states = self.cell(inputs, states, **cell_kwargs)
            if not _is_nested(new_states):
                new_states = [new_states]
            return output, new_states

        return run_steps(
            step, sequences, initial_state, mask=mask, go_backwards=self.go_backwards,
            zero_output_for_mask=self.zero_output_for_mask,
            return_all_outputs=self.return_sequences,
        )

    # ----------------------------------------------------------------- config
    def get_config(self):
        from kerasish.saving.serialization_lib import serialize_keras_object

        config = {
            "return_sequences": self.return_sequences,
            "return_state": self.return_state,
            "go_backwards": self.go_backwards,
            "stateful": self.stateful,
            "unroll": self.unroll,
            "zero_output_for_mask": self.zero_output_for_mask,
            "cell": serialize_keras_object(self.cell),
        }
        return {**super().get_config(), **config}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from kerasish.saving.serialization_lib import deserialize_keras_object

        config = dict(config)
        cell = deserialize_keras_object(config.pop("cell"), custom_objects=custom_objects)
        return cls(cell, **config)


def _shapes(states):
    return [tuple(np.shape(s)) for s in states]


def _reset_dropout_masks(cell):
    if isinstance(cell, DropoutRNNCell):
        cell.reset_dropout_mask()
        cell.reset_recurrent_dropout_mask()
    if isinstance(cell, StackedRNNCells):
        for inner in cell.cells:
            _reset_dropout_masks(inner)


def _timestep(sequences, t):
    if isinstance(sequences, Tensor) and sequences.requires_grad:
        return take_rows(sequences, t)
    return np.asarray(sequences.value if isinstance(sequences, Tensor) else sequences)[:, t]


def _per_sample(keep, like):
    """The per-sample flags `keep` shaped to broadcast against `like`
    (vectors, or the feature maps of ConvLSTM's states)."""
    return keep.reshape(keep.shape + (1,) * (len(np.shape(like)) - 1))


def run_steps(step, sequences, initial_states, mask=None, go_backwards=False,
              zero_output_for_mask=False, return_all_outputs=True):
    """The generic recurrent loop, with Keras's rules for masks.

    `step(inputs_t, states)` returns `(output, new_states)`. On a timestep
    whose mask is False the states keep their values and the output is
    the previous output (zeros before the first step, or always zeros with
    `zero_output_for_mask`). Outputs are in processing order.

    Returns:
        (last output, stacked outputs or None, final states).
    """
    steps = np.shape(sequences)[1]
    order = range(steps - 1, -1, -1) if go_backwards else range(steps)
    states = list(initial_states)
    previous_output, outputs = None, []
    for t in order:
        output, new_states = step(_timestep(sequences, t), states)
        # The states keep the structure of the initial ones, as Keras's loop
        # repacks them: a stack of one LSTMCell returns [h, c] for [[h, c]].
        new_states = pack_states(states, flatten_states(new_states))
        if mask is not None:
            keep = mask[:, t]
            if previous_output is None or zero_output_for_mask:
                fallback = np.zeros(np.shape(output), dtype=ops.dtype(output))
            else:
                fallback = previous_output
            output = ops.where(_per_sample(keep, output), output, fallback)
            flat = [ops.where(_per_sample(keep, new), new, old) for new, old in
                    zip(flatten_states(new_states), flatten_states(states))]
            new_states = pack_states(states, flat)
        states, previous_output = new_states, output
        if return_all_outputs:
            outputs.append(output)
    stacked = ops.stack(outputs, axis=1) if return_all_outputs else None
    return previous_output, stacked, states
