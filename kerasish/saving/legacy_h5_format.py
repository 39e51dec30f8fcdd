"""The legacy HDF5 formats: whole models (`model.save("m.h5")`) and weights
(`model.save_weights` of Keras 2 / tf.keras, `load_weights("w.h5")`).

Layout, as Keras 2 and Keras 3 write it:

    /                      attrs: keras_version, backend, model_config, training_config
    /model_weights         attrs: layer_names, backend, keras_version
    /model_weights/<layer> attrs: weight_names (e.g. "dense/kernel:0")
    /model_weights/<layer>/<weight name>       one dataset per weight
    /optimizer_weights     attrs: weight_names; one dataset per optimizer variable

A weights-only Keras 2 file is the `model_weights` group at the root. Layers
are matched by position (layers without weights are skipped) or by name with
`by_name=True`; within a layer, weights are in `trainable + non_trainable`
order.
"""

import json
import os
import warnings

import numpy as np

import numpy as np

from kerasish import losses, metrics, optimizers
from kerasish import models
from kerasish.saving import saving_lib, serialization_lib
from kerasish.saving.model_config import compile_or_warn

# HDF5 cannot store an attribute larger than this; longer lists are split
# into `name0`, `name1`, ... as Keras does.
HDF5_OBJECT_HEADER_LIMIT = 64512
BACKEND_NAME = "numpy"


# ------------------------------------------------------------------ writing
def save_model_to_hdf5(model, filepath, include_optimizer=True):
    h5py = saving_lib.h5py_module()
    metadata = _model_metadata(model, include_optimizer)

    def write(temp_path):
        with h5py.File(temp_path, "w") as f:
            for key, value in metadata.items():
                f.attrs[key] = value
            save_weights_to_hdf5_group(f.create_group("model_weights"), model)
            if include_optimizer and getattr(model, "optimizer", None) is not None:
                _save_optimizer_weights(f, model.optimizer)

    saving_lib.atomic_write(filepath, write)


def _model_metadata(model, include_optimizer):
    config = {"class_name": type(model).__name__, "config": _legacy_model_config(model)}
    metadata = {
        "keras_version": saving_lib.KERAS_FORMAT_VERSION,
        "backend": BACKEND_NAME,
        "model_config": json.dumps(config),
    }
    if include_optimizer and getattr(model, "compiled", False) and model.optimizer is not None:
        training = serialization_lib.serialize_keras_object(model.get_compile_config())
        training.pop("optimizer", None)
        training = {key: _legacy_form(value) for key, value in training.items()}
        training["optimizer_config"] = {
            "class_name": type(model.optimizer).__name__,
            "config": serialization_lib.serialize_keras_object(model.optimizer.get_config()),
        }
        metadata["training_config"] = json.dumps(training)
    return metadata


def _legacy_model_config(model):
    """The model's config with its layers in the legacy form Keras writes in
    HDF5 files: `class_name` and `config` (plus a functional model's `name`
    and `inbound_nodes`), no `module`, `registered_name` or `build_config`."""
    config = serialization_lib.serialize_keras_object(model.get_config())
    if isinstance(config, dict) and isinstance(config.get("layers"), list):
        config["layers"] = [_legacy_form(layer) for layer in config["layers"]]
    return config


def _legacy_form(value):
    if isinstance(value, list):
        return [_legacy_form(v) for v in value]
    if isinstance(value, dict) and "class_name" in value and "config" in value:
        kept = ("class_name", "config", "name", "inbound_nodes")
        return {key: value[key] for key in kept if key in value}
    return value


def save_weights_to_hdf5_group(group, model):
    layers = model.layers
    _save_attribute(group, "layer_names", [layer.name.encode("utf8") for layer in layers])
    group.attrs["backend"] = BACKEND_NAME.encode("utf8")
    group.attrs["keras_version"] = saving_lib.KERAS_FORMAT_VERSION.encode("utf8")
    for layer in sorted(layers, key=lambda layer: layer.name):
        _save_weight_list(group.create_group(layer.name), _legacy_weights(layer), model.name)
    _save_weight_list(group.create_group("top_level_model_weights"), _top_level_weights(model),
                      model.name)


def _save_weight_list(group, variables, model_name):
    names = _unique_names([f"{model_name}/{v.path}" for v in variables])
    _save_attribute(group, "weight_names", [n.encode("utf8") for n in names])
    for name, variable in zip(names, variables):
        group.create_dataset(name, data=np.asarray(variable.value))


def _save_optimizer_weights(f, optimizer):
    variables = optimizer.variables
    if not variables:
        return
    group = f.create_group("optimizer_weights")
    names = _unique_names([v.path if "/" in v.path else f"{optimizer.name}/{v.name}"
                           for v in variables])
    _save_attribute(group, "weight_names", [n.encode("utf8") for n in names])
    for name, variable in zip(names, variables):
        group.create_dataset(name, data=np.asarray(variable.value))


def _unique_names(names):
    seen, result = {}, []
    for name in names:
        count = seen.get(name, 0)
        seen[name] = count + 1
        result.append(name if count == 0 else f"{name}_{count}")
    return result


def _save_attribute(group, name, data):
    too_big = [x for x in data if len(x) > HDF5_OBJECT_HEADER_LIMIT]
    if too_big:
        raise RuntimeError(
            "The following attributes cannot be saved to HDF5 file because they are larger "
            f"than {HDF5_OBJECT_HEADER_LIMIT} bytes: {too_big}"
        )
    array = np.asarray(data)
    chunks = 1
    pieces = np.array_split(array, chunks)
    while any(piece.nbytes > HDF5_OBJECT_HEADER_LIMIT for piece in pieces):
        chunks += 1
        pieces = np.array_split(array, chunks)
    if chunks == 1:
        group.attrs[name] = data
    else:
        for index, piece in enumerate(pieces):
            group.attrs[f"{name}{index}"] = piece


def _legacy_weights(layer):
    return list(layer.trainable_weights) + list(layer.non_trainable_weights)


def _top_level_weights(model):
    return model._saved_variables()


# ------------------------------------------------------------------ reading
def _load_attribute(group, name):
    if name in group.attrs:
        values = list(group.attrs[name])
    else:
        values, index = [], 0
        while f"{name}{index}" in group.attrs:
            values.extend(group.attrs[f"{name}{index}"])
            index += 1
    return [v.decode("utf8") if hasattr(v, "decode") else str(v) for v in values]


def _open_weight_list(group):
    """The datasets `weight_names` lists, not yet read: their shapes are
    checked against the model first, so a file declaring a huge dataset
    allocates nothing."""
    return [saving_lib.open_dataset(group, name) for name in _load_attribute(group, "weight_names")]


def _read_optimizer_values(group, model):
    """The saved optimizer variables, read only if each has the shape of a
    model weight (its slots) or is a scalar (the step count, the learning
    rate); otherwise none (the optimizer then starts fresh, with a warning)."""
    datasets = _open_weight_list(group)
    allowed = {tuple(w.shape) for w in model.trainable_weights} | {()}
    if any(tuple(d.shape) not in allowed for d in datasets):
        return []
    return [np.asarray(d[()]) for d in datasets]


def weights_group(f, filepath):
    """The group holding `layer_names`: the root of a weights file, or
    `model_weights` in a whole-model file."""
    if "layer_names" in f.attrs or "layer_names0" in f.attrs:
        return f
    group = saving_lib.safe_group(f, "model_weights")
    if group is None:
        raise ValueError(
            f"Cannot load weights from '{filepath}': it is an HDF5 file but not a Keras weights "
            "file (no `layer_names` attribute and no `model_weights` group)."
        )
    return group


def read_weights_by_position(group, model, filepath, skip_mismatch=False):
    layers = [layer for layer in model.layers if _legacy_weights(layer)]
    names = [n for n in _load_attribute(group, "layer_names")
             if _load_attribute(_layer_group(group, n, filepath), "weight_names")]
    if len(names) != len(layers):
        raise ValueError(
            f"Layer count mismatch when loading weights from file '{filepath}'. Model expected "
            f"{len(layers)} layers, found {len(names)} saved layers."
        )
    assignments = []
    for index, (name, layer) in enumerate(zip(names, layers)):
        values = _open_weight_list(_layer_group(group, name, filepath))
        variables = _legacy_weights(layer)
        if len(values) != len(variables):
            raise ValueError(
                f"Weight count mismatch for layer #{index} (named {layer.name} in the current "
                f"model, {name} in the save file '{filepath}'). Layer expects "
                f"{len(variables)} weight(s). Received {len(values)} saved weight(s)"
            )
        where = f"layer #{index} (named {layer.name} in the model, {name} in the file)"
        assignments += _checked_pairs(variables, values, where, filepath, skip_mismatch)
    assignments += _top_level_pairs(group, model, filepath, skip_mismatch)
    return assignments


def read_weights_by_name(group, model, filepath, skip_mismatch=False):
    by_name = {}
    for layer in model.layers:
        by_name.setdefault(layer.name, []).append(layer)
    assignments = []
    for index, name in enumerate(_load_attribute(group, "layer_names")):
        values = _open_weight_list(_layer_group(group, name, filepath))
        for layer in by_name.get(name, []):
            variables = _legacy_weights(layer)
            if len(values) != len(variables):
                message = (
                    f"Weight count mismatch for layer #{index} (named {layer.name}) in "
                    f"'{filepath}'. Layer expects {len(variables)} weight(s). Received "
                    f"{len(values)} saved weight(s)"
                )
                if not skip_mismatch:
                    raise ValueError(message)
                warnings.warn(f"Skipping loading of weights: {message}", stacklevel=3)
                continue
            where = f"layer #{index} (named {layer.name})"
            assignments += _checked_pairs(variables, values, where, filepath, skip_mismatch)
    assignments += _top_level_pairs(group, model, filepath, skip_mismatch)
    return assignments


def _layer_group(group, name, filepath):
    layer_group = saving_lib.safe_group(group, name)
    if layer_group is None:
        raise ValueError(
            f"The weights file '{filepath}' lists layer '{name}' in `layer_names` but has no "
            "group for it: the file is truncated or corrupted."
        )
    return layer_group


def _top_level_pairs(group, model, filepath, skip_mismatch):
    top = saving_lib.safe_group(group, "top_level_model_weights")
    if top is None:
        return []
    values, variables = _open_weight_list(top), _top_level_weights(model)
    if len(values) != len(variables):
        raise ValueError(
            f"Weight count mismatch for top-level weights when loading weights from file "
            f"'{filepath}'. Model expects {len(variables)} top-level weight(s). Received "
            f"{len(values)} saved top-level weight(s)"
        )
    return _checked_pairs(variables, values, "top-level model", filepath, skip_mismatch)


def _checked_pairs(variables, values, where, filepath, skip_mismatch):
    pairs = []
    for variable, value in zip(variables, values):
        if tuple(variable.shape) != tuple(value.shape) and skip_mismatch:
            warnings.warn(
                f"Skipping loading weights for {where} due to mismatch in shape for weight "
                f"{variable.path}. Weight expects shape {tuple(variable.shape)}. Received saved "
                f"weight with shape {tuple(value.shape)}",
                stacklevel=4,
            )
            continue
        saving_lib.check_shape(variable, value, where, filepath)
        pairs.append((variable, np.asarray(value[()])))  # read once its shape fits
    return pairs


def load_weights(model, filepath, by_name=False, skip_mismatch=False):
    filepath = os.fspath(filepath)
    with saving_lib.open_h5(filepath, filepath) as f, saving_lib.corrupted_file_errors(filepath):
        read = read_weights_by_name if by_name else read_weights_by_position
        assignments = read(weights_group(f, filepath), model, filepath, skip_mismatch)
    saving_lib.assign_all(assignments)


# ------------------------------------------------------------ whole models
def load_model_from_hdf5(filepath, custom_objects=None, compile=True, safe_mode=True):
    filepath = os.fspath(filepath)
    with saving_lib.open_h5(filepath, filepath) as f:
        model_config = _json_attr(f, "model_config", filepath)
        if model_config is None:
            raise ValueError(f"No model config found in the file at {filepath}.")
        training_config = _json_attr(f, "training_config", filepath) if compile else None
        model = _model_from_legacy_config(model_config, custom_objects, safe_mode)
        with saving_lib.corrupted_file_errors(filepath):
            assignments = read_weights_by_position(weights_group(f, filepath), model, filepath)
            optimizer_values = None
            if training_config is not None and "optimizer_weights" in f:
                optimizer_group = saving_lib.safe_group(f, "optimizer_weights")
                optimizer_values = _read_optimizer_values(optimizer_group, model)
    saving_lib.assign_all(assignments)
    if training_config is None:
        if compile:
            warnings.warn(
                "No training configuration found in the save file, so the model was *not* "
                "compiled. Compile it manually.",
                stacklevel=3,
            )
        return model

    if not compile_or_warn(model, _compile_args(training_config, custom_objects)):
        return model
    if optimizer_values is not None:
        _restore_optimizer(model, optimizer_values)
    return model


def _json_attr(f, name, filepath):
    value = f.attrs.get(name)
    if value is None:
        return None
    if hasattr(value, "decode"):
        value = value.decode("utf-8")
    try:
        return json.loads(value)
    except ValueError as error:
        raise ValueError(f"The `{name}` attribute of '{filepath}' is not valid JSON: {error}")


def _model_from_legacy_config(config, custom_objects, safe_mode):
    if not isinstance(config, dict) or "config" not in config:
        raise ValueError(
            "The provided configuration is not a valid Keras configuration. Expected a "
            f"dictionary containing a 'config' key. Received: config={config}"
        )
    inner = config["config"]
    if isinstance(inner, dict) and isinstance(inner.get("layers"), list):
        inner["layers"] = [_upgrade_layer_config(layer) for layer in inner["layers"]]
        for key in ("input_layers", "output_layers"):
            # Keras 2 lists even a single input or output: [["dense", 0, 0]].
            entries = inner.get(key)
            if isinstance(entries, list) and len(entries) == 1 and isinstance(entries[0], list):
                inner[key] = entries[0]

    module_objects = {"Sequential": models.Sequential, "Model": models.Model}
    return serialization_lib.deserialize_keras_object(
        config, module_objects, custom_objects, safe_mode=safe_mode
    )


def _upgrade_layer_config(layer_config):
    """Keras 2 layer configs -> what kerasish layers take (Keras 3 does the same)."""
    config = layer_config.get("config")
    if not isinstance(config, dict):
        return layer_config
    batch_input_shape = config.pop("batch_input_shape", None)
    if batch_input_shape is not None:
        if layer_config.get("class_name") == "InputLayer":
            config["batch_shape"] = batch_input_shape
        else:
            config["input_shape"] = batch_input_shape[1:]
    axis = config.get("axis")
    if isinstance(axis, list) and len(axis) == 1:
        config["axis"] = int(axis[0])
    # Keras 2 recurrent layers (also inside Bidirectional) wrote `time_major`.
    if config.get("time_major") is False:
        del config["time_major"]
    for key in ("layer", "backward_layer"):
        if isinstance(config.get(key), dict):
            _upgrade_layer_config(config[key])
    nodes = layer_config.get("inbound_nodes")
    if isinstance(nodes, list):
        layer_config["inbound_nodes"] = [_upgrade_node(node) for node in nodes]
    return layer_config


def _upgrade_node(node):
    """A Keras 2 node, `[[layer_name, node_index, tensor_index, kwargs], ...]`,
    as Keras 3 writes it: the inbound tensors (one, or a list) are the first
    positional argument of the call."""
    if not isinstance(node, list):
        return node
    tensors, kwargs = [], {}
    for entry in node:
        tensors.append({"class_name": "__keras_tensor__",
                        "config": {"shape": None, "dtype": None, "keras_history": entry[:3]}})
        if len(entry) == 4:
            kwargs = entry[3]
    return {"args": [tensors[0] if len(tensors) == 1 else tensors], "kwargs": kwargs}


# Keras 2 optimizer config keys that Keras 3 optimizers no longer take.
_KERAS2_OPTIMIZER_KEYS = ("jit_compile", "is_legacy_optimizer", "decay")


def _compile_args(training_config, custom_objects):
    with serialization_lib.CustomObjectScope(custom_objects):
        optimizer_config = dict(training_config["optimizer_config"])
        optimizer_config["config"] = {
            key: value for key, value in optimizer_config["config"].items()
            if key not in _KERAS2_OPTIMIZER_KEYS
        }
        name = optimizer_config["class_name"]
        if name.startswith("Custom>"):
            optimizer_config["class_name"] = name[len("Custom>"):]
        optimizer = optimizers.deserialize(optimizer_config)
        loss = _deserialize_nested(training_config.get("loss"), losses.deserialize)
        metric_list = _single_output(training_config.get("metrics"))
        weighted = _single_output(training_config.get("weighted_metrics"))
        deserialize_metric = _metric_deserializer(metrics)
    return {
        "optimizer": optimizer,
        "loss": loss,
        "loss_weights": training_config.get("loss_weights"),
        "metrics": _deserialize_nested(metric_list, deserialize_metric),
        "weighted_metrics": _deserialize_nested(weighted, deserialize_metric),
    }


def _single_output(metric_config):
    """Keras 2 writes the metrics of a one-output model as `[[...]]`."""
    if isinstance(metric_config, list) and len(metric_config) == 1 and isinstance(
        metric_config[0], list
    ):
        return metric_config[0]
    return metric_config


def _metric_deserializer(metrics):
    def deserialize(config):
        if isinstance(config, str):
            return config  # names ("accuracy", "mae") are resolved by compile
        if config.get("class_name") == "MeanMetricWrapper":  # Keras 2 wrapped functions
            inner = config.get("config", {})
            name = inner.get("name")
            return name if name in ("accuracy", "acc") else inner.get("fn", name)
        return metrics.deserialize(config)

    return deserialize


def _deserialize_nested(config, deserialize):
    if config is None:
        return None
    if isinstance(config, str) or (isinstance(config, dict) and "class_name" in config):
        return deserialize(config)
    if isinstance(config, dict):
        return {key: _deserialize_nested(value, deserialize) for key, value in config.items()}
    if isinstance(config, list):
        return [_deserialize_nested(value, deserialize) for value in config]
    raise ValueError(
        "Saved configuration not understood. Configuration should be a dictionary, string, "
        f"tuple or list. Received: config={config}."
    )


def _restore_optimizer(model, values):
    """Puts saved optimizer variables back. Keras 2 files have no learning
    rate variable: their list is the iteration count then the slots."""
    optimizer = model.optimizer
    optimizer.build(model.trainable_weights)
    variables = list(optimizer.variables)
    if len(values) == len(variables) - 1 and len(variables) > 1 and (
        variables[1] is getattr(optimizer, "_learning_rate", None)
    ):
        variables = variables[:1] + variables[2:]
    if len(values) != len(variables) or any(
        tuple(v.shape) != tuple(x.shape) for v, x in zip(variables, values)
    ):
        warnings.warn(
            "Error in loading the saved optimizer state. As a result, your model is starting "
            "with a freshly initialized optimizer.",
            stacklevel=3,
        )
        return
    saving_lib.assign_all(zip(variables, values))
