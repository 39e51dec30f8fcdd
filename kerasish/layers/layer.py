"""The `Layer` base class: weights, building on first call, configs."""

import inspect
import warnings

import numpy as np

from kerasish import initializers
from kerasish.backend import config as backend_config
from kerasish.backend.keras_tensor import KerasTensor
from kerasish.backend.tensor import Tensor, Variable, no_grad
from kerasish.utils import naming


class Layer:
    """Base class of all layers.

    Subclasses create their weights in `build(input_shape)` with `add_weight`
    and compute in `call(inputs)` with ops; gradients come for free.
    """

    def __init__(
        self,
        *,
        activity_regularizer=None,
        trainable=True,
        dtype=None,
        autocast=True,
        name=None,
        **kwargs,
    ):
        input_dim = kwargs.pop("input_dim", None)
        input_shape = (input_dim,) if input_dim is not None else kwargs.pop("input_shape", None)
        if input_shape is not None:
            warnings.warn(
                "Do not pass an `input_shape`/`input_dim` argument to a layer. When using "
                "Sequential models, prefer using an `Input(shape)` object as the first layer "
                "in the model instead.",
                stacklevel=3,
            )
            self._input_shape_arg = tuple(input_shape)
        if kwargs:
            raise ValueError(
                f"Unrecognized keyword arguments passed to {self.__class__.__name__}: {kwargs}"
            )
        if name is not None and not isinstance(name, str):
            raise ValueError(f"Argument `name` must be a string. Received: name={name}")
        self.name = name or naming.auto_name(self.__class__.__name__)
        self._dtype = _standardize_dtype_arg(dtype)
        self.autocast = autocast
        self.built = False
        self._trainable = trainable
        self._own_variables = []
        self._layers = []
        self._losses = []
        self._build_input_shape = None
        from kerasish import regularizers

        self.activity_regularizer = regularizers.get(activity_regularizer)
        self._call_has_training_arg = "training" in inspect.signature(self.call).parameters

    # ---------------------------------------------------------------- tracking
    def __setattr__(self, name, value):
        if name != "_parent" and "_layers" in self.__dict__:
            # Public lists/dicts of layers (`self.blocks = [Dense(8), ...]`)
            # are tracked too, as Keras does; private ones are bookkeeping.
            found = [value] if isinstance(value, Layer) else []
            if not name.startswith("_"):
                found = _layers_in(value)
            for layer in found:
                if not any(layer is known for known in self._layers):
                    self._layers.append(layer)
        super().__setattr__(name, value)

    @property
    def dtype(self):
        return self._dtype

    @property
    def compute_dtype(self):
        return self._dtype

    @property
    def variable_dtype(self):
        return self._dtype

    @property
    def dtype_policy(self):
        return self._dtype

    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        self._trainable = bool(value)
        for layer in self._layers:
            layer.trainable = value

    @property
    def path(self):
        return self.name

    def add_weight(
        self,
        shape=None,
        initializer=None,
        dtype=None,
        trainable=True,
        autocast=True,
        regularizer=None,
        constraint=None,
        aggregation="none",
        overwrite_with_gradient=False,
        name=None,
    ):
        """Creates a weight variable of this layer and tracks it."""
        shape = () if shape is None else tuple(shape)
        dtype = np.dtype(dtype or self._dtype)
        if initializer is None:
            initializer = "glorot_uniform" if dtype.kind == "f" else "zeros"
        initializer = initializers.get(initializer)
        variable = Variable(initializer, shape=shape, dtype=dtype, trainable=trainable, name=name)
        variable.path = f"{self.name}/{variable.name}"
        from kerasish import constraints, regularizers

        variable.regularizer = regularizers.get(regularizer)
        variable.constraint = constraints.get(constraint)
        self._own_variables.append(variable)
        return variable

    def _all_variables(self):
        seen, result = set(), []
        for variable in self._own_variables + [v for layer in self._layers for v in layer.weights]:
            if id(variable) not in seen:
                seen.add(id(variable))
                result.append(variable)
        return result

    @property
    def weights(self):
        return self._all_variables()

    @property
    def variables(self):
        return self._all_variables()

    @property
    def trainable_weights(self):
        if not self.trainable:
            return []
        own = [v for v in self._own_variables if v.trainable]
        return own + [v for layer in self._layers for v in layer.trainable_weights]

    trainable_variables = trainable_weights

    @property
    def non_trainable_weights(self):
        if not self.trainable:
            return self.weights
        own = [v for v in self._own_variables if not v.trainable]
        return own + [v for layer in self._layers for v in layer.non_trainable_weights]

    non_trainable_variables = non_trainable_weights

    @property
    def losses(self):
        """Regularization losses of this layer's weights and activity losses of
        the last call, summed into the training loss by the trainer."""
        losses = list(self._losses)
        for variable in self._own_variables:
            # Like Keras, only weights that train are regularized.
            trains = self.trainable and variable.trainable
            if trains and getattr(variable, "regularizer", None) is not None:
                losses.append(variable.regularizer(variable))
        for layer in self._layers:
            losses.extend(layer.losses)
        return losses

    def add_loss(self, loss):
        self._losses.append(loss)

    def get_weights(self):
        return [np.array(v.value, copy=True) for v in self.weights]

    def set_weights(self, weights):
        layer_weights = self.weights
        if len(layer_weights) != len(weights):
            raise ValueError(
                f"You called `set_weights(weights)` on layer '{self.name}' with a weight list "
                f"of length {len(weights)}, but the layer was expecting "
                f"{len(layer_weights)} weights."
            )
        for variable, value in zip(layer_weights, weights):
            value = np.asarray(value)
            if variable.shape != value.shape:
                raise ValueError(
                    f"Layer {self.name} weight shape {variable.shape} is not compatible "
                    f"with provided weight shape {value.shape}."
                )
        for variable, value in zip(layer_weights, weights):
            variable.assign(value)

    def count_params(self):
        if not self.built:
            raise ValueError(
                "You tried to call `count_params` on layer '{}', but the layer isn't built. "
                "You can build it manually via: `layer.build(input_shape)`.".format(self.name)
            )
        return int(sum(np.prod(v.shape) for v in self.weights))

    # ------------------------------------------------------------------ calling
    def build(self, input_shape):
        self.built = True

    def call(self, inputs):
        return inputs

    def __call__(self, inputs, *args, **kwargs):
        if _is_symbolic(inputs):
            return self._symbolic_call(inputs, *args, **kwargs)
        inputs = self._convert_inputs(inputs)
        self._maybe_build(inputs)
        if not self._call_has_training_arg:
            kwargs.pop("training", None)
        self._losses = []
        outputs = self.call(inputs, *args, **kwargs)
        if self.activity_regularizer is not None:
            from kerasish import ops

            self._losses.append(
                ops.divide(self.activity_regularizer(outputs), np.shape(outputs)[0])
            )
        return outputs

    def _convert_inputs(self, inputs):
        if isinstance(inputs, (list, tuple)):
            return type(inputs)(self._convert_inputs(x) for x in inputs)
        if isinstance(inputs, dict):
            return {k: self._convert_inputs(v) for k, v in inputs.items()}
        if isinstance(inputs, Tensor):
            value = inputs.value
            if self.autocast and value.dtype.kind == "f" and value.dtype != self._dtype:
                from kerasish import ops

                return ops.cast(inputs, self._dtype)
            return inputs
        if inputs is None:
            return None
        array = np.asarray(inputs)
        if array.dtype.kind == "f" and self.autocast and array.dtype != self._dtype:
            array = array.astype(self._dtype)
        return array

    def _maybe_build(self, inputs):
        if self.built:
            return
        shape = _shape_of(inputs)
        self._build_input_shape = shape
        self.build(shape)
        self.built = True

    def compute_output_shape(self, input_shape):
        """Output shape for an input shape (None = unknown batch). The default
        runs the layer once on zeros with batch size 1."""
        if not self.built:
            self.build(input_shape)
            self.built = True
            self._build_input_shape = input_shape
        with no_grad():
            out = self.call(_zeros_like_shape(input_shape, self._dtype))
        return _replace_batch(_shape_of(out), input_shape)

    def _symbolic_call(self, inputs, *args, **kwargs):
        shapes = _shape_of(inputs)
        if not self.built:
            self._build_input_shape = shapes
            self.build(shapes)
            self.built = True
        out_shape = self.compute_output_shape(shapes)
        parents = inputs if isinstance(inputs, (list, tuple)) else (inputs,)
        self._call_kwargs = kwargs
        if isinstance(out_shape, list):
            return [KerasTensor(s, self._dtype, producer=self, parents=parents) for s in out_shape]
        return KerasTensor(out_shape, self._dtype, producer=self, parents=parents)

    # ------------------------------------------------------------------ config
    def get_config(self):
        from kerasish.saving.serialization_lib import serialize_keras_object

        config = {
            "name": self.name,
            "trainable": self.trainable,
            "dtype": dtype_policy_config(self._dtype),
        }
        if self.activity_regularizer is not None:
            config["activity_regularizer"] = serialize_keras_object(self.activity_regularizer)
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def get_build_config(self):
        if self._build_input_shape is None:
            return None
        return {"input_shape": self._build_input_shape}

    def build_from_config(self, config):
        if config and "input_shape" in config:
            shape = config["input_shape"]
            self._build_input_shape = _as_shape(shape)
            self.build(self._build_input_shape)
            self.built = True

    def __repr__(self):
        return f"<{self.__class__.__name__} name={self.name}, built={self.built}>"


def _layers_in(value):
    """The layers in `value`: itself, or inside nested lists, tuples and dicts."""
    if isinstance(value, Layer):
        return [value]
    if isinstance(value, (list, tuple)):
        return [layer for item in value for layer in _layers_in(item)]
    if isinstance(value, dict):
        return [layer for item in value.values() for layer in _layers_in(item)]
    return []


def _as_shape(shape):
    if isinstance(shape, (list, tuple)) and shape and isinstance(shape[0], (list, tuple)):
        return [tuple(s) for s in shape]
    return tuple(shape)


def dtype_policy_config(dtype):
    return {
        "module": "keras",
        "class_name": "DTypePolicy",
        "config": {"name": dtype},
        "registered_name": None,
    }


def _standardize_dtype_arg(dtype):
    if dtype is None:
        return backend_config.floatx()
    if isinstance(dtype, dict):  # a serialized DTypePolicy
        dtype = dtype.get("config", {}).get("name", backend_config.floatx())
    name = getattr(dtype, "name", dtype)
    if name in ("mixed_float16", "mixed_bfloat16"):
        raise ValueError(f"Mixed precision is not supported by kerasish. Received: dtype={name}")
    try:
        return np.dtype(name).name
    except TypeError:
        raise ValueError(f"Invalid dtype: {dtype}") from None


def _is_symbolic(inputs):
    if isinstance(inputs, KerasTensor):
        return True
    if isinstance(inputs, (list, tuple)):
        return any(isinstance(x, KerasTensor) for x in inputs)
    return False


def _shape_of(x):
    if isinstance(x, (list, tuple)) and not isinstance(x, KerasTensor):
        return [_shape_of(v) for v in x]
    if isinstance(x, dict):
        return {k: _shape_of(v) for k, v in x.items()}
    return tuple(x.shape)


def _zeros_like_shape(shape, dtype):
    if isinstance(shape, list):
        return [_zeros_like_shape(s, dtype) for s in shape]
    return np.zeros(tuple(1 if d is None else d for d in shape), dtype=dtype)


def _replace_batch(out_shape, in_shape):
    """Puts back the unknown (None) batch size after a dry run with batch 1."""
    if isinstance(out_shape, list):
        return [_replace_batch(s, in_shape) for s in out_shape]
    first_shape = in_shape[0] if isinstance(in_shape, list) else in_shape
    batch = first_shape[0] if first_shape else None
    if batch is None and out_shape:
        return (None,) + tuple(out_shape[1:])
    return tuple(out_shape)
