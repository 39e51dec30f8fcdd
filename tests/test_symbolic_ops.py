"""`kerasish.ops` and Python operators on KerasTensors: symbolic outputs with
the right shapes and dtypes, graph nodes named as Keras's op classes, and
functional models built with them that run, train, summarize and save."""

import io
import json
import zipfile
from contextlib import redirect_stdout

import numpy as np
import pytest

import kerasish as keras
from kerasish import ops
from kerasish.backend.keras_tensor import KerasTensor
from kerasish.ops.op_node import OpNode


def _input(shape=(4,), dtype="float32"):
    return keras.Input(shape, dtype=dtype)


# Each case: (expression on a (None, 4) float32 input x and a (None, 4) int32 i,
# expected shape, expected dtype, expected class of the recorded node).
SPEC_CASES = [
    ("scalar multiply", lambda x, i: x * 2, (None, 4), "float32", "Multiply"),
    ("reflected subtract", lambda x, i: 1 - x, (None, 4), "float32", "Subtract"),
    ("int divided by float", lambda x, i: i / 255.0, (None, 4), "float32", "TrueDivide"),
    ("int plus int", lambda x, i: i + i, (None, 4), "int32", "Add"),
    ("floor divide", lambda x, i: i // 2, (None, 4), "int32", "FloorDivide"),
    ("mod", lambda x, i: x % 3.0, (None, 4), "float32", "Mod"),
    ("power", lambda x, i: x ** 2, (None, 4), "float32", "Power"),
    ("negative", lambda x, i: -x, (None, 4), "float32", "Negative"),
    ("abs", lambda x, i: abs(x), (None, 4), "float32", "Absolute"),
    ("less", lambda x, i: x < 0.5, (None, 4), "bool", "Less"),
    ("invert a bool", lambda x, i: ~(x > 0), (None, 4), "bool", "LogicalNot"),
    ("sigmoid", lambda x, i: ops.sigmoid(x), (None, 4), "float32", "Sigmoid"),
    ("mean keepdims", lambda x, i: ops.mean(x, axis=1, keepdims=True), (None, 1), "float32",
     "Mean"),
    ("sum over batch", lambda x, i: ops.sum(x, axis=0), (4,), "float32", "Sum"),
    ("reshape -1", lambda x, i: ops.reshape(x, (-1, 2, 2)), (None, 2, 2), "float32",
     "Reshape"),
    ("expand_dims", lambda x, i: ops.expand_dims(x, -1), (None, 4, 1), "float32",
     "ExpandDims"),
    ("concatenate", lambda x, i: ops.concatenate([x, x], axis=-1), (None, 8), "float32",
     "Concatenate"),
    ("transpose", lambda x, i: ops.transpose(x), (4, None), "float32", "Transpose"),
    ("getitem slice", lambda x, i: x[:, :2], (None, 2), "float32", "GetItem"),
    ("getitem int and None", lambda x, i: x[:, 0, None], (None, 1), "float32", "GetItem"),
    ("getitem ellipsis", lambda x, i: x[..., 1:], (None, 3), "float32", "GetItem"),
    ("cast", lambda x, i: ops.cast(x, "float16"), (None, 4), "float16", "Cast"),
    ("matmul", lambda x, i: ops.matmul(x, np.ones((4, 3), "float32")), (None, 3), "float32",
     "Matmul"),
    ("einsum", lambda x, i: ops.einsum("bi,bj->bij", x, x), (None, 4, 4), "float32", "Einsum"),
    ("softmax", lambda x, i: ops.softmax(x), (None, 4), "float32", "Softmax"),
    ("one_hot", lambda x, i: ops.one_hot(i, 5), (None, 4, 5), "float32", "OneHot"),
    ("argmax", lambda x, i: ops.argmax(x, axis=-1), (None,), "int32", "Argmax"),
    ("where", lambda x, i: ops.where(x > 0, x, 0.0), (None, 4), "float32", "Where"),
]


@pytest.mark.parametrize(
    "expression, shape, dtype, class_name", [case[1:] for case in SPEC_CASES],
    ids=[case[0] for case in SPEC_CASES],
)
def test_symbolic_output_spec_and_node(expression, shape, dtype, class_name):
    x, i = _input(), _input(dtype="int32")
    out = expression(x, i)
    assert isinstance(out, KerasTensor)
    assert (out.shape, out.dtype) == (shape, dtype)
    node_operation = out._keras_history[0]
    assert isinstance(node_operation, OpNode)
    assert type(node_operation).__name__ == class_name


def test_stop_gradient_is_recorded_and_stops_gradients_in_the_model():
    inputs = keras.Input((3,))
    frozen_path = keras.layers.Dense(2, name="frozen_path")(inputs)
    free_path = keras.layers.Dense(2, name="free_path")(inputs)
    outputs = ops.stop_gradient(frozen_path) + free_path
    assert type(outputs._keras_history[0].input[0]._keras_history[0]).__name__ == "StopGradient"
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="sgd", loss="mse")
    before = [model.get_layer(n).get_weights()[0].copy() for n in ("frozen_path", "free_path")]
    with pytest.warns(UserWarning, match="Gradients do not exist for variables"):
        model.fit(np.ones((4, 3)), np.zeros((4, 2)), epochs=1, verbose=0)
    np.testing.assert_array_equal(model.get_layer("frozen_path").get_weights()[0], before[0])
    assert not np.allclose(model.get_layer("free_path").get_weights()[0], before[1])


def test_values_still_take_the_value_path():
    result = ops.add(np.ones(3, "float32"), 1)
    assert isinstance(result, np.ndarray)
    np.testing.assert_array_equal(result, [2.0, 2.0, 2.0])


def test_errors_on_values_are_unchanged():
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'x2'"):
        ops.add(np.ones(3))
    with pytest.raises(ValueError):
        ops.reshape(np.ones(6), (4, -1))


def test_bad_symbolic_call_raises_the_ops_error():
    with pytest.raises(ValueError):
        ops.reshape(_input((3,)), (2, 2))


def test_an_op_calling_ops_records_one_node():
    y = ops.expand_dims(_input(), -1)  # expand_dims reshapes internally
    model = keras.Model(y._keras_history[0].input, y)
    assert [type(op).__name__ for op in model._operations] == ["InputLayer", "ExpandDims"]


def test_symbolic_tensor_is_neither_iterable_nor_boolean():
    x = _input()
    with pytest.raises(NotImplementedError, match="Iterating"):
        list(x)
    with pytest.raises(TypeError, match="boolean"):
        bool(x)


def test_keras_function_docstring_example_runs():
    first, second = KerasTensor((None, 2, 3)), KerasTensor((None, 2, 3))
    fn = keras.Function(inputs=[first, second], outputs=ops.sigmoid(first + second))
    a, b = np.full((4, 2, 3), 0.5, "float32"), np.full((4, 2, 3), -0.5, "float32")
    np.testing.assert_allclose(ops.convert_to_numpy(fn([a, b])), np.full((4, 2, 3), 0.5))


def build_ops_model(library=keras):
    """A functional model mixing layers and ops; compat_tests build it on Keras too."""
    ops = library.ops
    inputs = library.Input((6,), name="features")
    x = inputs / 10.0
    x = ops.expand_dims(x, -1) * 2.0
    x = ops.reshape(x, (-1, 6))
    hidden = library.layers.Dense(4, name="hidden")(x)
    both = ops.concatenate([hidden, hidden[:, :2]], axis=-1)
    both = ops.cast(both, "float32") + ops.mean(both, axis=1, keepdims=True)
    both = ops.tanh(both) - ops.sum(both, axis=-1, keepdims=True) / 8.0
    outputs = library.layers.Dense(1, name="head")(both)
    return library.Model(inputs, ops.squeeze(outputs, axis=-1))


_ops_model = build_ops_model


def test_model_with_ops_predicts_what_the_ops_compute():
    model = _ops_model()
    data = np.random.default_rng(0).normal(size=(5, 6)).astype("float32")
    kernel, bias = model.get_layer("hidden").get_weights()
    head_kernel, head_bias = model.get_layer("head").get_weights()
    hidden = (data / 10.0 * 2.0) @ kernel + bias
    both = np.concatenate([hidden, hidden[:, :2]], -1)
    both = both + both.mean(axis=1, keepdims=True)
    both = np.tanh(both) - both.sum(axis=-1, keepdims=True) / 8.0
    expected = (both @ head_kernel + head_bias)[:, 0]
    np.testing.assert_allclose(model.predict(data, verbose=0), expected, rtol=1e-5, atol=1e-6)


def test_model_layers_exclude_op_nodes():
    assert [layer.name for layer in _ops_model().layers] == ["features", "hidden", "head"]


def test_gradients_flow_through_ops_to_earlier_layers():
    model = _ops_model()
    model.compile(optimizer="sgd", loss="mse")
    before = model.get_layer("hidden").get_weights()[0].copy()
    data = np.random.default_rng(1).normal(size=(8, 6)).astype("float32")
    history = model.fit(data, np.ones((8,)), epochs=2, verbose=0)
    assert np.all(np.isfinite(history.history["loss"]))
    assert not np.allclose(model.get_layer("hidden").get_weights()[0], before)


def test_summary_shows_op_nodes_as_keras_does():
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        _ops_model().summary()
    text = buffer.getvalue()
    for row in ("true_divide", "(TrueDivide)", "expand_dims", "(Multiply)",
                "(GetItem)", "(Concatenate)"):
        assert row in text


def test_save_and_load_round_trip(tmp_path):
    model = _ops_model()
    data = np.random.default_rng(2).normal(size=(3, 6)).astype("float32")
    path = tmp_path / "ops.keras"
    model.save(path)
    with zipfile.ZipFile(path) as archive:
        config = json.loads(archive.read("config.json"))
    entries = {entry["class_name"]: entry for entry in config["config"]["layers"]}
    assert entries["ExpandDims"]["module"] == "keras.src.ops.numpy"
    assert entries["ExpandDims"]["config"]["axis"] == -1
    assert sorted(entries["ExpandDims"]["config"]) == ["axis", "name"]
    key = entries["GetItem"]["inbound_nodes"][0]["args"][1]
    assert key[0]["class_name"] == "__slice__" and key[1]["config"]["stop"] == 2
    loaded = keras.saving.load_model(path)
    np.testing.assert_allclose(loaded.predict(data, verbose=0), model.predict(data, verbose=0))


def test_node_with_tensor_in_a_constructor_argument_cannot_be_saved(tmp_path):
    inputs = keras.Input((4,))
    repeats = keras.Input((4,), dtype="int32")
    outputs = ops.clip(inputs, 0.0, ops.cast(repeats, "float32"))  # x_max is a tensor
    model = keras.Model([inputs, repeats], outputs)
    np.testing.assert_array_equal(
        model.predict([np.full((1, 4), 5.0), np.full((1, 4), 3)], verbose=0), [[3, 3, 3, 3]]
    )
    path = tmp_path / "clip.keras"
    with pytest.raises(NotImplementedError, match="keras.ops.clip"):
        model.save(path)
    assert not path.exists()
