"""Names of losses, metrics, optimizers, activations, initializers,
regularizers and constraints are resolved where they are written: `compile`
or the layer's constructor fails at once, in Keras's wording, with the known
names closest to a misspelled one. And a loss may cover some outputs only."""

import re
import warnings

import numpy as np
import pytest

import kerasish as keras
from kerasish import layers


def small_model():
    return keras.Sequential([keras.Input((3,)), layers.Dense(2)])


def two_heads(outputs_as="dict"):
    inputs = keras.Input((3,), name="x")
    used = layers.Dense(2, name="used")(inputs)
    unused = layers.Dense(2, name="unused")(inputs)
    outputs = {"used": used, "unused": unused} if outputs_as == "dict" else [used, unused]
    return keras.Model(inputs, outputs)


X = np.random.default_rng(0).normal(size=(8, 3)).astype("float32")
Y = np.random.default_rng(1).normal(size=(8, 2)).astype("float32")


@pytest.mark.parametrize(
    "kwargs, kind, name, suggestion",
    [
        (dict(loss="mean_sqared_error"), "loss", "mean_sqared_error", "'mean_squared_error'"),
        (dict(loss={"dense": "binary_crossentropi"}), "loss", "binary_crossentropi",
         "'binary_crossentropy'"),
        (dict(loss=["maee"]), "loss", "maee", "'mae'"),
        (dict(loss="mse", metrics=["accuarcy"]), "metric", "accuarcy", "'accuracy'"),
        (dict(loss="mse", metrics={"dense": ["msle_"]}), "metric", "msle_", "'msle'"),
        (dict(loss="mse", weighted_metrics=["maee"]), "metric", "maee", "'mae'"),
        (dict(loss="mse", optimizer="adma"), "optimizer", "adma", "'adam'"),
    ],
)
def test_compile_rejects_an_unknown_name_at_once(kwargs, kind, name, suggestion):
    model = small_model()
    message = f"Could not interpret {kind} identifier: {name}. Did you mean one of: "
    with pytest.raises(ValueError, match=re.escape(message) + ".*" + re.escape(suggestion)):
        model.compile(**kwargs)


def test_a_name_close_to_nothing_gets_no_suggestion():
    with pytest.raises(ValueError, match=r"^Could not interpret loss identifier: zzzzqqq$"):
        small_model().compile(loss="zzzzqqq")


@pytest.mark.parametrize(
    "make, kind, suggestion",
    [
        (lambda: layers.Dense(2, activation="relux"), "activation function", "'relu'"),
        (lambda: layers.Dense(2, kernel_initializer="he_normall"), "initializer", "'he_normal'"),
        (lambda: layers.Dense(2, bias_regularizer="L1l2"), "regularizer", "'l1l2'"),
        (lambda: layers.Dense(2, kernel_constraint="nonneg"), "constraint", "'non_neg'"),
    ],
)
def test_layer_constructors_reject_unknown_names(make, kind, suggestion):
    with pytest.raises(ValueError, match=f"Could not interpret {kind} identifier.*{suggestion}"):
        make()


def test_names_resolved_from_the_shapes_pass_compile():
    model = small_model()
    model.compile(loss="ce", metrics=["acc", "accuracy"])  # Keras's shape-driven names
    labels = np.eye(2, dtype="float32")[np.arange(8) % 2]
    history = model.fit(X, labels, verbose=0)
    assert np.isfinite(history.history["loss"][0])
    expected = keras.losses.CategoricalCrossentropy()(labels, model.predict(X, verbose=0))
    np.testing.assert_allclose(model.evaluate(X, labels, verbose=0)[0], expected, rtol=1e-5)


def test_serialized_configs_and_custom_names_pass_compile():
    model = small_model()
    loss = keras.losses.serialize(keras.losses.MeanSquaredError())
    model.compile(loss=loss, metrics=[keras.metrics.serialize(keras.metrics.MeanAbsoluteError())])

    @keras.saving.register_keras_serializable(package="identifier_test")
    def my_loss(y_true, y_pred):
        return keras.ops.mean(keras.ops.abs(y_true - y_pred), axis=-1)

    with keras.saving.custom_object_scope({"my_loss": my_loss}):
        model.compile(loss="my_loss")
        with pytest.raises(ValueError, match="'my_loss'"):
            model.compile(loss="my_los")


# ------------------------------------------------------ losses for some outputs


def _fit_quietly(model, x, y, **kwargs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        history = model.fit(x, y, verbose=0, shuffle=False, **kwargs)
    return history, [str(w.message) for w in caught]


@pytest.mark.parametrize(
    "outputs_as, loss, targets",
    [
        ("dict", {"used": "mse"}, {"used": Y}),
        ("dict", {"used": "mse", "unused": None}, {"used": Y}),
        ("list", ["mse", None], Y),
        ("list", ["mse", None], [Y]),
    ],
)
def test_a_loss_for_one_output_trains_that_branch_only(outputs_as, loss, targets):
    model = two_heads(outputs_as)
    model.compile(optimizer="adam", loss=loss, metrics={"used": ["mae"]} if outputs_as == "dict" else None)
    used_before = model.get_layer("used").get_weights()
    unused_before = model.get_layer("unused").get_weights()
    history, messages = _fit_quietly(model, X, targets, epochs=2, batch_size=4)
    assert any("Gradients do not exist for variables" in m and "unused/kernel" in m for m in messages)
    assert not any(np.array_equal(a, b) for a, b in zip(model.get_layer("used").get_weights(), used_before))
    for now, then in zip(model.get_layer("unused").get_weights(), unused_before):
        np.testing.assert_array_equal(now, then)
    assert "unused_loss" not in history.history and "used_loss" not in history.history


def test_a_missing_target_for_an_output_with_a_loss_is_named():
    model = two_heads("dict")
    model.compile(optimizer="sgd", loss={"used": "mse", "unused": "mae"})
    with pytest.raises(ValueError, match=r"Missing targets for output\(s\) \['unused'\]"):
        model.fit(X, {"used": Y}, verbose=0)


def test_metrics_for_an_output_without_target_are_an_error():
    model = two_heads("dict")
    model.compile(optimizer="sgd", loss={"used": "mse"}, metrics={"unused": ["mae"]})
    with pytest.raises(ValueError, match="Missing targets for output 'unused', which has metrics"):
        model.fit(X, {"used": Y}, verbose=0)


def test_adam_slots_of_an_unreached_branch_do_not_move():
    model = two_heads("dict")
    optimizer = keras.optimizers.Adam(0.1)
    model.compile(optimizer=optimizer, loss="mse")
    model.fit(X, {"used": Y, "unused": Y}, verbose=0, epochs=2, batch_size=4)
    slots_before = [np.array(v) for v in optimizer.variables]
    unused_before = model.get_layer("unused").get_weights()
    model.compile(optimizer=optimizer, loss={"used": "mse"})
    _fit_quietly(model, X, {"used": Y}, epochs=2, batch_size=4)
    for now, then in zip(model.get_layer("unused").get_weights(), unused_before):
        np.testing.assert_array_equal(now, then)
    unused_ids = {id(v) for v in model.get_layer("unused").trainable_weights}
    moved = [not np.array_equal(np.array(v), b) for v, b in zip(optimizer.variables, slots_before)]
    assert any(moved)  # the reached branch's slots and the step counter moved
    # Adam holds m then v per variable, after the iteration count and the learning rate.
    index = {id(v): i for i, v in enumerate(model.trainable_weights)}
    for variable_id in unused_ids:
        i = index[variable_id]
        for slot in (2 + 2 * i, 3 + 2 * i):
            np.testing.assert_array_equal(np.array(optimizer.variables[slot]), slots_before[slot])


def test_a_failed_compile_leaves_the_model_as_it_was():
    model = small_model()
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    optimizer, compile_loss = model.optimizer, model._compile_loss
    with pytest.raises(ValueError, match="Could not interpret metric identifier: maee"):
        model.compile(optimizer="adam", loss="mae", metrics=["maee"])
    assert model.optimizer is optimizer and model._compile_loss is compile_loss
    assert model.loss == "mse"
    fresh = small_model()
    with pytest.raises(ValueError):
        fresh.compile(optimizer="adam", loss="msee")
    assert not fresh.compiled and fresh.optimizer is None


def test_a_saved_model_naming_an_unknown_loss_loads_uncompiled_with_a_warning(tmp_path):
    def my_loss(y_true, y_pred):
        return keras.ops.mean(keras.ops.square(y_true - y_pred), axis=-1)

    model = small_model()
    with keras.saving.custom_object_scope({"my_loss": my_loss}):
        model.compile(optimizer="adam", loss="my_loss")
        model.fit(X, Y, verbose=0)
    path = tmp_path / "m.keras"
    model.save(path)
    with pytest.warns(UserWarning, match="loaded without being compiled: Could not interpret loss"):
        loaded = keras.saving.load_model(path)
    assert not loaded.compiled
    np.testing.assert_allclose(loaded.predict(X, verbose=0), model.predict(X, verbose=0))
    with keras.saving.custom_object_scope({"my_loss": my_loss}):
        assert keras.saving.load_model(path).compiled
