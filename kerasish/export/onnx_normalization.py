"""ONNX conversions of GroupNormalization, RMSNormalization and
SpectralNormalization, with the signature of every converter in
`onnx_layers.py`: `convert(g, layer, inputs, shapes)`."""

import numpy as np


def _parameter(g, layer, weight, rank, axes):
    """A weight laid over `axes` of a rank-`rank` input, 1 elsewhere, as a constant."""
    values = weight.numpy()
    shape = [1] * rank
    for axis, size in zip(axes, values.shape):
        shape[axis] = size
    return g.const(values.reshape(shape), f"{layer.name}/{weight.name}")


def group_normalization(g, layer, inputs, shapes):
    """The channels axis moved last and split into (groups, channels per
    group); mean and variance over everything but the batch and the group,
    then back to the input's layout (whose other sizes may be unknown)."""
    rank = len(shapes[0])
    axis = layer.axis % rank
    channels = shapes[0][axis]
    to_last = [a for a in range(rank) if a != axis] + [axis]
    x = inputs[0] if axis == rank - 1 else g.op("Transpose", inputs[0], perm=to_last)
    grouped = g.op("Reshape", x, g.ints([0, -1, layer.groups, channels // layer.groups]))
    mean = g.reduce("ReduceMean", grouped, [1, 3], keepdims=1)
    centered = g.op("Sub", grouped, mean)
    variance = g.reduce("ReduceMean", g.op("Mul", centered, centered), [1, 3], keepdims=1)
    normalized = g.op("Div", centered, g.op("Sqrt", g.op("Add", variance,
                                                         g.const(layer.epsilon))))
    y = g.op("Reshape", normalized, g.op("Shape", x))
    if axis != rank - 1:
        y = g.op("Transpose", y, perm=list(np.argsort(to_last)))
    if layer.gamma is not None:
        y = g.op("Mul", y, _parameter(g, layer, layer.gamma, rank, [axis]))
    if layer.beta is not None:
        y = g.op("Add", y, _parameter(g, layer, layer.beta, rank, [axis]))
    return y


def rms_normalization(g, layer, inputs, shapes):
    """x / sqrt(mean(x^2) + epsilon) over `axis`, times `scale`."""
    rank = len(shapes[0])
    axes = sorted(a % rank for a in layer.axis)
    x = inputs[0]
    mean_square = g.reduce("ReduceMean", g.op("Mul", x, x), axes, keepdims=1)
    y = g.op("Div", x, g.op("Sqrt", g.op("Add", mean_square, g.const(layer.epsilon))))
    return g.op("Mul", y, _parameter(g, layer, layer.scale, rank, axes))


def spectral_normalization(g, layer, inputs, shapes):
    """At inference the wrapper runs its layer on the kernel as it stands
    (training stores the normalized kernel in place), so the wrapped layer's
    own conversion is the whole of it."""
    from kerasish.export.onnx_layers import converter_for

    convert = converter_for(layer.layer)
    if convert is None:
        raise ValueError(
            f"Layer '{layer.name}' of class SpectralNormalization wraps "
            f"{type(layer.layer).__name__}, which kerasish cannot export to ONNX."
        )
    return convert(g, layer.layer, inputs, shapes)


def converters(layers):
    """Layer class -> converter, for the classes of this module."""
    return {
        layers.GroupNormalization: group_normalization,
        layers.RMSNormalization: rms_normalization,
        layers.SpectralNormalization: spectral_normalization,
    }
