"""Regression metrics: the losses' per-sample functions, averaged."""

import numpy as np

from kerasish.losses import losses
from kerasish.metrics.reduction_metrics import MeanMetricWrapper


def _metric_class(class_name, fn, default_name):
    def __init__(self, name=default_name, dtype=None):
        MeanMetricWrapper.__init__(self, fn, name=name, dtype=dtype)

    cls = type(class_name, (MeanMetricWrapper,), {"__init__": __init__})
    cls.__module__ = __name__
    return cls


MeanSquaredError = _metric_class("MeanSquaredError", losses.mean_squared_error, "mean_squared_error")
MeanAbsoluteError = _metric_class("MeanAbsoluteError", losses.mean_absolute_error, "mean_absolute_error")
MeanAbsolutePercentageError = _metric_class(
    "MeanAbsolutePercentageError", losses.mean_absolute_percentage_error,
    "mean_absolute_percentage_error",
)
MeanSquaredLogarithmicError = _metric_class(
    "MeanSquaredLogarithmicError", losses.mean_squared_logarithmic_error,
    "mean_squared_logarithmic_error",
)
LogCoshError = _metric_class("LogCoshError", losses.log_cosh, "logcosh")


class RootMeanSquaredError(MeanMetricWrapper):
    """sqrt of the (weighted) mean squared error over all samples seen."""

    def __init__(self, name="root_mean_squared_error", dtype=None):
        super().__init__(_squared_error, name=name, dtype=dtype)

    def result(self):
        return np.sqrt(super().result())


def _squared_error(y_true, y_pred):
    y_pred = np.asarray(y_pred)
    y_true = np.asarray(y_true).astype(y_pred.dtype)
    y_true, y_pred = losses.squeeze_or_expand_to_same_rank(y_true, y_pred)
    return np.square(np.asarray(y_pred) - np.asarray(y_true))
