"""Intersection-over-union metrics for segmentation, from a confusion matrix
accumulated over all batches."""

import warnings

import numpy as np

from kerasish import ops
from kerasish.backend import config
from kerasish.metrics.metric import Metric


def _flat(x):
    return np.asarray(ops.convert_to_numpy(x)).reshape(-1)


class _IoUBase(Metric):
    """Accumulates a `(num_classes, num_classes)` confusion matrix
    `total_confusion_matrix` (rows: true class, columns: predicted class)."""

    def __init__(self, num_classes, name=None, dtype=None, ignore_class=None, sparse_y_true=True,
                 sparse_y_pred=True, axis=-1):
        # As in Keras: an integer matrix unless a dtype is given.
        super().__init__(name=name, dtype=dtype or "int64")
        self._direction = "up"
        self.num_classes = num_classes
        self.ignore_class = ignore_class
        self.sparse_y_true = sparse_y_true
        self.sparse_y_pred = sparse_y_pred
        self.axis = axis
        self.total_cm = self.add_variable((num_classes, num_classes), "zeros",
                                          name="total_confusion_matrix")

    def update_state(self, y_true, y_pred, sample_weight=None):
        if not self.sparse_y_true:
            y_true = np.argmax(ops.convert_to_numpy(y_true), axis=self.axis)
        if not self.sparse_y_pred:
            y_pred = np.argmax(ops.convert_to_numpy(y_pred), axis=self.axis)
        y_true = _flat(y_true).astype(self.dtype)
        y_pred = _flat(y_pred).astype(self.dtype)
        if sample_weight is None:
            weights = np.ones_like(y_true)
        else:
            sample_weight = np.asarray(ops.convert_to_numpy(sample_weight))
            if sample_weight.dtype.kind == "f" and "int" in self.dtype:
                warnings.warn(
                    "You are passing weight as `float`, but dtype is `int`. This may result in "
                    "an incorrect weight due to type casting Consider using integer weights.",
                    stacklevel=2,
                )
            weights = np.broadcast_to(sample_weight.reshape(-1) if sample_weight.ndim > 1
                                      else sample_weight, y_true.shape).astype(self.dtype)
        # Class ids out of range (and the ignored class) never reach the matrix.
        valid = (y_true >= 0) & (y_true < self.num_classes) & (y_pred >= 0) & (
            y_pred < self.num_classes)
        if self.ignore_class is not None:
            valid &= y_true != self.ignore_class
        matrix = np.zeros((self.num_classes, self.num_classes), dtype=self.dtype)
        np.add.at(matrix, (y_true[valid].astype(np.int64), y_pred[valid].astype(np.int64)),
                  weights[valid])
        self.total_cm.assign(self.total_cm.value + matrix)

    def _iou_of(self, class_ids):
        matrix = self.total_cm.value
        true_positives = np.diag(matrix).astype(self.dtype)
        denominator = (matrix.sum(axis=0) + matrix.sum(axis=1)).astype(self.dtype) - true_positives
        true_positives = true_positives[list(class_ids)].astype(np.float32)
        denominator = denominator[list(class_ids)].astype(np.float32)
        valid = denominator > 1e-9
        iou = np.where(valid, true_positives / (denominator + np.float32(config.epsilon())), 0.0)
        return np.float32(iou.sum() / (valid.sum() + np.float32(config.epsilon())))

    def _base_config(self):
        return {"name": self.name, "dtype": self.dtype}


class IoU(_IoUBase):
    """Intersection over union, `TP / (TP + FP + FN)`, averaged over
    `target_class_ids` (classes never seen nor predicted are left out).

    Args:
        num_classes: the number of classes.
        target_class_ids: the classes averaged over, a list of ints.
        name: name of the metric.
        dtype: dtype of the confusion matrix (default `"int64"`).
        ignore_class: a label whose pixels are left out, or None.
        sparse_y_true: whether labels are class ids (True) or one-hot (False).
        sparse_y_pred: whether predictions are class ids (True) or scores
            whose argmax along `axis` is taken (False).
        axis: the class axis of non-sparse inputs (default -1).

    Raises:
        ValueError: if a target class id is not below `num_classes`.

    Examples:
        >>> metric = keras.metrics.IoU(num_classes=2, target_class_ids=[0])
        >>> metric.update_state([0, 0, 1, 1], [0, 1, 0, 1])
        >>> round(float(metric.result()), 4)
        0.3333
    """

    def __init__(self, num_classes, target_class_ids, name=None, dtype=None, ignore_class=None,
                 sparse_y_true=True, sparse_y_pred=True, axis=-1):
        super().__init__(num_classes, name=name, dtype=dtype, ignore_class=ignore_class,
                         sparse_y_true=sparse_y_true, sparse_y_pred=sparse_y_pred, axis=axis)
        if max(target_class_ids) >= num_classes:
            raise ValueError(
                f"Target class id {max(target_class_ids)} is out of range, which is "
                f"[0, {num_classes})."
            )
        self.target_class_ids = list(target_class_ids)

    def result(self):
        return self._iou_of(self.target_class_ids)

    def get_config(self):
        return {**self._base_config(), "num_classes": self.num_classes,
                "target_class_ids": self.target_class_ids, "ignore_class": self.ignore_class,
                "sparse_y_true": self.sparse_y_true, "sparse_y_pred": self.sparse_y_pred,
                "axis": self.axis}


class BinaryIoU(IoU):
    """IoU of binary masks: predictions at or above `threshold` count as class 1.

    Args:
        target_class_ids: the classes averaged over: `(0, 1)` (default), `[0]` or `[1]`.
        threshold: the score from which a prediction is class 1 (default 0.5).
        name: name of the metric.
        dtype: dtype of the confusion matrix (default `"int64"`).

    Examples:
        >>> metric = keras.metrics.BinaryIoU(target_class_ids=[1])
        >>> metric.update_state([0, 1, 1, 1], [0.2, 0.6, 0.4, 0.9])
        >>> round(float(metric.result()), 4)
        0.6667
    """

    def __init__(self, target_class_ids=(0, 1), threshold=0.5, name=None, dtype=None):
        super().__init__(num_classes=2, target_class_ids=target_class_ids, name=name, dtype=dtype)
        self.threshold = threshold

    def update_state(self, y_true, y_pred, sample_weight=None):
        scores = np.asarray(ops.convert_to_numpy(y_pred), dtype=np.float32)
        super().update_state(y_true, (scores >= self.threshold).astype(self.dtype), sample_weight)

    def get_config(self):
        return {"target_class_ids": self.target_class_ids, "threshold": self.threshold,
                "name": self.name, "dtype": self.dtype}


class MeanIoU(_IoUBase):
    """Intersection over union averaged over all `num_classes` classes.

    Args:
        num_classes: the number of classes.
        name: name of the metric.
        dtype: dtype of the confusion matrix (default `"int64"`).
        ignore_class: a label whose pixels are left out, or None.
        sparse_y_true: whether labels are class ids (True) or one-hot (False).
        sparse_y_pred: whether predictions are class ids (True) or scores (False).
        axis: the class axis of non-sparse inputs (default -1).

    Examples:
        >>> metric = keras.metrics.MeanIoU(num_classes=2)
        >>> metric.update_state([0, 0, 1, 1], [0, 1, 0, 1])
        >>> round(float(metric.result()), 4)
        0.3333
    """

    def result(self):
        return self._iou_of(range(self.num_classes))

    def get_config(self):
        config = {"num_classes": self.num_classes, **self._base_config()}
        config.update({"ignore_class": self.ignore_class, "sparse_y_true": self.sparse_y_true,
                       "sparse_y_pred": self.sparse_y_pred, "axis": self.axis})
        return config


class OneHotIoU(IoU):
    """IoU of one-hot labels and class scores (argmax along `axis`), averaged
    over `target_class_ids`.

    Args:
        num_classes: the number of classes.
        target_class_ids: the classes averaged over, a list of ints.
        name: name of the metric.
        dtype: dtype of the confusion matrix (default `"int64"`).
        ignore_class: a label whose pixels are left out, or None.
        sparse_y_pred: whether predictions are class ids (default False: scores).
        axis: the class axis (default -1).

    Examples:
        >>> metric = keras.metrics.OneHotIoU(num_classes=3, target_class_ids=[0, 2])
        >>> metric.update_state([[0, 0, 1], [1, 0, 0]], [[0.1, 0.2, 0.7], [0.2, 0.7, 0.1]])
        >>> round(float(metric.result()), 4)
        0.5
    """

    def __init__(self, num_classes, target_class_ids, name=None, dtype=None, ignore_class=None,
                 sparse_y_pred=False, axis=-1):
        super().__init__(num_classes, target_class_ids, name=name, dtype=dtype,
                         ignore_class=ignore_class, sparse_y_true=False,
                         sparse_y_pred=sparse_y_pred, axis=axis)

    def get_config(self):
        return {"num_classes": self.num_classes, "target_class_ids": self.target_class_ids,
                **self._base_config(), "ignore_class": self.ignore_class,
                "sparse_y_pred": self.sparse_y_pred, "axis": self.axis}


class OneHotMeanIoU(MeanIoU):
    """Mean IoU over all classes of one-hot labels and class scores.

    Args:
        num_classes: the number of classes.
        name: name of the metric.
        dtype: dtype of the confusion matrix (default `"int64"`).
        ignore_class: a label whose pixels are left out, or None.
        sparse_y_pred: whether predictions are class ids (default False: scores).
        axis: the class axis (default -1).

    Examples:
        >>> metric = keras.metrics.OneHotMeanIoU(num_classes=3)
        >>> metric.update_state([[0, 0, 1], [1, 0, 0]], [[0.1, 0.2, 0.7], [0.2, 0.7, 0.1]])
        >>> round(float(metric.result()), 4)
        0.3333
    """

    def __init__(self, num_classes, name=None, dtype=None, ignore_class=None, sparse_y_pred=False,
                 axis=-1):
        super().__init__(num_classes, name=name, dtype=dtype, ignore_class=ignore_class,
                         sparse_y_true=False, sparse_y_pred=sparse_y_pred, axis=axis)

    def get_config(self):
        return {"num_classes": self.num_classes, **self._base_config(),
                "ignore_class": self.ignore_class, "sparse_y_pred": self.sparse_y_pred,
                "axis": self.axis}


IOU_METRICS = (IoU, BinaryIoU, MeanIoU, OneHotIoU, OneHotMeanIoU)

__all__ = [cls.__name__ for cls in IOU_METRICS]
