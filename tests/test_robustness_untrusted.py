"""Untrusted files: loading never runs code from the file (no pickle, no
imports of modules the file names, lambdas only with safe_mode=False), and a
malformed config gets a clear error."""

import ast
import json
import os
import pathlib
import tempfile
import zipfile

import h5py
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kerasish as keras
from tests.robustness_checks import FUZZ, assert_clear_error, call

KERASISH = pathlib.Path(keras.__file__).parent


def test_every_np_load_refuses_pickles_and_nothing_unpickles():
    for path in KERASISH.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and ast.unparse(node.func) in ("np.load", "numpy.load"):
                flags = {k.arg: ast.unparse(k.value) for k in node.keywords}
                assert flags.get("allow_pickle") == "False", f"{path}:{node.lineno}"
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
                assert not {"pickle", "cPickle", "dill", "joblib"} & set(names), f"{path}:{node.lineno}"


@pytest.fixture
def archive(tmp_path):
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    model.compile(optimizer="sgd", loss="mse")
    path = tmp_path / "m.keras"
    model.save(path)
    return path


def tampered(archive, mutate):
    """A copy of `archive` whose config.json went through `mutate`."""
    with zipfile.ZipFile(archive) as source:
        config = json.loads(source.read("config.json"))
        mutate(config)
        out = archive.with_name("tampered.keras")
        with zipfile.ZipFile(out, "w") as target:
            for item in source.namelist():
                data = json.dumps(config) if item == "config.json" else source.read(item)
                target.writestr(item, data)
    return out


def dense_config(config):
    return config["config"]["layers"][1]["config"]


CODE_RUNNING_CONFIGS = {
    "os.system as activation": lambda c: dense_config(c).update(activation={
        "class_name": "function", "config": "system", "module": "os",
        "registered_name": "function"}),
    "subprocess.Popen as a layer": lambda c: c["config"]["layers"][1].update(
        module="subprocess", class_name="Popen"),
}

# A Lambda layer whose stored lambda is not even Keras's format: refused in
# safe mode, and a clear error (no code run) without it.
MALFORMED_LAMBDA = lambda c: c["config"]["layers"].__setitem__(1, {  # noqa: E731
    "module": "keras.layers", "class_name": "Lambda", "registered_name": None,
    "config": {"function": {"class_name": "__lambda__", "config": {"value": ["YQ==", None, None]}}}})


@pytest.mark.parametrize("safe_mode", [True, False])
def test_lambda_layer_configs_are_refused(archive, monkeypatch, safe_mode):
    called = []
    monkeypatch.setattr(os, "system", lambda *args: called.append(args))
    path = tampered(archive, MALFORMED_LAMBDA)
    match = "safe_mode=False" if safe_mode else "bytecode as a base64 string"
    with pytest.raises(ValueError, match=match):
        keras.models.load_model(path, safe_mode=safe_mode)
    assert not called


@pytest.mark.parametrize("safe_mode", [True, False])
@pytest.mark.parametrize("name", sorted(CODE_RUNNING_CONFIGS))
def test_configs_naming_arbitrary_callables_are_refused(archive, monkeypatch, name, safe_mode):
    """Even with safe_mode=False kerasish only resolves its own built-ins and
    the user's custom objects; it never imports a module a file names."""
    called = []
    monkeypatch.setattr(os, "system", lambda *args: called.append(args))
    path = tampered(archive, CODE_RUNNING_CONFIGS[name])
    with pytest.raises(TypeError, match="Could not locate"):
        keras.models.load_model(path, safe_mode=safe_mode)
    assert not called


def test_serialized_lambdas_need_safe_mode_off():
    config = {"class_name": "__lambda__", "config": {"value": ["YQ==", None, None]}}
    with pytest.raises(ValueError, match="arbitrary code execution.*safe_mode=False"):
        keras.saving.deserialize_keras_object(config)


MALFORMED = {
    "no layers": (lambda c: c["config"].pop("layers"), ValueError, "`layers` list"),
    "layers not a list": (lambda c: c["config"].update(layers="abc"), ValueError, "`layers` list"),
    "config not a dict": (lambda c: c.update(config=[1, 2]), TypeError, "Expected 'config' to be a dict"),
    "units a string": (lambda c: dense_config(c).update(units="abc"), ValueError, "`units`"),
    "units negative": (lambda c: dense_config(c).update(units=-3), ValueError, "`units`"),
    "units disagree with weights": (lambda c: dense_config(c).update(units=5000), ValueError,
                                    "do not match the model"),
    "batch_shape a string": (lambda c: c["config"]["layers"][0]["config"].update(batch_shape="abc"),
                             ValueError, "`batch_shape`"),
    "negative batch_shape": (lambda c: c["config"]["layers"][0]["config"].update(batch_shape=[None, -3]),
                             ValueError, "`batch_shape`"),
    # Found by test_a_mutated_config_loads_and_predicts_or_fails_clearly:
    "class_name a number": (lambda c: c["config"]["layers"][1].update(class_name=7), TypeError,
                            "'class_name' must be a string"),
    "class_name missing": (lambda c: dense_config(c)["kernel_initializer"].update(class_name=None),
                           TypeError, "'class_name' must be a string"),
    "module a number": (lambda c: dense_config(c)["kernel_initializer"].update(module=7), TypeError,
                        "'module' must be a string"),
    "dtype policy config a list": (lambda c: dense_config(c)["dtype"].update(config=[]), ValueError,
                                   "Invalid dtype"),
    "dtype name a dict": (lambda c: dense_config(c)["dtype"]["config"].update(name={"a": 1}),
                          ValueError, "Invalid dtype"),
    "build_config a list": (lambda c: c["config"]["layers"][1].update(build_config=[1, 2]),
                            ValueError, "`build_config`"),
    "build_config without input_shape": (lambda c: c["config"]["layers"][1].update(build_config={}),
                                         None, None),
    "negative build shape": (lambda c: c["config"]["layers"][1].update(
        build_config={"input_shape": [None, -1]}), ValueError, "'input_shape' must be"),
    "bool in build shape": (lambda c: c["config"]["layers"][1].update(
        build_config={"input_shape": [None, True]}), ValueError, "'input_shape' must be"),
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_configs_get_a_clear_error(archive, name):
    mutate, error, message = MALFORMED[name]
    if error is None:  # harmless: loads as Keras would
        keras.models.load_model(tampered(archive, mutate))
        return
    with pytest.raises(error, match=message):
        keras.models.load_model(tampered(archive, mutate))


def test_negative_seeds_work_as_in_keras():
    def sample(seed):
        layer = keras.layers.Dropout(0.5, seed=seed)
        return layer(np.ones((4, 8), "float32"), training=True)

    np.testing.assert_array_equal(sample(-1), sample(-1))
    init = keras.initializers.RandomNormal(seed=-3)
    np.testing.assert_array_equal(init((2, 2)), init((2, 2)))


def test_weights_stored_as_strings_are_refused(tmp_path):
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    path = tmp_path / "m.weights.h5"
    model.save_weights(path)
    with h5py.File(path, "a") as f:
        del f["layers/dense/vars/0"]
        f["layers/dense/vars/0"] = np.array([[b"a", b"b"]] * 3)
    before = model.get_weights()
    with pytest.raises((ValueError, TypeError, OSError)):
        model.load_weights(path)
    for old, new in zip(before, model.get_weights()):
        np.testing.assert_array_equal(old, new)


# ------------------------------------------------------ mutated configs
def _model_config():
    model = keras.Sequential([
        keras.Input((3,)),
        keras.layers.Dense(4, activation="relu", kernel_regularizer="l2"),
        keras.layers.Dropout(0.2, seed=1),
        keras.layers.Flatten(),
        keras.layers.Dense(2, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return json.loads(json.dumps(keras.saving.serialize_keras_object(model)))


BASE_CONFIG = _model_config()
ODD_VALUES = [None, "abc", -1, 0, 10**12, [], {}, 1.5, True, [None, -1], [1, 2, 3],
              {"class_name": "Nope"}, "relu"]


def _paths(value, prefix=()):
    if prefix:
        yield prefix
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in items:
        yield from _paths(child, prefix + (key,))


CONFIG_PATHS = list(_paths(BASE_CONFIG))


@settings(FUZZ, max_examples=300)  # ~150 paths x 14 values; each load takes milliseconds
@given(path=st.sampled_from(CONFIG_PATHS), replacement=st.sampled_from(ODD_VALUES + ["<delete>"]))
def test_a_mutated_config_loads_and_predicts_or_fails_clearly(path, replacement):
    config = json.loads(json.dumps(BASE_CONFIG))
    parent = config
    for key in path[:-1]:
        parent = parent[key]
    if replacement == "<delete>" and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = replacement

    def load_and_predict():
        model = keras.saving.deserialize_keras_object(config)
        return model.predict(np.ones((2, 3), "float32"), verbose=0)

    result, error = call(load_and_predict)
    if isinstance(error, MemoryError):  # NumPy refuses a 10**12-unit layer up front
        assert "Unable to allocate" in str(error)
    elif error is not None:
        assert_clear_error(error, "")  # any message, but raised by kerasish as ValueError/TypeError
    else:
        assert result.shape[0] == 2


# ----------------------------------------------------- tampered weights files
def _trained_model():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    model.train_on_batch(np.ones((2, 3), "float32"), np.ones((2, 1), "float32"))
    return model


def _dataset_paths():
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "m.weights.h5")
        _trained_model().save_weights(path)
        names = []
        with h5py.File(path) as f:
            f.visititems(lambda name, obj: names.append(name) if isinstance(obj, h5py.Dataset) else None)
    return names


def _file_values(path):
    with h5py.File(path) as f:
        layers = [f[f"layers/{name}/vars/{i}"][()] for name in ("dense", "dense_1") for i in (0, 1)]
        optimizer = [f[f"optimizer/vars/{i}"][()] if f"optimizer/vars/{i}" in f else None
                     for i in range(len(f["optimizer/vars"]))]
    return layers, optimizer


def _assert_holds_the_file(model, path, before):
    layers, optimizer = _file_values(path)
    weights = model.get_weights()
    for held, stored in zip(weights, layers):
        np.testing.assert_array_equal(held, np.real(stored).astype(held.dtype))
    optimizer_now = [np.asarray(v.value) for v in model.optimizer.variables]
    optimizer_before = before[len(weights):]
    untouched = all(np.array_equal(a, b) for a, b in zip(optimizer_before, optimizer_now))
    if not untouched:
        assert all(v is not None for v in optimizer), "an optimizer with a missing slot was half loaded"
        for held, stored in zip(optimizer_now, optimizer):
            np.testing.assert_array_equal(held, np.real(stored).astype(held.dtype).reshape(held.shape))


REPLACEMENTS = {
    "bytes": lambda f, name: f.create_dataset(name, data=np.array([b"a", b"b"])),
    "strings": lambda f, name: f.create_dataset(name, data=np.array(["abc", "de"], dtype=object),
                                                dtype=h5py.string_dtype()),
    "complex": lambda f, name: f.create_dataset(name, data=np.ones((3, 2), "complex64")),
    "float64": lambda f, name: f.create_dataset(name, data=np.ones((3, 2))),
    "scalar": lambda f, name: f.create_dataset(name, data=np.float32(1)),
    "empty": lambda f, name: f.create_dataset(name, data=np.zeros((0,), "float32")),
    # 4 TB declared, nothing stored: reading it would ask NumPy for 4 TB.
    "huge": lambda f, name: f.create_dataset(name, shape=(10**6, 10**6), dtype="float32"),
    "group": lambda f, name: f.create_group(name),
    "deleted": lambda f, name: None,
}


@settings(FUZZ, max_examples=80)
@given(name=st.sampled_from(_dataset_paths()), replacement=st.sampled_from(sorted(REPLACEMENTS)))
def test_a_tampered_weights_file_loads_or_leaves_the_model_untouched(tmp_path_factory, name, replacement):
    path = tmp_path_factory.mktemp("weights") / "m.weights.h5"
    _trained_model().save_weights(path)
    with h5py.File(path, "a") as f:
        del f[name]
        REPLACEMENTS[replacement](f, name)
    model = _trained_model()
    before = model.get_weights() + [np.asarray(v.value) for v in model.optimizer.variables]
    _, error = call(lambda: model.load_weights(path))
    after = model.get_weights() + [np.asarray(v.value) for v in model.optimizer.variables]
    if error is None:
        # Loaded, as Keras loads it (float64 or complex values cast, a scalar where a
        # scalar belongs, the optimizer skipped when one of its slots is gone): then
        # the model must hold exactly what the file holds, and the optimizer either
        # all of its variables from the file or none.
        _assert_holds_the_file(model, path, before)
        return
    assert isinstance(error, (ValueError, TypeError, OSError)), repr(error)
    assert any(part in str(error) for part in (str(path), "H5 file", "Cannot load a value")), str(error)
    for old, new in zip(before, after):
        np.testing.assert_array_equal(old, new)
