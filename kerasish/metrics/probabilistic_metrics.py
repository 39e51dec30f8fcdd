"""Metrics that average a loss over every sample seen: crossentropies,
divergences, hinges and cosine similarity."""

from kerasish import ops
from kerasish.losses import losses
from kerasish.metrics.reduction_metrics import MeanMetricWrapper


class BinaryCrossentropy(MeanMetricWrapper):
    """The mean binary cross-entropy over all batches.

    Args:
        name: name of the metric (default `"binary_crossentropy"`).
        dtype: dtype of the result (default `"float32"`).
        from_logits: whether `y_pred` holds logits.
        label_smoothing: moves the targets towards 0.5 by this fraction.

    Examples:
        >>> metric = keras.metrics.BinaryCrossentropy()
        >>> metric.update_state([[0.0, 1.0], [0.0, 0.0]], [[0.6, 0.4], [0.4, 0.6]])
        >>> round(float(metric.result()), 4)
        0.8149
    """

    def __init__(self, name="binary_crossentropy", dtype=None, from_logits=False,
                 label_smoothing=0):
        super().__init__(losses.binary_crossentropy, name=name, dtype=dtype,
                         from_logits=from_logits, label_smoothing=label_smoothing)
        self._direction = "down"


class CategoricalCrossentropy(MeanMetricWrapper):
    """The mean categorical cross-entropy of one-hot targets over all batches.

    Args:
        name: name of the metric (default `"categorical_crossentropy"`).
        dtype: dtype of the result (default `"float32"`).
        from_logits: whether `y_pred` holds logits.
        label_smoothing: mixes the targets with the uniform distribution.
        axis: the class axis (default -1).

    Examples:
        >>> metric = keras.metrics.CategoricalCrossentropy()
        >>> metric.update_state([[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])
        >>> round(float(metric.result()), 4)
        1.1769
    """

    def __init__(self, name="categorical_crossentropy", dtype=None, from_logits=False,
                 label_smoothing=0, axis=-1):
        super().__init__(losses.categorical_crossentropy, name=name, dtype=dtype,
                         from_logits=from_logits, label_smoothing=label_smoothing, axis=axis)
        self._direction = "down"


class SparseCategoricalCrossentropy(MeanMetricWrapper):
    """The mean cross-entropy of integer labels over all batches.

    Args:
        name: name of the metric (default `"sparse_categorical_crossentropy"`).
        dtype: dtype of the result (default `"float32"`).
        from_logits: whether `y_pred` holds logits.
        ignore_class: a label whose samples are left out, or None.
        axis: the class axis (default -1).

    Examples:
        >>> metric = keras.metrics.SparseCategoricalCrossentropy()
        >>> metric.update_state([1, 2], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])
        >>> round(float(metric.result()), 4)
        1.1769
    """

    def __init__(self, name="sparse_categorical_crossentropy", dtype=None, from_logits=False,
                 ignore_class=None, axis=-1):
        super().__init__(losses.sparse_categorical_crossentropy, name=name, dtype=dtype,
                         from_logits=from_logits, ignore_class=ignore_class, axis=axis)
        self._direction = "down"


def _plain_wrapper(class_name, fn, default_name, summary, example):
    """A metric class averaging `fn`, with only `name` and `dtype` arguments."""

    def __init__(self, name=default_name, dtype=None):
        MeanMetricWrapper.__init__(self, fn, name=name, dtype=dtype)
        self._direction = "down"

    doc = f"""{summary}

    Args:
        name: name of the metric (default `"{default_name}"`).
        dtype: dtype of the result (default `"float32"`).

    Examples:
        >>> metric = keras.metrics.{class_name}()
        >>> metric.update_state([[0.0, 1.0], [0.0, 0.0]], [[0.6, 0.4], [0.4, 0.6]])
        >>> round(float(metric.result()), 4)
        {example}
    """
    cls = type(class_name, (MeanMetricWrapper,), {"__init__": __init__, "__doc__": doc})
    cls.__module__ = __name__
    return cls


KLDivergence = _plain_wrapper(
    "KLDivergence", losses.kl_divergence, "kl_divergence",
    "The mean Kullback-Leibler divergence `sum(y_true * log(y_true / y_pred))` over all batches.",
    0.4581)
Poisson = _plain_wrapper(
    "Poisson", losses.poisson, "poisson",
    "The mean Poisson loss `mean(y_pred - y_true * log(y_pred))` over all batches.", 0.7291)
Hinge = _plain_wrapper(
    "Hinge", losses.hinge, "hinge",
    "The mean hinge loss `mean(max(1 - y_true * y_pred, 0))` over all batches.", 1.3)
SquaredHinge = _plain_wrapper(
    "SquaredHinge", losses.squared_hinge, "squared_hinge",
    "The mean squared hinge loss `mean(max(1 - y_true * y_pred, 0) ** 2)` over all batches.",
    1.86)
CategoricalHinge = _plain_wrapper(
    "CategoricalHinge", losses.categorical_hinge, "categorical_hinge",
    "The mean categorical hinge loss `max(0, 1 + max(negatives) - positive)` over all batches.",
    1.4)


class CosineSimilarity(MeanMetricWrapper):
    """The mean cosine similarity of targets and predictions over all batches
    (1 for the same direction, -1 for opposite ones); higher is better.

    Args:
        name: name of the metric (default `"cosine_similarity"`).
        dtype: dtype of the result (default `"float32"`).
        axis: the axis the similarity is computed along (default -1).

    Examples:
        >>> metric = keras.metrics.CosineSimilarity()
        >>> metric.update_state([[0.0, 1.0], [1.0, 1.0]], [[1.0, 0.0], [1.0, 1.0]])
        >>> round(float(metric.result()), 4)
        0.5
    """

    def __init__(self, name="cosine_similarity", dtype=None, axis=-1):
        super().__init__(_cosine_similarity, name=name, dtype=dtype, axis=axis)
        self._direction = "up"

    def get_config(self):
        # Keras records only the name and dtype.
        return {"name": self.name, "dtype": self.dtype}


def _cosine_similarity(y_true, y_pred, axis=-1):
    """The similarity itself (the loss of that name is its negative)."""
    return ops.negative(losses.cosine_similarity(y_true, y_pred, axis=axis))


PROBABILISTIC_METRICS = (
    BinaryCrossentropy, CategoricalCrossentropy, SparseCategoricalCrossentropy, KLDivergence,
    Poisson, Hinge, SquaredHinge, CategoricalHinge, CosineSimilarity,
)

__all__ = [cls.__name__ for cls in PROBABILISTIC_METRICS]
