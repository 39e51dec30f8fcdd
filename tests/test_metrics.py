"""Every metric against NumPy, statefully over several uneven batches."""

import numpy as np
import pytest

from kerasish import metrics, ops

EPS = 1e-7
RTOL = 1e-5  # metrics accumulate in float32; references are float64

rng = np.random.default_rng(7)
BATCH_SIZES = (3, 5, 2)
N = sum(BATCH_SIZES)
WEIGHTS = rng.uniform(0, 2, size=N)
REGRESSION_TRUE = rng.uniform(0.1, 2, size=(N, 3))
REGRESSION_PRED = rng.uniform(0.1, 2, size=(N, 3))
LABELS = rng.integers(0, 4, size=N)
ONE_HOT = np.eye(4)[LABELS]
SCORES = rng.normal(size=(N, 4))
BINARY_TRUE = rng.integers(0, 2, size=(N, 1)).astype(float)
BINARY_PRED = rng.uniform(0, 1, size=(N, 1))


def top_k_hits(labels, scores, k):
    target = scores[np.arange(len(labels)), labels]
    return ((scores > target[:, None]).sum(axis=-1) < k).astype(float)


# metric factory, y_true, y_pred, per-sample reference values
CASES = {
    "accuracy": (metrics.Accuracy, LABELS, np.where(SCORES[:, 0] > 0, LABELS, (LABELS + 1) % 4),
                 lambda t, p: (t == p).astype(float)),
    "binary_accuracy": (metrics.BinaryAccuracy, BINARY_TRUE, BINARY_PRED,
                        lambda t, p: ((p > 0.5) == t).astype(float)[:, 0]),
    "binary_accuracy_threshold": (lambda: metrics.BinaryAccuracy(threshold=0.7), BINARY_TRUE,
                                  BINARY_PRED, lambda t, p: ((p > 0.7) == t).astype(float)[:, 0]),
    "categorical_accuracy": (metrics.CategoricalAccuracy, ONE_HOT, SCORES,
                             lambda t, p: (t.argmax(-1) == p.argmax(-1)).astype(float)),
    "sparse_categorical_accuracy": (metrics.SparseCategoricalAccuracy, LABELS, SCORES,
                                    lambda t, p: (t == p.argmax(-1)).astype(float)),
    "top_k_categorical_accuracy": (lambda: metrics.TopKCategoricalAccuracy(k=2), ONE_HOT, SCORES,
                                   lambda t, p: top_k_hits(t.argmax(-1), p, 2)),
    "sparse_top_k_categorical_accuracy": (lambda: metrics.SparseTopKCategoricalAccuracy(k=2),
                                          LABELS, SCORES, lambda t, p: top_k_hits(t, p, 2)),
    "mean_squared_error": (metrics.MeanSquaredError, REGRESSION_TRUE, REGRESSION_PRED,
                           lambda t, p: ((t - p) ** 2).mean(-1)),
    "mean_absolute_error": (metrics.MeanAbsoluteError, REGRESSION_TRUE, REGRESSION_PRED,
                            lambda t, p: np.abs(t - p).mean(-1)),
    "mean_absolute_percentage_error": (
        metrics.MeanAbsolutePercentageError, REGRESSION_TRUE, REGRESSION_PRED,
        lambda t, p: 100 * (np.abs(t - p) / np.abs(t)).mean(-1)),
    "mean_squared_logarithmic_error": (
        metrics.MeanSquaredLogarithmicError, REGRESSION_TRUE, REGRESSION_PRED,
        lambda t, p: ((np.log1p(p) - np.log1p(t)) ** 2).mean(-1)),
    "logcosh": (metrics.LogCoshError, REGRESSION_TRUE, REGRESSION_PRED,
                lambda t, p: np.log(np.cosh(p - t)).mean(-1)),
}


def batches(*arrays):
    start = 0
    for size in BATCH_SIZES:
        yield [a[start:start + size] for a in arrays]
        start += size


@pytest.mark.parametrize("name", sorted(CASES))
def test_stateful_metric_over_uneven_batches(name):
    factory, y_true, y_pred, reference = CASES[name]
    per_sample = reference(y_true, y_pred)
    metric = factory()
    assert float(metric.result()) == 0.0
    seen = 0
    for t, p in batches(y_true, y_pred):
        metric.update_state(t, p)
        seen += len(t)
        np.testing.assert_allclose(metric.result(), per_sample[:seen].mean(), rtol=RTOL)
    assert np.asarray(metric.result()).dtype == np.float32
    metric.reset_state()
    assert float(metric.result()) == 0.0
    for t, p, w in batches(y_true, y_pred, WEIGHTS):
        metric.update_state(t, p, sample_weight=w)
    np.testing.assert_allclose(metric.result(), (per_sample * WEIGHTS).sum() / WEIGHTS.sum(),
                               rtol=RTOL)


def test_root_mean_squared_error():
    metric = metrics.RootMeanSquaredError()
    assert metric.name == "root_mean_squared_error"
    for t, p, w in batches(REGRESSION_TRUE, REGRESSION_PRED, WEIGHTS):
        metric.update_state(t, p, sample_weight=w)
    per_sample = ((REGRESSION_TRUE - REGRESSION_PRED) ** 2).mean(-1)
    np.testing.assert_allclose(metric.result(), np.sqrt((per_sample * WEIGHTS).sum() / WEIGHTS.sum()),
                               rtol=RTOL)


def test_mean_over_batches_with_weights_and_reset():
    metric = metrics.Mean()
    metric.update_state([1.0, 3.0, 5.0, 7.0])
    np.testing.assert_allclose(metric.result(), 4.0)
    metric.update_state([[2.0, 4.0], [6.0, 8.0]])  # rows are averaged first: 3 and 7
    np.testing.assert_allclose(metric.result(), (16 + 10) / 6)
    metric.reset_state()
    metric.update_state([1.0, 3.0, 5.0, 7.0], sample_weight=[1, 1, 0, 0])
    np.testing.assert_allclose(metric.result(), 2.0)
    metric.update_state(10.0)
    np.testing.assert_allclose(metric.result(), 14.0 / 3)


def test_sum_metric():
    metric = metrics.Sum()
    metric.update_state([1.0, 3.0, 5.0, 7.0])
    np.testing.assert_allclose(metric.result(), 16.0)
    metric.reset_state()
    metric.update_state([1.0, 3.0, 5.0, 7.0], sample_weight=[1, 1, 0, 0])
    np.testing.assert_allclose(metric.result(), 4.0)


def test_sum_metric_adds_every_element_of_higher_rank_values():
    # Keras reduces the inner axes of each sample with a sum for Sum (and a
    # mean only for Mean).
    metric = metrics.Sum()
    metric.update_state([[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_allclose(metric.result(), 10.0)
    metric.reset_state()
    metric.update_state([[1.0, 2.0], [3.0, 4.0]], sample_weight=[2.0, 0.5])
    np.testing.assert_allclose(metric.result(), 2 * 3 + 0.5 * 7)


def test_metric_call_updates_and_returns_the_result():
    metric = metrics.MeanAbsoluteError()
    np.testing.assert_allclose(metric([[1.0, 2.0]], [[2.0, 2.0]]), 0.5)
    np.testing.assert_allclose(metric([[0.0, 0.0]], [[0.0, 0.0]]), 0.25)


def test_binary_accuracy_function_keeps_elementwise_shape():
    y_true = np.array([[1.0, 0.0, 1.0], [0.0, 0.0, 1.0]])
    y_pred = np.array([[0.9, 0.2, 0.4], [0.6, 0.1, 0.8]])
    values = metrics.binary_accuracy(y_true, y_pred)
    np.testing.assert_array_equal(values, [[1, 1, 0], [0, 1, 1]])
    metric = metrics.BinaryAccuracy()
    metric.update_state(y_true, y_pred, sample_weight=[1.0, 3.0])
    np.testing.assert_allclose(metric.result(), (2 / 3 + 3 * 2 / 3) / 4, rtol=RTOL)


def test_accuracy_functions_per_sample():
    np.testing.assert_array_equal(
        metrics.sparse_categorical_accuracy(np.array([[1], [0]]), np.array([[0.1, 0.9], [0.2, 0.8]])),
        [1.0, 0.0],
    )
    np.testing.assert_array_equal(
        metrics.categorical_accuracy(np.array([[0, 1], [1, 0]]), np.array([[0.1, 0.9], [0.2, 0.8]])),
        [1.0, 0.0],
    )


def test_accuracy_from_a_softmax_tensor():
    probs = ops.softmax(np.array([[2.0, 1.0, 0.0], [0.0, 1.0, 3.0]], dtype="float32"))
    metric = metrics.SparseCategoricalAccuracy()
    metric.update_state(np.array([0, 1]), probs)
    np.testing.assert_allclose(metric.result(), 0.5)


@pytest.mark.parametrize(
    "cls, name",
    [(metrics.Accuracy, "accuracy"), (metrics.BinaryAccuracy, "binary_accuracy"),
     (metrics.CategoricalAccuracy, "categorical_accuracy"),
     (metrics.SparseCategoricalAccuracy, "sparse_categorical_accuracy"),
     (metrics.TopKCategoricalAccuracy, "top_k_categorical_accuracy"),
     (metrics.SparseTopKCategoricalAccuracy, "sparse_top_k_categorical_accuracy"),
     (metrics.Mean, "mean"), (metrics.Sum, "sum"), (metrics.MeanSquaredError, "mean_squared_error"),
     (metrics.MeanAbsoluteError, "mean_absolute_error"),
     (metrics.RootMeanSquaredError, "root_mean_squared_error"), (metrics.LogCoshError, "logcosh")],
)
def test_default_names_and_config_round_trip(cls, name):
    metric = cls()
    assert metric.name == name
    config = metric.get_config()
    clone = cls.from_config(config)
    assert clone.get_config() == config and clone.name == name


def test_get_resolves_names_and_rejects_unknown_ones():
    assert isinstance(metrics.get("CategoricalAccuracy"), metrics.CategoricalAccuracy)
    # Like Keras, metric names resolve to metric classes.
    assert isinstance(metrics.get("mse"), metrics.MeanSquaredError)
    with pytest.raises(ValueError, match="Could not interpret metric identifier: accurcy"):
        metrics.get("accurcy")


def test_add_weight_takes_keras_signature():
    # Keras's Metric.add_weight(shape=(), initializer=None, dtype=None, name=None).
    metric = metrics.Metric()
    total = metric.add_weight(initializer="ones", name="total")
    counts = metric.add_weight((3,), "zeros", "int32", "counts")
    assert total.shape == () and float(total.numpy()) == 1.0
    assert counts.shape == (3,) and counts.numpy().dtype == np.int32
    assert metric.variables == [total, counts]


@pytest.mark.parametrize("make, message", [
    (lambda: metrics.SensitivityAtSpecificity(1.5), "Argument `specificity` must be in the range"),
    (lambda: metrics.PrecisionAtRecall(0.5, num_thresholds=0), "`num_thresholds` must be an integer"),
    (lambda: metrics.RecallAtPrecision(-0.1), "Argument `precision` must be in the range"),
    (lambda: metrics.TruePositives(thresholds=1.5), r"Threshold values must be in \[0, 1\]"),
    (lambda: metrics.IoU(num_classes=2, target_class_ids=[2]), "Target class id 2 is out of range"),
])
def test_new_metrics_refuse_bad_arguments(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_confusion_counts_accumulate_and_reset():
    metric = metrics.FalseNegatives(thresholds=[0.3, 0.6])
    metric.update_state([1, 1, 0], [0.2, 0.5, 0.9])
    metric.update_state([1], [0.1])
    np.testing.assert_array_equal(np.asarray(metric.result()), [2.0, 3.0])
    metric.reset_state()
    np.testing.assert_array_equal(np.asarray(metric.result()), [0.0, 0.0])


def test_mean_iou_ignores_absent_classes_and_the_ignored_class():
    metric = metrics.MeanIoU(num_classes=3, ignore_class=1)
    metric.update_state([0, 0, 1, 1], [0, 1, 1, 0])
    # Class 0: tp 1, fp 0 (the ignored pixels do not count), fn 1 -> 0.5; class 1: fp 1 -> 0;
    # class 2 never appears.
    assert abs(float(metric.result()) - 0.25) < 1e-6
