"""ONNX conversions of kerasish's layers, one function per layer class.

Each converter is `convert(g, layer, inputs, shapes)`: `g` is a
`GraphBuilder`, `inputs` the ONNX value names the layer is called on, and
`shapes` their Keras shapes (batch axis first, None where unknown). It returns
the output value name, or a list of names for a layer with several outputs. The graphs keep Keras's channels-last layout; ONNX's
convolutions and pooling want channels first, so those converters transpose
in and out (ONNX Runtime folds the transposes away).

A layer class without a converter here cannot be exported; `converter_for`
says so before anything is written.
"""

import numpy as np

from kerasish.activations import serialize as activation_name

# Keras's SELU constants (more digits than ONNX's defaults).
SELU_ALPHA = 1.6732632423543772
SELU_SCALE = 1.0507009873554805


# ---------------------------------------------------------------- activations
def _swish(g, x):
    return g.op("Mul", x, g.op("Sigmoid", x))


def _hard_swish(g, x):
    """x * hard_sigmoid(x): ONNX's HardSwish, which opset 13 does not have yet."""
    return g.op("Mul", x, g.op("HardSigmoid", x, alpha=1.0 / 6.0, beta=0.5))


def _gelu(g, x):
    """Keras's exact GELU (the activation's default): x * Phi(x), Phi by Erf."""
    phi = g.op("Mul", g.op("Add", g.op("Erf", g.op("Mul", x, g.const(1.0 / np.sqrt(2.0)))),
                           g.const(1.0)), g.const(0.5))
    return g.op("Mul", x, phi)


def _mish(g, x):
    return g.op("Mul", x, g.op("Tanh", g.op("Softplus", x)))


def _sparse_plus(g, x):
    """0 up to -1, (x + 1)^2 / 4 between, x from 1 on."""
    shifted = g.op("Add", x, g.const(1.0))
    middle = g.op("Mul", g.op("Mul", shifted, shifted), g.const(0.25))
    upper = g.op("Where", g.op("GreaterOrEqual", x, g.const(1.0)), x, middle)
    return g.op("Where", g.op("LessOrEqual", x, g.const(-1.0)), g.const(0.0), upper)


def _squareplus(g, x, b=4.0):
    root = g.op("Sqrt", g.op("Add", g.op("Mul", x, x), g.const(b)))
    return g.op("Mul", g.op("Add", x, root), g.const(0.5))


ACTIVATIONS = {
    "linear": lambda g, x: x,
    "relu": lambda g, x: g.op("Relu", x),
    "sigmoid": lambda g, x: g.op("Sigmoid", x),
    "tanh": lambda g, x: g.op("Tanh", x),
    "softmax": lambda g, x: g.op("Softmax", x, axis=-1),
    "log_softmax": lambda g, x: g.op("LogSoftmax", x, axis=-1),
    "elu": lambda g, x: g.op("Elu", x, alpha=1.0),
    "selu": lambda g, x: g.op("Selu", x, alpha=SELU_ALPHA, gamma=SELU_SCALE),
    "softplus": lambda g, x: g.op("Softplus", x),
    "softsign": lambda g, x: g.op("Softsign", x),
    "exponential": lambda g, x: g.op("Exp", x),
    "silu": _swish,
    "swish": _swish,
    # Keras 3: hard_sigmoid(x) = relu6(x + 3) / 6, which is ONNX's HardSigmoid(1/6, 1/2).
    "hard_sigmoid": lambda g, x: g.op("HardSigmoid", x, alpha=1.0 / 6.0, beta=0.5),
    "hard_silu": _hard_swish,
    "hard_swish": _hard_swish,
    "relu6": lambda g, x: g.op("Clip", x, g.const(0.0), g.const(6.0)),
    "leaky_relu": lambda g, x: g.op("LeakyRelu", x, alpha=0.2),
    "gelu": _gelu,
    "mish": _mish,
    "celu": lambda g, x: g.op("Celu", x, alpha=1.0),
    "hard_tanh": lambda g, x: g.op("Clip", x, g.const(-1.0), g.const(1.0)),
    "hard_shrink": lambda g, x: g.op("Shrink", x, lambd=0.5, bias=0.0),
    "soft_shrink": lambda g, x: g.op("Shrink", x, lambd=0.5, bias=0.5),
    "tanh_shrink": lambda g, x: g.op("Sub", x, g.op("Tanh", x)),
    "log_sigmoid": lambda g, x: g.op("Neg", g.op("Softplus", g.op("Neg", x))),
    "sparse_plus": _sparse_plus,
    "sparse_sigmoid": lambda g, x: g.op("Clip", g.op("Mul", g.op("Add", x, g.const(1.0)),
                                                     g.const(0.5)), g.const(0.0), g.const(1.0)),
    "squareplus": _squareplus,
}


def apply_activation(g, activation, x, owner):
    name = activation_name(activation) if activation is not None else "linear"
    if not isinstance(name, str) or name not in ACTIVATIONS:
        raise ValueError(
            f"Layer '{owner}' uses the activation {name!r}, which kerasish cannot export to "
            f"ONNX. Exportable activations: {sorted(ACTIVATIONS)}."
        )
    return ACTIVATIONS[name](g, x)


# --------------------------------------------------------------- core layers
def dense(g, layer, inputs, shapes):
    y = g.op("MatMul", inputs[0], g.const(layer.kernel.numpy(), f"{layer.name}/kernel"))
    if layer.use_bias:
        y = g.op("Add", y, g.const(layer.bias.numpy(), f"{layer.name}/bias"))
    return apply_activation(g, layer.activation, y, layer.name)


def activation(g, layer, inputs, shapes):
    return apply_activation(g, layer.activation, inputs[0], layer.name)


def identity(g, layer, inputs, shapes):
    """Dropout and noise layers: the identity at inference."""
    return g.op("Identity", inputs[0])


def embedding(g, layer, inputs, shapes):
    indices = g.op("Cast", inputs[0], to=g.onnx.TensorProto.INT64)
    y = g.op("Gather", g.const(layer.embeddings.numpy(), f"{layer.name}/embeddings"), indices)
    if layer.mask_zero:
        g.masks[y] = g.op("Not", g.op("Equal", indices, g.const(0, "zero", np.int64)))
    return y


# ------------------------------------------------------------ reshaping layers
def flatten(g, layer, inputs, shapes):
    x = inputs[0]
    rank = len(shapes[0])
    if layer.data_format == "channels_first" and rank > 2:
        # Keras flattens channels-first data as if it were channels last.
        x = g.op("Transpose", x, perm=[0] + list(range(2, rank)) + [1])
    return g.op("Flatten", x, axis=1)


def reshape(g, layer, inputs, shapes):
    # 0 copies the batch size from the input; Keras's -1 is ONNX's -1.
    return g.op("Reshape", inputs[0], g.ints([0] + list(layer.target_shape)))


def permute(g, layer, inputs, shapes):
    return g.op("Transpose", inputs[0], perm=[0] + list(layer.dims))


def zero_padding2d(g, layer, inputs, shapes):
    (top, bottom), (left, right) = layer.padding
    if layer.data_format == "channels_last":
        begins, ends = [0, top, left, 0], [0, bottom, right, 0]
    else:
        begins, ends = [0, 0, top, left], [0, 0, bottom, right]
    return g.op("Pad", inputs[0], g.ints(begins + ends), mode="constant")


# ------------------------------------------------------------ merging layers
def _elementwise(op_type):
    def convert(g, layer, inputs, shapes):
        result = inputs[0]
        for other in inputs[1:]:
            result = g.op(op_type, result, other)
        return result

    return convert


def average(g, layer, inputs, shapes):
    total = _elementwise("Add")(g, layer, inputs, shapes)
    return g.op("Div", total, g.const(float(len(inputs))))


def concatenate(g, layer, inputs, shapes):
    return g.op("Concat", *inputs, axis=layer.axis)


# ------------------------------------------- convolution and pooling layers
def _to_channels_first(g, x, rank):
    return g.op("Transpose", x, perm=[0, rank - 1] + list(range(1, rank - 1)))


def _to_channels_last(g, x, rank):
    return g.op("Transpose", x, perm=[0] + list(range(2, rank)) + [1])


def channels_first_op(g, layer, x, rank, emit):
    """Runs `emit(x_channels_first)` on channels-last data, transposing around it."""
    if getattr(layer, "data_format", "channels_last") == "channels_first":
        return emit(x)
    return _to_channels_last(g, emit(_to_channels_first(g, x, rank)), rank)


def _same_pads(in_sizes, kernel, strides, dilations):
    """Explicit pads of Keras's 'same' padding (the extra pixel goes at the end),
    for known spatial sizes; ONNX wants begins then ends."""
    begins, ends = [], []
    for size, k, s, d in zip(in_sizes, kernel, strides, dilations):
        effective = (k - 1) * d + 1
        out = -(-size // s)
        total = max((out - 1) * s + effective - size, 0)
        begins.append(total // 2)
        ends.append(total - total // 2)
    return begins + ends


def _padding_attributes(layer, spatial_sizes, kernel, strides, dilations):
    if layer.padding == "valid":
        return {"pads": [0] * (2 * len(kernel))}
    if layer.padding == "causal":  # Conv1D: every zero on the left
        return {"pads": [(k - 1) * d for k, d in zip(kernel, dilations)] + [0] * len(kernel)}
    if None not in spatial_sizes:
        return {"pads": _same_pads(spatial_sizes, kernel, strides, dilations)}
    return {"auto_pad": "SAME_UPPER"}


def _spatial_sizes(layer, shape):
    if getattr(layer, "data_format", "channels_last") == "channels_first":
        return list(shape[2:])
    return list(shape[1:-1])


def conv_attributes(layer, shape, group=1):
    """Conv's attributes for `layer`'s kernel size, strides, dilations and
    padding on inputs of Keras shape `shape`."""
    return dict(
        kernel_shape=list(layer.kernel_size), strides=list(layer.strides),
        dilations=list(layer.dilation_rate), group=group,
        **_padding_attributes(layer, _spatial_sizes(layer, shape), layer.kernel_size,
                              layer.strides, layer.dilation_rate),
    )


def conv(g, layer, inputs, shapes):
    rank = len(shapes[0])
    kernel = layer.kernel.numpy()  # (*spatial, in / groups, out)
    weights = np.transpose(kernel, [rank - 1, rank - 2] + list(range(rank - 2)))
    bias = g.const(layer.bias.numpy(), f"{layer.name}/bias") if layer.use_bias else None
    attributes = conv_attributes(layer, shapes[0], getattr(layer, "groups", 1))
    w = g.const(weights, f"{layer.name}/kernel")
    y = channels_first_op(g, layer, inputs[0], rank,
                           lambda x: g.op("Conv", x, w, bias, **attributes))
    return apply_activation(g, layer.activation, y, layer.name)


def depthwise_weights(kernel):
    """Keras's (*spatial, channels, multiplier) depthwise kernel as ONNX's
    grouped Conv weights (channels * multiplier, 1, *spatial)."""
    channels, multiplier = kernel.shape[-2:]
    spatial = list(kernel.shape[:-2])
    weights = kernel.reshape(spatial + [channels * multiplier])
    return np.transpose(weights, [len(spatial)] + list(range(len(spatial))))[:, None]


def depthwise_conv(g, layer, inputs, shapes):
    rank = len(shapes[0])
    kernel = layer.kernel.numpy()
    bias = g.const(layer.bias.numpy(), f"{layer.name}/bias") if layer.use_bias else None
    attributes = conv_attributes(layer, shapes[0], group=kernel.shape[-2])
    w = g.const(depthwise_weights(kernel), f"{layer.name}/kernel")
    y = channels_first_op(g, layer, inputs[0], rank,
                           lambda x: g.op("Conv", x, w, bias, **attributes))
    return apply_activation(g, layer.activation, y, layer.name)


def _transpose_pads(layer):
    """Pads and output padding that give Keras's transposed-convolution sizes.

    ONNX's output length is stride * (in - 1) + output_padding + k_eff - pads;
    Keras's is in * stride (+ max(k_eff - stride, 0) for 'valid') without
    `output_padding`, and (in - 1) * stride + k_eff - 2 * pad + output_padding
    with it (pad = k_eff // 2 for 'same', 0 for 'valid'). The pads are those of
    the convolution this one transposes (the larger half at the end); neither
    depends on `in`, so a dynamic size exports too.
    """
    begins, ends, extras = [], [], []
    output_padding = layer.output_padding or (None,) * len(layer.kernel_size)
    for k, s, d, p in zip(layer.kernel_size, layer.strides, layer.dilation_rate, output_padding):
        effective = (k - 1) * d + 1
        if layer.padding == "valid":
            total = 0
            extra = max(s - effective, 0) if p is None else p
        elif p is None:
            total = max(effective - s, 0)
            extra = s - effective + total
        else:
            total = max(2 * (effective // 2) - p, 0)
            extra = p - 2 * (effective // 2) + total
        begins.append(total // 2)
        ends.append(total - total // 2)
        extras.append(extra)
    return begins + ends, extras


def conv_transpose(g, layer, inputs, shapes):
    rank = len(shapes[0])
    kernel = layer.kernel.numpy()  # (*spatial, out, in)
    weights = np.transpose(kernel, [rank - 1, rank - 2] + list(range(rank - 2)))
    bias = g.const(layer.bias.numpy(), f"{layer.name}/bias") if layer.use_bias else None
    pads, output_padding = _transpose_pads(layer)
    attributes = dict(
        kernel_shape=list(layer.kernel_size), strides=list(layer.strides),
        dilations=list(layer.dilation_rate), pads=pads, output_padding=output_padding,
    )
    w = g.const(weights, f"{layer.name}/kernel")
    y = channels_first_op(g, layer, inputs[0], rank,
                           lambda x: g.op("ConvTranspose", x, w, bias, **attributes))
    return apply_activation(g, layer.activation, y, layer.name)


def _pooling(op_type):
    def convert(g, layer, inputs, shapes):
        rank = len(shapes[0])
        attributes = dict(
            kernel_shape=list(layer.pool_size), strides=list(layer.strides),
            **_padding_attributes(layer, _spatial_sizes(layer, shapes[0]), layer.pool_size,
                                  layer.strides, [1] * len(layer.pool_size)),
        )
        if op_type == "AveragePool":
            attributes["count_include_pad"] = 0  # Keras averages over the real pixels only
        return channels_first_op(g, layer, inputs[0], rank,
                                  lambda x: g.op(op_type, x, **attributes))

    return convert


def _global_pooling(op_type):
    def convert(g, layer, inputs, shapes):
        rank = len(shapes[0])
        if layer.data_format == "channels_last":
            axes = list(range(1, rank - 1))
        else:
            axes = list(range(2, rank))
        return g.reduce(op_type, inputs[0], axes, keepdims=int(layer.keepdims))

    return convert


def global_average_pooling1d(g, layer, inputs, shapes):
    """The mean over the steps; with a Keras mask, over the unmasked ones."""
    mask = g.masks.get(inputs[0])
    if mask is None:
        return _global_pooling("ReduceMean")(g, layer, inputs, shapes)
    steps_axis = 1 if layer.data_format == "channels_last" else 2
    keep = g.op("Cast", g.op("Unsqueeze", mask, g.ints([3 - steps_axis], "axes")),
                to=g.onnx.TensorProto.FLOAT)
    keepdims = int(layer.keepdims)
    total = g.reduce("ReduceSum", g.op("Where", g.op("Cast", keep, to=g.onnx.TensorProto.BOOL),
                                       inputs[0], g.const(0.0)), [steps_axis], keepdims)
    return g.op("Div", total, g.reduce("ReduceSum", keep, [steps_axis], keepdims))


global_average_pooling1d.reads_masks = True


# ------------------------------------------------------- normalization layers
def _broadcast_shape(rank, axes, sizes):
    shape = [1] * rank
    for axis, size in zip(axes, sizes):
        shape[axis] = size
    return shape


def batch_normalization(g, layer, inputs, shapes):
    """Inference form: one scale and one shift per channel, folded into constants."""
    rank = len(shapes[0])
    axis = layer.axis % rank
    mean = layer.moving_mean.numpy().astype(np.float64)
    variance = layer.moving_variance.numpy().astype(np.float64)
    scale = 1.0 / np.sqrt(variance + layer.epsilon)
    if layer.scale:
        scale = scale * layer.gamma.numpy()
    shift = -mean * scale
    if layer.center:
        shift = shift + layer.beta.numpy()
    shape = _broadcast_shape(rank, [axis], [mean.size])
    y = g.op("Mul", inputs[0], g.const(scale.reshape(shape), f"{layer.name}/scale"))
    return g.op("Add", y, g.const(shift.reshape(shape), f"{layer.name}/shift"))


def layer_normalization(g, layer, inputs, shapes):
    rank = len(shapes[0])
    axes = layer.axis if isinstance(layer.axis, (list, tuple)) else [layer.axis]
    axes = sorted(a % rank for a in axes)
    x = inputs[0]
    mean = g.reduce("ReduceMean", x, axes, keepdims=1)
    centered = g.op("Sub", x, mean)
    variance = g.reduce("ReduceMean", g.op("Mul", centered, centered), axes, keepdims=1)
    y = g.op("Div", centered, g.op("Sqrt", g.op("Add", variance, g.const(layer.epsilon))))
    param_shape = _broadcast_shape(rank, axes, [shapes[0][a] for a in axes])
    if layer.scale:
        y = g.op("Mul", y, g.const(layer.gamma.numpy().reshape(param_shape), f"{layer.name}/gamma"))
    if layer.center:
        y = g.op("Add", y, g.const(layer.beta.numpy().reshape(param_shape), f"{layer.name}/beta"))
    return y


# ------------------------------------------------------------------- registry
def _converters():
    from kerasish import layers
    from kerasish.export import (
        onnx_api_layers, onnx_attention, onnx_normalization, onnx_preprocessing, onnx_recurrent,
        onnx_spatial,
    )

    table = {
        layers.Dense: dense,
        layers.Activation: activation,
        layers.Dropout: identity,
        layers.GaussianNoise: identity,
        layers.Embedding: embedding,
        layers.Flatten: flatten,
        layers.Reshape: reshape,
        layers.Permute: permute,
        layers.ZeroPadding2D: zero_padding2d,
        layers.Add: _elementwise("Add"),
        layers.Subtract: _elementwise("Sub"),
        layers.Multiply: _elementwise("Mul"),
        layers.Maximum: _elementwise("Max"),
        layers.Minimum: _elementwise("Min"),
        layers.Average: average,
        layers.Concatenate: concatenate,
        layers.Conv1D: conv,
        layers.Conv2D: conv,
        layers.Conv3D: conv,
        layers.DepthwiseConv1D: depthwise_conv,
        layers.DepthwiseConv2D: depthwise_conv,
        layers.Conv1DTranspose: conv_transpose,
        layers.Conv2DTranspose: conv_transpose,
        layers.Conv3DTranspose: conv_transpose,
        layers.MaxPooling1D: _pooling("MaxPool"),
        layers.MaxPooling2D: _pooling("MaxPool"),
        layers.MaxPooling3D: _pooling("MaxPool"),
        layers.AveragePooling1D: _pooling("AveragePool"),
        layers.AveragePooling2D: _pooling("AveragePool"),
        layers.AveragePooling3D: _pooling("AveragePool"),
        layers.GlobalAveragePooling1D: global_average_pooling1d,
        layers.GlobalAveragePooling2D: _global_pooling("ReduceMean"),
        layers.GlobalMaxPooling1D: _global_pooling("ReduceMax"),
        layers.GlobalMaxPooling2D: _global_pooling("ReduceMax"),
        layers.GlobalAveragePooling3D: _global_pooling("ReduceMean"),
        layers.GlobalMaxPooling3D: _global_pooling("ReduceMax"),
        layers.BatchNormalization: batch_normalization,
        layers.LayerNormalization: layer_normalization,
        layers.SimpleRNN: onnx_recurrent.recurrent,
        layers.LSTM: onnx_recurrent.recurrent,
        layers.GRU: onnx_recurrent.recurrent,
        layers.RNN: onnx_recurrent.recurrent,
        layers.Bidirectional: onnx_recurrent.bidirectional,
        layers.EinsumDense: onnx_attention.einsum_dense,
        layers.MultiHeadAttention: onnx_attention.multi_head_attention,
        layers.Attention: onnx_attention.attention,
        layers.AdditiveAttention: onnx_attention.additive_attention,
        layers.TimeDistributed: onnx_recurrent.time_distributed,
        layers.Rescaling: onnx_preprocessing.rescaling,
        layers.Normalization: onnx_preprocessing.normalization,
        layers.CenterCrop: onnx_preprocessing.center_crop,
        layers.Resizing: onnx_preprocessing.resizing,
        layers.Discretization: onnx_preprocessing.discretization,
        layers.CategoryEncoding: onnx_preprocessing.category_encoding,
        layers.IntegerLookup: onnx_preprocessing.integer_lookup,
        layers.StringLookup: onnx_preprocessing.string_lookup,
        layers.Masking: onnx_preprocessing.masking,
    }
    for family in (onnx_api_layers, onnx_spatial, onnx_normalization):
        table.update(family.converters(layers))
    for name in onnx_preprocessing.AUGMENTATIONS:
        table[getattr(layers, name)] = onnx_preprocessing.pass_through
    # Optional families: exported when the layer class exists in this version.
    for name, convert in (("Identity", identity), ("AlphaDropout", identity),
                          ("GaussianDropout", identity), ("SpatialDropout1D", identity),
                          ("SpatialDropout2D", identity)):
        cls = getattr(layers, name, None)
        if cls is not None:
            table[cls] = convert
    return table


# The layer classes without a converter, each with the reason (the error
# gives it; a test checks that every layer class has a converter or a reason).
NOT_EXPORTABLE = {
    "Hashing": "it hashes with FarmHash or SipHash, which ONNX has no operator for",
    "TextVectorization": "it standardizes and splits strings with regular expressions, "
                         "which ONNX's operators cannot; export the model after it (from the "
                         "integer token ids) and run the TextVectorization layer before serving",
    "Lambda": "it runs an arbitrary Python function, whose computation kerasish cannot read",
    "Layer": "it is the base class; a subclass computes whatever its `call` says",
    "Wrapper": "it is the base class of wrappers (Bidirectional, TimeDistributed, ...)",
    "InputLayer": "it is not a computation: it becomes the graph's input",
    "LSTMCell": "a cell exports inside the RNN layer that runs it",
    "GRUCell": "a cell exports inside the RNN layer that runs it",
    "SimpleRNNCell": "a cell exports inside the RNN layer that runs it",
    "StackedRNNCells": "a cell exports inside the RNN layer that runs it",
    "HashedCrossing": "it hashes with FarmHash, which ONNX has no operator for",
    "AutoContrast": "its per-image rescaling is not written as ONNX yet",
    "ContrastLimitedAdaptiveHistogramEqualization": "its tiled histograms are not written as "
                                                    "ONNX yet",
    "MaxNumBoundingBoxes": "it pads dicts of bounding boxes, not a tensor of the graph",
    "Pipeline": "it is a container: export a model that holds its layers",
    "STFTSpectrogram": "its converter is not written yet",
    "MelSpectrogram": "its converter is not written yet",
    "ConvLSTM1D": "ONNX's recurrent operators have no convolutional cell, and an unrolled "
                  "converter is not written yet",
    "ConvLSTM2D": "ONNX's recurrent operators have no convolutional cell, and an unrolled "
                  "converter is not written yet",
    "ConvLSTM3D": "ONNX's recurrent operators have no convolutional cell, and an unrolled "
                  "converter is not written yet",
    "GroupedQueryAttention": "its converter (MultiHeadAttention's with repeated key/value "
                           "heads) is not written yet",
}


def refusal_reason(layer):
    """Why `layer`'s class cannot be exported, when it is one of kerasish's own."""
    from kerasish import layers

    name = type(layer).__name__
    from kerasish.saving.serialization_lib import keras_class_name

    public = keras_class_name(type(layer))
    if name in NOT_EXPORTABLE and getattr(layers, public, None) is type(layer):
        return NOT_EXPORTABLE[name]
    return None


def converter_for(layer):
    """The converter of `layer`'s class, or None when it cannot be exported.
    Only the exact class counts: a subclass may compute something else."""
    return _converters().get(type(layer))


def exportable_layer_classes():
    """The layer classes `Model.export(format="onnx")` can convert."""
    return sorted(cls.__name__ for cls in _converters())
