"""`OpNode`: the graph node for a call of a `kerasish.ops` function on
KerasTensors (`x * 2`, `ops.expand_dims(x, -1)` in a functional model).

Its subclasses are named as Keras's operation classes (`Multiply`,
`ExpandDims`) and hold the same constructor arguments, so summaries and
`.keras` configs read as Keras's. Imported on the first symbolic call: it
builds on `kerasish.Operation`, which needs the layers package.
"""

import functools
import warnings

import numpy as np

from kerasish.ops.operation import Operation, _spec_from_dry_runs
from kerasish.ops.symbolic import _signature, raw_op
from kerasish.ops.symbolic_layouts import KERAS_OPERATIONS


def _invoke(function, named):
    """Calls `function` with arguments given by parameter name."""
    positional, keywords, in_order = [], {}, True
    for parameter in _signature(function).parameters.values():
        if parameter.kind is parameter.VAR_POSITIONAL:
            if in_order:
                positional.extend(named.get(parameter.name, ()))
            continue
        if parameter.kind is parameter.VAR_KEYWORD:
            keywords.update(named.get(parameter.name, {}))
            continue
        if parameter.name not in named:
            in_order = False
            continue
        value = named[parameter.name]
        if in_order and parameter.kind is not parameter.KEYWORD_ONLY:
            positional.append(value)
        else:
            keywords[parameter.name] = value
    return function(*positional, **keywords)


class OpNode(Operation):
    """One call of a `kerasish.ops` function on KerasTensors, as a graph node.

    Subclasses are made per op (`Add`, `ExpandDims`, `GetItem`, ...) by
    `operation_class`; an instance holds the op's non-tensor arguments, as
    Keras's operation classes do, and its `call` runs the op on values.

    Args:
        name: the node's name; by default the op's name made unique.
        **arguments: the op's constructor arguments (`axis`, `dtype`, ...).

    Examples:
        >>> x = keras.Input(shape=(3,))
        >>> y = keras.ops.expand_dims(x * 2, -1)
        >>> y.shape, type(y._keras_history[0]).__name__
        ((None, 3, 1), 'ExpandDims')
    """

    op_name = None  # set on each subclass
    _keras_layout = True
    built = True  # nothing to build: summaries show its output shape

    def __init__(self, name=None, **arguments):
        super().__init__(name=name)
        self.arguments = arguments

    def call(self, *args, **kwargs):
        """Runs the op on values.

        Args:
            *args: the op's call arguments, as Keras's class for it takes them.
            **kwargs: keyword arguments of a call not in Keras's layout.

        Returns:
            The op's result.
        """
        function = raw_op(self.op_name)
        if not self._keras_layout:
            return function(*args, **kwargs)
        call_names = KERAS_OPERATIONS[self.op_name][3]
        named = dict(self.arguments)
        if self.op_name == "get_item" and isinstance(args[1:2] and args[1], list):
            args = (args[0], tuple(args[1]))  # a key read back from a config, as Keras does
        for index, call_name in enumerate(call_names):
            if call_name.startswith("*"):
                named[call_name[1:]] = tuple(args[index:])
                break
            if index < len(args):
                named[call_name] = args[index]
        return _invoke(function, named)

    def compute_output_spec(self, *args, **kwargs):
        """The output's shape and dtype, from running the op on zeros with two
        sizes for the unknown dimensions (those that change become None).

        Args:
            *args: the call's arguments, KerasTensors among them.
            **kwargs: its keyword arguments.

        Returns:
            A KerasTensor, or a structure of them.

        Raises:
            The op's own error for arguments it does not accept.
        """
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            small = self._dry_run(args, kwargs, unknown_size=2)
            large = self._dry_run(args, kwargs, unknown_size=3)
        return _spec_from_dry_runs(small, large)

    def keras_class_entry(self):
        """The module and registered name Keras writes for the op's class.

        Returns:
            A dict with `module` and `registered_name`.
        """
        layout = KERAS_OPERATIONS.get(self.op_name)
        module = f"keras.src.ops.{layout[0]}" if layout else type(self).__module__
        return {"module": module, "registered_name": type(self).__name__}

    def count_params(self):
        """An op node has no weights.

        Returns:
            0.
        """
        return 0

    def get_config(self):
        """The node's name and constructor arguments, as Keras writes them.

        Returns:
            A dict.

        Raises:
            NotImplementedError: when the call's arguments do not fit Keras's
                class for the op (it could not be read back).
        """
        if not self._keras_layout or self.op_name not in KERAS_OPERATIONS:
            raise NotImplementedError(
                f"The call of `keras.ops.{self.op_name}` recorded as '{self.name}' cannot be "
                "saved: its arguments do not fit Keras's operation class "
                f"`{type(self).__name__}` (tensors given for non-tensor arguments, or "
                "arguments Keras does not have). Wrap it in a custom layer to save the model."
            )
        return {"name": self.name, **self.arguments}

    @classmethod
    def from_config(cls, config):
        """Creates the node from its config.

        Args:
            config: a dict from `get_config` (or a Keras file).

        Returns:
            A new instance.
        """
        return cls(**config)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}>"


@functools.lru_cache(maxsize=None)
def operation_class(name):
    """The `OpNode` subclass for op `name`, named as Keras's class (`GetItem`).

    Args:
        name: the op's name in `kerasish.ops`.

    Returns:
        A class.
    """
    layout = KERAS_OPERATIONS.get(name)
    short_name = name.rsplit(".", 1)[-1]
    class_name = layout[1] if layout else "".join(
        part[:1].upper() + part[1:] for part in short_name.split("_")
    )
    cls = type(class_name, (OpNode,), {"op_name": name, "__doc__": OpNode.__doc__})
    cls.__module__ = f"kerasish.ops.{layout[0]}" if layout else __name__
    cls.__qualname__ = class_name
    return cls


def operation_from_keras_config(layer_config):
    """The `OpNode` for an operation entry of a Keras functional config
    (`{"module": "keras.src.ops.numpy", "class_name": "Add", ...}`).

    Args:
        layer_config: the entry.

    Returns:
        An `OpNode`, or None when the class is no `keras.ops` operation
        kerasish knows.
    """
    name = _OP_OF_CLASS.get(layer_config.get("class_name"))
    if name is None:
        return None
    config = dict(layer_config.get("config") or {})
    config.setdefault("name", layer_config.get("name"))
    return operation_class(name).from_config(config)


_OP_OF_CLASS = {layout[1]: name for name, layout in KERAS_OPERATIONS.items()}
