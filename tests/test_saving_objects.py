"""Configs of every built-in object, custom objects, safe mode, and the
ModelCheckpoint callback."""

import inspect
import json
import os

import numpy as np
import pytest

import kerasish as keras
from kerasish.saving import deserialize_keras_object, serialize_keras_object

X = np.random.default_rng(0).random((32, 4), dtype=np.float32)
Y = np.random.default_rng(1).integers(0, 3, 32)

_FAMILIES = ["layers", "optimizers", "losses", "metrics", "initializers", "regularizers",
             "constraints", "activations"]


def _builtins():
    for family in _FAMILIES:
        seen = set()
        for obj in getattr(keras, family).ALL_OBJECTS_DICT.values():
            if obj is keras.optimizers.Optimizer:  # the abstract base class
                continue
            if id(obj) not in seen:
                seen.add(id(obj))
                yield family, obj


@pytest.mark.parametrize("family,obj", list(_builtins()),
                         ids=lambda v: v if isinstance(v, str) else v.__name__)
def test_every_builtin_round_trips_through_json(family, obj, example_instance):
    instance = example_instance(obj) if inspect.isclass(obj) else obj
    config = json.loads(json.dumps(serialize_keras_object(instance)))
    rebuilt = deserialize_keras_object(config)
    assert type(rebuilt) is type(instance)
    if inspect.isclass(obj):
        assert json.loads(json.dumps(serialize_keras_object(rebuilt))) == config
        family_get = getattr(keras, family).deserialize
        assert type(family_get(config)) is obj
    else:
        assert rebuilt is obj


def test_builtin_functions_are_written_as_keras_writes_them():
    assert serialize_keras_object(keras.losses.mean_squared_error) == {
        "module": "builtins", "class_name": "function", "config": "mean_squared_error",
        "registered_name": "function",
    }
    assert keras.layers.Dense(2, activation="relu").get_config()["activation"] == "relu"


def test_configs_written_by_keras_resolve_by_module():
    dense = deserialize_keras_object({
        "module": "keras.layers", "class_name": "Dense", "registered_name": None,
        "config": {"units": 2, "activation": "tanh", "name": "d"},
        "build_config": {"input_shape": [None, 3]},
    })
    assert isinstance(dense, keras.layers.Dense) and dense.built
    assert dense.kernel.shape == (3, 2)
    model = deserialize_keras_object({"module": "keras", "class_name": "Sequential",
                                      "config": {"name": "s", "layers": []},
                                      "registered_name": None})
    assert isinstance(model, keras.Sequential)


def test_model_to_json_and_back():
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="tanh")])
    model.compile(optimizer=keras.optimizers.SGD(0.05), loss="mse")
    rebuilt = keras.models.model_from_json(model.to_json())
    assert [type(layer) for layer in rebuilt.layers] == [keras.layers.Dense]
    assert rebuilt.layers[0].get_config() == model.layers[0].get_config()
    assert rebuilt.compiled and rebuilt.optimizer.get_config() == model.optimizer.get_config()
    assert json.loads(rebuilt.to_json()) == json.loads(model.to_json())


def test_unknown_class_names_the_remedy():
    with pytest.raises(TypeError, match="Could not locate class 'Mystery'.*register_keras"):
        deserialize_keras_object({"module": "mine", "class_name": "Mystery", "config": {},
                                  "registered_name": "Mystery"})


# ---------------------------------------------------------- custom objects
class Scale(keras.layers.Layer):
    def __init__(self, factor=2.0, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def build(self, input_shape):
        self.gain = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="gain")

    def call(self, x):
        return x * self.gain * self.factor

    def get_config(self):
        return {**super().get_config(), "factor": self.factor}


def custom_model():
    model = keras.Sequential([keras.Input((4,)), Scale(3.0), keras.layers.Dense(3)])
    model.layers[0].gain.assign(np.arange(4, dtype=np.float32))
    return model


def test_custom_layer_needs_custom_objects(tmp_path):
    model = custom_model()
    model.save(tmp_path / "c.keras")
    with pytest.raises(TypeError, match="Could not locate class 'Scale'"):
        keras.models.load_model(tmp_path / "c.keras")
    loaded = keras.models.load_model(tmp_path / "c.keras", custom_objects={"Scale": Scale})
    assert loaded.layers[0].factor == 3.0
    np.testing.assert_array_equal(loaded.predict(X, verbose=0), model.predict(X, verbose=0))


def test_registered_custom_objects_load_without_arguments(tmp_path):
    @keras.saving.register_keras_serializable(package="Tests")
    class Doubler(keras.layers.Layer):
        def call(self, x):
            return x * 2.0

    @keras.saving.register_keras_serializable(package="Tests")
    def halve(x):
        return x * 0.5

    model = keras.Sequential([keras.Input((4,)), Doubler(),
                              keras.layers.Dense(2, activation=halve)])
    config = serialize_keras_object(model)
    assert config["config"]["layers"][1]["registered_name"] == "Tests>Doubler"
    assert config["config"]["layers"][2]["config"]["activation"]["registered_name"] == "Tests>halve"
    model.save(tmp_path / "r.keras")
    loaded = keras.models.load_model(tmp_path / "r.keras")
    assert loaded.layers[1].activation is halve
    np.testing.assert_array_equal(loaded.predict(X, verbose=0), model.predict(X, verbose=0))


def test_lambdas_load_only_outside_safe_mode(tmp_path):
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, activation=lambda x: x * 3)])
    with pytest.warns(UserWarning, match="lambda"):
        model.save(tmp_path / "l.keras")
    with pytest.raises(ValueError, match="deserialization of a Python lambda"):
        keras.models.load_model(tmp_path / "l.keras")
    loaded = keras.models.load_model(tmp_path / "l.keras", safe_mode=False)
    np.testing.assert_array_equal(loaded.predict(X, verbose=0), model.predict(X, verbose=0))


# ------------------------------------------------------------ ModelCheckpoint
def compiled_model():
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def test_checkpoint_every_epoch_with_formatted_names(tmp_path):
    model = compiled_model()
    pattern = str(tmp_path / "w.{epoch:02d}-{loss:.2f}.weights.h5")
    history = model.fit(X, Y, epochs=3, verbose=0, callbacks=[
        keras.callbacks.ModelCheckpoint(pattern, save_weights_only=True)])
    expected = [f"w.{epoch + 1:02d}-{loss:.2f}.weights.h5"
                for epoch, loss in enumerate(history.history["loss"])]
    assert sorted(os.listdir(tmp_path)) == sorted(expected)
    last = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
    last.load_weights(tmp_path / expected[-1])
    np.testing.assert_array_equal(last.get_weights()[0], model.get_weights()[0])


def test_checkpoint_every_n_batches(tmp_path, monkeypatch):
    model = compiled_model()
    saved = []
    monkeypatch.setattr(model, "save", lambda path, overwrite=True: saved.append(path))
    pattern = str(tmp_path / "m-{epoch}-{batch}.keras")
    model.fit(X, Y, epochs=2, batch_size=8, verbose=0, callbacks=[
        keras.callbacks.ModelCheckpoint(pattern, save_freq=3)])
    # 4 batches per epoch and a save every 3 batches: after the 3rd and the
    # 6th batch, named from 1 as Keras names them.
    assert [os.path.basename(p) for p in saved] == ["m-1-3.keras", "m-2-2.keras"]


def test_checkpoint_keeps_only_the_best(tmp_path, monkeypatch):
    model = compiled_model()
    model.fit(X, Y, epochs=1, verbose=0)  # builds the metrics "auto" mode looks at
    path = tmp_path / "best.keras"
    checkpoint = keras.callbacks.ModelCheckpoint(path, monitor="val_accuracy", save_best_only=True)
    checkpoint.set_model(model)
    saved = []
    monkeypatch.setattr(model, "save", lambda p, overwrite=True: saved.append(p))
    for epoch, accuracy in enumerate([0.5, 0.7, 0.6, 0.8]):
        checkpoint.on_epoch_end(epoch, {"val_accuracy": accuracy, "val_loss": 1.0})
    assert len(saved) == 3 and checkpoint.best == 0.8  # epochs 1, 2 and 4 improved

    model.fit(X, Y, epochs=2, verbose=0, validation_data=(X, Y), callbacks=[
        keras.callbacks.ModelCheckpoint(tmp_path / "min.weights.h5", save_weights_only=True,
                                        save_best_only=True, mode="min")])
    assert (tmp_path / "min.weights.h5").exists()


def test_checkpoint_validates_its_arguments(tmp_path):
    with pytest.raises(ValueError, match="must end in `.weights.h5`"):
        keras.callbacks.ModelCheckpoint(tmp_path / "w.h5", save_weights_only=True)
    with pytest.raises(ValueError, match="must end in `.keras`"):
        keras.callbacks.ModelCheckpoint(tmp_path / "m.ckpt")
    with pytest.raises(ValueError, match="Unrecognized save_freq"):
        keras.callbacks.ModelCheckpoint(tmp_path / "m.keras", save_freq="often")
    checkpoint = keras.callbacks.ModelCheckpoint(tmp_path / "m.keras", monitor="val_total",
                                                 save_best_only=True)
    checkpoint.set_model(compiled_model())
    with pytest.raises(ValueError, match="monitor=val_total.*mode='max'"):
        checkpoint.on_epoch_end(0, {"val_total": 1.0})
