"""Counts of the confusion matrix (TruePositives, ...) and the metrics that
pick the best value of one rate under a constraint on another
(SensitivityAtSpecificity, PrecisionAtRecall, ...)."""

import numpy as np

from kerasish.metrics.confusion_metrics import (
    _divide_no_nan,
    confusion_counts,
    is_evenly_distributed,
    parse_thresholds,
)
from kerasish.metrics.metric import Metric

_COUNT_INDEX = {"true_positives": 0, "false_positives": 1, "true_negatives": 2,
                "false_negatives": 3}


class _ConfusionCount(Metric):
    """Accumulates one entry of the confusion matrix per threshold in the
    variable `accumulator`."""

    count = None  # a key of _COUNT_INDEX, set by subclasses

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.thresholds = parse_thresholds(thresholds, 0.5)
        self._thresholds_distributed_evenly = is_evenly_distributed(self.thresholds)
        self.accumulator = self.add_variable((len(self.thresholds),), "zeros", name="accumulator")

    def update_state(self, y_true, y_pred, sample_weight=None):
        counts = confusion_counts(y_true, y_pred, self.thresholds, sample_weight, None, None,
                                  self.dtype, self._thresholds_distributed_evenly)
        self.accumulator.assign(self.accumulator.value + counts[_COUNT_INDEX[self.count]])

    def result(self):
        value = self.accumulator.value
        return value[0] if len(self.thresholds) == 1 else value

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, "thresholds": self.init_thresholds}


def _count_class(class_name, count, what, example):
    doc = f"""The (weighted) number of {what}, over all batches.

    A label is positive when it is non-zero, a prediction when it is above
    the threshold.

    Args:
        thresholds: a float in [0, 1] or a list of them (default 0.5); with
            a list, `result()` returns one count per threshold.
        name: name of the metric.
        dtype: dtype of the count (default `"float32"`).

    Raises:
        ValueError: if a threshold is outside [0, 1].

    Examples:
        >>> metric = keras.metrics.{class_name}()
        >>> metric.update_state([0, 1, 1, 1], [1, 0, 1, 1])
        >>> float(metric.result())
        {example}
    """
    cls = type(class_name, (_ConfusionCount,), {"count": count, "__doc__": doc})
    cls.__module__ = __name__
    return cls


TruePositives = _count_class("TruePositives", "true_positives",
                             "positive labels predicted positive", 2.0)
FalsePositives = _count_class("FalsePositives", "false_positives",
                              "negative labels predicted positive", 1.0)
TrueNegatives = _count_class("TrueNegatives", "true_negatives",
                             "negative labels predicted negative", 0.0)
FalseNegatives = _count_class("FalseNegatives", "false_negatives",
                              "positive labels predicted negative", 1.0)


class _RateAtRate(Metric):
    """Counts the confusion matrix at `num_thresholds` evenly spaced
    thresholds; `result()` is the best `dependent` rate among the thresholds
    where the `constrained` rate reaches `value`."""

    value_name = None  # the constructor argument holding the target rate

    def __init__(self, value, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        if not 0 <= value <= 1:
            raise ValueError(
                f"Argument `{self.value_name}` must be in the range [0, 1]. "
                f"Received: {self.value_name}={value}"
            )
        if num_thresholds <= 0:
            raise ValueError(
                f"Argument `num_thresholds` must be an integer > 0. "
                f"Received: num_thresholds={num_thresholds}"
            )
        self._direction = "up"
        self.value = value
        setattr(self, self.value_name, value)
        self.class_id = class_id
        self.num_thresholds = num_thresholds
        if num_thresholds == 1:
            self.thresholds, self._thresholds_distributed_evenly = [0.5], False
        else:
            inner = [(i + 1) / (num_thresholds - 1) for i in range(num_thresholds - 2)]
            self.thresholds, self._thresholds_distributed_evenly = [0.0] + inner + [1.0], True
        for count_name in _COUNT_INDEX:
            setattr(self, count_name,
                    self.add_variable((len(self.thresholds),), "zeros", name=count_name))

    def update_state(self, y_true, y_pred, sample_weight=None):
        counts = confusion_counts(y_true, y_pred, self.thresholds, sample_weight, None,
                                  self.class_id, self.dtype, self._thresholds_distributed_evenly)
        for count_name, index in _COUNT_INDEX.items():
            variable = getattr(self, count_name)
            variable.assign(variable.value + counts[index])

    def _rates(self):
        tp, fp = self.true_positives.value, self.false_positives.value
        tn, fn = self.true_negatives.value, self.false_negatives.value
        return {
            "sensitivity": _divide_no_nan(tp, tp + fn),
            "recall": _divide_no_nan(tp, tp + fn),
            "specificity": _divide_no_nan(tn, tn + fp),
            "precision": _divide_no_nan(tp, tp + fp),
        }

    def _best(self, constrained, dependent):
        rates = self._rates()
        feasible = rates[constrained] >= self.value
        return np.max(np.where(feasible, rates[dependent], 0), initial=0).astype(self.dtype)

    def get_config(self):
        config = super().get_config()
        config.update({"class_id": self.class_id, "num_thresholds": self.num_thresholds,
                       self.value_name: self.value})
        return config


def _rate_doc(class_name, value_name, dependent, summary, example):
    return f"""{summary}

    The confusion matrix is counted at `num_thresholds` evenly spaced
    thresholds in [0, 1]; the result is the best {dependent} among the
    thresholds where the {value_name} is at least `{value_name}`.

    Args:
        {value_name}: the required {value_name}, a float in [0, 1].
        num_thresholds: the number of thresholds (default 200).
        class_id: the column scored as a binary problem, or None.
        name: name of the metric.
        dtype: dtype of the counts and result (default `"float32"`).

    Raises:
        ValueError: if `{value_name}` is outside [0, 1] or `num_thresholds` is not positive.

    Examples:
        >>> metric = keras.metrics.{class_name}(0.5)
        >>> metric.update_state([0, 0, 0, 1, 1], [0.0, 0.3, 0.8, 0.3, 0.8])
        >>> float(metric.result())
        {example}
    """


class SensitivityAtSpecificity(_RateAtRate):
    __doc__ = _rate_doc("SensitivityAtSpecificity", "specificity", "sensitivity",
                        "The best sensitivity (recall) where the specificity is at least `specificity`.",
                        0.5)
    value_name = "specificity"

    def __init__(self, specificity, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(specificity, num_thresholds, class_id, name, dtype)

    def result(self):
        return self._best("specificity", "sensitivity")


class SpecificityAtSensitivity(_RateAtRate):
    __doc__ = _rate_doc("SpecificityAtSensitivity", "sensitivity", "specificity",
                        "The best specificity where the sensitivity (recall) is at least `sensitivity`.",
                        0.6666666865348816)
    value_name = "sensitivity"

    def __init__(self, sensitivity, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(sensitivity, num_thresholds, class_id, name, dtype)

    def result(self):
        return self._best("sensitivity", "specificity")


class PrecisionAtRecall(_RateAtRate):
    __doc__ = _rate_doc("PrecisionAtRecall", "recall", "precision",
                        "The best precision where the recall is at least `recall`.",
                        0.5)
    value_name = "recall"

    def __init__(self, recall, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(recall, num_thresholds, class_id, name, dtype)

    def result(self):
        return self._best("recall", "precision")


class RecallAtPrecision(_RateAtRate):
    __doc__ = _rate_doc("RecallAtPrecision", "precision", "recall",
                        "The best recall where the precision is at least `precision`.",
                        1.0)
    value_name = "precision"

    def __init__(self, precision, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(precision, num_thresholds, class_id, name, dtype)

    def result(self):
        return self._best("precision", "recall")


CONFUSION_COUNT_METRICS = (
    TruePositives, FalsePositives, TrueNegatives, FalseNegatives, SensitivityAtSpecificity,
    SpecificityAtSensitivity, PrecisionAtRecall, RecallAtPrecision,
)

__all__ = [cls.__name__ for cls in CONFUSION_COUNT_METRICS]
