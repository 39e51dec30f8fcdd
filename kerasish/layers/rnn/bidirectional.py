"""`Bidirectional`: runs a recurrent layer forwards and backwards and merges the two."""

import copy

from kerasish import ops
from kerasish.layers.layer import Layer
from kerasish.layers.rnn.rnn import flatten_states
from kerasish.layers.rnn.rnn_primitives import ReverseTime

MERGE_MODES = ("sum", "mul", "ave", "concat", None)


def _renamed_copy(layer, prefix, **overrides):
    """A new layer from `layer`'s config, named `<prefix>_<name>` as Keras names them."""
    from kerasish.saving.serialization_lib import deserialize_keras_object, serialize_keras_object

    config = serialize_keras_object(layer)
    name = layer.name
    if name.startswith(prefix + "_"):
        name = name[len(prefix) + 1:]
    config["config"]["name"] = f"{prefix}_{name}"
    config["config"].update(overrides)
    return deserialize_keras_object(config)


def _merge(mode, forward, backward):
    if mode == "concat":
        return ops.concatenate([forward, backward], axis=-1)
    if mode == "sum":
        return ops.add(forward, backward)
    if mode == "ave":
        return ops.divide(ops.add(forward, backward), 2)
    if mode == "mul":
        return ops.multiply(forward, backward)
    return [forward, backward]


class Bidirectional(Layer):
    """Wraps a recurrent layer to read the sequence in both directions.

    The wrapper holds two copies of the layer: `forward_layer` (named
    `forward_<name>`) and `backward_layer` (`backward_<name>`, with
    `go_backwards=True`, or the `backward_layer` you give). Their outputs
    are merged by `merge_mode`; with `return_sequences` the backward
    outputs are first reversed so that both line up with the input's
    timesteps. As in Keras, each direction outputs zeros at masked steps
    when it returns sequences.

    Args:
        layer: a recurrent layer instance (`LSTM`, `GRU`, `SimpleRNN`,
            `RNN`), used as the forward direction (by its config: the
            instance itself is not reused).
        merge_mode: `"concat"` (default), `"sum"`, `"mul"`, `"ave"`, or
            None to return the two outputs as a list.
        weights: initial weights (forward's then backward's), or None.
        backward_layer: an optional recurrent layer for the backward
            direction; it must have `go_backwards=True` and the same
            `return_sequences`, `return_state` and `stateful` as `layer`.
        **kwargs: Base layer keyword arguments such as `name`.

    Input shape:
        What the wrapped recurrent layer accepts, usually
        `(batch_size, timesteps, features)`.

    Output shape:
        With `merge_mode="concat"` (the default), the wrapped layer's output with
        its last axis doubled (`(batch_size, 2 * units)`, or
        `(batch_size, timesteps, 2 * units)` with `return_sequences=True`); with
        `"sum"`, `"mul"` or `"ave"`, the wrapped layer's output shape; with None, a
        list of the forward and backward outputs. With `return_state=True`, the
        forward then the backward final states follow the output(s).

    Raises:
        ValueError: if `layer` or `backward_layer` is not a layer, if
            `merge_mode` is invalid, or if the two directions disagree.

    Examples:
        >>> layer = keras.layers.Bidirectional(keras.layers.LSTM(3, return_sequences=True))
        >>> layer(np.ones((2, 5, 4), dtype="float32")).shape
        (2, 5, 6)
        >>> layer.forward_layer.name, layer.backward_layer.go_backwards
        ('forward_lstm', True)
    """

    def __init__(self, layer, merge_mode="concat", weights=None, backward_layer=None, **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError(
                "Please initialize `Bidirectional` layer with a `keras.layers.Layer` instance. "
                f"Received: {layer}"
            )
        if backward_layer is not None and not isinstance(backward_layer, Layer):
            raise ValueError(
                "`backward_layer` need to be a `keras.layers.Layer` instance. "
                f"Received: {backward_layer}"
            )
        if merge_mode not in MERGE_MODES:
            raise ValueError(
                f"Invalid merge mode. Received: {merge_mode}. Merge mode should be one of "
                '{"sum", "mul", "ave", "concat", None}'
            )
        super().__init__(**kwargs)
        self.forward_layer = _renamed_copy(layer, "forward")
        if backward_layer is None:
            backward_layer = _renamed_copy(layer, "backward", go_backwards=True)
        self.backward_layer = backward_layer
        self._verify_directions()
        for direction in (self.forward_layer, self.backward_layer):
            if getattr(direction, "zero_output_for_mask", None) is not None:
                direction.zero_output_for_mask = direction.return_sequences
        self.merge_mode = merge_mode
        self._initial_weights = list(weights) if weights else None
        self.stateful = layer.stateful
        self.return_sequences = layer.return_sequences
        self.return_state = layer.return_state
        self.supports_masking = True

    def _verify_directions(self):
        forward, backward = self.forward_layer, self.backward_layer
        if forward.go_backwards == backward.go_backwards:
            raise ValueError(
                "Forward layer and backward layer should have different `go_backwards` value. "
                f"Received: forward_layer.go_backwards {forward.go_backwards}, "
                f"backward_layer.go_backwards={backward.go_backwards}"
            )
        for name in ("stateful", "return_sequences", "return_state"):
            forward_value, backward_value = getattr(forward, name), getattr(backward, name)
            if forward_value != backward_value:
                raise ValueError(
                    "Forward layer and backward layer are expected to have the same value for "
                    f'attribute "{name}", got "{forward_value}" for forward layer and '
                    f'"{backward_value}" for backward layer'
                )

    def build(self, sequences_shape, initial_state_shape=None):
        if isinstance(sequences_shape, list) and sequences_shape and isinstance(
                sequences_shape[0], (list, tuple)):
            sequences_shape = sequences_shape[0]
        for direction in (self.forward_layer, self.backward_layer):
            if not direction.built:
                direction._build_input_shape = tuple(sequences_shape)
                direction.build(tuple(sequences_shape))
                direction.built = True
                for variable in direction.weights:  # "bidirectional/forward_lstm/lstm_cell/kernel"
                    variable.path = f"{self.name}/{variable.path}"
        if self._initial_weights:
            self.set_weights(self._initial_weights)
            self._initial_weights = None
        self.built = True

    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        output_shape = self.forward_layer.compute_output_shape(sequences_shape)
        state_shapes = []
        if self.return_state:
            output_shape, state_shapes = output_shape[0], list(output_shape[1:])
        if self.merge_mode == "concat":
            output_shape = tuple(output_shape[:-1]) + (output_shape[-1] * 2,)
        outputs = [output_shape, output_shape] if self.merge_mode is None else [output_shape]
        if self.return_state:
            return outputs + state_shapes + state_shapes
        return outputs if self.merge_mode is None else tuple(output_shape)

    def call(self, sequences, initial_state=None, mask=None, training=None):
        kwargs = {"training": training}
        if mask is not None:
            kwargs["mask"] = mask
        forward_state = backward_state = None
        if initial_state is not None:
            states = flatten_states(initial_state)
            half = len(states) // 2
            forward_state, backward_state = states[:half], states[half:]
        forward = self.forward_layer(sequences, initial_state=forward_state, **kwargs)
        backward = self.backward_layer(sequences, initial_state=backward_state, **kwargs)
        states = []
        if self.return_state:
            states = list(forward[1:]) + list(backward[1:])
            forward, backward = forward[0], backward[0]
        if self.return_sequences:
            backward = _reversed_in_time(backward)
        output = _merge(self.merge_mode, forward, backward)
        if self.return_state:
            return (output if self.merge_mode is None else [output]) + states
        return output

    def compute_mask(self, inputs, mask):
        """The output mask: the input mask when returning sequences.

        Args:
            inputs: the layer's input.
            mask: the input mask, or None.

        Returns:
            The mask of each output (a list with `merge_mode=None` or
            `return_state`).
        """
        if isinstance(mask, list):
            mask = mask[0]
        output_mask = mask if self.return_sequences else None
        masks = [output_mask, output_mask] if self.merge_mode is None else [output_mask]
        if self.return_state:
            state_count = len(self.forward_layer.state_size)
            return masks + [None] * (2 * state_count)
        return masks if self.merge_mode is None else output_mask

    @property
    def states(self):
        """Both directions' carried states (stateful layers), or None.

        Returns:
            A list of Variables, or None.
        """
        if self.forward_layer.states and self.backward_layer.states:
            return list(self.forward_layer.states) + list(self.backward_layer.states)
        return None

    def reset_state(self):
        """Zeroes both directions' carried states.

        Raises:
            AttributeError: if the layer is not stateful.
        """
        if not self.stateful:
            raise AttributeError("Layer must be stateful.")
        self.forward_layer.reset_state()
        self.backward_layer.reset_state()

    def reset_states(self):
        """Zeroes both directions' carried states (as `reset_state`).

        Raises:
            AttributeError: if the layer is not stateful.
        """
        self.reset_state()

    def get_config(self):
        from kerasish.saving.serialization_lib import serialize_keras_object

        return {
            **super().get_config(),
            "merge_mode": self.merge_mode,
            "layer": serialize_keras_object(self.forward_layer),
            "backward_layer": serialize_keras_object(self.backward_layer),
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from kerasish.saving.serialization_lib import deserialize_keras_object

        config = copy.deepcopy(config)
        config["layer"] = deserialize_keras_object(config["layer"], custom_objects=custom_objects)
        backward = config.pop("backward_layer", None)
        if backward is not None:
            config["backward_layer"] = deserialize_keras_object(
                backward, custom_objects=custom_objects)
        return cls(**config)


def _reversed_in_time(x):
    return ReverseTime.apply(x)
