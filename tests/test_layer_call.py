"""How programs call layers: several positional tensors and keyword tensors,
eagerly and in functional models (nodes, configs, files), `build()` with one
shape per argument, per-argument masks, Sequential's symbolic graph and
`layer.input`/`output`, and custom layers whose config omits `name`."""

import numpy as np
import pytest

import kerasish as keras
from kerasish import ops
from kerasish.backend.masking import set_keras_mask
from kerasish.layers import call_spec


class Blend(keras.layers.Layer):
    """Two positional tensors and an optional keyword tensor, one build shape each."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, query_shape, value_shape):
        self.kernel = self.add_weight(shape=(query_shape[-1], self.units), name="kernel")
        self.scale = self.add_weight(shape=(value_shape[-1],), initializer="ones", name="scale")

    def call(self, query, value, key=None):
        extra = value if key is None else key
        return ops.matmul(query, self.kernel) + ops.sum(extra * self.scale, axis=-1, keepdims=True)

    def get_config(self):
        return {"units": self.units}  # no `name`, as many user layers


class Endpoint(keras.layers.Layer):
    """The Keras guide's endpoint pattern: `layer(targets, logits)` adds a loss."""

    def call(self, targets, logits):
        self.add_loss(ops.mean(ops.square(targets - logits)))
        return logits


CUSTOM = {"Blend": Blend, "Endpoint": Endpoint}


def _blend_model():
    a, b = keras.Input((3,), name="a"), keras.Input((4,), name="b")
    h = keras.layers.Dense(4, name="lift")(a)
    return keras.Model([a, b], Blend(2, name="blend")(a, b, key=h))


def _data():
    rng = np.random.default_rng(0)
    return [rng.normal(size=(5, 3)).astype("float32"), rng.normal(size=(5, 4)).astype("float32")]


# ------------------------------------------------------------------- eager


def test_eager_call_with_two_positional_and_a_keyword_tensor():
    layer = Blend(2)
    q, v = _data()
    k = np.ones((5, 4), "float32")
    out = np.asarray(layer(q, v, key=k))
    kernel, scale = layer.get_weights()
    np.testing.assert_allclose(out, q @ kernel + (k * scale).sum(-1, keepdims=True), rtol=1e-5)
    assert layer.get_build_config() == {"shapes_dict": {"query_shape": (5, 3), "value_shape": (5, 4)}}


def test_extra_float64_arguments_are_autocast_like_the_first():
    seen = {}

    class Spy(keras.layers.Layer):
        def call(self, a, b):
            seen["dtypes"] = (np.asarray(a).dtype, np.asarray(b).dtype)
            return a

    Spy()(np.ones((2, 2)), np.ones((2, 2)))
    assert seen["dtypes"] == (np.float32, np.float32)


def test_first_tensor_given_by_keyword():
    layer = Blend(2)
    q, v = _data()
    out = layer(query=q, value=v)
    np.testing.assert_allclose(np.asarray(out), np.asarray(layer(q, v)))
    dense = keras.layers.Dense(2)
    np.testing.assert_allclose(np.asarray(dense(inputs=q)), np.asarray(dense(q)))


def test_a_non_tensor_positional_argument_is_refused_as_keras_does():
    class Scale(keras.layers.Layer):
        def call(self, inputs, factor=1.0):
            return inputs * factor

    with pytest.raises(ValueError, match="should be passed as a keyword argument: 2.0"):
        Scale()(np.ones((1, 2)), 2.0)
    with pytest.raises(ValueError, match="should be passed as a keyword argument: 2.0"):
        Scale()(keras.Input((2,)), 2.0)
    np.testing.assert_allclose(np.asarray(Scale()(np.ones((1, 2)), factor=2.0)), [[2.0, 2.0]])


def test_call_without_any_input_is_a_clear_error():
    with pytest.raises(ValueError, match="was called without inputs"):
        keras.layers.Dense(2)()


def test_build_with_misnamed_shape_argument_is_refused_with_keras_wording():
    class Bad(keras.layers.Layer):
        def build(self, first, second):
            pass

        def call(self, a, b):
            return a

    with pytest.raises(ValueError, match="should have a `_shape` suffix"):
        Bad()(np.ones((1, 2)), np.ones((1, 2)))


def test_each_tensor_argument_gets_its_own_mask_argument():
    seen = {}

    class Attend(keras.layers.Layer):
        def call(self, query, value, query_mask=None, value_mask=None, mask=None):
            seen.update(query_mask=query_mask, value_mask=value_mask, mask=mask)
            return query

    q, v = np.ones((2, 3, 1), "float32"), np.ones((2, 4, 1), "float32")
    q_mask, v_mask = np.array([[1, 1, 0]] * 2, bool), np.array([[1, 0, 0, 0]] * 2, bool)
    set_keras_mask(q, q_mask)
    set_keras_mask(v, v_mask)
    with pytest.warns(UserWarning, match="does not support masking"):
        Attend()(q, v)
    assert seen["query_mask"] is q_mask and seen["value_mask"] is v_mask
    assert seen["mask"] is None  # `mask=` is filled only for a single tensor argument


def test_call_info_is_read_once_per_class():
    first, second = Blend(1), Blend(2)
    assert first._call_info is second._call_info
    assert first._call_info.positional == ["query", "value", "key"]
    assert first._call_info.build_shape_names == ["query_shape", "value_shape"]
    assert call_spec.call_info(keras.layers.Dense(1)).has_mask is False


# -------------------------------------------------------------- functional


def test_functional_model_with_a_two_tensor_call():
    model = _blend_model()
    x = _data()
    blend, lift = model.get_layer("blend"), model.get_layer("lift")
    expected = blend(x[0], x[1], key=lift(x[0]))
    np.testing.assert_allclose(model.predict(x, verbose=0), np.asarray(expected), rtol=1e-6)
    node = blend._inbound_nodes[0]
    assert len(node.call_args) == 2 and set(node.call_kwargs) == {"key"}
    assert [t.shape for t in node.input_tensors] == [(None, 3), (None, 4), (None, 4)]


def test_functional_config_records_every_tensor_argument_as_keras():
    entry = [e for e in _blend_model().get_config()["layers"] if e["class_name"] == "Blend"][0]
    (node,) = entry["inbound_nodes"]
    assert [arg["config"]["keras_history"] for arg in node["args"]] == [["a", 0, 0], ["b", 0, 0]]
    assert node["kwargs"]["key"]["config"]["keras_history"] == ["lift", 0, 0]
    assert entry["build_config"] == {"shapes_dict": {"query_shape": (None, 3),
                                                     "value_shape": (None, 4)}}


def test_config_round_trip_rebuilds_custom_layer_without_name_in_its_config():
    model = _blend_model()
    rebuilt = keras.Model.from_config(model.get_config(), custom_objects=CUSTOM)
    rebuilt.set_weights(model.get_weights())
    x = _data()
    np.testing.assert_allclose(rebuilt.predict(x, verbose=0), model.predict(x, verbose=0))
    # Keras gives the rebuilt layer a fresh name, as here.
    assert rebuilt.layers[-1].name.startswith("blend")


def test_keras_file_round_trip_with_two_tensor_calls(tmp_path):
    model = _blend_model()
    path = str(tmp_path / "blend.keras")
    model.save(path)
    loaded = keras.saving.load_model(path, custom_objects=CUSTOM)
    x = _data()
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0))


def test_endpoint_layer_trains_on_its_added_loss():
    inputs, targets = keras.Input((3,), name="inputs"), keras.Input((2,), name="targets")
    logits = keras.layers.Dense(2, kernel_initializer="ones")(inputs)
    model = keras.Model([inputs, targets], Endpoint()(targets, logits))
    x = {"inputs": np.ones((4, 3), "float32"), "targets": np.zeros((4, 2), "float32")}
    model.compile(optimizer=keras.optimizers.SGD(0.01))
    history = model.fit(x, epochs=2, verbose=0).history["loss"]
    assert history[0] == pytest.approx(9.0) and history[1] < history[0]


def test_node_records_keras_absent_mask_rule():
    inputs = keras.Input((4, 3))
    pool = keras.layers.GlobalAveragePooling1D()
    pool(inputs)
    assert pool._inbound_nodes[0].call_kwargs == {"mask": None}
    other = keras.layers.GlobalAveragePooling1D()
    other(inputs, training=False)  # Keras converts such calls' arguments: no record
    assert other._inbound_nodes[0].call_kwargs == {"training": False}
    dense = keras.layers.Dense(1)
    dense(inputs)
    assert dense._inbound_nodes[0].call_kwargs == {}


# ------------------------------------------------------ sequential graph


def test_sequential_inputs_and_outputs_build_a_functional_model():
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, name="hidden"),
                              keras.layers.Dense(1, name="top")])
    assert [t.shape for t in model.inputs] == [(None, 4)]
    assert [t.shape for t in model.outputs] == [(None, 1)]
    x = np.random.default_rng(1).normal(size=(2, 4)).astype("float32")
    same = keras.Model(model.inputs, model.outputs)
    np.testing.assert_allclose(same.predict(x, verbose=0), model.predict(x, verbose=0))
    features = keras.Model(model.inputs, model.get_layer("hidden").output)
    np.testing.assert_allclose(features.predict(x, verbose=0),
                               np.asarray(model.get_layer("hidden")(x)), rtol=1e-6)


def test_sequential_without_input_shape_has_no_inputs_yet():
    model = keras.Sequential([keras.layers.Dense(2)])
    with pytest.raises(AttributeError, match="has no defined inputs yet"):
        model.inputs
    model.predict(np.ones((1, 3)), verbose=0)  # built from the data
    assert model.inputs[0].shape == (None, 3)


def test_layer_input_and_output_follow_the_first_call():
    with pytest.raises(AttributeError, match="has never been called"):
        keras.layers.Dense(2).output
    inputs = keras.Input((3,))
    dense = keras.layers.Dense(2)
    outputs = dense(inputs)
    dense(keras.Input((3,)))
    assert dense.input is inputs and dense.output is outputs


def test_nested_models_are_single_layers_of_the_outer_model():
    inner_input = keras.Input((4,))
    inner = keras.Model(inner_input, keras.layers.Dense(3, name="inner_dense")(inner_input),
                        name="inner")
    x = keras.Input((4,), name="x")
    outer = keras.Model(x, keras.layers.Dense(1, name="head")(inner(x)))
    assert [layer.name for layer in outer.layers] == ["x", "inner", "head"]
    assert outer.get_layer("inner") is inner
    assert inner.get_layer("inner_dense").name == "inner_dense"
    with pytest.raises(ValueError, match="No such layer: inner_dense"):
        outer.get_layer("inner_dense")


# ------------------------------------------------------ the training flag's call context
class _Spy(keras.layers.Layer):
    def __init__(self, seen, **kwargs):
        super().__init__(**kwargs)
        self.seen = seen

    def call(self, inputs, training=None):
        self.seen.append(training)
        return inputs


class _Block(keras.layers.Layer):
    def __init__(self, seen):
        super().__init__()
        self.inner, self.forced = _Spy(seen), _Spy(seen)

    def call(self, inputs):
        return self.forced(self.inner(inputs), training=False)


def test_training_reaches_layers_inside_a_custom_layer():
    seen = []
    block = _Block(seen)
    block(np.ones((2, 3), "float32"), training=True)
    # the inner layer inherits True; an explicit False wins for its own call
    assert seen == [True, False]


def test_training_is_forgotten_after_the_outermost_call():
    seen = []
    block = _Block(seen)
    block(np.ones((2, 3), "float32"), training=True)
    seen.clear()
    block(np.ones((2, 3), "float32"))
    assert seen == [None, False]


def test_fit_trains_dropout_inside_a_custom_block_of_a_model_that_takes_training():
    class Net(keras.Model):
        def __init__(self, seen):
            super().__init__()
            self.block = _Block(seen)
            self.dense = keras.layers.Dense(1)

        def call(self, inputs, training=None):
            return self.dense(self.block(inputs))

    seen = []
    model = Net(seen)
    model.compile(optimizer="sgd", loss="mse")
    model.fit(np.ones((4, 3), "float32"), np.ones((4, 1), "float32"), batch_size=4, verbose=0)
    assert seen[-2:] == [True, False]
    model.predict(np.ones((4, 3), "float32"), verbose=0)
    assert seen[-2:] == [False, False]
