"""`Model.export(format="onnx")`: ONNX Runtime gives `model.predict`'s numbers.

Every exportable layer class has a case (`test_every_exportable_layer_has_a_case`);
each case is exported, checked by `onnx.checker`, run by ONNX Runtime on
random inputs of batch 1 and 7, and compared with `predict`. Whole models
(MLP, convnet, a functional DAG with a shared layer, nested models) and the
errors (another format, a layer that cannot be exported, a subclassed model)
follow. Without `onnx`/`onnxruntime` the tests skip, except under CI.
"""

import os

import numpy as np
import pytest

import kerasish as keras
from kerasish import layers
from tests.ci_env import IN_CI

try:
    import onnx
    import onnxruntime
except ImportError:  # pragma: no cover - depends on the machine
    if IN_CI:
        raise
    pytest.skip('ONNX export tests need onnx and onnxruntime: pip install ".[test]"',
                allow_module_level=True)

WORDS = ["the", "cat", "sat", "on", "mat", "", "[UNK]", "dog"]

# float32 sums in another order (ONNX Runtime's kernels against NumPy's BLAS).
ATOL = 2e-5
RTOL = 1e-4


def _sequential(input_shape, *stack, dtype="float32"):
    return keras.Sequential([keras.Input(input_shape, dtype=dtype), *stack])


def _randomize(model, seed=0):
    """Non-trivial weights everywhere (biases, BatchNormalization statistics)."""
    rng = np.random.default_rng(seed)
    model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype(w.dtype)
                       for w in model.get_weights()])
    for layer in model.layers:
        if isinstance(layer, layers.BatchNormalization):
            layer.moving_variance.assign(rng.uniform(0.5, 1.5, layer.moving_variance.shape)
                                         .astype("float32"))
        if getattr(layer, "adapt_variance", None) is not None:  # adapted Normalization
            layer.adapt_variance.assign(rng.uniform(0.5, 1.5, layer.adapt_variance.shape)
                                        .astype("float32"))
    return model


def _inputs(model_input_shapes, batch, seed, dtypes):
    rng = np.random.default_rng(seed)
    arrays = []
    for shape, dtype in zip(model_input_shapes, dtypes):
        full = (batch,) + tuple(d for d in shape[1:])
        if dtype == "string":  # words in and out of the string cases' vocabulary
            arrays.append(rng.choice(np.array(WORDS), full))
        elif np.dtype(dtype) == bool:
            # Masks that keep the first position, so no row is fully masked
            # (Keras's two attention paths give such rows zeros or uniform weights).
            mask = rng.random(full) < 0.6
            mask[..., 0] = True
            arrays.append(mask)
        elif np.dtype(dtype).kind in "iu":
            arrays.append(rng.integers(0, 10, full).astype(dtype))
        else:
            arrays.append(rng.standard_normal(full).astype("float32"))
    return arrays


def assert_onnx_matches_predict(model, tmp_path, batches=(1, 7), opset_version=None):
    path = str(tmp_path / "model.onnx")
    model.export(path, format="onnx", verbose=False, opset_version=opset_version)
    onnx.checker.check_model(onnx.load(path))
    session = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"])
    specs = session.get_inputs()
    # Dynamic axes but the batch get 4 steps (1 would hide causal masks, reversals).
    shapes = [tuple(4 if isinstance(d, str) else d for d in spec.shape) for spec in specs]
    dtypes = [{"tensor(float)": "float32", "tensor(int32)": "int32",
               "tensor(int64)": "int64", "tensor(bool)": "bool",
               "tensor(uint8)": "uint8", "tensor(string)": "string"}[spec.type] for spec in specs]
    for batch in batches:
        arrays = _inputs(shapes, batch, seed=batch, dtypes=dtypes)
        ours = model.predict(arrays if len(arrays) > 1 else arrays[0], verbose=0)
        ours = ours if isinstance(ours, list) else [ours]
        theirs = session.run(None, {spec.name: a for spec, a in zip(specs, arrays)})
        assert len(ours) == len(theirs)
        for expected, got in zip(ours, theirs):
            assert got.shape == expected.shape, (got.shape, expected.shape)
            assert np.isfinite(expected).all()  # NaNs on both sides would compare equal
            np.testing.assert_allclose(got, expected, rtol=RTOL, atol=ATOL)


# ------------------------------------------------------------- layer cases
CASES = {
    # (Each lambda binds its own value: a bare closure would see the loop's last one.)
    "Dense": [lambda a=a: _sequential((5,), layers.Dense(4, activation=a)) for a in (
        "linear", "relu", "sigmoid", "tanh", "softmax", "log_softmax", "elu", "selu",
        "softplus", "softsign", "exponential", "silu", "swish", "hard_sigmoid", "hard_silu",
        "relu6", "leaky_relu", "gelu", "mish", "celu", "hard_tanh", "hard_shrink", "soft_shrink",
        "tanh_shrink", "log_sigmoid", "sparse_plus", "sparse_sigmoid", "squareplus")]
    + [lambda: _sequential((3, 5), layers.Dense(2, use_bias=False))],
    "Activation": [lambda: _sequential((6,), layers.Activation("tanh")),
                   lambda: _sequential((2, 6), layers.Activation("softmax"))],
    "Dropout": [lambda: _sequential((6,), layers.Dropout(0.5))],
    "GaussianNoise": [lambda: _sequential((6,), layers.GaussianNoise(0.3))],
    "Embedding": [lambda: _sequential((7,), layers.Embedding(10, 3), dtype="int32")],
    "Flatten": [lambda: _sequential((3, 4, 2), layers.Flatten()),
                lambda: _sequential((3, 4, 2), layers.Flatten(data_format="channels_first"))],
    "Reshape": [lambda: _sequential((12,), layers.Reshape((3, 4))),
                lambda: _sequential((12,), layers.Reshape((-1, 2)))],
    "Permute": [lambda: _sequential((3, 4, 2), layers.Permute((3, 1, 2)))],
    "ZeroPadding2D": [lambda: _sequential((4, 5, 2), layers.ZeroPadding2D(((1, 2), (0, 3)))),
                      lambda: _sequential((2, 4, 5), layers.ZeroPadding2D(
                          1, data_format="channels_first"))],
    "UpSampling2D": [lambda: _sequential((3, 4, 2), layers.UpSampling2D((2, 3)))],
    "Conv1D": [lambda: _sequential((9, 3), layers.Conv1D(4, 3, strides=2, padding="same")),
               lambda: _sequential((9, 3), layers.Conv1D(4, 2, dilation_rate=2,
                                                         activation="relu")),
               lambda: _sequential((9, 3), layers.Conv1D(2, 3, dilation_rate=2,
                                                         padding="causal"))],
    "Conv2D": [lambda: _sequential((7, 8, 3), layers.Conv2D(4, 3, padding="same", strides=2)),
               lambda: _sequential((7, 8, 4), layers.Conv2D(4, (2, 3), groups=2)),
               lambda: _sequential((3, 7, 8), layers.Conv2D(
                   2, 3, padding="same", data_format="channels_first"))],
    "DepthwiseConv2D": [lambda: _sequential((7, 8, 3), layers.DepthwiseConv2D(
        3, depth_multiplier=2, padding="same", strides=2))],
    "Conv1DTranspose": [lambda: _sequential((5, 3), layers.Conv1DTranspose(2, 3, strides=2)),
                        lambda: _sequential((5, 3), layers.Conv1DTranspose(
                            2, 3, strides=2, padding="same"))],
    "Conv2DTranspose": [
        lambda p=p: _sequential((4, 5, 3), layers.Conv2DTranspose(2, 3, strides=2, padding=p))
        for p in ("valid", "same")
    ] + [
        lambda: _sequential((4, 5, 3), layers.Conv2DTranspose(2, 2, strides=3)),
        lambda: _sequential((4, 5, 3), layers.Conv2DTranspose(2, 2, strides=3, padding="same")),
        lambda: _sequential((4, 5, 3), layers.Conv2DTranspose(
            2, 3, strides=2, padding="same", output_padding=1)),
    ],
    "MaxPooling1D": [lambda: _sequential((9, 2), layers.MaxPooling1D(2, padding="same"))],
    "MaxPooling2D": [lambda: _sequential((7, 9, 2), layers.MaxPooling2D(3, 2, padding="same")),
                     lambda: _sequential((7, 9, 2), layers.MaxPooling2D())],
    "AveragePooling1D": [lambda: _sequential((9, 2), layers.AveragePooling1D(2))],
    "AveragePooling2D": [lambda: _sequential((7, 9, 2), layers.AveragePooling2D(
        3, 2, padding="same"))],
    "GlobalAveragePooling1D": [lambda: _sequential((6, 3), layers.GlobalAveragePooling1D())],
    "GlobalAveragePooling2D": [lambda: _sequential((4, 5, 3), layers.GlobalAveragePooling2D(
        keepdims=True))],
    "GlobalMaxPooling1D": [lambda: _sequential((6, 3), layers.GlobalMaxPooling1D())],
    "GlobalMaxPooling2D": [lambda: _sequential((4, 5, 3), layers.GlobalMaxPooling2D())],
    "BatchNormalization": [lambda: _sequential((4, 5, 3), layers.BatchNormalization()),
                           lambda: _sequential((3, 4), layers.BatchNormalization(
                               axis=1, center=False))],
    "LayerNormalization": [lambda: _sequential((4, 6), layers.LayerNormalization()),
                           lambda: _sequential((3, 4, 2), layers.LayerNormalization(
                               axis=[1, 2], scale=False))],
}


def _merge_model(layer_class, count=2):
    inputs = [keras.Input((4,)) for _ in range(count)]
    return keras.Model(inputs, layer_class()(inputs))


for _name in ("Add", "Subtract", "Multiply", "Maximum", "Minimum", "Average"):
    CASES[_name] = [lambda c=getattr(layers, _name): _merge_model(c, 2)]

def _concatenate_model():
    a, b = keras.Input((4, 2)), keras.Input((4, 3))
    return keras.Model([a, b], layers.Concatenate(axis=-1)([a, b]))


CASES["Concatenate"] = [_concatenate_model]
CASES.update({
    "ReLU": [lambda: _sequential((6,), layers.ReLU()),
             lambda: _sequential((6,), layers.ReLU(max_value=0.3, negative_slope=0.1,
                                                   threshold=0.2))],
    "LeakyReLU": [lambda: _sequential((6,), layers.LeakyReLU(negative_slope=0.25))],
    "ELU": [lambda: _sequential((6,), layers.ELU(alpha=0.7))],
    "Softmax": [lambda: _sequential((3, 4), layers.Softmax()),
                lambda: _sequential((3, 4), layers.Softmax(axis=1))],
    "PReLU": [lambda: _sequential((3, 4), layers.PReLU()),
              lambda: _sequential((3, 4, 2), layers.PReLU(shared_axes=[1, 2]))],
    "RepeatVector": [lambda: _sequential((4,), layers.RepeatVector(3))],
    "ActivityRegularization": [lambda: _sequential((4,), layers.ActivityRegularization(l1=0.1))],
    "SpatialDropout3D": [lambda: _sequential((2, 3, 4, 2), layers.SpatialDropout3D(0.3))],
    "Cropping1D": [lambda: _sequential((7, 2), layers.Cropping1D((1, 2))),
                   lambda: _sequential((7, 2), layers.Cropping1D((0, 3)))],
    "Cropping2D": [lambda: _sequential((6, 7, 2), layers.Cropping2D(((1, 0), (2, 1)))),
                   lambda: _sequential((2, 6, 7), layers.Cropping2D(
                       1, data_format="channels_first"))],
    "Cropping3D": [lambda: _sequential((5, 6, 7, 2), layers.Cropping3D(((1, 1), (0, 2), (1, 0))))],
    "ZeroPadding1D": [lambda: _sequential((5, 2), layers.ZeroPadding1D((1, 2)))],
    "ZeroPadding3D": [lambda: _sequential((2, 3, 4, 2), layers.ZeroPadding3D(((1, 0), (0, 2), (1, 1))))],
    "UnitNormalization": [lambda: _sequential((3, 4), layers.UnitNormalization()),
                          lambda: _sequential((3, 4), layers.UnitNormalization(axis=[1, 2]))],
    "GlobalAveragePooling3D": [lambda: _sequential((2, 3, 4, 2), layers.GlobalAveragePooling3D())],
    "GlobalMaxPooling3D": [lambda: _sequential((2, 3, 4, 2), layers.GlobalMaxPooling3D(
        keepdims=True))],
})
for _name in ("Identity", "AlphaDropout", "GaussianDropout"):
    if hasattr(layers, _name):
        CASES[_name] = [lambda c=getattr(layers, _name): _sequential(
            (6,), c(0.2) if c.__name__ != "Identity" else c())]
for _name in ("SpatialDropout1D", "SpatialDropout2D"):
    if hasattr(layers, _name):
        CASES[_name] = [lambda c=getattr(layers, _name), shape={
            "SpatialDropout1D": (5, 3), "SpatialDropout2D": (4, 5, 3)}[_name]: _sequential(
            shape, c(0.2))]

# ------------------------------------------------------------ recurrent cases
def _rnn(layer, shape=(6, 3)):
    return _sequential(shape, layer)


def _recurrent_variants(cls, **options):
    return [
        lambda: _rnn(cls(4, **options)),
        lambda: _rnn(cls(4, return_sequences=True, **options)),
        lambda: _rnn(cls(4, go_backwards=True, **options)),
        lambda: _rnn(cls(4, return_sequences=True, go_backwards=True, **options)),
        lambda: _rnn(cls(3, use_bias=False, **options)),
        lambda: _rnn(cls(4, return_sequences=True, **options), shape=(None, 3)),
    ]


def _functional(shape, layer):
    x = keras.Input(shape)
    return keras.Model(x, layer(x))


def _return_state_model(cls):
    return _functional((5, 3), cls(4, return_state=True))


CASES["SimpleRNN"] = _recurrent_variants(layers.SimpleRNN) + [
    lambda: _rnn(layers.SimpleRNN(4, activation="relu")), lambda: _return_state_model(
        layers.SimpleRNN)]
CASES["LSTM"] = _recurrent_variants(layers.LSTM) + [
    lambda: _rnn(layers.LSTM(4, activation="relu", recurrent_activation="tanh")),
    lambda: _rnn(layers.LSTM(4, recurrent_activation="hard_sigmoid")),
    lambda: _rnn(layers.LSTM(4, activation="hard_sigmoid", recurrent_activation="hard_sigmoid")),
    lambda: _return_state_model(layers.LSTM),
    lambda: _sequential((6, 3), layers.LSTM(5, return_sequences=True), layers.LSTM(2))]
CASES["GRU"] = (_recurrent_variants(layers.GRU) + _recurrent_variants(layers.GRU, reset_after=False)
                + [lambda: _return_state_model(layers.GRU),
                   lambda: _rnn(layers.GRU(4, recurrent_activation="hard_sigmoid",
                                           activation="relu"))])
CASES["RNN"] = [lambda: _rnn(layers.RNN(layers.LSTMCell(4), return_sequences=True)),
                lambda: _rnn(layers.RNN(layers.GRUCell(4), go_backwards=True)),
                lambda: _rnn(layers.RNN(layers.SimpleRNNCell(4))),
                lambda: _rnn(layers.RNN([layers.LSTMCell(4), layers.GRUCell(3)])),
                lambda: _rnn(layers.RNN(layers.StackedRNNCells([
                    layers.SimpleRNNCell(4), layers.LSTMCell(2)]), return_sequences=True,
                    go_backwards=True))]
CASES["Bidirectional"] = [
    lambda m=m, s=s: _rnn(layers.Bidirectional(layers.LSTM(4, return_sequences=s), merge_mode=m))
    for m in ("concat", "sum", "ave", "mul") for s in (False, True)
] + [
    lambda: _functional((6, 3), layers.Bidirectional(layers.GRU(3, return_sequences=True),
                                                     merge_mode=None)),
    lambda: _functional((6, 3), layers.Bidirectional(layers.LSTM(3, return_state=True))),
    lambda: _rnn(layers.Bidirectional(layers.SimpleRNN(3), backward_layer=layers.SimpleRNN(
        3, go_backwards=True))),
    lambda: _rnn(layers.Bidirectional(layers.LSTM(2, return_sequences=True), backward_layer=
                                      layers.GRU(2, go_backwards=True, return_sequences=True))),
]

# ------------------------------------------------------------ attention cases
def _attention_model(layer, query_shape=(5, 6), value_shape=(7, 6), key_shape=None, **call):
    query, value = keras.Input(query_shape), keras.Input(value_shape)
    inputs = [query, value] + ([keras.Input(key_shape)] if key_shape else [])
    if isinstance(layer, layers.MultiHeadAttention):
        outputs = layer(*inputs, **call)
    else:
        outputs = layer(inputs, **call)
    return keras.Model(inputs, outputs)


def _self_attention_model(layer, shape=(5, 6), **call):
    x = keras.Input(shape)
    return keras.Model(x, layer(x, x, **call))


def _attention_mask_model():
    query, value = keras.Input((5, 6)), keras.Input((7, 6))
    mask = keras.Input((5, 7), dtype="bool")
    outputs = layers.MultiHeadAttention(2, 3)(query, value, attention_mask=mask)
    return keras.Model([query, value, mask], outputs)


CASES["EinsumDense"] = [
    lambda: _sequential((5,), layers.EinsumDense("ab,bc->ac", output_shape=4, bias_axes="c")),
    lambda: _sequential((3, 5), layers.EinsumDense("abc,cde->abde", output_shape=(None, 2, 4),
                                                   bias_axes="de", activation="relu")),
    lambda: _sequential((3, 5), layers.EinsumDense("...b,bc->...c", output_shape=4)),
    lambda: _sequential((3, 5), layers.EinsumDense("abc,cd->abd", output_shape=(3, 4),
                                                   bias_axes="b")),
]
CASES["MultiHeadAttention"] = [
    lambda: _attention_model(layers.MultiHeadAttention(2, 3)),
    lambda: _attention_model(layers.MultiHeadAttention(2, 3, value_dim=4, use_bias=False,
                                                       output_shape=5), key_shape=(7, 4)),
    lambda: _self_attention_model(layers.MultiHeadAttention(3, 2), use_causal_mask=True),
    lambda: _self_attention_model(layers.MultiHeadAttention(2, 3, use_gate=True)),
    lambda: _attention_model(layers.MultiHeadAttention(2, 3), return_attention_scores=True),
    lambda: _attention_model(layers.MultiHeadAttention(2, 2, attention_axes=(1, 2)),
                             query_shape=(3, 4, 5), value_shape=(2, 3, 5)),
    lambda: _attention_model(layers.MultiHeadAttention(2, 3), query_shape=(None, 6),
                             value_shape=(None, 6), use_causal_mask=True),
    _attention_mask_model,
]
CASES["Attention"] = [
    lambda: _attention_model(layers.Attention()),
    lambda: _attention_model(layers.Attention(use_scale=True), key_shape=(7, 6)),
    lambda: _attention_model(layers.Attention(score_mode="concat", use_scale=True)),
    lambda: _attention_model(layers.Attention(), value_shape=(5, 6), use_causal_mask=True),
    lambda: _attention_model(layers.Attention(), return_attention_scores=True),
]
CASES["AdditiveAttention"] = [
    lambda: _attention_model(layers.AdditiveAttention()),
    lambda: _attention_model(layers.AdditiveAttention(use_scale=False), key_shape=(7, 6)),
    lambda: _attention_model(layers.AdditiveAttention(), value_shape=(5, 6),
                             use_causal_mask=True),
]

# ------------------------------------------------ preprocessing and wrappers
def _adapted_normalization(axis=-1, invert=False, shape=(4, 3)):
    layer = layers.Normalization(axis=axis, invert=invert)
    layer.adapt(np.random.default_rng(1).normal(2.0, 3.0, (20,) + shape).astype("float32"))
    return layer


CASES["Rescaling"] = [lambda: _sequential((4, 3), layers.Rescaling(1 / 255.0, offset=-0.5)),
                      lambda: _sequential((4, 5, 3), layers.Rescaling([0.5, 2.0, -1.0])),
                      lambda: _sequential((4, 5, 3), layers.Rescaling(2.0), dtype="uint8")]
CASES["Normalization"] = [
    lambda: _sequential((4, 3), _adapted_normalization()),
    lambda: _sequential((4, 3), _adapted_normalization(axis=(1, 2))),
    lambda: _sequential((4, 3), _adapted_normalization(invert=True)),
    lambda: _sequential((4, 3), layers.Normalization(mean=[1.0, 2.0, 3.0],
                                                     variance=[4.0, 0.0, 0.25])),
]
CASES["CenterCrop"] = [lambda: _sequential((7, 8, 3), layers.CenterCrop(4, 5)),
                       lambda: _sequential((3, 7, 6), layers.CenterCrop(
                           4, 4, data_format="channels_first")),
                       lambda: _sequential((3, 8, 2), layers.CenterCrop(4, 5))]
CASES["Resizing"] = [
    lambda i=i: _sequential((5, 7, 2), layers.Resizing(8, 4, interpolation=i))
    for i in ("bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5")
] + [
    lambda: _sequential((9, 8, 2), layers.Resizing(4, 3, antialias=True)),
    lambda: _sequential((9, 6, 2), layers.Resizing(4, 4, crop_to_aspect_ratio=True)),
    lambda: _sequential((9, 6, 2), layers.Resizing(4, 4, pad_to_aspect_ratio=True,
                                                   fill_value=0.5)),
    lambda: _sequential((2, 5, 7), layers.Resizing(3, 9, data_format="channels_first")),
    lambda: _sequential((5, 7, 2), layers.Resizing(8, 4), dtype="uint8"),
]
CASES["Discretization"] = [
    lambda m=m: _sequential((4,), layers.Discretization([-0.5, 0.0, 0.7], output_mode=m))
    for m in ("int", "one_hot", "multi_hot", "count")
] + [lambda: _sequential((3, 2), layers.Discretization([0.0, 1.0])),
     lambda: _sequential((5,), layers.Discretization([0.0, 1.0], output_mode="one_hot"),
                         layers.Flatten(), layers.Dense(2))]
CASES["CategoryEncoding"] = [
    lambda m=m, s=s: _sequential(s, layers.CategoryEncoding(10, output_mode=m), dtype="int32")
    for m, s in (("one_hot", (3,)), ("one_hot", (1,)), ("multi_hot", (4,)), ("count", (6,)))
]
CASES["IntegerLookup"] = [
    lambda m=m: _sequential((6,), layers.IntegerLookup(vocabulary=[5, 7, 2, 9], output_mode=m),
                            dtype="int32")
    for m in ("int", "one_hot", "multi_hot", "count")
] + [
    lambda: _sequential((6,), layers.IntegerLookup(vocabulary=[5, 7, 2], num_oov_indices=3,
                                                   mask_token=0), dtype="int32"),
    lambda: _sequential((6,), layers.IntegerLookup(vocabulary=[5, 7, 2], mask_token=0,
                                                   output_mode="multi_hot"), dtype="int32"),
    lambda: _sequential((6,), layers.IntegerLookup(
        vocabulary=[5, 7, 2], output_mode="tf_idf", idf_weights=[0.5, 1.0, 2.0]), dtype="int64"),
    lambda: _sequential((6,), layers.IntegerLookup(vocabulary=[5, 7, 2], max_tokens=8,
                                                   pad_to_max_tokens=True,
                                                   output_mode="count"), dtype="int32"),
]
CASES["StringLookup"] = [
    lambda m=m: _sequential((6,), layers.StringLookup(vocabulary=["the", "cat", "sat", "mat"],
                                                      output_mode=m), dtype="string")
    for m in ("int", "one_hot", "multi_hot", "count")
] + [
    lambda: _sequential((6,), layers.StringLookup(vocabulary=["cat", "the"], mask_token=""),
                        dtype="string"),
    lambda: _sequential((6,), layers.StringLookup(vocabulary=["cat", "the"], mask_token="",
                                                  output_mode="count"), dtype="string"),
    lambda: _sequential((6,), layers.StringLookup(
        vocabulary=["cat", "the", "on"], output_mode="tf_idf", idf_weights=[0.5, 1.0, 2.0]),
        dtype="string"),
    lambda: _sequential((6,), layers.StringLookup(vocabulary=["cat", "the"]), layers.Embedding(
        3, 4), layers.GRU(2), dtype="string"),
]
CASES["Masking"] = [lambda: _sequential((5, 3), layers.Masking(0.0), layers.Dense(2))]
CASES["TimeDistributed"] = [
    lambda: _sequential((5, 3), layers.TimeDistributed(layers.Dense(4, activation="tanh"))),
    lambda: _sequential((None, 6, 6, 2), layers.TimeDistributed(layers.Conv2D(3, 3)),
                        layers.TimeDistributed(layers.Flatten())),
]
for _name in ("RandomBrightness", "RandomContrast", "RandomCrop", "RandomFlip",
              "RandomRotation", "RandomTranslation", "RandomZoom"):
    _arguments = {"RandomBrightness": (0.2,), "RandomContrast": (0.3,), "RandomCrop": (3, 4),
                  "RandomFlip": (), "RandomRotation": (0.2,), "RandomTranslation": (0.1, 0.2),
                  "RandomZoom": (0.2,)}[_name]
    CASES[_name] = [lambda c=getattr(layers, _name), a=_arguments: _sequential(
        (6, 7, 3), c(*a), layers.Conv2D(2, 3))]

# The newer augmentations, inactive outside training: each exports as the identity.
_INACTIVE_AUGMENTATIONS = {
    "RandomShear": dict(x_factor=0.3), "RandomPerspective": dict(factor=0.5),
    "RandomElasticTransform": dict(factor=0.5), "RandomGaussianBlur": dict(factor=0.5),
    "RandomErasing": dict(factor=0.5), "CutMix": dict(), "MixUp": dict(),
    "Solarization": dict(addition_factor=0.3), "RandomInvert": dict(factor=0.5),
    "RandomGrayscale": dict(factor=0.5), "RandomColorDegeneration": dict(factor=0.5),
    "RandomSaturation": dict(factor=0.5), "RandomHue": dict(factor=0.5),
    "RandomColorJitter": dict(brightness_factor=0.2), "RandomPosterization": dict(factor=4),
    "RandomSharpness": dict(factor=0.5), "RandAugment": dict(), "AugMix": dict(),
    "Equalization": dict(),
}
for _name, _kwargs in _INACTIVE_AUGMENTATIONS.items():
    CASES[_name] = [lambda c=getattr(layers, _name), k=_kwargs: _sequential(
        (8, 8, 3), c(**k), layers.Conv2D(2, 3))]


# ------------------------------------------ 3-D, separable, adaptive, more
def _dot_model(x_shape, y_shape, **options):
    x, y = keras.Input(x_shape), keras.Input(y_shape)
    return keras.Model([x, y], layers.Dot(**options)([x, y]))


def _reversible_embedding_model(**options):
    tokens = keras.Input((5,), dtype="int32")
    embedding = layers.ReversibleEmbedding(12, 4, **options)
    hidden = layers.Dense(4, activation="tanh")(embedding(tokens))
    return keras.Model(tokens, embedding(hidden, reverse=True))


def _channels_first_cases(name, last_shape, first_shape, *args, **options):
    cls = getattr(layers, name)
    return [lambda: _sequential(last_shape, cls(*args, **options)),
            lambda: _sequential(first_shape, cls(*args, data_format="channels_first", **options))]


CASES.update({
    "Conv3D": [lambda: _sequential((4, 5, 6, 2), layers.Conv3D(3, 2, strides=2, padding="same")),
               lambda: _sequential((4, 5, 6, 2), layers.Conv3D(
                   4, (2, 3, 1), dilation_rate=(1, 1, 2), groups=2, activation="relu")),
               lambda: _sequential((2, 4, 5, 6), layers.Conv3D(
                   3, 3, padding="same", data_format="channels_first"))],
    "Conv3DTranspose": [
        lambda p=p: _sequential((3, 4, 2, 2), layers.Conv3DTranspose(2, 3, strides=2, padding=p))
        for p in ("valid", "same")
    ] + [lambda: _sequential((2, 3, 4, 2), layers.Conv3DTranspose(
        3, 2, strides=(1, 2, 3), data_format="channels_first"))],
    "DepthwiseConv1D": [
        lambda: _sequential((9, 3), layers.DepthwiseConv1D(3, depth_multiplier=2, strides=2,
                                                           padding="same")),
        lambda: _sequential((9, 3), layers.DepthwiseConv1D(2, dilation_rate=2, use_bias=False)),
        lambda: _sequential((3, 9), layers.DepthwiseConv1D(3, padding="same",
                                                           data_format="channels_first"))],
    "SeparableConv1D": [
        lambda: _sequential((9, 3), layers.SeparableConv1D(4, 3, depth_multiplier=2,
                                                           padding="same", activation="relu")),
        lambda: _sequential((3, 9), layers.SeparableConv1D(2, 2, strides=2,
                                                           data_format="channels_first"))],
    "SeparableConv2D": [
        lambda: _sequential((7, 8, 3), layers.SeparableConv2D(4, 3, strides=2, padding="same")),
        lambda: _sequential((7, 8, 3), layers.SeparableConv2D(2, (2, 3), dilation_rate=2,
                                                              use_bias=False)),
        lambda: _sequential((3, 7, 8), layers.SeparableConv2D(
            2, 3, depth_multiplier=2, padding="same", data_format="channels_first"))],
    "MaxPooling3D": _channels_first_cases("MaxPooling3D", (4, 5, 6, 2), (2, 4, 5, 6), 2)
    + [lambda: _sequential((4, 5, 6, 2), layers.MaxPooling3D(3, 2, padding="same"))],
    "AveragePooling3D": _channels_first_cases("AveragePooling3D", (4, 5, 6, 2), (2, 4, 5, 6),
                                              (2, 3, 2), padding="same"),
    "AdaptiveAveragePooling1D": _channels_first_cases(
        "AdaptiveAveragePooling1D", (7, 3), (3, 7), 3)
    + [lambda: _sequential((5, 2), layers.AdaptiveAveragePooling1D(7))],
    "AdaptiveMaxPooling1D": _channels_first_cases("AdaptiveMaxPooling1D", (7, 3), (3, 7), 4),
    "AdaptiveAveragePooling2D": _channels_first_cases(
        "AdaptiveAveragePooling2D", (7, 9, 2), (2, 7, 9), (3, 4)),
    "AdaptiveMaxPooling2D": _channels_first_cases(
        "AdaptiveMaxPooling2D", (7, 9, 2), (2, 7, 9), (2, 5)),
    "AdaptiveAveragePooling3D": _channels_first_cases(
        "AdaptiveAveragePooling3D", (4, 5, 6, 2), (2, 4, 5, 6), 2),
    "AdaptiveMaxPooling3D": _channels_first_cases(
        "AdaptiveMaxPooling3D", (4, 5, 6, 2), (2, 4, 5, 6), (3, 2, 4)),
    "UpSampling1D": [lambda: _sequential((5, 3), layers.UpSampling1D(3))],
    "UpSampling3D": _channels_first_cases("UpSampling3D", (2, 3, 4, 2), (2, 2, 3, 4), (2, 1, 3)),
    "Dot": [lambda: _dot_model((4,), (4,), axes=1),
            lambda: _dot_model((3, 5), (4, 5), axes=2),
            lambda: _dot_model((3, 5), (3, 4), axes=1, normalize=True),
            lambda: _dot_model((5, 3), (4, 5), axes=(1, 2)),
            lambda: _dot_model((2, 3, 5), (5,), axes=-1)],
    "GroupNormalization": [
        lambda: _sequential((4, 5, 6), layers.GroupNormalization(groups=3)),
        lambda: _sequential((6, 4, 5), layers.GroupNormalization(groups=2, axis=1, epsilon=0.1)),
        lambda: _sequential((6,), layers.GroupNormalization(groups=3, center=False)),
        lambda: _sequential((None, 4), layers.GroupNormalization(groups=2, scale=False)),
        lambda: _sequential((5, 3), layers.GroupNormalization(groups=-1))],
    "RMSNormalization": [lambda: _sequential((3, 4), layers.RMSNormalization()),
                         lambda: _sequential((3, 4, 2), layers.RMSNormalization(
                             axis=[1, 2], epsilon=0.1))],
    "SpectralNormalization": [
        lambda: _sequential((5,), layers.SpectralNormalization(layers.Dense(3))),
        lambda: _sequential((6, 7, 2), layers.SpectralNormalization(
            layers.Conv2D(3, 3, activation="relu")))],
    "ReversibleEmbedding": [
        lambda: _sequential((5,), layers.ReversibleEmbedding(12, 4), dtype="int32"),
        lambda: _reversible_embedding_model(),
        lambda: _reversible_embedding_model(tie_weights=False, logit_soft_cap=2.0)],
})


LAYER_CASES = [(name, index, factory) for name, factories in sorted(CASES.items())
               for index, factory in enumerate(factories)]


def test_every_exportable_layer_has_a_case():
    assert sorted(CASES) == keras.export.exportable_layers()


def test_every_layer_class_exports_or_says_why_not():
    import inspect

    from kerasish.export.onnx_layers import NOT_EXPORTABLE

    public = {name for name in dir(layers) if inspect.isclass(getattr(layers, name))
              and issubclass(getattr(layers, name), layers.Layer)}
    classes = {getattr(layers, name).__name__ for name in public}  # aliases: one class
    exportable = set(keras.export.exportable_layers())
    assert classes - exportable == set(NOT_EXPORTABLE)
    assert not exportable & set(NOT_EXPORTABLE)


@pytest.mark.parametrize("name,index,factory", LAYER_CASES,
                         ids=[f"{n}-{i}" for n, i, _ in LAYER_CASES])
def test_layer_exports_with_predicts_numbers(name, index, factory, tmp_path):
    assert_onnx_matches_predict(_randomize(factory()), tmp_path)


@pytest.mark.parametrize("name,index,factory", LAYER_CASES,
                         ids=[f"{n}-{i}" for n, i, _ in LAYER_CASES])
def test_layer_exports_at_the_oldest_opset(name, index, factory, tmp_path):
    """Opset 13 (the oldest accepted) takes reduction axes as attributes."""
    assert_onnx_matches_predict(_randomize(factory()), tmp_path, batches=(3,), opset_version=13)


# ------------------------------------------------------------- whole models
def test_mnist_convnet(tmp_path):
    model = _sequential(
        (28, 28, 1),
        layers.Conv2D(32, 3, activation="relu"), layers.MaxPooling2D(),
        layers.Conv2D(64, 3, activation="relu"), layers.MaxPooling2D(),
        layers.Flatten(), layers.Dropout(0.5), layers.Dense(10, activation="softmax"),
    )
    assert_onnx_matches_predict(model, tmp_path)


def test_functional_dag_with_shared_layer_and_two_outputs(tmp_path):
    a, b = keras.Input((6,), name="left"), keras.Input((6,), name="right")
    shared = layers.Dense(4, activation="tanh")
    merged = layers.Concatenate()([shared(a), shared(b)])
    head = layers.Dense(3, activation="softmax", name="probs")(merged)
    score = layers.Dense(1, name="score")(layers.add([shared(a), shared(b)]))
    assert_onnx_matches_predict(keras.Model([a, b], [head, score]), tmp_path)


def test_nested_models(tmp_path):
    inner = _sequential((8,), layers.Dense(5, activation="relu"), layers.Dense(4))
    x = keras.Input((8,))
    y = layers.Dense(2)(layers.BatchNormalization()(inner(x)))
    assert_onnx_matches_predict(_randomize(keras.Model(x, y)), tmp_path)


def test_trained_model_exports_its_trained_weights(tmp_path):
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((64, 5)).astype("float32"), rng.standard_normal((64, 1))
    model = _sequential((5,), layers.Dense(8, activation="relu"), layers.BatchNormalization(),
                        layers.Dense(1))
    model.compile("adam", "mse")
    model.fit(x, y, epochs=2, verbose=0)
    assert_onnx_matches_predict(model, tmp_path)


def test_batch_axis_is_dynamic(tmp_path):
    model = _sequential((3,), layers.Dense(2))
    path = str(tmp_path / "m.onnx")
    model.export(path, format="onnx", verbose=False)
    (spec,) = onnxruntime.InferenceSession(path).get_inputs()
    assert isinstance(spec.shape[0], str) and spec.shape[1:] == [3]


def test_input_signature_overrides_the_shapes(tmp_path):
    model = _sequential((None, 3), layers.Dense(2))
    path = str(tmp_path / "m.onnx")
    model.export(path, format="onnx", verbose=False, input_signature=[(None, 5, 3)])
    (spec,) = onnxruntime.InferenceSession(path).get_inputs()
    assert spec.shape[1:] == [5, 3]


def test_verbose_prints_where_the_file_went(tmp_path, capsys):
    path = str(tmp_path / "m.onnx")
    _sequential((3,), layers.Dense(2)).export(path, format="onnx")
    assert capsys.readouterr().out.strip() == f"Saved artifact at '{path}'."


def test_seq2seq_decoder_starts_from_the_encoders_states(tmp_path):
    source, target = keras.Input((6, 3)), keras.Input((4, 2))
    _, h, c = layers.LSTM(5, return_state=True)(source)
    decoded = layers.LSTM(5, return_sequences=True)(target, initial_state=[h, c])
    _, gru_h = layers.GRU(5, return_state=True, go_backwards=True)(source)
    second = layers.GRU(5)(target, [gru_h])  # the state given positionally
    model = keras.Model([source, target], [layers.Dense(3)(decoded), second])
    assert_onnx_matches_predict(_randomize(model), tmp_path)


def test_initial_states_of_bidirectional_and_stacked_cells(tmp_path):
    x = keras.Input((6, 3))
    states = [keras.Input((4,)) for _ in range(4)]
    both = layers.Bidirectional(layers.LSTM(4, return_sequences=True))(x, initial_state=states)
    stacked = layers.RNN([layers.LSTMCell(4), layers.SimpleRNNCell(4)])(
        x, initial_state=states[:3])
    assert_onnx_matches_predict(_randomize(keras.Model([x] + states, [both, stacked])), tmp_path)


# Token rows with zeros (masked) at the end, the start, in the middle, everywhere.
MASKED_TOKENS = np.array([[3, 4, 5, 0, 0, 0], [0, 0, 7, 8, 9, 1], [2, 0, 6, 0, 0, 5],
                          [0, 0, 0, 0, 0, 0], [1, 2, 3, 4, 5, 6]], dtype="int32")
UNMASKED_ROWS = MASKED_TOKENS[[0, 1, 2, 4]]  # (a mean over no step is NaN on both sides)


def _masked_sequence_model(*stack, functional=False):
    tokens = keras.Input((6,), dtype="int32")
    x = layers.Embedding(10, 4, mask_zero=True)(tokens)
    if not functional:
        return _randomize(_sequential((6,), layers.Embedding(10, 4, mask_zero=True), *stack,
                                      dtype="int32"))
    outputs = []
    for layer in stack:
        result = layer(x)
        outputs += result if isinstance(result, list) else [result]
    return _randomize(keras.Model(tokens, outputs))


def _assert_matches_on(model, tmp_path, *arrays):
    """ONNX Runtime equals `predict` on these inputs (one array per model input)."""
    path = str(tmp_path / "model.onnx")
    model.export(path, format="onnx", verbose=False)
    session = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"])
    ours = model.predict(list(arrays) if len(arrays) > 1 else arrays[0], verbose=0)
    ours = ours if isinstance(ours, list) else [ours]
    theirs = session.run(None, {spec.name: a for spec, a in zip(session.get_inputs(), arrays)})
    assert len(ours) == len(theirs)
    for expected, got in zip(ours, theirs):
        np.testing.assert_allclose(got, expected, rtol=RTOL, atol=ATOL)


MASKED_CASES = {
    "lstm-last": lambda: [layers.LSTM(3)],
    "gru-sequences": lambda: [layers.GRU(3, return_sequences=True)],
    "gru-v1-backwards": lambda: [layers.GRU(3, reset_after=False, go_backwards=True,
                                            return_sequences=True)],
    "simple-zero-output": lambda: [layers.SimpleRNN(3, return_sequences=True,
                                                    zero_output_for_mask=True)],
    "stacked": lambda: [layers.LSTM(4, return_sequences=True), layers.Dense(3),
                        layers.GRU(2, go_backwards=True)],
    "bidirectional": lambda: [layers.Bidirectional(layers.LSTM(3, return_sequences=True)),
                              layers.Bidirectional(layers.GRU(2), merge_mode="sum")],
    "bidirectional-sequences": lambda: [layers.Bidirectional(layers.GRU(3, return_sequences=True),
                                                             merge_mode="concat")],
    "time-distributed": lambda: [layers.TimeDistributed(layers.Dense(3)), layers.LSTM(2)],
    "average-pooling": lambda: [layers.Dense(3), layers.GlobalAveragePooling1D()],
    "stacked-cells": lambda: [layers.RNN([layers.LSTMCell(3), layers.GRUCell(2)],
                                                return_sequences=True)],
}


@pytest.mark.parametrize("case", sorted(MASKED_CASES))
def test_masked_sequences_give_predicts_numbers(case, tmp_path):
    tokens = UNMASKED_ROWS if case == "average-pooling" else MASKED_TOKENS
    _assert_matches_on(_masked_sequence_model(*MASKED_CASES[case]()), tmp_path, tokens)


@pytest.mark.parametrize("call", [{}, {"use_causal_mask": True},
                                  {"return_attention_scores": True}])
def test_self_attention_over_masked_tokens(call, tmp_path):
    tokens, context = keras.Input((6,), dtype="int32"), keras.Input((6,), dtype="int32")
    x = layers.Embedding(10, 4, mask_zero=True)(tokens)
    y = layers.Embedding(10, 4, mask_zero=True)(context)
    attended = layers.MultiHeadAttention(2, 3)(x, x, **call)
    crossed = layers.MultiHeadAttention(2, 3, dropout=0.1)(x, y)
    model = _randomize(keras.Model([tokens, context], [attended, crossed] if not call.get(
        "return_attention_scores") else attended + [crossed]))
    _assert_matches_on(model, tmp_path, MASKED_TOKENS, MASKED_TOKENS[::-1].copy())


@pytest.mark.parametrize("layer_class", [layers.Attention, layers.AdditiveAttention])
@pytest.mark.parametrize("causal", [False, True])
def test_dot_and_additive_attention_over_masked_tokens(layer_class, causal, tmp_path):
    tokens, context = keras.Input((6,), dtype="int32"), keras.Input((6,), dtype="int32")
    x = layers.Embedding(10, 4, mask_zero=True)(tokens)
    y = layers.Embedding(10, 4, mask_zero=True)(context)
    attended = layers.GlobalAveragePooling1D()(layer_class()([x, y], use_causal_mask=causal))
    model = _randomize(keras.Model([tokens, context], [attended, layer_class()([y, x])]))
    _assert_matches_on(model, tmp_path, UNMASKED_ROWS, UNMASKED_ROWS[::-1].copy())


def test_masked_rnn_states_and_functional_masks(tmp_path):
    model = _masked_sequence_model(layers.LSTM(3, return_state=True),
                                   layers.GRU(2, return_sequences=True, go_backwards=True),
                                   functional=True)
    _assert_matches_on(model, tmp_path, MASKED_TOKENS)


def test_a_nested_model_receiving_a_mask_is_refused(tmp_path):
    tokens = keras.Input((6,), dtype="int32")
    embedded = layers.Embedding(10, 4, mask_zero=True)(tokens)
    inner = keras.Sequential([keras.Input((6, 4)), layers.GRU(3)], name="inner")
    with pytest.raises(ValueError, match="Layer 'inner' of class Sequential receives a mask"):
        keras.Model(tokens, inner(embedded)).export(str(tmp_path / "m.onnx"), format="onnx",
                                                    verbose=False)


def test_masking_layer_feeds_an_rnn(tmp_path):
    model = _randomize(_sequential((6, 2), layers.Masking(0.0), layers.GRU(3)))
    series = np.random.default_rng(0).standard_normal((4, 6, 2)).astype("float32")
    series[0, 3:] = 0.0
    series[1, :2] = 0.0
    series[2, 2] = 0.0
    _assert_matches_on(model, tmp_path, series)


def test_text_classifier_with_embedding_and_bidirectional_lstm(tmp_path):
    model = _sequential((12,), layers.Embedding(10, 8),
                        layers.Bidirectional(layers.LSTM(6, return_sequences=True)),
                        layers.GRU(5), layers.Dense(3, activation="softmax"), dtype="int32")
    assert_onnx_matches_predict(_randomize(model), tmp_path)


def test_transformer_block_classifier(tmp_path):
    tokens = keras.Input((10,), dtype="int32")
    x = layers.Embedding(20, 8)(tokens)
    attended = layers.MultiHeadAttention(2, 4)(x, x, use_causal_mask=True)
    x = layers.LayerNormalization()(layers.Add()([x, attended]))
    feed_forward = layers.Dense(8)(layers.Dense(16, activation="relu")(x))
    x = layers.LayerNormalization()(layers.Add()([x, feed_forward]))
    outputs = layers.Dense(3, activation="softmax")(layers.GlobalAveragePooling1D()(x))
    assert_onnx_matches_predict(_randomize(keras.Model(tokens, outputs)), tmp_path)


def test_trained_text_model_from_strings_with_masks(tmp_path):
    words = keras.Input((8,), dtype="string")
    ids = layers.StringLookup(vocabulary=["the", "cat", "sat", "on", "mat"], mask_token="")(words)
    x = layers.Embedding(7, 8, mask_zero=True)(ids)
    x = layers.Bidirectional(layers.LSTM(6, return_sequences=True))(x)
    x = layers.LayerNormalization()(layers.Add()([x, layers.MultiHeadAttention(2, 4)(x, x)]))
    outputs = layers.Dense(3, activation="softmax")(layers.GlobalAveragePooling1D()(x))
    model = keras.Model(words, outputs)
    rng = np.random.default_rng(0)
    sentences = rng.choice(np.array(WORDS[:5] + ["dog"]), (32, 8))
    sentences[:, 6:] = ""  # padding
    model.compile("adam", "sparse_categorical_crossentropy")
    model.fit(sentences, rng.integers(0, 3, 32), epochs=1, verbose=0)
    _assert_matches_on(model, tmp_path, sentences)


def test_image_model_with_preprocessing(tmp_path):
    model = _sequential((12, 10, 3), layers.Resizing(8, 8), layers.Rescaling(1 / 255.0),
                        layers.RandomFlip(), layers.Conv2D(4, 3, activation="relu"),
                        layers.GlobalMaxPooling2D(), layers.Dense(2), dtype="uint8")
    assert_onnx_matches_predict(_randomize(model), tmp_path)


# ------------------------------------------------------------------ errors
def test_attention_refusals(tmp_path):
    tokens = keras.Input((5,), dtype="int32")
    embedded = layers.Embedding(10, 4, mask_zero=True)(tokens)
    words = keras.Input((5, 3), dtype="int32")
    letters = layers.Embedding(10, 4, mask_zero=True)(words)
    pooled = layers.TimeDistributed(layers.GlobalAveragePooling1D(), name="td")(letters)
    with pytest.raises(ValueError, match="Layer 'td' of class TimeDistributed receives a mask and "
                                         "wraps GlobalAveragePooling1D"):
        keras.Model(words, pooled).export(str(tmp_path / "m.onnx"), format="onnx", verbose=False)
    window = _self_attention_model(layers.MultiHeadAttention(2, 2, sliding_window=2, name="w"))
    with pytest.raises(ValueError, match="'w' of class MultiHeadAttention uses `sliding_window`"):
        window.export(str(tmp_path / "m.onnx"), format="onnx", verbose=False)
    query, value = keras.Input((5, 6)), keras.Input((7, 6))
    value_mask = keras.Input((7,), dtype="bool")
    with_mask = keras.Model([query, value, value_mask], layers.Attention(name="att")(
        [query, value], mask=[None, value_mask]))
    with pytest.raises(ValueError, match="'att' is called with the tensor keyword argument `mask`"):
        with_mask.export(str(tmp_path / "m.onnx"), format="onnx", verbose=False)
    assert os.listdir(tmp_path) == []


def test_resizing_images_of_unknown_size_is_refused(tmp_path):
    for layer in (layers.CenterCrop(4, 5, name="crop"), layers.Resizing(4, 5, name="crop")):
        model = _sequential((None, None, 3), layer)
        with pytest.raises(ValueError, match="'crop' of class .* gets images of unknown size"):
            model.export(str(tmp_path / "m.onnx"), format="onnx", verbose=False)
    assert os.listdir(tmp_path) == []


def test_lookups_the_graph_cannot_do_are_refused(tmp_path):
    model = _sequential((3,), layers.IntegerLookup(vocabulary=[4, 5], invert=True, name="inv"),
                        dtype="int64")
    with pytest.raises(ValueError, match="'inv' of class IntegerLookup uses `invert=True`"):
        model.export(str(tmp_path / "m.onnx"), format="onnx", verbose=False)
    hashed = _sequential((3,), layers.StringLookup(vocabulary=["a"], num_oov_indices=2,
                                                   name="hashed"), dtype="string")
    with pytest.raises(ValueError, match="'hashed' of class StringLookup uses "
                                         "`num_oov_indices=2` \\(FarmHash buckets\\)"):
        hashed.export(str(tmp_path / "m.onnx"), format="onnx", verbose=False)


def test_rnn_refusals(tmp_path):
    x = keras.Input((5, 3))
    model = keras.Model(x, layers.SimpleRNN(3, activation="softplus", name="soft")(x))
    with pytest.raises(ValueError, match="'soft' uses the activation 'softplus'"):
        model.export(str(tmp_path / "m.onnx"), format="onnx", verbose=False)
    class Peephole(layers.LSTMCell):
        pass

    custom = keras.Model(x, layers.RNN(Peephole(3), name="custom")(x))
    with pytest.raises(ValueError, match="'custom' runs the cell Peephole"):
        custom.export(str(tmp_path / "m.onnx"), format="onnx", verbose=False)
    stateful = keras.Sequential([keras.Input((5, 3), batch_size=2),
                                 layers.GRU(3, stateful=True, name="keeps")])
    with pytest.raises(ValueError, match="'keeps' is stateful"):
        stateful.export(str(tmp_path / "m.onnx"), format="onnx", verbose=False)
    with pytest.raises(ValueError, match="'g' is called with the tensor keyword argument `mask`"):
        mask = keras.Input((5,), dtype="bool")
        keras.Model([x, mask], layers.GRU(3, name="g")(x, mask=mask)).export(
            str(tmp_path / "m.onnx"), format="onnx", verbose=False)
    assert os.listdir(tmp_path) == []



@pytest.mark.parametrize("make,reason", [
    (lambda: _sequential((3,), layers.Hashing(4, name="bad"), dtype="int64"),
     "hashes with FarmHash or SipHash"),
    (lambda: _sequential((), layers.TextVectorization(vocabulary=["a", "b"], name="bad"),
                         dtype="string"),
     "standardizes and splits strings with regular expressions"),
    (lambda: _sequential((3,), layers.Lambda(lambda x: x * 2.0, name="bad")),
     "runs an arbitrary Python function"),
])
def test_layers_without_a_conversion_are_refused_with_the_reason(make, reason, tmp_path):
    with pytest.raises(ValueError, match=rf"Layer '.*/bad' of class \w+ cannot be exported to "
                                         rf"ONNX by kerasish: it {reason}"):
        make().export(str(tmp_path / "m.onnx"), format="onnx", verbose=False)
    assert os.listdir(tmp_path) == []


def test_other_refusals_of_the_newer_layers(tmp_path):
    pooled = _sequential((None, 3), layers.AdaptiveMaxPooling1D(2, name="adapt"))
    with pytest.raises(ValueError, match="'adapt' of class AdaptiveMaxPooling1D pools an axis "
                                         "of unknown size"):
        pooled.export(str(tmp_path / "m.onnx"), format="onnx", verbose=False)
    tokens = keras.Input((5,), dtype="int32")
    embedding = layers.ReversibleEmbedding(12, 4, reverse_dtype="float16", name="rev")
    half = keras.Model(tokens, embedding(embedding(tokens), reverse=True))
    with pytest.raises(ValueError, match="'rev' of class ReversibleEmbedding computes its logits "
                                         "in float16"):
        half.export(str(tmp_path / "m.onnx"), format="onnx", verbose=False)
    wrapped = _sequential((3,), layers.SpectralNormalization(
        layers.Embedding(10, 3), name="spec"), dtype="int32")
    wrapped.layers[0].layer = _NotExportable()
    with pytest.raises(ValueError, match="'spec' of class SpectralNormalization wraps "
                                         "_NotExportable"):
        wrapped.export(str(tmp_path / "m.onnx"), format="onnx", verbose=False)
    assert os.listdir(tmp_path) == []


def test_trained_spectrally_normalized_model_exports_its_normalized_kernels(tmp_path):
    rng = np.random.default_rng(0)
    model = _sequential((6, 6, 2), layers.SpectralNormalization(layers.Conv2D(3, 3)),
                        layers.Flatten(), layers.SpectralNormalization(layers.Dense(2)))
    kernel_before = model.layers[-1].kernel.numpy().copy()
    model.compile("sgd", "mse")
    model.fit(rng.standard_normal((16, 6, 6, 2)).astype("float32"),
              rng.standard_normal((16, 2)).astype("float32"), epochs=1, verbose=0)
    assert not np.allclose(model.layers[-1].kernel.numpy(), kernel_before)
    assert_onnx_matches_predict(model, tmp_path)


class _NotExportable(layers.Layer):
    def call(self, inputs):
        return inputs * 2.0


def test_a_layer_that_cannot_be_exported_is_named_and_nothing_is_written(tmp_path):
    model = _sequential((3,), layers.Dense(2), _NotExportable(name="doubler"))
    path = tmp_path / "m.onnx"
    with pytest.raises(ValueError, match=r"Layer '.*/doubler' of class _NotExportable"):
        model.export(str(path), format="onnx", verbose=False)
    assert not path.exists() and os.listdir(tmp_path) == []


def test_a_subclassed_model_is_refused_with_the_way_out(tmp_path):
    class Subclassed(keras.Model):
        def __init__(self):
            super().__init__()
            self.dense = layers.Dense(2)

        def call(self, inputs):
            return self.dense(inputs)

    model = Subclassed()
    model(np.ones((1, 3), "float32"))
    with pytest.raises(ValueError, match="subclassed model.*functional API"):
        model.export(str(tmp_path / "m.onnx"), format="onnx", verbose=False)


@pytest.mark.parametrize("format", [None, "tf_saved_model", "litert", "h5"])
def test_other_formats_get_keras_wording(tmp_path, format):
    model = _sequential((3,), layers.Dense(2))
    kwargs = {} if format is None else {"format": format}  # None: Keras's default format
    shown = format or "tf_saved_model"
    with pytest.raises(ValueError, match=rf"Unrecognized format={shown}\. Supported "
                                         r"formats are: \['onnx'\]"):
        model.export(str(tmp_path / "m"), **kwargs)
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("opset", [5, "18", True])
def test_bad_opset_version(opset, tmp_path):
    with pytest.raises(ValueError, match="`opset_version` must be an integer"):
        _sequential((3,), layers.Dense(2)).export(str(tmp_path / "m.onnx"), format="onnx", opset_version=opset)


def test_unknown_keyword_is_refused(tmp_path):
    with pytest.raises(ValueError, match=r"Unrecognized keyword arguments.*\['is_static'\]"):
        _sequential((3,), layers.Dense(2)).export(str(tmp_path / "m.onnx"), format="onnx", is_static=True)


def test_a_failed_write_leaves_no_file(tmp_path, monkeypatch):
    model = _sequential((3,), layers.Dense(2))
    path = tmp_path / "m.onnx"

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        model.export(str(path), format="onnx", verbose=False)
    assert os.listdir(tmp_path) == []


def test_missing_onnx_names_the_extra(monkeypatch, tmp_path):
    import builtins

    real_import = builtins.__import__

    def no_onnx(name, *args, **kwargs):
        if name == "onnx" or name.startswith("onnx."):
            raise ImportError("No module named 'onnx'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_onnx)
    with pytest.raises(ImportError, match=r'pip install "kerasish\[onnx\]"'):
        _sequential((3,), layers.Dense(2)).export(str(tmp_path / "m.onnx"), format="onnx")
