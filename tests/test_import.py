import json
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEAVY = ["h5py", "tensorflow", "keras", "torch", "jax", "scipy", "pandas"]


def loaded_after(statement):
    code = (
        f"import json, sys; {statement}; "
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, cwd=ROOT, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("statement", [
    "import kerasish",
    "import kerasish as keras; keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])",
])
def test_import_loads_no_heavy_module(statement):
    assert loaded_after(statement) == []



# ------------------------------------------------------------ lazy namespaces
# Structural, not timed: `import kerasish` must stay fast, and it is fast
# because these families load only when first used (issue 14's import rule).
LOADED_ON_FIRST_USE = ["h5py", "kerasish.layers.rnn", "kerasish.layers.attention",
                       "kerasish.layers.preprocessing", "kerasish.export", "kerasish.callbacks",
                       "kerasish.saving.saving_lib", "kerasish.saving.legacy_h5_format"]


def modules_after(statement, names):
    """Which of `names` are in `sys.modules` after `statement`, in a fresh process."""
    code = (f"import json, sys; {statement}; "
            f"print(json.dumps([m for m in {names!r} if m in sys.modules]))")
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, cwd=ROOT, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_import_kerasish_leaves_the_large_families_unloaded():
    assert modules_after("import kerasish", LOADED_ON_FIRST_USE) == []


def test_a_layer_loads_its_own_module_only():
    statement = "import kerasish; kerasish.layers.LSTM"
    loaded = modules_after(statement, LOADED_ON_FIRST_USE + ["kerasish.layers.rnn.lstm"])
    assert loaded == ["kerasish.layers.rnn", "kerasish.layers.rnn.lstm"]


def lazy_namespaces():
    """Every kerasish package that loads names on first use, imported."""
    import importlib
    import pkgutil

    import kerasish

    found = [kerasish]
    for info in pkgutil.walk_packages(kerasish.__path__, "kerasish."):
        if info.ispkg:
            module = importlib.import_module(info.name)
            if hasattr(module, "_LAZY_NAMES"):
                found.append(module)
    return found


def test_the_main_namespaces_are_lazy():
    names = {module.__name__ for module in lazy_namespaces()}
    assert {"kerasish", "kerasish.layers", "kerasish.models", "kerasish.saving",
            "kerasish.utils"} <= names


@pytest.mark.parametrize("namespace", lazy_namespaces(), ids=lambda module: module.__name__)
def test_every_lazy_name_resolves_and_is_listed(namespace):
    listed = dir(namespace)
    for name in namespace._LAZY_NAMES:
        assert name in listed
        assert getattr(namespace, name) is not None, name
    for name in getattr(namespace, "__all__", ()):
        assert hasattr(namespace, name), f"{namespace.__name__}.__all__ names a missing {name}"


def test_unknown_name_is_an_attribute_error():
    import kerasish

    with pytest.raises(AttributeError, match="kerasish.layers' has no attribute 'Dense2'"):
        kerasish.layers.Dense2
    assert not hasattr(kerasish, "no_such_namespace")


def test_star_import_gives_every_layer():
    import kerasish

    namespace = {}
    exec("from kerasish.layers import *", namespace)
    assert set(kerasish.layers.__all__) <= set(namespace)
    assert namespace["LSTM"] is kerasish.layers.LSTM
    assert namespace["Convolution2D"] is kerasish.layers.Conv2D


def test_layer_registry_holds_every_layer_class_by_its_name():
    import kerasish

    registry = kerasish.layers.ALL_OBJECTS_DICT
    assert len(registry) > 100
    for name in registry:
        cls = registry[name]
        from kerasish.saving.serialization_lib import keras_class_name

        assert keras_class_name(cls) == name and issubclass(cls, kerasish.layers.Layer)
        assert getattr(kerasish.layers, name) is cls
    assert "Convolution2D" not in registry and "add" not in registry


@pytest.mark.parametrize("extension", [".keras", ".h5"])
def test_fresh_process_loads_a_model_of_lazily_imported_layers(tmp_path, extension):
    """load_model finds LSTM and Bidirectional by name in a process where no
    layer module has been imported yet (the registry imports them on demand)."""
    import numpy as np

    import kerasish as keras

    model = keras.Sequential([keras.Input((5, 3)), keras.layers.Bidirectional(keras.layers.LSTM(4)),
                              keras.layers.Dense(2)])
    path = str(tmp_path / f"model{extension}")
    model.save(path)
    x = np.linspace(-1, 1, 30, dtype="float32").reshape(2, 5, 3)
    np.save(tmp_path / "x.npy", x)
    x_path = str(tmp_path / "x.npy")
    code = ("import json, numpy as np, kerasish as keras; "
            f"m = keras.saving.load_model({path!r}); "
            f"print(json.dumps(m.predict(np.load({x_path!r}), verbose=0).tolist()))")
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, cwd=ROOT, check=True)
    loaded = np.array(json.loads(result.stdout.strip().splitlines()[-1]))
    np.testing.assert_allclose(loaded, model.predict(x, verbose=0), rtol=1e-6, atol=1e-6)


def test_an_op_named_like_its_module_stays_the_op():
    """`kerasish.ops.conv` is the op even after ops/conv.py is imported as a
    module (Python sets a package's attribute to a submodule on import)."""
    code = ("import json, kerasish, kerasish.ops.conv, kerasish.ops.einsum; "
            "print(json.dumps([type(kerasish.ops.conv).__name__, "
            "type(kerasish.ops.einsum).__name__, type(kerasish.ops.image).__name__]))")
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, cwd=ROOT, check=True)
    assert json.loads(result.stdout.strip().splitlines()[-1]) == ["function", "function", "module"]
