"""`Sequential`: a plain stack of layers, each feeding the next."""

from kerasish import ops
from kerasish.backend.keras_tensor import KerasTensor
from kerasish.layers.core.input_layer import InputLayer
from kerasish.layers.layer import Layer
from kerasish.models.model import Model


class Sequential(Model):
    def __init__(self, layers=None, trainable=True, name=None):
        super().__init__(trainable=trainable, name=name)
        self._input_layer = None
        for layer in layers or []:
            self.add(layer, rebuild=False)
        self._maybe_build_from_known_shape()

    def add(self, layer, rebuild=True):
        if isinstance(layer, KerasTensor) and isinstance(layer.producer, InputLayer):
            layer = layer.producer
        if not isinstance(layer, Layer):
            raise ValueError(
                "Only instances of `kerasish.Layer` can be added to a Sequential model. "
                f"Received: {layer} (of type {type(layer)})"
            )
        if isinstance(layer, InputLayer):
            if self._layers or self._input_layer is not None:
                raise ValueError(
                    "Sequential model '{}' has already been configured to use input shape "
                    "{}. You cannot add a different Input layer to it.".format(
                        self.name, self._input_shape()
                    )
                )
            # Set around Layer.__setattr__: the input layer is not a sub-layer
            # (Keras leaves it out of `layers`, the summary and the config list).
            object.__setattr__(self, "_input_layer", layer)
        else:
            if any(existing.name == layer.name for existing in self._layers):
                raise ValueError(
                    "All layers added to a Sequential model should have unique names. "
                    f"Name '{layer.name}' is already the name of a layer in this model. "
                    "Update the `name` argument to pass a unique name."
                )
            self._layers.append(layer)
        self.built = False
        if rebuild:
            self._maybe_build_from_known_shape()

    def pop(self, rebuild=True):
        if not self._layers:
            raise IndexError("There are no layers in the model: nothing to pop.")
        layer = self._layers.pop()
        self.built = False
        if rebuild:
            self._maybe_build_from_known_shape()
        return layer

    def _input_shape(self):
        if self._input_layer is not None:
            return self._input_layer.batch_shape
        if self._layers and hasattr(self._layers[0], "_input_shape_arg"):
            return (None,) + tuple(self._layers[0]._input_shape_arg)
        return None

    def _maybe_build_from_known_shape(self):
        shape = self._input_shape()
        if shape is not None and self._layers:
            self.build(shape)

    def build(self, input_shape=None):
        input_shape = tuple(input_shape) if input_shape is not None else self._input_shape()
        if input_shape is None:
            raise ValueError("You must provide an `input_shape` argument.")
        if not self._layers:
            raise ValueError(
                f"Sequential model {self.name} cannot be built because it has no layers. "
                "Call `model.add(layer)`."
            )
        shape = input_shape
        for layer in self._layers:
            newly_built = not layer.built
            shape = _build_layer(layer, shape)
            if newly_built:
                _scope_weight_paths(layer, self.name)
        self._build_input_shape = input_shape
        self.built = True

    def call(self, inputs, training=None):
        x = inputs
        for layer in self._layers:
            if layer._call_has_training_arg:
                x = layer(x, training=training)
            else:
                x = layer(x)
        return x

    def _convert_inputs(self, inputs):
        return self._adjust_input_rank(super()._convert_inputs(self._single_input(inputs)))

    def _single_input(self, inputs):
        """A Sequential model has one input: `[x]` and `(x,)` mean `x`, as in
        Keras; several arrays or a dict are refused instead of reaching a layer."""
        if isinstance(inputs, (list, tuple)) and len(inputs) == 1 and hasattr(inputs[0], "shape"):
            return inputs[0]
        if isinstance(inputs, dict) or (
            isinstance(inputs, (list, tuple)) and inputs and all(hasattr(x, "shape") for x in inputs)
        ):
            count = len(inputs)
            raise ValueError(
                f'Layer "{self.name}" expects 1 input(s), but it received {count} input '
                f"tensors. A Sequential model takes one array. Received: inputs of type "
                f"{type(inputs).__name__} with {count} item(s)"
            )
        return inputs

    def _adjust_input_rank(self, inputs):
        """Adds or drops a trailing axis of size 1 where only that differs
        from the built input shape, as Keras does: (batch,) data then feeds a
        model built for (batch, 1)."""
        expected = self._build_input_shape if self.built else self._input_shape()
        shape = getattr(inputs, "shape", None)
        if expected is None or shape is None or isinstance(expected, list):
            return inputs
        if len(shape) == len(expected) - 1 and expected[-1] == 1:
            return ops.expand_dims(inputs, -1)
        if len(shape) == len(expected) + 1 and shape[-1] == 1:
            return ops.squeeze(inputs, axis=-1)
        return inputs

    def _maybe_build(self, inputs):
        if not self.built:
            expected = self._input_shape()
            shape = tuple(inputs.shape)
            self.build(expected if expected is not None else (None,) + shape[1:])
        self._check_input_shape(inputs)

    def _check_input_shape(self, inputs):
        expected = self._build_input_shape
        shape = tuple(getattr(inputs, "shape", ()))
        if expected is None or not shape:
            return
        compatible = len(shape) == len(expected) and all(
            e is None or e == s for e, s in zip(expected[1:], shape[1:])
        )
        if not compatible:
            raise ValueError(
                f'Input 0 of layer "{self._layers[0].name}" is incompatible with the layer: '
                f"expected shape={expected}, found shape={shape}"
            )

    def compute_output_shape(self, input_shape):
        shape = tuple(input_shape)
        for layer in self._layers:
            shape = layer.compute_output_shape(shape)
        return shape

    @property
    def input_shape(self):
        return self._build_input_shape

    @property
    def output_shape(self):
        if not self.built:
            raise AttributeError(f"Sequential model '{self.name}' has no defined outputs yet.")
        return self._layers[-1]._output_shape

    def get_config(self):
        from kerasish.saving.serialization_lib import serialize_keras_object

        config = Layer.get_config(self)
        layers = []
        if self._input_layer is not None:
            layers.append(serialize_keras_object(self._input_layer))
        elif self._build_input_shape is not None:
            layers.append(_input_layer_config(self._build_input_shape, self._layers[0].dtype))
        for layer in self._layers:
            entry = serialize_keras_object(layer)
            build_config = layer.get_build_config()
            if build_config is not None:
                entry["build_config"] = build_config
            layers.append(entry)
        config["layers"] = layers
        config["build_input_shape"] = self._build_input_shape
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from kerasish import layers as layers_module

        layer_configs = config.get("layers")
        if not isinstance(layer_configs, list):
            raise ValueError(
                "A Sequential config needs a `layers` list of layer configs. "
                f"Received: layers={layer_configs!r}"
            )
        model = cls(name=config.get("name"), trainable=config.get("trainable", True))
        for layer_config in layer_configs:
            layer = layers_module.deserialize(layer_config, custom_objects=custom_objects)
            model.add(layer, rebuild=False)
        shape = config.get("build_input_shape")
        if shape is not None or model._input_shape() is not None:
            model.build(tuple(shape) if shape is not None else None)
        return model


def _input_layer_config(batch_shape, dtype):
    return {
        "module": "keras.layers",
        "class_name": "InputLayer",
        "config": {"batch_shape": tuple(batch_shape), "dtype": dtype, "sparse": False,
                   "ragged": False, "name": "input_layer", "optional": False},
        "registered_name": None,
    }


def _build_layer(layer, input_shape):
    """Builds `layer` for `input_shape` and returns its output shape."""
    if not layer.built:
        layer._build_input_shape = input_shape
        layer.build(input_shape)
        layer.built = True
    output_shape = layer.compute_output_shape(input_shape)
    layer._output_shape = output_shape
    return output_shape


def _scope_weight_paths(layer, scope):
    """Weights a model creates while building its layers live under the
    model's name, as in Keras: `sequential/dense/kernel`."""
    for variable in layer.weights:
        variable.path = f"{scope}/{variable.path}"

