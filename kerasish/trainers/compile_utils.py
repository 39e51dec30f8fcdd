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
    """The compiled loss: one Loss per output, combined with `loss_weights`.

    With several outputs, `loss` and `loss_weights` may be dicts keyed by
    `output_names`, and each output's unweighted loss is also tracked as a
    metric named `<output name>_loss`, as Keras does."""

    def __init__(self, loss, loss_weights=None, output_names=None):
        if isinstance(loss_weights, dict):
            weights = list(loss_weights.values())
        elif isinstance(loss_weights, (list, tuple)):
            weights = list(loss_weights)
        else:
            weights = [loss_weights]
        if any(w is not None and not isinstance(w, (int, float)) for w in weights):
            raise ValueError(
                "Expected `loss_weights` to be a number, or a list or dict of numbers (one "
                f"per output). Received: loss_weights={loss_weights}"
            )
        self.identifier = loss
        self.loss_weights = loss_weights
        self.output_names = output_names
        self._losses = None
        self.metrics = []

    def _build(self, y_pred):
        outputs = validation.flatten(y_pred)
        names = _output_names(self.output_names, len(outputs))
        if isinstance(self.identifier, dict):
            _check_keys(self.identifier, names, "loss")
            self._losses = [get_loss(self.identifier.get(name)) for name in names]
        elif isinstance(self.identifier, (list, tuple)):
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
        elif isinstance(weights, dict):
            _check_keys(weights, names, "loss_weights")
            weights = [weights.get(name, 1.0) for name in names]
        elif not isinstance(weights, (list, tuple)):
            weights = [weights] * len(outputs)
        self._weights = list(weights)
        self._trackers = [None] * len(outputs)
        if len(outputs) > 1:
            self._trackers = [
                metrics_module.Mean(name=f"{name}_loss") if loss is not None else None
                for name, loss in zip(names, self._losses)
            ]
            self.metrics = [t for t in self._trackers if t is not None]

    def __call__(self, y_true, y_pred, sample_weight=None):
        if self._losses is None:
            self._build(y_pred)
        preds = validation.flatten(y_pred)
        trues = flatten_targets(y_true, self.output_names, len(preds))
        if len(trues) != len(preds):
            raise ValueError(
                f"The model has {len(preds)} outputs, but `y` has {len(trues)} arrays. "
                "Pass one target array per output."
            )
        total = None
        for loss, weight, tracker, t, p in zip(
            self._losses, self._weights, self._trackers, trues, preds
        ):
            if loss is None:
                continue
            value = loss(t, p, sample_weight)
            if tracker is not None:
                tracker.update_state(ops.convert_to_numpy(value), sample_weight=np.shape(p)[0])
            if weight != 1.0:
                value = ops.multiply(value, weight)
            total = value if total is None else ops.add(total, value)
        return total


class CompileMetrics:
    """The compiled metrics, built on the first batch (their kind can depend
    on the shapes of `y`)."""

    def __init__(self, metrics, weighted_metrics, output_names=None):
        self.metrics_arg = metrics
        self.weighted_metrics_arg = weighted_metrics
        self.output_names = output_names
        self.name = "compile_metrics"
        self._log_names = {}
        self.built = False
        self.metrics = []
        self._weighted = []

    def build(self, y_true, y_pred):
        preds = validation.flatten(y_pred)
        trues = flatten_targets(y_true, self.output_names, len(preds))
        names = _output_names(self.output_names, len(preds))
        self._per_output = []
        self._log_names = {}
        for index, (t, p) in enumerate(zip(trues, preds)):
            plain = [get_metric(m, t, p) for m in _for_output(self.metrics_arg, index, names)]
            weighted = [get_metric(m, t, p) for m in _for_output(self.weighted_metrics_arg, index, names)]
            for metric in weighted:
                if any(metric.name == m.name for m in plain):
                    metric.name = "weighted_" + metric.name
            if len(preds) > 1:
                # Keras prefixes the output's name in the logs only, not in
                # metric.name (which is why evaluate() lists them sorted).
                for metric in plain + weighted:
                    self._log_names[id(metric)] = f"{names[index]}_{metric.name}"
            self._per_output.append((plain, weighted))
            self.metrics.extend(plain + weighted)
        self.built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        if not self.built:
            self.build(y_true, y_pred)
        preds = validation.flatten(y_pred)
        trues = flatten_targets(y_true, self.output_names, len(preds))
        for (plain, weighted), t, p in zip(self._per_output, trues, preds):
            for metric in plain:
                metric.update_state(t, p)
            for metric in weighted:
                metric.update_state(t, p, sample_weight=sample_weight)

    def reset_state(self):
        for metric in self.metrics:
            metric.reset_state()

    def result(self):
        return {
            self._log_names.get(id(metric), metric.name): metric.result()
            for metric in self.metrics
        }


def _output_names(output_names, num_outputs):
    if output_names is not None and len(output_names) == num_outputs:
        return list(output_names)
    return [f"output_{i}" for i in range(num_outputs)] if num_outputs > 1 else ["output"]


def _check_keys(mapping, names, argument):
    unknown = [key for key in mapping if key not in names]
    if unknown:
        raise ValueError(
            f"In the dict argument `{argument}`, key(s) {unknown} do not correspond to any "
            f"model output. Received: {argument}={mapping}. Output names: {names}"
        )


def flatten_targets(y_true, output_names, num_outputs):
    """The targets in the model's output order; a dict of targets is read by
    output name."""
    if isinstance(y_true, dict) and output_names is not None and num_outputs > 1:
        missing = [name for name in output_names if name not in y_true]
        if missing:
            raise ValueError(
                f"Missing targets for output(s) {missing}. Expected the following keys: "
                f"{list(output_names)}. Received keys: {list(y_true)}"
            )
        return [y_true[name] for name in output_names]
    return validation.flatten(y_true)


def _as_list(metrics):
    if metrics is None:
        return []
    return list(metrics) if isinstance(metrics, (list, tuple)) else [metrics]


def _for_output(metrics, index, names):
    num_outputs = len(names)
    if metrics is None:
        return []
    if isinstance(metrics, dict):
        if num_outputs == 1 and len(metrics) == 1:
            return _as_list(next(iter(metrics.values())))
        _check_keys(metrics, names, "metrics")
        return _as_list(metrics.get(names[index]))
    if num_outputs > 1 and isinstance(metrics, (list, tuple)):
        if len(metrics) != num_outputs:
            raise ValueError(
                "For a model with multiple outputs, when providing the `metrics` argument as "
                "a list, it should have as many entries as the model has outputs. "
                f"Received: metrics={metrics} of length {len(metrics)} whereas the model has "
                f"{num_outputs} outputs."
            )
        return _as_list(metrics[index])
    if not isinstance(metrics, (list, tuple)):
        raise ValueError(
            "Expected `metrics` argument to be a list, tuple, or dict. "
            f"Received instead: metrics={metrics} of type {type(metrics)}"
        )
    return list(metrics)
