"""Regression metrics: the losses' per-sample functions, averaged."""

import warnings

import numpy as np

from kerasish import ops
from kerasish.losses import losses
from kerasish.metrics.metric import Metric
from kerasish.metrics.reduction_metrics import MeanMetricWrapper


def _metric_class(class_name, fn, default_name):
    def __init__(self, name=default_name, dtype=None):
        MeanMetricWrapper.__init__(self, fn, name=name, dtype=dtype)

    # Errors: lower is better, for callbacks in mode="auto".
    cls = type(class_name, (MeanMetricWrapper,), {"__init__": __init__, "_direction": "down"})
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

    _direction = "down"

    def __init__(self, name="root_mean_squared_error", dtype=None):
        super().__init__(_squared_error, name=name, dtype=dtype)

    def result(self):
        return np.sqrt(super().result())


def _squared_error(y_true, y_pred):
    y_pred = np.asarray(y_pred)
    y_true = np.asarray(y_true).astype(y_pred.dtype)
    y_true, y_pred = losses.squeeze_or_expand_to_same_rank(y_true, y_pred)
    return np.square(np.asarray(y_pred) - np.asarray(y_true))


class R2Score(Metric):
    """The coefficient of determination, 1 - SS_residual / SS_total, per
    output and averaged ('uniform_average', 'variance_weighted_average' or
    None for one score per output); adjusted for `num_regressors` if given."""

    def __init__(self, class_aggregation="uniform_average", num_regressors=0, name="r2_score",
                 dtype=None):
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        allowed = (None, "uniform_average", "variance_weighted_average")
        if class_aggregation not in allowed:
            raise ValueError(
                "Invalid value for argument `class_aggregation`. Expected one of "
                f"{allowed}. Received: class_aggregation={class_aggregation}"
            )
        if num_regressors < 0:
            raise ValueError(
                "Invalid value for argument `num_regressors`. Expected a value >= 0. "
                f"Received: num_regressors={num_regressors}"
            )
        self.class_aggregation = class_aggregation
        self.num_regressors = num_regressors
        self.num_samples = self.add_variable((), "zeros", name="num_samples")
        self._built = False

    def _build(self, y_true_shape, y_pred_shape):
        if len(y_pred_shape) != 2 or len(y_true_shape) != 2:
            raise ValueError(
                "R2Score expects 2D inputs with shape (batch_size, output_dim). Received "
                f"input shapes: y_pred.shape={y_pred_shape} and y_true.shape={y_true_shape}."
            )
        outputs = (y_pred_shape[-1],)
        self.squared_sum = self.add_variable(outputs, "zeros", name="squared_sum")
        self.sum = self.add_variable(outputs, "zeros", name="sum")
        self.total_mse = self.add_variable(outputs, "zeros", name="residual")
        self.count = self.add_variable(outputs, "zeros", name="count")
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = np.asarray(ops.convert_to_numpy(y_true)).astype(self.dtype)
        y_pred = np.asarray(ops.convert_to_numpy(y_pred)).astype(self.dtype)
        y_true, y_pred = (np.asarray(a) for a in losses.squeeze_or_expand_to_same_rank(y_true, y_pred))
        if not self._built:
            self._build(y_true.shape, y_pred.shape)
        weight = np.asarray(1 if sample_weight is None else ops.convert_to_numpy(sample_weight))
        weight = weight.astype(self.dtype)
        if weight.ndim == 1:
            weight = weight[:, None]
        weight = np.broadcast_to(weight, y_true.shape)
        weighted_y_true = y_true * weight
        self.sum.assign(self.sum.value + np.sum(weighted_y_true, axis=0))
        self.squared_sum.assign(self.squared_sum.value + np.sum(y_true * weighted_y_true, axis=0))
        self.total_mse.assign(self.total_mse.value + np.sum((y_true - y_pred) ** 2 * weight, axis=0))
        self.count.assign(self.count.value + np.sum(weight, axis=0))
        self.num_samples.assign(self.num_samples.value + y_true.size)

    def result(self):
        if not self._built:
            return np.zeros((), self.dtype)
        with np.errstate(divide="ignore", invalid="ignore"):
            mean = self.sum.value / self.count.value
            total = self.squared_sum.value - self.sum.value * mean
            raw_scores = 1 - self.total_mse.value / total
        raw_scores = np.where(np.isinf(raw_scores), 0.0, raw_scores).astype(self.dtype)
        if self.class_aggregation == "uniform_average":
            score = np.mean(raw_scores)
        elif self.class_aggregation == "variance_weighted_average":
            score = np.sum(total * raw_scores) / np.sum(total)
        else:
            score = raw_scores
        return self._adjust(score)

    def _adjust(self, score):
        if self.num_regressors == 0:
            return score
        n = float(self.num_samples.value)
        if self.num_regressors > n - 1:
            warnings.warn(
                "More independent predictors than datapoints in adjusted R2 score. Falling "
                "back to standard R2 score.", stacklevel=2,
            )
            return score
        if self.num_regressors == n - 1:
            warnings.warn(
                "Division by zero in Adjusted R2 score. Falling back to standard R2 score.",
                stacklevel=2,
            )
            return score
        n, p = np.float32(n), np.float32(self.num_regressors)
        return (1.0 - ((1.0 - score) * (n - 1.0)) / (n - p - 1.0)).astype(self.dtype)

    def reset_state(self):
        for variable in self.variables:
            variable.assign(np.zeros(variable.shape, dtype=variable.value.dtype))

    def get_config(self):
        config = super().get_config()
        config.update(
            {"class_aggregation": self.class_aggregation, "num_regressors": self.num_regressors}
        )
        return config
