"""Accuracy metrics: per-sample 0/1 matches averaged by MeanMetricWrapper."""

import numpy as np

from kerasish.backend import config
from kerasish.losses.loss import check_broadcastable, squeeze_or_expand_to_same_rank
from kerasish.metrics.reduction_metrics import MeanMetricWrapper


def _floatx(x):
    return np.asarray(x).astype(config.floatx())


def accuracy(y_true, y_pred):
    y_true, y_pred = squeeze_or_expand_to_same_rank(np.asarray(y_true), np.asarray(y_pred))
    check_broadcastable(y_true, y_pred, "y_true", "y_pred")
    return _floatx(np.equal(y_true, y_pred))


def binary_accuracy(y_true, y_pred, threshold=0.5):
    y_pred = np.asarray(y_pred)
    y_true = np.asarray(y_true).astype(y_pred.dtype)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    check_broadcastable(y_true, y_pred, "y_true", "y_pred")
    predicted = (y_pred > threshold).astype(y_true.dtype)
    return _floatx(np.equal(y_true, predicted))


def categorical_accuracy(y_true, y_pred):
    # Written out rather than through sparse_categorical_accuracy: fit runs it
    # on every batch, and the detour costs more than the two argmaxes.
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    return _floatx(np.equal(y_true.argmax(axis=-1), y_pred.argmax(axis=-1)))


def sparse_categorical_accuracy(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.ndim == y_pred.ndim and y_true.shape[-1] == 1:
        y_true = y_true[..., 0]
    predicted = np.argmax(y_pred, axis=-1)
    return _floatx(np.equal(y_true.astype(predicted.dtype), predicted))


def sparse_top_k_categorical_accuracy(y_true, y_pred, k=5, from_sorted_ids=False):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.ndim == y_pred.ndim and y_true.shape[-1] == 1:
        y_true = y_true[..., 0]
    y_true = y_true.astype(np.int64)
    if from_sorted_ids:
        return _floatx(np.any(y_pred[..., :k] == y_true[..., None], axis=-1))
    # Like tf.math.in_top_k: a class is in the top k if fewer than k classes score higher.
    target_score = np.take_along_axis(y_pred, y_true[..., None], axis=-1)
    higher = np.sum(y_pred > target_score, axis=-1)
    return _floatx(higher < k)


def top_k_categorical_accuracy(y_true, y_pred, k=5):
    return sparse_top_k_categorical_accuracy(np.argmax(y_true, axis=-1), y_pred, k=k)


class Accuracy(MeanMetricWrapper):
    def __init__(self, name="accuracy", dtype=None):
        super().__init__(accuracy, name=name, dtype=dtype)


class BinaryAccuracy(MeanMetricWrapper):
    def __init__(self, name="binary_accuracy", dtype=None, threshold=0.5):
        super().__init__(binary_accuracy, name=name, dtype=dtype, threshold=threshold)


class CategoricalAccuracy(MeanMetricWrapper):
    def __init__(self, name="categorical_accuracy", dtype=None):
        super().__init__(categorical_accuracy, name=name, dtype=dtype)


class SparseCategoricalAccuracy(MeanMetricWrapper):
    def __init__(self, name="sparse_categorical_accuracy", dtype=None):
        super().__init__(sparse_categorical_accuracy, name=name, dtype=dtype)


class TopKCategoricalAccuracy(MeanMetricWrapper):
    def __init__(self, k=5, name="top_k_categorical_accuracy", dtype=None):
        super().__init__(top_k_categorical_accuracy, name=name, dtype=dtype, k=k)


class SparseTopKCategoricalAccuracy(MeanMetricWrapper):
    def __init__(self, k=5, name="sparse_top_k_categorical_accuracy", dtype=None,
                 from_sorted_ids=False):
        super().__init__(sparse_top_k_categorical_accuracy, name=name, dtype=dtype, k=k,
                         from_sorted_ids=from_sorted_ids)


# Higher is better: callbacks in mode="auto" (EarlyStopping, ...) maximise these.
for _cls in (Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy,
             TopKCategoricalAccuracy, SparseTopKCategoricalAccuracy):
    _cls._direction = "up"
