"""Sum, Mean and MeanMetricWrapper (a per-sample function averaged over samples)."""

import numpy as np

from kerasish import losses
from kerasish import ops
from kerasish.backend.masking import get_keras_mask
from kerasish.backend.tensor import no_grad
from kerasish.losses.loss import apply_mask, squeeze_or_expand_to_same_rank
from kerasish.metrics.metric import Metric


def _plain(x):
    return np.asarray(ops.convert_to_numpy(x))


def _is_scalar(x):
    return isinstance(x, (int, float, np.generic)) or (isinstance(x, np.ndarray) and x.ndim == 0)


def reduce_to_samplewise_values(values, sample_weight, dtype, reduce_fn=np.mean):
    """Weighted per-sample values and the matching weights, as Keras does.
    `reduce_fn` folds each sample's inner axes (Mean averages, Sum adds)."""
    values = _plain(values).astype(dtype, copy=False)
    if sample_weight is not None:
        sample_weight = _plain(sample_weight).astype(dtype, copy=False)
        values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
        values, sample_weight = _plain(values), _plain(sample_weight)
        if values.ndim > sample_weight.ndim:
            values = reduce_fn(values, axis=tuple(range(sample_weight.ndim, values.ndim)))
        if sample_weight.shape != values.shape:
            sample_weight = np.broadcast_to(sample_weight, values.shape)
        values = values * sample_weight
        if sample_weight.ndim > 1:
            sample_weight = reduce_fn(sample_weight, axis=tuple(range(1, sample_weight.ndim)))
    if values.ndim > 1:
        values = reduce_fn(values, axis=tuple(range(1, values.ndim)))
    return values, sample_weight


class Sum(Metric):
    """The (weighted) sum of every value seen.

    `update_state(values, sample_weight=None)` multiplies each value by its
    weight (1 by default) and adds it to `total`; `result()` returns the
    total. Weights broadcast against the values as in Keras: a weight per
    sample covers all of that sample's values.

    Args:
        name: name of the metric. Defaults to "sum".
        dtype: dtype of the running total. Defaults to "float32".

    Examples:
        >>> total = keras.metrics.Sum()
        >>> total.update_state([1.0, 2.0, 3.0])
        >>> total.update_state([10.0, 20.0], sample_weight=[1.0, 0.5])
        >>> float(total.result())
        26.0
    """

    def __init__(self, name="sum", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable((), "zeros", name="total")

    def update_state(self, values, sample_weight=None):
        values, _ = reduce_to_samplewise_values(values, sample_weight, self.dtype, np.sum)
        self.total.assign(self.total.value + values.sum(dtype=self.dtype))

    def result(self):
        return self.total.value.copy()


class Mean(Metric):
    """The (weighted) mean of every value seen: total / count.

    `update_state(values, sample_weight=None)` adds `sum(w * v)` to `total`
    and `sum(w)` to `count`; `result()` returns `total / count` (0 before
    any update). A sample with several values first becomes their mean, so
    each sample counts once, as in Keras. `fit` uses a `Mean` to report the
    running loss.

    Args:
        name: name of the metric. Defaults to "mean".
        dtype: dtype of the running total and count. Defaults to "float32".

    Examples:
        >>> mean = keras.metrics.Mean()
        >>> mean.update_state([1.0, 2.0, 3.0])
        >>> float(mean.result())
        2.0
        >>> mean.update_state([10.0], sample_weight=[3.0])
        >>> float(mean.result())
        6.0
    """

    def __init__(self, name="mean", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable((), "zeros", name="total")
        self.count = self.add_variable((), "zeros", name="count")

    def update_state(self, values, sample_weight=None):
        if _is_scalar(values) and (sample_weight is None or _is_scalar(sample_weight)):
            self._add_scalar(values, sample_weight)
            return
        values, sample_weight = reduce_to_samplewise_values(values, sample_weight, self.dtype)
        # In place: the state variables hold 0-d arrays of the metric's dtype.
        self.total.value += values.sum(dtype=self.dtype)
        if sample_weight is not None:
            count = sample_weight.sum(dtype=self.dtype)
        else:
            count = values.shape[0] if values.ndim >= 1 else 1
        self.count.value += np.asarray(count, dtype=self.dtype)

    def _add_scalar(self, value, weight):
        """The general path's arithmetic, in the metric's dtype, on NumPy
        scalars: `fit` adds each batch's loss (weighted by the batch size)
        this way every step, where the array plumbing cost more than the sum."""
        cast = np.dtype(self.dtype).type
        value = cast(value)
        weight = cast(1 if weight is None else weight)
        if weight != 1:
            value = value * weight
        self.total.value += value  # in place, as in update_state
        self.count.value += weight

    def result(self):
        if self.count.value == 0:
            return np.zeros((), dtype=self.dtype)
        return self.total.value / self.count.value


class MeanMetricWrapper(Mean):
    """Turns a per-sample function `fn(y_true, y_pred)` into a stateful metric.

    Each `update_state(y_true, y_pred, sample_weight=None)` computes
    `fn(y_true, y_pred, **kwargs)` (one value per sample) and adds the values
    to a weighted `Mean`; `result()` is the mean over every sample seen. The
    accuracy and regression metrics are built this way. A wrapped loss
    function counts as "lower is better" for callbacks in `mode="auto"`.

    Args:
        fn: the per-sample function, called as `fn(y_true, y_pred, **kwargs)`.
        name: name of the metric. Defaults to `fn.__name__`.
        dtype: dtype of the running total and count. Defaults to "float32".
        **kwargs: extra keyword arguments passed to `fn` on every call and
            saved in the config.

    Examples:
        >>> def absolute_error(y_true, y_pred):
        ...     return np.abs(np.asarray(y_true) - np.asarray(y_pred))
        >>> metric = keras.metrics.MeanMetricWrapper(absolute_error)
        >>> metric.update_state([1.0, 2.0], [2.0, 4.0])
        >>> float(metric.result()), metric.name
        (1.5, 'absolute_error')
    """

    def __init__(self, fn, name=None, dtype=None, **kwargs):
        super().__init__(name=name or fn.__name__, dtype=dtype)
        self._fn = fn
        self._fn_kwargs = kwargs
        if _is_loss(fn):  # a wrapped loss is minimised (for callbacks in mode="auto")
            self._direction = "down"

    def update_state(self, y_true, y_pred, sample_weight=None):
        # y_pred may be a Tensor that remembers its logits (softmax/sigmoid
        # outputs); crossentropy metrics then use them, as Keras does.
        mask = get_keras_mask(y_pred)
        with no_grad():
            values = self._fn(y_true, y_pred, **self._fn_kwargs)
        # Masked steps (a Keras mask on y_pred) weigh 0, as in Keras.
        sample_weight = apply_mask(sample_weight, mask, self.dtype, reduction="sum")
        super().update_state(values, sample_weight=sample_weight)

    def get_config(self):
        config = {"name": self.name, "dtype": self.dtype}
        config.update(self._fn_kwargs)
        return config

    @classmethod
    def from_config(cls, config):
        """Recreates a subclass from its config; the bare wrapper cannot be,
        since its config does not hold `fn`."""
        if cls is MeanMetricWrapper:
            raise ValueError("MeanMetricWrapper needs a `fn`; it cannot be built from config alone.")
        return cls(**config)


def _is_loss(fn):
    known = list(losses.ALL_OBJECTS_DICT.values())
    return any(fn is obj or type(fn) is obj for obj in known)
