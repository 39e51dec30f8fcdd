"""`Functional`: a model defined by a graph of layer calls,
`Model(inputs, outputs)`.

Building the model walks from the outputs back to the inputs through the
nodes layers recorded when they were called on KerasTensors, orders the nodes
by depth like Keras (inputs deepest), and calling the model replays them in
that order on real data. Inputs and outputs may be a single tensor, a list or
a dict.
"""

import re

import numpy as np

from kerasish import layers as layers_module
from kerasish import ops
from kerasish.backend.keras_tensor import KerasTensor
from kerasish.backend.masking import with_keras_mask
from kerasish.layers.core.input_layer import InputLayer
from kerasish.layers.layer import Layer
from kerasish.layers.node import flatten_tensors, history
from kerasish.models.model import Model
from kerasish.saving.serialization_lib import serialize_keras_object
from kerasish.utils import naming
from kerasish.utils import summary_utils


class Functional(Model):
    """A model defined by a graph of layer calls; `keras.Model(inputs, outputs)` returns one.

    Args:
        inputs: the model's inputs, from `keras.Input`: one KerasTensor, or
            a list or dict of them.
        outputs: KerasTensors computed from `inputs` by calling layers: one,
            or a list or dict of them (predictions come back in that form).
        name: the model's name; `"functional"`, `"functional_1"`, ... by default.
        trainable: whether the model's weights are trained.
        **kwargs: Base layer keyword arguments such as `dtype`.

    Raises:
        ValueError: if `inputs` or `outputs` are not KerasTensors (or lists
            or dicts of them), if an input does not come from `keras.Input`,
            or if an output needs an input that is not in `inputs`.

    Examples:
        >>> a, b = keras.Input(shape=(2,), name="a"), keras.Input(shape=(3,), name="b")
        >>> merged = keras.layers.concatenate([a, b])
        >>> model = keras.Model([a, b], keras.layers.Dense(1)(merged))
        >>> model.input_names, model.output_shape
        (['a', 'b'], (None, 1))
        >>> model.predict({"a": np.ones((2, 2)), "b": np.ones((2, 3))}, verbose=0).shape
        (2, 1)
    """

    def __init__(self, inputs, outputs, name=None, trainable=True, **kwargs):
        super().__init__(name=name or _functional_name(), trainable=trainable, **kwargs)
        self._inputs_struct = _check_structure(inputs, "inputs")
        self._outputs_struct = _check_structure(outputs, "outputs")
        self.inputs = flatten_tensors(inputs)
        self.outputs = flatten_tensors(outputs)
        self._check_inputs_are_inputs()
        self._nodes, self._node_depths, layer_index = _map_graph(self.inputs, self.outputs)
        self._operations = _layers_by_depth(self._nodes, self._node_depths, layer_index)
        for layer in self._operations:
            if isinstance(layer, Layer) and not isinstance(layer, InputLayer):
                self._layers.append(layer)  # a `keras.Operation` is no layer: no weights
            layer._output_shape = _layer_output_shape(layer, self._nodes)
        self._build_input_shape = _shapes(self._inputs_struct)
        self.built = True

    def _check_inputs_are_inputs(self):
        for tensor in self.inputs:
            layer = history(tensor)[0]
            if not isinstance(layer, InputLayer):
                raise ValueError(
                    "All `inputs` of a functional model must come from `kerasish.Input`. "
                    f"Received a tensor produced by layer '{layer.name}': {tensor}"
                )

    # ----------------------------------------------------------- properties
    @property
    def layers(self):
        """All layers of the graph, input layers included, in Keras's order (inputs first);
        op nodes (`x * 2`, `keras.ops` calls) are no layers, as in Keras.

        Returns:
            A new list of layers.
        """
        return [op for op in self._operations if isinstance(op, Layer)]

    @property
    def input_names(self):
        """The names of the input layers, in the order of `inputs`.

        Returns:
            A list of strings.
        """
        return [history(t)[0].name for t in self.inputs]

    @property
    def output_names(self):
        """The names under which outputs are reported: the output layers' names,
        or the sorted keys of a dict of outputs.

        Returns:
            A list of strings.
        """
        if isinstance(self._outputs_struct, dict):
            return sorted(self._outputs_struct)
        return [history(t)[0].name for t in self.outputs]

    @property
    def input_shape(self):
        """The inputs' shapes, batch axis included: a tuple for one input, else a list or dict.

        Returns:
            A tuple, or a list or dict of tuples.
        """
        return _unwrap_single(self._inputs_struct, [tuple(t.shape) for t in self.inputs])

    @property
    def output_shape(self):
        """The outputs' shapes, batch axis included: a tuple for one output, else a list or dict.

        Returns:
            A tuple, or a list or dict of tuples.
        """
        return _unwrap_single(self._outputs_struct, [tuple(t.shape) for t in self.outputs])

    @property
    def input(self):
        return self._inputs_struct

    @property
    def output(self):
        return self._outputs_struct

    # ---------------------------------------------------------------- calling
    def _maybe_build(self, inputs):
        pass  # built at construction

    def call(self, inputs, training=None, mask=None):
        data = self._flatten_data(inputs)
        if mask is not None:
            # Masks given for the inputs ride on them into the graph, as in Keras.
            masks = mask if isinstance(mask, (list, tuple)) else [mask]
            data = [
                value if value_mask is None else with_keras_mask(value, value_mask)
                for value, value_mask in zip(data, list(masks) + [None] * len(data))
            ]
        values = {id(t): v for t, v in zip(self.inputs, data)}
        for node in self._nodes:
            layer = node.layer
            if isinstance(layer, InputLayer):
                continue
            args = _replace_tensors(node.call_args, values)
            kwargs = _replace_tensors(node.call_kwargs, values)
            # As in Keras 3, a `training` given to this call overrides the one
            # recorded at construction (`base(x, training=False)` runs in
            # training mode under fit once `base` is unfrozen: keras-team/keras#20285,
            # and Keras's files record training=True for augmentation layers).
            if layer._call_has_training_arg and (training is not None or "training" not in kwargs):
                kwargs["training"] = training
            outputs = layer(*args, **kwargs)
            outputs = outputs if isinstance(outputs, (list, tuple)) else [outputs]
            for tensor, value in zip(node.outputs, outputs):
                values[id(tensor)] = value
        outputs = _replace_tensors(self._outputs_struct, values)
        if isinstance(outputs, list) and len(outputs) == 1:
            return outputs[0]  # `Model(inputs, [y])` returns y, as in Keras
        return outputs

    def _flatten_data(self, inputs):
        """User data in the model's input order; dicts may be keyed by the
        model's input keys or by the input layers' names."""
        if isinstance(inputs, dict):
            if isinstance(self._inputs_struct, dict):
                keys = sorted(self._inputs_struct)
            else:
                keys = self.input_names
            missing = [k for k in keys if k not in inputs]
            if missing:
                raise ValueError(
                    f"Missing data for input(s) {missing} of model '{self.name}'. "
                    f"Expected the following keys: {keys}. Received keys: {list(inputs)}"
                )
            data = [inputs[k] for k in keys]
        elif isinstance(inputs, (list, tuple)):
            data = list(inputs)
        else:
            data = [inputs]
        if len(data) != len(self.inputs):
            raise ValueError(
                f"Model '{self.name}' expects {len(self.inputs)} input(s), but it received "
                f"{len(data)} input tensors."
            )
        for index, (tensor, value) in enumerate(zip(self.inputs, data)):
            _check_input_shape(self, index, tensor, value)
        return data

    def compute_output_shape(self, input_shape):
        return self.output_shape

    # ---------------------------------------------------------------- summary
    def summary(self, line_length=None, positions=None, print_fn=None, expand_nested=False,
                show_trainable=False, layer_range=None):
        connections = None if self._is_sequential_like() else self._connections
        summary_utils.print_summary(
            self, line_length, positions, print_fn, layers=self._operations,
            connections=connections, expand_nested=expand_nested,
            show_trainable=show_trainable, layer_range=layer_range,
        )

    def _is_sequential_like(self):
        """Keras drops the "Connected to" column for plain chains: one node per
        depth, each with at most one input, and no layer used twice."""
        by_depth = {}
        for node in self._nodes:
            by_depth.setdefault(self._node_depths[id(node)], []).append(node)
        for nodes in by_depth.values():
            if len(nodes) > 1 or len(nodes[0].input_tensors) > 1:
                return False
        layers = [node.layer for node in self._nodes]
        return len(layers) == len({id(layer) for layer in layers})

    def _connections(self, layer):
        parts = []
        for node in self._model_nodes(layer):
            for tensor in node.input_tensors:
                parent, node_index, tensor_index = history(tensor)
                parts.append(f"{parent.name}[{node_index}][{tensor_index}]")
        return ", ".join(parts) or "-"

    def _model_nodes(self, layer):
        ids = {id(node) for node in self._nodes}
        return [node for node in getattr(layer, "_inbound_nodes", []) if id(node) in ids]

    # ----------------------------------------------------------------- config
    def get_config(self):
        config = Layer.get_config(self)
        config.pop("dtype", None)
        node_indices = self._model_node_indices()
        layers = []
        for layer in self._operations:
            entry = serialize_keras_object(layer)
            entry.update(getattr(layer, "keras_class_entry", dict)())  # ops: Keras's module
            is_layer = isinstance(layer, Layer) and not isinstance(layer, InputLayer)
            build_config = layer.get_build_config() if is_layer else None  # ops have none
            if build_config is not None:
                entry["build_config"] = build_config
            entry["name"] = layer.name
            entry["inbound_nodes"] = [
                _node_config(node, node_indices)
                for node in self._model_nodes(layer)
                if not isinstance(layer, InputLayer)
            ]
            layers.append(entry)
        config["layers"] = layers
        config["input_layers"] = _history_structure(self._inputs_struct, node_indices)
        config["output_layers"] = _history_structure(self._outputs_struct, node_indices)
        return config

    def _model_node_indices(self):
        """Node index of each node within this model (a shared layer's nodes
        in other models do not count), as Keras numbers them in configs."""
        indices = {}
        for layer in self._operations:
            for index, node in enumerate(self._model_nodes(layer)):
                indices[id(node)] = index
        return indices

    @classmethod
    def from_config(cls, config, custom_objects=None):
        return functional_from_config(cls, config, custom_objects)


# ------------------------------------------------------------------ building


def _functional_name():
    return naming.auto_name("Functional")


def _check_structure(structure, name):
    if isinstance(structure, KerasTensor):
        return structure
    if isinstance(structure, (list, tuple)) and structure and all(
        isinstance(t, KerasTensor) for t in structure
    ):
        return list(structure)
    if isinstance(structure, dict) and structure and all(
        isinstance(t, KerasTensor) for t in structure.values()
    ):
        return dict(structure)
    raise ValueError(
        f"`{name}` of a functional model must be a KerasTensor, or a non-empty list or dict "
        f"of KerasTensors (from `kerasish.Input` and layer calls). Received: {name}={structure}"
    )


def _map_graph(inputs, outputs):
    """The nodes between `inputs` and `outputs` in Keras's order (deepest
    first), their depths, and each layer's discovery index. Raises if an output
    needs a tensor that is not computed from `inputs`."""
    input_ids = {id(t) for t in inputs}
    order, finished, layer_index = [], set(), {}

    def visit(tensor, consumer):
        layer, node_index, _ = history(tensor)
        node = layer._inbound_nodes[node_index]
        if id(node) in finished:
            return
        layer_index.setdefault(id(layer), len(layer_index))
        if id(tensor) not in input_ids:
            if isinstance(layer, InputLayer):
                raise ValueError(
                    f"Graph disconnected: layer '{consumer}' needs input '{layer.name}' of "
                    f"shape {tuple(tensor.shape)}, which is not among the model's `inputs` "
                    f"{[(history(t)[0].name, tuple(t.shape)) for t in inputs]}. The outputs "
                    "must be computed from the inputs only."
                )
            for parent in node.input_tensors:
                visit(parent, layer.name)
        finished.add(id(node))
        order.append(node)

    for tensor in outputs:
        visit(tensor, history(tensor)[0].name)
    for tensor in inputs:
        visit(tensor, None)  # inputs that no output uses still belong to the model
    depths = _node_depths(order)
    nodes = sorted(order, key=lambda n: -depths[id(n)])
    return nodes, depths, layer_index


def _node_depths(order):
    """Keras's depths: outputs are at 0, a node's parents one deeper, and
    every node of a shared layer at least as deep as the layer's others."""
    depths, layer_depths = {}, {}
    for node in reversed(order):
        depth = max(depths.setdefault(id(node), 0), layer_depths.get(id(node.layer), 0))
        layer_depths[id(node.layer)] = depth
        depths[id(node)] = depth
        for tensor in node.input_tensors:
            layer, node_index, _ = history(tensor)
            parent = layer._inbound_nodes[node_index]
            depths[id(parent)] = max(depth + 1, depths.get(id(parent), 0))
    return depths


def _layers_by_depth(nodes, depths, layer_index):
    """Each layer once, deepest first; ties in order of discovery."""
    layer_depth, layers = {}, {}
    for node in nodes:
        key = id(node.layer)
        layers[key] = node.layer
        layer_depth[key] = max(layer_depth.get(key, 0), depths[id(node)])
    return sorted(layers.values(), key=lambda l: (-layer_depth[id(l)], layer_index[id(l)]))


def _layer_output_shape(layer, nodes):
    for node in nodes:
        if node.layer is layer:
            shapes = [tuple(t.shape) for t in node.outputs]
            return shapes[0] if len(shapes) == 1 else shapes
    return None


def _shapes(structure):
    if isinstance(structure, KerasTensor):
        return tuple(structure.shape)
    if isinstance(structure, dict):
        return {k: tuple(v.shape) for k, v in structure.items()}
    return [tuple(t.shape) for t in structure]


def _unwrap_single(structure, shapes):
    if isinstance(structure, KerasTensor):
        return shapes[0]
    if isinstance(structure, dict):
        return dict(zip(sorted(structure), shapes))
    return shapes[0] if len(shapes) == 1 else shapes


def _replace_tensors(structure, values):
    """`structure` with each KerasTensor replaced by its computed value."""
    if isinstance(structure, KerasTensor):
        return values[id(structure)]
    if isinstance(structure, dict):
        return {k: _replace_tensors(v, values) for k, v in structure.items()}
    if isinstance(structure, (list, tuple)):
        return type(structure)(_replace_tensors(v, values) for v in structure)
    return structure


def _check_input_shape(model, index, tensor, value):
    shape = tuple(getattr(value, "shape", ()))
    expected = tuple(tensor.shape)
    compatible = len(shape) == len(expected) and all(
        e is None or e == s for e, s in zip(expected[1:], shape[1:])
    )
    if not compatible:
        raise ValueError(
            f"Input {index} of layer \"{model.name}\" is incompatible with the layer: "
            f"expected shape={expected}, found shape={shape}"
        )


# --------------------------------------------------------------------- config


def _tensor_config(tensor, node_indices):
    layer, node_index, tensor_index = history(tensor)
    node = layer._inbound_nodes[node_index]
    return {
        "class_name": "__keras_tensor__",
        "config": {
            "shape": tuple(tensor.shape),
            "dtype": tensor.dtype,
            "keras_history": [layer.name, node_indices.get(id(node), node_index), tensor_index],
        },
    }


def _serialize_args(structure, node_indices):
    if isinstance(structure, KerasTensor):
        return _tensor_config(structure, node_indices)
    if isinstance(structure, slice):  # keys of `x[...]`, as Keras writes them
        return {"class_name": "__slice__", "config": {
            "start": structure.start, "stop": structure.stop, "step": structure.step}}
    if structure is Ellipsis:
        return {"class_name": "__ellipsis__", "config": {}}
    if isinstance(structure, (np.ndarray, np.generic)):
        from kerasish.saving.serialization_lib import serialize_keras_object

        return serialize_keras_object(structure)
    if isinstance(structure, dict):
        return {k: _serialize_args(v, node_indices) for k, v in structure.items()}
    if isinstance(structure, (list, tuple)):
        return [_serialize_args(v, node_indices) for v in structure]
    return structure


def _node_config(node, node_indices):
    return {
        "args": _serialize_args(list(node.call_args), node_indices),
        "kwargs": _serialize_args(node.call_kwargs, node_indices),
    }


def _history_structure(structure, node_indices):
    def entry(tensor):
        return _tensor_config(tensor, node_indices)["config"]["keras_history"]

    if isinstance(structure, KerasTensor):
        return entry(structure)
    if isinstance(structure, dict):
        return {k: entry(v) for k, v in structure.items()}
    return [entry(t) for t in structure]


def functional_from_config(cls, config, custom_objects=None):
    """Rebuilds a functional model by creating its layers and replaying their
    recorded calls in an order where every call's inputs already exist."""
    from kerasish.ops.op_node import operation_from_keras_config

    # Calls are keyed by the names in the config, which can differ from the
    # rebuilt layers' names (a custom get_config may omit `name`, as in Keras).
    pending = []
    outputs_of = {}  # (config name, node index) -> output KerasTensors
    for layer_config in config["layers"]:
        layer = None
        if _is_keras_operation(layer_config, custom_objects):
            layer = operation_from_keras_config(layer_config)
            if layer is None:  # an operation kerasish does not rebuild
                _stand_in_for_operation(layer_config, outputs_of)
                continue
        layer = layer or layers_module.deserialize(layer_config, custom_objects=custom_objects)
        name = layer_config.get("name", layer.name)
        pending.append((name, layer, list(layer_config.get("inbound_nodes", []))))
    for name, layer, _ in pending:
        if isinstance(layer, InputLayer):
            outputs_of[(name, 0)] = [layer.output]
    progress = True
    while progress:
        progress = False
        for name, layer, nodes in pending:
            while nodes:
                node = nodes[0]
                try:
                    args = _deserialize_args(node["args"], outputs_of)
                    kwargs = _deserialize_args(node.get("kwargs", {}), outputs_of)
                except KeyError:
                    break
                kwargs = _drop_operation_masks(kwargs)
                _refuse_operation_outputs(name, (args, kwargs))
                output = layer(*args, **kwargs)
                index = sum(1 for key in outputs_of if key[0] == name)
                outputs_of[(name, index)] = output if isinstance(output, list) else [output]
                nodes.pop(0)
                progress = True
    if any(nodes for _, _, nodes in pending):
        stuck = [name for name, _, nodes in pending if nodes]
        raise ValueError(f"Could not rebuild the calls of layers {stuck} from the config.")

    def lookup(entry):
        name, node_index, tensor_index = entry
        tensor = outputs_of[(name, node_index)][tensor_index]
        _refuse_operation_outputs(config.get("name", "functional"), tensor)
        return tensor

    def structure(value):
        if isinstance(value, dict):
            return {k: lookup(v) for k, v in value.items()}
        if value and isinstance(value[0], (list, tuple)):
            return [lookup(v) for v in value]
        return lookup(value)

    return cls(
        inputs=structure(config["input_layers"]),
        outputs=structure(config["output_layers"]),
        name=config.get("name"),
        trainable=config.get("trainable", True),
    )


class _OperationOutput:
    """Stands for the output of a Keras operation kerasish has no op for,
    recorded in a Keras functional config. Harmless where a layer received it
    as a mask (kerasish passes masks from layer to layer); refused as data."""

    def __init__(self, class_name, name):
        self.class_name = class_name
        self.name = name


def _is_keras_operation(layer_config, custom_objects):
    """Keras writes an operation's module (`keras.src.ops.numpy`); legacy .h5
    configs drop modules, so there an unknown class named like a `keras.ops`
    function (`NotEqual`, `Any`) is one."""
    module = layer_config.get("module")
    if module:
        return str(module).startswith("keras.src.ops")

    class_name = str(layer_config.get("class_name", ""))
    if class_name in layers_module.ALL_OBJECTS_DICT or class_name in (custom_objects or {}):
        return False
    function_name = re.sub(r"(?<!^)(?=[A-Z])", "_", class_name).lower()
    return callable(getattr(ops, function_name, None))


def _stand_in_for_operation(layer_config, outputs_of):
    stand_in = _OperationOutput(layer_config.get("class_name"), layer_config["name"])
    for index, _ in enumerate(layer_config.get("inbound_nodes", [])):
        outputs_of[(layer_config["name"], index)] = [stand_in]


def _drop_operation_masks(kwargs):
    """A mask argument computed by a Keras operation becomes None: the layer
    then takes the mask its input carries, which is the same mask."""
    return {
        key: None if key.endswith("mask") and _computed_by_operation(value) else value
        for key, value in kwargs.items()
    }


def _computed_by_operation(value):
    from kerasish.ops.op_node import OpNode

    if isinstance(value, KerasTensor):
        return isinstance(getattr(value, "_keras_history", (None,))[0], OpNode)
    return isinstance(value, _OperationOutput)


def _refuse_operation_outputs(layer_name, structure):
    if isinstance(structure, _OperationOutput):
        raise ValueError(
            f"Layer '{layer_name}' in this functional config is called on the output of the "
            f"Keras operation '{structure.name}' ({structure.class_name}), which is no "
            "`keras.ops` function kerasish has; wrap the operation in a custom layer."
        )
    if isinstance(structure, dict):
        structure = list(structure.values())
    if isinstance(structure, (list, tuple)):
        for item in structure:
            _refuse_operation_outputs(layer_name, item)


def _deserialize_args(value, outputs_of):
    if isinstance(value, dict) and value.get("class_name") == "__keras_tensor__":
        name, node_index, tensor_index = value["config"]["keras_history"]
        return outputs_of[(name, node_index)][tensor_index]
    if isinstance(value, dict) and value.get("class_name") == "__slice__":
        return slice(*(_deserialize_args(value["config"][key], outputs_of)
                       for key in ("start", "stop", "step")))
    if isinstance(value, dict) and value.get("class_name") == "__ellipsis__":
        return Ellipsis
    if isinstance(value, dict) and value.get("class_name") == "__numpy__":
        return np.array(value["config"]["value"], dtype=value["config"]["dtype"])
    if isinstance(value, dict):
        return {k: _deserialize_args(v, outputs_of) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_deserialize_args(v, outputs_of) for v in value]
    return value
