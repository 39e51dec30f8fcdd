"""Untrusted files: loading never runs code from the file (no pickle, no
imports of modules the file names, lambdas only with safe_mode=False), and a
malformed config gets a clear error."""

import ast
import json
import os
import pathlib
import zipfile

import numpy as np
import pytest

import kerasish as keras

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
    "Lambda layer": lambda c: c["config"]["layers"].__setitem__(1, {
        "module": "keras.layers", "class_name": "Lambda", "registered_name": None,
        "config": {"function": {"class_name": "__lambda__", "config": {"value": ["YQ==", None, None]}}}}),
}


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
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_configs_get_a_clear_error(archive, name):
    mutate, error, message = MALFORMED[name]
    with pytest.raises(error, match=message):
        keras.models.load_model(tampered(archive, mutate))


def test_weights_stored_as_strings_are_refused(tmp_path):
    import h5py

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
