"""ONNX conversions of the separable convolutions, adaptive pooling and
up-sampling layers, with the signature of every converter in
`onnx_layers.py`: `convert(g, layer, inputs, shapes)`."""

import numpy as np

from kerasish.export.onnx_layers import (
    apply_activation, channels_first_op, conv_attributes, depthwise_weights,
)
from kerasish.layers.convolutional.conv_utils import spatial_axes
from kerasish.layers.pooling.base_adaptive_pooling import adaptive_bins


def separable_conv(g, layer, inputs, shapes):
    """A depthwise Conv (one group per channel) and then a 1x1 Conv with the bias."""
    rank = len(shapes[0])
    depthwise = layer.depthwise_kernel.numpy()  # (*spatial, channels, multiplier)
    pointwise = layer.pointwise_kernel.numpy()  # (1, ..., 1, channels * multiplier, filters)
    depthwise_w = g.const(depthwise_weights(depthwise), f"{layer.name}/depthwise_kernel")
    pointwise_w = g.const(np.transpose(pointwise, [rank - 1, rank - 2] + list(range(rank - 2))),
                          f"{layer.name}/pointwise_kernel")
    bias = g.const(layer.bias.numpy(), f"{layer.name}/bias") if layer.use_bias else None
    attributes = conv_attributes(layer, shapes[0], group=depthwise.shape[-2])

    def emit(x):
        per_channel = g.op("Conv", x, depthwise_w, **attributes)
        return g.op("Conv", per_channel, pointwise_w, bias, kernel_shape=[1] * (rank - 2))

    y = channels_first_op(g, layer, inputs[0], rank, emit)
    return apply_activation(g, layer.activation, y, layer.name)


def _adaptive_pooling(op_type):
    """Keras's bins along each spatial axis in turn (max and mean over a
    rectangle are separable): a Slice and a Reduce per bin, concatenated."""

    def convert(g, layer, inputs, shapes):
        x = inputs[0]
        for axis, output_length in zip(spatial_axes(layer.rank, layer.data_format),
                                       layer.output_size):
            length = shapes[0][axis]
            if length is None:
                raise ValueError(
                    f"Layer '{layer.name}' of class {type(layer).__name__} pools an axis of "
                    "unknown size, whose bins ONNX cannot fix in advance. Export with the size "
                    "known (`keras.Input` with it, or `input_signature`)."
                )
            pieces = [
                g.reduce(op_type, g.op("Slice", x, g.ints([start], "starts"),
                                       g.ints([end], "ends"), g.ints([axis], "axes")),
                         [axis], keepdims=1)
                for start, end in adaptive_bins(length, output_length)
            ]
            x = g.op("Concat", *pieces, axis=axis) if len(pieces) > 1 else pieces[0]
        return x

    return convert


adaptive_average_pooling = _adaptive_pooling("ReduceMean")
adaptive_max_pooling = _adaptive_pooling("ReduceMax")


def up_sampling(g, layer, inputs, shapes):
    """UpSampling1D/2D/3D repeat entries (nearest neighbour), which this
    Resize does exactly, whatever the spatial sizes."""
    rank = len(shapes[0])
    data_format = getattr(layer, "data_format", "channels_last")
    scales = [1.0] * rank
    for axis, factor in zip(spatial_axes(rank - 2, data_format), layer.size):
        scales[axis] = float(factor)
    options = {"mode": "nearest", "nearest_mode": "floor",
               "coordinate_transformation_mode": "asymmetric"}
    return g.op("Resize", inputs[0], None, g.const(scales, "scales"), **options)


def converters(layers):
    """Layer class -> converter, for the classes of this module."""
    table = {
        layers.SeparableConv1D: separable_conv,
        layers.SeparableConv2D: separable_conv,
        layers.UpSampling1D: up_sampling,
        layers.UpSampling2D: up_sampling,
        layers.UpSampling3D: up_sampling,
    }
    for rank in (1, 2, 3):
        table[getattr(layers, f"AdaptiveAveragePooling{rank}D")] = adaptive_average_pooling
        table[getattr(layers, f"AdaptiveMaxPooling{rank}D")] = adaptive_max_pooling
    return table
