"""`Pipeline`: a plain layer that applies a list of layers in turn."""

from kerasish.backend.masking import get_keras_mask
from kerasish.layers.layer import Layer


class Pipeline(Layer):
    """Calls its layers one after the other, each on the previous one's
    output, typically to chain preprocessing and augmentation layers.

    Unlike a `Sequential` model it is a plain layer: it has no `fit` or
    `summary`, and it forwards `training` (True when called directly, as
    Keras does) and the mask to the layers whose `call` takes them.

    Input shape:
        Whatever the first layer accepts.

    Output shape:
        What the last layer produces.

    Args:
        layers: a list of layers.
        name: the layer's name, or None for an automatic one.

    Returns:
        A layer whose output is the last layer's output.

    Raises:
        ValueError: from `from_config`, if the config has no list of layers.

    Examples:
        >>> pipeline = keras.layers.Pipeline([
        ...     keras.layers.Solarization(value_range=(0, 1)),
        ...     keras.layers.Rescaling(2.0),
        ... ])
        >>> np.asarray(pipeline(np.array([[[0.25]]], dtype="float32")))
        array([[[1.5]]], dtype=float32)
    """

    def __init__(self, layers, name=None):
        super().__init__(name=name)
        self._pipeline_layers = layers

    @property
    def layers(self):
        """The layers, in the order they are applied.

        Returns:
            A list of layers.
        """
        return self._pipeline_layers

    def build(self, input_shape):
        # Each layer is built on what the one before it gives, so that a
        # symbolic model records them built (with build configs) as Keras does.
        for layer in self._pipeline_layers:
            if not layer.built:
                layer._maybe_build_from_shape(input_shape)
            input_shape = layer.compute_output_shape(input_shape)
        self.built = True

    def call(self, inputs, training=True, mask=None):
        for layer in self._pipeline_layers:
            kwargs = {}
            if layer._call_info.has_mask:
                kwargs["mask"] = mask
            if layer._call_has_training_arg and training is not None:
                kwargs["training"] = training
            inputs = layer(inputs, **kwargs)
            mask = get_keras_mask(inputs)
        return inputs

    def compute_output_shape(self, input_shape):
        for layer in self._pipeline_layers:
            input_shape = layer.compute_output_shape(input_shape)
        return input_shape

    def get_config(self):
        from kerasish.saving.serialization_lib import serialize_keras_object

        return {"layers": [serialize_keras_object(layer) for layer in self._pipeline_layers],
                "name": self.name}

    @classmethod
    def from_config(cls, config):
        """Creates a Pipeline from its config, deserializing its layers.

        Args:
            config: a dict with `layers` (serialized layers) and `name`.

        Returns:
            A new Pipeline.

        Raises:
            ValueError: if `config["layers"]` is not a list.

        Examples:
            >>> config = keras.layers.Pipeline([keras.layers.AutoContrast()]).get_config()
            >>> [type(layer).__name__ for layer in keras.layers.Pipeline.from_config(config).layers]
            ['AutoContrast']
        """
        from kerasish.saving.serialization_lib import deserialize_keras_object

        layers = config.get("layers")
        if not isinstance(layers, (list, tuple)):
            raise ValueError("`Pipeline` config must contain a `layers` key mapping to a list of "
                             f"serialized layers. Received config with layers={layers}.")
        config = {**config, "layers": [deserialize_keras_object(x) for x in layers]}
        return cls(**config)
