"""F-beta and F1 scores, accumulated per class over batches as Keras does."""

import numpy as np

from kerasish import ops
from kerasish.backend import config
from kerasish.metrics.metric import Metric


class FBetaScore(Metric):
    """The F-beta score of multi-class or multi-label predictions, over all batches.

    F_beta = (1 + beta^2) * precision * recall / (beta^2 * precision + recall),
    computed per class from true positive, false positive and false
    negative counts accumulated over every batch. `beta` > 1 weighs recall
    more, `beta` < 1 precision. Inputs are 2D: `(batch_size, num_classes)`
    0/1 labels and scores.

    Args:
        average: how to combine the per-class scores: None (default) returns
            one score per class; "micro" pools the counts of all classes
            first; "macro" averages the class scores; "weighted" averages
            them weighted by each class's number of true labels.
        beta: the weight of recall against precision, a positive Python
            float. Defaults to 1.0.
        threshold: a float in (0, 1]: a score above it counts as a predicted
            positive. Defaults to None, where the highest score of each
            sample (and any score tied with it) counts as the prediction.
        name: name of the metric. Defaults to "fbeta_score".
        dtype: dtype of the counts and result. Defaults to "float32".

    Raises:
        ValueError: for an unknown `average`, a `beta` that is not a
            positive float, or a `threshold` that is not a float in (0, 1];
            at `update_state`, for inputs that are not 2D.

    Examples:
        >>> y_true = np.array([[1, 1, 0], [1, 0, 0], [1, 0, 1]])
        >>> y_pred = np.array([[0.2, 0.6, 0.7], [0.2, 0.6, 0.6], [0.6, 0.8, 0.0]])
        >>> metric = keras.metrics.FBetaScore(beta=2.0, average="micro", threshold=0.5)
        >>> metric.update_state(y_true, y_pred)
        >>> round(float(metric.result()), 4)
        0.3846
    """

    def __init__(self, average=None, beta=1.0, threshold=None, name="fbeta_score", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        if average not in (None, "micro", "macro", "weighted"):
            raise ValueError(
                "Invalid `average` argument value. Expected one of: "
                f"{{None, 'micro', 'macro', 'weighted'}}. Received: average={average}"
            )
        if not isinstance(beta, float):
            raise ValueError(
                "Invalid `beta` argument value. It should be a Python float. "
                f"Received: beta={beta} of type '{type(beta)}'"
            )
        if beta <= 0.0:
            raise ValueError(f"Invalid `beta` argument value. It should be > 0. Received: beta={beta}")
        if threshold is not None:
            if not isinstance(threshold, float):
                raise ValueError(
                    "Invalid `threshold` argument value. It should be a Python float. "
                    f"Received: threshold={threshold} of type '{type(threshold)}'"
                )
            if threshold > 1.0 or threshold <= 0.0:
                raise ValueError(
                    "Invalid `threshold` argument value. It should verify 0 < threshold <= 1. "
                    f"Received: threshold={threshold}"
                )
        self.average = average
        self.beta = beta
        self.threshold = threshold
        self.axis = None if average == "micro" else 0
        self._built = False

    def _build(self, y_true_shape, y_pred_shape):
        if len(y_pred_shape) != 2 or len(y_true_shape) != 2:
            raise ValueError(
                f"{self.__class__.__name__} expects 2D inputs with shape "
                "(batch_size, output_dim). Received input shapes: "
                f"y_pred.shape={y_pred_shape} and y_true.shape={y_true_shape}."
            )
        shape = () if self.average == "micro" else (y_pred_shape[-1],)
        self.true_positives = self.add_variable(shape, "zeros", name="true_positives")
        self.false_positives = self.add_variable(shape, "zeros", name="false_positives")
        self.false_negatives = self.add_variable(shape, "zeros", name="false_negatives")
        self.intermediate_weights = self.add_variable(shape, "zeros", name="intermediate_weights")
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = np.asarray(ops.convert_to_numpy(y_true)).astype(self.dtype)
        y_pred = np.asarray(ops.convert_to_numpy(y_pred)).astype(self.dtype)
        if not self._built:
            self._build(y_true.shape, y_pred.shape)
        if self.threshold is None:
            # Keras's rule: predicted = the row maximum (and not ~0).
            row_max = np.max(y_pred, axis=-1, keepdims=True)
            predicted = (y_pred >= row_max) & (np.abs(y_pred) > 1e-9)
        else:
            predicted = y_pred > self.threshold
        predicted = predicted.astype(self.dtype)
        if sample_weight is not None:
            sample_weight = np.asarray(ops.convert_to_numpy(sample_weight)).astype(self.dtype)

        def weighted_sum(values):
            if sample_weight is not None:
                values = values * np.expand_dims(sample_weight, 1)
            return np.sum(values, axis=self.axis)

        for variable, values in (
            (self.true_positives, predicted * y_true),
            (self.false_positives, predicted * (1 - y_true)),
            (self.false_negatives, (1 - predicted) * y_true),
            (self.intermediate_weights, y_true),
        ):
            variable.assign(variable.value + weighted_sum(values))

    def result(self):
        if not self._built:
            return np.zeros((), self.dtype)
        eps = config.epsilon()
        tp = self.true_positives.value
        precision = tp / (tp + self.false_positives.value + eps)
        recall = tp / (tp + self.false_negatives.value + eps)
        beta_squared = self.beta**2
        score = (precision * recall) / (beta_squared * precision + recall + eps) * (1 + beta_squared)
        if self.average == "weighted":
            weights = self.intermediate_weights.value
            score = np.sum(score * (weights / (np.sum(weights) + eps)))
        elif self.average is not None:
            score = np.mean(score)
        return score.astype(self.dtype)

    def reset_state(self):
        for variable in self.variables:
            variable.assign(np.zeros(variable.shape, dtype=variable.value.dtype))

    def get_config(self):
        config = super().get_config()
        config.update({"average": self.average, "beta": self.beta, "threshold": self.threshold})
        return config


class F1Score(FBetaScore):
    """The F1 score, the harmonic mean of precision and recall, over all batches.

    F1 = 2 * precision * recall / (precision + recall): `FBetaScore` with
    beta = 1. Inputs are 2D: `(batch_size, num_classes)` 0/1 labels and
    scores.

    Args:
        average: None (default) for one score per class, or "micro",
            "macro" or "weighted" to combine them (see `FBetaScore`).
        threshold: a float in (0, 1]: a score above it counts as a predicted
            positive. Defaults to None, where each sample's highest score
            counts as its prediction.
        name: name of the metric. Defaults to "f1_score".
        dtype: dtype of the counts and result. Defaults to "float32".

    Examples:
        >>> y_true = np.array([[1, 1, 0], [1, 0, 0], [1, 0, 1]])
        >>> y_pred = np.array([[0.2, 0.6, 0.7], [0.2, 0.6, 0.6], [0.6, 0.8, 0.0]])
        >>> metric = keras.metrics.F1Score(threshold=0.5)
        >>> metric.update_state(y_true, y_pred)
        >>> np.round(metric.result(), 4)
        array([0.5, 0.5, 0. ], dtype=float32)
    """

    def __init__(self, average=None, threshold=None, name="f1_score", dtype=None):
        super().__init__(average=average, beta=1.0, threshold=threshold, name=name, dtype=dtype)

    def get_config(self):
        config = super().get_config()
        del config["beta"]
        return config
