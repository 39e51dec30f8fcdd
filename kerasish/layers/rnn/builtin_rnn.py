"""What SimpleRNN, LSTM and GRU share: the layer-level view of their cell's
arguments, their configs, and the switch to a whole-sequence primitive."""

import numpy as np

from kerasish import activations, ops
from kerasish.layers.rnn.rnn import RNN, flatten_states
from kerasish.layers.rnn.rnn_primitives import fused_activation_name, take_rows
from kerasish.saving.serialization_lib import serialize_keras_object


def serialized_argument(name, value):
    """A cell argument as configs hold it (activations by name, objects serialized)."""
    if name in ("activation", "recurrent_activation"):
        return activations.serialize(value)
    if name.endswith(("_initializer", "_regularizer", "_constraint")):
        return serialize_keras_object(value)
    return value


# Constructor arguments of SimpleRNN/LSTM/GRU that are the layer's, not the cell's.
_LAYER_ARGUMENTS = ("return_sequences", "return_state", "go_backwards", "stateful", "unroll",
                    "activity_regularizer")


def split_arguments(arguments, kwargs):
    """A layer's constructor arguments (its `locals()`) split into the cell's
    share (with the layer's dtype and trainability) and the layer's."""
    skip = ("self", "kwargs", "__class__", "use_cudnn") + _LAYER_ARGUMENTS
    cell = {k: v for k, v in arguments.items() if k not in skip}
    cell.update(dtype=kwargs.get("dtype"), trainable=kwargs.get("trainable", True))
    layer = {k: arguments[k] for k in _LAYER_ARGUMENTS}
    return cell, {**layer, **kwargs}


def _cell_property(name):
    return property(lambda self: getattr(self.cell, name),
                    doc=f"The cell's `{name}`.\n\nReturns:\n    The value.")


class BuiltinRNN(RNN):
    """Base of SimpleRNN, LSTM and GRU: an RNN over its own built-in cell.

    Subclasses set `cell_class`, `sequence_primitive` (the Function that
    runs the whole sequence) and `config_keys` (the cell arguments, in the
    order Keras writes them in the layer's config).
    """

    _exact_ndim = 3
    cell_class = None
    sequence_primitive = None
    config_keys = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for name in cls.config_keys:
            if name != "activity_regularizer" and name not in vars(cls):
                setattr(cls, name, _cell_property(name))

    def get_config(self):
        config = super().get_config()
        del config["cell"]
        for name in self.config_keys:
            if name == "activity_regularizer":
                config[name] = serialize_keras_object(self.activity_regularizer)
            else:
                config[name] = serialized_argument(name, getattr(self.cell, name))
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        return cls(**config)

    def _check_use_cudnn(self, use_cudnn):
        """Keras's check of `use_cudnn` (accepted, without effect: no cuDNN here)."""
        if use_cudnn not in ("auto", True, False):
            raise ValueError(
                "Invalid valid received for argument `use_cudnn`. Expected one of "
                f"{{'auto', True, False}}. Received: use_cudnn={use_cudnn}"
            )
        self.use_cudnn = use_cudnn

    # ---------------------------------------------------- the fast path
    def _primitive_attributes(self):
        """Extra attributes the sequence primitive needs (GRU's reset_after)."""
        return {}

    def _fused_activations(self):
        cell = self.cell
        names = [fused_activation_name(cell.activation)]
        if hasattr(cell, "recurrent_activation"):
            names.append(fused_activation_name(cell.recurrent_activation))
        return None if None in names else names

    def inner_loop(self, sequences, initial_state, mask, training=False):
        names = self._fused_activations()
        uses_recurrent_dropout = training and 0.0 < self.cell.recurrent_dropout < 1.0
        if type(self.cell) is not self.cell_class or names is None or uses_recurrent_dropout:
            return super().inner_loop(sequences, initial_state, mask, training=training)
        if ops.dtype(sequences) != self.compute_dtype:
            sequences = ops.cast(sequences, self.compute_dtype)
        if training and 0.0 < self.cell.dropout < 1.0:
            # One mask for every timestep, as Keras's cells draw it.
            step_mask = self.cell.get_dropout_mask(np.asarray(sequences)[:, 0])
            sequences = ops.multiply(sequences, step_mask[:, None, :])
        states = flatten_states(initial_state)
        attributes = dict(
            mask=mask, go_backwards=self.go_backwards, return_sequences=self.return_sequences,
            zero_output_for_mask=self.zero_output_for_mask, activation=names[0],
            recurrent_activation=names[-1], **self._primitive_attributes(),
        )
        cell = self.cell
        packed = self.sequence_primitive.apply(
            sequences, cell.kernel, cell.recurrent_kernel, cell.bias, *states, **attributes
        )
        rows = np.shape(sequences)[1] if self.return_sequences else 1
        outputs = take_rows(packed, 0, rows) if self.return_sequences else None
        last_output = take_rows(packed, rows - 1)
        final_states = [take_rows(packed, rows + k) for k in range(len(states))]
        return last_output, outputs, final_states
