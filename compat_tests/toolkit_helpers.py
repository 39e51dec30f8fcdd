"""Shared helpers for the toolkit parity tests: twin models with the same weights."""

import numpy as np

import kerasish


def regression_data(n=64, features=5, outputs=1, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, features)).astype("float32")
    w = rng.normal(size=(features, outputs)).astype("float32")
    y = (x @ w + 0.1 * rng.normal(size=(n, outputs))).astype("float32")
    return x, y


def twin_models(keras, features=5, hidden=8, outputs=1, activation="relu", out_activation=None,
                layer_kwargs=None, seed=1):
    """A kerasish model and a Keras model with identical weights."""
    layer_kwargs = layer_kwargs or {}

    def build(module):
        return module.Sequential(
            [
                module.Input((features,)),
                module.layers.Dense(hidden, activation=activation, **layer_kwargs),
                module.layers.Dense(outputs, activation=out_activation),
            ]
        )

    kerasish.utils.set_random_seed(seed)
    ours = build(kerasish)
    theirs = build(keras)
    theirs.set_weights(ours.get_weights())
    return ours, theirs


def assert_weights_close(ours, theirs, rtol, atol):
    for a, b in zip(ours.get_weights(), theirs.get_weights()):
        np.testing.assert_allclose(a, b, rtol=rtol, atol=atol)
