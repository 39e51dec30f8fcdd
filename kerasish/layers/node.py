"""Nodes: one record per call of a layer on symbolic tensors.

A node remembers what the layer was called on (the KerasTensors and keyword
arguments) and what it produced. Each produced KerasTensor gets a
`_keras_history` (layer, node_index, tensor_index), which is how the
functional API finds its way from a model's outputs back to its inputs and
how Keras's functional config names connections.
"""

import numpy as np

from kerasish.backend.keras_tensor import KerasTensor
from kerasish.backend.tensor import no_grad


class Node:
    """One call of a layer on KerasTensors.

    `call_args` is the tuple of positional arguments and `call_kwargs` the
    keyword arguments, as Keras records them (and writes them in configs);
    `input_tensors` are all the KerasTensors among them, in order.
    """

    def __init__(self, layer, call_args, call_kwargs, outputs):
        self.layer = layer
        self.call_args = tuple(call_args) if call_args is not None else ()
        self.call_kwargs = dict(call_kwargs)
        self.outputs = list(outputs)
        self.input_tensors = flatten_tensors(list(self.call_args)) + flatten_tensors(
            self.call_kwargs
        )
        inbound = layer.__dict__.setdefault("_inbound_nodes", [])
        self.index = len(inbound)
        inbound.append(self)
        for tensor_index, tensor in enumerate(self.outputs):
            tensor._keras_history = (layer, self.index, tensor_index)
            tensor.producer = layer
            tensor.parents = tuple(self.input_tensors)

    @property
    def parent_nodes(self):
        return [history(t)[0]._inbound_nodes[history(t)[1]] for t in self.input_tensors]

    def __repr__(self):
        return f"<Node layer={self.layer.name} index={self.index}>"


def flatten_tensors(structure):
    """The KerasTensors of a call argument, in order (dicts by sorted key)."""
    if isinstance(structure, KerasTensor):
        return [structure]
    if isinstance(structure, dict):
        return [t for key in sorted(structure) for t in flatten_tensors(structure[key])]
    if isinstance(structure, (list, tuple)):
        return [t for item in structure for t in flatten_tensors(item)]
    return []


def history(tensor):
    """(layer, node_index, tensor_index) of a KerasTensor."""
    keras_history = getattr(tensor, "_keras_history", None)
    if keras_history is None:
        raise ValueError(
            f"The tensor {tensor} was not produced by a kerasish layer or `kerasish.Input`, "
            "so it cannot be part of a functional model."
        )
    return keras_history


def check_reuse(layer, input_shape, call_kwargs):
    """A built layer called again on a new shape: make sure its weights fit,
    by a dry run on zeros, and name the layer and both shapes if not."""
    built_shape = layer._build_input_shape
    if built_shape is None or _same_shape(built_shape, input_shape):
        return
    try:
        with no_grad():
            layer.call(_zeros(input_shape, layer.dtype), **call_kwargs)
    except (ValueError, TypeError, IndexError) as error:
        raise ValueError(
            f"Layer '{layer.name}' was built for inputs of shape {built_shape} and cannot be "
            f"reused on inputs of shape {input_shape}: {error}"
        ) from None


def _same_shape(a, b):
    if isinstance(a, (list, tuple)) and a and isinstance(a[0], (list, tuple)):
        return len(a) == len(b) and all(_same_shape(x, y) for x, y in zip(a, b))
    return tuple(a) == tuple(b)


def _zeros(shape, dtype):
    if isinstance(shape, list):
        return [_zeros(s, dtype) for s in shape]
    if isinstance(shape, dict):
        return {k: _zeros(s, dtype) for k, s in shape.items()}
    return np.zeros(tuple(1 if d is None else d for d in shape), dtype=dtype)
