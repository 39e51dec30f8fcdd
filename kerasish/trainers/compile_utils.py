"""What `compile()` turns its `loss` and `metrics` arguments into."""

import numpy as np

from kerasish import losses as losses_module
from kerasish import metrics as metrics_module
from kerasish import ops
from kerasish.losses.losses import LossFunctionWrapper
from kerasish.utils import validation


def _is_binary_or_sparse(y_true, y_pred):
    t_shape, p_shape = np.shape(y_true), np.shape(y_pred)
    is_binary = p_shape[-1] == 1
    is_sparse = len(t_shape) < len(p_shape) or (t_shape[-1] == 1 and p_shape[-1] > 1)
    return is_binary, is_sparse


def get_metric(identifier, y_true, y_pred):
    """Resolves one metric; "accuracy"/"acc" picks binary, sparse or
    categorical accuracy from the shapes, as Keras does."""
    if identifier is None:
        raise ValueError("Expected metric, received `None`")
    if str(identifier).lower() in ("accuracy", "acc"):
        is_binary, is_sparse = _is_binary_or_sparse(y_true, y_pred)
        if is_binary:
            metric = metrics_module.BinaryAccuracy(name=str(identifier))
        elif is_sparse:
            metric = metrics_module.SparseCategoricalAccuracy(name=str(identifier))
        else:
            metric = metrics_module.CategoricalAccuracy(name=str(identifier))
        return metric
    metric = metrics_module.get(identifier)
    if isinstance(identifier, str):
        name = identifier
    else:
        name = getattr(metric, "name", None) or getattr(metric, "__name__", "metric")
    if not isinstance(metric, metrics_module.Metric):
        metric = metrics_module.MeanMetricWrapper(metric, name=name)
    metric.name = name
    return metric


def get_loss(identifier):
    loss = losses_module.get(identifier)
    if loss is None:
        return None
    if not isinstance(loss, losses_module.Loss):
        name = identifier if isinstance(identifier, str) else getattr(loss, "__name__", "loss")
        loss = LossFunctionWrapper(loss, name=name)
    return loss


class CompileLoss:
    """The compiled loss: one Loss per output, combined with `loss_weights`."""

    def __init__(self, loss, loss_weights=None):
        weights = loss_weights if isinstance(loss_weights, (list, tuple)) else [loss_weights]
        if isinstance(loss_weights, dict) or any(
            w is not None and not isinstance(w, (int, float)) for w in weights
        ):
            raise ValueError(
                "Expected `loss_weights` to be a number or a list of numbers (one per "
                f"output). Received: loss_weights={loss_weights}"
            )
        self.identifier = loss
        self.loss_weights = loss_weights
        self._losses = None

    def _build(self, y_pred):
        outputs = validation.flatten(y_pred)
        if isinstance(self.identifier, (list, tuple)):
            if len(self.identifier) != len(outputs):
                raise ValueError(
                    "For a model with multiple outputs, when providing the `loss` argument "
                    "as a list, it should have as many entries as the model has outputs. "
                    f"Received: loss={self.identifier} of length {len(self.identifier)} "
                    f"whereas the model has {len(outputs)} outputs."
                )
            self._losses = [get_loss(item) for item in self.identifier]
        else:
            self._losses = [get_loss(self.identifier)] * len(outputs)
        weights = self.loss_weights
        if weights is None:
            weights = [1.0] * len(outputs)
        elif not isinstance(weights, (list, tuple)):
            weights = [weights] * len(outputs)
        self._weights = list(weights)

    def __call__(self, y_true, y_pred, sample_weight=None):
        if self._losses is None:
            self._build(y_pred)
        trues, preds = validation.flatten(y_true), validation.flatten(y_pred)
        if len(trues) != len(preds):
            raise ValueError(
                f"The model has {len(preds)} outputs, but `y` has {len(trues)} arrays. "
                "Pass one target array per output."
            )
        total = None
        for loss, weight, t, p in zip(self._losses, self._weights, trues, preds):
            if loss is None:
                continue
            value = loss(t, p, sample_weight)
            if weight != 1.0:
                value = ops.multiply(value, weight)
            total = value if total is None else ops.add(total, value)
        return total


class CompileMetrics:
    """The compiled metrics, built on the first batch (their kind can depend
    on the shapes of `y`)."""

    def __init__(self, metrics, weighted_metrics):
        self.metrics_arg = metrics
        self.weighted_metrics_arg = weighted_metrics
        self.name = "compile_metrics"
        self.built = False
        self.metrics = []
        self._weighted = []

    def build(self, y_true, y_pred):
        trues, preds = validation.flatten(y_true), validation.flatten(y_pred)
        self._per_output = []
        for index, (t, p) in enumerate(zip(trues, preds)):
            plain = [get_metric(m, t, p) for m in _for_output(self.metrics_arg, index, len(preds))]
            weighted = [get_metric(m, t, p) for m in _for_output(self.weighted_metrics_arg, index, len(preds))]
            for metric in weighted:
                if any(metric.name == m.name for m in plain):
                    metric.name = "weighted_" + metric.name
            self._per_output.append((plain, weighted))
            self.metrics.extend(plain + weighted)
        self.built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        if not self.built:
            self.build(y_true, y_pred)
        trues, preds = validation.flatten(y_true), validation.flatten(y_pred)
        for (plain, weighted), t, p in zip(self._per_output, trues, preds):
            for metric in plain:
                metric.update_state(t, p)
            for metric in weighted:
                metric.update_state(t, p, sample_weight=sample_weight)

    def reset_state(self):
        for metric in self.metrics:
            metric.reset_state()

    def result(self):
        return {metric.name: metric.result() for metric in self.metrics}


def _for_output(metrics, index, num_outputs):
    if metrics is None:
        return []
    if isinstance(metrics, dict):
        raise ValueError("Metrics given as a dict need a functional model with named outputs.")
    if num_outputs > 1 and metrics and all(isinstance(m, (list, tuple)) for m in metrics):
        return list(metrics[index] or [])
    if not isinstance(metrics, (list, tuple)):
        raise ValueError(
            "Expected `metrics` argument to be a list, tuple, or dict. "
            f"Received instead: metrics={metrics} of type {type(metrics)}"
        )
    return list(metrics)
