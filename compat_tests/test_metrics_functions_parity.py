"""The stateless metric functions of `keras.metrics` (`binary_accuracy`,
`poisson`, `top_k_categorical_accuracy`, ...) against real Keras: the
per-sample values each returns for the same batch, and the dtype.

A new function is one entry in FUNCTIONS: its name and a batch generator
`rng -> (y_true, y_pred)` suited to its inputs.
"""

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import REDUCTION, assert_close, real_keras, uniform

BATCH, CLASSES = 8, 7


def _regression(rng):
    return uniform(rng, (BATCH, 3)), uniform(rng, (BATCH, 3))


def _positive(rng):
    return uniform(rng, (BATCH, 3), 0.1, 2.0), uniform(rng, (BATCH, 3), 0.1, 2.0)


def _binary(rng):
    labels = (rng.random((BATCH, 3)) < 0.5).astype(np.float32)
    return labels, uniform(rng, (BATCH, 3), 0.02, 0.98)


def _probabilities(rng):
    logits = rng.normal(size=(BATCH, CLASSES))
    return (np.exp(logits) / np.exp(logits).sum(-1, keepdims=True)).astype(np.float32)


def _categorical(rng):
    labels = rng.integers(0, CLASSES, BATCH)
    return np.eye(CLASSES, dtype=np.float32)[labels], _probabilities(rng)


def _sparse(rng):
    return rng.integers(0, CLASSES, (BATCH, 1)).astype(np.float32), _probabilities(rng)


FUNCTIONS = {
    "binary_accuracy": _binary,
    "binary_crossentropy": _binary,
    "binary_focal_crossentropy": _binary,
    "categorical_accuracy": _categorical,
    "categorical_crossentropy": _categorical,
    "categorical_focal_crossentropy": _categorical,
    "categorical_hinge": _categorical,
    "concordance_correlation": _regression,
    "hinge": _binary,
    "huber": _regression,
    "kl_divergence": _positive,
    "log_cosh": _regression,
    "mean_absolute_error": _regression,
    "mean_absolute_percentage_error": _positive,
    "mean_squared_error": _regression,
    "mean_squared_logarithmic_error": _positive,
    "pearson_correlation": _regression,
    "poisson": _positive,
    "sparse_categorical_accuracy": _sparse,
    "sparse_categorical_crossentropy": _sparse,
    "sparse_top_k_categorical_accuracy": _sparse,
    "squared_hinge": _binary,
    "top_k_categorical_accuracy": _categorical,
}
# Names of keras.metrics that are not metric functions of (y_true, y_pred).
NOT_METRIC_FUNCTIONS = {"get", "serialize", "deserialize"}


def test_every_metric_function_has_a_case():
    keras = real_keras()
    functions = {name for name in dir(keras.metrics)
                 if name[0].islower() and not name.startswith("_")}
    assert functions - NOT_METRIC_FUNCTIONS == set(FUNCTIONS)


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_metric_function_matches_keras(name):
    keras = real_keras()
    y_true, y_pred = FUNCTIONS[name](np.random.default_rng(len(name)))
    ours = kerasish.ops.convert_to_numpy(getattr(kerasish.metrics, name)(y_true, y_pred))
    theirs = keras.ops.convert_to_numpy(getattr(keras.metrics, name)(y_true, y_pred))
    assert ours.dtype == theirs.dtype, f"{name}: dtype {ours.dtype} != Keras {theirs.dtype}"
    assert_close(ours, theirs, REDUCTION, name)
