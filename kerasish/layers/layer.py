"""The `Layer` base class: weights, building on first call, configs."""

import inspect
import warnings

import numpy as np

from kerasish import constraints, regularizers
from kerasish import initializers
from kerasish import ops
from kerasish.backend import config as backend_config
from kerasish.backend.keras_tensor import KerasTensor
from kerasish.backend.masking import get_keras_mask, set_keras_mask
from kerasish.backend.tensor import Tensor, no_grad
from kerasish.backend.variables import Variable
from kerasish.layers import call_spec
from kerasish.layers.node import Node, check_reuse
from kerasish.saving.serialization_lib import serialize_keras_object
from kerasish.layers.input_spec import assert_input_compatibility
from kerasish.utils import naming


class Layer:
    """Base class of all layers: a computation with weights, built on first call.

    Subclasses create their weights in `build(input_shape)` with `add_weight`
    and compute in `call(inputs)` with ops; gradients come for free. Calling
    the layer (`layer(x)`) converts NumPy inputs, builds the layer from the
    first input's shape, runs `call` and records activity-regularization
    losses. Called on a symbolic `keras.Input`, it records a node of a
    functional model instead of computing. Layers assigned as attributes
    (also in public lists and dicts) are tracked: their weights count as
    this layer's weights, as in Keras.

    Args:
        activity_regularizer: a regularizer (name, config or callable)
            applied to the layer's output; its value divided by the batch
            size is added to `losses` on each call. None by default.
        trainable: whether the layer's weights are trained.
        dtype: the dtype of the layer's weights and computations, a name
            like `"float32"`, a NumPy dtype, or a serialized `DTypePolicy`;
            `floatx()` when None. Mixed precision policies are refused.
        autocast: whether float inputs are cast to the layer's dtype.
        name: the layer's name, a string; by default made from the class
            name (`"dense"`, `"dense_1"`, ...).
        **kwargs: `input_shape` or `input_dim` (deprecated in Keras 3; they
            give a Sequential model its input shape, with a warning). Other
            keywords are refused.

    Raises:
        ValueError: on an unknown keyword argument, a `name` that is not a
            string, or a `dtype` that is not a valid (non-mixed) dtype.

    Examples:
        >>> class Scale(keras.Layer):
        ...     def build(self, input_shape):
        ...         self.factor = self.add_weight(
        ...             shape=(input_shape[-1],), initializer="ones", name="factor")
        ...     def call(self, inputs):
        ...         return inputs * self.factor
        >>> layer = Scale()
        >>> layer(np.ones((2, 3))).shape
        (2, 3)
        >>> [weight.path for weight in layer.weights], layer.count_params()
        (['scale/factor'], 3)
    """

    # What the first input must look like (a `keras.layers.InputSpec`, a list
    # of them, or None): checked on every call, before building, as in Keras.
    input_spec = None

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
        self._build_shapes_dict = None  # when build() took one shape per call argument

        self.activity_regularizer = regularizers.get(activity_regularizer)
        self._call_info = call_spec.call_info(self)
        self._call_has_training_arg = self._call_info.has_training
        # Keras's default: a layer supports masking when it defines compute_mask.
        self._computes_mask = type(self).compute_mask is not Layer.compute_mask
        self._supports_masking = self._computes_mask

    # ---------------------------------------------------------------- tracking
    def __setattr__(self, name, value):
        if name != "_parent" and "_layers" in self.__dict__:
            for layer in _sublayers_in(name, value):
                if not any(layer is known for known in self._layers):
                    self._layers.append(layer)
        super().__setattr__(name, value)

    @property
    def dtype(self):
        """The layer's dtype name, such as `"float32"`.

        Returns:
            A string.
        """
        return self._dtype

    @property
    def compute_dtype(self):
        """The dtype computations run in; the same as `dtype` (no mixed precision).

        Returns:
            A string.
        """
        return self._dtype

    @property
    def variable_dtype(self):
        """The dtype of the layer's weights; the same as `dtype`.

        Returns:
            A string.
        """
        return self._dtype

    @property
    def dtype_policy(self):
        """The layer's dtype policy; kerasish has no policy objects, so its dtype name.

        Returns:
            A string (Keras returns a `DTypePolicy` object).
        """
        return self._dtype

    @property
    def trainable(self):
        """Whether the layer's weights are trained; setting it sets all sub-layers too.

        A frozen layer's weights move to `non_trainable_weights`. kerasish
        honours a change at the next training step; Keras only after
        `compile()` is called again, so portable code recompiles.

        Returns:
            A bool.
        """
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        self._trainable = bool(value)
        for layer in self._layers:
            layer.trainable = value

    @property
    def path(self):
        """The layer's path, the prefix of its weights' paths: its name.

        Returns:
            A string.
        """
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
        """Creates a weight variable of this layer and tracks it.

        Call it from `build()`. The variable's path is `"<layer name>/<name>"`.

        Args:
            shape: the weight's shape, a tuple of ints; `()` (a scalar) when None.
            initializer: an initializer name, config or callable; None means
                `"glorot_uniform"` for float weights and `"zeros"` otherwise.
            dtype: the weight's dtype; the layer's dtype when None.
            trainable: whether optimizers train the weight.
            autocast: accepted for compatibility with Keras (no mixed precision).
            regularizer: a regularizer (name, config or callable) whose
                penalty on this weight is added to `losses` while it trains.
            constraint: a constraint (name, config or callable) the optimizer
                applies to the weight after each update.
            aggregation: accepted for compatibility with Keras (no
                distribution strategies).
            overwrite_with_gradient: accepted for compatibility with Keras.
            name: the weight's name; `"variable"` when None.

        Returns:
            The new `Variable`.
        """
        shape = () if shape is None else tuple(shape)
        _check_weight_size(self, name, shape)
        dtype = np.dtype(dtype or self._dtype)
        if initializer is None:
            initializer = "glorot_uniform" if dtype.kind == "f" else "zeros"
        initializer = initializers.get(initializer)
        variable = Variable(initializer, shape=shape, dtype=dtype, trainable=trainable, name=name)
        variable.path = f"{self.name}/{variable.name}"

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
        """All weights of the layer and its sub-layers, trainable ones and others.

        Returns:
            A list of Variables, each once, the layer's own first.
        """
        return self._all_variables()

    @property
    def variables(self):
        """The same list as `weights`.

        Returns:
            A list of Variables.
        """
        return self._all_variables()

    @property
    def trainable_weights(self):
        """The weights an optimizer trains: trainable ones of trainable layers.

        Returns:
            A list of Variables (empty when the layer is frozen).
        """
        if not self.trainable:
            return []
        own = [v for v in self._own_variables if v.trainable]
        return own + [v for layer in self._layers for v in layer.trainable_weights]

    trainable_variables = trainable_weights

    @property
    def non_trainable_weights(self):
        """The weights no optimizer trains, such as BatchNormalization's moving statistics.

        Returns:
            A list of Variables; all weights when the layer is frozen.
        """
        if not self.trainable:
            return self.weights
        own = [v for v in self._own_variables if not v.trainable]
        return own + [v for layer in self._layers for v in layer.non_trainable_weights]

    non_trainable_variables = non_trainable_weights

    def _saved_variables(self):
        """This layer's own variables (not its sublayers'), in the order Keras
        saves them: trainable ones first."""
        own = self._own_variables
        return [v for v in own if v.trainable] + [v for v in own if not v.trainable]

    def save_own_variables(self, store):
        """Saves the state of this layer's own variables (not its sublayers') into `store`.

        Saving calls it on every layer of a model; override it (together with
        `load_own_variables`) to save a layer's state another way, as in
        Keras. By default variable `i`, trainable ones first, is stored
        under the key `str(i)`.

        Args:
            store: a dict-like object to fill, keys are strings, values arrays.

        Examples:
            >>> layer = keras.layers.Dense(2)
            >>> layer.build((None, 3))
            >>> store = {}
            >>> layer.save_own_variables(store)
            >>> sorted(store), store["0"].shape
            (['0', '1'], (3, 2))
        """
        for index, variable in enumerate(self._saved_variables()):
            store[str(index)] = variable.numpy()

    def load_own_variables(self, store):
        """Loads the state `save_own_variables` saved, into this layer's own variables.

        Args:
            store: a dict-like object with the keys `save_own_variables` wrote.

        Raises:
            ValueError: if `store` does not hold one value per variable.

        Examples:
            >>> layer = keras.layers.Dense(2)
            >>> layer.build((None, 3))
            >>> layer.load_own_variables({"0": np.ones((3, 2)), "1": np.zeros(2)})
            >>> float(layer.kernel.numpy().sum())
            6.0
        """
        variables = self._saved_variables()
        if len(store.keys()) != len(variables):
            raise ValueError(
                f"Layer '{self.name}' expected {len(variables)} variables, but received "
                f"{len(store.keys())} variables during loading. "
                f"Expected: {[v.name for v in variables]}"
            )
        for index, variable in enumerate(variables):
            variable.assign(store[str(index)])

    @property
    def losses(self):
        """Regularization losses of this layer's weights and activity losses of
        the last call, summed into the training loss by the trainer.

        Returns:
            A list of scalars: penalties of the regularized trainable weights
            (computed now) and the losses added during the last call, for
            this layer and its sub-layers.
        """
        losses = list(self._losses)
        for variable in self._own_variables:
            # Like Keras, only weights that train are regularized.
            regularizer = getattr(variable, "regularizer", None)
            if regularizer is not None and self.trainable and variable.trainable:
                losses.append(regularizer(variable))
        for layer in self._layers:
            losses.extend(layer.losses)
        return losses

    def add_loss(self, loss):
        """Adds a loss term, usually from `call()`; the trainer adds it to the training loss.

        Losses added during a call are cleared at the start of the next call.

        Args:
            loss: a scalar tensor or number.
        """
        self._losses.append(loss)

    def get_weights(self):
        """Returns copies of the layer's weights, in the order of `weights`.

        Returns:
            A list of NumPy arrays.
        """
        return [np.array(v.value, copy=True) for v in self.weights]

    def set_weights(self, weights):
        """Sets the layer's weights from arrays, in the order `get_weights()` returns.

        Args:
            weights: a list of array-likes, one per weight, with matching shapes.

        Raises:
            ValueError: if `weights` is not a list of arrays, has the wrong
                length, or an array is not numeric or has the wrong shape.
        """
        layer_weights = self.weights
        if isinstance(weights, (str, bytes, dict)) or not hasattr(weights, "__len__"):
            raise ValueError(
                f"You called `set_weights(weights)` on layer '{self.name}' with something "
                "other than a list of arrays. Pass a list like the one `get_weights()` "
                f"returns. Received: weights={weights!r}"
            )
        if len(layer_weights) != len(weights):
            raise ValueError(
                f"You called `set_weights(weights)` on layer '{self.name}' with a weight list "
                f"of length {len(weights)}, but the layer was expecting "
                f"{len(layer_weights)} weights."
            )
        weights = [_weight_array(value, variable) for variable, value in zip(layer_weights, weights)]
        for variable, value in zip(layer_weights, weights):
            if variable.shape != value.shape:
                raise ValueError(
                    f"Layer {self.name} weight shape {variable.shape} is not compatible "
                    f"with provided weight shape {value.shape}."
                )
        for variable, value in zip(layer_weights, weights):
            variable.assign(value)

    def count_params(self):
        """Returns the number of scalars in the layer's weights.

        Returns:
            An int.

        Raises:
            ValueError: if the layer is not built yet.
        """
        if not self.built:
            raise ValueError(
                "You tried to call `count_params` on layer '{}', but the layer isn't built. "
                "You can build it manually via: `layer.build(input_shape)`.".format(self.name)
            )
        return int(sum(np.prod(v.shape) for v in self.weights))

    # ------------------------------------------------------------------ calling
    def build(self, input_shape):
        """Creates the layer's weights for an input shape; runs once, before the first call.

        Override it to create weights with `add_weight`; the base version
        creates none.

        Args:
            input_shape: the shape of the first input, a tuple with None for
                unknown sizes (a list of tuples for several inputs).
        """
        self.built = True

    def call(self, inputs):
        """The layer's computation; override it with ops on `inputs` and the weights.

        Subclasses may add a `training` argument (True in `fit`, False in
        `evaluate` and `predict`) and others; the base version returns its
        input unchanged.

        Args:
            inputs: a Tensor or array (or a list or dict of them).

        Returns:
            The layer's output.
        """
        return inputs

    # ------------------------------------------------------------ graph nodes
    @property
    def input(self):
        """The input of the layer's first call on symbolic tensors (a KerasTensor).

        Returns:
            A KerasTensor, or a list of them for a call on several tensors.

        Raises:
            AttributeError: if the layer was never called on KerasTensors.

        Examples:
            >>> inputs = keras.Input((3,))
            >>> dense = keras.layers.Dense(2)
            >>> outputs = dense(inputs)
            >>> dense.input is inputs, dense.output is outputs
            (True, True)
        """
        return self._first_node_attribute("input_tensors", "input")

    @property
    def output(self):
        """The output of the layer's first call on symbolic tensors (a KerasTensor).

        With `Model(inputs, some_layer.output)` it builds a model ending
        at that layer, for example a feature extractor.

        Returns:
            A KerasTensor, or a list of them for a layer with several outputs.

        Raises:
            AttributeError: if the layer was never called on KerasTensors.
        """
        return self._first_node_attribute("outputs", "output")

    def _first_node_attribute(self, attribute, description):
        nodes = self.__dict__.get("_inbound_nodes")
        if not nodes:
            raise AttributeError(
                f"The layer {self.name} has never been called and thus has no defined "
                f"{description}."
            )
        values = getattr(nodes[0], attribute)
        return values[0] if len(values) == 1 else list(values)

    # ------------------------------------------------------------------ masking
    @property
    def supports_masking(self):
        """Whether the layer passes on (or computes) a mask with `compute_mask`.

        True by default for layers that define `compute_mask`; layers that
        leave the mask of their input unchanged (Dense, Dropout, ...) set it
        in their constructor. A layer that does not support masking drops a
        mask it receives, with a warning, as Keras does.

        Returns:
            A bool.
        """
        return self._supports_masking

    @supports_masking.setter
    def supports_masking(self, value):
        self._supports_masking = bool(value)

    def compute_mask(self, inputs, previous_mask):
        """The mask of the layer's output; the base version passes the input's mask on.

        `__call__` attaches it to the outputs (see
        `kerasish.backend.masking.get_keras_mask`) when `supports_masking`.

        Args:
            inputs: the layer's first input.
            previous_mask: the mask of `inputs` (a list for a list of
                inputs), or None.

        Returns:
            A boolean tensor, a list of them (one per output), or None.

        Examples:
            >>> layer = keras.layers.Embedding(10, 2, mask_zero=True)
            >>> keras.ops.convert_to_numpy(layer.compute_mask(np.array([[3, 0]]), None))
            array([[ True, False]])
            >>> dense = keras.layers.Dense(3)
            >>> dense.supports_masking, dense.compute_mask(None, "the mask")
            (True, 'the mask')
        """
        return previous_mask

    # ------------------------------------------------------------------ calling
    def __call__(self, *args, **kwargs):
        if not args:
            args = self._first_argument_from_kwargs(kwargs)
        inputs = args[0]
        several = len(args) > 1 or (
            kwargs and kwargs.keys() != _TRAINING_ONLY and call_spec.has_tensor_kwargs(kwargs)
        )
        if _is_symbolic(inputs) or (several and call_spec.contains_symbolic(args, kwargs)):
            return self._symbolic_call(*args, **kwargs)
        info = self._call_info
        if isinstance(inputs, Tensor):  # the common cases first, kept cheap
            previous_mask = inputs._keras_mask
        elif isinstance(inputs, (list, tuple)):
            previous_mask = call_spec.mask_of(inputs)
        else:
            previous_mask = get_keras_mask(inputs)
        converted = self._convert_inputs(inputs)
        if previous_mask is not None and converted is not inputs:
            _attach_masks(converted, previous_mask)  # conversion made new tensors
        inputs = converted
        if self.input_spec is not None:
            assert_input_compatibility(self.input_spec, inputs, self.name)
        if several:
            args, kwargs = self._convert_other_arguments(args, kwargs)
            previous_mask = self._fill_masks(info, (inputs,) + args[1:], kwargs, previous_mask)
        elif info.has_mask and kwargs.get("mask") is None:
            if isinstance(inputs, (list, tuple)):
                # Keras passes a list (of Nones too) for a list of inputs.
                previous_mask = kwargs["mask"] = call_spec.mask_list(inputs)
            elif previous_mask is not None:
                kwargs["mask"] = previous_mask
        if info.build_shape_names:
            self._maybe_build_from_arguments(info, (inputs,) + args[1:], kwargs)
        else:
            self._maybe_build(inputs)
        if self._losses:  # (assigning goes through the tracking __setattr__)
            self._losses = []
        context, entered = _enter_call_context()
        try:
            _resolve_training(info, context, kwargs)
            if several:
                outputs = self.call(inputs, *args[1:], **kwargs)
            else:
                outputs = self.call(inputs, **kwargs)
        finally:
            if entered:
                _CALL_CONTEXT[0] = None
        if self.activity_regularizer is not None:
            self._losses.append(
                ops.divide(self.activity_regularizer(outputs), np.shape(outputs)[0])
            )
        if previous_mask is not None or self._computes_mask:
            self._attach_output_masks(inputs, outputs, previous_mask)
        return outputs

    def _first_argument_from_kwargs(self, kwargs):
        """`layer(inputs=x)` or `mha(query=q, value=v)`: the first parameter of
        `call` given by keyword becomes the positional input."""
        positional = self._call_info.positional
        if not positional or positional[0] not in kwargs:
            raise ValueError(
                f"Layer '{self.name}' was called without inputs. Pass the input tensor as "
                f"the first argument: `layer(x)`. Received: kwargs={list(kwargs)}"
            )
        return (kwargs.pop(positional[0]),)

    def _convert_other_arguments(self, args, kwargs):
        """Arrays and tensors given besides the first input are converted (and
        autocast) like it; their masks stay attached."""
        def convert(value):
            if not call_spec.is_tensor_like(value):
                return value
            mask = call_spec.mask_of(value)
            converted = self._convert_inputs(value)
            if mask is not None:
                _attach_masks(converted, mask)
            return converted

        _refuse_non_tensor_positionals(args)
        args = (args[0],) + tuple(convert(a) for a in args[1:])
        kwargs = {k: v if k in ("mask", "training") else convert(v) for k, v in kwargs.items()}
        return args, kwargs

    def _fill_masks(self, info, args, kwargs, first_mask):
        """Keras's rule for calls with several tensor arguments: each argument
        `x` whose call takes `x_mask` gets its mask there; `mask=` is filled
        only when there is a single tensor argument. Returns the mask passed
        on to `compute_mask`: `mask=` if given, else the first input's."""
        tensors = call_spec.tensor_arguments(info, args, kwargs)
        if len(tensors) == 1:
            if info.has_mask and kwargs.get("mask") is None and first_mask is not None:
                kwargs["mask"] = first_mask
        else:
            for name, value in tensors.items():
                mask_name = f"{name}_mask"
                if mask_name in info.names and kwargs.get(mask_name) is None:
                    mask = call_spec.mask_of(value)
                    if mask is not None:
                        kwargs[mask_name] = mask
        given = kwargs.get("mask")
        return given if given is not None else first_mask

    def _attach_output_masks(self, inputs, outputs, previous_mask):
        """Gives the outputs the mask `compute_mask` returns, as Keras does, or
        warns that a layer without masking support drops its input's mask."""
        if not self._supports_masking:
            if previous_mask is not None and call_spec.any_mask(previous_mask):
                _warn_mask_dropped(self)
            return
        if previous_mask is None and not self._computes_mask:
            return  # nothing to pass on
        flat_outputs = _flatten_outputs(outputs)
        if all(get_keras_mask(x) is not None for x in flat_outputs):
            return  # call() attached them itself
        masks = self.compute_mask(inputs, previous_mask)
        if masks is None:
            return
        flat_masks = masks if isinstance(masks, (list, tuple)) else [masks]
        for tensor, mask in zip(flat_outputs, flat_masks):
            if mask is not None and get_keras_mask(tensor) is None:
                set_keras_mask(tensor, mask)

    def _convert_inputs(self, inputs):
        if isinstance(inputs, Tensor):  # the common cases first: every call comes here
            return self._autocast_tensor(inputs)
        if type(inputs) is np.ndarray and inputs.dtype.kind in "biuf":
            return self._autocast_array(inputs)
        if isinstance(inputs, (list, tuple)) and any(
            isinstance(x, (int, float, bool)) for x in inputs
        ):
            raise ValueError(
                f'Layer "{self.name}" takes arrays or tensors as its inputs, not a Python '
                "list of numbers; wrap the data in `np.array(...)` first. "
                f"Received: inputs={_short_repr(inputs)}"
            )
        if _takes_strings(self) and _is_text(inputs):  # text preprocessing layers and models
            return np.asarray(inputs)
        if isinstance(inputs, (list, tuple)):
            return type(inputs)(self._convert_inputs(x) for x in inputs)
        if isinstance(inputs, dict):
            return {k: self._convert_inputs(v) for k, v in inputs.items()}
        if inputs is None:
            return None
        return self._autocast_array(_numeric_input(inputs, self.name))

    def _autocast_tensor(self, tensor):
        value = tensor.value
        if self.autocast and value.dtype.kind == "f" and value.dtype != self._dtype:
            return ops.cast(tensor, self._dtype)
        return tensor

    def _autocast_array(self, array):
        if array.dtype.kind == "f" and self.autocast and array.dtype != self._dtype:
            return array.astype(self._dtype)
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
        runs the layer once on zeros with batch size 1.

        Builds the layer first if needed. Override it when the dry run would
        be costly or when sizes other than the batch may be None.

        Args:
            input_shape: a tuple of ints (None for unknown sizes), or a list
                of them for several inputs.

        Returns:
            The output shape, a tuple (or a list of tuples).
        """
        if not self.built:
            self.build(input_shape)
            self.built = True
            self._build_input_shape = input_shape
        with no_grad():
            out = self.call(_zeros_like_shape(input_shape, self._dtype))
        return _replace_batch(_shape_of(out), input_shape)

    def _symbolic_call(self, *args, **kwargs):
        """A call on KerasTensors: builds the layer, works out the outputs'
        shapes (and masks) and records a node of the functional graph."""
        info = self._call_info
        inputs = args[0]
        if self.input_spec is not None:
            assert_input_compatibility(self.input_spec, inputs, self.name)
        node_kwargs = dict(kwargs)
        if self._records_absent_mask(info, args, kwargs):
            node_kwargs["mask"] = None
        several = len(args) > 1 or call_spec.has_tensor_kwargs(kwargs)
        _refuse_non_tensor_positionals(args)
        previous_mask = call_spec.mask_of(inputs)
        if several:
            previous_mask = self._fill_masks(info, args, kwargs, previous_mask)
        shapes = _shape_of(inputs)
        if several or info.build_shape_names:
            self._maybe_build_from_arguments(info, args, kwargs)
        elif not self.built:
            self._maybe_build_from_shape(shapes)
        else:
            check_reuse(self, shapes, {k: v for k, v in kwargs.items() if k != "training"})
        if several:
            outputs = self._symbolic_outputs_by_dry_run(info, args, kwargs)
        else:
            outputs = self._symbolic_outputs(self.compute_output_shape(shapes))
        self._attach_symbolic_masks(inputs, outputs, previous_mask)
        Node(self, args, node_kwargs, outputs if isinstance(outputs, list) else [outputs])
        return outputs

    def _records_absent_mask(self, info, args, kwargs):
        """Keras writes `"mask": None` in a node's kwargs exactly when a layer
        whose call takes `mask` is called on one KerasTensor of its own dtype
        and nothing else (other calls convert their arguments first)."""
        first = args[0]
        return (
            info.has_mask and len(args) == 1 and not kwargs
            and isinstance(first, KerasTensor) and first.dtype == self._dtype
        )

    def _maybe_build_from_shape(self, shape):
        self._build_input_shape = shape
        self.build(shape)
        self.built = True

    def _maybe_build_from_arguments(self, info, args, kwargs):
        """Builds with one shape per tensor argument when `build()` takes
        several `<argument>_shape` parameters (as Keras does), else with the
        first input's shape."""
        if self.built:
            return
        if not info.build_shape_names:
            self._maybe_build_from_shape(_shape_of(args[0]))
            return
        tensors = call_spec.tensor_arguments(info, args, kwargs)
        shapes = {}
        for name in info.build_shape_names:
            argument = name[: -len("_shape")] if name.endswith("_shape") else None
            if argument is None or argument not in info.names:
                raise ValueError(
                    "For a `build()` method with more than one argument, all arguments "
                    "should have a `_shape` suffix and match an argument from `call()`. "
                    f"E.g. `build(self, foo_shape, bar_shape)`. For layer "
                    f"'{self.__class__.__name__}', received `build()` argument `{name}`, "
                    "which does not match."
                )
            if argument in tensors:
                shapes[name] = _shape_of(tensors[argument])
        self._build_shapes_dict = shapes
        self._build_input_shape = next(iter(shapes.values()), None)
        self.build(**shapes)
        self.built = True

    def _symbolic_outputs(self, out_shape):
        if isinstance(out_shape, list):
            return [KerasTensor(s, self._dtype) for s in out_shape]
        return KerasTensor(out_shape, self._dtype)

    def _symbolic_outputs_by_dry_run(self, info, args, kwargs):
        """Output KerasTensors of a call with several tensor arguments: from
        `compute_output_shape` when the layer defines it, else by running the
        layer once on zeros."""
        if type(self).compute_output_shape is not Layer.compute_output_shape:
            return self._symbolic_outputs(self._aligned_output_shape(info, args, kwargs))
        values = call_spec.dummy_values(args)
        kwargs = call_spec.dummy_values(kwargs)
        if not info.has_training:
            kwargs.pop("training", None)
        with no_grad():
            outputs = self.call(*values, **kwargs)
        first_shape = _shape_of(args[0])
        first_shape = first_shape[0] if isinstance(first_shape, list) else first_shape
        batch_unknown = bool(first_shape) and first_shape[0] is None
        return call_spec.symbolic_like(outputs, batch_unknown)

    def _aligned_output_shape(self, info, args, kwargs):
        """Calls `compute_output_shape` with the first input's shape, or with
        one `<argument>_shape` per tensor argument when it takes several."""
        names = list(inspect.signature(self.compute_output_shape).parameters)
        if len(names) <= 1:
            return self.compute_output_shape(_shape_of(args[0]))
        tensors = call_spec.tensor_arguments(info, args, kwargs)
        shapes = {
            name: _shape_of(tensors[name[: -len("_shape")]])
            for name in names if name.endswith("_shape") and name[: -len("_shape")] in tensors
        }
        return self.compute_output_shape(**shapes)

    def _attach_symbolic_masks(self, inputs, outputs, previous_mask):
        """Symbolic masks: KerasTensors of the masks' shapes, attached to the
        outputs as eager calls attach real masks."""
        if not self._supports_masking:
            if previous_mask is not None and call_spec.any_mask(previous_mask):
                _warn_mask_dropped(self)
            return
        if type(self).compute_mask is Layer.compute_mask:
            masks = previous_mask
        else:
            with no_grad():
                masks = self.compute_mask(
                    call_spec.dummy_values(inputs), call_spec.dummy_values(previous_mask)
                )
            first = inputs[0] if isinstance(inputs, (list, tuple)) else inputs
            batch_unknown = bool(first.shape) and first.shape[0] is None
            masks = call_spec.symbolic_like(masks, batch_unknown, dtype="bool")
        if masks is None:
            return
        flat_outputs = _flatten_outputs(outputs)
        flat_masks = masks if isinstance(masks, (list, tuple)) else [masks]
        for tensor, mask in zip(flat_outputs, flat_masks):
            if mask is not None:
                set_keras_mask(tensor, mask)

    # ------------------------------------------------------------------ config
    def get_config(self):
        """Returns the constructor arguments that recreate this layer (without weights).

        Subclasses with their own arguments add them to the base config.

        Returns:
            A JSON-serializable dict with `name`, `trainable`, `dtype` (as a
            Keras `DTypePolicy` config) and the activity regularizer if any.
        """
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
        """Creates a layer from the dict `get_config()` returned.

        Args:
            config: a dict of constructor arguments.

        Returns:
            A new, unbuilt layer.
        """
        return cls(**config)

    # Layers that Keras builds in their constructor (pooling, Reshape,
    # Activation, Dropout, ...) write no build_config, like Keras's.
    built_at_init = False

    def get_build_config(self):
        """Returns what `build_from_config` needs to rebuild the layer when it is loaded.

        Returns:
            `{"input_shape": ...}` once the layer is built, or None (unbuilt
            layers, and layers that Keras builds in their constructor).
        """
        if self._build_input_shape is None or self.built_at_init:
            return None
        if self._build_shapes_dict is not None and len(self._build_shapes_dict) > 1:
            return {"shapes_dict": self._build_shapes_dict}
        return {"input_shape": self._build_input_shape}

    def build_from_config(self, config):
        """Builds the layer from a `get_build_config()` dict, creating its weights.

        Args:
            config: `{"input_shape": shape}` as written in `.keras` files, a
                `{"shapes_dict": ...}` (accepted without building), or None.

        Raises:
            ValueError: if `config` is not such a dict or its shape is invalid.
        """
        # Keras writes {"input_shape": ...} (or "shapes_dict" for several inputs).
        known = isinstance(config, dict) and ("input_shape" in config or "shapes_dict" in config)
        if config and not known:
            raise ValueError(
                f"Layer '{self.name}' expected its `build_config` to be a dict with an "
                f"'input_shape'. Received: build_config={config!r}"
            )
        if config and "input_shape" in config:
            shape = _checked_build_shape(config["input_shape"], self.name)
            self._build_input_shape = _as_shape(shape)
            self.build(self._build_input_shape)
            self.built = True
        elif config and "shapes_dict" in config and self._call_info.build_shape_names:
            shapes = {
                name: _as_shape(_checked_build_shape(shape, self.name))
                for name, shape in config["shapes_dict"].items()
            }
            self._build_shapes_dict = shapes
            self._build_input_shape = next(iter(shapes.values()), None)
            self.build(**shapes)
            self.built = True

    def __repr__(self):
        return f"<{self.__class__.__name__} name={self.name}, built={self.built}>"


_TRAINING_ONLY = {"training": None}.keys()


class _CallContext:
    """What the outermost layer call shares with the layers it calls (Keras's
    call context): the `training` flag, so that a Dropout deep inside a custom
    layer or model trains when `fit` calls the model with training=True."""

    __slots__ = ("training",)

    def __init__(self):
        self.training = None


_CALL_CONTEXT = [None]


def _enter_call_context():
    """The active call context, and whether this call opened it."""
    context = _CALL_CONTEXT[0]
    if context is not None:
        return context, False
    context = _CALL_CONTEXT[0] = _CallContext()
    return context, True


def _resolve_training(info, context, kwargs):
    """Keras's order: the `training` passed to this call, else the one an outer
    call set, else call's own default. The result is left for inner calls, and
    given to `call` only when it takes `training` and the value is known."""
    training = kwargs.pop("training", None)
    if training is None:
        training = context.training if context.training is not None else info.training_default
    context.training = training
    if info.has_training and training is not None:
        kwargs["training"] = training


def _attach_masks(structure, mask):
    if isinstance(structure, (list, tuple)):
        masks = mask if isinstance(mask, (list, tuple)) else [mask] * len(structure)
        for item, item_mask in zip(structure, masks):
            _attach_masks(item, item_mask)
    elif mask is not None and structure is not None:
        set_keras_mask(structure, mask)


def _flatten_outputs(outputs):
    if isinstance(outputs, (list, tuple)):
        return [t for item in outputs for t in _flatten_outputs(item)]
    if isinstance(outputs, dict):
        return [t for key in sorted(outputs) for t in _flatten_outputs(outputs[key])]
    return [outputs]


def _refuse_non_tensor_positionals(args):
    """As in Keras, arguments after the first input that are not tensors go by keyword."""
    for value in args[1:]:
        if value is not None and not call_spec.is_tensor_like(value):
            raise ValueError(
                "Only input tensors may be passed as positional arguments. The following "
                f"argument value should be passed as a keyword argument: {value} "
                f"(of type {type(value)})"
            )


def _warn_mask_dropped(layer):
    warnings.warn(
        f"Layer '{layer.name}' (of type {layer.__class__.__name__}) was passed an input with "
        "a mask attached to it. However, this layer does not support masking and will "
        "therefore destroy the mask information. Downstream layers will not see the mask.",
        stacklevel=3,
    )
def _takes_strings(layer):
    """Whether a layer (or a model holding one) takes text: such layers set
    `_string_inputs`; others refuse strings with a clear error."""
    return getattr(layer, "_string_inputs", False) or any(_takes_strings(l) for l in layer._layers)


def _is_text(inputs):
    if isinstance(inputs, np.ndarray):
        return inputs.dtype.kind in "USO"
    if isinstance(inputs, (list, tuple)):
        return bool(inputs) and all(isinstance(x, (str, bytes)) or _is_text(x) for x in inputs)
    return isinstance(inputs, (str, bytes))


def _sublayers_in(name, value):
    """Layers held by an attribute: the value itself, or (for public
    attributes) the layers in a list, tuple or dict, as Keras tracks them."""
    if isinstance(value, Layer):
        return [value]
    if name.startswith("_"):
        return []
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple)):
        return [item for item in value if isinstance(item, Layer)]
    return []


def _as_shape(shape):
    if isinstance(shape, (list, tuple)) and shape and isinstance(shape[0], (list, tuple)):
        return [tuple(s) for s in shape]
    return tuple(shape)


def is_valid_shape(value):
    """A list/tuple of None or non-negative ints (configs read from files can hold anything)."""
    return isinstance(value, (list, tuple)) and all(
        d is None or (isinstance(d, (int, np.integer)) and not isinstance(d, bool) and d >= 0)
        for d in value
    )


def _checked_build_shape(shape, layer_name):
    """A shape read from a file: a valid shape, or a list of valid shapes."""
    nested = isinstance(shape, (list, tuple)) and shape and all(
        isinstance(s, (list, tuple)) for s in shape
    )
    if not (is_valid_shape(shape) or (nested and all(is_valid_shape(s) for s in shape))):
        raise ValueError(
            f"Layer '{layer_name}' cannot be built from `build_config`: 'input_shape' must be "
            f"a list of non-negative integers or None. Received: input_shape={shape!r}"
        )
    return shape


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
        inner = dtype.get("config")
        dtype = inner.get("name", backend_config.floatx()) if isinstance(inner, dict) else inner
    name = getattr(dtype, "name", dtype)
    if name == "string":  # the dtype of text inputs (`keras.Input(dtype="string")`)
        return name
    if name in ("mixed_float16", "mixed_bfloat16"):
        raise ValueError(f"Mixed precision is not supported by kerasish. Received: dtype={name}")
    if not isinstance(name, str) and not isinstance(name, np.dtype) and not isinstance(name, type):
        raise ValueError(f"Invalid dtype: {dtype!r}")
    try:
        return np.dtype(name).name
    except (TypeError, ValueError):
        raise ValueError(f"Invalid dtype: {dtype!r}") from None


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


def _weight_array(value, variable):
    """`value` as an array that can be assigned to `variable`; ragged lists and
    non-numbers fail here, naming the variable, rather than inside NumPy."""
    try:
        array = np.asarray(value)
        if array.dtype.kind not in "biuf":
            array = array.astype(variable.value.dtype)
    except (ValueError, TypeError):
        raise ValueError(
            f"The value for weight '{variable.path}' could not be converted to a numeric "
            f"array of shape {variable.shape}. Received: value={value!r}"
        ) from None
    return array


def _numeric_input(inputs, layer_name):
    """Layer inputs as a numeric array: strings, objects, dates and ragged lists
    are refused here, naming the layer, instead of failing inside an op."""
    try:
        array = np.asarray(inputs)
    except ValueError:
        array = None
    if array is None or array.dtype.kind not in "biuf":
        detail = "a ragged list" if array is None else f"dtype={array.dtype}"
        raise ValueError(
            f'Layer "{layer_name}" expects numeric inputs (ints, floats or bools). '
            f"Received: inputs with {detail}"
        )
    return array


def _short_repr(value, limit=80):
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "..."


# Above this many elements one weight is refused before it is allocated: a
# config (from an untrusted file, say) declaring units=10**12 must fail with
# a clear error rather than exhaust the memory. 2**31 float32 are 8 GiB.
MAX_WEIGHT_ELEMENTS = 2**31


def _check_weight_size(layer, name, shape):
    if any(not isinstance(dim, (int, np.integer)) or dim < 0 for dim in shape):
        raise ValueError(
            f"Layer '{layer.name}' ({type(layer).__name__}) cannot create weight '{name}': "
            f"every dimension must be a non-negative integer. Received: shape={shape}"
        )
    size = 1
    for dim in shape:
        size *= int(dim)  # Python ints: no overflow, unlike np.prod
    if size > MAX_WEIGHT_ELEMENTS:
        raise ValueError(
            f"Layer '{layer.name}' ({type(layer).__name__}) would create weight '{name}' of "
            f"shape {shape}: {size} elements, above the limit of {MAX_WEIGHT_ELEMENTS} "
            "elements per weight. Check the sizes in the layer's arguments (units, filters, "
            "kernel_size, input_dim, ...), which may come from an untrusted config."
        )
