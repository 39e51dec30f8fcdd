"""ONNX conversions of the preprocessing layers that compute numbers at
inference: Rescaling, Normalization (its adapted or given statistics folded
into constants), Resizing and CenterCrop (for images of known size), Masking,
and the random image augmentations, which pass images through unchanged
outside training.

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


def _image_axes(layer, shape):
    """(height axis, width axis) of images of rank 3 (one image) or 4."""
    rank = len(shape)
    return (rank - 3, rank - 2) if layer.data_format == "channels_last" else (rank - 2, rank - 1)


def _known_size(layer, shape):
    h_axis, w_axis = _image_axes(layer, shape)
    height, width = shape[h_axis], shape[w_axis]
    if height is None or width is None:
        raise ValueError(
            f"Layer '{layer.name}' of class {type(layer).__name__} gets images of unknown "
            "size: kerasish exports it for a known height and width (give them in "
            "keras.Input or in `input_signature`)."
        )
    return height, width


def _crop(g, x, axes, top, left, height, width):
    return g.op("Slice", x, g.ints([top, left], "starts"),
                g.ints([top + height, left + width], "ends"), g.ints(list(axes), "axes"))


def _resize(g, layer, x, shape, crop_to_aspect_ratio=False, pad_to_aspect_ratio=False,
            fill_value=0.0):
    """Keras's resizing of known-size images: the optional crop or pad, then
    the layer's own interpolation matrices along height and width (the same
    constants kerasish computes with, so every interpolation and antialias
    exports exactly)."""
    from kerasish.layers.preprocessing.image_preprocessing import image_utils
    from kerasish.layers.preprocessing.image_preprocessing.resize_weights import resize_matrix

    h_axis, w_axis = _image_axes(layer, shape)
    height, width = _known_size(layer, shape)
    target = (layer.height, layer.width)
    if crop_to_aspect_ratio:
        top, left, height, width = image_utils.aspect_ratio_crop_box(height, width, *target)
        x = _crop(g, x, (h_axis, w_axis), top, left, height, width)
    elif pad_to_aspect_ratio:
        x, height, width = _pad_to_aspect_ratio(g, x, shape, (h_axis, w_axis), height, width,
                                                target, fill_value)
    interpolation, antialias = getattr(layer, "interpolation", "bilinear"), getattr(
        layer, "antialias", False)
    for axis, size, new_size in ((h_axis, height, target[0]), (w_axis, width, target[1])):
        matrix = resize_matrix(size, new_size, interpolation, antialias).astype(np.float32)
        x = _along_axis(g, x, len(shape), axis, g.const(matrix, f"{layer.name}/resize"))
    return x


def _along_axis(g, x, rank, axis, matrix):
    """Output index i along `axis` = sum_j matrix[i, j] * input index j."""
    letters = "abcdefgh"[:rank]
    output = letters[:axis] + "z" + letters[axis + 1:]
    return g.op("Einsum", matrix, x, equation=f"z{letters[axis]},{letters}->{output}")


def _pad_to_aspect_ratio(g, x, shape, axes, height, width, target, fill_value):
    f32 = np.float32
    pad_height = max(height, int(f32(width * target[0]) / f32(target[1])))
    pad_width = max(width, int(f32(height * target[1]) / f32(target[0])))
    top = int(f32(pad_height - height) / f32(2))
    left = int(f32(pad_width - width) / f32(2))
    if top == 0 and left == 0:
        return x, height, width
    pads = [0] * (2 * len(shape))
    for axis, amount in zip(axes, (top, left)):
        pads[axis] = pads[axis + len(shape)] = amount
    x = g.op("Pad", x, g.ints(pads), g.const(fill_value), mode="constant")
    return x, height + 2 * top, width + 2 * left


def resizing(g, layer, inputs, shapes):
    x, dtype = inputs[0], g.dtype_of(inputs[0])
    y = _resize(g, layer, _as_float(g, x), shapes[0], layer.crop_to_aspect_ratio,
                layer.pad_to_aspect_ratio, layer.fill_value)
    if dtype.kind == "f":
        return y
    # Integer images come back in their dtype, rounded and saturated, as the layer does.
    info = np.iinfo(dtype)
    y = g.op("Clip", g.op("Round", y), g.const(info.min), g.const(info.max))
    y = g.op("Cast", y, to=g.onnx.helper.np_dtype_to_tensor_dtype(dtype))
    g.dtypes[y] = dtype
    return y


def center_crop(g, layer, inputs, shapes):
    """The centred window of images at least as large as the target; smaller
    ones are resized (bilinear, cropped to the aspect ratio), as the layer does."""
    shape = shapes[0]
    height, width = _known_size(layer, shape)
    x = _as_float(g, inputs[0])
    if height >= layer.height and width >= layer.width:
        top, left = (height - layer.height) // 2, (width - layer.width) // 2
        return _crop(g, x, _image_axes(layer, shape), top, left, layer.height, layer.width)
    return _resize(g, layer, x, shape, crop_to_aspect_ratio=True)


def masking(g, layer, inputs, shapes):
    """Zeros the timesteps whose features all equal `mask_value`."""
    x = inputs[0]
    differs = g.op("Not", g.op("Equal", x, g.const(layer.mask_value)))
    # (Any over the features: a max over 0/1 values, ReduceMax taking no booleans.)
    keep = g.reduce("ReduceMax", g.op("Cast", differs, to=g.onnx.TensorProto.FLOAT), [-1],
                    keepdims=1)
    keep = g.op("Cast", keep, to=g.onnx.TensorProto.BOOL)
    y = g.op("Where", keep, x, g.const(0.0))
    g.masks[y] = g.op("Squeeze", keep, g.ints([-1], "axes"))
    return y


def pass_through(g, layer, inputs, shapes):
    """The random augmentations outside training: images unchanged."""
    return g.op("Identity", inputs[0])


AUGMENTATIONS = ("RandomBrightness", "RandomContrast", "RandomCrop", "RandomFlip",
                 "RandomRotation", "RandomTranslation", "RandomZoom",
                 # Geometric, mixing and colour augmentations: all inactive outside training.
                 "RandomShear", "RandomPerspective", "RandomElasticTransform",
                 "RandomGaussianBlur", "RandomErasing", "CutMix", "MixUp", "Solarization",
                 "RandomInvert", "RandomGrayscale", "RandomColorDegeneration", "RandomSaturation",
                 "RandomHue", "RandomColorJitter", "RandomPosterization", "RandomSharpness",
                 "RandAugment", "AugMix", "Equalization")


# ------------------------------------------------------ index encodings
def _marked(g, value, dtype):
    """`value` cast to `dtype`, recorded as such when it is not float32."""
    dtype = np.dtype(dtype)
    value = g.op("Cast", value, to=g.onnx.helper.np_dtype_to_tensor_dtype(dtype))
    if dtype != np.float32:
        g.dtypes[value] = dtype
    return value


def _encode(g, layer, indices, shape, output_mode, depth, dtype):
    """Integer `indices` (int64) encoded as the layer's `output_mode`."""
    if output_mode == "int":
        return _marked(g, indices, dtype)
    if output_mode == "one_hot" and len(shape) > 1 and shape[-1] == 1:
        indices = g.op("Squeeze", indices, g.ints([-1], "axes"))
    elif output_mode != "one_hot" and len(shape) < 2:
        raise ValueError(
            f"Layer '{layer.name}' of class {type(layer).__name__} encodes a 1-D input as "
            f"{output_mode!r}, which kerasish cannot export to ONNX (give it a sequence axis)."
        )
    positions = g.const(np.arange(depth), "positions", np.int64)
    one_hot = g.op("Cast", g.op("Equal", g.op("Unsqueeze", indices, g.ints([-1], "axes")),
                                positions), to=g.onnx.TensorProto.FLOAT)
    if output_mode == "multi_hot":
        one_hot = g.reduce("ReduceMax", one_hot, [1], keepdims=0)
    elif output_mode == "count":
        one_hot = g.reduce("ReduceSum", one_hot, [1], keepdims=0)
    return _marked(g, one_hot, dtype)


def discretization(g, layer, inputs, shapes):
    """The bin of each value: how many boundaries lie at or below it."""
    if layer.bin_boundaries is None:
        raise ValueError(f"Layer '{layer.name}' of class Discretization has no bins yet: "
                         "pass `bin_boundaries` or call `adapt` before exporting it.")
    boundaries = g.const(np.asarray(layer.bin_boundaries, np.float32), f"{layer.name}/bins")
    above = g.op("GreaterOrEqual", g.op("Unsqueeze", _as_float(g, inputs[0]),
                                        g.ints([-1], "axes")), boundaries)
    indices = g.reduce("ReduceSum", g.op("Cast", above, to=g.onnx.TensorProto.INT64), [-1],
                       keepdims=0)
    return _encode(g, layer, indices, shapes[0], layer.output_mode,
                   len(layer.bin_boundaries) + 1, layer.output_dtype)


def category_encoding(g, layer, inputs, shapes):
    indices = g.op("Cast", inputs[0], to=g.onnx.TensorProto.INT64)
    return _encode(g, layer, indices, shapes[0], layer.output_mode, layer.num_tokens,
                   layer.compute_dtype)


def _check_lookup(layer, hashes_oov):
    """Refuses what a lookup's graph cannot do; `hashes_oov`: whether it can
    spread unknown values over several OOV indices."""
    name = type(layer).__name__
    problem = None
    if layer.invert:
        problem = "`invert=True`"
    elif layer.num_oov_indices > 1 and not hashes_oov:
        problem = f"`num_oov_indices={layer.num_oov_indices}` (FarmHash buckets)"
    if problem:
        raise ValueError(f"Layer '{layer.name}' of class {name} uses {problem}, which kerasish "
                         "cannot export to ONNX.")
    if not layer._tokens:
        raise ValueError(f"Layer '{layer.name}' of class {name} has no vocabulary yet: pass "
                         "`vocabulary` or call `adapt` before exporting it.")


def _mask_index(layer):
    """The mask token's index: 0 in "int" mode; out of range (an all-zero
    encoding) otherwise."""
    return 0 if layer.output_mode == "int" else -1


def _lookup_output(g, layer, indices, shape):
    """The vocabulary indices (int64) as the lookup layer's `output_mode`."""
    if layer.output_mode == "int":
        g.dtypes[indices] = np.dtype("int64")
        return indices
    depth = layer.max_tokens if layer.pad_to_max_tokens else layer._frozen_vocab_size
    if layer.output_mode != "tf_idf":
        return _encode(g, layer, indices, shape, layer.output_mode, depth, "int64")
    counts = _encode(g, layer, indices, shape, "count", depth, "float32")
    return g.op("Mul", counts, g.const(layer.idf_weights, f"{layer.name}/idf_weights"))


def integer_lookup(g, layer, inputs, shapes):
    """Each integer's vocabulary index (the out-of-vocabulary ones spread by
    `floormod` over the OOV indices), then encoded as the layer's `output_mode`."""
    _check_lookup(layer, hashes_oov=layer.oov_method != "farmhash")
    x = g.op("Cast", inputs[0], to=g.onnx.TensorProto.INT64)
    start = layer._token_start_index()
    matches = g.op("Cast", g.op("Equal", g.op("Unsqueeze", x, g.ints([-1], "axes")),
                                g.const(layer._tokens, f"{layer.name}/vocabulary", np.int64)),
                   to=g.onnx.TensorProto.INT64)
    positions = g.const(np.arange(start, start + len(layer._tokens)), "positions", np.int64)
    found = g.op("Cast", g.reduce("ReduceMax", matches, [-1], keepdims=0),
                 to=g.onnx.TensorProto.BOOL)
    known = g.reduce("ReduceSum", g.op("Mul", matches, positions), [-1], keepdims=0)
    oov = g.const(layer._oov_start_index(), "oov_start", np.int64)
    if layer.num_oov_indices > 1:
        buckets = g.const(layer.num_oov_indices, "oov_buckets", np.int64)
        oov = g.op("Add", oov, g.op("Mod", x, buckets))  # floor modulo, as Python's %
    indices = g.op("Where", found, known, oov)
    if layer.mask_token is not None:
        is_mask = g.op("Equal", x, g.const(layer.mask_token, "mask_token", np.int64))
        indices = g.op("Where", is_mask, g.const(_mask_index(layer), "mask_index", np.int64),
                       indices)
    return _lookup_output(g, layer, indices, shapes[0])


def string_lookup(g, layer, inputs, shapes):
    """Each string's vocabulary index by ONNX-ML's LabelEncoder (unknown ones:
    the one OOV index), then encoded as the layer's `output_mode`."""
    _check_lookup(layer, hashes_oov=False)
    start = layer._token_start_index()
    keys = [str(token) for token in layer._tokens]
    values = list(range(start, start + len(keys)))
    if layer.mask_token is not None:
        keys, values = keys + [layer.mask_token], values + [_mask_index(layer)]
    indices = g.op("LabelEncoder", inputs[0], domain="ai.onnx.ml", keys_strings=keys,
                   values_int64s=values, default_int64=layer._oov_start_index())
    return _lookup_output(g, layer, indices, shapes[0])
