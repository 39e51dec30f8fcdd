"""`keras.ops` and tensor operators on KerasTensors, written once and run on
both libraries: the symbolic shapes, dtypes and recorded op classes agree,
functional models built with ops train to the same history from the same
weights, and `.keras` files with op nodes load in the other library."""

import re

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import TRAINING, assert_close, real_keras
from tests.test_symbolic_ops import build_ops_model

# (id, expression on x: (None, 4) float32 and i: (None, 4) int32, given the library)
SPEC_CASES = [
    ("scalar multiply", lambda k, x, i: x * 2),
    ("reflected scalar", lambda k, x, i: 1 - x),
    ("reflected divide", lambda k, x, i: 2.0 / x),
    ("int / float scalar", lambda k, x, i: i / 255.0),
    ("int + int", lambda k, x, i: i + i),
    ("int * float tensor", lambda k, x, i: i * x),
    ("int + python float", lambda k, x, i: i + 1.5),
    ("float + array", lambda k, x, i: x + np.ones((4,), "float32")),
    ("floor divide", lambda k, x, i: i // 2),
    ("mod", lambda k, x, i: x % 3.0),
    ("power", lambda k, x, i: x ** 2),
    ("matmul operator", lambda k, x, i: x @ np.ones((4, 2), "float32")),
    ("negative", lambda k, x, i: -x),
    ("abs", lambda k, x, i: abs(x)),
    ("less", lambda k, x, i: x < 0.5),
    ("greater_equal int", lambda k, x, i: i >= 2),
    ("not_equal", lambda k, x, i: i != 0),
    ("invert", lambda k, x, i: ~(x > 0)),
    ("and", lambda k, x, i: (x > 0) & (x < 1)),
    ("add op", lambda k, x, i: k.ops.add(x, 1)),
    ("sigmoid", lambda k, x, i: k.ops.sigmoid(x)),
    ("exp of int", lambda k, x, i: k.ops.exp(i)),
    ("mean", lambda k, x, i: k.ops.mean(x, axis=1)),
    ("mean keepdims", lambda k, x, i: k.ops.mean(x, axis=-1, keepdims=True)),
    ("mean of int", lambda k, x, i: k.ops.mean(i, axis=1)),
    ("sum all", lambda k, x, i: k.ops.sum(x)),
    ("sum over batch", lambda k, x, i: k.ops.sum(x, axis=0)),
    ("max", lambda k, x, i: k.ops.max(x, axis=1)),
    ("reshape -1", lambda k, x, i: k.ops.reshape(x, (-1, 2, 2))),
    ("reshape flat", lambda k, x, i: k.ops.reshape(x, (-1,))),
    ("expand_dims", lambda k, x, i: k.ops.expand_dims(x, -1)),
    ("expand_dims front", lambda k, x, i: k.ops.expand_dims(x, 0)),
    ("squeeze", lambda k, x, i: k.ops.squeeze(k.ops.expand_dims(x, 1), axis=1)),
    ("concatenate", lambda k, x, i: k.ops.concatenate([x, x], axis=-1)),
    ("concatenate batch", lambda k, x, i: k.ops.concatenate([x, x], axis=0)),
    ("stack", lambda k, x, i: k.ops.stack([x, x], axis=1)),
    ("transpose", lambda k, x, i: k.ops.transpose(x)),
    ("transpose axes", lambda k, x, i: k.ops.transpose(k.ops.expand_dims(x, -1), (0, 2, 1))),
    ("getitem slice", lambda k, x, i: x[:, :2]),
    ("getitem int", lambda k, x, i: x[:, 0]),
    ("getitem None", lambda k, x, i: x[:, None, 1:3]),
    ("getitem ellipsis", lambda k, x, i: x[..., -1]),
    ("getitem step", lambda k, x, i: x[:, ::2]),
    ("cast", lambda k, x, i: k.ops.cast(x, "float16")),
    ("cast int", lambda k, x, i: k.ops.cast(x, "int32")),
    ("matmul", lambda k, x, i: k.ops.matmul(x, np.ones((4, 3), "float32"))),
    ("einsum", lambda k, x, i: k.ops.einsum("bi,bj->bij", x, x)),
    ("softmax", lambda k, x, i: k.ops.softmax(x)),
    ("one_hot", lambda k, x, i: k.ops.one_hot(i, 5)),
    ("argmax", lambda k, x, i: k.ops.argmax(x, axis=-1)),
    ("where", lambda k, x, i: k.ops.where(x > 0, x, 0.0)),
    ("where int", lambda k, x, i: k.ops.where(i > 0, i, 0)),
    ("tile", lambda k, x, i: k.ops.tile(x, (1, 2))),
    ("clip", lambda k, x, i: k.ops.clip(x, 0.0, 1.0)),
    ("square", lambda k, x, i: k.ops.square(i)),
    ("sqrt of int", lambda k, x, i: k.ops.sqrt(i)),
    ("relu", lambda k, x, i: k.ops.relu(x)),
    ("norm", lambda k, x, i: k.ops.norm(x, axis=-1)),
    ("top_k", lambda k, x, i: k.ops.top_k(x, 2)[0]),
    ("split", lambda k, x, i: k.ops.split(x, 2, axis=-1)[1]),
    ("cumsum", lambda k, x, i: k.ops.cumsum(x, axis=1)),
    ("stop_gradient", lambda k, x, i: k.ops.stop_gradient(x)),
    ("round operator", lambda k, x, i: round(x)),
    ("image resize", lambda k, x, i: k.ops.image.resize(k.ops.reshape(x, (-1, 2, 2, 1)), (3, 3))),
]


def _strip_uid(name):
    return re.sub(r"_\d+$", "", name)


def _spec(library, expression):
    x = library.Input((4,))
    i = library.Input((4,), dtype="int32")
    out = expression(library, x, i)
    operation = out._keras_history[0]
    return tuple(out.shape), str(out.dtype), type(operation).__name__, _strip_uid(operation.name)


@pytest.mark.parametrize(
    "expression", [case[1] for case in SPEC_CASES], ids=[case[0] for case in SPEC_CASES]
)
def test_symbolic_spec_and_node_match_keras(expression):
    assert _spec(kerasish, expression) == _spec(real_keras(), expression)


# --------------------------------------------------------- models with ops


_ops_model = build_ops_model


def _mnist_like_model(library):
    """As keras.io examples write it: raw pixels scaled and given a channel axis with ops."""
    ops = library.ops
    inputs = library.Input((12, 12), dtype="uint8")
    x = ops.cast(inputs, "float32") / 255.0
    x = ops.expand_dims(x, -1)
    x = library.layers.Conv2D(4, 3, activation="relu", name="conv")(x)
    x = library.layers.MaxPooling2D(2)(x)
    x = library.layers.Flatten()(x)
    outputs = library.layers.Dense(3, activation="softmax", name="classes")(x)
    return library.Model(inputs, outputs)


def _image_ops_model(library):
    inputs = library.Input((8, 8, 3))
    x = library.ops.image.resize(inputs, (4, 4))
    x = library.ops.image.rgb_to_grayscale(x)
    outputs = library.layers.Dense(2, name="scores")(library.layers.Flatten()(x))
    return library.Model(inputs, outputs)


def _reflection_padding_model(library):
    """The CycleGAN example's reflection padding, written with ops.pad."""
    inputs = library.Input((6, 6, 2))
    x = library.ops.pad(inputs, ((0, 0), (1, 1), (2, 1), (0, 0)), mode="reflect")
    x = library.layers.Conv2D(3, 3, name="conv")(x)
    x = library.ops.pad(x, ((0, 0), (1, 0), (0, 1), (0, 0)), mode="symmetric")
    outputs = library.layers.Dense(1, name="score")(library.layers.Flatten()(x))
    return library.Model(inputs, outputs)


def _paired(build):
    theirs = build(real_keras())
    ours = build(kerasish)
    ours.set_weights(theirs.get_weights())
    return ours, theirs


def _op_rows(model):
    return [(_strip_uid(op.name), type(op).__name__) for op in model._operations]


@pytest.mark.parametrize(
    "build", [_ops_model, _mnist_like_model, _image_ops_model, _reflection_padding_model],
    ids=["ops", "mnist_like", "image", "reflection_padding"]
)
def test_graph_operations_and_layers_match_keras(build):
    ours, theirs = _paired(build)
    assert _op_rows(ours) == _op_rows(theirs)
    assert [_strip_uid(layer.name) for layer in ours.layers] == [
        _strip_uid(layer.name) for layer in theirs.layers
    ]


def _data(build):
    rng = np.random.default_rng(0)
    if build is _ops_model:
        return rng.normal(size=(16, 6)).astype("float32"), rng.normal(size=(16,)).astype(
            "float32"
        ), "mse"
    if build is _image_ops_model:
        return rng.uniform(size=(4, 8, 8, 3)).astype("float32"), None, None
    if build is _reflection_padding_model:
        return rng.uniform(size=(16, 6, 6, 2)).astype("float32") / 4, rng.uniform(
            size=(16, 1)).astype("float32"), "mse"
    images = rng.integers(0, 256, size=(16, 12, 12)).astype("uint8")
    return images, rng.integers(0, 3, size=(16,)), "sparse_categorical_crossentropy"


@pytest.mark.parametrize("build", [_ops_model, _mnist_like_model, _reflection_padding_model],
                         ids=["ops", "mnist_like", "reflection_padding"])
def test_training_history_matches_keras(build):
    ours, theirs = _paired(build)
    x, y, loss = _data(build)
    for model, library in ((ours, kerasish), (theirs, real_keras())):
        model.compile(optimizer=library.optimizers.SGD(0.05), loss=loss)
    h_ours = ours.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0)
    h_theirs = theirs.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0)
    assert np.all(np.isfinite(h_theirs.history["loss"]))
    assert_close(h_ours.history["loss"], h_theirs.history["loss"], TRAINING, "loss")
    assert_close(ours.predict(x, verbose=0), theirs.predict(x, verbose=0), TRAINING, "predict")


@pytest.mark.parametrize("direction", ["keras_to_kerasish", "kerasish_to_keras"])
@pytest.mark.parametrize(
    "build", [_ops_model, _mnist_like_model, _image_ops_model, _reflection_padding_model],
    ids=["ops", "mnist_like", "image", "reflection_padding"]
)
def test_files_with_ops_interchange(build, direction, tmp_path):
    ours, theirs = _paired(build)
    saved, loader = (theirs, kerasish) if direction == "keras_to_kerasish" else (ours, real_keras())
    path = tmp_path / "model.keras"
    saved.save(path)
    loaded = loader.saving.load_model(path)
    x, _, _ = _data(build)
    assert _op_rows(loaded) == _op_rows(saved)
    assert_close(loaded.predict(x, verbose=0), saved.predict(x, verbose=0), TRAINING, "predict")


def test_getitem_keys_interchange(tmp_path):
    def build(library):
        inputs = library.Input((3, 5))
        out = inputs[:, 1, ...] + inputs[:, None, -1, 1:4:2][:, 0, :1]
        return library.Model(inputs, out)

    ours, theirs = _paired(build)
    x = np.random.default_rng(3).normal(size=(2, 3, 5)).astype("float32")
    ours.save(tmp_path / "ours.keras")
    theirs.save(tmp_path / "theirs.keras")
    from_ours = real_keras().saving.load_model(tmp_path / "ours.keras")
    from_theirs = kerasish.saving.load_model(tmp_path / "theirs.keras")
    expected = np.asarray(theirs.predict(x, verbose=0))
    for model in (ours, from_ours, from_theirs):
        assert_close(model.predict(x, verbose=0), expected, TRAINING, "getitem model")
