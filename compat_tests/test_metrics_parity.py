"""Every metric in `kerasish.metrics` against `keras.metrics`: stateful
update_state/result/reset_state over several batches, with and without
sample weights; names, configs and string resolution (`metrics.get`).

A new metric gets covered by one MetricCase in METRICS: the class name, the
constructor arguments and a batch generator `rng -> args of update_state`.
"""

import re
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import REDUCTION, assert_close, real_keras, uniform

N = 6  # samples per batch; the first batch has a single sample


def _values(rng, n):
    return (uniform(rng, (n, 3)),)


def _regression(rng, n):
    return uniform(rng, (n, 3)), uniform(rng, (n, 3))


def _positive_regression(rng, n):
    return uniform(rng, (n, 3), 0.1, 3), uniform(rng, (n, 3), 0.1, 3)


def _labels_equal_or_not(rng, n):
    y = rng.integers(0, 3, (n, 1)).astype(np.float32)
    return y, np.where(rng.random((n, 1)) < 0.6, y, (y + 1) % 3)


def _binary(rng, n):
    return (rng.random((n, 1)) < 0.5).astype(np.float32), rng.random((n, 1)).astype(np.float32)


def _categorical(rng, n):
    return np.eye(5, dtype=np.float32)[rng.integers(0, 5, n)], rng.random((n, 5)).astype(np.float32)


def _sparse(rng, n):
    return rng.integers(0, 5, n).astype(np.float32), rng.random((n, 5)).astype(np.float32)


def _sparse_column(rng, n):
    return rng.integers(0, 5, (n, 1)).astype(np.int32), rng.random((n, 5)).astype(np.float32)


def _binary_multilabel(rng, n):
    return (rng.random((n, 3)) < 0.5).astype(np.float32), rng.random((n, 3)).astype(np.float32)


def _distributions(rng, n):
    return (rng.dirichlet(np.ones(4), size=n).astype(np.float32),
            rng.dirichlet(np.ones(4), size=n).astype(np.float32))


def _hinge(rng, n):
    return np.where(rng.random((n, 3)) < 0.5, -1.0, 1.0).astype(np.float32), uniform(rng, (n, 3), -2, 2)


def _class_ids(rng, n):
    return rng.integers(0, 4, (n, 5)).astype(np.int32), rng.integers(0, 4, (n, 5)).astype(np.int32)


def _one_hot_and_scores(rng, n):
    return (np.eye(4, dtype=np.float32)[rng.integers(0, 4, (n, 3))],
            rng.random((n, 3, 4)).astype(np.float32))


def _masks_and_scores(rng, n):
    return (rng.random((n, 4)) < 0.5).astype(np.int32), rng.random((n, 4)).astype(np.float32)


@dataclass
class MetricCase:
    cls: str
    make: Callable
    kwargs: dict = field(default_factory=dict)


METRICS = [
    MetricCase("Mean", _values),
    MetricCase("Sum", _values),
    MetricCase("Accuracy", _labels_equal_or_not),
    MetricCase("BinaryAccuracy", _binary),
    MetricCase("BinaryAccuracy", _binary, {"threshold": 0.3}),
    MetricCase("CategoricalAccuracy", _categorical),
    MetricCase("SparseCategoricalAccuracy", _sparse),
    MetricCase("SparseCategoricalAccuracy", _sparse_column),
    MetricCase("TopKCategoricalAccuracy", _categorical, {"k": 2}),
    MetricCase("SparseTopKCategoricalAccuracy", _sparse, {"k": 3}),
    MetricCase("SparseTopKCategoricalAccuracy", _sparse_column),
    MetricCase("MeanSquaredError", _regression),
    MetricCase("MeanAbsoluteError", _regression),
    MetricCase("MeanAbsolutePercentageError", _positive_regression),
    MetricCase("MeanSquaredLogarithmicError", _positive_regression),
    MetricCase("RootMeanSquaredError", _regression),
    MetricCase("LogCoshError", _regression),
    MetricCase("BinaryCrossentropy", _binary_multilabel),
    MetricCase("BinaryCrossentropy", _binary_multilabel, {"label_smoothing": 0.1}),
    MetricCase("CategoricalCrossentropy", _categorical),
    MetricCase("CategoricalCrossentropy", _categorical, {"from_logits": True, "label_smoothing": 0.2}),
    MetricCase("SparseCategoricalCrossentropy", _sparse),
    MetricCase("SparseCategoricalCrossentropy", _sparse_column, {"from_logits": True}),
    MetricCase("KLDivergence", _distributions),
    MetricCase("Poisson", _positive_regression),
    MetricCase("Hinge", _hinge),
    MetricCase("SquaredHinge", _hinge),
    MetricCase("CategoricalHinge", _categorical),
    MetricCase("CosineSimilarity", _regression),
    MetricCase("PearsonCorrelation", _regression),
    MetricCase("ConcordanceCorrelation", _regression),
    MetricCase("TruePositives", _binary_multilabel),
    MetricCase("FalsePositives", _binary_multilabel, {"thresholds": [0.2, 0.7]}),
    MetricCase("TrueNegatives", _binary_multilabel),
    MetricCase("FalseNegatives", _binary_multilabel, {"thresholds": 0.3}),
    MetricCase("SensitivityAtSpecificity", _binary_multilabel, {"specificity": 0.6}),
    MetricCase("SpecificityAtSensitivity", _binary_multilabel, {"sensitivity": 0.4,
                                                                "num_thresholds": 20}),
    MetricCase("PrecisionAtRecall", _binary_multilabel, {"recall": 0.7, "class_id": 1}),
    MetricCase("RecallAtPrecision", _binary_multilabel, {"precision": 0.5}),
    MetricCase("IoU", _class_ids, {"num_classes": 4, "target_class_ids": [0, 3]}),
    MetricCase("IoU", _class_ids, {"num_classes": 4, "target_class_ids": [1], "ignore_class": 2,
                                   "dtype": "float32"}),
    MetricCase("MeanIoU", _class_ids, {"num_classes": 4}),
    MetricCase("BinaryIoU", _masks_and_scores),
    MetricCase("BinaryIoU", _masks_and_scores, {"target_class_ids": [1], "threshold": 0.3}),
    MetricCase("OneHotIoU", _one_hot_and_scores, {"num_classes": 4, "target_class_ids": [0, 2]}),
    MetricCase("OneHotMeanIoU", _one_hot_and_scores, {"num_classes": 4}),
]

CASES = [pytest.param(c, id=f"{c.cls}[{c.make.__name__.strip('_')}]{c.kwargs or ''}") for c in METRICS]


def _metric_classes():
    return sorted(
        name for name in dir(kerasish.metrics)  # dir(): the namespace loads its names lazily
        if isinstance(obj := getattr(kerasish.metrics, name), type)
        and issubclass(obj, kerasish.metrics.Metric)
        and name not in ("Metric", "MeanMetricWrapper")
    )


def test_every_metric_has_a_case():
    from compat_tests.test_toolkit_metrics_parity import BINARY, MULTICLASS

    covered = {c.cls for c in METRICS}
    covered |= {type(make(kerasish)).__name__ for make in {**BINARY, **MULTICLASS}.values()}
    missing = [n for n in _metric_classes() if n not in covered]
    assert not missing, f"add MetricCases to METRICS in {__file__}: {missing}"


def _weights(rng, n, kind):
    if kind == "none":
        return None
    if kind == "column":
        return rng.uniform(0, 2, (n, 1)).astype(np.float32)
    return rng.uniform(0, 2, n).astype(np.float32)


# IoU metrics take weights shaped like the labels (one per pixel), not one
# per sample; test_iou_with_pixel_weights_matches_keras covers them.
PIXEL_WEIGHTED = {"IoU", "MeanIoU", "BinaryIoU", "OneHotIoU", "OneHotMeanIoU"}


@pytest.mark.parametrize("weighting", ["none", "per_sample", "column"])
@pytest.mark.parametrize("case", CASES)
def test_metric_state_matches_keras_over_batches(case, weighting):
    if case.cls in PIXEL_WEIGHTED and weighting != "none":
        return
    rng = np.random.default_rng(len(case.cls))
    ours = getattr(kerasish.metrics, case.cls)(**case.kwargs)
    theirs = getattr(real_keras().metrics, case.cls)(**case.kwargs)
    assert ours.name == theirs.name
    for step, n in enumerate([1, N, N, 0, N]):
        if step == 3:  # reset between batches, like the start of an epoch
            ours.reset_state(), theirs.reset_state()
            assert_close(ours.result(), theirs.result(), REDUCTION, f"{case.cls} after reset")
            continue
        args = case.make(rng, n)
        weight = _weights(rng, n, weighting)
        kwargs = {} if weight is None else {"sample_weight": weight}
        ours.update_state(*args, **kwargs)
        theirs.update_state(*args, **kwargs)
        result = ours.result()
        assert np.asarray(result).dtype == np.float32, f"{case.cls} result dtype"
        assert_close(result, theirs.result(), REDUCTION, f"{case.cls} after batch {step}")
    assert [tuple(v.shape) for v in ours.variables] == [tuple(v.shape) for v in theirs.variables]


# Keras 3.15 leaves this constructor argument out of get_config; kerasish
# keeps every constructor argument, and Keras's from_config accepts it.
KERAS_DROPS_FROM_CONFIG = {"SparseTopKCategoricalAccuracy": {"from_sorted_ids"}}


@pytest.mark.parametrize("case", CASES)
def test_metric_config_matches_keras(case):
    keras = real_keras()
    ours = getattr(kerasish.metrics, case.cls)(**case.kwargs)
    theirs = getattr(keras.metrics, case.cls)(**case.kwargs)
    our_config, their_config = ours.get_config(), theirs.get_config()
    assert set(our_config) - set(their_config) == KERAS_DROPS_FROM_CONFIG.get(case.cls, set())
    assert {k: our_config[k] for k in their_config} == their_config
    assert getattr(keras.metrics, case.cls).from_config(our_config).get_config() == their_config


# Names Keras resolves to a metric class kerasish does not have yet; ours
# gives the per-sample function, which MeanMetricWrapper averages to the same
# numbers under the same name.
MISSING_CLASSES = set()


def test_metric_names_resolve_like_keras():
    keras = real_keras()
    for name in kerasish.metrics.ALL_OBJECTS_DICT:
        if name in MISSING_CLASSES:
            continue
        try:
            keras.metrics.get(name)
        except TypeError:  # a class with required arguments: neither library can build it
            with pytest.raises(TypeError):
                kerasish.metrics.get(name)
            continue
        ours, theirs = kerasish.metrics.get(name), keras.metrics.get(name)
        assert type(ours).__name__ == type(theirs).__name__, name
        if isinstance(theirs, keras.metrics.Metric):
            # Auto names count instances (auc, auc_1, ...) in each library;
            # the counters differ, the base names must not. (Clearing Keras's
            # session per name instead costs ~0.3 s each.)
            assert _base_name(ours.name) == _base_name(theirs.name), name
        else:
            assert ours.__name__ == theirs.__name__, name


def _base_name(name):
    return re.sub(r"_\d+$", "", name)


@pytest.mark.parametrize("case", [c for c in CASES if c.values[0].cls in PIXEL_WEIGHTED])
def test_iou_with_pixel_weights_matches_keras(case):
    rng = np.random.default_rng(3)
    ours = getattr(kerasish.metrics, case.cls)(**case.kwargs)
    theirs = getattr(real_keras().metrics, case.cls)(**case.kwargs)
    for n in (2, N):
        y_true, y_pred = case.make(rng, n)
        label_shape = y_true.shape if case.cls not in ("OneHotIoU", "OneHotMeanIoU") \
            else y_true.shape[:-1]
        weight = rng.integers(0, 3, label_shape).astype(np.float32)
        ours.update_state(y_true, y_pred, sample_weight=weight)
        theirs.update_state(y_true, y_pred, sample_weight=weight)
        assert_close(ours.result(), theirs.result(), REDUCTION, f"{case.cls} with pixel weights")
