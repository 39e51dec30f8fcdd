"""The functional API (Input -> layers -> Model(inputs, outputs)) and
subclassed models: graph execution, shared layers, summary, configs, training
with several inputs and outputs, and graph errors."""

import json

import numpy as np
import pytest

import kerasish as keras
from kerasish import layers
from kerasish.utils import naming


@pytest.fixture(autouse=True)
def _fresh_names():
    naming.reset_uids()
    keras.utils.set_random_seed(0)


def two_input_two_output_model():
    a = keras.Input((4,), name="a")
    b = keras.Input((3,), name="b")
    shared = layers.Dense(5, name="shared")
    x = layers.Concatenate()([a, layers.Dense(4)(b)])
    out1 = layers.Dense(2, name="out1")(x)
    out2 = layers.Dense(1, activation="sigmoid")(shared(a))
    return keras.Model([a, b], [out1, out2]), shared


def data(n=8, seed=0):
    rng = np.random.default_rng(seed)
    x = [rng.normal(size=(n, 4)).astype("float32"), rng.normal(size=(n, 3)).astype("float32")]
    y = [rng.normal(size=(n, 2)).astype("float32"), rng.integers(0, 2, (n, 1)).astype("float32")]
    return x, y


def test_runs_the_graph_like_the_layers_would():
    model, _ = two_input_two_output_model()
    (xa, xb), _ = data()
    out1, out2 = model.predict([xa, xb], verbose=0)
    dense, concat, out1_layer = model.get_layer("dense"), model.get_layer("concatenate"), model.get_layer("out1")
    expected1 = out1_layer(concat([xa, dense(xb)]))
    np.testing.assert_allclose(out1, expected1, rtol=1e-6)
    np.testing.assert_allclose(out2, model.get_layer("dense_1")(model.get_layer("shared")(xa)), rtol=1e-6)
    # dict data keyed by the inputs' names works too
    by_name = model.predict({"a": xa, "b": xb}, verbose=0)
    np.testing.assert_allclose(by_name[0], out1)


def test_layer_order_names_and_weights():
    model, shared = two_input_two_output_model()
    assert model.name == "functional"
    assert [layer.name for layer in model.layers] == [
        "b", "a", "dense", "concatenate", "shared", "out1", "dense_1"]
    assert model.output_names == ["out1", "dense_1"]
    assert model.input_shape == [(None, 4), (None, 3)]
    assert model.output_shape == [(None, 2), (None, 1)]
    assert len(model.weights) == 8 and model.count_params() == 65


def test_shared_layer_is_one_set_of_weights():
    inputs = keras.Input((3,))
    shared = layers.Dense(3, name="twice")
    out = shared(shared(inputs))
    model = keras.Model(inputs, out)
    assert len(model.weights) == 2
    x = np.ones((2, 3), "float32")
    np.testing.assert_allclose(model.predict(x, verbose=0), shared(shared(x)), rtol=1e-6)
    assert [n.index for n in shared._inbound_nodes] == [0, 1]


def test_summary_connected_to_column_for_graphs_only():
    model, _ = two_input_two_output_model()
    lines = []
    model.summary(print_fn=lines.append, line_length=76)
    text = "\n".join(lines)
    assert "Connected to" in text
    assert "│ concatenate         │ (None, 8)         │          0 │ a[0][0],          │" in text
    assert "│ (Concatenate)       │                   │            │ dense[0][0]       │" in text
    assert " Total params: 65 (260.00 B)" in text
    inputs = keras.Input((4,))
    chain = keras.Model(inputs, layers.Dense(3)(layers.Dense(2)(inputs)))
    lines = []
    chain.summary(print_fn=lines.append)
    assert "Connected to" not in "\n".join(lines)
    assert "input_layer (InputLayer)" in "\n".join(lines)


def test_config_format_and_round_trip():
    model, _ = two_input_two_output_model()
    config = model.get_config()
    json.dumps(config)  # JSON-ready
    assert config["input_layers"] == [["a", 0, 0], ["b", 0, 0]]
    assert config["output_layers"] == [["out1", 0, 0], ["dense_1", 0, 0]]
    concat = next(entry for entry in config["layers"] if entry["name"] == "concatenate")
    args = concat["inbound_nodes"][0]["args"][0]
    assert [a["config"]["keras_history"] for a in args] == [["a", 0, 0], ["dense", 0, 0]]
    assert concat["build_config"] == {"input_shape": [(None, 4), (None, 4)]}
    clone = keras.Model.from_config(config)
    clone.set_weights(model.get_weights())
    x, _ = data()
    for ours, theirs in zip(model.predict(x, verbose=0), clone.predict(x, verbose=0)):
        np.testing.assert_allclose(ours, theirs)
    assert clone.get_config() == config


def test_single_input_config_is_not_nested_and_shared_nodes_round_trip():
    inputs = keras.Input((3,))
    shared = layers.Dense(3)
    model = keras.Model(inputs, shared(shared(inputs)))
    config = model.get_config()
    assert config["input_layers"] == ["input_layer", 0, 0]
    dense = next(entry for entry in config["layers"] if entry["name"] == "dense")
    histories = [n["args"][0]["config"]["keras_history"] for n in dense["inbound_nodes"]]
    assert histories == [["input_layer", 0, 0], ["dense", 0, 0]]
    clone = keras.Model.from_config(config)
    assert len(clone.weights) == 2
    clone.set_weights(model.get_weights())
    x = np.ones((2, 3), "float32")
    np.testing.assert_allclose(clone.predict(x, verbose=0), model.predict(x, verbose=0))


def test_fit_with_lists_names_losses_and_metrics_per_output():
    model, _ = two_input_two_output_model()
    model.compile("sgd", ["mse", "binary_crossentropy"], metrics=[["mae"], ["accuracy"]])
    x, y = data()
    history = model.fit(x, y, epochs=2, batch_size=4, verbose=0)
    assert sorted(history.history) == [
        "dense_1_accuracy", "dense_1_loss", "loss", "out1_loss", "out1_mae"]
    logs = model.evaluate(x, y, verbose=0, return_dict=True)
    np.testing.assert_allclose(logs["loss"], logs["out1_loss"] + logs["dense_1_loss"], rtol=1e-5)
    values = model.evaluate(x, y, verbose=0)
    # Keras's order: loss, the per-output losses, then the other metrics sorted by name.
    assert values == [logs[k] for k in ("loss", "out1_loss", "dense_1_loss", "dense_1_accuracy", "out1_mae")]


def test_fit_with_dicts_and_loss_weights():
    a = keras.Input((4,), name="a")
    b = keras.Input((3,), name="b")
    x = layers.Concatenate()([a, b])
    model = keras.Model({"a": a, "b": b}, {"reg": layers.Dense(2)(x), "cls": layers.Dense(1)(x)})
    assert model.output_names == ["cls", "reg"]
    model.compile("sgd", loss={"reg": "mse", "cls": "mse"}, loss_weights={"reg": 2.0, "cls": 1.0},
                  metrics={"reg": ["mae"]})
    (xa, xb), (yr, _) = data()
    inputs = {"a": xa, "b": xb}
    targets = {"reg": yr, "cls": np.zeros((8, 1), "float32")}
    history = model.fit(inputs, targets, epochs=1, batch_size=8, verbose=0)
    assert sorted(history.history) == ["cls_loss", "loss", "reg_loss", "reg_mae"]
    logs = model.evaluate(inputs, targets, verbose=0, return_dict=True)
    np.testing.assert_allclose(logs["loss"], 2 * logs["reg_loss"] + logs["cls_loss"], rtol=1e-5)
    predictions = model.predict(inputs, verbose=0)
    assert set(predictions) == {"reg", "cls"} and predictions["reg"].shape == (8, 2)
    with pytest.raises(ValueError, match=r"key\(s\) \['nope'\] do not correspond to any model output"):
        model.compile("sgd", loss={"nope": "mse"})
        model.fit(inputs, targets, verbose=0)


def test_training_learns_through_a_convnet_graph():
    inputs = keras.Input((8, 8, 1))
    x = layers.Conv2D(4, 3, padding="same", activation="relu")(inputs)
    x = layers.BatchNormalization()(x)
    skip = layers.Conv2D(4, 1)(inputs)
    x = layers.Add()([x, skip])
    x = layers.GlobalAveragePooling2D()(x)
    model = keras.Model(inputs, layers.Dense(2, activation="softmax")(x))
    rng = np.random.default_rng(0)
    images = rng.normal(size=(64, 8, 8, 1)).astype("float32")
    labels = (images.mean(axis=(1, 2, 3)) > 0).astype("int64")
    images[labels == 1] += 0.5
    model.compile(keras.optimizers.SGD(0.1), "sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(images, labels, epochs=15, batch_size=16, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0] * 0.7
    bn = model.get_layer("batch_normalization")
    assert np.any(bn.moving_mean.value != 0)  # fit passed training=True down the graph


def test_model_used_as_a_layer():
    inner_in = keras.Input((3,))
    inner = keras.Model(inner_in, layers.Dense(2)(inner_in), name="inner")
    outer_in = keras.Input((3,))
    outer = keras.Model(outer_in, layers.Dense(1)(inner(outer_in)))
    x = np.ones((4, 3), "float32")
    np.testing.assert_allclose(
        outer.predict(x, verbose=0), outer.layers[-1](inner.predict(x, verbose=0)), rtol=1e-6)
    assert len(outer.weights) == 4


def test_outputs_that_do_not_depend_on_inputs():
    i = keras.Input((3,), name="used")
    j = keras.Input((3,), name="other")
    out = layers.Dense(2, name="head")(j)
    with pytest.raises(ValueError, match=r"Graph disconnected: layer 'head' needs input 'other' of shape \(None, 3\)"):
        keras.Model(i, out)


def test_layer_reused_with_incompatible_shape():
    dense = layers.Dense(3, name="reused")
    dense(keras.Input((4,)))
    # The layer's input_spec refuses it first, with Keras's message.
    with pytest.raises(ValueError, match=r"of layer 'reused' is incompatible with the layer: expected axis -1 of input shape to have value 4, but received input with shape \(None, 5\)"):
        dense(keras.Input((5,)))
    conv = layers.Conv2D(2, 3, name="reused_conv")
    conv(keras.Input((8, 8, 1)))
    conv(keras.Input((10, 10, 1)))  # other sizes are fine for a convolution
    with pytest.raises(ValueError, match=r"'reused_conv' is incompatible with the layer: expected axis -1 of input shape to have value 1, but received input with shape \(None, 8, 8, 3\)"):
        conv(keras.Input((8, 8, 3)))


def test_bad_model_arguments_and_data():
    i = keras.Input((3,))
    with pytest.raises(ValueError, match="`outputs` of a functional model must be"):
        keras.Model(i, [np.zeros(3)])
    hidden = layers.Dense(2)(i)
    with pytest.raises(ValueError, match="must come from `kerasish.Input`"):
        keras.Model(hidden, layers.Dense(1)(hidden))
    model = keras.Model(i, layers.Dense(1)(i))
    with pytest.raises(ValueError, match=r"expected shape=\(None, 3\), found shape=\(2, 4\)"):
        model.predict(np.zeros((2, 4), "float32"), verbose=0)
    two, _ = two_input_two_output_model()
    with pytest.raises(ValueError, match="expects 2 input"):
        two.predict([np.zeros((2, 4), "float32")], verbose=0)


def test_subclassed_model_trains_and_tracks_layers():
    class Net(keras.Model):
        def __init__(self):
            super().__init__()
            self.conv = layers.Conv2D(4, 3, activation="relu")
            self.norm = layers.BatchNormalization()
            self.pool = layers.GlobalAveragePooling2D()
            self.head = layers.Dense(2, activation="softmax")

        def call(self, x, training=None):
            return self.head(self.pool(self.norm(self.conv(x), training=training)))

    rng = np.random.default_rng(0)
    images = rng.normal(size=(48, 6, 6, 1)).astype("float32")
    labels = (images[:, :3].mean(axis=(1, 2, 3)) > images[:, 3:].mean(axis=(1, 2, 3))).astype("int64")
    model = Net()
    model.compile(keras.optimizers.SGD(0.2, momentum=0.9), "sparse_categorical_crossentropy")
    history = model.fit(images, labels, epochs=20, batch_size=16, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0] * 0.8
    assert [layer.name for layer in model.layers] == [
        "conv2d", "batch_normalization", "global_average_pooling2d", "dense"]
    assert len(model.trainable_weights) == 6 and len(model.non_trainable_weights) == 2
    assert np.any(model.norm.moving_mean.value != 0)
