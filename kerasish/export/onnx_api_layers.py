"""ONNX conversions of the activation, cropping, padding and other simple
layers (`ReLU`, `Cropping2D`, `RepeatVector`, ...), with the signature of
every converter in `onnx_layers.py`: `convert(g, layer, inputs, shapes)`."""

import numpy as np

from kerasish.export.onnx_layers import identity

# Keras's UnitNormalization divides by sqrt(max(sum of squares, this)).
UNIT_NORM_EPSILON = 1e-12


def relu(g, layer, inputs, shapes):
    """Keras's relu: x from `threshold` up, capped at `max_value`, and
    negative_slope * (x - threshold) below the threshold."""
    x = inputs[0]
    threshold = g.const(float(layer.threshold))
    below = g.op("Mul", g.op("Sub", x, threshold), g.const(float(layer.negative_slope)))
    y = g.op("Where", g.op("GreaterOrEqual", x, threshold), x, below)
    if layer.max_value is not None:
        y = g.op("Min", y, g.const(float(layer.max_value)))
    return y


def leaky_relu(g, layer, inputs, shapes):
    return g.op("LeakyRelu", inputs[0], alpha=float(layer.negative_slope))


def elu(g, layer, inputs, shapes):
    return g.op("Elu", inputs[0], alpha=float(layer.alpha))


def softmax(g, layer, inputs, shapes):
    if isinstance(layer.axis, (list, tuple)):
        raise ValueError(
            f"Layer '{layer.name}' takes its softmax over several axes ({layer.axis}), which "
            "ONNX's Softmax cannot; one axis can be exported."
        )
    return g.op("Softmax", inputs[0], axis=int(layer.axis))


def prelu(g, layer, inputs, shapes):
    # The slope has the input's shape without the batch axis (1 on shared axes),
    # which ONNX broadcasts from the right as Keras does.
    return g.op("PRelu", inputs[0], g.const(layer.alpha.numpy(), f"{layer.name}/alpha"))


def repeat_vector(g, layer, inputs, shapes):
    expanded = g.op("Unsqueeze", inputs[0], g.ints([1], "axes"))
    return g.op("Tile", expanded, g.ints([1, int(layer.n), 1], "repeats"))


def _spatial_axes(layer, rank):
    if getattr(layer, "data_format", "channels_last") == "channels_first":
        return list(range(2, rank))
    return list(range(1, rank - 1))


def _pairs(value, count):
    """Keras's cropping/padding argument as one (before, after) pair per axis."""
    if count == 1 and len(value) == 2 and all(isinstance(v, (int, np.integer)) for v in value):
        return [tuple(value)]
    return [tuple(pair) for pair in value]


def cropping(g, layer, inputs, shapes):
    rank = len(shapes[0])
    axes = _spatial_axes(layer, rank)
    pairs = _pairs(layer.cropping, len(axes))
    starts = [begin for begin, _ in pairs]
    # An end of 0 keeps everything: ONNX reads INT64_MAX as "to the end".
    ends = [-end if end else np.iinfo(np.int64).max for _, end in pairs]
    return g.op("Slice", inputs[0], g.ints(starts, "starts"), g.ints(ends, "ends"),
                g.ints(axes, "axes"))


def zero_padding(g, layer, inputs, shapes):
    rank = len(shapes[0])
    axes = _spatial_axes(layer, rank)
    pairs = dict(zip(axes, _pairs(layer.padding, len(axes))))
    begins = [pairs.get(axis, (0, 0))[0] for axis in range(rank)]
    ends = [pairs.get(axis, (0, 0))[1] for axis in range(rank)]
    return g.op("Pad", inputs[0], g.ints(begins + ends), mode="constant")


def unit_normalization(g, layer, inputs, shapes):
    rank = len(shapes[0])
    axes = layer.axis if isinstance(layer.axis, (list, tuple)) else [layer.axis]
    axes = sorted(a % rank for a in axes)
    x = inputs[0]
    squares = g.reduce("ReduceSum", g.op("Mul", x, x), axes, keepdims=1)
    norm = g.op("Sqrt", g.op("Max", squares, g.const(UNIT_NORM_EPSILON)))
    return g.op("Div", x, norm)


def converters(layers):
    """Layer class -> converter, for the classes of this module."""
    return {
        layers.ReLU: relu,
        layers.LeakyReLU: leaky_relu,
        layers.ELU: elu,
        layers.Softmax: softmax,
        layers.PReLU: prelu,
        layers.RepeatVector: repeat_vector,
        # the identity at inference, as Dropout is
        layers.ActivityRegularization: identity,
        layers.SpatialDropout3D: identity,
        layers.Cropping1D: cropping,
        layers.Cropping2D: cropping,
        layers.Cropping3D: cropping,
        layers.ZeroPadding1D: zero_padding,
        layers.ZeroPadding3D: zero_padding,
        layers.UnitNormalization: unit_normalization,
    }
