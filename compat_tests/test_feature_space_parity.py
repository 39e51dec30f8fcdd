"""FeatureSpace against Keras 3.15: the same encodings after `adapt` on the
same data (concat and dict modes, single samples, every preset, crosses),
the same configs and errors, and .keras files that load both ways."""

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import real_keras

DATA = {
    "price": np.array([1.0, 2.0, 3.0, 7.5, -1.0]),
    "color": np.array(["red", "blue", "red", "green", "red"]),
    "size": np.array([1, 2, 2, 5, 1]),
    "tag": np.array(["a", "b", "c", "a", "d"]),
    "level": np.array([0.1, 0.5, 0.9, 0.3, 0.7]),
    "raw": np.array([1.0, 2.0, 3.0, 4.0, 5.0]),
    "code": np.array([5, 7, 9, 5, 11]),
    "scaled": np.array([1.0, 2.0, 3.0, 4.0, 5.0]),
}
PRESETS = {"price": "float_normalized", "color": "string_categorical",
           "size": "integer_categorical", "tag": "string_hashed", "level": "float_discretized",
           "raw": "float", "code": "integer_hashed", "scaled": "float_rescaled"}
NEW = {"price": np.array([2.0, 10.0]), "color": np.array(["blue", "purple"]),
       "size": np.array([5, 42]), "tag": np.array(["b", "zz"]), "level": np.array([0.2, 0.95]),
       "raw": np.array([0.5, 9.0]), "code": np.array([9, 3]), "scaled": np.array([2.0, 8.0])}


def _adapt(module, space, data):
    if module is kerasish:
        space.adapt(data)
    else:
        import tensorflow as tf

        space.adapt(tf.data.Dataset.from_tensor_slices(data))


def _both(make, data=DATA):
    keras = real_keras()
    spaces = []
    for module in (kerasish, keras):
        space = make(module)
        _adapt(module, space, data)
        spaces.append(space)
    return spaces


def _as_numpy(result):
    if isinstance(result, dict):
        return {k: np.asarray(v) for k, v in result.items()}
    return np.asarray(result)


def _assert_same(ours, theirs):
    ours, theirs = _as_numpy(ours), _as_numpy(theirs)
    if isinstance(theirs, dict):
        assert sorted(ours) == sorted(theirs)
        for key in theirs:
            assert ours[key].dtype == theirs[key].dtype, key
            np.testing.assert_allclose(ours[key], theirs[key], rtol=1e-6, atol=1e-6)
    else:
        assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
        np.testing.assert_allclose(ours, theirs, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("output_mode", ["concat", "dict"])
def test_every_preset_encodes_like_keras(output_mode):
    ours, theirs = _both(lambda m: m.utils.FeatureSpace(
        PRESETS, output_mode=output_mode, num_discretization_bins=3, hashing_dim=4))
    for data in (DATA, NEW):
        _assert_same(ours(data), theirs(data))
    one = {k: v[1] for k, v in NEW.items()}  # a single sample: no batch axis
    _assert_same(ours(one), theirs(one))


def test_spec_methods_with_arguments_encode_like_keras():
    def make(m):
        fs = m.utils.FeatureSpace
        return fs({
            "size": fs.integer_categorical(max_tokens=3, num_oov_indices=2),
            "color": fs.string_categorical(output_mode="int"),
            "level": fs.float_discretized(num_bins=4, output_mode="int"),
            "tag": fs.string_hashed(num_bins=3, output_mode="int"),
            "scaled": fs.float_rescaled(scale=0.5, offset=-1.0),
            "raw": fs.feature("float32", m.layers.Rescaling(3.0), "float"),
        }, output_mode="dict")
    ours, theirs = _both(make)
    columns = {k: NEW[k] for k in ours.features}
    _assert_same(ours(columns), theirs(columns))


def test_crosses_encode_like_keras():
    if not hasattr(kerasish.layers, "HashedCrossing"):
        pytest.skip("needs keras.layers.HashedCrossing (branch wip/auggeom)")

    def make(m):
        fs = m.utils.FeatureSpace
        return fs({"color": "string_categorical", "size": "integer_categorical"},
                  crosses=[("color", "size"), fs.cross(("size", "color"), 5, output_mode="int")],
                  crossing_dim=7, output_mode="dict")
    ours, theirs = _both(make)
    columns = {k: NEW[k] for k in ("color", "size")}
    _assert_same(ours(columns), theirs(columns))


def test_encoded_features_build_models_that_train_like_keras():
    keras = real_keras()
    results = []
    for module, space in zip((kerasish, keras), _both(lambda m: m.utils.FeatureSpace(
            {"price": "float_normalized", "color": "string_categorical", "size": "integer_hashed"},
            hashing_dim=4))):
        inputs, encoded = space.get_inputs(), space.get_encoded_features()
        assert sorted(inputs) == ["color", "price", "size"]
        assert tuple(encoded.shape) == (None, 9)
        dense = module.layers.Dense(1, kernel_initializer="ones")
        model = module.Model(inputs, dense(encoded))
        columns = {k: DATA[k][:, None] for k in inputs}
        if module is keras:  # Keras's predict refuses NumPy unicode arrays: TF tensors
            import tensorflow as tf

            columns = {k: tf.constant(v) for k, v in columns.items()}
        results.append(np.asarray(model.predict(columns, verbose=0)))
    np.testing.assert_allclose(results[0], results[1], rtol=1e-5, atol=1e-6)


def test_configs_match_keras():
    keras = real_keras()
    configs = []
    for module in (kerasish, keras):
        space = module.utils.FeatureSpace(PRESETS, num_discretization_bins=3, name="space")
        configs.append(module.saving.serialize_keras_object(space))
    assert configs[0] == configs[1]


def test_keras_files_load_both_ways(tmp_path):
    keras = real_keras()
    ours, theirs = _both(lambda m: m.utils.FeatureSpace(
        {"price": "float_normalized", "color": "string_categorical", "size": "integer_categorical",
         "level": "float_discretized"}, num_discretization_bins=3))
    ours.save(str(tmp_path / "ours.keras"))
    theirs.save(str(tmp_path / "theirs.keras"))
    by_keras = keras.saving.load_model(str(tmp_path / "ours.keras"))
    by_us = kerasish.saving.load_model(str(tmp_path / "theirs.keras"))
    data = {k: NEW[k] for k in ("price", "color", "size", "level")}
    expected = np.asarray(theirs(data))
    for loaded in (by_keras, by_us):
        np.testing.assert_allclose(np.asarray(loaded(data)), expected, rtol=1e-6, atol=1e-6)


ERRORS = {
    "empty features": lambda m: m.utils.FeatureSpace({}),
    "unknown preset": lambda m: m.utils.FeatureSpace({"x": "float_magic"}),
    "bad output_mode": lambda m: m.utils.FeatureSpace({"x": "float"}, output_mode="list"),
    "bad feature output_mode": lambda m: m.utils.FeatureSpace.feature("float32", None, "bits"),
    "bad cross output_mode": lambda m: m.utils.FeatureSpace.cross(("a", "b"), 2, "float"),
    "cross of unknown features": lambda m: m.utils.FeatureSpace(
        {"x": "integer_categorical"}, crosses=[("x", "y")]),
    "call before adapt": lambda m: m.utils.FeatureSpace({"x": "float_normalized"})(
        {"x": np.array([1.0])}),
    "one-hot of floats": lambda m: m.utils.FeatureSpace({"x": m.utils.FeatureSpace.feature(
        "float32", m.layers.Rescaling(2.0), "one_hot")})({"x": np.array([1.0])}),
}


@pytest.mark.parametrize("case", list(ERRORS), ids=list(ERRORS))
def test_errors_match_keras(case):
    keras = real_keras()
    messages = []
    for module in (kerasish, keras):
        with pytest.raises(ValueError) as info:
            ERRORS[case](module)
        messages.append(str(info.value))
    assert messages[0] == messages[1]
