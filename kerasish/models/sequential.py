"""`Sequential`: a plain stack of layers, each feeding the next."""

from kerasish import layers as layers_module
from kerasish import ops
from kerasish.backend.keras_tensor import KerasTensor
from kerasish.backend.masking import with_keras_mask
from kerasish.layers.core.input_layer import InputLayer
from kerasish.layers.layer import Layer
from kerasish.models.model import Model
from kerasish.saving.serialization_lib import serialize_keras_object


class Sequential(Model):
    """A model made of a plain stack of layers, each feeding the next.

    The model is built as soon as its input shape is known: from a
    `keras.Input(shape)` (or `InputLayer`) given as the first entry, from
    `build(input_shape)`, or from the first data it is called on, fitted or
    predicted with. Until then its layers have no weights. It takes exactly
    one input array; data lacking a trailing axis of size 1 that the model
    expects (or having one it does not) is reshaped, as in Keras.

    Args:
        layers: an optional list of layers to add in order; the first may be
            a `keras.Input(...)` or an `InputLayer`.
        trainable: whether the model's weights are trained.
        name: the model's name; `"sequential"`, `"sequential_1"`, ... by
            default.

    Examples:
        >>> model = keras.Sequential([
        ...     keras.Input(shape=(4,)),
        ...     keras.layers.Dense(8, activation="relu"),
        ...     keras.layers.Dense(2, activation="softmax"),
        ... ])
        >>> model.output_shape
        (None, 2)
        >>> model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy",
        ...               metrics=["accuracy"])
        >>> history = model.fit(np.ones((4, 4)), np.array([0, 1, 0, 1]), epochs=1, verbose=0)
        >>> sorted(history.history)
        ['accuracy', 'loss']
        >>> model.predict(np.ones((3, 4)), verbose=0).shape
        (3, 2)
    """

    def __init__(self, layers=None, trainable=True, name=None):
        super().__init__(trainable=trainable, name=name)
        self._input_layer = None
        for layer in layers or []:
            self.add(layer, rebuild=False)
        self._maybe_build_from_known_shape()

    def add(self, layer, rebuild=True):
        """Appends a layer on top of the stack.

        Args:
            layer: a layer instance, or a `keras.Input(...)` tensor (or an
                `InputLayer`) as the first entry, to set the input shape.
            rebuild: whether to build the model again right away when its
                input shape is known.

        Raises:
            ValueError: if `layer` is not a layer, if an input is added to a
                model that already has layers or an input, or if a layer of
                the same name is already in the model.
        """
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
        """Removes the last layer of the stack and returns it.

        Args:
            rebuild: whether to build the model again right away when its
                input shape is known.

        Returns:
            The removed layer.

        Raises:
            IndexError: if the model has no layers.
        """
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
        """Builds every layer in turn, each from the previous one's output shape.

        Args:
            input_shape: the input's shape including the batch axis, such as
                `(None, 4)`; None uses the shape of the model's `Input`.

        Raises:
            ValueError: if no input shape is known or the model has no layers.
        """
        input_shape = tuple(input_shape) if input_shape is not None else self._input_shape()
        if input_shape is None:
            raise ValueError("You must provide an `input_shape` argument.")
        if not self._layers:
            raise ValueError(
                f"Sequential model {self.name} cannot be built because it has no layers. "
                "Call `model.add(layer)`."
            )
        # As in Keras, building calls the layers on a symbolic input, so the
        # model has `inputs`/`outputs` and each layer an `input`/`output`.
        graph_input = self._graph_input(input_shape)
        x = graph_input
        for layer in self._layers:
            newly_built = not layer.built
            x = layer(x)
            if isinstance(x, (list, tuple)):
                raise ValueError(
                    "All layers in a Sequential model should have a single output tensor. "
                    f"Layer '{layer.name}' returned {len(x)} outputs."
                )
            layer._output_shape = tuple(x.shape)
            if newly_built:
                _scope_weight_paths(layer, self.name)
        self._graph = (graph_input, x)
        self._build_input_shape = input_shape
        self.built = True

    def _graph_input(self, input_shape):
        """The symbolic input the layers are called on: the model's `Input`,
        or a new one of the build shape (and the first layer's dtype)."""
        if self._input_layer is not None and tuple(self._input_layer.batch_shape) == input_shape:
            return self._input_layer.output
        dtype = self._input_layer._input_dtype if self._input_layer is not None else None
        layer = InputLayer(batch_shape=input_shape, dtype=dtype or self._layers[0].dtype)
        return layer.output

    @property
    def inputs(self):
        """The model's symbolic input, in a list, once the input shape is known.

        `keras.Model(model.inputs, model.layers[i].output)` builds a model
        from part of the stack, as in Keras.

        Returns:
            A list holding one KerasTensor.

        Raises:
            AttributeError: if the model is not built yet.
        """
        return [self._built_graph("inputs")[0]]

    @property
    def outputs(self):
        """The model's symbolic output (the last layer's), in a list, once built.

        Returns:
            A list holding one KerasTensor.

        Raises:
            AttributeError: if the model is not built yet.
        """
        return [self._built_graph("outputs")[1]]

    def _built_graph(self, what):
        graph = self.__dict__.get("_graph")
        if not self.built or graph is None:
            raise AttributeError(f"Sequential model '{self.name}' has no defined {what} yet.")
        return graph

    def call(self, inputs, training=None, mask=None):
        """Runs the layers in order on `inputs`.

        Args:
            inputs: the input Tensor or array.
            training: passed on to the layers that take it (Dropout,
                BatchNormalization, ...); True in `fit`, False in `predict`.
            mask: an optional mask of the input (for example one boolean
                per timestep), passed on along the layers as in Keras.

        Returns:
            The last layer's output (carrying the mask the layers pass on).
        """
        if mask is not None:
            inputs = with_keras_mask(inputs, mask)
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
        if expected is None or not shape or (expected, shape) == self.__dict__.get("_accepted"):
            return
        compatible = len(shape) == len(expected) and all(
            e is None or e == s for e, s in zip(expected[1:], shape[1:])
        )
        if not compatible:
            raise ValueError(
                f'Input 0 of layer "{self._layers[0].name}" is incompatible with the layer: '
                f"expected shape={expected}, found shape={shape}"
            )
        # Batches of one shape follow each other: check each shape once.
        # (Set through __dict__: the layer-tracking __setattr__ is not needed.)
        self.__dict__["_accepted"] = (expected, shape)

    def compute_output_shape(self, input_shape):
        """Returns the output shape for an input shape, following it through every layer.

        Args:
            input_shape: a tuple including the batch axis.

        Returns:
            The last layer's output shape, a tuple.
        """
        shape = tuple(input_shape)
        for layer in self._layers:
            shape = layer.compute_output_shape(shape)
        return shape

    @property
    def input_shape(self):
        """The shape the model was built for, batch axis included.

        Returns:
            A tuple such as `(None, 4)`, or None before the model is built.
        """
        return self._build_input_shape

    @property
    def output_shape(self):
        """The last layer's output shape, batch axis included.

        Returns:
            A tuple such as `(None, 2)`.

        Raises:
            AttributeError: if the model is not built yet.
        """
        if not self.built:
            raise AttributeError(f"Sequential model '{self.name}' has no defined outputs yet.")
        return self._layers[-1]._output_shape

    def get_config(self):
        """Returns the model's config: its name and its layers' serialized configs.

        As in Keras, the first entry of `layers` is the InputLayer when the
        input shape is known, and each built layer carries a `build_config`.

        Returns:
            A JSON-serializable dict with `name`, `trainable`, `dtype`,
            `layers` and `build_input_shape`.
        """
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
        """Creates a Sequential model from `get_config()`'s dict (kerasish's or Keras's).

        Args:
            config: a dict with a `layers` list of serialized layers.
            custom_objects: an optional dict mapping names to custom layer
                classes.

        Returns:
            A new model, built when the config gives its input shape.

        Raises:
            ValueError: if `config` has no `layers` list.
        """
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


def _scope_weight_paths(layer, scope):
    """Weights a model creates while building its layers live under the
    model's name, as in Keras: `sequential/dense/kernel`."""
    for variable in layer.weights:
        variable.path = f"{scope}/{variable.path}"

