"""`clone_model`: a new model with the same architecture and fresh weights."""

from kerasish.layers.core.input_layer import Input, InputLayer
from kerasish.layers.node import flatten_tensors, history
from kerasish.models.functional import Functional
from kerasish.models.model import Model
from kerasish.models.sequential import Sequential


def _clone_layer(layer):
    return layer.__class__.from_config(layer.get_config())


def _clone_or_recurse(layer, clone_function, call_function, recursive):
    if recursive and isinstance(layer, Model):
        return clone_model(layer, clone_function=clone_function, call_function=call_function,
                           recursive=True)
    return clone_function(layer)


def _new_input(tensor):
    layer = history(tensor)[0]
    return Input(batch_shape=tuple(tensor.shape), dtype=tensor.dtype, name=layer.name)


def _replace(structure, new_of):
    if isinstance(structure, dict):
        return {key: _replace(value, new_of) for key, value in structure.items()}
    if isinstance(structure, (list, tuple)):
        return type(structure)(_replace(value, new_of) for value in structure)
    return new_of.get(id(structure), structure)


def _clone_functional(model, input_tensors, clone_function, call_function, recursive):
    new_inputs = (  # a KerasTensor has no truth value, as in Keras
        input_tensors if input_tensors is not None else [_new_input(t) for t in model.inputs]
    )
    new_inputs = flatten_tensors(new_inputs) if not isinstance(new_inputs, list) else new_inputs
    if len(new_inputs) != len(model.inputs):
        raise ValueError(
            f"`input_tensors` must have the same number of tensors as the model's inputs "
            f"({len(model.inputs)}). Received {len(new_inputs)} tensors"
        )
    new_of = {id(old): new for old, new in zip(model.inputs, new_inputs)}
    clones = {}
    for node in model._nodes:  # deepest (closest to the inputs) first
        if isinstance(node.layer, InputLayer):
            continue
        layer = clones.get(id(node.layer))
        if layer is None:
            layer = clones[id(node.layer)] = _clone_or_recurse(
                node.layer, clone_function, call_function, recursive)
        args = _replace(list(node.call_args), new_of)  # every positional argument of the call
        kwargs = {k: _replace(v, new_of) for k, v in node.call_kwargs.items() if k != "mask"}
        outputs = call_function(layer, *args, **kwargs) if call_function else layer(*args, **kwargs)
        for old, new in zip(node.outputs, flatten_tensors(outputs)):
            new_of[id(old)] = new
    inputs = _replace(model._inputs_struct, {id(o): n for o, n in zip(model.inputs, new_inputs)})
    return Functional(inputs, _replace(model._outputs_struct, new_of), name=model.name)


def _clone_sequential(model, input_tensors, clone_function, call_function, recursive):
    layers = [_clone_or_recurse(layer, clone_function, call_function, recursive)
              for layer in model.layers]
    if input_tensors is not None:
        tensor = input_tensors[0] if isinstance(input_tensors, (list, tuple)) else input_tensors
        clone = Sequential(name=model.name)
        clone.add(InputLayer(batch_shape=tuple(tensor.shape), dtype=tensor.dtype))
        for layer in layers:
            clone.add(layer)
        return clone
    input_layer = model._input_layer
    clone = Sequential(name=model.name)
    if input_layer is not None:
        clone.add(Input(batch_shape=input_layer.batch_shape, dtype=input_layer.dtype,
                        name=input_layer.name))
    for layer in layers:
        clone.add(layer)
    if input_layer is None and model.built and model._build_input_shape is not None:
        clone.build(model._build_input_shape)
    return clone


def clone_model(model, input_tensors=None, clone_function=None, call_function=None,
                recursive=False, **kwargs):
    """Returns a new model with the architecture of `model` and newly initialized weights.

    Each layer is recreated from its config (or by `clone_function`); the
    weights are not copied (use `clone.set_weights(model.get_weights())`
    for that). A subclassed model is recreated from its config.

    Args:
        model: a Sequential or functional model (or a subclassed model
            with `get_config`).
        input_tensors: optional `keras.Input` tensors the clone is built on
            instead of copies of the model's inputs.
        clone_function: a function `layer -> new layer`; by default
            `layer.__class__.from_config(layer.get_config())`. Returning the
            layer itself shares it (and its weights) with the clone.
        call_function: an optional function `(layer, *args, **kwargs) ->
            outputs` that calls each cloned layer in a functional model,
            for example to insert layers after some of them.
        recursive: whether nested models are cloned layer by layer with
            `clone_function` (True) or as a whole (False, default).
        **kwargs: none are accepted (Keras's backward-compatible extras).

    Returns:
        The new model.

    Raises:
        ValueError: on unknown keyword arguments, `input_tensors` that do
            not match the inputs, or `clone_function`/`input_tensors` given
            for a subclassed model.

    Examples:
        >>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, name="out")])
        >>> clone = keras.models.clone_model(model)
        >>> [layer.name for layer in clone.layers], clone.output_shape
        (['out'], (None, 2))
        >>> bool(np.all(clone.get_weights()[0] == model.get_weights()[0]))
        False
    """
    if kwargs:
        raise ValueError(f"Unexpected keyword argument(s) for `clone_model`: {sorted(kwargs)}")
    clone_function = clone_function or _clone_layer
    if isinstance(model, Sequential):
        return _clone_sequential(model, input_tensors, clone_function, call_function, recursive)
    if isinstance(model, Functional):
        return _clone_functional(model, input_tensors, clone_function, call_function, recursive)
    if clone_function is not _clone_layer or input_tensors is not None:
        raise ValueError(
            "Arguments `clone_function` and `input_tensors` are only supported for Sequential "
            f"models or Functional models. Received model of type '{model.__class__.__name__}', "
            f"with clone_function={clone_function} and input_tensors={input_tensors}"
        )
    return model.__class__.from_config(model.get_config())
