"""`Activation`: an activation function as a layer."""

from kerasish import activations
from kerasish.layers.layer import Layer


class Activation(Layer):
    """Applies an activation function, given by name or as a callable.

    Useful to apply an activation after a layer that has none, for example
    after BatchNormalization. The output has the input's shape.

    Args:
        activation: an activation name such as `"relu"` or `"softmax"`, or a
            callable such as `keras.activations.relu`.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        Any shape.

    Output shape:
        The input's shape.

    Examples:
        >>> layer = keras.layers.Activation("relu")
        >>> np.asarray(layer(np.array([[-1.0, 2.0]])))
        array([[0., 2.]], dtype=float32)
        >>> keras.Sequential([keras.Input(shape=(2,)), layer]).output_shape
        (None, 2)
    """

    built_at_init = True  # as in Keras: no build_config

    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True  # the mask passes through, as in Keras
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
