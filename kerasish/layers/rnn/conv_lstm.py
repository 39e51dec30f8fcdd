"""`ConvLSTMCell` and `ConvLSTM`: an LSTM whose input and recurrent
transformations are convolutions (Shi et al., 2015), the base of
ConvLSTM1D, ConvLSTM2D and ConvLSTM3D."""

import numpy as np

from kerasish import activations, ops
from kerasish.backend.conv_primitives import conv_output_length
from kerasish.layers.convolutional.conv_utils import (
    channel_axis,
    standardize_data_format,
    standardize_padding,
    standardize_tuple,
)
from kerasish.layers.layer import Layer
from kerasish.layers.rnn.dropout_rnn_cell import DropoutRNNCell
from kerasish.layers.rnn.lstm import _UnitForgetBias
from kerasish.layers.rnn.rnn import RNN, flatten_states
from kerasish.layers.rnn.builtin_rnn import serialized_argument
from kerasish.layers.rnn.rnn_cell_base import clipped_rate, store_weight_arguments
from kerasish.saving.serialization_lib import serialize_keras_object

# The cell's arguments, in the order Keras writes them in configs.
_CELL_CONFIG_KEYS = (
    "filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate",
    "activation", "recurrent_activation", "use_bias", "kernel_initializer",
    "recurrent_initializer", "bias_initializer", "unit_forget_bias", "kernel_regularizer",
    "recurrent_regularizer", "bias_regularizer", "kernel_constraint", "recurrent_constraint",
    "bias_constraint", "dropout", "recurrent_dropout", "seed",
)


class ConvLSTMCell(Layer, DropoutRNNCell):
    """One step of a convolutional LSTM; the base of the ConvLSTM layers' cells.

    The four gates (i, f, c, o, in that order along the kernels' last axis,
    as in Keras) are convolutions of the input (with `strides`, `padding`
    and `dilation_rate`) plus "same" convolutions of the previous output.
    The states `[h, c]` have the shape of the input convolution's output.

    Args:
        rank: the number of spatial axes, 1, 2 or 3.
        filters: the number of output channels, a positive int.
        kernel_size: an int or a tuple of `rank` ints.
        strides: an int or a tuple of `rank` ints.
        padding: `"valid"` or `"same"` (case-insensitive).
        data_format: `"channels_last"` or `"channels_first"`; None uses
            `keras.config.image_data_format()`.
        dilation_rate: an int or a tuple of `rank` ints; cannot exceed 1
            together with `strides`.
        activation: activation of the candidate and carried state.
        recurrent_activation: activation of the gates.
        use_bias: whether to add a bias.
        kernel_initializer: initializer of the input kernel.
        recurrent_initializer: initializer of the recurrent kernel.
        bias_initializer: initializer of the bias.
        unit_forget_bias: initialize the forget gate's bias to ones.
        kernel_regularizer: regularizer of the input kernel, or None.
        recurrent_regularizer: regularizer of the recurrent kernel, or None.
        bias_regularizer: regularizer of the bias, or None.
        kernel_constraint: constraint of the input kernel, or None.
        recurrent_constraint: constraint of the recurrent kernel, or None.
        bias_constraint: constraint of the bias, or None.
        dropout: fraction of the input dropped in training (one mask per gate).
        recurrent_dropout: fraction of the previous output dropped in training.
        seed: an int for reproducible dropout masks.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Returns:
        Called on one timestep and `[h, c]`, the new output and `[h, c]`.

    Raises:
        ValueError: if `rank` exceeds 3, an argument is malformed, or both
            `strides` and `dilation_rate` exceed 1; when built, if a spatial
            or the channel dimension is unknown.

    Examples:
        >>> cell = keras.layers.rnn.conv_lstm.ConvLSTMCell(2, filters=3, kernel_size=2)
        >>> h, (h_again, c) = cell(np.ones((1, 4, 4, 2), dtype="float32"),
        ...                        [np.zeros((1, 3, 3, 3), dtype="float32")] * 2)
        >>> h.shape, c.shape
        ((1, 3, 3, 3), (1, 3, 3, 3))
    """

    def __init__(
        self,
        rank,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        data_format=None,
        dilation_rate=1,
        activation="tanh",
        recurrent_activation="sigmoid",
        use_bias=True,
        kernel_initializer="glorot_uniform",
        recurrent_initializer="orthogonal",
        bias_initializer="zeros",
        unit_forget_bias=True,
        kernel_regularizer=None,
        recurrent_regularizer=None,
        bias_regularizer=None,
        kernel_constraint=None,
        recurrent_constraint=None,
        bias_constraint=None,
        dropout=0.0,
        recurrent_dropout=0.0,
        seed=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        if rank > 3:
            raise ValueError(
                f"Rank {rank} convolutions are not currently implemented. Received: rank={rank}"
            )
        if isinstance(filters, bool) or not isinstance(filters, int) or filters <= 0:
            raise ValueError(
                "Invalid value for argument `filters`. Expected a strictly positive value. "
                f"Received filters={filters}."
            )
        self.rank = rank
        self.seed = seed
        self.filters = filters
        self.kernel_size = standardize_tuple(kernel_size, rank, "kernel_size")
        self.strides = standardize_tuple(strides, rank, "strides", allow_zero=True)
        self.padding = standardize_padding(padding)
        self.data_format = standardize_data_format(data_format)
        self.dilation_rate = standardize_tuple(dilation_rate, rank, "dilation_rate")
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError(
                "Specifying `strides > 1` is not compatible with `dilation_rate > 1`. Please "
                f"provide `strides=1` or `dilation_rate=1`. Received: strides={self.strides} "
                f"and dilation_rate={self.dilation_rate}"
            )
        self.activation = activations.get(activation)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.use_bias = use_bias
        self.unit_forget_bias = unit_forget_bias
        store_weight_arguments(self, locals())
        self.dropout = clipped_rate(dropout, "dropout")
        self.recurrent_dropout = clipped_rate(recurrent_dropout, "recurrent_dropout")
        self.dropout_mask_count = 4  # one mask per gate, as Keras draws them
        # The states are feature maps, not vectors: their shape comes from
        # `get_initial_state` (Keras's cell says -1 here as well).
        self.state_size = -1

    # ------------------------------------------------------------------ shapes
    def _spatial_and_channels(self, shape):
        shape = tuple(shape)
        if self.data_format == "channels_first":
            return shape[2:], shape[1]
        return shape[1:-1], shape[-1]

    def compute_output_shape(self, inputs_shape, states_shape=None):
        """The shape of the output and of each state for one timestep.

        Args:
            inputs_shape: `(batch, *spatial, channels)` (channels first:
                `(batch, channels, *spatial)`).
            states_shape: ignored.

        Returns:
            `(output_shape, [output_shape, output_shape])`.
        """
        spatial, _ = self._spatial_and_channels(inputs_shape)
        new_spatial = tuple(
            conv_output_length(size, k, s, d, self.padding) for size, k, s, d in
            zip(spatial, self.kernel_size, self.strides, self.dilation_rate)
        )
        batch = tuple(inputs_shape)[0]
        if self.data_format == "channels_first":
            shape = (batch, self.filters) + new_spatial
        else:
            shape = (batch,) + new_spatial + (self.filters,)
        return shape, [shape, shape]

    # ------------------------------------------------------------------- build
    def build(self, inputs_shape, states_shape=None):
        spatial, channels = self._spatial_and_channels(inputs_shape)
        if None in spatial:
            raise ValueError(
                "ConvLSTM layers only support static input shapes for the spatial dimension. "
                f"Received invalid input shape: input_shape={tuple(inputs_shape)}"
            )
        if channels is None:
            raise ValueError(
                "The channel dimension of the inputs (last axis) should be defined. Found "
                f"None. Full input shape received: input_shape={tuple(inputs_shape)}"
            )
        self.spatial_dims = tuple(spatial)
        self.input_dim = channels
        self.kernel = self.add_weight(
            shape=self.kernel_size + (channels, 4 * self.filters),
            initializer=self.kernel_initializer,
            name="kernel",
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        self.recurrent_kernel = self.add_weight(
            shape=self.kernel_size + (self.filters, 4 * self.filters),
            initializer=self.recurrent_initializer,
            name="recurrent_kernel",
            regularizer=self.recurrent_regularizer,
            constraint=self.recurrent_constraint,
        )
        # Keep every weight C-ordered (see BuiltinCell.add_cell_weights).
        self.recurrent_kernel.value = np.ascontiguousarray(self.recurrent_kernel.value)
        self.bias = None
        if self.use_bias:
            initializer = self.bias_initializer
            if self.unit_forget_bias:
                initializer = _UnitForgetBias(self.bias_initializer, self.filters)
            self.bias = self.add_weight(
                shape=(4 * self.filters,),
                name="bias",
                initializer=initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )
        self.built = True

    def get_initial_state(self, batch_size=None):
        """Zero states `[h, c]`, shaped like the input convolution's output.

        Args:
            batch_size: the number of sequences.

        Returns:
            A list of two zero arrays.
        """
        if self.data_format == "channels_first":
            step_shape = (batch_size, self.input_dim) + self.spatial_dims
        else:
            step_shape = (batch_size,) + self.spatial_dims + (self.input_dim,)
        state_shape = self.compute_output_shape(step_shape)[0]
        return [np.zeros(state_shape, dtype=self.compute_dtype) for _ in range(2)]

    # -------------------------------------------------------------------- call
    def _with_bias(self, z, bias):
        if bias is None:
            return z
        if self.data_format == "channels_first":
            bias = ops.reshape(bias, (1, -1) + (1,) * self.rank)
        return ops.add(z, bias)

    def _input_conv(self, x, kernel):
        return ops.conv(x, kernel, strides=self.strides, padding=self.padding,
                        data_format=self.data_format, dilation_rate=self.dilation_rate)

    def _recurrent_conv(self, h, kernel):
        return ops.conv(h, kernel, strides=1, padding="same", data_format=self.data_format)

    def _gate_inputs(self, inputs, h_previous, training):
        """The four gates' pre-activations, each shaped like a state."""
        input_masks = recurrent_masks = None
        if training and 0.0 < self.dropout < 1.0:
            input_masks = self.get_dropout_mask(inputs)
        if training and 0.0 < self.recurrent_dropout < 1.0:
            recurrent_masks = self.get_recurrent_dropout_mask(h_previous)
        axis = channel_axis(self.data_format)
        if input_masks is None and recurrent_masks is None:
            # No per-gate masks: one convolution per kernel gives all four gates.
            z = ops.add(self._input_conv(inputs, self.kernel),
                        self._recurrent_conv(h_previous, self.recurrent_kernel))
            return ops.split(self._with_bias(z, self.bias), 4, axis=axis)
        kernels = ops.split(self.kernel, 4, axis=self.rank + 1)
        recurrent_kernels = ops.split(self.recurrent_kernel, 4, axis=self.rank + 1)
        biases = ops.split(self.bias, 4) if self.bias is not None else [None] * 4
        gates = []
        for k in range(4):
            x = inputs if input_masks is None else ops.multiply(inputs, input_masks[k])
            h = h_previous if recurrent_masks is None else ops.multiply(
                h_previous, recurrent_masks[k])
            z = ops.add(self._input_conv(x, kernels[k]),
                        self._recurrent_conv(h, recurrent_kernels[k]))
            gates.append(self._with_bias(z, biases[k]))
        return gates

    def call(self, inputs, states, training=False):
        h_previous, c_previous = states[0], states[1]
        z_i, z_f, z_c, z_o = self._gate_inputs(inputs, h_previous, training)
        i = self.recurrent_activation(z_i)
        f = self.recurrent_activation(z_f)
        c = ops.add(ops.multiply(f, c_previous), ops.multiply(i, self.activation(z_c)))
        o = self.recurrent_activation(z_o)
        h = ops.multiply(o, self.activation(c))
        return h, [h, c]

    def get_config(self):
        config = {name: serialized_argument(name, getattr(self, name))
                  for name in _CELL_CONFIG_KEYS}
        return {**super().get_config(), **config}


def _cell_property(name):
    return property(lambda self: getattr(self.cell, name),
                    doc=f"The cell's `{name}`.\n\nReturns:\n    The value.")


class ConvLSTM(RNN):
    """Base of ConvLSTM1D/2D/3D: an RNN over a `ConvLSTMCell` of rank `rank`.

    Subclasses fix `rank`; see `ConvLSTM2D` for the arguments.
    """

    rank = None

    def __init__(
        self,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        data_format=None,
        dilation_rate=1,
        activation="tanh",
        recurrent_activation="sigmoid",
        use_bias=True,
        kernel_initializer="glorot_uniform",
        recurrent_initializer="orthogonal",
        bias_initializer="zeros",
        unit_forget_bias=True,
        kernel_regularizer=None,
        recurrent_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        recurrent_constraint=None,
        bias_constraint=None,
        dropout=0.0,
        recurrent_dropout=0.0,
        seed=None,
        return_sequences=False,
        return_state=False,
        go_backwards=False,
        stateful=False,
        **kwargs,
    ):
        cell_arguments = {name: value for name, value in locals().items()
                          if name in _CELL_CONFIG_KEYS}
        cell = ConvLSTMCell(self.rank, name="conv_lstm_cell", dtype=kwargs.get("dtype"),
                            **cell_arguments)
        super().__init__(
            cell,
            return_sequences=return_sequences,
            return_state=return_state,
            go_backwards=go_backwards,
            stateful=stateful,
            activity_regularizer=activity_regularizer,
            **kwargs,
        )
        self._exact_ndim = self.rank + 3

    # ------------------------------------------------------------------ shapes
    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        sequences_shape = tuple(sequences_shape)
        batch, steps = sequences_shape[0], sequences_shape[1]
        step_shape = (batch,) + sequences_shape[2:]
        state_shape = tuple(self.cell.compute_output_shape(step_shape)[0])
        if self.return_sequences:
            output_shape = (batch, steps) + state_shape[1:]
        else:
            output_shape = state_shape
        if self.return_state:
            return [output_shape, state_shape, state_shape]
        return output_shape

    def compute_mask(self, inputs, mask):
        """The mask of the output: the input mask with `return_sequences`, else None.

        Args:
            inputs: the layer's input.
            mask: the input mask, `(batch, timesteps)`, or None.

        Returns:
            The output mask (a list with None for each of the two states
            when `return_state`).
        """
        if isinstance(mask, (list, tuple)):
            mask = mask[0] if mask else None
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            return [output_mask, None, None]
        return output_mask

    def _checked_initial_state(self, initial_state, batch_size):
        given = flatten_states(initial_state)
        expected = tuple(self.get_initial_state(batch_size)[0].shape)
        if len(given) != 2:
            raise ValueError(
                f"Layer '{self.name}' expects 2 states in `initial_state` ([h, c]), but it "
                f"received {len(given)} initial state(s)."
            )
        for state in given:
            if tuple(np.shape(state)) != expected:
                raise ValueError(
                    f"An `initial_state` of layer '{self.name}' has the wrong shape: expected "
                    f"{expected}. Received: initial_state="
                    f"{[tuple(np.shape(s)) for s in given]}"
                )
        return given

    # ------------------------------------------------------------------ config
    def get_config(self):
        config = super().get_config()
        del config["cell"]
        for name in _CELL_CONFIG_KEYS:
            config[name] = serialized_argument(name, getattr(self.cell, name))
            if name == "bias_regularizer":
                config["activity_regularizer"] = serialize_keras_object(
                    self.activity_regularizer)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        return cls(**config)


_DOCSTRING = """{rank}-D convolutional LSTM: an LSTM whose input and recurrent
    transformations are {rank}-D convolutions, for sequences of {what}.

    Its weights are `conv_lstm{rank}d/conv_lstm_cell/kernel`
    `(*kernel_size, channels, 4 * filters)`, `recurrent_kernel`
    `(*kernel_size, filters, 4 * filters)` and `bias` `(4 * filters,)`,
    gates in Keras's order i, f, c, o, so weights and files interchange
    with Keras. The recurrent convolution always uses "same" padding and
    stride 1, so the states keep the shape of the input convolution's
    output.

    Args:
        filters: the number of output channels, a positive int.
        kernel_size: an int or a tuple of {ints}, the window of both convolutions.
        strides: an int or a tuple of {ints}, the input convolution's stride.
        padding: `"valid"` or `"same"` (case-insensitive), the input
            convolution's padding.
        data_format: `"channels_last"` (inputs `(batch, time, {spatial},
            channels)`) or `"channels_first"` (`(batch, time, channels,
            {spatial})`); None uses `keras.config.image_data_format()`.
        dilation_rate: an int or a tuple of {ints}; cannot exceed 1 together
            with `strides`.
        activation: activation of the candidate and carried state (default `"tanh"`).
        recurrent_activation: activation of the gates (default `"sigmoid"`).
        use_bias: whether to add a bias.
        kernel_initializer: initializer of the input kernel.
        recurrent_initializer: initializer of the recurrent kernel (default
            `"orthogonal"`).
        bias_initializer: initializer of the bias.
        unit_forget_bias: initialize the forget gate's bias to ones.
        kernel_regularizer: regularizer of the input kernel, or None.
        recurrent_regularizer: regularizer of the recurrent kernel, or None.
        bias_regularizer: regularizer of the bias, or None.
        activity_regularizer: regularizer of the output, or None.
        kernel_constraint: constraint of the input kernel, or None.
        recurrent_constraint: constraint of the recurrent kernel, or None.
        bias_constraint: constraint of the bias, or None.
        dropout: fraction of the input dropped in training.
        recurrent_dropout: fraction of the previous output dropped in training.
        seed: an int for reproducible dropout masks.
        return_sequences: return every timestep's output.
        return_state: also return the final states `h` and `c`.
        go_backwards: process the sequence from its end.
        stateful: carry the final states over to the next batch.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`
            (and the generic `RNN`'s `unroll` and `zero_output_for_mask`).

    Input shape:
        {ndim}-D: `(batch, time, {spatial}, channels)` with `channels_last`,
        `(batch, time, channels, {spatial})` with `channels_first`.

    Output shape:
        `(batch, {new_spatial}, filters)` (channels first:
        `(batch, filters, {new_spatial})`); with `return_sequences`,
        a time axis after the batch; with `return_state`, a list of the
        output and the two states (each shaped like the last output).

    Returns:
        The output, or `[output, h, c]` with `return_state`.

    Raises:
        ValueError: on a malformed argument, or both `strides` and
            `dilation_rate` above 1; when called, on an input that is not
            {ndim}-D, unknown spatial or channel sizes, or a bad mask or
            initial state.

{examples}"""


def conv_lstm_docstring(rank, what, spatial, examples):
    """The docstring of ConvLSTM1D/2D/3D: `what` the sequences hold,
    `spatial` the names of their spatial axes ("rows, cols"), and the
    `examples` section."""
    new_spatial = ", ".join(f"new_{axis}" for axis in spatial.split(", "))
    return _DOCSTRING.format(rank=rank, what=what, ints=f"{rank} int" + "s" * (rank > 1),
                             spatial=spatial, new_spatial=new_spatial, ndim=rank + 3,
                             examples=examples)


# `layer.filters`, `layer.padding`, ...: the cell's arguments, read-only, as in Keras.
for _name in _CELL_CONFIG_KEYS:
    setattr(ConvLSTM, _name, _cell_property(_name))
