"""ONNX conversions of the preprocessing layers that compute numbers at
inference: Rescaling, Normalization (its adapted or given statistics folded
into constants), CenterCrop, Masking, and the random image augmentations,
which pass images through unchanged outside training.

Every one of these casts its inputs to float32 first, as the layers do, so a
model can take uint8 images and still export.
"""

import numpy as np


def _as_float(g, x):
    return g.op("Cast", x, to=g.onnx.TensorProto.FLOAT)


def rescaling(g, layer, inputs, shapes):
    from kerasish.backend import config as backend_config

    scale = np.asarray(layer.scale, np.float32)
    offset = np.asarray(layer.offset, np.float32)
    if scale.ndim > 0 and backend_config.image_data_format() == "channels_first":
        scale = scale.reshape(scale.shape + (1,) * (3 - scale.ndim))  # as the layer does
    y = g.op("Mul", _as_float(g, inputs[0]), g.const(scale, f"{layer.name}/scale"))
    return g.op("Add", y, g.const(offset, f"{layer.name}/offset"))


def normalization(g, layer, inputs, shapes):
    from kerasish.backend import config as backend_config

    mean, variance = (np.asarray(v, np.float32) for v in layer._statistics())
    stddev = np.maximum(np.sqrt(variance), np.float32(backend_config.epsilon()))
    x = _as_float(g, inputs[0])
    mean, stddev = g.const(mean, f"{layer.name}/mean"), g.const(stddev, f"{layer.name}/stddev")
    if layer.invert:
        return g.op("Add", mean, g.op("Mul", x, stddev))
    return g.op("Div", g.op("Sub", x, mean), stddev)


def center_crop(g, layer, inputs, shapes):
    shape = shapes[0]
    axes = [len(shape) - 3, len(shape) - 2] if layer.data_format == "channels_last" else [
        len(shape) - 2, len(shape) - 1]
    height, width = shape[axes[0]], shape[axes[1]]
    if height is None or width is None or height < layer.height or width < layer.width:
        raise ValueError(
            f"Layer '{layer.name}' of class CenterCrop gets images of size {height}x{width}: "
            f"kerasish exports it for images of known size at least "
            f"{layer.height}x{layer.width}, which it crops (smaller ones would be resized)."
        )
    top, left = (height - layer.height) // 2, (width - layer.width) // 2
    return g.op("Slice", _as_float(g, inputs[0]), g.ints([top, left], "starts"),
                g.ints([top + layer.height, left + layer.width], "ends"), g.ints(axes, "axes"))


def masking(g, layer, inputs, shapes):
    """Zeros the timesteps whose features all equal `mask_value`."""
    x = inputs[0]
    differs = g.op("Not", g.op("Equal", x, g.const(layer.mask_value)))
    # (Any over the features: a max over 0/1 values, ReduceMax taking no booleans.)
    keep = g.op("ReduceMax", g.op("Cast", differs, to=g.onnx.TensorProto.FLOAT),
                g.ints([-1], "axes"), keepdims=1)
    return g.op("Where", g.op("Cast", keep, to=g.onnx.TensorProto.BOOL), x, g.const(0.0))


def pass_through(g, layer, inputs, shapes):
    """The random augmentations outside training: images unchanged."""
    return g.op("Identity", inputs[0])


AUGMENTATIONS = ("RandomBrightness", "RandomContrast", "RandomCrop", "RandomFlip",
                 "RandomRotation", "RandomTranslation", "RandomZoom")
