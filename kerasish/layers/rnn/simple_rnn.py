"""`SimpleRNNCell` and `SimpleRNN`: the fully connected recurrent layer."""

from kerasish import ops
from kerasish.layers.rnn.builtin_rnn import BuiltinRNN, split_arguments
from kerasish.layers.rnn.rnn_cell_base import BuiltinCell
from kerasish.layers.rnn.rnn_primitives import SimpleRNNSequence
from kerasish.layers.input_spec import InputSpec


class SimpleRNNCell(BuiltinCell):
    """One step of a fully connected RNN: `h = activation(x @ kernel + bias + h_prev @ recurrent_kernel)`.

    Use it in `keras.layers.RNN`; `SimpleRNN` is the same as
    `RNN(SimpleRNNCell(...))` with a faster loop.

    Args:
        units: the size of the output and of the state, a positive int.
        activation: the activation (default `"tanh"`; None means linear).
        use_bias: whether to add a bias vector.
        kernel_initializer: initializer of the input kernel `(input_dim, units)`.
        recurrent_initializer: initializer of the recurrent kernel
            `(units, units)` (default `"orthogonal"`).
        bias_initializer: initializer of the bias `(units,)`.
        kernel_regularizer: regularizer of the kernel, or None.
        recurrent_regularizer: regularizer of the recurrent kernel, or None.
        bias_regularizer: regularizer of the bias, or None.
        kernel_constraint: constraint of the kernel, or None.
        recurrent_constraint: constraint of the recurrent kernel, or None.
        bias_constraint: constraint of the bias, or None.
        dropout: fraction of the inputs dropped in training (the same units
            at every timestep of a sequence).
        recurrent_dropout: fraction of the previous state dropped in training.
        seed: an int for reproducible dropout masks.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Raises:
        ValueError: if `units` is not a positive int.

    Examples:
        >>> cell = keras.layers.SimpleRNNCell(3, kernel_initializer="ones",
        ...                                   recurrent_initializer="zeros")
        >>> output, states = cell(np.ones((1, 2), dtype="float32"),
        ...                       [np.zeros((1, 3), dtype="float32")])
        >>> np.round(np.asarray(output), 4)
        array([[0.964, 0.964, 0.964]], dtype=float32)
    """

    def __init__(self, units, **kwargs):
        super().__init__(units, **kwargs)
        self.state_size = units

    def build(self, input_shape):
        self.add_cell_weights(input_shape[-1], gates=1, bias_shape=(self.units,))
        self.built = True

    def call(self, sequence, states, training=False):
        previous = states[0] if isinstance(states, (list, tuple)) else states
        input_mask, recurrent_mask = self.training_dropout_masks(sequence, previous, training)
        if input_mask is not None:
            sequence = ops.multiply(sequence, input_mask)
        h = ops.matmul(sequence, self.kernel)
        if self.bias is not None:
            h = ops.add(h, self.bias)
        if recurrent_mask is not None:
            previous = ops.multiply(previous, recurrent_mask)
        output = self.activation(ops.add(h, ops.matmul(previous, self.recurrent_kernel)))
        return output, ([output] if isinstance(states, (list, tuple)) else output)

    def get_config(self):
        return self.cell_config()


class SimpleRNN(BuiltinRNN):
    """A fully connected RNN whose output is fed back as its state.

    Its weights are those of a `SimpleRNNCell` (`simple_rnn/simple_rnn_cell/kernel`,
    `.../recurrent_kernel`, `.../bias`), as in Keras. The whole sequence
    runs as one primitive (one GEMM for the inputs of every timestep) when
    the activation is tanh, sigmoid, relu or linear.

    Args:
        units: the size of the output and of the state, a positive int.
        activation: the activation (default `"tanh"`).
        use_bias: whether to add a bias vector.
        kernel_initializer: initializer of the input kernel.
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
        ValueError: if `units` is not a positive int; when called, if the
            input is not 3-D (Keras's wording), or on a bad mask or initial
            state (see `RNN`).

    Examples:
        >>> layer = keras.layers.SimpleRNN(4, return_sequences=True, name="simple_rnn")
        >>> layer(np.ones((2, 5, 3), dtype="float32")).shape
        (2, 5, 4)
        >>> [w.path for w in layer.weights]
        ['simple_rnn/simple_rnn_cell/kernel', 'simple_rnn/simple_rnn_cell/recurrent_kernel', 'simple_rnn/simple_rnn_cell/bias']
    """

    cell_class = SimpleRNNCell
    sequence_primitive = SimpleRNNSequence
    config_keys = (
        "units", "activation", "use_bias", "kernel_initializer", "recurrent_initializer",
        "bias_initializer", "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
        "activity_regularizer", "kernel_constraint", "recurrent_constraint", "bias_constraint",
        "dropout", "recurrent_dropout",
    )

    def __init__(
        self,
        units,
        activation="tanh",
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
        return_sequences=False,
        return_state=False,
        go_backwards=False,
        stateful=False,
        unroll=False,
        seed=None,
        **kwargs,
    ):
        cell_arguments, layer_arguments = split_arguments(locals(), kwargs)
        cell = SimpleRNNCell(name="simple_rnn_cell", **cell_arguments)
        super().__init__(cell, **layer_arguments)
        self.input_spec = [InputSpec(ndim=3)]  # a list, as in Keras
