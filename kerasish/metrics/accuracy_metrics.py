"""Accuracy metrics: per-sample 0/1 matches averaged by MeanMetricWrapper."""

import numpy as np

from kerasish.backend import config
from kerasish.losses.loss import check_broadcastable, squeeze_or_expand_to_same_rank
from kerasish.metrics.reduction_metrics import MeanMetricWrapper


def _floatx(x):
    return np.asarray(x).astype(config.floatx())


def accuracy(y_true, y_pred):
    """Whether each prediction equals its label exactly, as 1.0 or 0.0.

    Meant for predictions that already are labels (e.g. class indices); for
    scores or probabilities use `binary_accuracy` or `categorical_accuracy`.

    Args:
        y_true: the labels, an array.
        y_pred: the predicted labels, an array of the same shape (a trailing
            axis of size 1 on either side is squeezed away).

    Returns:
        A float32 array of 0.0 and 1.0, one entry per element.

    Raises:
        ValueError: when the shapes do not broadcast together.

    Examples:
        >>> keras.metrics.accuracy([1, 2, 3, 4], [0, 2, 3, 4])
        array([0., 1., 1., 1.], dtype=float32)
    """
    y_true, y_pred = squeeze_or_expand_to_same_rank(np.asarray(y_true), np.asarray(y_pred))
    check_broadcastable(y_true, y_pred, "y_true", "y_pred")
    return _floatx(np.equal(y_true, y_pred))


def binary_accuracy(y_true, y_pred, threshold=0.5):
    """Whether each thresholded probability matches its 0/1 label.

    A prediction counts as 1 when it is strictly greater than `threshold`.
    As in Keras, the result keeps the shape of the inputs (no averaging over
    the last axis).

    Args:
        y_true: the 0/1 labels.
        y_pred: the predicted probabilities, same shape as `y_true`.
        threshold: the cut between predicted 0 and 1. Defaults to 0.5.

    Returns:
        A float32 array of 0.0 and 1.0, the shape of the inputs.

    Raises:
        ValueError: when the shapes do not broadcast together.

    Examples:
        >>> keras.metrics.binary_accuracy([1, 1, 0, 0], [0.98, 0.4, 0.0, 0.6])
        array([1., 0., 1., 0.], dtype=float32)
    """
    y_pred = np.asarray(y_pred)
    y_true = np.asarray(y_true).astype(y_pred.dtype)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    check_broadcastable(y_true, y_pred, "y_true", "y_pred")
    predicted = (y_pred > threshold).astype(y_true.dtype)
    return _floatx(np.equal(y_true, predicted))


def categorical_accuracy(y_true, y_pred):
    """Whether the highest-scoring class is the one-hot label's class.

    Args:
        y_true: one-hot labels, shape `(..., num_classes)`.
        y_pred: class scores or probabilities, same shape.

    Returns:
        A float32 array of 0.0 and 1.0, the shape of `y_true` without its
        last axis.

    Examples:
        >>> keras.metrics.categorical_accuracy(
        ...     [[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0.0]])
        array([0., 1.], dtype=float32)
    """
    # Written out rather than through sparse_categorical_accuracy: fit runs it
    # on every batch, and the detour costs more than the two argmaxes.
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    return _floatx(np.equal(y_true.argmax(axis=-1), y_pred.argmax(axis=-1)))


def sparse_categorical_accuracy(y_true, y_pred):
    """Whether the highest-scoring class is the integer label.

    Args:
        y_true: integer class labels, shape `(...)` or `(..., 1)`.
        y_pred: class scores or probabilities, shape `(..., num_classes)`.

    Returns:
        A float32 array of 0.0 and 1.0, one entry per label.

    Examples:
        >>> keras.metrics.sparse_categorical_accuracy(
        ...     [2, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0.0]])
        array([0., 1.], dtype=float32)
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.ndim == y_pred.ndim and y_true.shape[-1] == 1:
        y_true = y_true[..., 0]
    predicted = np.argmax(y_pred, axis=-1)
    return _floatx(np.equal(y_true.astype(predicted.dtype), predicted))


def sparse_top_k_categorical_accuracy(y_true, y_pred, k=5, from_sorted_ids=False):
    """Whether the integer label is among the `k` highest-scoring classes.

    As in Keras (`tf.math.in_top_k`), the label is a hit when fewer than
    `k` classes score strictly higher than it, so ties count in its favour.

    Args:
        y_true: integer class labels, shape `(...)` or `(..., 1)`.
        y_pred: class scores, shape `(..., num_classes)`; or, with
            `from_sorted_ids=True`, class ids sorted from best to worst.
        k: how many top classes count as a hit. Defaults to 5.
        from_sorted_ids: whether `y_pred` holds sorted class ids rather than
            scores; then the label must be among the first `k` ids.
            Defaults to False.

    Returns:
        A float32 array of 0.0 and 1.0, one entry per label.

    Examples:
        >>> keras.metrics.sparse_top_k_categorical_accuracy(
        ...     [2, 0], [[0.1, 0.9, 0.8], [0.05, 0.95, 0.0]], k=2)
        array([1., 1.], dtype=float32)
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    # As Keras, the answer takes the labels' own shape: (n, 1) labels give (n, 1).
    labels_shape = y_true.shape
    if y_true.ndim == y_pred.ndim and y_true.shape[-1] == 1:
        y_true = y_true[..., 0]
    y_true = y_true.astype(np.int64)
    if from_sorted_ids:
        hits = np.any(y_pred[..., :k] == y_true[..., None], axis=-1)
    else:
        # Like tf.math.in_top_k: a class is in the top k if fewer than k classes score higher.
        target_score = np.take_along_axis(y_pred, y_true[..., None], axis=-1)
        hits = np.sum(y_pred > target_score, axis=-1) < k
    return _floatx(hits.reshape(labels_shape))


def top_k_categorical_accuracy(y_true, y_pred, k=5):
    """Whether the one-hot label's class is among the `k` highest scores.

    Args:
        y_true: one-hot labels, shape `(..., num_classes)`.
        y_pred: class scores, same shape.
        k: how many top classes count as a hit. Defaults to 5.

    Returns:
        A float32 array of 0.0 and 1.0, the shape of `y_true` without its
        last axis.

    Examples:
        >>> keras.metrics.top_k_categorical_accuracy(
        ...     [[0, 0, 1], [1, 0, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0.3]], k=2)
        array([1., 0.], dtype=float32)
    """
    return sparse_top_k_categorical_accuracy(np.argmax(y_true, axis=-1), y_pred, k=k)


class Accuracy(MeanMetricWrapper):
    """How often predictions equal their labels exactly, over all batches.

    The mean of `keras.metrics.accuracy`: for predictions that are labels.
    A model compiled with `metrics=["accuracy"]` instead gets the accuracy
    that fits its labels and outputs (binary, categorical or sparse
    categorical), as in Keras.

    Args:
        name: name of the metric. Defaults to "accuracy".
        dtype: dtype of the result. Defaults to "float32".

    Examples:
        >>> metric = keras.metrics.Accuracy()
        >>> metric.update_state([1, 2, 3, 4], [0, 2, 3, 4])
        >>> float(metric.result())
        0.75
    """

    def __init__(self, name="accuracy", dtype=None):
        super().__init__(accuracy, name=name, dtype=dtype)


class BinaryAccuracy(MeanMetricWrapper):
    """How often thresholded probabilities match 0/1 labels, over all batches.

    The mean of `keras.metrics.binary_accuracy`: a prediction counts as 1
    when it is greater than `threshold`.

    Args:
        name: name of the metric. Defaults to "binary_accuracy".
        dtype: dtype of the result. Defaults to "float32".
        threshold: the cut between predicted 0 and 1. Defaults to 0.5.

    Examples:
        >>> metric = keras.metrics.BinaryAccuracy()
        >>> metric.update_state([[1], [1], [0], [0]], [[0.98], [0.4], [0.0], [0.6]])
        >>> float(metric.result())
        0.5
    """

    def __init__(self, name="binary_accuracy", dtype=None, threshold=0.5):
        super().__init__(binary_accuracy, name=name, dtype=dtype, threshold=threshold)


class CategoricalAccuracy(MeanMetricWrapper):
    """How often the top-scoring class is the one-hot label, over all batches.

    The mean of `keras.metrics.categorical_accuracy`.

    Args:
        name: name of the metric. Defaults to "categorical_accuracy".
        dtype: dtype of the result. Defaults to "float32".

    Examples:
        >>> metric = keras.metrics.CategoricalAccuracy()
        >>> metric.update_state([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0.0]])
        >>> float(metric.result())
        0.5
    """

    def __init__(self, name="categorical_accuracy", dtype=None):
        super().__init__(categorical_accuracy, name=name, dtype=dtype)


class SparseCategoricalAccuracy(MeanMetricWrapper):
    """How often the top-scoring class is the integer label, over all batches.

    The mean of `keras.metrics.sparse_categorical_accuracy`.

    Args:
        name: name of the metric. Defaults to "sparse_categorical_accuracy".
        dtype: dtype of the result. Defaults to "float32".

    Examples:
        >>> metric = keras.metrics.SparseCategoricalAccuracy()
        >>> metric.update_state([2, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0.0]])
        >>> float(metric.result())
        0.5
    """

    def __init__(self, name="sparse_categorical_accuracy", dtype=None):
        super().__init__(sparse_categorical_accuracy, name=name, dtype=dtype)


class TopKCategoricalAccuracy(MeanMetricWrapper):
    """How often the one-hot label is among the `k` top scores, over all batches.

    The mean of `keras.metrics.top_k_categorical_accuracy`.

    Args:
        k: how many top classes count as a hit. Defaults to 5.
        name: name of the metric. Defaults to "top_k_categorical_accuracy".
        dtype: dtype of the result. Defaults to "float32".

    Examples:
        >>> metric = keras.metrics.TopKCategoricalAccuracy(k=2)
        >>> metric.update_state([[0, 0, 1], [1, 0, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0.3]])
        >>> float(metric.result())
        0.5
    """

    def __init__(self, k=5, name="top_k_categorical_accuracy", dtype=None):
        super().__init__(top_k_categorical_accuracy, name=name, dtype=dtype, k=k)


class SparseTopKCategoricalAccuracy(MeanMetricWrapper):
    """How often the integer label is among the `k` top scores, over all batches.

    The mean of `keras.metrics.sparse_top_k_categorical_accuracy`.

    Args:
        k: how many top classes count as a hit. Defaults to 5.
        name: name of the metric. Defaults to
            "sparse_top_k_categorical_accuracy".
        dtype: dtype of the result. Defaults to "float32".
        from_sorted_ids: whether predictions are class ids sorted from best
            to worst rather than scores. Defaults to False.

    Examples:
        >>> metric = keras.metrics.SparseTopKCategoricalAccuracy(k=2)
        >>> metric.update_state([2, 1], [[0.1, 0.9, 0.8], [0.5, 0.3, 0.2]])
        >>> float(metric.result())
        1.0
    """

    def __init__(self, k=5, name="sparse_top_k_categorical_accuracy", dtype=None,
                 from_sorted_ids=False):
        super().__init__(sparse_top_k_categorical_accuracy, name=name, dtype=dtype, k=k,
                         from_sorted_ids=from_sorted_ids)


# Higher is better: callbacks in mode="auto" (EarlyStopping, ...) maximise these.
for _cls in (Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy,
             TopKCategoricalAccuracy, SparseTopKCategoricalAccuracy):
    _cls._direction = "up"
