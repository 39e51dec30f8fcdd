"""What SimpleRNNCell, LSTMCell and GRUCell share: their common arguments,
the weights' regularizers and constraints, and their configs."""

import numpy as np

from kerasish import activations, constraints, initializers, regularizers
from kerasish.layers.layer import Layer
from kerasish.layers.rnn.dropout_rnn_cell import DropoutRNNCell
from kerasish.saving.serialization_lib import serialize_keras_object


def check_units(units):
    if isinstance(units, bool) or not isinstance(units, int) or units <= 0:
        raise ValueError(
            "Received an invalid value for argument `units`, expected a positive integer, "
            f"got {units}."
        )


def clipped_rate(rate, name):
    """Keras clips dropout rates into [0, 1]; a non-number is refused."""
    if isinstance(rate, bool) or not isinstance(rate, (int, float)):
        raise ValueError(
            f"Invalid value received for argument `{name}`. Expected a float value between "
            f"0 and 1. Received: {name}={rate}"
        )
    return min(1.0, max(0.0, float(rate)))


_WEIGHT_ARGUMENT_KINDS = {
    "initializer": initializers, "regularizer": regularizers, "constraint": constraints,
}


def store_weight_arguments(cell, arguments):
    """Sets the `*_initializer`, `*_regularizer` and `*_constraint` entries of
    `arguments` (a constructor's `locals()`) on `cell`, resolved from their
    identifiers."""
    for name, value in arguments.items():
        kind = _WEIGHT_ARGUMENT_KINDS.get(name.rsplit("_", 1)[-1])
        if kind is not None and name != "activity_regularizer":
            setattr(cell, name, kind.get(value))


class BuiltinCell(Layer, DropoutRNNCell):
    """Base of the built-in cells: stores the arguments every cell takes."""

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
        kernel_constraint=None,
        recurrent_constraint=None,
        bias_constraint=None,
        dropout=0.0,
        recurrent_dropout=0.0,
        seed=None,
        **kwargs,
    ):
        check_units(units)
        super().__init__(**kwargs)
        self.units = units
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        store_weight_arguments(self, locals())
        self.dropout = clipped_rate(dropout, "dropout")
        self.recurrent_dropout = clipped_rate(recurrent_dropout, "recurrent_dropout")
        self.seed = seed
        self.output_size = units
        self.supports_masking = True

    def add_cell_weights(self, input_dim, gates, bias_shape, bias_initializer=None):
        """Creates kernel, recurrent_kernel and bias (when used), in Keras's order."""
        self.kernel = self.add_weight(
            shape=(input_dim, self.units * gates),
            name="kernel",
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        self.recurrent_kernel = self.add_weight(
            shape=(self.units, self.units * gates),
            name="recurrent_kernel",
            initializer=self.recurrent_initializer,
            regularizer=self.recurrent_regularizer,
            constraint=self.recurrent_constraint,
        )
        # The orthogonal initializer returns a transposed (Fortran-ordered)
        # array; keep weights C-ordered like every other weight, so in-place
        # updates through `reshape(-1)` views reach them.
        self.recurrent_kernel.value = np.ascontiguousarray(self.recurrent_kernel.value)
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                shape=bias_shape,
                name="bias",
                initializer=bias_initializer or self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )

    def training_dropout_masks(self, inputs, h_previous, training):
        """The (input, recurrent) dropout masks to apply in this step, or Nones."""
        input_mask = recurrent_mask = None
        if training and 0.0 < self.dropout < 1.0:
            input_mask = self.get_dropout_mask(inputs)
        if training and 0.0 < self.recurrent_dropout < 1.0:
            recurrent_mask = self.get_recurrent_dropout_mask(h_previous)
        return input_mask, recurrent_mask

    def get_initial_state(self, batch_size=None):
        """Zero states for a batch, one array per entry of `state_size`.

        Args:
            batch_size: the number of sequences.

        Returns:
            A list of zero arrays `(batch_size, size)`.
        """
        sizes = self.state_size if isinstance(self.state_size, (list, tuple)) else [self.state_size]
        return [np.zeros((batch_size, size), dtype=self.compute_dtype) for size in sizes]

    def cell_config(self, middle=None, last=None):
        """Keras's config order: units, activations (`middle` goes after
        use_bias), initializers..., dropouts, `last`, seed."""
        config = {
            "units": self.units,
            "activation": activations.serialize(self.activation),
        }
        if hasattr(self, "recurrent_activation"):
            config["recurrent_activation"] = activations.serialize(self.recurrent_activation)
        config["use_bias"] = self.use_bias
        config.update(middle or {})
        for name in (
            "kernel_initializer", "recurrent_initializer", "bias_initializer",
            "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
            "kernel_constraint", "recurrent_constraint", "bias_constraint",
        ):
            config[name] = serialize_keras_object(getattr(self, name))
        config["dropout"] = self.dropout
        config["recurrent_dropout"] = self.recurrent_dropout
        config.update(last or {})
        config["seed"] = self.seed
        return {**super().get_config(), **config}
