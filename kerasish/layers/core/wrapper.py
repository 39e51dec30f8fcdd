"""`Wrapper`: the base class of layers that wrap another layer."""

from kerasish.layers.layer import Layer
from kerasish.saving import serialization_lib


class Wrapper(Layer):
    """A layer that holds another layer and adds behaviour around it
    (`SpectralNormalization`, `TimeDistributed`, ...); the wrapped layer's
    weights are the wrapper's weights.

    Args:
        layer: the wrapped layer.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Raises:
        ValueError: if `layer` is not a layer.

    Examples:
        >>> class Doubled(keras.layers.Wrapper):
        ...     def call(self, inputs):
        ...         return self.layer(inputs) * 2
        >>> layer = Doubled(keras.layers.Dense(2, kernel_initializer="ones"))
        >>> np.asarray(layer(np.ones((1, 3))))
        array([[6., 6.]], dtype=float32)
    """

    def __init__(self, layer, **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError(
                f"Layer {layer} supplied to Wrapper isn't a supported layer type. Please "
                "ensure wrapped layer is a valid Keras layer."
            )
        super().__init__(**kwargs)
        self.layer = layer

    def build(self, input_shape=None):
        if not self.layer.built:
            self.layer.build(input_shape)
            self.layer.built = True
            self.layer._build_input_shape = input_shape
        self.built = True

    def get_config(self):
        config = super().get_config()
        config["layer"] = serialization_lib.serialize_keras_object(self.layer)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """Creates the wrapper and its wrapped layer from a config.

        Args:
            config: the dict `get_config()` returned.
            custom_objects: an optional dict of custom classes, by name.

        Returns:
            A new wrapper.
        """
        config = dict(config)
        layer = serialization_lib.deserialize_keras_object(config.pop("layer"),
                                                           custom_objects=custom_objects)
        return cls(layer, **config)
