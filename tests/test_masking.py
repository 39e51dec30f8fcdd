"""Masks, as Keras 3 carries them: produced by Embedding(mask_zero=True) and
Masking, passed on by layers that support masking, given to `call(mask=...)`,
attached to symbolic tensors, and used by losses and metrics."""

import warnings

import numpy as np
import pytest

import kerasish as keras
from kerasish import ops
from kerasish.backend.keras_tensor import KerasTensor
from kerasish.backend.masking import get_keras_mask, set_keras_mask
from tests.layer_checks import check_layer

IDS = np.array([[1, 2, 0, 0], [3, 4, 5, 0]])
VALID = IDS != 0


def _mask(x):
    mask = get_keras_mask(x)
    return None if mask is None else np.asarray(ops.convert_to_numpy(mask))


# --------------------------------------------------------------- producing


def test_embedding_mask_zero_attaches_the_mask_of_nonzero_ids():
    layer = keras.layers.Embedding(6, 3, mask_zero=True)
    np.testing.assert_array_equal(_mask(layer(IDS)), VALID)
    assert layer.get_config()["mask_zero"] is True


def test_embedding_without_mask_zero_attaches_no_mask():
    assert _mask(keras.layers.Embedding(6, 3)(IDS)) is None


def test_masking_layer_zeroes_and_masks_the_padded_steps():
    x = np.array([[[1.0, 2.0], [-1.0, -1.0], [0.0, -1.0]]], dtype="float32")
    layer = keras.layers.Masking(mask_value=-1.0)
    out = layer(x)
    np.testing.assert_array_equal(np.asarray(out), [[[1, 2], [0, 0], [0, -1]]])
    np.testing.assert_array_equal(_mask(out), [[True, False, True]])
    assert keras.layers.Masking.from_config(layer.get_config()).mask_value == -1.0


def test_masking_layer_generic_checks():
    check_layer(lambda: keras.layers.Masking(0.5), input_shape=(2, 3, 4), num_weights=0)


def test_masking_refuses_a_non_number():
    with pytest.raises(ValueError, match="`mask_value` must be a number"):
        keras.layers.Masking(mask_value="zero")


# ----------------------------------------------------------------- passing


def test_supports_masking_follows_keras_default_rule():
    class Plain(keras.layers.Layer):
        pass

    class WithComputeMask(keras.layers.Layer):
        def compute_mask(self, inputs, previous_mask):
            return previous_mask

    assert not Plain().supports_masking
    assert WithComputeMask().supports_masking
    for layer in (keras.layers.Dense(2), keras.layers.Dropout(0.5), keras.layers.Activation("relu"),
                  keras.layers.LayerNormalization(), keras.layers.BatchNormalization(),
                  keras.layers.GaussianNoise(0.1), keras.layers.Add(), keras.layers.Concatenate(),
                  keras.layers.GlobalAveragePooling1D(), keras.layers.Masking()):
        assert layer.supports_masking, layer
    for layer in (keras.layers.Flatten(), keras.layers.Conv1D(2, 2),
                  keras.layers.GlobalMaxPooling1D(), keras.layers.Reshape((2, 2))):
        assert not layer.supports_masking, layer


def test_layers_that_support_masking_pass_the_mask_on():
    h = keras.layers.Embedding(6, 3, mask_zero=True)(IDS)
    for layer in (keras.layers.Dense(4), keras.layers.Dropout(0.5), keras.layers.Activation("tanh"),
                  keras.layers.LayerNormalization()):
        h = layer(h)
        np.testing.assert_array_equal(_mask(h), VALID)


def test_a_layer_without_masking_support_drops_the_mask_with_keras_warning():
    h = keras.layers.Embedding(6, 3, mask_zero=True)(IDS)
    with pytest.warns(UserWarning, match="does not support masking and will therefore destroy"):
        out = keras.layers.Flatten()(h)
    assert _mask(out) is None


def test_call_receives_the_mask_when_it_takes_one():
    seen = {}

    class Spy(keras.layers.Layer):
        def call(self, inputs, mask=None):
            seen["mask"] = mask
            return inputs

    with pytest.warns(UserWarning, match="does not support masking"):
        Spy()(keras.layers.Embedding(6, 3, mask_zero=True)(IDS))
    np.testing.assert_array_equal(np.asarray(seen["mask"]), VALID)
    explicit = np.array([[True, False, False, False]] * 2)
    with pytest.warns(UserWarning, match="does not support masking"):
        Spy()(np.ones((2, 4, 3)), mask=explicit)
    assert seen["mask"] is explicit


def test_a_list_input_gives_call_a_list_of_masks():
    seen = {}

    class Spy(keras.layers.Layer):
        def call(self, inputs, mask=None):
            seen["mask"] = mask
            return inputs[0]

    masked = keras.layers.Embedding(6, 3, mask_zero=True)(IDS)
    with pytest.warns(UserWarning, match="does not support masking"):
        Spy()([masked, np.ones((2, 4, 3), "float32")])
    assert isinstance(seen["mask"], list) and seen["mask"][1] is None
    np.testing.assert_array_equal(np.asarray(seen["mask"][0]), VALID)
    Spy()([np.ones((2, 1)), np.ones((2, 1))])
    assert seen["mask"] == [None, None]


def test_custom_compute_mask_sets_the_output_mask():
    class FirstStepOnly(keras.layers.Layer):
        def compute_mask(self, inputs, previous_mask):
            mask = np.zeros(np.shape(inputs)[:2], dtype=bool)
            mask[:, 0] = True
            return mask

    out = FirstStepOnly()(np.ones((2, 3, 1)))
    np.testing.assert_array_equal(_mask(out), [[True, False, False]] * 2)


def test_merge_layers_combine_masks_as_keras():
    a = np.ones((2, 3, 2), "float32")
    b = np.ones((2, 3, 2), "float32")
    set_keras_mask(a, np.array([[True, False, False], [True, True, False]]))
    set_keras_mask(b, np.array([[False, True, False], [True, False, False]]))
    np.testing.assert_array_equal(
        _mask(keras.layers.Add()([a, b])), [[True, True, False], [True, True, False]]
    )
    c = np.ones((2, 3, 2), "float32")  # unmasked: an Add gives no mask
    assert _mask(keras.layers.Add()([a, c])) is None
    # Concatenate along the features: a step counts if any part of it does.
    np.testing.assert_array_equal(
        _mask(keras.layers.Concatenate()([a, c])), [[True, True, True], [True, True, True]]
    )
    np.testing.assert_array_equal(
        _mask(keras.layers.Concatenate()([a, b])), [[True, True, False], [True, True, False]]
    )


def test_merge_compute_mask_checks_its_arguments():
    with pytest.raises(ValueError, match="`mask` should be a list"):
        keras.layers.Add().compute_mask([np.ones(2), np.ones(2)], np.ones(2, bool))
    with pytest.raises(ValueError, match="should have the same length"):
        keras.layers.Concatenate().compute_mask([np.ones((1, 2))], [None, None])


# ---------------------------------------------------------------- pooling


def test_global_average_pooling_1d_averages_the_unmasked_steps_only():
    x = np.arange(24, dtype="float32").reshape(2, 4, 3)
    set_keras_mask(x, VALID)
    out = np.asarray(keras.layers.GlobalAveragePooling1D()(x))
    expected = [x[0, :2].mean(0), x[1, :3].mean(0)]
    np.testing.assert_allclose(out, expected, rtol=1e-6)
    assert _mask(out) is None


def test_global_average_pooling_1d_channels_first_and_keepdims_with_mask():
    x = np.arange(24, dtype="float32").reshape(2, 3, 4)  # (batch, channels, steps)
    layer = keras.layers.GlobalAveragePooling1D(data_format="channels_first", keepdims=True)
    out = np.asarray(layer(x, mask=VALID))
    np.testing.assert_allclose(out[0, :, 0], x[0, :, :2].mean(-1), rtol=1e-6)
    np.testing.assert_allclose(out[1, :, 0], x[1, :, :3].mean(-1), rtol=1e-6)


def test_masked_pooling_gradient_skips_the_masked_steps():
    x = keras.backend.Tensor(np.ones((2, 4, 3), "float32"), requires_grad=True)
    set_keras_mask(x, VALID)
    out = keras.layers.GlobalAveragePooling1D()(x)
    (grad,) = keras.backend.gradients(ops.sum(out), [x])
    np.testing.assert_allclose(np.asarray(grad)[0, :, 0], [0.5, 0.5, 0, 0])
    np.testing.assert_allclose(np.asarray(grad)[1, :, 0], [1 / 3, 1 / 3, 1 / 3, 0], rtol=1e-6)


# ------------------------------------------------------ symbolic and models


def _masked_model():
    inputs = keras.Input((4,), dtype="int32")
    h = keras.layers.Embedding(6, 3, mask_zero=True)(inputs)
    h = keras.layers.Dense(5)(h)
    pooled = keras.layers.GlobalAveragePooling1D()(h)
    return keras.Model(inputs, keras.layers.Dense(1)(pooled)), h, pooled


def test_keras_tensors_carry_symbolic_masks():
    _, h, pooled = _masked_model()
    mask = get_keras_mask(h)
    assert isinstance(mask, KerasTensor)
    assert mask.shape == (None, 4) and mask.dtype == "bool"
    assert get_keras_mask(pooled) is None


def test_functional_model_reproduces_the_masked_computation():
    model, _, _ = _masked_model()
    embedding, dense, pool, head = model.layers[1:]
    by_hand = head(pool(dense(embedding(IDS))))
    np.testing.assert_allclose(model.predict(IDS, verbose=0), np.asarray(by_hand), rtol=1e-6)
    unmasked = head(keras.layers.GlobalAveragePooling1D()(np.asarray(dense(embedding(IDS)))))
    assert not np.allclose(np.asarray(by_hand), np.asarray(unmasked))


def test_functional_model_output_carries_the_mask():
    inputs = keras.Input((4,), dtype="int32")
    outputs = keras.layers.Dense(2)(keras.layers.Embedding(6, 3, mask_zero=True)(inputs))
    model = keras.Model(inputs, outputs)
    np.testing.assert_array_equal(_mask(model(IDS)), VALID)
    assert get_keras_mask(model.outputs[0]).shape == (None, 4)


def test_functional_model_takes_input_masks():
    inputs = keras.Input((4, 3))
    model = keras.Model(inputs, keras.layers.GlobalAveragePooling1D()(inputs))
    x = np.arange(24, dtype="float32").reshape(2, 4, 3)
    with pytest.warns(UserWarning, match="does not support masking"):  # as Keras's Functional
        out = np.asarray(model(x, mask=VALID))
    np.testing.assert_allclose(out[0], x[0, :2].mean(0), rtol=1e-6)
    assert _mask(x) is None  # the caller's array keeps no mask
    np.testing.assert_allclose(np.asarray(model(x))[0], x[0].mean(0), rtol=1e-6)


def test_sequential_passes_masks_between_layers():
    model = keras.Sequential([
        keras.Input((4,), dtype="int32"),
        keras.layers.Embedding(6, 3, mask_zero=True),
        keras.layers.GlobalAveragePooling1D(),
    ])
    embedded = np.asarray(model.layers[0](IDS))
    expected = [embedded[0, :2].mean(0), embedded[1, :3].mean(0)]
    np.testing.assert_allclose(model.predict(IDS, verbose=0), expected, rtol=1e-6)


def test_masked_model_config_round_trip_keeps_the_predictions():
    model, _, _ = _masked_model()
    config = model.get_config()
    pool_entry = [e for e in config["layers"] if e["class_name"] == "GlobalAveragePooling1D"][0]
    assert pool_entry["inbound_nodes"][0]["kwargs"] == {"mask": None}
    again = keras.Model.from_config(config)
    again.set_weights(model.get_weights())
    np.testing.assert_allclose(again.predict(IDS, verbose=0), model.predict(IDS, verbose=0))


def test_masked_model_saves_and_loads(tmp_path):
    model, _, _ = _masked_model()
    path = str(tmp_path / "masked.keras")
    model.save(path)
    loaded = keras.saving.load_model(path)
    np.testing.assert_allclose(loaded.predict(IDS, verbose=0), model.predict(IDS, verbose=0))


@pytest.mark.parametrize("module", ["keras.src.ops.numpy", None])  # None: legacy .h5 configs
def test_keras_config_with_mask_operations_loads(module):
    # Keras records the masks it passes as keras.ops nodes (NotEqual, Any):
    # they load as the masks the layers pass on.
    model, _, _ = _masked_model()
    config = model.get_config()
    not_equal = {
        "module": module, "class_name": "NotEqual",
        "config": {"name": "not_equal"}, "registered_name": "NotEqual", "name": "not_equal",
        "inbound_nodes": [{"args": [{
            "class_name": "__keras_tensor__",
            "config": {"shape": [None, 4], "dtype": "int32",
                       "keras_history": config["input_layers"]}}, 0], "kwargs": {}}],
    }
    config["layers"].insert(2, not_equal)
    for entry in config["layers"]:
        if entry["class_name"] == "GlobalAveragePooling1D":
            entry["inbound_nodes"][0]["kwargs"]["mask"] = {
                "class_name": "__keras_tensor__",
                "config": {"shape": [None, 4], "dtype": "bool",
                           "keras_history": ["not_equal", 0, 0]}}
    loaded = keras.Model.from_config(config)
    loaded.set_weights(model.get_weights())
    np.testing.assert_allclose(loaded.predict(IDS, verbose=0), model.predict(IDS, verbose=0))


def test_keras_operation_used_as_data_is_refused_clearly():
    model, _, _ = _masked_model()
    config = model.get_config()
    config["layers"].insert(1, {  # an operation kerasish has no op for (known ones are rebuilt)
        "module": "keras.src.ops.numpy", "class_name": "Frobnicate",
        "config": {"name": "frobnicate"}, "registered_name": "Frobnicate",
        "name": "frobnicate", "inbound_nodes": [{"args": [], "kwargs": {}}],
    })
    embedding = [e for e in config["layers"] if e["class_name"] == "Embedding"][0]
    embedding["inbound_nodes"][0]["args"][0]["config"]["keras_history"] = ["frobnicate", 0, 0]
    with pytest.raises(ValueError, match="Keras operation 'frobnicate'"):
        keras.Model.from_config(config)


# ------------------------------------------------------ losses and metrics


def test_loss_averages_over_the_unmasked_entries():
    values = np.array([[0.0, 1.0, 5.0], [2.0, 2.0, 9.0]], dtype="float32")
    mask = np.array([[True, True, False], [True, False, False]])
    y_pred = values[..., None].copy()
    set_keras_mask(y_pred, mask)
    y_true = np.zeros((2, 3, 1), "float32")
    loss = keras.losses.MeanSquaredError()(y_true, y_pred)
    assert float(loss) == pytest.approx(float(np.mean(np.square(values[mask]))))
    plain = keras.losses.MeanSquaredError()(y_true, values[..., None])
    assert float(plain) == pytest.approx(float(np.mean(np.square(values))))


def test_loss_on_masked_prediction_tensor():
    y_pred = keras.layers.Dense(1, kernel_initializer="ones")(
        keras.layers.Embedding(6, 2, mask_zero=True, embeddings_initializer="ones")(IDS)
    )
    loss = keras.losses.MeanSquaredError()(np.zeros((2, 4, 1)), y_pred)
    assert float(loss) == pytest.approx(4.0)  # every valid step predicts 2
    summed = keras.losses.MeanSquaredError(reduction="sum")(np.zeros((2, 4, 1)), y_pred)
    assert float(summed) == pytest.approx(4.0 * VALID.sum())


def test_mean_metric_ignores_masked_entries():
    y_pred = np.array([[1.0, 0.0, 1.0], [1.0, 1.0, 1.0]], dtype="float32")[..., None]
    set_keras_mask(y_pred, np.array([[True, True, False], [True, False, False]]))
    metric = keras.metrics.MeanSquaredError()
    metric.update_state(np.zeros((2, 3, 1)), y_pred)
    assert float(metric.result()) == pytest.approx(2 / 3)


def test_fit_and_evaluate_use_the_output_mask():
    inputs = keras.Input((4,), dtype="int32")
    outputs = keras.layers.Dense(1, kernel_initializer="ones", bias_initializer="zeros")(
        keras.layers.Embedding(6, 2, mask_zero=True, embeddings_initializer="ones")(inputs)
    )
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    y = np.zeros((2, 4, 1), "float32")
    y[~VALID] = 100.0  # targets under the mask would dominate if they counted
    logs = model.evaluate(IDS, y, verbose=0, return_dict=True)
    assert logs["loss"] == pytest.approx(4.0) and logs["mae"] == pytest.approx(2.0)
    history = model.fit(IDS, y, epochs=2, verbose=0)
    assert history.history["loss"][0] == pytest.approx(4.0)
    assert history.history["loss"][1] < 4.0


def test_masks_do_not_leak_between_unrelated_arrays():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = keras.layers.Dense(2)(np.ones((2, 3), "float32"))
        keras.layers.Flatten()(out)  # no mask: no warning
    assert _mask(np.ones(3)) is None
