"""`Function`: a graph of symbolic calls, from some KerasTensors to others,
replayed on values, as `keras.Function`.

Unlike a functional model it holds no weights of its own and is no layer:
it is an `Operation` whose `call` walks the recorded nodes (of layers and
operations) from its inputs to its outputs. Not to be confused with
`kerasish.backend.Function`, the autodiff engine's base of primitives.
"""

from kerasish import tree
from kerasish.backend.keras_tensor import KerasTensor
from kerasish.layers.node import history
from kerasish.ops.operation import Operation


class Function(Operation):
    """The computation linking symbolic inputs to symbolic outputs, reusable on new values.

    Build the outputs from the inputs by calling layers and operations on
    KerasTensors; the `Function` records the path and replays it on arrays.
    It is stateless: the layers it calls keep their own weights.

    Args:
        inputs: a KerasTensor, or a list, tuple or dict of them.
        outputs: KerasTensors computed from `inputs`, in any nesting; the
            results come back in the same structure.
        name: the function's name.

    Raises:
        ValueError: if `inputs` or `outputs` is empty, or an output needs a
            tensor that is not computed from `inputs`.

    Examples:
        >>> x = keras.Input(shape=(3,), name="features")
        >>> y = keras.layers.Dense(2, kernel_initializer="ones", name="scores")(x)
        >>> fn = keras.Function(inputs=x, outputs=[y, x])
        >>> out, same = fn(np.ones((1, 3), "float32"))
        >>> keras.ops.convert_to_numpy(out)
        array([[3., 3.]], dtype=float32)
        >>> [op.name for op in fn.operations]
        ['features', 'scores']
    """

    def __init__(self, inputs, outputs, name=None):
        super().__init__(name=name)
        self._inputs_struct = inputs
        self._outputs_struct = outputs
        self._inputs = tree.flatten(inputs)
        self._outputs = tree.flatten(outputs)
        for argument, flat in (("inputs", self._inputs), ("outputs", self._outputs)):
            if not flat:
                raise ValueError(
                    f"`{argument}` argument cannot be empty. Received:\n"
                    f"inputs={inputs}\noutputs={outputs}"
                )
        self._nodes, self._operations = _map_graph(self._inputs, self._outputs)

    @property
    def operations(self):
        """The operations and layers of the graph, deepest (nearest the inputs) first.

        Returns:
            A new list.
        """
        return list(self._operations)

    @property
    def inputs(self):
        """The symbolic inputs, flattened.

        Returns:
            A list of KerasTensors.
        """
        return self._inputs

    @property
    def outputs(self):
        """The symbolic outputs, flattened.

        Returns:
            A list of KerasTensors.
        """
        return self._outputs

    def call(self, inputs):
        """Runs the graph on values.

        Args:
            inputs: arrays in the structure of the function's `inputs`.

        Returns:
            The outputs, in the structure of the function's `outputs`.

        Raises:
            ValueError: if the structure or the shapes of `inputs` do not
                match the function's inputs.
        """
        self._assert_input_compatibility(inputs)
        values = {id(tensor): value for tensor, value in zip(self._inputs, tree.flatten(inputs))}
        for node in self._nodes:
            if all(id(tensor) in values for tensor in node.outputs):
                continue  # an input layer's node: its output is given
            args = tree.map_structure(lambda x: _lookup(x, values), node.call_args)
            kwargs = tree.map_structure(lambda x: _lookup(x, values), node.call_kwargs)
            results = node.layer(*args, **kwargs)
            for tensor, value in zip(node.outputs, tree.flatten(results)):
                values[id(tensor)] = value
        return tree.pack_sequence_as(
            self._outputs_struct, [values[id(tensor)] for tensor in self._outputs]
        )

    def compute_output_spec(self, inputs):
        """The outputs as KerasTensors for symbolic `inputs`.

        Args:
            inputs: KerasTensors in the structure of the function's `inputs`.

        Returns:
            KerasTensors in the structure of the function's `outputs`.
        """
        self._assert_input_compatibility(inputs)
        if all(
            tuple(x.shape) == tuple(ref.shape)
            for x, ref in zip(tree.flatten(inputs), self._inputs)
        ):
            return tree.map_structure(
                lambda x: KerasTensor(x.shape, x.dtype), self._outputs_struct
            )
        return super().compute_output_spec(inputs)

    def compute_output_shape(self, input_shape):
        """The outputs' shapes for inputs of the given shapes.

        Args:
            input_shape: a shape tuple per input, in the structure of `inputs`.

        Returns:
            Shape tuples in the structure of the function's `outputs`.
        """
        symbolic = tree.map_shape_structure(KerasTensor, input_shape)
        for tensor, reference in zip(tree.flatten(symbolic), self._inputs):
            tensor.dtype = reference.dtype  # only the shapes are asked about
        spec = self.compute_output_spec(symbolic)
        return tree.map_structure(lambda x: tuple(x.shape), spec)

    def _assert_input_compatibility(self, inputs):
        try:
            tree.assert_same_structure(inputs, self._inputs_struct)
        except (ValueError, TypeError):
            raise ValueError(
                "Function was called with an invalid input structure. "
                f"Expected input structure: {self._inputs_struct}\n"
                f"Received input structure: {inputs}"
            ) from None
        for value, reference in zip(tree.flatten(inputs), self._inputs):
            shape = tuple(getattr(value, "shape", ()))
            expected = tuple(reference.shape)
            if len(shape) != len(expected) or any(
                e is not None and s is not None and e != s for s, e in zip(shape, expected)
            ):
                raise ValueError(
                    f"{type(self).__name__} was passed incompatible inputs. For input "
                    f"'{reference.name}', expected shape {expected}, but received instead "
                    f"a tensor with shape {shape}."
                )

    def __repr__(self):
        return f"<Function name={self.name}>"


def _lookup(item, values):
    return values[id(item)] if isinstance(item, KerasTensor) else item


def _map_graph(inputs, outputs):
    """The nodes from `inputs` to `outputs` in an order they can run in, and
    the operations deepest first (depth: the longest path to an output, as
    Keras orders them; ties in order of discovery)."""
    input_ids = {id(t) for t in inputs}
    order, seen, discovery = [], set(), {}

    def visit(tensor, consumer):  # depth-first, parents before the node
        is_input = id(tensor) in input_ids
        if is_input and not _made_by_input_layer(tensor):
            return  # an intermediate tensor given as an input: the walk stops here
        if not is_input and (
            getattr(tensor, "_keras_history", None) is None or _made_by_input_layer(tensor)
        ):
            raise ValueError(
                f"Graph disconnected: cannot find parent for tensor {tensor} at operation "
                f"'{consumer}': it is neither among `inputs` nor computed from them."
            )
        operation, node_index, _ = history(tensor)
        node = operation._inbound_nodes[node_index]
        discovery.setdefault(id(operation), len(discovery))
        if id(node) in seen:
            return
        seen.add(id(node))
        for parent in node.input_tensors:
            visit(parent, operation.name)
        order.append(node)

    for tensor in outputs:
        visit(tensor, None)
    for tensor in inputs:  # inputs no output uses still belong to the graph
        if _made_by_input_layer(tensor):
            visit(tensor, None)
    depths = _node_depths(order, seen)
    order.sort(key=lambda node: -depths[id(node)])  # stable: parents stay first
    operation_depth = {}
    for node in order:
        key = id(node.layer)
        operation_depth[key] = max(operation_depth.get(key, 0), depths[id(node)])
    operations = list({id(node.layer): node.layer for node in order}.values())
    operations.sort(key=lambda op: (-operation_depth[id(op)], discovery[id(op)]))
    return order, operations


def _made_by_input_layer(tensor):
    from kerasish.layers.core.input_layer import InputLayer

    keras_history = getattr(tensor, "_keras_history", None)
    return keras_history is not None and isinstance(keras_history[0], InputLayer)


def _node_depths(order, graph_node_ids):
    """0 for the nodes making outputs, one more than its deepest consumer for
    every other node; `order` has parents before children."""
    depths = {}
    for node in reversed(order):
        depth = depths.setdefault(id(node), 0)
        for parent in node.input_tensors:
            operation, node_index, _ = getattr(parent, "_keras_history", (None, 0, 0))
            parent_node = operation and operation._inbound_nodes[node_index]
            if id(parent_node) not in graph_node_ids:
                continue  # outside the graph: an intermediate tensor given as input
            depths[id(parent_node)] = max(depths.get(id(parent_node), 0), depth + 1)
    return depths
