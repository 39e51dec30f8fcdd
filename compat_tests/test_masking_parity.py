"""Masks and multi-tensor layer calls against real Keras: Embedding(mask_zero)
and Masking models give the same predictions, gradients, fit histories and
masked losses/metrics with identical weights; configs and .keras files with
masks or with layers called on several tensors load in the other library."""

import json
from types import SimpleNamespace

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import REDUCTION, TRAINING, assert_close, copy_weights, tf

keras = pytest.importorskip("keras")

# Rows padded unevenly with 0 (the mask_zero id); the last row is padding only.
IDS = np.array([[3, 1, 4, 1, 5, 0], [2, 6, 0, 0, 0, 0], [7, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]])
TARGETS = np.array([[0.5], [-1.0], [2.0], [0.0]], dtype="float32")

# The LAYERS table of test_layers_parity.py gets these (`LAYERS += MASKING_CASES`);
# plain records with LayerCase's fields, so neither module imports the other's
# half-initialized self.
MASKING_CASES = [
    SimpleNamespace(label="Masking", factory=lambda m: m.layers.Masking(mask_value=0.5),
                    input_shape=(2, 4, 3), tolerance=REDUCTION),
]


def _embedding_model(module):
    layers = module.layers
    inputs = module.Input((6,), dtype="int32", name="ids")
    x = layers.Embedding(8, 4, mask_zero=True, name="embed")(inputs)
    x = layers.Dense(5, activation="tanh", name="per_step")(x)
    x = layers.GlobalAveragePooling1D(name="pool")(x)
    return module.Model(inputs, layers.Dense(1, name="head")(x), name="masked")


def _pair(build):
    ours, theirs = build(kerasish), build(keras)
    copy_weights(ours, theirs)
    return ours, theirs


def test_embedding_mask_zero_predictions_match_keras():
    ours, theirs = _pair(_embedding_model)
    # Only rows with at least one id: Keras's 0/0 for an all-padding row is
    # compared separately.
    assert_close(ours.predict(IDS[:3], verbose=0), theirs.predict(IDS[:3], verbose=0),
                 REDUCTION, "masked predictions")


def test_fully_masked_row_gives_keras_nan():
    ours, theirs = _pair(_embedding_model)
    with np.errstate(invalid="ignore"):
        our_out = ours.predict(IDS, verbose=0)
    their_out = theirs.predict(IDS, verbose=0)
    assert np.isnan(their_out[3]).all() and np.isnan(our_out[3]).all()


def test_embedding_mask_zero_gradients_match_keras():
    ours, theirs = _pair(_embedding_model)
    x, y = IDS[:3], TARGETS[:3]
    loss_ours = kerasish.losses.MeanSquaredError()(y, ours(x))
    our_grads = kerasish.backend.gradients(loss_ours, ours.trainable_weights)
    tensorflow = tf()
    with tensorflow.GradientTape() as tape:
        loss_theirs = keras.losses.MeanSquaredError()(y, theirs(x))
    their_grads = tape.gradient(loss_theirs, theirs.trainable_weights)
    assert_close(np.asarray(loss_ours), np.asarray(loss_theirs), REDUCTION, "loss")
    for weight, g_ours, g_theirs in zip(theirs.trainable_weights, our_grads, their_grads):
        if isinstance(g_theirs, tensorflow.IndexedSlices):
            g_theirs = tensorflow.convert_to_tensor(g_theirs)
        assert_close(np.asarray(g_ours), np.asarray(g_theirs), REDUCTION, weight.path)


def test_embedding_mask_zero_fit_history_matches_keras():
    ours, theirs = _pair(_embedding_model)
    x, y = np.tile(IDS[:3], (4, 1)), np.tile(TARGETS[:3], (4, 1))
    histories = []
    for model, module in ((ours, kerasish), (theirs, keras)):
        # SGD: Keras's Adam treats repeated ids of a batch (here the padding
        # id) as separate sparse rows, which kerasish's dense Adam does not.
        model.compile(module.optimizers.SGD(0.1), loss="mse", metrics=["mae"])
        histories.append(model.fit(x, y, batch_size=4, epochs=3, shuffle=False, verbose=0).history)
    assert sorted(histories[0]) == sorted(histories[1])
    for key in histories[1]:
        assert_close(histories[0][key], histories[1][key], TRAINING, key)
    for w_ours, w_theirs in zip(ours.get_weights(), theirs.get_weights()):
        assert_close(w_ours, w_theirs, TRAINING, "trained weights")


def _masking_model(module):
    layers = module.layers
    inputs = module.Input((5, 3), name="series")
    x = layers.Masking(mask_value=-1.0, name="mask")(inputs)
    x = layers.Dense(4, activation="relu", name="per_step")(x)
    x = layers.GlobalAveragePooling1D(name="pool")(x)
    return module.Model(inputs, layers.Dense(2, name="head")(x))


def _padded_series():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(6, 5, 3)).astype("float32")
    for row, length in enumerate([5, 4, 2, 1, 3, 5]):
        x[row, length:] = -1.0
    x[5, 2] = [-1.0, 0.3, -1.0]  # only partly the mask value: kept
    return x


def test_masking_layer_model_matches_keras():
    ours, theirs = _pair(_masking_model)
    x = _padded_series()
    assert_close(ours.predict(x, verbose=0), theirs.predict(x, verbose=0), REDUCTION, "predict")
    our_mask = kerasish.layers.Masking(-1.0).compute_mask(x, None)
    their_mask = keras.layers.Masking(-1.0).compute_mask(x, None)
    np.testing.assert_array_equal(np.asarray(our_mask), np.asarray(their_mask))
    y = np.random.default_rng(4).normal(size=(6, 2)).astype("float32")
    histories = []
    for model, module in ((ours, kerasish), (theirs, keras)):
        model.compile(module.optimizers.SGD(0.05), loss="mse")
        histories.append(model.fit(x, y, batch_size=3, epochs=3, shuffle=False, verbose=0).history)
    assert_close(histories[0]["loss"], histories[1]["loss"], TRAINING, "loss history")


def _sequence_output_model(module):
    """The output keeps the mask: losses and metrics weigh by it."""
    inputs = module.Input((6,), dtype="int32")
    x = module.layers.Embedding(8, 4, mask_zero=True)(inputs)
    return module.Model(inputs, module.layers.Dense(3, activation="softmax")(x))


@pytest.mark.parametrize("loss", ["sparse_categorical_crossentropy", "mse"])
def test_masked_losses_and_metrics_match_keras(loss):
    ours, theirs = _pair(_sequence_output_model)
    x = IDS[:3]
    rng = np.random.default_rng(5)
    y = rng.integers(0, 3, size=(3, 6)) if loss.startswith("sparse") else rng.random((3, 6, 3))
    weights = rng.random((3, 6)).astype("float32")
    metrics = ["accuracy"] if loss.startswith("sparse") else ["mae"]
    results = []
    for model, module in ((ours, kerasish), (theirs, keras)):
        model.compile(module.optimizers.SGD(0.1), loss=loss, metrics=metrics,
                      weighted_metrics=metrics)
        plain = model.evaluate(x, y, verbose=0, return_dict=True)
        weighted = model.evaluate(x, y, sample_weight=weights, verbose=0, return_dict=True)
        history = model.fit(x, y, batch_size=2, epochs=2, shuffle=False, verbose=0).history
        results.append((plain, weighted, history))
    for ours_part, theirs_part in zip(*results):
        assert sorted(ours_part) == sorted(theirs_part)
        for key in theirs_part:
            assert_close(ours_part[key], theirs_part[key], TRAINING, key)


# ------------------------------------------------------------ config and files


def _normalized(config):
    return json.loads(json.dumps(config))


def test_keras_loads_our_masked_model_file(tmp_path):
    ours = _embedding_model(kerasish)
    path = str(tmp_path / "ours.keras")
    ours.save(path)
    theirs = keras.saving.load_model(path)
    assert_close(theirs.predict(IDS[:3], verbose=0), ours.predict(IDS[:3], verbose=0),
                 REDUCTION, "Keras on our file")


def test_we_load_keras_masked_model_file(tmp_path):
    # Keras writes the masks it passes as keras.ops nodes (NotEqual, Any).
    for build, data in ((_embedding_model, IDS[:3]), (_masking_model, _padded_series())):
        theirs = build(keras)
        path = str(tmp_path / "theirs.keras")
        theirs.save(path)
        ours = kerasish.saving.load_model(path)
        assert [layer.name for layer in ours.layers] == [
            layer.name for layer in theirs.layers if isinstance(layer, keras.layers.Layer)]
        assert_close(ours.predict(data, verbose=0), theirs.predict(data, verbose=0),
                     REDUCTION, f"our load of Keras's {build.__name__}")


def test_we_load_legacy_h5_masked_models_of_keras_3_and_keras_2(tmp_path):
    # Keras 3's .h5 config names the mask operations without a module.
    tf_keras = pytest.importorskip("tf_keras")
    for module in (keras, tf_keras):
        theirs = _embedding_model(module)
        path = str(tmp_path / f"{module.__name__}.h5")
        theirs.save(path)
        ours = kerasish.saving.load_model(path, compile=False)
        assert_close(ours.predict(IDS[:3], verbose=0), theirs.predict(IDS[:3], verbose=0),
                     REDUCTION, f"our load of {module.__name__}'s .h5")


# --------------------------------------------------- several tensors per call


def _blend_classes():
    """The same custom layer for each library: called on two positional
    tensors and a keyword tensor, built from one shape per argument, and a
    `get_config` without `name`."""
    return {module: _blend_class(module) for module in (kerasish, keras)}


def _blend_class(module):
    class Blend(module.layers.Layer):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.units = units

        def build(self, query_shape, value_shape):
            self.kernel = self.add_weight(shape=(query_shape[-1], self.units), name="kernel")
            self.scale = self.add_weight(shape=(value_shape[-1],), name="scale")

        def call(self, query, value, key=None):
            extra = value if key is None else key
            projected = module.ops.matmul(query, self.kernel)
            return projected + module.ops.sum(extra * self.scale, axis=-1, keepdims=True)

        def compute_output_shape(self, query_shape, value_shape):
            return tuple(query_shape[:-1]) + (self.units,)

        def get_config(self):
            return {"units": self.units}

    return Blend


def _blend_model(module, blend_class):
    a = module.Input((3,), name="a")
    b = module.Input((4,), name="b")
    h = module.layers.Dense(4, name="lift")(a)
    out = blend_class(2)(a, b, key=h)
    return module.Model([a, b], out, name="blended")


def _blend_data():
    rng = np.random.default_rng(7)
    return [rng.normal(size=(5, 3)).astype("float32"), rng.normal(size=(5, 4)).astype("float32")]


def test_two_tensor_call_config_matches_keras_both_ways():
    classes = _blend_classes()
    ours = _blend_model(kerasish, classes[kerasish])
    theirs = _blend_model(keras, classes[keras])
    our_config, their_config = _normalized(ours.get_config()), _normalized(theirs.get_config())
    # Same nodes (positional and keyword tensors) and build config as Keras.
    our_blend = [e for e in our_config["layers"] if e["class_name"] == "Blend"][0]
    their_blend = [e for e in their_config["layers"] if e["class_name"] == "Blend"][0]
    assert our_blend["inbound_nodes"] == their_blend["inbound_nodes"]
    assert our_blend["build_config"] == their_blend["build_config"]
    rebuilt_by_keras = keras.Model.from_config(our_config, custom_objects={"Blend": classes[keras]})
    rebuilt_by_us = kerasish.Model.from_config(their_config,
                                               custom_objects={"Blend": classes[kerasish]})
    copy_weights(ours, rebuilt_by_keras)
    copy_weights(ours, rebuilt_by_us)
    x = _blend_data()
    expected = ours.predict(x, verbose=0)
    assert_close(rebuilt_by_keras.predict(x, verbose=0), expected, REDUCTION, "Keras rebuild")
    assert_close(rebuilt_by_us.predict(x, verbose=0), expected, REDUCTION, "our rebuild")


def test_two_tensor_call_model_files_load_both_ways(tmp_path):
    classes = _blend_classes()
    x = _blend_data()
    ours = _blend_model(kerasish, classes[kerasish])
    our_path = str(tmp_path / "ours.keras")
    ours.save(our_path)
    loaded_by_keras = keras.saving.load_model(our_path, custom_objects={"Blend": classes[keras]})
    assert_close(loaded_by_keras.predict(x, verbose=0), ours.predict(x, verbose=0),
                 REDUCTION, "Keras loads ours")
    theirs = _blend_model(keras, classes[keras])
    their_path = str(tmp_path / "theirs.keras")
    theirs.save(their_path)
    loaded_by_us = kerasish.saving.load_model(their_path,
                                              custom_objects={"Blend": classes[kerasish]})
    assert_close(loaded_by_us.predict(x, verbose=0), theirs.predict(x, verbose=0),
                 REDUCTION, "we load Keras's")


def test_two_tensor_call_fit_matches_keras():
    classes = _blend_classes()
    ours = _blend_model(kerasish, classes[kerasish])
    theirs = _blend_model(keras, classes[keras])
    copy_weights(ours, theirs)
    x, y = _blend_data(), np.random.default_rng(8).normal(size=(5, 2)).astype("float32")
    histories = []
    for model, module in ((ours, kerasish), (theirs, keras)):
        model.compile(module.optimizers.SGD(0.05), loss="mse")
        histories.append(model.fit(x, y, batch_size=2, epochs=3, shuffle=False, verbose=0).history)
    assert_close(histories[0]["loss"], histories[1]["loss"], TRAINING, "loss history")


def test_sequential_inputs_build_a_feature_extractor_like_keras():
    def stack(module):
        return module.Sequential([module.Input((4,)), module.layers.Dense(3, name="hidden"),
                                  module.layers.Dense(1, name="top")])

    ours, theirs = _pair(stack)
    x = np.random.default_rng(9).normal(size=(3, 4)).astype("float32")
    features = []
    for model, module in ((ours, kerasish), (theirs, keras)):
        extractor = module.Model(model.inputs, model.get_layer("hidden").output)
        features.append(extractor.predict(x, verbose=0))
        assert [layer.name for layer in extractor.layers][1:] == ["hidden"]
    assert_close(features[0], features[1], REDUCTION, "features")
