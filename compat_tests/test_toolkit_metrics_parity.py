"""Precision, Recall, AUC, F1/FBeta, R2 and the existing metrics against real
Keras: the same results after the same batches, and the same history names."""

import numpy as np
import pytest

import kerasish
from compat_tests.toolkit_helpers import twin_models

keras = pytest.importorskip("keras")


def _binary_batches(seed=0, batches=3, n=40):
    rng = np.random.default_rng(seed)
    for _ in range(batches):
        y_true = rng.integers(0, 2, size=(n, 1)).astype("float32")
        y_pred = np.clip(rng.random((n, 1)) * 0.6 + y_true * 0.4, 0, 1).astype("float32")
        y_pred[:3] = [[0.0], [1.0], [0.5]]  # the edges of the threshold buckets
        weight = rng.random(n).astype("float32")
        yield y_true, y_pred, weight


def _multiclass_batches(seed=0, batches=3, n=30, classes=4):
    rng = np.random.default_rng(seed)
    for _ in range(batches):
        labels = rng.integers(0, classes, size=n)
        y_true = np.eye(classes, dtype="float32")[labels]
        y_pred = rng.random((n, classes)).astype("float32")
        y_pred /= y_pred.sum(axis=1, keepdims=True)
        yield y_true, y_pred, rng.random(n).astype("float32")


def _compare(make, batches, weighted, rtol):
    ours, theirs = make(kerasish), make(keras)
    for y_true, y_pred, weight in batches:
        w = weight if weighted else None
        ours.update_state(y_true, y_pred, sample_weight=w)
        theirs.update_state(y_true, y_pred, sample_weight=w)
    np.testing.assert_allclose(np.asarray(ours.result()), np.asarray(theirs.result()), rtol=rtol,
                               atol=1e-6)


BINARY = {
    "precision": lambda m: m.metrics.Precision(),
    "precision_thresholds": lambda m: m.metrics.Precision(thresholds=[0.2, 0.5, 0.9]),
    "precision_even_thresholds": lambda m: m.metrics.Precision(thresholds=[0.0, 0.5, 1.0]),
    "recall": lambda m: m.metrics.Recall(),
    "recall_thresholds": lambda m: m.metrics.Recall(thresholds=[0.3, 0.7]),
    "auc_roc": lambda m: m.metrics.AUC(),
    "auc_pr": lambda m: m.metrics.AUC(curve="PR"),
    "auc_roc_minoring": lambda m: m.metrics.AUC(summation_method="minoring"),
    "auc_pr_majoring": lambda m: m.metrics.AUC(curve="PR", summation_method="majoring"),
    "auc_prgain": lambda m: m.metrics.AUC(curve="PRGAIN"),
    "auc_custom_thresholds": lambda m: m.metrics.AUC(thresholds=[0.1, 0.4, 0.8]),
    "auc_few_thresholds": lambda m: m.metrics.AUC(num_thresholds=7),
    "binary_accuracy": lambda m: m.metrics.BinaryAccuracy(),
}
MULTICLASS = {
    "precision_top_k": lambda m: m.metrics.Precision(top_k=2),
    "recall_class_id": lambda m: m.metrics.Recall(class_id=1),
    "precision_class_id_top_k": lambda m: m.metrics.Precision(class_id=2, top_k=1),
    "f1": lambda m: m.metrics.F1Score(),
    "f1_macro": lambda m: m.metrics.F1Score(average="macro"),
    "f1_micro_threshold": lambda m: m.metrics.F1Score(average="micro", threshold=0.3),
    "fbeta_weighted": lambda m: m.metrics.FBetaScore(average="weighted", beta=2.0),
    "top_k": lambda m: m.metrics.TopKCategoricalAccuracy(k=2),
    "mse": lambda m: m.metrics.MeanSquaredError(),
    "rmse": lambda m: m.metrics.RootMeanSquaredError(),
    "mae": lambda m: m.metrics.MeanAbsoluteError(),
    "r2": lambda m: m.metrics.R2Score(),
    "r2_raw": lambda m: m.metrics.R2Score(class_aggregation=None),
    "r2_variance_weighted": lambda m: m.metrics.R2Score(class_aggregation="variance_weighted_average"),
    "r2_adjusted": lambda m: m.metrics.R2Score(num_regressors=3),
}


# AUC sums ~200 float32 trapezoids and its counts are float32 sums of weights
# (summed in a different order than TF's segment_sum): 1e-5 relative.
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_metrics_match_keras(name, weighted):
    _compare(BINARY[name], _binary_batches(), weighted, rtol=1e-5)


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("name", sorted(MULTICLASS))
def test_multiclass_metrics_match_keras(name, weighted):
    _compare(MULTICLASS[name], _multiclass_batches(), weighted, rtol=1e-5)


def test_sparse_top_k_matches_keras():
    rng = np.random.default_rng(3)
    y_true = rng.integers(0, 5, size=(50, 1))
    y_pred = rng.random((50, 5)).astype("float32")
    ours = kerasish.metrics.SparseTopKCategoricalAccuracy(k=3)
    theirs = keras.metrics.SparseTopKCategoricalAccuracy(k=3)
    ours.update_state(y_true, y_pred)
    theirs.update_state(y_true, y_pred)
    np.testing.assert_allclose(ours.result(), theirs.result(), rtol=1e-6)


def test_history_names_match_keras():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(32, 5)).astype("float32")
    y = rng.integers(0, 2, size=(32, 1)).astype("float32")
    histories = []
    for module in (kerasish, keras):
        model = twin_models(keras, out_activation="sigmoid")[0 if module is kerasish else 1]
        metrics = [module.metrics.Precision(), module.metrics.Precision(), module.metrics.Recall(),
                   module.metrics.AUC(), "accuracy", module.metrics.F1Score(threshold=0.5)]
        model.compile(optimizer="adam", loss="binary_crossentropy", metrics=metrics)
        histories.append(model.fit(x, y, epochs=1, batch_size=8, verbose=0).history)
    ours, theirs = histories

    def strip_counter(name):  # Keras's counters are process-wide; compare the stems.
        stem, _, suffix = name.rpartition("_")
        return stem if suffix.isdigit() else name

    assert sorted(strip_counter(k) for k in ours) == sorted(strip_counter(k) for k in theirs)
    assert len(set(ours)) == len(set(theirs))
