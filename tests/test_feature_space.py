"""FeatureSpace without Keras: adapting from batches, encodings worked out by
hand, dict output, single samples, models on the encoded features, saving,
and the errors for bad input."""

import numpy as np
import pytest

import kerasish as keras

FeatureSpace = keras.utils.FeatureSpace
DATA = {"price": np.array([1.0, 3.0, 5.0, 7.0]), "color": np.array(["red", "blue", "red", "red"]),
        "size": np.array([2, 4, 4, 9])}


def _space(**kwargs):
    return FeatureSpace({"price": "float_normalized", "color": "string_categorical",
                         "size": "integer_categorical"}, **kwargs)


def test_concat_encoding_by_hand():
    space = _space()
    space.adapt(DATA)
    out = space({"price": np.array([4.0]), "color": np.array(["green"]), "size": np.array([4])})
    # color: [OOV, red, blue]; price: (4 - 4) / std; size: [OOV, 4, ...] (by frequency).
    np.testing.assert_allclose(out, [[1, 0, 0, 0.0, 0, 1, 0, 0]], atol=1e-6)
    assert out.dtype == np.float32


def test_adapting_from_batches_equals_adapting_from_columns():
    whole, batched = _space(), _space()
    whole.adapt(DATA)
    batched.adapt([{k: v[:2] for k, v in DATA.items()}, {k: v[2:] for k, v in DATA.items()}])
    np.testing.assert_allclose(whole(DATA), batched(DATA), rtol=1e-6)


def test_dict_mode_single_sample_and_int_outputs():
    space = FeatureSpace({"size": FeatureSpace.integer_categorical(output_mode="int"),
                          "price": "float"}, output_mode="dict")
    space.adapt(DATA)
    out = space({"size": np.int64(4), "price": np.float32(2.5)})
    assert out["size"].shape == (1,) and out["size"].dtype == np.int64
    np.testing.assert_array_equal(out["size"], [1])  # the most frequent value
    np.testing.assert_allclose(out["price"], [2.5])


def test_a_space_without_adaptable_features_needs_no_adapt():
    space = FeatureSpace({"x": "float", "h": "integer_hashed"}, hashing_dim=3)
    out = space({"x": np.array([1.5, 2.5]), "h": np.array([7, 7])})
    assert out.shape == (2, 4)
    np.testing.assert_array_equal(out[0, :3], out[1, :3])  # the same id hashes alike
    assert out[:, :3].sum() == 2


def test_model_on_encoded_features_trains_and_saves(tmp_path):
    space = _space()
    space.adapt(DATA)
    inputs, encoded = space.get_inputs(), space.get_encoded_features()
    model = keras.Model(inputs, keras.layers.Dense(1)(encoded))
    model.compile("sgd", "mse")
    columns = {k: v[:, None] for k, v in DATA.items()}
    model.fit(columns, np.ones((4, 1)), epochs=2, verbose=0)
    model.save(tmp_path / "model.keras")
    restored = keras.saving.load_model(tmp_path / "model.keras")
    np.testing.assert_allclose(restored.predict(columns, verbose=0),
                               model.predict(columns, verbose=0), rtol=1e-6)


def test_feature_space_round_trips_through_a_keras_file(tmp_path):
    space = _space(output_mode="dict")
    space.adapt(DATA)
    space.save(str(tmp_path / "space.keras"))
    restored = keras.saving.load_model(str(tmp_path / "space.keras"))
    assert isinstance(restored, FeatureSpace)
    ours, theirs = space(DATA), restored(DATA)
    for key in ours:
        np.testing.assert_array_equal(ours[key], theirs[key])


@pytest.mark.parametrize("make, message", [
    (lambda: FeatureSpace({}), "cannot be None or empty"),
    (lambda: FeatureSpace({"x": "floaty"}), "Invalid feature type: floaty"),
    (lambda: FeatureSpace({"x": "float"}, output_mode="tuple"), "Received: output_mode=tuple"),
    (lambda: FeatureSpace({"x": "integer_categorical"}, crosses=[("x", "y")]),
     "Received unknown features"),
    (lambda: FeatureSpace({"x": "float_normalized"})({"x": np.ones(2)}), "call `.adapt"),
    (lambda: FeatureSpace({"x": "float"})(np.ones(2)), "can only be called with a dict"),
    (lambda: FeatureSpace({"x": "float_normalized"}).adapt(np.ones(3)), "dict of arrays"),
    (lambda: FeatureSpace({"x": "float_normalized"}).adapt([np.ones(3)]), "yield dicts"),
    (lambda: FeatureSpace({"x": "float_normalized"}).adapt({"y": np.ones(3)}), "no feature 'x'"),
    (lambda: FeatureSpace({"x": FeatureSpace.integer_categorical(output_mode="int")}).adapt(
        {"x": np.array([1, 2])}), "Cannot concatenate features because feature 'x'"),
])
def test_bad_input_is_refused(make, message):
    with pytest.raises(ValueError, match=message):
        make()
