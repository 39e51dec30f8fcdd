"""Shape checks run when a layer meets its inputs, with Keras's wording
("Input 0 with name 'None' of layer 'name' is incompatible with the layer:
...", as Keras 3.15 words them for layers whose input has no name)."""


def check_ndim(layer, shape, ndim=None, min_ndim=None, index=0):
    shape = tuple(shape)
    if ndim is not None and len(shape) != ndim:
        raise ValueError(
            f"Input {index} with name 'None' of layer '{layer.name}' is incompatible with the "
            "layer: "
            f"expected ndim={ndim}, found ndim={len(shape)}. Full shape received: {shape}"
        )
    if min_ndim is not None and len(shape) < min_ndim:
        raise ValueError(
            f"Input {index} with name 'None' of layer '{layer.name}' is incompatible with the "
            "layer: "
            f"expected min_ndim={min_ndim}, found ndim={len(shape)}. "
            f"Full shape received: {shape}"
        )


def check_axis(layer, shape, axis, expected, index=0):
    shape = tuple(shape)
    if expected is not None and shape[axis] not in (expected, None):
        raise ValueError(
            f"Input {index} with name 'None' of layer '{layer.name}' is incompatible with the "
            "layer: expected "
            f"axis {axis} of input shape to have value {expected}, but received input with "
            f"shape {shape}"
        )
