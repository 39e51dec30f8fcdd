"""Questions about symbolic tensors: `is_keras_tensor`, `get_source_inputs`."""

from kerasish.backend.keras_tensor import KerasTensor


def is_keras_tensor(x):
    """Returns whether `x` is a symbolic tensor (from `keras.Input` or a layer called on one).

    Args:
        x: any value.

    Returns:
        A bool: True for KerasTensors, False for arrays, Tensors and the rest.

    Examples:
        >>> keras.utils.is_keras_tensor(keras.Input(shape=(3,)))
        True
        >>> keras.utils.is_keras_tensor(np.ones(3))
        False
    """
    return isinstance(x, KerasTensor)


def get_source_inputs(tensor):
    """Returns the `keras.Input` tensors a symbolic tensor was computed from.

    Args:
        tensor: a KerasTensor (any other value is returned as it is).

    Returns:
        A list of the input KerasTensors, each once, in the order met going
        back through the layers' inputs.

    Examples:
        >>> a, b = keras.Input(shape=(2,), name="a"), keras.Input(shape=(2,), name="b")
        >>> total = keras.layers.Dense(1)(keras.layers.add([a, b]))
        >>> [t.name for t in keras.utils.get_source_inputs(total)]
        ['a', 'b']
    """
    history = getattr(tensor, "_keras_history", None)
    if history is None:
        return tensor
    layer, node_index, _ = history
    inbound = getattr(layer, "_inbound_nodes", None)
    if not inbound:
        return [tensor]
    node = inbound[node_index]
    if not node.input_tensors:  # an input layer's node
        return list(node.outputs)
    sources = []
    for parent in node.input_tensors:
        for source in get_source_inputs(parent):
            if all(source is not known for known in sources):
                sources.append(source)
    return sources
