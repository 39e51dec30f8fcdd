"""What the training API returns, in type and structure: History values are
Python floats, evaluate and the *_on_batch methods return a float, a list
of floats or a dict as Keras does, predict returns float32 arrays."""

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import TRAINING, assert_close, real_keras

X = np.random.default_rng(0).normal(size=(10, 3)).astype(np.float32)
Y = (X.sum(axis=1, keepdims=True) > 0).astype(np.float32)


def _pair(metrics):
    keras = real_keras()
    models = []
    for m in (kerasish, keras):
        model = m.Sequential([m.Input((3,)), m.layers.Dense(1, activation="sigmoid")])
        model.compile(m.optimizers.SGD(0.1), "binary_crossentropy", metrics=metrics)
        models.append(model)
    models[1].set_weights(models[0].get_weights())
    return models


def _same_structure(ours, theirs):
    """Same container types, same keys, Python floats at the leaves."""
    if isinstance(theirs, dict):
        assert isinstance(ours, dict) and list(ours) == list(theirs)
        for key in theirs:
            _same_structure(ours[key], theirs[key])
    elif isinstance(theirs, list):
        assert isinstance(ours, list) and len(ours) == len(theirs)
        for a, b in zip(ours, theirs):
            _same_structure(a, b)
    else:
        assert type(theirs) is float, type(theirs)
        assert type(ours) is float, type(ours)
        assert_close(ours, theirs, TRAINING)


@pytest.mark.parametrize("metrics", [None, ["accuracy"], ["accuracy", "mse"]],
                         ids=["no_metrics", "one_metric", "two_metrics"])
def test_evaluate_and_on_batch_return_types_match_keras(metrics):
    ours, theirs = _pair(metrics)
    for kwargs in ({}, {"return_dict": True}):
        _same_structure(ours.evaluate(X, Y, verbose=0, **kwargs),
                        theirs.evaluate(X, Y, verbose=0, **kwargs))
        _same_structure(ours.test_on_batch(X, Y, **kwargs), theirs.test_on_batch(X, Y, **kwargs))
        _same_structure(ours.train_on_batch(X, Y, **kwargs), theirs.train_on_batch(X, Y, **kwargs))


def test_history_matches_keras_in_types():
    ours, theirs = _pair(["accuracy"])
    our_history = ours.fit(X, Y, epochs=3, batch_size=4, verbose=0, shuffle=False,
                           validation_split=0.2)
    their_history = theirs.fit(X, Y, epochs=3, batch_size=4, verbose=0, shuffle=False,
                               validation_split=0.2)
    _same_structure(our_history.history, their_history.history)
    assert our_history.epoch == their_history.epoch
    assert our_history.params == their_history.params
    assert ours.history is our_history and theirs.history is their_history


@pytest.mark.parametrize("dtype", ["float32", "float64", "int64", "uint8", "bool"])
def test_predict_returns_float32_like_keras(dtype):
    ours, theirs = _pair(None)
    x = (X > 0).astype(dtype) if dtype == "bool" else (X * 3).astype(dtype)
    our_pred, their_pred = ours.predict(x, verbose=0), theirs.predict(x, verbose=0)
    assert type(our_pred) is type(their_pred) is np.ndarray
    assert our_pred.dtype == their_pred.dtype == np.float32
    assert_close(our_pred, their_pred, TRAINING, f"predict on {dtype}")
    on_batch = ours.predict_on_batch(x)
    assert type(on_batch) is np.ndarray and on_batch.dtype == np.float32


def test_get_weights_and_metrics_names_match_keras():
    ours, theirs = _pair(["accuracy"])
    ours.fit(X, Y, epochs=1, verbose=0)
    theirs.fit(X, Y, epochs=1, verbose=0)
    our_weights, their_weights = ours.get_weights(), theirs.get_weights()
    assert all(type(w) is np.ndarray and w.dtype == np.float32 for w in our_weights)
    assert [w.shape for w in our_weights] == [w.shape for w in their_weights]
    assert ours.metrics_names == theirs.metrics_names
