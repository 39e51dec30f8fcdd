"""`Model.export(format="onnx")` against real Keras's: the same models with
the same weights, exported by both libraries (Keras through tf2onnx), give the
same outputs under ONNX Runtime on the same inputs.

Skips when tf2onnx, which Keras's ONNX export needs, is not installed.
"""

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import REDUCTION, Tolerance, assert_close, copy_weights

keras = pytest.importorskip("keras")
pytest.importorskip("tensorflow")
pytest.importorskip("tf2onnx", reason="real Keras exports to ONNX through tf2onnx")
onnxruntime = pytest.importorskip("onnxruntime")

# kerasish's `predict` (NumPy's sums) beside an ONNX graph (ONNX Runtime's):
# two convolutions of 288 and 576 products per output in another order, then
# softmax's exp, which turns the logits' absolute differences into relative ones.
PREDICT_VS_GRAPH = Tolerance(1e-4, 1e-6, "a whole convnet's sums in another order, then exp")


def mnist_convnet(lib):
    """The MNIST convnet of Keras's examples, built from `lib` (keras or kerasish)."""
    L = lib.layers
    return lib.Sequential([
        lib.Input((28, 28, 1)),
        L.Conv2D(32, 3, activation="relu"), L.MaxPooling2D(),
        L.Conv2D(64, 3, activation="relu"), L.MaxPooling2D(),
        L.Flatten(), L.Dropout(0.5), L.Dense(10, activation="softmax"),
    ])


def normalized_mlp(lib):
    L = lib.layers
    return lib.Sequential([lib.Input((12,)), L.Dense(16, activation="swish"),
                           L.BatchNormalization(), L.Dropout(0.2), L.Dense(8),
                           L.LayerNormalization(), L.Dense(3)])


def separable_image_model(lib):
    L = lib.layers
    return lib.Sequential([
        lib.Input((12, 10, 3)), L.SeparableConv2D(8, 3, padding="same", activation="relu"),
        L.DepthwiseConv2D(3, strides=2), L.UpSampling2D(), L.AveragePooling2D(3, 2, "same"),
        L.Conv2DTranspose(4, 3, strides=2, padding="same"), L.GlobalMaxPooling2D(),
        L.Dense(2),
    ])


def sequence_model(lib):
    inputs = lib.Input((9, 4))
    L = lib.layers
    x = L.Conv1D(6, 3, padding="causal", activation="tanh")(inputs)
    x = L.GRU(5, return_sequences=True)(x)
    x = L.Concatenate()([L.LSTM(4)(x), L.GlobalAveragePooling1D()(x)])
    return lib.Model(inputs, L.Dense(2, activation="sigmoid")(x))


def volume_model(lib):
    L = lib.layers
    return lib.Sequential([
        lib.Input((6, 8, 8, 2)), L.Conv3D(4, 3, padding="same", activation="relu"),
        L.MaxPooling3D(2), L.Conv3DTranspose(3, 2, strides=2), L.AveragePooling3D(2),
        L.UpSampling3D((1, 2, 2)), L.AdaptiveMaxPooling3D((2, 3, 3)),
        L.GlobalAveragePooling3D(), L.Dense(2),
    ])


def normalized_sequence_model(lib):
    L = lib.layers
    return lib.Sequential([
        lib.Input((10, 6)), L.GroupNormalization(groups=3), L.SeparableConv1D(4, 3),
        L.DepthwiseConv1D(3, depth_multiplier=2, padding="same"), L.RMSNormalization(),
        L.UpSampling1D(2), L.AdaptiveAveragePooling1D(5), L.SpectralNormalization(L.Dense(3)),
        L.Flatten(), L.Dense(2),
    ])


def similarity_model(lib):
    L = lib.layers
    query, keys = lib.Input((4, 6)), lib.Input((5, 6))
    scores = L.Dot(axes=2, normalize=True)([query, keys])
    pooled = L.Dot(axes=1)([L.Flatten()(query), L.Dense(24)(L.Flatten()(keys))])
    return lib.Model([query, keys], L.Concatenate()([L.Flatten()(scores), pooled]))


def language_model_head(lib):
    L = lib.layers
    tokens = lib.Input((7,), dtype="int32")
    embedding = L.ReversibleEmbedding(20, 8, logit_soft_cap=5.0)
    hidden = L.LayerNormalization()(L.Dense(8, activation="tanh")(embedding(tokens)))
    return lib.Model(tokens, embedding(hidden, reverse=True))


MODELS = [mnist_convnet, normalized_mlp, separable_image_model, sequence_model, volume_model,
          normalized_sequence_model, similarity_model, language_model_head]


def _session(path):
    return onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])


def _run(session, inputs):
    return session.run(None, {spec.name: x for spec, x in zip(session.get_inputs(), inputs)})[0]


def _random_inputs(model, batch, rng):
    inputs = []
    for tensor in model.inputs:
        shape = (batch,) + tuple(tensor.shape[1:])
        if "int" in str(tensor.dtype):
            inputs.append(rng.integers(0, 20, shape).astype(str(tensor.dtype)))
        else:
            inputs.append(rng.standard_normal(shape).astype("float32"))
    return inputs


@pytest.mark.parametrize("build", MODELS, ids=[m.__name__ for m in MODELS])
def test_both_exports_give_the_same_outputs(build, tmp_path):
    ours = build(kerasish)
    rng = np.random.default_rng(0)
    ours.set_weights([rng.uniform(-0.3, 0.3, w.shape).astype("float32")
                      for w in ours.get_weights()])
    for layer in ours.layers:  # statistics a trained BatchNormalization would have
        if isinstance(layer, kerasish.layers.BatchNormalization):
            layer.moving_variance.assign(rng.uniform(0.5, 1.5, layer.moving_variance.shape)
                                         .astype("float32"))
    theirs = build(keras)
    copy_weights(ours, theirs)
    inputs = _random_inputs(ours, 7, rng)
    theirs.predict([x[:1] for x in inputs], verbose=0)  # Keras exports only a called model
    ours.export(str(tmp_path / "ours.onnx"), format="onnx", verbose=False)
    theirs.export(str(tmp_path / "theirs.onnx"), format="onnx", verbose=False)
    our_session = _session(tmp_path / "ours.onnx")
    their_session = _session(tmp_path / "theirs.onnx")
    for batch in ([x[:1] for x in inputs], inputs):
        expected = _run(their_session, batch)
        assert_close(_run(our_session, batch), expected, REDUCTION, build.__name__)
        assert_close(ours.predict(batch, verbose=0), expected, PREDICT_VS_GRAPH,
                     "kerasish predict")
