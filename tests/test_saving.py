"""Saving and loading without TensorFlow: file layouts, round trips, errors
that leave the model untouched, and atomic writes."""

import json
import os
import subprocess
import sys
import textwrap
import zipfile

import h5py
import numpy as np
import pytest

import kerasish as keras

X = np.random.default_rng(0).random((16, 4), dtype=np.float32)
Y = np.random.default_rng(1).integers(0, 3, 16)


def trained_model(momentum=0.9, metrics=("accuracy",)):
    model = keras.Sequential([
        keras.Input((4,)),
        keras.layers.Dense(5, activation="relu", name="hidden"),
        keras.layers.Dense(3, activation="softmax", name="probs"),
    ])
    model.compile(optimizer=keras.optimizers.SGD(0.1, momentum=momentum),
                  loss="sparse_categorical_crossentropy", metrics=list(metrics))
    model.fit(X, Y, epochs=1, batch_size=8, verbose=0, shuffle=False)
    return model


def fresh_model():
    return keras.Sequential([keras.Input((4,)), keras.layers.Dense(5, activation="relu"),
                             keras.layers.Dense(3, activation="softmax")])  # other names


def assert_same_weights(a, b):
    assert len(a) == len(b)
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x, y)


def optimizer_values(model):
    return [np.array(v.value) for v in model.optimizer.variables]


# ------------------------------------------------------------------ layouts
def test_weights_file_has_keras_layout(tmp_path):
    model = trained_model()
    path = tmp_path / "m.weights.h5"
    model.save_weights(path)
    with h5py.File(path) as f:
        assert f["vars"].attrs["name"] == model.name
        assert f["layers/dense/vars"].attrs["name"] == model.layers[0].name
        assert f["layers/dense_1/vars"].attrs["name"] == model.layers[1].name
        np.testing.assert_array_equal(f["layers/dense/vars/0"][()], model.layers[0].kernel.value)
        np.testing.assert_array_equal(f["layers/dense_1/vars/1"][()], model.layers[1].bias.value)
        assert sorted(f["optimizer/vars"].keys(), key=int) == [str(i) for i in range(6)]
        assert f["optimizer/vars/0"].dtype == np.int64 and f["optimizer/vars/0"][()] == 2
        np.testing.assert_allclose(f["optimizer/vars/1"][()], 0.1)
        assert "input_layer" not in f["layers"]


def test_keras_archive_layout_and_config(tmp_path):
    model = trained_model()
    path = tmp_path / "m.keras"
    model.save(path)
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == ["metadata.json", "config.json", "model.weights.h5"]
        config = json.loads(archive.read("config.json"))
        metadata = json.loads(archive.read("metadata.json"))
    assert metadata["keras_version"].startswith("3.")
    assert (config["module"], config["class_name"]) == ("keras", "Sequential")
    assert config["build_config"] == {"input_shape": [None, 4]}
    layers = config["config"]["layers"]
    assert [layer["class_name"] for layer in layers] == ["InputLayer", "Dense", "Dense"]
    assert layers[1]["module"] == "keras.layers"
    compile_config = config["compile_config"]
    assert compile_config["optimizer"]["class_name"] == "SGD"
    assert compile_config["optimizer"]["module"] == "keras.optimizers"
    assert compile_config["optimizer"]["config"]["momentum"] == 0.9
    assert compile_config["loss"] == "sparse_categorical_crossentropy"
    assert compile_config["metrics"] == ["accuracy"]


def test_nested_and_subclassed_layers_get_attribute_paths(tmp_path):
    class Block(keras.layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.inner = keras.layers.Dense(2)
            self.parts = [keras.layers.Dense(2), keras.layers.Dense(2)]

        def build(self, input_shape):
            self.scale = self.add_weight(shape=(2,), name="scale")
            self.count = self.add_weight(shape=(), name="count", trainable=False)
            self.shift = self.add_weight(shape=(2,), name="shift")

        def call(self, x):
            return self.parts[1](self.parts[0](self.inner(x))) * self.scale

    model = keras.Sequential([keras.Input((4,)), keras.Sequential([keras.layers.Dense(3)]),
                              Block(), keras.layers.Dense(1)])
    model.predict(X, verbose=0)
    # The layers in the `parts` list are tracked: their weights are the model's.
    assert len(model.weights) == 2 + (2 + 2 * 2 + 3) + 2
    path = tmp_path / "n.weights.h5"
    model.save_weights(path)
    with h5py.File(path) as f:
        names = set()
        f.visit(names.add)
    expected = {
        "layers/sequential/layers/dense/vars/0", "layers/block/inner/vars/1",
        "layers/block/parts/dense/vars/0", "layers/block/parts/dense_1/vars/1",
        "layers/block/vars/2", "layers/dense/vars/1",
    }
    assert expected <= names
    with h5py.File(path) as f:  # own variables: trainable first, then non-trainable
        assert f["layers/block/vars/2"].shape == ()


# ------------------------------------------------------------- round trips
def test_weights_round_trip_is_exact_and_restores_optimizer(tmp_path):
    model = trained_model()
    path = tmp_path / "m.weights.h5"
    model.save_weights(path)
    other = fresh_model()
    other.compile(optimizer=keras.optimizers.SGD(0.1, momentum=0.9),
                  loss="sparse_categorical_crossentropy")
    other.optimizer.build(other.trainable_weights)
    other.load_weights(path)
    assert_same_weights(other.get_weights(), model.get_weights())
    assert_same_weights(optimizer_values(other), optimizer_values(model))
    np.testing.assert_array_equal(other.predict(X, verbose=0), model.predict(X, verbose=0))


def test_keras_archive_round_trip_continues_training_identically(tmp_path):
    model = trained_model()
    path = tmp_path / "m.keras"
    model.save(path)
    loaded = keras.models.load_model(path)
    assert isinstance(loaded, keras.Sequential)
    assert_same_weights(loaded.get_weights(), model.get_weights())
    assert_same_weights(optimizer_values(loaded), optimizer_values(model))
    assert isinstance(loaded.optimizer, keras.optimizers.SGD)
    assert loaded.optimizer.momentum == 0.9
    model.fit(X, Y, epochs=1, batch_size=8, verbose=0, shuffle=False)
    loaded.fit(X, Y, epochs=1, batch_size=8, verbose=0, shuffle=False)
    assert_same_weights(loaded.get_weights(), model.get_weights())
    assert loaded.evaluate(X, Y, verbose=0) == model.evaluate(X, Y, verbose=0)


def test_load_weights_from_keras_archive(tmp_path):
    model = trained_model()
    model.save(tmp_path / "m.keras")
    other = fresh_model()
    other.load_weights(tmp_path / "m.keras")
    assert_same_weights(other.get_weights(), model.get_weights())


def test_load_model_without_compile(tmp_path):
    path = tmp_path / "m.keras"
    trained_model().save(path)
    loaded = keras.saving.load_model(path, compile=False)
    assert not loaded.compiled


def test_saving_module_functions(tmp_path):
    model = trained_model()
    keras.saving.save_model(model, tmp_path / "m.keras")
    loaded = keras.saving.load_model(tmp_path / "m.keras")
    assert_same_weights(loaded.get_weights(), model.get_weights())


def test_legacy_h5_model_round_trip(tmp_path):
    model = trained_model()
    path = tmp_path / "m.h5"
    with pytest.warns(UserWarning, match="legacy"):
        model.save(path)
    with h5py.File(path) as f:
        assert json.loads(f.attrs["model_config"])["class_name"] == "Sequential"
        training = json.loads(f.attrs["training_config"])
        assert training["optimizer_config"]["class_name"] == "SGD"
        assert list(f["model_weights"].attrs["layer_names"]) == ["hidden", "probs"]
    loaded = keras.models.load_model(path)
    assert_same_weights(loaded.get_weights(), model.get_weights())
    assert_same_weights(optimizer_values(loaded), optimizer_values(model))
    model.fit(X, Y, epochs=1, batch_size=8, verbose=0, shuffle=False)
    loaded.fit(X, Y, epochs=1, batch_size=8, verbose=0, shuffle=False)
    assert_same_weights(loaded.get_weights(), model.get_weights())


def test_legacy_h5_weights_by_position_and_by_name(tmp_path):
    model = trained_model()
    path = tmp_path / "m.h5"
    with pytest.warns(UserWarning, match="legacy"):
        model.save(path)
    positional = fresh_model()
    positional.load_weights(path)
    assert_same_weights(positional.get_weights(), model.get_weights())

    named = keras.Sequential([keras.Input((4,)), keras.layers.Dense(5, name="hidden"),
                              keras.layers.Dense(3, name="other")])
    before = named.layers[1].get_weights()
    named.load_weights(path, by_name=True)
    assert_same_weights(named.layers[0].get_weights(), model.layers[0].get_weights())
    assert_same_weights(named.layers[1].get_weights(), before)


# ------------------------------------------------------ errors, untouched model
def assert_load_fails_untouched(model, path, error, match, **kwargs):
    """Loading `path` raises `error` and leaves every weight as it was."""
    before = model.get_weights()
    with pytest.raises(error, match=match):
        model.load_weights(path, **kwargs)
    assert_same_weights(model.get_weights(), before)


def saved_legacy_h5(path):
    with pytest.warns(UserWarning, match="legacy"):
        trained_model().save(path)
    return path


def test_save_weights_needs_weights_h5_suffix(tmp_path):
    with pytest.raises(ValueError, match=r"must end in `\.weights\.h5`"):
        trained_model().save_weights(tmp_path / "m.h5")


def test_save_needs_known_extension(tmp_path):
    with pytest.raises(ValueError, match="Invalid filepath extension"):
        trained_model().save(tmp_path / "m.model")


def test_wrong_shapes_raise_and_leave_model_untouched(tmp_path):
    path = tmp_path / "m.weights.h5"
    trained_model().save_weights(path)
    other = keras.Sequential([keras.Input((4,)), keras.layers.Dense(5), keras.layers.Dense(2)])
    assert_load_fails_untouched(other, path, ValueError,
                                r"m\.weights\.h5.*\n.*shape \(5, 2\).*\(5, 3\)")


def test_wrong_layer_count_raises_and_leaves_model_untouched(tmp_path):
    path = tmp_path / "m.weights.h5"
    trained_model().save_weights(path)
    other = keras.Sequential([keras.Input((4,)), keras.layers.Dense(5), keras.layers.Dense(3),
                              keras.layers.Dense(3)])
    assert_load_fails_untouched(other, path, ValueError, "expected 2 variables, but received 0")
    legacy = saved_legacy_h5(tmp_path / "m.h5")
    assert_load_fails_untouched(other, legacy, ValueError,
                                r"Layer count mismatch.*m\.h5.*expected 3 layers, found 2")


def test_legacy_shape_mismatch_leaves_model_untouched(tmp_path):
    legacy = saved_legacy_h5(tmp_path / "m.h5")
    other = keras.Sequential([keras.Input((4,)), keras.layers.Dense(5), keras.layers.Dense(4)])
    assert_load_fails_untouched(other, legacy, ValueError, r"m\.h5.*shape mismatch")


def test_truncated_file_raises_oserror_naming_it(tmp_path):
    path = tmp_path / "m.weights.h5"
    trained_model().save_weights(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert_load_fails_untouched(fresh_model(), path, OSError, r"m\.weights\.h5")


def test_non_hdf5_file_raises_oserror(tmp_path):
    path = tmp_path / "notes.weights.h5"
    path.write_text("these are not weights")
    assert_load_fails_untouched(fresh_model(), path, OSError,
                                r"notes\.weights\.h5.*not a valid HDF5 file")


def test_corrupted_dataset_raises_oserror(tmp_path):
    path = tmp_path / "m.weights.h5"
    fresh_model().save_weights(path)
    with h5py.File(path, "a") as f:  # a layer group whose datasets are not "0", "1"
        group = f["layers/dense_1/vars"]
        group.move("1", "x")
    assert_load_fails_untouched(fresh_model(), path, OSError, r"m\.weights\.h5.*corrupted")


def test_unconvertible_values_leave_model_untouched(tmp_path):
    path = tmp_path / "m.weights.h5"
    fresh_model().save_weights(path)
    with h5py.File(path, "a") as f:  # the last layer's bias holds text
        del f["layers/dense_1/vars/1"]
        f["layers/dense_1/vars/1"] = np.array([b"a", b"b", b"c"])
    assert_load_fails_untouched(fresh_model(), path, ValueError, "Cannot load a value of dtype")


def test_zip_without_config_raises(tmp_path):
    path = tmp_path / "m.keras"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("metadata.json", "{}")
    with pytest.raises(ValueError, match=r"m\.keras.*no config\.json"):
        keras.models.load_model(path)


def test_keras_file_that_is_not_a_zip_raises(tmp_path):
    path = tmp_path / "m.keras"
    path.write_text("plain text")
    with pytest.raises(ValueError, match=r"m\.keras.*not a zip file"):
        keras.models.load_model(path)


def test_missing_file_raises(tmp_path):
    with pytest.raises(ValueError, match="File not found"):
        keras.models.load_model(tmp_path / "absent.keras")
    with pytest.raises(FileNotFoundError, match="absent.weights.h5"):
        fresh_model().load_weights(tmp_path / "absent.weights.h5")


def test_unbuilt_models_cannot_save_or_load_weights(tmp_path):
    unbuilt = keras.Sequential([keras.layers.Dense(2)])
    with pytest.raises(ValueError, match="has not yet been built"):
        unbuilt.save_weights(tmp_path / "u.weights.h5")
    fresh_model().save_weights(tmp_path / "m.weights.h5")
    with pytest.raises(ValueError, match="has not yet been built"):
        unbuilt.load_weights(tmp_path / "m.weights.h5")


def test_skip_mismatch_loads_what_matches(tmp_path):
    model = trained_model()
    model.save_weights(tmp_path / "m.weights.h5")
    other = keras.Sequential([keras.Input((4,)), keras.layers.Dense(5), keras.layers.Dense(2)])
    before = other.layers[1].get_weights()
    with pytest.warns(UserWarning, match="do not match"):
        other.load_weights(tmp_path / "m.weights.h5", skip_mismatch=True)
    assert_same_weights(other.layers[0].get_weights(), model.layers[0].get_weights())
    assert_same_weights(other.layers[1].get_weights(), before)


def test_truncated_keras_archive_raises(tmp_path):
    path = tmp_path / "m.keras"
    trained_model().save(path)
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(ValueError, match=r"m\.keras.*truncated or corrupted"):
        keras.models.load_model(path)


def test_overwrite_false_asks_first(tmp_path, monkeypatch):
    path = tmp_path / "m.weights.h5"
    fresh_model().save_weights(path)
    good = path.read_bytes()
    answers = iter(["maybe", "n"])
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    trained_model().save_weights(path, overwrite=False)
    assert path.read_bytes() == good
    monkeypatch.setattr("builtins.input", lambda prompt: "y")
    trained_model().save_weights(path, overwrite=False)
    assert path.read_bytes() != good


def test_by_name_only_for_legacy_files(tmp_path):
    path = tmp_path / "m.weights.h5"
    trained_model().save_weights(path)
    with pytest.raises(ValueError, match="`by_name` only supports"):
        fresh_model().load_weights(path, by_name=True)


def test_hdf5_links_out_of_the_file_are_refused(tmp_path):
    path = tmp_path / "m.weights.h5"
    fresh_model().save_weights(path)
    with h5py.File(path, "a") as f:
        del f["layers/dense/vars/0"]
        f["layers/dense/vars/0"] = h5py.ExternalLink("/etc/passwd", "/x")
    with pytest.raises(ValueError, match="Not allowed: H5 file with ExternalLink"):
        fresh_model().load_weights(path)


# ------------------------------------------------------------------ atomic
def test_failed_write_keeps_previous_file_and_leaves_no_temp(tmp_path):
    path = tmp_path / "m.keras"
    model = trained_model()
    model.save(path)
    good = path.read_bytes()

    class Unserializable(keras.layers.Layer):
        def get_config(self):
            raise RuntimeError("cannot describe myself")

    broken = keras.Sequential([keras.Input((4,)), Unserializable()])
    with pytest.raises(RuntimeError, match="cannot describe myself"):
        broken.save(path)
    assert path.read_bytes() == good
    assert os.listdir(tmp_path) == ["m.keras"]


_WRITER = """
import os, sys, threading
import numpy as np
import kerasish as keras
model = keras.Sequential([keras.Input((2000,)), keras.layers.Dense(2000), keras.layers.Dense(2000)])
import h5py
original = h5py.Group.__setitem__
def slow_setitem(self, key, value):
    original(self, key, value)
    if key == "1":
        print("WRITING", flush=True)
        threading.Event().wait(60)  # hold the write half done until killed
h5py.Group.__setitem__ = slow_setitem
model.save_weights(sys.argv[1])
"""


def test_write_killed_midway_keeps_previous_file(tmp_path):
    path = tmp_path / "big.weights.h5"
    small = fresh_model()
    small.save_weights(path)
    good = path.read_bytes()
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(_WRITER), str(path)],
        stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": os.getcwd()},
    )
    try:
        assert child.stdout.readline().strip() == "WRITING"
        assert any(name.endswith(".tmp") for name in os.listdir(tmp_path))
    finally:
        child.kill()
        child.wait()
    assert path.read_bytes() == good
    loaded = fresh_model()
    loaded.load_weights(path)
    assert_same_weights(loaded.get_weights(), small.get_weights())


def test_import_does_not_load_h5py():
    code = "import sys, kerasish; print('h5py' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             env={**os.environ, "PYTHONPATH": os.getcwd()}, check=True)
    assert result.stdout.strip() == "False"


# ------------------------------------- layers that save their own way


class Doubled(keras.layers.Layer):
    """Stores twice its kernel under its own key (a user's override)."""

    def build(self, input_shape):
        self.kernel = self.add_weight(name="kernel", shape=(input_shape[-1], 2),
                                      initializer="ones")

    def call(self, x):
        return keras.ops.matmul(x, self.kernel)

    def save_own_variables(self, store):
        store["doubled"] = self.kernel.numpy() * 2

    def load_own_variables(self, store):
        self.kernel.assign(store["doubled"] / 2)


def test_a_layer_overriding_save_and_load_own_variables_round_trips(tmp_path):
    import h5py

    model = keras.Sequential([keras.Input((3,)), Doubled()])
    model.layers[0].kernel.assign(np.arange(6, dtype="float32").reshape(3, 2))
    path = str(tmp_path / "doubled.weights.h5")
    model.save_weights(path)
    with h5py.File(path, "r") as f:
        np.testing.assert_array_equal(f["layers/doubled/vars/doubled"][()],
                                      np.arange(6).reshape(3, 2) * 2)
    fresh = keras.Sequential([keras.Input((3,)), Doubled()])
    fresh.load_weights(path)
    np.testing.assert_array_equal(fresh.layers[0].kernel.numpy(), np.arange(6).reshape(3, 2))


def test_default_load_own_variables_counts_the_values():
    layer = keras.layers.Dense(2)
    layer.build((None, 3))
    with pytest.raises(ValueError, match="expected 2 variables, but received 1 variables"):
        layer.load_own_variables({"0": np.ones((3, 2))})
