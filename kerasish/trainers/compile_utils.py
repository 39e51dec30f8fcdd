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
        _resolve_now(loss, _check_loss_identifier)
        self.identifier = loss
        self.loss_weights = loss_weights
        self.output_names = output_names
        self._losses = None
        self.metrics = []

    def _build(self, y_pred):
        outputs = validation.flatten(y_pred)
        names = _output_names(self.output_names, len(outputs))
        identifiers = losses_per_output(self.identifier, names)
        self._losses = [_loss_or_deferred(item) for item in identifiers]
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
        # As Keras: one `<output>_loss` metric per loss, when there are several.
        if sum(loss is not None for loss in self._losses) > 1:
            self._trackers = [
                metrics_module.Mean(name=f"{name}_loss") if loss is not None else None
                for name, loss in zip(names, self._losses)
            ]
            self.metrics = [t for t in self._trackers if t is not None]

    def has_loss(self, num_outputs):
        """One flag per output: whether a loss is computed on it (an output
        without one needs no target)."""
        if self._losses is None:
            names = _output_names(self.output_names, num_outputs)
            return [item is not None for item in losses_per_output(self.identifier, names)]
        return [loss is not None for loss in self._losses]

    def __call__(self, y_true, y_pred, sample_weight=None):
        if self._losses is None:
            self._build(y_pred)
        preds = validation.flatten(y_pred)
        trues = flatten_targets(y_true, self.output_names, len(preds), self.has_loss(len(preds)))
        if len(trues) != len(preds):
            raise ValueError(
                f"The model has {len(preds)} outputs, but `y` has {len(trues)} arrays. "
                "Pass one target array per output."
            )
        total = None
        for index, (weight, tracker, t, p) in enumerate(
            zip(self._weights, self._trackers, trues, preds)
        ):
            loss = self._losses[index]
            if loss is None:
                continue
            if isinstance(loss, str):  # "crossentropy": its kind follows the shapes
                loss = self._losses[index] = get_loss(_crossentropy_for(t, p))
            value = loss(t, p, sample_weight)
            if tracker is not None:
                tracker.update_state(ops.convert_to_numpy(value), sample_weight=np.shape(p)[0])
            if weight != 1.0:
                value = ops.multiply(value, weight)
            total = value if total is None else ops.add(total, value)
        return total


def losses_per_output(identifier, names):
    """The `loss` argument as one identifier (or None) per output."""
    if isinstance(identifier, dict) and "class_name" not in identifier:
        _check_keys(identifier, names, "loss")
        return [identifier.get(name) for name in names]
    if isinstance(identifier, (list, tuple)):
        if len(identifier) != len(names):
            raise ValueError(
                "For a model with multiple outputs, when providing the `loss` argument "
                "as a list, it should have as many entries as the model has outputs. "
                f"Received: loss={identifier} of length {len(identifier)} "
                f"whereas the model has {len(names)} outputs."
            )
        return list(identifier)
    return [identifier] * len(names)


def _loss_or_deferred(identifier):
    if _is_crossentropy_name(identifier):
        return identifier
    return get_loss(identifier)


def _is_crossentropy_name(identifier):
    return isinstance(identifier, str) and identifier.lower() in ("crossentropy", "ce")


def _crossentropy_for(y_true, y_pred):
    """"crossentropy" picks binary, sparse or categorical from the shapes, as Keras does."""
    is_binary, is_sparse = _is_binary_or_sparse(y_true, y_pred)
    if is_binary:
        return "binary_crossentropy"
    return "sparse_categorical_crossentropy" if is_sparse else "categorical_crossentropy"


class CompileMetrics:
    """The compiled metrics, built on the first batch (their kind can depend
    on the shapes of `y`)."""

    def __init__(self, metrics, weighted_metrics, output_names=None, loss=None):
        _resolve_now(metrics, _check_metric_identifier)
        _resolve_now(weighted_metrics, _check_metric_identifier)
        self.metrics_arg = metrics
        self.weighted_metrics_arg = weighted_metrics
        self.output_names = output_names
        self.loss = loss  # outputs without a loss may come without a target
        self.name = "compile_metrics"
        self._log_names = {}
        self.built = False
        self.metrics = []
        self._weighted = []

    def _targets(self, y_true, preds):
        needed = None
        if self.loss is not None:
            names = _output_names(self.output_names, len(preds))
            needed = [item is not None for item in losses_per_output(self.loss, names)]
        return flatten_targets(y_true, self.output_names, len(preds), needed)

    def build(self, y_true, y_pred):
        preds = validation.flatten(y_pred)
        trues = self._targets(y_true, preds)
        names = _output_names(self.output_names, len(preds))
        self._per_output = []
        self._log_names = {}
        for index, (t, p) in enumerate(zip(trues, preds)):
            plain_ids = _for_output(self.metrics_arg, index, names)
            weighted_ids = _for_output(self.weighted_metrics_arg, index, names)
            if t is None and (plain_ids or weighted_ids):
                raise ValueError(
                    f"Missing targets for output {names[index]!r}, which has metrics "
                    f"{plain_ids + weighted_ids}. Pass a target for it in `y`, or compile "
                    "without metrics for it."
                )
            plain = [get_metric(m, t, p) for m in plain_ids]
            weighted = [get_metric(m, t, p) for m in weighted_ids]
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
        trues = self._targets(y_true, preds)
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


def _resolve_now(identifiers, resolve):
    """Resolves every name in a (nested) `loss` or `metrics` argument once, so
    a typo fails at `compile()` rather than when `fit` starts. Keras resolves
    them lazily; kerasish is earlier on purpose, with the same error."""
    if isinstance(identifiers, dict) and "class_name" in identifiers:
        resolve(identifiers)  # a serialized config, not one entry per output
    elif isinstance(identifiers, dict):
        for value in identifiers.values():
            _resolve_now(value, resolve)
    elif isinstance(identifiers, (list, tuple)):
        for value in identifiers:
            _resolve_now(value, resolve)
    elif isinstance(identifiers, str):
        resolve(identifiers)


def _check_loss_identifier(identifier):
    # "crossentropy" / "ce" are resolved from the shapes on the first batch.
    if not _is_crossentropy_name(identifier):
        get_loss(identifier)


def _check_metric_identifier(identifier):
    # "accuracy" / "acc" are resolved from the shapes on the first batch.
    if isinstance(identifier, dict) or identifier.lower() not in ("accuracy", "acc"):
        metrics_module.get(identifier)


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


def flatten_targets(y_true, output_names, num_outputs, needed=None):
    """The targets in the model's output order; a dict of targets is read by
    output name.

    `needed` flags the outputs that take a target (those with a loss); the
    others may have none (None in the result), as in Keras: a dict may omit
    them, and a list may hold only the needed targets, in order.
    """
    needed = [True] * num_outputs if needed is None else list(needed)
    if isinstance(y_true, dict) and output_names is not None and num_outputs > 1:
        missing = [n for n, need in zip(output_names, needed) if need and n not in y_true]
        if missing:
            raise ValueError(
                f"Missing targets for output(s) {missing}. Expected the following keys: "
                f"{[n for n, need in zip(output_names, needed) if need]}. "
                f"Received keys: {list(y_true)}"
            )
        return [y_true.get(name) for name in output_names]
    flat = validation.flatten(y_true)
    if num_outputs > 1 and len(flat) != num_outputs and len(flat) == sum(needed):
        given = iter(flat)
        return [next(given) if need else None for need in needed]
    return flat


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
