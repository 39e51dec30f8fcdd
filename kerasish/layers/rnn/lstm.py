"""`LSTMCell` and `LSTM`: long short-term memory (Hochreiter & Schmidhuber, 1997)."""

import numpy as np

from kerasish import initializers, ops
from kerasish.layers.rnn.builtin_rnn import BuiltinRNN, split_arguments
from kerasish.layers.rnn.rnn_cell_base import BuiltinCell
from kerasish.layers.rnn.rnn_primitives import LSTMSequence
from kerasish.layers.input_spec import InputSpec


def _split(x, parts):
    """`parts` equal slices of the last axis (differentiable through GetItem)."""
    size = x.shape[-1] // parts
    return [x[..., k * size: (k + 1) * size] for k in range(parts)]


class _UnitForgetBias:
    """Initializes an LSTM bias with ones for the forget gate (Jozefowicz et
    al., 2015) and the chosen initializer for the other three gates."""

    def __init__(self, bias_initializer, units):
        self.bias_initializer, self.units = bias_initializer, units

    def __call__(self, shape, dtype=None):
        u = self.units
        return np.concatenate([
            np.asarray(self.bias_initializer((u,), dtype=dtype)),
            np.asarray(initializers.get("ones")((u,), dtype=dtype)),
            np.asarray(self.bias_initializer((2 * u,), dtype=dtype)),
        ])


class LSTMCell(BuiltinCell):
    """One step of an LSTM; its gates are laid out i, f, c, o in the weights, as in Keras.

    `i`, `f` and `o` use `recurrent_activation`, the candidate and the cell
    state's output use `activation`; the states are `[h, c]`. Use it in
    `keras.layers.RNN`; `LSTM` is the same with a faster loop.

    Args:
        units: the size of the output and of each state, a positive int.
        activation: activation of the candidate and of the carried state
            (default `"tanh"`).
        recurrent_activation: activation of the gates (default `"sigmoid"`).
        use_bias: whether to add a bias vector.
        kernel_initializer: initializer of the kernel `(input_dim, 4 * units)`.
        recurrent_initializer: initializer of the recurrent kernel
            `(units, 4 * units)` (default `"orthogonal"`).
        bias_initializer: initializer of the bias `(4 * units,)`.
        unit_forget_bias: initialize the forget gate's bias to ones.
        kernel_regularizer: regularizer of the kernel, or None.
        recurrent_regularizer: regularizer of the recurrent kernel, or None.
        bias_regularizer: regularizer of the bias, or None.
        kernel_constraint: constraint of the kernel, or None.
        recurrent_constraint: constraint of the recurrent kernel, or None.
        bias_constraint: constraint of the bias, or None.
        dropout: fraction of the inputs dropped in training.
        recurrent_dropout: fraction of the previous output dropped in training.
        seed: an int for reproducible dropout masks.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Raises:
        ValueError: if `units` is not a positive int.

    Examples:
        >>> cell = keras.layers.LSTMCell(2)
        >>> h, (h_again, c) = cell(np.ones((3, 4), dtype="float32"),
        ...                        [np.zeros((3, 2), dtype="float32")] * 2)
        >>> h.shape, c.shape, cell.state_size
        ((3, 2), (3, 2), [2, 2])
    """

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid",
                 unit_forget_bias=True, **kwargs):
        from kerasish import activations

        self.implementation = kwargs.pop("implementation", 2)
        super().__init__(units, activation=activation, **kwargs)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.unit_forget_bias = unit_forget_bias
        if self.recurrent_dropout != 0.0:
            self.implementation = 1
        if self.implementation == 1:
            self.dropout_mask_count = 4  # one mask per gate, as Keras draws them
        self.state_size = [units, units]

    def build(self, input_shape):
        bias_initializer = None
        if self.use_bias and self.unit_forget_bias:
            bias_initializer = _UnitForgetBias(self.bias_initializer, self.units)
        self.add_cell_weights(input_shape[-1], 4, (4 * self.units,), bias_initializer)
        self.built = True

    def _gate_inputs(self, inputs, h_previous, training):
        """The four gates' pre-activations, each `(batch, units)`."""
        input_mask, recurrent_mask = self.training_dropout_masks(inputs, h_previous, training)
        if self.implementation == 1:
            kernels = _split(self.kernel, 4)
            recurrent_kernels = _split(self.recurrent_kernel, 4)
            biases = _split(self.bias, 4) if self.bias is not None else [None] * 4
            gates = []
            for k in range(4):
                x = inputs if input_mask is None else ops.multiply(inputs, input_mask[k])
                h = h_previous if recurrent_mask is None else ops.multiply(
                    h_previous, recurrent_mask[k])
                z = ops.add(ops.matmul(x, kernels[k]), ops.matmul(h, recurrent_kernels[k]))
                gates.append(z if biases[k] is None else ops.add(z, biases[k]))
            return gates
        if input_mask is not None:
            inputs = ops.multiply(inputs, input_mask)
        z = ops.add(ops.matmul(inputs, self.kernel), ops.matmul(h_previous, self.recurrent_kernel))
        if self.bias is not None:
            z = ops.add(z, self.bias)
        return _split(z, 4)

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
        return self.cell_config(middle={"unit_forget_bias": self.unit_forget_bias})


class LSTM(BuiltinRNN):
    """Long short-term memory layer: an RNN of `LSTMCell`s.

    Its weights are `lstm/lstm_cell/kernel` `(input_dim, 4 * units)`,
    `recurrent_kernel` `(units, 4 * units)` and `bias` `(4 * units,)`, gates
    in Keras's order i, f, c, o, so weights and files interchange with
    Keras. With tanh/sigmoid-like activations (tanh, sigmoid, relu,
    linear) the whole sequence runs as one primitive: one GEMM projects
    every timestep's input and the backward pass is hand-written.

    Args:
        units: the size of the output and of each state, a positive int.
        activation: activation of the candidate and carried state (default `"tanh"`).
        recurrent_activation: activation of the gates (default `"sigmoid"`).
        use_bias: whether to add a bias vector.
        kernel_initializer: initializer of the kernel.
        recurrent_initializer: initializer of the recurrent kernel (default
            `"orthogonal"`).
        bias_initializer: initializer of the bias.
        unit_forget_bias: initialize the forget gate's bias to ones.
        kernel_regularizer: regularizer of the kernel, or None.
        recurrent_regularizer: regularizer of the recurrent kernel, or None.
        bias_regularizer: regularizer of the bias, or None.
        activity_regularizer: regularizer of the output, or None.
        kernel_constraint: constraint of the kernel, or None.
        recurrent_constraint: constraint of the recurrent kernel, or None.
        bias_constraint: constraint of the bias, or None.
        dropout: fraction of the inputs dropped in training.
        recurrent_dropout: fraction of the previous output dropped in training.
        seed: an int for reproducible dropout masks.
        return_sequences: return every timestep's output.
        return_state: also return the final states `h` and `c`.
        go_backwards: process the sequence from its end.
        stateful: carry the final states over to the next batch.
        unroll: accepted; the numbers are the same.
        use_cudnn: accepted (`"auto"`, True or False); kerasish has no cuDNN.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        A 3-D array `(batch_size, timesteps, features)`, with an optional boolean
        mask `(batch_size, timesteps)` marking the steps to skip.

    Output shape:
        `(batch_size, units)`, the last step's output; with `return_sequences=True`,
        `(batch_size, timesteps, units)`, every step's output. With
        `return_state=True`, a list: that output followed by the final hidden state
        and the final cell state, each `(batch_size, units)`.

    Raises:
        ValueError: if `units` is not a positive int or `use_cudnn` is not
            one of "auto", True, False; when called, if the input is not
            3-D, or on a bad mask or initial state (see `RNN`).

    Examples:
        >>> layer = keras.layers.LSTM(4, return_state=True)
        >>> output, h, c = layer(np.ones((2, 5, 3), dtype="float32"))
        >>> output.shape, h.shape, c.shape
        ((2, 4), (2, 4), (2, 4))
        >>> [tuple(w.shape) for w in layer.weights]
        [(3, 16), (4, 16), (16,)]
    """

    cell_class = LSTMCell
    sequence_primitive = LSTMSequence
    config_keys = (
        "units", "activation", "recurrent_activation", "use_bias", "kernel_initializer",
        "recurrent_initializer", "bias_initializer", "unit_forget_bias", "kernel_regularizer",
        "recurrent_regularizer", "bias_regularizer", "activity_regularizer",
        "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout",
        "recurrent_dropout", "seed",
    )

    def __init__(
        self,
        units,
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
        unroll=False,
        use_cudnn="auto",
        **kwargs,
    ):
        implementation = kwargs.pop("implementation", 2)  # noqa: F841  (goes to the cell)
        cell_arguments, layer_arguments = split_arguments(locals(), kwargs)
        cell = LSTMCell(name="lstm_cell", **cell_arguments)
        super().__init__(cell, **layer_arguments)
        self.input_spec = InputSpec(ndim=3)
        self._check_use_cudnn(use_cudnn)

