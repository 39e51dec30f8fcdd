"""`Model.export(filepath, format="onnx")`: a kerasish model as an ONNX graph.

The graph is built layer by layer from the model's structure (a Sequential's
list of layers, a functional model's nodes, nested models inlined), with one
converter per layer class (`onnx_layers.py`), and written with the `onnx`
package, an optional extra (`pip install "kerasish[onnx]"`). The batch axis
is dynamic; every value is float32 but integer inputs such as Embedding's.

Nothing is written until the whole graph is built and checked, and the file
appears in one rename, so a failed export leaves no file behind.
"""

import inspect
import os
import tempfile

import numpy as np

from kerasish.export.onnx_graph import GraphBuilder
from kerasish.export.onnx_layers import converter_for, exportable_layer_classes, refusal_reason

DEFAULT_OPSET = 18


def import_onnx():
    try:
        import onnx
    except ImportError:
        raise ImportError(
            'Exporting to ONNX needs the `onnx` package: pip install "kerasish[onnx]"'
        ) from None
    return onnx


def export_onnx(model, filepath, verbose=None, input_signature=None, opset_version=None):
    """Writes `model` to `filepath` as an ONNX model (see `Model.export`)."""
    onnx = import_onnx()
    opset_version = DEFAULT_OPSET if opset_version is None else opset_version
    if not isinstance(opset_version, int) or isinstance(opset_version, bool) or opset_version < 13:
        raise ValueError(
            "`opset_version` must be an integer of at least 13 (ONNX's first opset with "
            f"the operators kerasish emits). Received: opset_version={opset_version!r}"
        )
    check_exportable(model)
    inputs = _input_specs(model, input_signature)
    g = GraphBuilder(onnx, opset_version)
    input_names = [g.fresh(name) for name, _, _ in inputs]
    for name, (_, _, dtype) in zip(input_names, inputs):
        g.dtypes[name] = _numpy_dtype(dtype)
    outputs, output_shapes = convert_model(g, model, input_names, [shape for _, shape, _ in inputs])
    graph = onnx.helper.make_graph(
        g.nodes, _graph_name(model),
        [_value_info(onnx, name, shape, dtype) for name, (_, shape, dtype) in zip(input_names, inputs)],
        [_value_info(onnx, name, shape, g.dtype_of(name))
         for name, shape in zip(outputs, output_shapes)],
        initializer=g.initializers,
    )
    opsets = [onnx.helper.make_opsetid("", opset_version)]
    if any(node.domain == "ai.onnx.ml" for node in g.nodes):  # StringLookup's LabelEncoder
        opsets.append(onnx.helper.make_opsetid("ai.onnx.ml", 3))
    proto = onnx.helper.make_model(graph, opset_imports=opsets, producer_name="kerasish")
    onnx.checker.check_model(proto)
    _write_atomically(proto.SerializeToString(), filepath)
    if verbose is None or verbose:
        print(f"Saved artifact at '{filepath}'.")


# ------------------------------------------------------------------ checking
def check_exportable(model):
    """Raises before anything is built when a layer has no ONNX conversion,
    naming the layer (and the nested model it sits in)."""
    for layer, path in _layers_in(model, model.name):
        if converter_for(layer) is None:
            # kerasish's own classes say why; for others, the list of what exports.
            reason = refusal_reason(layer) or (
                f"layers it can export: {', '.join(exportable_layer_classes())}")
            raise ValueError(
                f"Layer '{path}' of class {type(layer).__name__} cannot be exported to ONNX "
                f"by kerasish: {reason}."
            )


def _layers_in(model, path):
    from kerasish.layers.core.input_layer import InputLayer

    if not _is_graph_model(model):
        raise ValueError(
            f"Model '{model.name}' is a subclassed model: kerasish exports Sequential and "
            "functional models, whose structure it can read. Build the same computation with "
            "the functional API (keras.Input -> layers -> keras.Model(inputs, outputs)) to "
            "export it."
        )
    for layer in model.layers:
        if isinstance(layer, InputLayer):
            continue
        if _is_model(layer):
            yield from _layers_in(layer, f"{path}/{layer.name}")
        else:
            yield layer, f"{path}/{layer.name}"


def _is_model(layer):
    from kerasish.models.model import Model

    return isinstance(layer, Model)


def _is_graph_model(model):
    from kerasish.models.functional import Functional
    from kerasish.models.sequential import Sequential

    return isinstance(model, (Sequential, Functional))


# ------------------------------------------------------------------ converting
def convert_model(g, model, inputs, shapes):
    """Emits `model`'s computation on the ONNX values `inputs`; returns the
    names of its outputs and their Keras shapes (lists, flattened in the
    model's output order)."""
    from kerasish.models.sequential import Sequential

    if isinstance(model, Sequential):
        return _convert_sequential(g, model, inputs[0], shapes[0])
    return _convert_functional(g, model, inputs)


def _convert_layer(g, layer, inputs, shapes, call_kwargs=None):
    """`call_kwargs`: the node's keyword arguments, tensors given as
    (ONNX value name, Keras shape); converters that read them (attention's
    `use_causal_mask`, `key`, ...) take them as a fifth argument."""
    _refuse_unread_masks(g, layer, inputs)
    if _is_model(layer):
        return convert_model(g, layer, inputs, shapes)[0]
    convert = converter_for(layer)
    if "call_kwargs" in inspect.signature(convert).parameters:
        outputs = convert(g, layer, inputs, shapes, call_kwargs or {})
    else:
        outputs = convert(g, layer, inputs, shapes)
    return list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]


# ------------------------------------------------------------------ masks
# Embedding(mask_zero=True) and Masking give their output a mask (the
# converters record its value in `g.masks`); layers that pass masks on carry
# it to their outputs, as the model's symbolic tensors say. A layer that reads
# a mask (RNNs, pooling, attention) must have a converter that reads it too.
def uses_masks(layer):
    """Whether `layer`'s computation reads a mask it receives (RNNs, pooling,
    attention, wrappers), as opposed to passing it along."""
    return any(name.endswith("mask") and name != "use_causal_mask"
               for name in inspect.signature(layer.call).parameters)


def _refuse_unread_masks(g, layer, inputs):
    if not any(x in g.masks for x in inputs) or not uses_masks(layer):
        return
    if not _is_model(layer) and getattr(converter_for(layer), "reads_masks", False):
        return
    raise ValueError(
        f"Layer '{layer.name}' of class {type(layer).__name__} receives a mask (from "
        "`Embedding(mask_zero=True)` or `Masking`), which kerasish cannot export to ONNX for "
        "this layer: the graph would ignore it and give other numbers. Export a model without "
        "the mask."
    )


def _carry_masks(g, inputs, outputs, carries_mask):
    """Gives each output that carries a Keras mask its input's mask, unless
    its converter made one."""
    source = next((g.masks[x] for x in inputs if x in g.masks), None)
    for output, carries in zip(outputs, carries_mask):
        if carries and output not in g.masks and source is not None:
            g.masks[output] = source


def _has_mask(tensor):
    return getattr(tensor, "_keras_mask", None) is not None


def _sequential_output_has_mask(layer):
    try:
        return _has_mask(layer.output)
    except (AttributeError, ValueError):  # a layer called more than once
        return False


def _convert_sequential(g, model, x, shape):
    from kerasish.layers.core.input_layer import InputLayer

    for layer in model.layers:
        if isinstance(layer, InputLayer):
            continue
        (y,) = _convert_layer(g, layer, [x], [shape])
        _carry_masks(g, [x], [y], [_sequential_output_has_mask(layer)])
        x = y
        shape = tuple(layer.compute_output_shape(shape))
    return [x], [shape]


def _convert_functional(g, model, inputs):
    from kerasish.layers.core.input_layer import InputLayer
    from kerasish.layers.node import flatten_tensors

    values = {id(tensor): name for tensor, name in zip(model.inputs, inputs)}
    for node in model._nodes:
        if isinstance(node.layer, InputLayer):
            continue
        arguments = flatten_tensors(node.call_args)
        keywords = _keyword_arguments(node, values)
        received = [values[id(t)] for t in arguments]
        outputs = _convert_layer(
            g, node.layer, received, [tuple(t.shape) for t in arguments], keywords,
        )
        _carry_masks(g, received, outputs, [_has_mask(t) for t in node.outputs])
        for tensor, name in zip(node.outputs, outputs):
            values[id(tensor)] = name
    outputs = flatten_tensors(model._outputs_struct)
    return [values[id(t)] for t in outputs], [tuple(t.shape) for t in outputs]


def _keyword_arguments(node, values):
    """The node's keyword arguments, the tensors of each as a list of (value
    name, shape); refuses tensors its layer's converter does not read."""
    from kerasish.layers.node import flatten_tensors

    accepted = () if _is_model(node.layer) else getattr(
        converter_for(node.layer), "keyword_tensors", ())
    keywords = {}
    for key, argument in node.call_kwargs.items():
        tensors = flatten_tensors(argument)
        if tensors and key in accepted:
            keywords[key] = [(values[id(t)], tuple(t.shape)) for t in tensors]
        elif tensors:
            raise ValueError(
                f"Layer '{node.layer.name}' is called with the tensor keyword argument `{key}`, "
                "which kerasish cannot export to ONNX."
            )
        else:
            keywords[key] = argument
    return keywords


# ------------------------------------------------------------------ inputs
def _input_specs(model, input_signature):
    """(name, shape, dtype) of each model input; `input_signature` (shapes,
    `keras.Input`s or objects with `shape`/`dtype`) overrides the model's."""
    names, shapes, dtypes = _model_inputs(model)
    if input_signature is not None:
        specs = input_signature if isinstance(input_signature, (list, tuple)) and not _is_shape(
            input_signature) else [input_signature]
        if len(specs) != len(shapes):
            raise ValueError(
                f"`input_signature` must describe the model's {len(shapes)} input(s). "
                f"Received: input_signature={input_signature!r}"
            )
        shapes = [tuple(s) if _is_shape(s) else tuple(s.shape) for s in specs]
        dtypes = [getattr(s, "dtype", None) or d for s, d in zip(specs, dtypes)]
    return list(zip(names, shapes, [str(d) for d in dtypes]))


def _is_shape(value):
    return isinstance(value, (list, tuple)) and all(
        d is None or isinstance(d, (int, np.integer)) for d in value)


def _model_inputs(model):
    from kerasish.models.sequential import Sequential

    if isinstance(model, Sequential):
        shape = model.input_shape if model.built else None
        if shape is None:
            raise ValueError(
                f"Model '{model.name}' has no input shape yet: call it on data, or start it "
                "with keras.Input(shape), before exporting it (or pass `input_signature`)."
            )
        input_layer = model._input_layer
        name = input_layer.name if input_layer is not None else "input"
        dtype = input_layer.dtype if input_layer is not None else "float32"
        return [name], [tuple(shape)], [dtype]
    inputs = model.inputs
    return ([t._keras_history[0].name for t in inputs], [tuple(t.shape) for t in inputs],
            [t.dtype for t in inputs])


def _numpy_dtype(dtype):
    """Keras's dtype names as numpy's ("string" is numpy's object dtype)."""
    return np.dtype(object) if str(dtype) == "string" else np.dtype(dtype)


def _value_info(onnx, name, shape, dtype):
    dtype = _numpy_dtype(dtype)
    element_type = (onnx.TensorProto.STRING if dtype == object
                    else onnx.helper.np_dtype_to_tensor_dtype(dtype))
    if shape is None:
        return onnx.helper.make_tensor_value_info(name, element_type, None)
    dims = ["batch" if i == 0 else (f"dim_{i}" if d is None else int(d))
            for i, d in enumerate(shape)]
    return onnx.helper.make_tensor_value_info(name, element_type, dims)


def _graph_name(model):
    return model.name or "kerasish_model"


def _write_atomically(data, filepath):
    folder = os.path.dirname(os.path.abspath(filepath))
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".kerasish-export-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, filepath)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise
