"""What `Layer.__call__` needs to know about a layer's `call()` and its arguments.

`CallInfo` reads the signature of a class's `call` (and `build`) once and is
shared by every instance, so calling a layer never inspects a signature. The
helpers below name the tensor arguments of one call, collect the Keras masks
attached to them, and make the zero-filled stand-ins kerasish runs a layer on
to learn the shapes (and masks) of a symbolic call.
"""

import inspect
import weakref

import numpy as np

from kerasish.backend.keras_tensor import KerasTensor
from kerasish.backend.masking import get_keras_mask
from kerasish.backend.tensor import Tensor

_CALL_INFOS = weakref.WeakKeyDictionary()


class CallInfo:
    """The parts of a `call()` (and `build()`) signature `__call__` uses.

    Attributes:
        names: the names of call's parameters, in order.
        positional: the names that positional arguments bind to.
        has_training: whether call takes `training`.
        has_mask: whether call takes `mask`.
        build_shape_names: the `*_shape` parameter names of `build()` when it
            takes several (Keras then builds with one shape per call
            argument); empty when build takes one shape.
    """

    __slots__ = ("names", "positional", "has_training", "has_mask", "build_shape_names")

    def __init__(self, call, build):
        parameters = list(inspect.signature(call).parameters.values())
        self.names = [p.name for p in parameters]
        self.positional = [
            p.name for p in parameters
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
        self.has_training = "training" in self.names
        self.has_mask = "mask" in self.names
        build_names = [
            p.name for p in inspect.signature(build).parameters.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
        ]
        self.build_shape_names = build_names if len(build_names) > 1 else []


def call_info(layer):
    """The `CallInfo` of `layer`, computed once per class (or per instance
    when the instance has its own `call` or `build`)."""
    if "call" in layer.__dict__ or "build" in layer.__dict__:
        return CallInfo(layer.call, layer.build)
    cls = type(layer)
    info = _CALL_INFOS.get(cls)
    if info is None:
        info = _CALL_INFOS[cls] = CallInfo(layer.call, layer.build)
    return info


# ------------------------------------------------------------------ arguments


def is_tensor_like(value):
    """A tensor, array or KerasTensor, or a non-empty list/tuple of them (None allowed inside)."""
    if isinstance(value, (Tensor, np.ndarray, KerasTensor)):
        return True
    if isinstance(value, (list, tuple)) and value:
        return all(v is None or is_tensor_like(v) for v in value) and any(
            v is not None for v in value
        )
    return False


def tensor_arguments(info, args, kwargs):
    """The tensor arguments of one call, by parameter name, in call order."""
    named = {}
    for index, value in enumerate(args):
        name = info.positional[index] if index < len(info.positional) else f"arg_{index}"
        if is_tensor_like(value):
            named[name] = value
    for name, value in kwargs.items():
        if is_tensor_like(value):
            named[name] = value
    return named


def has_tensor_kwargs(kwargs):
    return any(is_tensor_like(v) for k, v in kwargs.items() if k != "training")


def contains_symbolic(args, kwargs):
    structures = list(args) + list(kwargs.values())
    return any(_is_symbolic(s) for s in structures)


def _is_symbolic(structure):
    if isinstance(structure, KerasTensor):
        return True
    if isinstance(structure, (list, tuple)):
        return any(_is_symbolic(s) for s in structure)
    if isinstance(structure, dict):
        return any(_is_symbolic(s) for s in structure.values())
    return False


# ---------------------------------------------------------------------- masks


def mask_of(structure):
    """The Keras mask of a tensor, or the list of masks of a list of tensors
    (None when none of them carries one)."""
    if isinstance(structure, (list, tuple)):
        masks = [mask_of(item) for item in structure]
        return masks if any(m is not None for m in masks) else None
    if structure is None:
        return None
    return get_keras_mask(structure)


def mask_list(structure):
    """The masks of a list of tensors as a list (of Nones when unmasked), as
    Keras passes `mask=` to a call on a list."""
    return [mask_of(item) for item in structure]


def any_mask(mask):
    if isinstance(mask, (list, tuple)):
        return any(any_mask(m) for m in mask)
    return mask is not None


# ------------------------------------------------------------- dry-run values


def dummy_values(structure):
    """Zeros (True for boolean masks) standing in for each KerasTensor, with
    size 1 for unknown dimensions; other values are kept."""
    if isinstance(structure, KerasTensor):
        shape = tuple(1 if d is None else d for d in structure.shape)
        if structure.dtype == "bool":
            return np.ones(shape, dtype=bool)
        return np.zeros(shape, dtype=structure.dtype)
    if isinstance(structure, (list, tuple)):
        return type(structure)(dummy_values(item) for item in structure)
    if isinstance(structure, dict):
        return {k: dummy_values(v) for k, v in structure.items()}
    return structure


def symbolic_like(structure, batch_unknown, dtype=None):
    """KerasTensors with the shapes of dry-run values, the batch axis put back
    to None when the real batch size is unknown."""
    if structure is None:
        return None
    if isinstance(structure, (list, tuple)):
        return [symbolic_like(item, batch_unknown, dtype) for item in structure]
    value = getattr(structure, "value", structure)
    shape = tuple(np.shape(value))
    if batch_unknown and shape:
        shape = (None,) + shape[1:]
    return KerasTensor(shape, dtype or np.asarray(value).dtype.name)

