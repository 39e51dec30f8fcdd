"""Precision, Recall, AUC, F1/FBeta and R2 on small cases worked out by hand,
Keras's metric names, and class weights."""

import numpy as np
import pytest

import kerasish
from kerasish import metrics
from kerasish.utils import naming

Y_TRUE = np.array([1, 1, 1, 0, 0, 0], "float32")
Y_PRED = np.array([0.9, 0.6, 0.2, 0.7, 0.3, 0.1], "float32")


def _result(metric, *args, **kwargs):
    metric.update_state(*args, **kwargs)
    return np.asarray(metric.result())


def test_precision_and_recall_at_the_default_threshold():
    # Predicted positive (> 0.5): 0.9, 0.6 (true) and 0.7 (false).
    assert _result(metrics.Precision(), Y_TRUE, Y_PRED) == pytest.approx(2 / 3)
    assert _result(metrics.Recall(), Y_TRUE, Y_PRED) == pytest.approx(2 / 3)


def test_precision_with_thresholds_weights_top_k_and_class_id():
    by_threshold = _result(metrics.Precision(thresholds=[0.0, 0.65]), Y_TRUE, Y_PRED)
    np.testing.assert_allclose(by_threshold, [0.5, 0.5])
    weights = np.array([1, 1, 1, 3, 1, 1], "float32")
    assert _result(metrics.Precision(), Y_TRUE, Y_PRED, sample_weight=weights) == pytest.approx(2 / 5)
    y_true = np.array([[0, 1, 0], [1, 0, 0]], "float32")
    y_pred = np.array([[0.2, 0.55, 0.25], [0.1, 0.6, 0.3]], "float32")
    assert _result(metrics.Precision(top_k=1), y_true, y_pred) == pytest.approx(0.5)
    assert _result(metrics.Recall(class_id=0), y_true, y_pred) == pytest.approx(0.0)
    assert _result(metrics.Precision(class_id=1), y_true, y_pred) == pytest.approx(0.5)


def test_precision_is_zero_before_any_positive_and_accumulates():
    precision = metrics.Precision()
    assert float(precision.result()) == 0.0
    precision.update_state([1, 0], [0.9, 0.8])
    precision.update_state([1, 1], [0.9, 0.8])
    assert float(precision.result()) == pytest.approx(3 / 4)
    precision.reset_state()
    assert float(precision.result()) == 0.0


def test_auc_extremes_and_a_hand_computed_roc():
    assert _result(metrics.AUC(), [0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]) == pytest.approx(1.0)
    assert _result(metrics.AUC(), [1, 1, 0, 0], [0.1, 0.2, 0.8, 0.9]) == pytest.approx(0.0)
    # 9 positive/negative pairs, 6 ranked correctly: the exact ROC AUC is 6/9;
    # 200 thresholds separate every score here, so the trapezoids give it exactly.
    assert _result(metrics.AUC(), Y_TRUE, Y_PRED) == pytest.approx(6 / 9, abs=1e-6)


def test_auc_pr_and_from_logits():
    logits = np.log(Y_PRED / (1 - Y_PRED))
    assert _result(metrics.AUC(from_logits=True), Y_TRUE, logits) == pytest.approx(6 / 9, abs=1e-5)
    pr = _result(metrics.AUC(curve="PR"), [0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])
    assert pr == pytest.approx(1.0, abs=1e-6)


def test_auc_rejects_bad_arguments():
    with pytest.raises(ValueError, match='Invalid AUC curve value: "XY"'):
        metrics.AUC(curve="XY")
    with pytest.raises(ValueError, match="`num_thresholds` must be an integer > 1"):
        metrics.AUC(num_thresholds=1)
    with pytest.raises(ValueError, match=r"Threshold values must be in \[0, 1\]"):
        metrics.Precision(thresholds=[1.5])


def test_f1_and_fbeta_scores():
    y_true = np.array([[1, 0], [1, 0], [0, 1], [0, 1]], "float32")
    y_pred = np.array([[0.8, 0.2], [0.3, 0.7], [0.4, 0.6], [0.1, 0.9]], "float32")
    # Class 0: tp 1, fn 1, fp 0 -> F1 2/3; class 1: tp 2, fp 1 -> F1 0.8.
    np.testing.assert_allclose(_result(metrics.F1Score(), y_true, y_pred), [2 / 3, 0.8], rtol=1e-5)
    assert _result(metrics.F1Score(average="macro"), y_true, y_pred) == pytest.approx(
        (2 / 3 + 0.8) / 2, rel=1e-5)
    # beta = 2 on class 1: precision 2/3, recall 1 -> 5 * (2/3) / (4 * 2/3 + 1) = 10/11.
    fbeta = _result(metrics.FBetaScore(beta=2.0), y_true, y_pred)
    assert fbeta[1] == pytest.approx(10 / 11, rel=1e-5)
    with pytest.raises(ValueError, match="Invalid `beta` argument value. It should be a Python float"):
        metrics.FBetaScore(beta=2)
    with pytest.raises(ValueError, match="expects 2D inputs"):
        metrics.F1Score().update_state(np.ones(3), np.ones(3))


def test_r2_score():
    y_true = np.array([[1.0], [2.0], [3.0], [4.0]], "float32")
    y_pred = np.array([[1.5], [2.0], [2.5], [4.0]], "float32")
    # SS_res = 0.5, SS_tot = 5.
    assert _result(metrics.R2Score(), y_true, y_pred) == pytest.approx(0.9)
    adjusted = _result(metrics.R2Score(num_regressors=1), y_true, y_pred)
    assert adjusted == pytest.approx(1 - 0.1 * 3 / 2)
    with pytest.raises(ValueError, match="Invalid value for argument `class_aggregation`"):
        metrics.R2Score(class_aggregation="median")


def test_metric_names_follow_keras():
    naming.reset_uids()
    assert [metrics.Precision().name, metrics.Precision().name, metrics.AUC().name,
            metrics.F1Score().name, metrics.F1Score().name, metrics.R2Score().name] == [
        "precision", "precision_1", "auc", "f1_score", "f1_score", "r2_score"]
    assert isinstance(metrics.get("precision"), metrics.Precision)
    assert isinstance(metrics.get("auc"), metrics.AUC)


def test_history_uses_the_metric_names():
    naming.reset_uids()
    model = kerasish.Sequential([kerasish.Input((3,)), kerasish.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy",
                  metrics=[metrics.Precision(), metrics.Recall(), "auc", metrics.Precision()])
    x = np.random.default_rng(0).normal(size=(12, 3)).astype("float32")
    history = model.fit(x, np.arange(12) % 2, epochs=1, verbose=0)
    assert sorted(history.history) == ["auc", "loss", "precision", "precision_1", "recall"]


def test_class_weight_numbers_and_warnings():
    model = kerasish.Sequential([kerasish.Input((2,)), kerasish.layers.Dense(3, activation="softmax")])
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    x = np.ones((4, 2), "float32")
    y = np.array([0, 1, 2, 2])
    weighted = model.evaluate(x, y, sample_weight=np.array([2.0, 1.0, 1.0, 1.0]), verbose=0)
    plain = model.evaluate(x, y, verbose=0)
    assert weighted != pytest.approx(plain)
    with pytest.warns(UserWarning, match=r"no entry for classes \[2\]"):
        model.fit(x, y, class_weight={0: 2.0, 1: 1.0}, epochs=1, verbose=0)
    with pytest.raises(ValueError, match="keys to be integer class indices"):
        model.fit(x, y, class_weight={"cat": 2.0}, epochs=1, verbose=0)
    with pytest.raises(ValueError, match="You cannot `class_weight` and `sample_weight`"):
        model.fit(x, y, class_weight={0: 2.0}, sample_weight=np.ones(4), epochs=1, verbose=0)
    from kerasish.trainers.data_adapters.data_adapter_utils import class_weight_to_sample_weights

    one_hot = np.eye(3)[[0, 2, 1]]
    np.testing.assert_array_equal(
        class_weight_to_sample_weights(one_hot, {0: 0.5, 1: 2.0, 2: 3.0}), [0.5, 3.0, 2.0])
