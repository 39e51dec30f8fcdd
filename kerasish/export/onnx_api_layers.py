"""ONNX conversions of the activation, cropping, padding and other simple
layers (`ReLU`, `Cropping2D`, `RepeatVector`, ...), with the signature of
every converter in `onnx_layers.py`: `convert(g, layer, inputs, shapes)`."""

import numpy as np

from kerasish.export.onnx_layers import embedding, identity

# Keras's UnitNormalization divides by sqrt(max(sum of squares, this)).
UNIT_NORM_EPSILON = 1e-12
# Dot(normalize=True) divides by max(norm, this).
DOT_EPSILON = 1e-7


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


def _l2_normalize(g, x, axes, floor):
    """x / sqrt(max(sum of x^2 over `axes`, floor))."""
    squares = g.reduce("ReduceSum", g.op("Mul", x, x), axes, keepdims=1)
    return g.op("Div", x, g.op("Sqrt", g.op("Max", squares, g.const(floor))))


def unit_normalization(g, layer, inputs, shapes):
    rank = len(shapes[0])
    axes = layer.axis if isinstance(layer.axis, (list, tuple)) else [layer.axis]
    return _l2_normalize(g, inputs[0], sorted(a % rank for a in axes), UNIT_NORM_EPSILON)


def dot(g, layer, inputs, shapes):
    """Per sample, the sum of x * y over one axis of each, as an Einsum: the
    batch axis shared, the contracted one summed, x's other axes and then y's
    kept. A rank-1 result gets a trailing axis, as in Keras."""
    (x, y), (x_shape, y_shape) = inputs, shapes
    axes = (layer.axes, layer.axes) if isinstance(layer.axes, int) else layer.axes
    x_axis, y_axis = axes[0] % len(x_shape), axes[1] % len(y_shape)
    if layer.normalize:
        x = _l2_normalize(g, x, [x_axis], DOT_EPSILON ** 2)
        y = _l2_normalize(g, y, [y_axis], DOT_EPSILON ** 2)
    free = iter("bcdefghijklmnopqrstuvwxy")
    x_letters = ["a"] + ["z" if a == x_axis else next(free) for a in range(1, len(x_shape))]
    y_letters = ["a"] + ["z" if a == y_axis else next(free) for a in range(1, len(y_shape))]
    kept = [c for c in x_letters + y_letters[1:] if c != "z"]
    equation = f"{''.join(x_letters)},{''.join(y_letters)}->{''.join(kept)}"
    product = g.op("Einsum", x, y, equation=equation)
    return g.op("Unsqueeze", product, g.ints([1], "axes")) if len(kept) == 1 else product


def reversible_embedding(g, layer, inputs, shapes, call_kwargs):
    """Embedding's lookup, or with `reverse=True` the logits: the inputs times
    the transposed embeddings (or the untied reverse ones), soft-capped."""
    if not call_kwargs.get("reverse", False):
        return embedding(g, layer, inputs, shapes)
    if layer.reverse_dtype not in (None, "float32"):
        raise ValueError(
            f"Layer '{layer.name}' of class ReversibleEmbedding computes its logits in "
            f"{layer.reverse_dtype}; kerasish exports float32 graphs only."
        )
    kernel = (layer.embeddings.numpy().T if layer.tie_weights
              else layer.reverse_embeddings.numpy())
    logits = g.op("MatMul", inputs[0], g.const(kernel, f"{layer.name}/reverse_kernel"))
    if layer.logit_soft_cap is None:
        return logits
    cap = g.const(float(layer.logit_soft_cap))
    return g.op("Mul", g.op("Tanh", g.op("Div", logits, cap)), cap)


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
        layers.Dot: dot,
        layers.ReversibleEmbedding: reversible_embedding,
    }
