"""The `Loss` base class and Keras's reduction rules."""

import math

import numpy as np

from kerasish import ops
from kerasish.backend import config
from kerasish.backend.tensor import Tensor

_REDUCTIONS = (None, "none", "sum", "sum_over_batch_size", "mean", "mean_with_sample_weight")


def standardize_reduction(reduction):
    if reduction not in _REDUCTIONS:
        raise ValueError(
            f"Invalid value for argument `reduction`. Expected one of {_REDUCTIONS}. "
            f"Received: reduction={reduction}"
        )
    return reduction


class Loss:
    """Base class: subclasses implement `call(y_true, y_pred)` returning one
    loss per sample; `__call__` applies sample weights and the reduction."""

    def __init__(self, name=None, reduction="sum_over_batch_size", dtype=None):
        self.name = name or self.__class__.__name__
        self.reduction = standardize_reduction(reduction)
        self._dtype = dtype

    @property
    def dtype(self):
        return self._dtype or config.floatx()

    def __call__(self, y_true, y_pred, sample_weight=None):
        y_pred = ops.convert_to_tensor(y_pred, dtype=self.dtype)
        y_true = ops.convert_to_tensor(y_true, dtype=self.dtype)
        losses = self.call(y_true, y_pred)
        return reduce_weighted_values(losses, sample_weight, self.reduction, self.dtype)

    def call(self, y_true, y_pred):
        raise NotImplementedError

    def get_config(self):
        return {"name": self.name, "reduction": self.reduction}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def squeeze_or_expand_to_same_rank(x1, x2, expand_rank_1=True):
    """Makes ranks equal when they differ by a trailing axis of size 1."""
    r1, r2 = len(np.shape(x1)), len(np.shape(x2))
    if r1 == r2 + 1 and np.shape(x1)[-1] == 1:
        if r2 == 1 and expand_rank_1:
            x2 = ops.expand_dims(x2, -1)
        else:
            x1 = ops.squeeze(x1, axis=-1)
    if r2 == r1 + 1 and np.shape(x2)[-1] == 1:
        if r1 == 1 and expand_rank_1:
            x1 = ops.expand_dims(x1, -1)
        else:
            x2 = ops.squeeze(x2, axis=-1)
    return x1, x2


def check_broadcastable(x1, x2, name1, name2):
    """Raises a ValueError naming both arguments when their shapes cannot be
    combined element-wise (Keras's backends fail here with their own errors)."""
    shape1, shape2 = tuple(np.shape(x1)), tuple(np.shape(x2))
    try:
        np.broadcast_shapes(shape1, shape2)
    except ValueError:
        raise ValueError(
            f"Arguments `{name1}` and `{name2}` must have compatible shapes. "
            f"Received: {name1}.shape={shape1}, {name2}.shape={shape2}"
        ) from None


def reduce_values(values, sample_weight=None, reduction="sum_over_batch_size"):
    shape = np.shape(values)
    if reduction in (None, "none") or shape == () or shape == (0,):
        return values
    loss = ops.sum(values)
    if reduction in ("sum_over_batch_size", "mean", "mean_with_sample_weight"):
        if reduction == "mean_with_sample_weight" and sample_weight is not None:
            # An op, not NumPy: the loss is differentiable in the weights too.
            divisor = ops.cast(ops.sum(sample_weight), _dtype_of(loss))
        else:
            divisor = np.asarray(math.prod(shape), dtype=_dtype_of(loss))
        loss = ops.divide_no_nan(loss, divisor)
    return loss


def _dtype_of(x):
    return x.value.dtype if isinstance(x, Tensor) else np.asarray(x).dtype


def reduce_weighted_values(values, sample_weight=None, reduction="sum_over_batch_size", dtype=None):
    reduction = standardize_reduction(reduction)
    values = ops.convert_to_tensor(values, dtype=dtype)
    if sample_weight is not None:
        sample_weight = ops.convert_to_tensor(sample_weight, dtype=_dtype_of(values))
        values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
        check_broadcastable(sample_weight, values, "sample_weight", "losses")
        values = ops.multiply(values, sample_weight)
    return reduce_values(values, sample_weight, reduction)
