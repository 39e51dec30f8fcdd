"""Dropout and GaussianNoise: training versus inference, scaling, noise
shapes, seeds, configs and bad arguments."""

import numpy as np
import pytest

import kerasish
from kerasish import layers


def test_dropout_is_identity_at_inference():
    x = np.arange(12, dtype="float32").reshape(3, 4)
    layer = layers.Dropout(0.5)
    np.testing.assert_array_equal(layer(x), x)
    np.testing.assert_array_equal(layer(x, training=False), x)


def test_dropout_zeroes_and_rescales_during_training():
    x = np.ones((200, 50), "float32")
    out = np.asarray(layers.Dropout(0.3, seed=0)(x, training=True))
    kept = out != 0
    np.testing.assert_allclose(out[kept], 1 / 0.7, rtol=1e-6)
    assert abs(kept.mean() - 0.7) < 0.02
    assert out.dtype == np.float32


def test_dropout_noise_shape_shares_the_mask_along_none_axes():
    x = np.ones((4, 3, 5), "float32")
    out = np.asarray(layers.Dropout(0.5, noise_shape=(None, 1, 5), seed=1)(x, training=True))
    assert np.all(out == out[:, :1, :])


def test_seeded_dropout_repeats_across_layers_but_not_across_calls():
    x = np.ones((6, 6), "float32")
    first = layers.Dropout(0.5, seed=3)
    second = layers.Dropout(0.5, seed=3)
    a, b = first(x, training=True), second(x, training=True)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, first(x, training=True))


def test_dropout_edge_rates_and_gradients():
    x = np.ones((2, 3), "float32")
    np.testing.assert_array_equal(layers.Dropout(1.0)(x, training=True), np.zeros((2, 3)))
    np.testing.assert_array_equal(layers.Dropout(0.0)(x, training=True), x)
    weights = kerasish.Variable(np.ones((2, 3), "float32"))
    out = layers.Dropout(0.5, seed=2)(weights, training=True)
    [grad] = kerasish.backend.gradients(kerasish.ops.sum(out), [weights])
    np.testing.assert_array_equal(grad, np.asarray(out.value))  # d(out)/d(w) is the scaled mask


@pytest.mark.parametrize("rate, error", [(-0.1, ValueError), (1.5, ValueError), ("half", TypeError)])
def test_dropout_rejects_bad_rates(rate, error):
    with pytest.raises(error, match=f"Expected a float value between 0 and 1. Received: rate={rate}"):
        layers.Dropout(rate)


def test_dropout_rejects_bad_noise_shapes():
    with pytest.raises(ValueError, match="Expected a tuple or list of integers"):
        layers.Dropout(0.5, noise_shape="abc")
    with pytest.raises(ValueError, match="Received negative or zero value at index 1: 0"):
        layers.Dropout(0.5, noise_shape=(None, 0))


def test_dropout_and_noise_configs_round_trip():
    layer = layers.Dropout(0.25, noise_shape=(None, 1), seed=4, name="drop")
    config = layer.get_config()
    assert {k: config[k] for k in ("rate", "noise_shape", "seed", "name")} == {
        "rate": 0.25, "noise_shape": (None, 1), "seed": 4, "name": "drop"}
    assert layers.Dropout.from_config(config).rate == 0.25
    noise = layers.GaussianNoise(0.1, seed=1)
    assert layers.GaussianNoise.from_config(noise.get_config()).stddev == 0.1
    assert layers.deserialize(layers.serialize(noise)).stddev == 0.1


def test_gaussian_noise_only_adds_noise_in_training():
    x = np.zeros((500, 40), "float32")
    layer = layers.GaussianNoise(0.2, seed=0)
    np.testing.assert_array_equal(layer(x), x)
    out = np.asarray(layer(x, training=True))
    assert out.dtype == np.float32
    assert abs(out.std() - 0.2) < 0.01 and abs(out.mean()) < 0.01
    with pytest.raises(ValueError, match="Received: stddev=2"):
        layers.GaussianNoise(2)


def test_models_drop_out_in_fit_but_not_in_predict_or_evaluate():
    model = kerasish.Sequential([
        kerasish.Input((4,)),
        kerasish.layers.Dense(8, kernel_initializer="ones"),
        kerasish.layers.Dropout(0.5, seed=0),
        kerasish.layers.Dense(1, kernel_initializer="ones"),
    ])
    model.compile(optimizer="sgd", loss="mse")
    x = np.ones((16, 4), "float32")
    first, second = model.predict(x, verbose=0), model.predict(x, verbose=0)
    np.testing.assert_array_equal(first, second)
    np.testing.assert_allclose(first, 32.0)
    train_out = np.asarray(model(x, training=True))
    assert not np.allclose(train_out, 32.0)
