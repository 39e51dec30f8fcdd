"""Files move between kerasish and real Keras 3 (and Keras 2 / tf_keras for
the legacy HDF5 formats) in every direction: weights and optimizer state
arrive bit for bit, and each side predicts exactly what it predicted before
saving."""

import inspect
import json
import warnings

import numpy as np
import pytest

import kerasish

keras = pytest.importorskip("keras")

X = np.random.default_rng(0).random((16, 4), dtype=np.float32)
Y = np.random.default_rng(1).integers(0, 3, 16)
# Across frameworks the same float32 weights give predictions that differ by
# float32 rounding only (TensorFlow's matmul sums in another order).
CROSS_ATOL = 1e-6


def build(lib, compiled=True):
    model = lib.Sequential([
        lib.Input((4,)),
        lib.layers.Dense(5, activation="relu", name="hidden"),
        lib.layers.Dense(3, activation="softmax", name="probs"),
    ])
    if compiled:
        model.compile(optimizer=lib.optimizers.SGD(0.1, momentum=0.9),
                      loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        model.fit(X, Y, epochs=1, batch_size=8, verbose=0, shuffle=False)
    return model


def weights(model):
    return [np.asarray(w) for w in model.get_weights()]


def optimizer_state(model):
    return [np.asarray(v.numpy() if hasattr(v, "numpy") else v.value)
            for v in model.optimizer.variables]


def assert_equal_lists(a, b):
    assert len(a) == len(b)
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x, y)


def assert_same_model(source, loaded):
    assert_equal_lists(weights(loaded), weights(source))
    np.testing.assert_allclose(loaded.predict(X, verbose=0), source.predict(X, verbose=0),
                               atol=CROSS_ATOL)


# ------------------------------------------------------------ .keras archives
@pytest.mark.parametrize("source_lib,target_lib", [(kerasish, keras), (keras, kerasish)],
                         ids=["kerasish-to-keras", "keras-to-kerasish"])
def test_keras_archives_move_both_ways_and_training_continues(tmp_path, source_lib, target_lib):
    source = build(source_lib)
    source.save(tmp_path / "m.keras")
    target = target_lib.models.load_model(tmp_path / "m.keras")
    assert isinstance(target, target_lib.Sequential)
    assert_same_model(source, target)
    assert_equal_lists(optimizer_state(target), optimizer_state(source))
    assert isinstance(target.optimizer, target_lib.optimizers.SGD)
    optimizer_config = target.optimizer.get_config()
    assert optimizer_config["momentum"] == 0.9
    assert optimizer_config["learning_rate"] == pytest.approx(0.1)
    source.fit(X, Y, epochs=1, batch_size=16, verbose=0, shuffle=False)
    target.fit(X, Y, epochs=1, batch_size=16, verbose=0, shuffle=False)
    # One more step on each side, from the same weights and momentums: equal
    # up to the float32 rounding of the step.
    for a, b in zip(weights(target), weights(source)):
        np.testing.assert_allclose(a, b, atol=CROSS_ATOL)


def test_archive_configs_agree_with_keras(tmp_path):
    import zipfile

    build(keras).save(tmp_path / "k.keras")
    build(kerasish).save(tmp_path / "o.keras")

    def config(name):
        with zipfile.ZipFile(tmp_path / name) as archive:
            return json.loads(archive.read("config.json"))

    ours, theirs = config("o.keras"), config("k.keras")
    for c in (ours, theirs):  # object ids and names depend on the session
        c["config"]["name"] = c["compile_config"]["optimizer"]["config"]["name"] = None
        for layer in c["config"]["layers"]:
            if isinstance(layer["config"]["dtype"], dict):
                layer["config"]["dtype"].pop("shared_object_id", None)
        c["config"]["layers"][0]["config"]["name"] = None
        c["config"]["dtype"].pop("shared_object_id", None)
    assert ours == theirs


def _optimizer_names():
    classes = {cls for cls in kerasish.optimizers.ALL_OBJECTS_DICT.values()
               if cls is not kerasish.optimizers.Optimizer}
    return sorted(cls.__name__ for cls in classes if hasattr(keras.optimizers, cls.__name__))


@pytest.mark.parametrize("source_lib,target_lib", [(kerasish, keras), (keras, kerasish)],
                         ids=["kerasish-to-keras", "keras-to-kerasish"])
def test_learning_rate_schedules_move_both_ways(tmp_path, source_lib, target_lib):
    source = build(source_lib, compiled=False)
    schedule = source_lib.optimizers.schedules.ExponentialDecay(0.1, decay_steps=3, decay_rate=0.5)
    source.compile(optimizer=source_lib.optimizers.SGD(schedule, momentum=0.9),
                   loss="sparse_categorical_crossentropy")
    source.fit(X, Y, epochs=2, batch_size=8, verbose=0, shuffle=False)
    source.save(tmp_path / "m.keras")
    target = target_lib.models.load_model(tmp_path / "m.keras")
    assert type(target.optimizer.get_config()["learning_rate"]) is dict
    assert_equal_lists(optimizer_state(target), optimizer_state(source))
    np.testing.assert_allclose(np.asarray(target.optimizer.learning_rate),
                               np.asarray(source.optimizer.learning_rate))


@pytest.mark.parametrize("optimizer_name", _optimizer_names())
@pytest.mark.parametrize("source_lib,target_lib", [(kerasish, keras), (keras, kerasish)],
                         ids=["kerasish-to-keras", "keras-to-kerasish"])
def test_every_optimizer_state_moves_both_ways(tmp_path, optimizer_name, source_lib, target_lib):
    source = build(source_lib, compiled=False)
    source.compile(optimizer=getattr(source_lib.optimizers, optimizer_name)(),
                   loss="sparse_categorical_crossentropy")
    source.fit(X, Y, epochs=2, batch_size=8, verbose=0, shuffle=False)
    source.save(tmp_path / "m.keras")
    target = target_lib.models.load_model(tmp_path / "m.keras")
    assert type(target.optimizer).__name__ == optimizer_name
    assert_equal_lists(optimizer_state(target), optimizer_state(source))
    source.fit(X, Y, epochs=1, batch_size=16, verbose=0, shuffle=False)
    target.fit(X, Y, epochs=1, batch_size=16, verbose=0, shuffle=False)
    for a, b in zip(weights(target), weights(source)):
        np.testing.assert_allclose(a, b, atol=CROSS_ATOL)


# ------------------------------------------------------------ .weights.h5
@pytest.mark.parametrize("source_lib,target_lib", [(kerasish, keras), (keras, kerasish)])
def test_weights_files_move_both_ways(tmp_path, source_lib, target_lib):
    source = build(source_lib)
    source.save_weights(tmp_path / "m.weights.h5")
    target = build(target_lib, compiled=False)
    target.compile(optimizer=target_lib.optimizers.SGD(0.1, momentum=0.9),
                   loss="sparse_categorical_crossentropy")
    target.optimizer.build(target.trainable_weights)
    target.load_weights(tmp_path / "m.weights.h5")
    assert_same_model(source, target)
    assert_equal_lists(optimizer_state(target), optimizer_state(source))


def subclassed_model(lib):
    """A subclassed model with a custom layer that owns a sublayer, a list of
    sublayers and variables of its own, and a nested Sequential."""

    class Block(lib.layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.inner = lib.layers.Dense(2)
            self.parts = [lib.layers.Dense(2), lib.layers.Dense(2)]

        def build(self, input_shape):
            self.scale = self.add_weight(shape=(2,), name="scale")
            self.count = self.add_weight(shape=(), name="count", trainable=False)
            self.shift = self.add_weight(shape=(2,), name="shift")

        def call(self, x):
            return self.parts[1](self.parts[0](self.inner(x))) * self.scale + self.shift

    class Net(lib.Model):
        def __init__(self):
            super().__init__()
            self.zeta = lib.layers.Dense(3)
            self.alpha = Block()
            self.seq = lib.Sequential([lib.layers.Dense(2)])

        def call(self, x):
            return self.seq(self.alpha(self.zeta(x)))

    model = Net()
    model(X[:1])
    return model


@pytest.mark.parametrize("source_lib,target_lib", [(kerasish, keras), (keras, kerasish)],
                         ids=["kerasish-to-keras", "keras-to-kerasish"])
def test_subclassed_model_weights_use_keras_paths(tmp_path, source_lib, target_lib):
    import h5py

    source, target = subclassed_model(source_lib), subclassed_model(target_lib)
    source.save_weights(tmp_path / "s.weights.h5")
    target.save_weights(tmp_path / "t.weights.h5")

    def groups(name):
        found = set()
        with h5py.File(tmp_path / name) as f:
            f.visit(found.add)
        return found

    assert groups("s.weights.h5") == groups("t.weights.h5")
    target.load_weights(tmp_path / "s.weights.h5")
    target.save_weights(tmp_path / "t.weights.h5")
    with h5py.File(tmp_path / "s.weights.h5") as saved, \
            h5py.File(tmp_path / "t.weights.h5") as back:
        datasets = [n for n in groups("s.weights.h5") if isinstance(saved[n], h5py.Dataset)]
        assert len(datasets) == 13
        for name in datasets:
            np.testing.assert_array_equal(back[name][()], saved[name][()])
    np.testing.assert_allclose(target.predict(X, verbose=0), source.predict(X, verbose=0),
                               atol=CROSS_ATOL)


# ------------------------------------------------------- legacy HDF5 (Keras 3)
@pytest.mark.parametrize("source_lib,target_lib", [(kerasish, keras), (keras, kerasish)])
def test_legacy_h5_models_move_both_ways(tmp_path, source_lib, target_lib):
    source = build(source_lib)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        source.save(tmp_path / "m.h5")
        target = target_lib.models.load_model(tmp_path / "m.h5")
    assert_same_model(source, target)
    assert target.optimizer.get_config()["momentum"] == 0.9
    # Keras 3 restores no optimizer slots from .h5 files it did not build
    # before loading; the weights and the compile arguments do arrive.
    positional = build(target_lib, compiled=False)
    positional.load_weights(tmp_path / "m.h5")
    assert_equal_lists(weights(positional), weights(source))


def test_kerasish_h5_reloads_its_optimizer_state(tmp_path):
    source = build(kerasish)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        source.save(tmp_path / "m.h5")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        keras_model = keras.models.load_model(tmp_path / "m.h5")
    assert keras_model.optimizer.get_config()["learning_rate"] == pytest.approx(0.1)


# ------------------------------------------------------ Keras 2 (tf_keras)
@pytest.fixture(scope="module")
def tf_keras():
    return pytest.importorskip("tf_keras")


def build_keras2(tf_keras, compiled=True):
    model = tf_keras.Sequential([
        tf_keras.layers.Dense(5, activation="relu", input_shape=(4,), name="hidden"),
        tf_keras.layers.Dense(3, activation="softmax", name="probs"),
    ])
    if not compiled:
        return model
    model.compile(optimizer=tf_keras.optimizers.SGD(0.1, momentum=0.9),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(X, Y, epochs=1, batch_size=8, verbose=0, shuffle=False)
    return model


def test_keras2_h5_model_loads_with_compile_state(tmp_path, tf_keras):
    source = build_keras2(tf_keras)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        source.save(tmp_path / "m.h5")
        ours = kerasish.models.load_model(tmp_path / "m.h5")
    assert_same_model(source, ours)
    assert ours.optimizer.momentum == 0.9
    np.testing.assert_allclose(ours.optimizer.learning_rate, 0.1)
    # Keras 2 keeps no learning-rate variable: iteration count, then momentums.
    saved = [v.numpy() for v in source.optimizer.variables]
    ours_state = optimizer_state(ours)
    assert ours_state[0] == saved[0]
    assert_equal_lists(ours_state[2:], saved[1:])
    assert ours.evaluate(X, Y, verbose=0) == pytest.approx(source.evaluate(X, Y, verbose=0),
                                                           abs=CROSS_ATOL)


def test_keras2_weights_load_by_position_and_by_name(tmp_path, tf_keras):
    source = build_keras2(tf_keras)
    source.save_weights(tmp_path / "w.h5")
    positional = build(kerasish, compiled=False)
    positional.load_weights(tmp_path / "w.h5")
    assert_same_model(source, positional)

    renamed = kerasish.Sequential([kerasish.Input((4,)), kerasish.layers.Dense(5, name="hidden"),
                                   kerasish.layers.Dense(3, name="other")])
    before = renamed.get_layer("other").get_weights()
    renamed.load_weights(tmp_path / "w.h5", by_name=True)
    assert_equal_lists(renamed.get_layer("hidden").get_weights(),
                       source.get_layer("hidden").get_weights())
    assert_equal_lists(renamed.get_layer("other").get_weights(), before)


def test_kerasish_weights_load_in_keras2(tmp_path, tf_keras):
    ours = build(kerasish)
    ours.save_weights(tmp_path / "m.weights.h5")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours.save(tmp_path / "m.h5")
    for name in ("m.weights.h5", "m.h5"):
        # Uncompiled: Keras 2 also looks for metric state in `.weights.h5`
        # files, which Keras 3 (and so kerasish) does not write.
        theirs = build_keras2(tf_keras, compiled=False)
        theirs.load_weights(tmp_path / name)
        assert_same_model(ours, theirs)


def build_functional(lib, compiled=True):
    inputs = lib.Input((4,), name="features")
    hidden = lib.layers.Dense(5, activation="relu", name="hidden")(inputs)
    model = lib.Model(inputs, lib.layers.Dense(2, name="out")(hidden))
    if compiled:
        model.compile(optimizer=lib.optimizers.SGD(0.1, momentum=0.9), loss="mse",
                      metrics=["mae"])
        model.fit(X, X[:, :2], epochs=1, batch_size=8, verbose=0, shuffle=False)
    return model


@pytest.mark.parametrize("extension", [".keras", ".h5"])
@pytest.mark.parametrize("source_lib,target_lib", [(kerasish, keras), (keras, kerasish)],
                         ids=["kerasish-to-keras", "keras-to-kerasish"])
def test_functional_models_move_both_ways(tmp_path, source_lib, target_lib,
                                          extension):
    source = build_functional(source_lib)
    if extension == ".h5" and source_lib is kerasish:
        # Keras cannot read back a loss given as "mse" from .h5 files, even its
        # own (it looks for `keras.metrics.mse`); compile with the full name.
        source.compile(optimizer=source.optimizer, loss="mean_squared_error")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        source.save(tmp_path / f"f{extension}")
        target = target_lib.models.load_model(tmp_path / f"f{extension}")
    assert [layer.name for layer in target.layers] == [layer.name for layer in source.layers]
    assert_same_model(source, target)
    if extension == ".keras":
        assert_equal_lists(optimizer_state(target), optimizer_state(source))


def test_keras2_functional_h5_model_loads(tmp_path, tf_keras):
    source = build_functional(tf_keras)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        source.save(tmp_path / "f.h5")
        ours = kerasish.models.load_model(tmp_path / "f.h5")
    assert_same_model(source, ours)
    assert ours.optimizer.momentum == 0.9


# ------------------------------------------------------ configs of built-ins
_FAMILIES = ["layers", "optimizers", "losses", "metrics", "initializers", "regularizers",
             "constraints", "activations"]


def _builtins():
    for family in _FAMILIES:
        seen = set()
        for obj in getattr(kerasish, family).ALL_OBJECTS_DICT.values():
            if obj is kerasish.optimizers.Optimizer:  # the abstract base class
                continue
            if id(obj) not in seen and hasattr(getattr(keras, family), obj.__name__):
                seen.add(id(obj))
                yield family, obj


@pytest.mark.parametrize("family,obj", list(_builtins()),
                         ids=lambda v: v if isinstance(v, str) else v.__name__)
def test_builtin_configs_load_on_the_other_side(family, obj, example_instance):
    theirs_cls = getattr(getattr(keras, family), obj.__name__)
    ours_obj = example_instance(obj) if inspect.isclass(obj) else obj
    theirs_obj = example_instance(theirs_cls) if inspect.isclass(theirs_cls) else theirs_cls
    ours_config = json.loads(json.dumps(kerasish.saving.serialize_keras_object(ours_obj)))
    theirs_config = json.loads(json.dumps(keras.saving.serialize_keras_object(theirs_obj)))
    loaded_by_keras = keras.saving.deserialize_keras_object(ours_config)
    loaded_by_us = kerasish.saving.deserialize_keras_object(theirs_config)
    expected = obj.__name__
    for loaded in (loaded_by_keras, loaded_by_us):
        name = loaded.__name__ if inspect.isfunction(loaded) else type(loaded).__name__
        assert name == expected
