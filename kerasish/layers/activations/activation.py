from kerasish import activations
from kerasish.layers.layer import Layer


class Activation(Layer):
    """Applies an activation function, given by name or as a callable."""

    built_at_init = True  # as in Keras: no build_config

    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.activation = activations.get(activation)
        # No weights, nothing depends on the input shape: built at creation,
        # as in Keras (so it has no build config either).
        self.built = True

    def call(self, inputs):
        return self.activation(inputs)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        config = super().get_config()
        config["activation"] = activations.serialize(self.activation)
        return config
