"""`Operation`: the base of a user-defined computation that can be called on
real values and on symbolic KerasTensors, as `keras.Operation`.

On values, calling an operation runs its `call`. On KerasTensors (from
`keras.Input` or other calls), it asks `compute_output_spec` for the outputs'
shapes and dtypes and records a node of the graph, the same kind of node a
layer records, so `keras.Function` and functional models can replay it.
"""

import inspect

from kerasish.backend.keras_tensor import KerasTensor
from kerasish.backend.tensor import no_grad
from kerasish.layers.node import flatten_tensors

# Constructor arguments of these types are remembered for the automatic
# config; anything else (arrays, objects) needs a `get_config` of its own.
_CONFIG_TYPES = (str, int, float, bool, type(None))


class Operation:
    """A computation with a `call` on values and a `compute_output_spec` on
    symbolic KerasTensors; subclass it and define `call`.

    Calling an instance on values runs `call`. Calling it on KerasTensors
    returns KerasTensors of the shapes and dtypes `compute_output_spec` gives
    (by default, found by running `call` on zeros) and records the call, so a
    `keras.Function` or a functional model built on the outputs replays it.

    Args:
        name: the operation's name; by default the snake-cased class name,
            made unique (`"scale"`, `"scale_1"`, ...).

    Raises:
        ValueError: if `name` is not a string or contains `/`.

    Examples:
        >>> class Scale(keras.Operation):
        ...     def __init__(self, factor, name=None):
        ...         super().__init__(name=name)
        ...         self.factor = factor
        ...     def call(self, x):
        ...         return keras.ops.multiply(x, self.factor)
        >>> scale = Scale(3.0)
        >>> keras.ops.convert_to_numpy(scale(np.array([1.0, 2.0], "float32")))
        array([3., 6.], dtype=float32)
        >>> scale(keras.Input(shape=(4,))).shape
        (None, 4)
        >>> scale.get_config()["factor"]
        3.0
    """

    _call_has_training_arg = False  # read by functional models replaying a node
    _keras_mask = None

    def __new__(cls, *args, **kwargs):
        instance = super().__new__(cls)
        instance._auto_config = _constructor_arguments(cls, args, kwargs)
        return instance

    def __init__(self, name=None):
        from kerasish.utils import naming

        if name is None:
            name = naming.auto_name(type(self).__name__)
        if not isinstance(name, str) or "/" in name:
            raise ValueError(
                "Argument `name` must be a string and cannot contain character `/`. "
                f"Received: name={name} (of type {type(name)})"
            )
        self.name = name
        self._inbound_nodes = []

    def __call__(self, *args, **kwargs):
        if flatten_tensors(args) or flatten_tensors(kwargs):
            return self.symbolic_call(*args, **kwargs)
        return self.call(*args, **kwargs)

    def call(self, *args, **kwargs):
        """The computation on values; subclasses define it.

        Args:
            *args: the positional arguments the operation was called with.
            **kwargs: the keyword arguments it was called with.

        Returns:
            The result: a tensor or a structure of tensors.

        Raises:
            NotImplementedError: when the subclass does not define it.
        """
        raise NotImplementedError(f"{type(self).__name__} must define `call()`.")

    def symbolic_call(self, *args, **kwargs):
        """Works out the outputs of a call on KerasTensors and records the call
        as a node of the graph.

        Args:
            *args: positional arguments, KerasTensors among them.
            **kwargs: keyword arguments.

        Returns:
            A KerasTensor, or a list, tuple or dict of them.
        """
        from kerasish.layers.node import Node

        outputs = self.compute_output_spec(*args, **kwargs)
        Node(self, args, kwargs, flatten_tensors(outputs))
        return outputs

    def compute_output_spec(self, *args, **kwargs):
        """The outputs' shapes and dtypes for symbolic inputs, as KerasTensors.

        The default runs `call` once on zeros of the inputs' shapes (size 1
        for unknown dimensions) and once more with a different size for them,
        so a dimension that follows an unknown input dimension stays None.
        Override it when `call` cannot run on zeros.

        Args:
            *args: positional arguments, KerasTensors among them.
            **kwargs: keyword arguments.

        Returns:
            A KerasTensor, or a list, tuple or dict of them.

        Raises:
            Whatever `call` raised on the stand-in values, with a note that
            the output could not be inferred.
        """
        try:
            small = self._dry_run(args, kwargs, unknown_size=1)
            large = self._dry_run(args, kwargs, unknown_size=2)
        except Exception as error:
            raise type(error)(
                "Could not automatically infer the output shape / dtype of "
                f"'{self.name}' (of type {type(self).__name__}). Either the "
                f"`{type(self).__name__}.call()` method is incorrect, or you need to "
                f"implement the `{type(self).__name__}.compute_output_spec() / "
                f"compute_output_shape()` method. Error encountered:\n\n{error}"
            ) from None
        return _spec_from_dry_runs(small, large)

    def _dry_run(self, args, kwargs, unknown_size):
        with no_grad():
            return self.call(*_stand_ins(args, unknown_size), **_stand_ins(kwargs, unknown_size))

    def get_config(self):
        """The operation's config: its name and, when the subclass does not
        define `get_config`, the constructor arguments it was created with.

        Returns:
            A dict.

        Raises:
            NotImplementedError: when the constructor received values that
                cannot go in a config (arrays, objects) and the subclass has
                no `get_config` of its own.
        """
        config = {"name": self.name}
        if self._auto_config is None:
            raise NotImplementedError(
                f"Object {type(self).__name__} was created by passing non-serializable "
                "argument values in `__init__()`, or positional-only or variadic "
                "arguments, and therefore the object must override `get_config()` in "
                "order to be serializable. Please implement `get_config()`."
            )
        config.update(self._auto_config)
        parameters = inspect.signature(type(self).__init__).parameters
        takes_name = "name" in parameters or any(
            p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values()
        )
        if not takes_name:
            config.pop("name")
        return config

    @classmethod
    def from_config(cls, config):
        """Creates an operation from its config.

        Args:
            config: a dict from `get_config`.

        Returns:
            A new instance.

        Raises:
            TypeError: when the constructor does not accept the config.
        """
        try:
            return cls(**config)
        except Exception as error:
            raise TypeError(
                f"Error when deserializing class '{cls.__name__}' using config={config}.\n\n"
                f"Exception encountered: {error}"
            ) from None

    @property
    def input(self):
        """The input(s) of the operation's first symbolic call.

        Returns:
            A KerasTensor, or a list of them.
        """
        return self._first_node_attribute("input_tensors", "input")

    @property
    def output(self):
        """The output(s) of the operation's first symbolic call.

        Returns:
            A KerasTensor, or a list of them.
        """
        return self._first_node_attribute("outputs", "output")

    def _first_node_attribute(self, attribute, what):
        if not self._inbound_nodes:
            raise AttributeError(
                f"The layer {self.name} has never been called and thus has no defined {what}."
            )
        values = getattr(self._inbound_nodes[0], attribute)
        return values[0] if isinstance(values, list) and len(values) == 1 else values

    def __repr__(self):
        return f"<Operation name={self.name}>"


# ---------------------------------------------------------------- helpers


def _constructor_arguments(cls, args, kwargs):
    """The arguments `cls(*args, **kwargs)` binds, defaults included, without
    `name`; None when they cannot be written in a config."""
    signature = inspect.signature(cls.__init__)
    try:
        bound = signature.bind(None, *args, **kwargs)
    except TypeError:
        return None
    bound.apply_defaults()
    arguments = dict(bound.arguments)
    arguments.pop(next(iter(signature.parameters)))  # self
    for name, parameter in signature.parameters.items():
        if parameter.kind is inspect.Parameter.VAR_POSITIONAL and arguments.pop(name, ()):
            return None
        if parameter.kind is inspect.Parameter.VAR_KEYWORD:
            arguments.update(arguments.pop(name, {}))
        if parameter.kind is inspect.Parameter.POSITIONAL_ONLY and name != "self":
            return None
    arguments.pop("name", None)
    if not all(_is_config_value(value) for value in arguments.values()):
        return None
    return arguments


def _is_config_value(value):
    if isinstance(value, (list, tuple)):
        return all(_is_config_value(item) for item in value)
    if isinstance(value, dict):
        return all(_is_config_value(item) for item in value.values())
    return isinstance(value, _CONFIG_TYPES)


def _stand_ins(structure, unknown_size):
    """Zeros for each KerasTensor (`unknown_size` for its None dimensions)."""
    import numpy as np

    if isinstance(structure, KerasTensor):
        shape = tuple(unknown_size if d is None else d for d in structure.shape)
        return np.zeros(shape, dtype=structure.dtype)
    if isinstance(structure, (list, tuple)):
        return type(structure)(_stand_ins(item, unknown_size) for item in structure)
    if isinstance(structure, dict):
        return {key: _stand_ins(item, unknown_size) for key, item in structure.items()}
    return structure


def _spec_from_dry_runs(small, large):
    """KerasTensors for the outputs of two dry runs: dimensions that differ
    between them depend on an unknown input dimension and become None."""
    import numpy as np

    if isinstance(small, (list, tuple)):
        return type(small)(_spec_from_dry_runs(a, b) for a, b in zip(small, large))
    if isinstance(small, dict):
        return {key: _spec_from_dry_runs(small[key], large[key]) for key in small}
    small_value, large_value = np.asarray(_value(small)), np.asarray(_value(large))
    shape = tuple(
        a if a == b else None for a, b in zip(small_value.shape, large_value.shape)
    )
    return KerasTensor(shape, small_value.dtype.name)


def _value(tensor):
    return getattr(tensor, "value", tensor)

