"""`GRUCell` and `GRU`: the gated recurrent unit (Cho et al., 2014)."""

from kerasish import activations, ops
from kerasish.layers.rnn.builtin_rnn import BuiltinRNN, split_arguments
from kerasish.layers.rnn.lstm import _split
from kerasish.layers.rnn.rnn_cell_base import BuiltinCell
from kerasish.layers.rnn.rnn_primitives import GRUSequence
from kerasish.layers.input_spec import InputSpec


class GRUCell(BuiltinCell):
    """One step of a GRU; its gates are laid out z, r, h in the weights, as in Keras.

    `h = z * h_prev + (1 - z) * candidate`. With `reset_after=True`
    (Keras 3's default, cuDNN's convention) the reset gate multiplies the
    recurrent part of the candidate after the matrix product and the bias
    has shape `(2, 3 * units)` (input bias, recurrent bias); with
    `reset_after=False` it multiplies the previous state before it and the
    bias has shape `(3 * units,)`.

    Args:
        units: the size of the output and of the state, a positive int.
        activation: activation of the candidate (default `"tanh"`).
        recurrent_activation: activation of the gates (default `"sigmoid"`).
        use_bias: whether to add biases.
        kernel_initializer: initializer of the kernel `(input_dim, 3 * units)`.
        recurrent_initializer: initializer of the recurrent kernel
            `(units, 3 * units)` (default `"orthogonal"`).
        bias_initializer: initializer of the bias.
        kernel_regularizer: regularizer of the kernel, or None.
        recurrent_regularizer: regularizer of the recurrent kernel, or None.
        bias_regularizer: regularizer of the bias, or None.
        kernel_constraint: constraint of the kernel, or None.
        recurrent_constraint: constraint of the recurrent kernel, or None.
        bias_constraint: constraint of the bias, or None.
        dropout: fraction of the inputs dropped in training.
        recurrent_dropout: fraction of the previous state dropped in training.
        reset_after: where the reset gate applies (see above).
        seed: an int for reproducible dropout masks.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Raises:
        ValueError: if `units` is not a positive int.

    Examples:
        >>> cell = keras.layers.GRUCell(2)
        >>> h, states = cell(np.ones((3, 4), dtype="float32"), [np.zeros((3, 2), dtype="float32")])
        >>> h.shape, cell.state_size
        ((3, 2), 2)
        >>> tuple(cell.bias.shape)
        (2, 6)
    """

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid",
                 reset_after=True, **kwargs):
        self.implementation = kwargs.pop("implementation", 2)
        super().__init__(units, activation=activation, **kwargs)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.reset_after = reset_after
        if self.recurrent_dropout != 0.0:
            self.implementation = 1
        if self.implementation == 1:
            self.dropout_mask_count = 3
        self.state_size = units

    def build(self, input_shape):
        bias_shape = (2, 3 * self.units) if self.reset_after else (3 * self.units,)
        self.add_cell_weights(input_shape[-1], 3, bias_shape)
        self.built = True

    def _biases(self):
        if self.bias is None:
            return None, None
        if self.reset_after:
            return self.bias[0], self.bias[1]
        return self.bias, None

    def _input_parts(self, inputs, input_mask, input_bias):
        """x @ kernel (+ input bias) for the z, r and h gates."""
        if self.implementation == 1:
            kernels = _split(self.kernel, 3)
            parts = []
            for k in range(3):
                x = inputs if input_mask is None else ops.multiply(inputs, input_mask[k])
                parts.append(ops.matmul(x, kernels[k]))
        else:
            if input_mask is not None:
                inputs = ops.multiply(inputs, input_mask)
            parts = _split(ops.matmul(inputs, self.kernel), 3)
        if input_bias is not None:
            parts = [ops.add(p, b) for p, b in zip(parts, _split(input_bias, 3))]
        return parts

    def call(self, inputs, states, training=False):
        h_previous = states[0] if isinstance(states, (list, tuple)) else states
        input_bias, recurrent_bias = self._biases()
        input_mask, recurrent_mask = self.training_dropout_masks(inputs, h_previous, training)
        x_z, x_r, x_h = self._input_parts(inputs, input_mask, input_bias)
        h_z, h_r, h_h = (
            [h_previous] * 3 if recurrent_mask is None
            else [ops.multiply(h_previous, m) for m in _as_three(recurrent_mask)]
        )
        k_z, k_r, k_h = _split(self.recurrent_kernel, 3)
        b_z, b_r, b_h = _split(recurrent_bias, 3) if recurrent_bias is not None else [None] * 3
        recurrent_z, recurrent_r = ops.matmul(h_z, k_z), ops.matmul(h_r, k_r)
        if b_z is not None:
            recurrent_z, recurrent_r = ops.add(recurrent_z, b_z), ops.add(recurrent_r, b_r)
        z = self.recurrent_activation(ops.add(x_z, recurrent_z))
        r = self.recurrent_activation(ops.add(x_r, recurrent_r))
        if self.reset_after:
            recurrent_h = ops.matmul(h_h, k_h)
            if b_h is not None:
                recurrent_h = ops.add(recurrent_h, b_h)
            recurrent_h = ops.multiply(r, recurrent_h)
        else:
            recurrent_h = ops.matmul(ops.multiply(r, h_h), k_h)
        candidate = self.activation(ops.add(x_h, recurrent_h))
        h = ops.add(ops.multiply(z, h_previous), ops.multiply(ops.subtract(1.0, z), candidate))
        return h, ([h] if isinstance(states, (list, tuple)) else h)

    def get_config(self):
        return self.cell_config(last={"reset_after": self.reset_after})


def _as_three(mask):
    return mask if isinstance(mask, list) else [mask] * 3


class GRU(BuiltinRNN):
    """Gated recurrent unit layer: an RNN of `GRUCell`s.

    Its weights are `gru/gru_cell/kernel` `(input_dim, 3 * units)`,
    `recurrent_kernel` `(units, 3 * units)` and `bias` (`(2, 3 * units)`
    with `reset_after=True`, the default, else `(3 * units,)`), gates in
    Keras's order z, r, h. With tanh, sigmoid, relu or linear activations
    the whole sequence runs as one primitive with a hand-written backward.

    Args:
        units: the size of the output and of the state, a positive int.
        activation: activation of the candidate (default `"tanh"`).
        recurrent_activation: activation of the gates (default `"sigmoid"`).
        use_bias: whether to add biases.
        kernel_initializer: initializer of the kernel.
        recurrent_initializer: initializer of the recurrent kernel (default
            `"orthogonal"`).
        bias_initializer: initializer of the bias.
        kernel_regularizer: regularizer of the kernel, or None.
        recurrent_regularizer: regularizer of the recurrent kernel, or None.
        bias_regularizer: regularizer of the bias, or None.
        activity_regularizer: regularizer of the output, or None.
        kernel_constraint: constraint of the kernel, or None.
        recurrent_constraint: constraint of the recurrent kernel, or None.
        bias_constraint: constraint of the bias, or None.
        dropout: fraction of the inputs dropped in training.
        recurrent_dropout: fraction of the previous state dropped in training.
        seed: an int for reproducible dropout masks.
        return_sequences: return every timestep's output.
        return_state: also return the final state.
        go_backwards: process the sequence from its end.
        stateful: carry the final state over to the next batch.
        unroll: accepted; the numbers are the same.
        reset_after: where the reset gate applies (see `GRUCell`).
        use_cudnn: accepted (`"auto"`, True or False); kerasish has no cuDNN.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        A 3-D array `(batch_size, timesteps, features)`, with an optional boolean
        mask `(batch_size, timesteps)` marking the steps to skip.

    Output shape:
        `(batch_size, units)`, the last step's output; with `return_sequences=True`,
        `(batch_size, timesteps, units)`, every step's output. With
        `return_state=True`, a list: that output followed by the final state
        `(batch_size, units)`.

    Raises:
        ValueError: if `units` is not a positive int or `use_cudnn` is
            invalid; when called, if the input is not 3-D, or on a bad mask
            or initial state (see `RNN`).

    Examples:
        >>> layer = keras.layers.GRU(4, reset_after=False)
        >>> layer(np.ones((2, 5, 3), dtype="float32")).shape
        (2, 4)
        >>> [tuple(w.shape) for w in layer.weights]
        [(3, 12), (4, 12), (12,)]
    """

    cell_class = GRUCell
    sequence_primitive = GRUSequence
    config_keys = (
        "units", "activation", "recurrent_activation", "use_bias", "kernel_initializer",
        "recurrent_initializer", "bias_initializer", "kernel_regularizer",
        "recurrent_regularizer", "bias_regularizer", "activity_regularizer",
        "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout",
        "recurrent_dropout", "reset_after", "seed",
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
        reset_after=True,
        use_cudnn="auto",
        **kwargs,
    ):
        implementation = kwargs.pop("implementation", 2)  # noqa: F841  (goes to the cell)
        cell_arguments, layer_arguments = split_arguments(locals(), kwargs)
        cell = GRUCell(name="gru_cell", **cell_arguments)
        super().__init__(cell, **layer_arguments)
        self.input_spec = InputSpec(ndim=3)
        self._check_use_cudnn(use_cudnn)

    def _primitive_attributes(self):
        return {"reset_after": self.cell.reset_after}
