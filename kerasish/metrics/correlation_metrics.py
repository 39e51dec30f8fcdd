"""Pearson and concordance correlation of targets and predictions."""

from kerasish import ops
from kerasish.backend import config
from kerasish.losses.loss import squeeze_or_expand_to_same_rank
from kerasish.metrics.reduction_metrics import MeanMetricWrapper


def _prepare(y_true, y_pred):
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.cast(y_true, ops.dtype(y_pred))
    return squeeze_or_expand_to_same_rank(y_true, y_pred)


def _centered(x, axis):
    return ops.subtract(x, ops.mean(x, axis=axis, keepdims=True))


def _std(x, axis):
    return ops.sqrt(ops.mean(ops.square(_centered(x, axis)), axis=axis, keepdims=True))


def pearson_correlation(y_true, y_pred, axis=-1):
    """The Pearson correlation of targets and predictions along `axis`, per sample.

    Args:
        y_true: the targets.
        y_pred: the predictions, shaped like `y_true`.
        axis: the axis the correlation is computed along (default -1).

    Returns:
        One coefficient in [-1, 1] per sample.

    Examples:
        >>> y_true = np.array([[0.0, 1.0, 0.5], [1.0, 1.0, 0.2]])
        >>> y_pred = np.array([[0.1, 0.9, 0.5], [1.0, 0.9, 0.2]])
        >>> keras.metrics.pearson_correlation(y_true, y_pred)
        array([1.    , 0.9934])
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    true_normalized = ops.divide(_centered(y_true, axis), _std(_centered(y_true, axis), axis))
    pred_normalized = ops.divide(_centered(y_pred, axis), _std(_centered(y_pred, axis), axis))
    return ops.mean(ops.multiply(true_normalized, pred_normalized), axis=axis)


def concordance_correlation(y_true, y_pred, axis=-1):
    """The concordance correlation coefficient of targets and predictions along `axis`.

    `2 * cov / (var_true + var_pred + (mean_true - mean_pred) ** 2)`; like
    Keras 3.15, the covariance term centers `y_true` on the mean of
    `y_pred`.

    Args:
        y_true: the targets.
        y_pred: the predictions, shaped like `y_true`.
        axis: the axis the coefficient is computed along (default -1).

    Returns:
        One coefficient per sample.

    Examples:
        >>> y_true = np.array([[0.0, 1.0, 0.5], [1.0, 1.0, 0.2]])
        >>> y_pred = np.array([[0.1, 0.9, 0.5], [1.0, 0.9, 0.2]])
        >>> keras.metrics.concordance_correlation(y_true, y_pred)
        array([0.9756, 0.9877])
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    true_mean = ops.mean(y_true, axis=axis, keepdims=True)
    pred_mean = ops.mean(y_pred, axis=axis, keepdims=True)
    true_var = ops.square(_std(y_true, axis))
    pred_var = ops.square(_std(y_pred, axis))
    covariance = ops.multiply(ops.subtract(y_true, pred_mean), ops.subtract(y_pred, pred_mean))
    norm = ops.add(ops.add(true_var, pred_var), ops.square(ops.subtract(true_mean, pred_mean)))
    return ops.mean(ops.divide(ops.multiply(2.0, covariance), ops.add(norm, config.epsilon())),
                    axis=axis)


class PearsonCorrelation(MeanMetricWrapper):
    """The mean, over all samples seen, of each sample's Pearson correlation
    of targets and predictions along `axis`; higher is better.

    Args:
        name: name of the metric (default `"pearson_correlation"`).
        dtype: dtype of the result (default `"float32"`).
        axis: the axis the correlation is computed along (default -1).

    Examples:
        >>> metric = keras.metrics.PearsonCorrelation()
        >>> metric.update_state([[0.0, 1.0, 0.5], [1.0, 1.0, 0.2]], [[0.1, 0.9, 0.5], [1.0, 0.9, 0.2]])
        >>> round(float(metric.result()), 4)
        0.9967
    """

    def __init__(self, name="pearson_correlation", dtype=None, axis=-1):
        super().__init__(pearson_correlation, name=name, dtype=dtype, axis=axis)
        self._direction = "up"


class ConcordanceCorrelation(MeanMetricWrapper):
    """The mean, over all samples seen, of each sample's concordance
    correlation coefficient along `axis`; higher is better.

    Args:
        name: name of the metric (default `"concordance_correlation"`).
        dtype: dtype of the result (default `"float32"`).
        axis: the axis the coefficient is computed along (default -1).

    Examples:
        >>> metric = keras.metrics.ConcordanceCorrelation()
        >>> metric.update_state([[0.0, 1.0, 0.5], [1.0, 1.0, 0.2]], [[0.1, 0.9, 0.5], [1.0, 0.9, 0.2]])
        >>> round(float(metric.result()), 4)
        0.9816
    """

    def __init__(self, name="concordance_correlation", dtype=None, axis=-1):
        super().__init__(concordance_correlation, name=name, dtype=dtype, axis=axis)
        self._direction = "up"
