"""Regression metrics: the losses' per-sample functions, averaged."""

import warnings

import numpy as np

from kerasish import ops
from kerasish.losses import losses
from kerasish.metrics.metric import Metric
from kerasish.metrics.reduction_metrics import MeanMetricWrapper


def _metric_class(class_name, fn, default_name, summary, formula, example_result):
    def __init__(self, name=default_name, dtype=None):
        MeanMetricWrapper.__init__(self, fn, name=name, dtype=dtype)

    doc = f"""{summary}

    Each sample's error is {formula}, averaged over its last axis (as the
    loss of the same name computes it); the metric is the (weighted) mean
    of those per-sample errors over every sample seen. Lower is better.

    Args:
        name: name of the metric. Defaults to "{default_name}".
        dtype: dtype of the result. Defaults to "float32".

    Examples:
        >>> metric = keras.metrics.{class_name}()
        >>> metric.update_state([[1.0, 2.0], [4.0, 4.0]], [[2.0, 2.0], [3.0, 5.0]])
        >>> round(float(metric.result()), 4)
        {example_result}
    """
    # Errors: lower is better, for callbacks in mode="auto".
    cls = type(
        class_name, (MeanMetricWrapper,),
        {"__init__": __init__, "_direction": "down", "__doc__": doc},
    )
    cls.__module__ = __name__
    return cls


MeanSquaredError = _metric_class(
    "MeanSquaredError", losses.mean_squared_error, "mean_squared_error",
    "The mean squared error over all batches.", "`(y_true - y_pred)^2`", 0.75,
)
MeanAbsoluteError = _metric_class(
    "MeanAbsoluteError", losses.mean_absolute_error, "mean_absolute_error",
    "The mean absolute error over all batches.", "`|y_true - y_pred|`", 0.75,
)
MeanAbsolutePercentageError = _metric_class(
    "MeanAbsolutePercentageError", losses.mean_absolute_percentage_error,
    "mean_absolute_percentage_error",
    "The mean absolute percentage error over all batches.",
    "`100 * |y_true - y_pred| / max(|y_true|, epsilon)`", 37.5,
)
MeanSquaredLogarithmicError = _metric_class(
    "MeanSquaredLogarithmicError", losses.mean_squared_logarithmic_error,
    "mean_squared_logarithmic_error",
    "The mean squared logarithmic error over all batches.",
    "`(log(1 + y_pred) - log(1 + y_true))^2` (values below epsilon raised to it first)",
    0.0619,
)
LogCoshError = _metric_class(
    "LogCoshError", losses.log_cosh, "logcosh",
    "The mean logarithm of the hyperbolic cosine of the error over all batches.",
    "`log(cosh(y_pred - y_true))`, close to `x^2 / 2` for small errors and to "
    "`|x| - log(2)` for large ones", 0.3253,
)


class RootMeanSquaredError(MeanMetricWrapper):
    """The root of the mean squared error over all batches.

    result = sqrt(sum(w * (y_true - y_pred)^2) / sum(w)), where the mean runs
    over every element seen (not per sample first), so the root is taken
    only once, at the end. Lower is better.

    Args:
        name: name of the metric. Defaults to "root_mean_squared_error".
        dtype: dtype of the result. Defaults to "float32".

    Examples:
        >>> metric = keras.metrics.RootMeanSquaredError()
        >>> metric.update_state([[0.0, 1.0], [0.0, 0.0]], [[1.0, 1.0], [0.0, 0.0]])
        >>> float(metric.result())
        0.5
    """

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
    """The coefficient of determination R^2 of regression outputs, over all batches.

    For each output column, R^2 = 1 - SS_res / SS_tot, with
    SS_res = sum(w * (y_true - y_pred)^2) and SS_tot the (weighted) sum of
    squared deviations of `y_true` from its mean. 1 is a perfect fit, 0 is
    no better than predicting the mean. Inputs are 2D:
    `(batch_size, num_outputs)`. With `num_regressors` = p > 0 the score is
    adjusted for the number of samples n: 1 - (1 - R^2) (n - 1) / (n - p - 1).

    Args:
        class_aggregation: how to combine the per-output scores:
            "uniform_average" (default, their mean),
            "variance_weighted_average" (weighted by each output's SS_tot) or
            None (one score per output).
        num_regressors: number of independent variables of the model, for
            the adjusted R^2; 0 (default) gives the plain R^2.
        name: name of the metric. Defaults to "r2_score".
        dtype: dtype of the state and result. Defaults to "float32".

    Raises:
        ValueError: for an unknown `class_aggregation` or a negative
            `num_regressors`; at `update_state`, for inputs that are not 2D.

    Examples:
        >>> metric = keras.metrics.R2Score()
        >>> metric.update_state([[1.0], [4.0], [3.0]], [[2.0], [4.0], [4.0]])
        >>> round(float(metric.result()), 4)
        0.5714
    """

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
