"""Precision, Recall and AUC: counts of true/false positives/negatives at
one or more thresholds, accumulated over batches as Keras does."""

import numpy as np

from kerasish import ops
from kerasish.backend import config
from kerasish.losses.loss import squeeze_or_expand_to_same_rank
from kerasish.metrics.metric import Metric

NEG_INF = -1e10


def _to_list(x):
    return list(x) if isinstance(x, (list, tuple, np.ndarray)) else [x]


def parse_thresholds(thresholds, default_threshold=0.5):
    if thresholds is not None:
        invalid = [t for t in _to_list(thresholds) if t is None or t < 0 or t > 1]
        if invalid:
            raise ValueError(f"Threshold values must be in [0, 1]. Received: {invalid}")
    return _to_list(default_threshold if thresholds is None else thresholds)


def is_evenly_distributed(thresholds):
    count = len(thresholds)
    if count < 3:
        return False
    even = np.arange(count, dtype=np.float32) / (count - 1)
    return np.allclose(thresholds, even, atol=config.epsilon())


def _filter_top_k(y_pred, k):
    """Keeps the k largest predictions of each row; the rest become -1e10."""
    order = np.argsort(-y_pred, axis=-1, kind="stable")[..., :k]
    mask = np.zeros_like(y_pred)
    np.put_along_axis(mask, order, 1.0, axis=-1)
    return y_pred * mask + NEG_INF * (1 - mask)


def _prepare(y_true, y_pred, sample_weight, top_k, class_id, dtype):
    y_true = np.asarray(ops.convert_to_numpy(y_true)).astype(dtype)
    y_pred = np.asarray(ops.convert_to_numpy(y_pred)).astype(dtype)
    y_pred, y_true = (np.asarray(a) for a in squeeze_or_expand_to_same_rank(y_pred, y_true))
    if y_true.shape != y_pred.shape:  # Keras asserts compatible shapes too
        raise ValueError(
            "Arguments `y_true` and `y_pred` must have the same shape. "
            f"Received: y_true.shape={y_true.shape}, y_pred.shape={y_pred.shape}"
        )
    if sample_weight is not None:
        sample_weight = np.asarray(ops.convert_to_numpy(sample_weight)).astype(dtype)[..., None]
        _, sample_weight = squeeze_or_expand_to_same_rank(y_true, sample_weight, expand_rank_1=False)
        sample_weight = np.broadcast_to(np.asarray(sample_weight), y_pred.shape)
    if top_k is not None:
        y_pred = _filter_top_k(y_pred, top_k)
    if class_id is not None:
        if y_pred.ndim == 1:
            raise ValueError(
                "When class_id is provided, y_pred must be a 2D array with shape "
                f"(num_samples, num_classes), found shape: {y_pred.shape}"
            )
        y_true, y_pred = y_true[..., class_id, None], y_pred[..., class_id, None]
        if sample_weight is not None:
            sample_weight = sample_weight[..., class_id, None]
    return y_true, y_pred, sample_weight


def confusion_counts(y_true, y_pred, thresholds, sample_weight=None, top_k=None, class_id=None,
                     dtype="float32", distributed_evenly=False):
    """Returns (tp, fp, tn, fn), one entry per threshold. A prediction is
    positive at a threshold when it is strictly greater; a label is positive
    when it is non-zero."""
    y_true, y_pred, sample_weight = _prepare(y_true, y_pred, sample_weight, top_k, class_id, dtype)
    labels = y_true.reshape(-1) != 0
    predictions = y_pred.reshape(-1)
    weights = None if sample_weight is None else sample_weight.reshape(-1)
    thresholds = np.asarray(thresholds, dtype=dtype)
    if distributed_evenly:
        with_epsilon = bool(thresholds[0] < 0.0 or thresholds[-1] > 1.0)
        return _bucketed_counts(labels, predictions, weights, len(thresholds), dtype, with_epsilon)
    positive = predictions[None, :] > thresholds[:, None]
    weight = np.ones_like(predictions) if weights is None else weights

    def count(label_mask, pred_mask):
        return np.sum(np.where(label_mask[None, :] & pred_mask, weight[None, :], 0), axis=1,
                      dtype=dtype)

    return (count(labels, positive), count(~labels, positive),
            count(~labels, ~positive), count(labels, ~positive))


def _bucketed_counts(labels, predictions, weights, num_thresholds, dtype, with_epsilon):
    """Keras's fast path for evenly spaced thresholds (AUC's default): each
    prediction falls in one bucket; counts above a threshold are suffix sums.
    Without the outer epsilon thresholds, predictions of exactly 0 fall in no
    bucket (TF's segment_sum drops index -1)."""
    weight = np.ones_like(predictions) if weights is None else weights
    predictions = np.clip(predictions, 0.0, 1.0)
    true_weight = labels.astype(dtype) * weight
    false_weight = (1.0 - labels.astype(dtype)) * weight
    buckets = np.ceil(predictions * (np.asarray(num_thresholds, dtype) - 1)) - 1
    if with_epsilon:
        buckets = np.maximum(buckets, 0)
    keep = buckets >= 0
    buckets = buckets[keep].astype(np.int64)
    tp_buckets = np.bincount(buckets, true_weight[keep], minlength=num_thresholds).astype(dtype)
    fp_buckets = np.bincount(buckets, false_weight[keep], minlength=num_thresholds).astype(dtype)
    tp = np.cumsum(tp_buckets[::-1])[::-1]
    fp = np.cumsum(fp_buckets[::-1])[::-1]
    total_true, total_false = np.sum(labels * weight, dtype=dtype), np.sum(~labels * weight, dtype=dtype)
    return tp, fp, total_false - fp, total_true - tp


def _divide_no_nan(x, y):
    safe = np.where(y == 0, 1, y)
    return np.where(y == 0, 0, x / safe).astype(x.dtype)


class _ThresholdMetric(Metric):
    """Shared by Precision and Recall: `thresholds`, `top_k`, `class_id`."""

    _counts = ()

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        self.init_thresholds = thresholds
        self.top_k = top_k
        self.class_id = class_id
        default = 0.5 if top_k is None else NEG_INF
        self.thresholds = parse_thresholds(thresholds, default)
        self._thresholds_distributed_evenly = is_evenly_distributed(self.thresholds)
        for count_name in self._counts:
            setattr(self, count_name, self.add_variable((len(self.thresholds),), "zeros",
                                                        name=count_name))

    def update_state(self, y_true, y_pred, sample_weight=None):
        tp, fp, tn, fn = confusion_counts(
            y_true, y_pred, self.thresholds, sample_weight, self.top_k, self.class_id, self.dtype,
            self._thresholds_distributed_evenly,
        )
        found = {"true_positives": tp, "false_positives": fp, "true_negatives": tn,
                 "false_negatives": fn}
        for count_name in self._counts:
            variable = getattr(self, count_name)
            variable.assign(variable.value + found[count_name])

    def _ratio(self, other):
        tp = self.true_positives.value
        result = _divide_no_nan(tp, tp + getattr(self, other).value)
        return result[0] if len(self.thresholds) == 1 else result

    def get_config(self):
        config = super().get_config()
        config.update(
            {"thresholds": self.init_thresholds, "top_k": self.top_k, "class_id": self.class_id}
        )
        return config


class Precision(_ThresholdMetric):
    """The fraction of positive predictions that are right, over all batches.

    precision = true_positives / (true_positives + false_positives), where a
    label is positive when it is non-zero and a prediction when it is above
    the threshold. Sample weights weigh each count. The result is 0 while
    nothing has been predicted positive, as in Keras.

    Args:
        thresholds: a float in [0, 1] or a list of them. A prediction is
            positive at a threshold when it is strictly greater. With a list,
            `result()` returns one value per threshold. Defaults to 0.5, or,
            with `top_k`, to "any score" (every top-k prediction is positive).
        top_k: if given, only the `k` highest predictions of each sample can
            count as positive (the others are treated as negative).
        class_id: if given, only the column `class_id` of multi-class
            (one-hot or multi-label) inputs is scored, as a binary problem.
        name: name of the metric. Defaults to a unique name from the class.
        dtype: dtype of the counts and result. Defaults to "float32".

    Raises:
        ValueError: when a threshold is outside [0, 1]; at `update_state`,
            when `y_true` and `y_pred` have different shapes.

    Examples:
        >>> precision = keras.metrics.Precision()
        >>> precision.update_state([0, 1, 1, 1], [1, 0, 1, 1])
        >>> round(float(precision.result()), 4)
        0.6667
        >>> top_two = keras.metrics.Precision(top_k=2)
        >>> top_two.update_state([[0, 0, 1, 1]], [[0.1, 0.5, 0.9, 0.4]])
        >>> float(top_two.result())
        0.5
    """

    _counts = ("true_positives", "false_positives")

    def result(self):
        return self._ratio("false_positives")


class Recall(_ThresholdMetric):
    """The fraction of positive labels that were predicted, over all batches.

    recall = true_positives / (true_positives + false_negatives), where a
    label is positive when it is non-zero and a prediction when it is above
    the threshold. Sample weights weigh each count. The result is 0 while no
    positive label has been seen, as in Keras.

    Args:
        thresholds: a float in [0, 1] or a list of them. A prediction is
            positive at a threshold when it is strictly greater. With a list,
            `result()` returns one value per threshold. Defaults to 0.5, or,
            with `top_k`, to "any score" (every top-k prediction is positive).
        top_k: if given, only the `k` highest predictions of each sample can
            count as positive (the others are treated as negative).
        class_id: if given, only the column `class_id` of multi-class
            (one-hot or multi-label) inputs is scored, as a binary problem.
        name: name of the metric. Defaults to a unique name from the class.
        dtype: dtype of the counts and result. Defaults to "float32".

    Raises:
        ValueError: when a threshold is outside [0, 1]; at `update_state`,
            when `y_true` and `y_pred` have different shapes.

    Examples:
        >>> recall = keras.metrics.Recall(thresholds=[0.3, 0.7])
        >>> recall.update_state([0, 1, 1, 1], [0.5, 0.2, 0.8, 0.6])
        >>> np.round(recall.result(), 4)
        array([0.6667, 0.3333], dtype=float32)
    """

    _counts = ("true_positives", "false_negatives")

    def result(self):
        return self._ratio("false_negatives")


_CURVES = {"roc": "ROC", "pr": "PR", "prgain": "PRGAIN"}
_SUMMATIONS = ("interpolation", "majoring", "minoring")


class AUC(Metric):
    """Area under the ROC or precision-recall curve, approximated over batches.

    The metric counts true/false positives/negatives at `num_thresholds`
    thresholds spread evenly over [0, 1] (the first just below 0 and the
    last just above 1, so that every prediction falls between them), then
    sums the area of the curve through those points. For the ROC curve the
    points are (false positive rate, recall); for the PR curve (recall,
    precision), where the default "interpolation" follows Davis & Goadrich
    (2006) as Keras does. More thresholds give a closer approximation.

    Args:
        num_thresholds: how many thresholds to use, an int > 1. Defaults
            to 200. Ignored when `thresholds` is given.
        curve: "ROC" (default), "PR" for precision-recall, or "PRGAIN" for
            precision-recall-gain.
        summation_method: how to sum the area between two thresholds:
            "interpolation" (default: trapezoids, or Davis & Goadrich for
            PR), "minoring" (the lower of the two heights) or "majoring"
            (the higher).
        name: name of the metric. Defaults to a unique name such as "auc".
        dtype: dtype of the counts and result. Defaults to "float32".
        thresholds: an explicit list of thresholds in [0, 1], used instead of
            `num_thresholds` (the two outer thresholds are still added).
        multi_label: Keras computes one curve per label when True; kerasish
            supports only the default, False.
        num_labels: number of labels with `multi_label`; must be None here.
        label_weights: per-label weights of the multi-label average; must be
            None here.
        from_logits: whether predictions are logits, to which a sigmoid is
            applied first. Defaults to False (probabilities).

    Raises:
        ValueError: for an unknown `curve` or `summation_method`,
            `num_thresholds` <= 1, or when `multi_label`, `num_labels` or
            `label_weights` is given (not supported yet).

    Examples:
        >>> auc = keras.metrics.AUC(num_thresholds=3)
        >>> auc.update_state([0, 0, 1, 1], [0.0, 0.5, 0.3, 0.9])
        >>> float(auc.result())
        0.75
        >>> pr_auc = keras.metrics.AUC(curve="PR")
        >>> pr_auc.update_state([0, 0, 1, 1], [0.0, 0.5, 0.3, 0.9])
        >>> round(float(pr_auc.result()), 4)
        0.7973
    """

    def __init__(
        self, num_thresholds=200, curve="ROC", summation_method="interpolation", name=None,
        dtype=None, thresholds=None, multi_label=False, num_labels=None, label_weights=None,
        from_logits=False,
    ):
        if str(curve).lower() not in _CURVES:
            raise ValueError(
                f'Invalid AUC curve value: "{curve}". Expected values are ["PR", "ROC", "PRGAIN"]'
            )
        if str(summation_method).lower() not in _SUMMATIONS:
            raise ValueError(
                f'Invalid AUC summation method value: "{summation_method}". Expected values are '
                '["interpolation", "majoring", "minoring"]'
            )
        if multi_label or label_weights is not None:
            raise ValueError("kerasish's AUC does not support `multi_label` or `label_weights` yet.")
        if num_labels:
            raise ValueError("`num_labels` is needed only when `multi_label` is True.")
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        self._init_from_thresholds = thresholds is not None
        if thresholds is not None:
            self.num_thresholds = len(thresholds) + 2
            thresholds = sorted(thresholds)
            self._thresholds_distributed_evenly = is_evenly_distributed([0.0] + thresholds + [1.0])
        else:
            if num_thresholds <= 1:
                raise ValueError(
                    "Argument `num_thresholds` must be an integer > 1. "
                    f"Received: num_thresholds={num_thresholds}"
                )
            self.num_thresholds = num_thresholds
            thresholds = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
            self._thresholds_distributed_evenly = True
        eps = config.epsilon()
        self._thresholds = np.array([0.0 - eps] + list(thresholds) + [1.0 + eps])
        self.curve = _CURVES[str(curve).lower()]
        self.summation_method = str(summation_method).lower()
        self.multi_label = multi_label
        self.num_labels = num_labels
        self.label_weights = label_weights
        self._from_logits = from_logits
        shape = (self.num_thresholds,)
        self.true_positives = self.add_variable(shape, "zeros", name="true_positives")
        self.false_positives = self.add_variable(shape, "zeros", name="false_positives")
        self.true_negatives = self.add_variable(shape, "zeros", name="true_negatives")
        self.false_negatives = self.add_variable(shape, "zeros", name="false_negatives")

    @property
    def thresholds(self):
        """The thresholds in use, the two outer ones included, as a list."""
        return list(self._thresholds)

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_pred = np.asarray(ops.convert_to_numpy(y_pred))
        if self._from_logits:
            y_pred = 1 / (1 + np.exp(-y_pred))
        counts = confusion_counts(
            y_true, y_pred, self._thresholds, sample_weight, dtype=self.dtype,
            distributed_evenly=self._thresholds_distributed_evenly,
        )
        for variable, count in zip(
            (self.true_positives, self.false_positives, self.true_negatives, self.false_negatives),
            counts,
        ):
            variable.assign(variable.value + count)

    def _interpolate_pr_auc(self):
        tp, fp, fn = self.true_positives.value, self.false_positives.value, self.false_negatives.value
        dtp = tp[:-1] - tp[1:]
        p = tp + fp
        dp = p[:-1] - p[1:]
        slope = _divide_no_nan(dtp, np.maximum(dp, 0))
        intercept = tp[1:] - slope * p[1:]
        both_positive = (p[:-1] > 0) & (p[1:] > 0)
        ratio = np.where(both_positive, _divide_no_nan(p[:-1], np.maximum(p[1:], 0)), 1)
        with np.errstate(divide="ignore"):
            increment = _divide_no_nan(
                slope * (dtp + intercept * np.log(ratio)), np.maximum(tp[1:] + fn[1:], 0)
            )
        return np.sum(increment)

    def result(self):
        if self.curve == "PR" and self.summation_method == "interpolation":
            return self._interpolate_pr_auc()
        tp, fp = self.true_positives.value, self.false_positives.value
        tn, fn = self.true_negatives.value, self.false_negatives.value
        recall = _divide_no_nan(tp, tp + fn)
        if self.curve == "ROC":
            x, y = _divide_no_nan(fp, fp + tn), recall
        elif self.curve == "PR":
            x, y = recall, _divide_no_nan(tp, tp + fp)
        else:
            scale = _divide_no_nan(tp + fn, tn + fp)
            recall_gain = np.where(tp == 0, 0.0, 1.0 - scale * _divide_no_nan(fn, tp))
            precision_gain = np.where(tp == 0, 1.0, 1.0 - scale * _divide_no_nan(fp, tp))
            x, y = np.maximum(recall_gain, 0.0).astype(tp.dtype), precision_gain.astype(tp.dtype)
        if self.summation_method == "interpolation":
            heights = (y[:-1] + y[1:]) / 2.0
        elif self.summation_method == "minoring":
            heights = np.minimum(y[:-1], y[1:])
        else:
            heights = np.maximum(y[:-1], y[1:])
        return np.sum((x[:-1] - x[1:]) * heights)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "num_thresholds": self.num_thresholds,
                "curve": self.curve,
                "summation_method": self.summation_method,
                "multi_label": self.multi_label,
                "num_labels": self.num_labels,
                "label_weights": self.label_weights,
                "from_logits": self._from_logits,
            }
        )
        if self._init_from_thresholds:
            config["thresholds"] = [float(t) for t in self.thresholds[1:-1]]
        return config
