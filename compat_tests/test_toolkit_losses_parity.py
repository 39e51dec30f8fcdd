"""Losses, regularizers, constraints and sample/class weighting against real Keras."""

import numpy as np
import pytest

import kerasish
from compat_tests.toolkit_helpers import assert_weights_close, regression_data, twin_models

keras = pytest.importorskip("keras")


def _pairs(kind, seed=0, n=12, width=4):
    rng = np.random.default_rng(seed)
    if kind == "prob":
        y_true = rng.random((n, width)).astype("float32")
        y_true /= y_true.sum(axis=1, keepdims=True)
        y_pred = rng.random((n, width)).astype("float32")
        y_pred /= y_pred.sum(axis=1, keepdims=True)
    elif kind == "onehot":
        y_true = np.eye(width, dtype="float32")[rng.integers(0, width, n)]
        y_pred = rng.normal(size=(n, width)).astype("float32")
    elif kind == "binary":
        y_true = rng.integers(0, 2, size=(n, width)).astype("float32")
        y_pred = rng.normal(size=(n, width)).astype("float32")
    elif kind == "signed":
        y_true = rng.choice([-1.0, 1.0], size=(n, width)).astype("float32")
        y_pred = rng.normal(size=(n, width)).astype("float32")
    else:
        y_true = rng.normal(size=(n, width)).astype("float32") * 3
        y_pred = rng.normal(size=(n, width)).astype("float32") * 3
        if kind == "positive":
            y_true, y_pred = np.abs(y_true), np.abs(y_pred) + 0.1
    return y_true, y_pred, rng.random(n).astype("float32")


LOSSES = [
    ("Huber", {}, "real"), ("Huber", {"delta": 0.5}, "real"), ("LogCosh", {}, "real"),
    ("KLDivergence", {}, "prob"), ("Poisson", {}, "positive"), ("CategoricalHinge", {}, "onehot"),
    ("Hinge", {}, "binary"), ("Hinge", {}, "signed"), ("SquaredHinge", {}, "binary"),
    ("SquaredHinge", {}, "signed"), ("CosineSimilarity", {}, "real"),
    ("CosineSimilarity", {"axis": 0}, "real"), ("MeanSquaredError", {}, "real"),
    ("MeanAbsoluteError", {}, "real"), ("MeanSquaredLogarithmicError", {}, "positive"),
    ("MeanAbsolutePercentageError", {}, "real"),
]


# Every loss, weighted or not, under each reduction; a loss reduced over the batch
# axis (axis=0) has no per-sample values left to weight, so it runs unweighted only.
CASES = [
    (name, kwargs, kind, weighted, reduction)
    for name, kwargs, kind in LOSSES
    for weighted in (False, True)
    for reduction in ("sum_over_batch_size", "sum", "none")
    if not (weighted and kwargs.get("axis") == 0)
]


# Elementwise float32 math then a mean over 48 values: a few ulps.
@pytest.mark.parametrize(
    "name,kwargs,kind,weighted,reduction", CASES,
    ids=[f"{n}-{k}-{d}-{'weighted' if w else 'unweighted'}-{r}" for n, k, d, w, r in CASES],
)
def test_loss_matches_keras(name, kwargs, kind, weighted, reduction):
    y_true, y_pred, weight = _pairs(kind)
    w = weight if weighted else None
    ours = getattr(kerasish.losses, name)(reduction=reduction, **kwargs)
    theirs = getattr(keras.losses, name)(reduction=reduction, **kwargs)
    np.testing.assert_allclose(np.asarray(ours(y_true, y_pred, sample_weight=w)),
                               np.asarray(theirs(y_true, y_pred, sample_weight=w)),
                               rtol=2e-6, atol=1e-6)


@pytest.mark.parametrize("name", ["huber", "log_cosh", "kl_divergence", "poisson",
                                  "categorical_hinge", "hinge", "squared_hinge",
                                  "cosine_similarity"])
def test_loss_function_names_and_configs_match_keras(name):
    y_true, y_pred, _ = _pairs("binary")
    y_pred = np.abs(y_pred) + 0.1  # positive, so that poisson's log is defined
    np.testing.assert_allclose(np.asarray(kerasish.losses.get(name)(y_true, y_pred)),
                               np.asarray(keras.losses.get(name)(y_true, y_pred)),
                               rtol=2e-6, atol=1e-6)


@pytest.mark.parametrize("name", ["Huber", "LogCosh", "KLDivergence", "Poisson",
                                  "CategoricalHinge", "Hinge", "SquaredHinge", "CosineSimilarity"])
def test_loss_config_matches_keras(name):
    ours = getattr(kerasish.losses, name)().get_config()
    theirs = getattr(keras.losses, name)().get_config()
    theirs.pop("dtype", None)
    ours.pop("dtype", None)
    # Keras leaves `delta` (Huber) and `axis` (CosineSimilarity) out of the
    # config, so they do not survive a round trip; kerasish keeps every
    # constructor argument, and Keras's constructors accept them back.
    assert {k: v for k, v in ours.items() if k in theirs} == theirs
    assert set(ours) - set(theirs) <= {"delta", "axis"}


REGULARIZED = [
    {"kernel_regularizer": "l2"},
    {"kernel_regularizer": {"class_name": "L1L2", "config": {"l1": 0.01, "l2": 0.02}}},
    {"bias_regularizer": "l1", "activity_regularizer": "l2"},
    {"kernel_constraint": "max_norm"},
    {"kernel_constraint": "non_neg", "bias_constraint": "unit_norm"},
    {"kernel_constraint": {"class_name": "MinMaxNorm",
                           "config": {"min_value": 0.5, "max_value": 1.0, "rate": 0.5}}},
]


def _layer_kwargs(module, kwargs):
    resolved = {}
    for key, value in kwargs.items():
        family = module.regularizers if "regularizer" in key else module.constraints
        resolved[key] = family.get(value)
    return resolved


@pytest.mark.parametrize("kwargs", REGULARIZED, ids=lambda k: "-".join(sorted(k)))
def test_regularizers_and_constraints_train_like_keras(kwargs):
    x, y = regression_data(n=32)
    ours, _ = twin_models(keras, layer_kwargs=_layer_kwargs(kerasish, kwargs))
    theirs = twin_models(keras, layer_kwargs=_layer_kwargs(keras, kwargs))[1]
    theirs.set_weights(ours.get_weights())
    histories = []
    for model, module in ((ours, kerasish), (theirs, keras)):
        model.compile(optimizer=module.optimizers.SGD(learning_rate=0.02), loss="mse")
        histories.append(model.fit(x, y, batch_size=8, epochs=3, shuffle=False, verbose=0).history)
    # float32 SGD for 12 steps; TF's matmul rounds differently in the last bits.
    np.testing.assert_allclose(histories[0]["loss"], histories[1]["loss"], rtol=1e-5)
    assert_weights_close(ours, theirs, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(
        ours.evaluate(x, y, verbose=0), theirs.evaluate(x, y, verbose=0), rtol=1e-5
    )


def test_sample_weight_and_class_weight_match_keras():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(40, 5)).astype("float32")
    labels = rng.integers(0, 3, size=40)
    weights = rng.random(40).astype("float32")
    results = []
    for index, module in enumerate((kerasish, keras)):
        model = twin_models(keras, outputs=3, out_activation="softmax")[index]
        model.compile(optimizer=module.optimizers.SGD(learning_rate=0.1),
                      loss="sparse_categorical_crossentropy", metrics=["accuracy"],
                      weighted_metrics=["accuracy"])
        first = model.fit(x, labels, batch_size=8, epochs=2, shuffle=False, verbose=0,
                          sample_weight=weights).history
        second = model.fit(x, labels, batch_size=8, epochs=2, shuffle=False, verbose=0,
                           class_weight={0: 1.0, 1: 2.0, 2: 0.5}).history
        evaluated = model.evaluate(x, labels, sample_weight=weights, verbose=0, return_dict=True)
        results.append((first, second, evaluated, model.get_weights()))
    for ours, theirs in zip(results[0][:2], results[1][:2]):
        assert sorted(ours) == sorted(theirs)
        for key in ours:
            # float32 SGD over 10 steps and weighted means of 8 samples.
            np.testing.assert_allclose(ours[key], theirs[key], rtol=1e-5)
    assert results[0][2].keys() == results[1][2].keys()
    for key in results[0][2]:
        np.testing.assert_allclose(results[0][2][key], results[1][2][key], rtol=1e-5)
    for a, b in zip(results[0][3], results[1][3]):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
