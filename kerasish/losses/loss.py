"""The `Loss` base class and Keras's reduction rules."""

import math

import numpy as np

from kerasish import ops
from kerasish.backend import config
from kerasish.backend.masking import get_keras_mask
from kerasish.backend import primitives as P
from kerasish.backend.tensor import Tensor
from kerasish.utils.naming import auto_name

_REDUCTIONS = (None, "none", "sum", "sum_over_batch_size", "mean", "mean_with_sample_weight")


def standardize_reduction(reduction):
    """Returns `reduction` if it is one Keras accepts, else raises.

    Args:
        reduction: None, `"none"`, `"sum"`, `"sum_over_batch_size"`, `"mean"` or
            `"mean_with_sample_weight"`.

    Returns:
        `reduction` unchanged.

    Raises:
        ValueError: If `reduction` is not one of those values.
    """
    if reduction not in _REDUCTIONS:
        raise ValueError(
            f"Invalid value for argument `reduction`. Expected one of {_REDUCTIONS}. "
            f"Received: reduction={reduction}"
        )
    return reduction


class Loss:
    """Base class of the losses: subclasses compute one loss per sample in `call`.

    Calling a loss, `loss(y_true, y_pred, sample_weight=None)`, converts both
    arguments to the loss's dtype, computes `call(y_true, y_pred)`, multiplies
    the per-sample losses by `sample_weight` (if given; a (batch,) weight meets
    (batch, 1) losses as Keras matches them) and combines them according to
    `reduction`. Entries masked out by a Keras mask on `y_pred` (see
    `Embedding(mask_zero=True)` and `Masking`) do not count. The reductions:

    - `"sum_over_batch_size"` (the default) or `"mean"`: the sum divided by the
      number of loss values, that is the mean (weights of 0 still count in the
      divisor, as in Keras);
    - `"sum"`: the sum;
    - `"mean_with_sample_weight"`: the sum divided by the sum of the weights;
    - None or `"none"`: no reduction, one loss per sample.

    The result is a float32 scalar (a NumPy scalar, or a Tensor when
    `y_pred` needs a gradient), as `model.compile(loss=...)` needs it.

    Args:
        name: The name of the loss. None (the default) derives one from the
            class name in snake case (`MeanCubedError` gives
            `"mean_cubed_error"`), as Keras does.
        reduction: One of the reductions above. Defaults to
            `"sum_over_batch_size"`.
        dtype: The dtype the inputs are converted to and the loss is computed
            in. None (the default) means `keras.config.floatx()`.

    Raises:
        ValueError: If `reduction` is not one of the values above.

    Examples:
        >>> class MeanCubedError(keras.losses.Loss):
        ...     def call(self, y_true, y_pred):
        ...         return keras.ops.mean(keras.ops.abs(y_pred - y_true) ** 3, axis=-1)
        >>> loss = MeanCubedError()
        >>> round(float(loss(np.array([[0.0, 0.0]]), np.array([[1.0, 2.0]]))), 4)
        4.5
    """

    def __init__(self, name=None, reduction="sum_over_batch_size", dtype=None):
        self.name = name or auto_name(self.__class__.__name__)
        self.reduction = standardize_reduction(reduction)
        self._dtype = dtype

    @property
    def dtype(self):
        """The dtype the loss computes in: the constructor's `dtype`, else `floatx()`.

        Returns:
            A dtype name such as `"float32"`.
        """
        return self._dtype or config.floatx()

    def __call__(self, y_true, y_pred, sample_weight=None):
        """Returns the loss of `y_pred` against `y_true`, weighted and reduced.

        Args:
            y_true: The targets.
            y_pred: The predictions.
            sample_weight: Optional weights, one per sample (or broadcastable to
                the per-sample losses). Defaults to None.

        Returns:
            The reduced loss (see the class description).
        """
        # A mask on the predictions (from Embedding(mask_zero=True), Masking,
        # ...) leaves the masked steps out of the loss, as in Keras.
        prediction_mask = get_keras_mask(y_pred)
        y_pred = ops.convert_to_tensor(y_pred, dtype=self.dtype)
        y_true = ops.convert_to_tensor(y_true, dtype=self.dtype)
        losses = self.call(y_true, y_pred)
        mask = _both_masks(prediction_mask, get_loss_mask(losses))
        return reduce_weighted_values(losses, sample_weight, self.reduction, self.dtype, mask=mask)

    def call(self, y_true, y_pred):
        """Computes one loss per sample; every subclass must override it.

        `__call__` has already converted both arguments to `self.dtype`; the
        sample weighting and the reduction happen afterwards.

        Args:
            y_true: The targets, a Tensor or NumPy array.
            y_pred: The predictions, a Tensor or NumPy array.

        Returns:
            The per-sample losses, usually of shape (batch,) or the shape of
            `y_pred` without its last axis.

        Raises:
            NotImplementedError: Always, in the base class.
        """
        raise NotImplementedError

    def get_config(self):
        """Returns the loss's constructor arguments, so that `from_config` can rebuild it.

        Subclasses that take more arguments add them to this dict.

        Returns:
            A dict with at least `"name"` and `"reduction"`.
        """
        return {"name": self.name, "reduction": self.reduction}

    @classmethod
    def from_config(cls, config):
        """Creates a loss from the dict `get_config` returned.

        Args:
            config: A dict of constructor arguments.

        Returns:
            A new instance of the class, `cls(**config)`.
        """
        return cls(**config)


def _both_masks(first, second):
    """The entries valid in both masks; either mask may be None."""
    if first is None or second is None:
        return second if first is None else first
    return np.logical_and(
        np.asarray(ops.convert_to_numpy(first), dtype=bool),
        np.asarray(ops.convert_to_numpy(second), dtype=bool),
    )


def squeeze_or_expand_to_same_rank(x1, x2, expand_rank_1=True):
    """Matches the ranks of two arrays that differ by a trailing axis of size 1.

    Keras compares (batch,) labels with (batch, 1) predictions this way. When
    one argument has one more axis than the other and that last axis has size
    1, it is squeezed away, except that a rank-1 partner is expanded instead
    when `expand_rank_1` is True. Other shapes are left alone.

    Args:
        x1: A Tensor or NumPy array.
        x2: A Tensor or NumPy array.
        expand_rank_1: Whether a rank-1 argument gains an axis rather than the
            other losing one. Defaults to True.

    Returns:
        The pair `(x1, x2)`, reshaped where needed.

    Examples:
        >>> a, b = keras.losses.squeeze_or_expand_to_same_rank(np.zeros((4, 1)), np.zeros(4))
        >>> a.shape, b.shape
        ((4, 1), (4, 1))
        >>> a, b = keras.losses.squeeze_or_expand_to_same_rank(np.zeros((4, 1)), np.zeros(4), False)
        >>> a.shape, b.shape
        ((4,), (4,))
    """
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
    """Checks that two arrays can be combined element-wise, with an error that names them.

    The shapes must be compatible under NumPy broadcasting. Keras's backends
    fail on such inputs with errors of their own; this one names both
    arguments and their shapes.

    Args:
        x1: A Tensor, NumPy array or list.
        x2: A Tensor, NumPy array or list.
        name1: The argument name of `x1` to use in the error, such as `"y_true"`.
        name2: The argument name of `x2` to use in the error.

    Raises:
        ValueError: If the shapes of `x1` and `x2` do not broadcast.

    Examples:
        >>> keras.losses.check_broadcastable(np.zeros((2, 3)), np.zeros((2, 4)), "y_true", "y_pred")
        Traceback (most recent call last):
        ...
        ValueError: Arguments `y_true` and `y_pred` must have compatible shapes. Received: y_true.shape=(2, 3), y_pred.shape=(2, 4)
    """
    shape1, shape2 = tuple(np.shape(x1)), tuple(np.shape(x2))
    try:
        np.broadcast_shapes(shape1, shape2)
    except ValueError:
        raise ValueError(
            f"Arguments `{name1}` and `{name2}` must have compatible shapes. "
            f"Received: {name1}.shape={shape1}, {name2}.shape={shape2}"
        ) from None


def reduce_values(values, sample_weight=None, reduction="sum_over_batch_size"):
    """Combines (already weighted) loss values according to `reduction`.

    Args:
        values: The loss values, a Tensor or NumPy array.
        sample_weight: The weights that were applied, needed only for
            `"mean_with_sample_weight"`. Defaults to None.
        reduction: A reduction name as in `Loss`. Defaults to
            `"sum_over_batch_size"`.

    Returns:
        A scalar, or `values` unchanged for no reduction (and for scalar or
        empty values).
    """
    shape = np.shape(values)
    if reduction in (None, "none") or shape == () or shape == (0,):
        return values
    count = math.prod(shape)
    if _is_mean_over_values(reduction, sample_weight) and count and _dtype_of(values).kind == "f":
        return P.MeanOfAll.apply(values, count=count)  # one graph node instead of two
    loss = ops.sum(values)
    if reduction in ("sum_over_batch_size", "mean", "mean_with_sample_weight"):
        if reduction == "mean_with_sample_weight" and sample_weight is not None:
            # An op, not NumPy: the loss is differentiable in the weights too.
            divisor = ops.cast(ops.sum(sample_weight), _dtype_of(loss))
        else:
            divisor = np.asarray(count, dtype=_dtype_of(loss))
        loss = ops.divide_no_nan(loss, divisor)
    return loss


def _is_mean_over_values(reduction, sample_weight):
    """Whether `reduction` divides the sum by the number of values."""
    if reduction == "mean_with_sample_weight":
        return sample_weight is None
    return reduction in ("sum_over_batch_size", "mean")


def _dtype_of(x):
    return x.value.dtype if isinstance(x, Tensor) else np.asarray(x).dtype


def set_loss_mask(losses, mask):
    """Attaches a mask of valid entries to per-sample losses, as Keras's `_keras_mask`.

    `Loss.__call__` reads it back with `get_loss_mask` and reduces over the
    valid entries only (see `reduce_weighted_values`). A NumPy result is
    wrapped in a Tensor that needs no gradient, since an array cannot carry
    the mask.

    Args:
        losses: The per-sample losses, a Tensor or NumPy array.
        mask: A boolean array of the shape of `losses`, True where the loss
            counts.

    Returns:
        `losses` as a Tensor carrying `mask`.

    Examples:
        >>> from kerasish.losses.loss import get_loss_mask, set_loss_mask
        >>> losses = set_loss_mask(np.array([1.0, 0.0], dtype="float32"), np.array([True, False]))
        >>> get_loss_mask(losses)
        array([ True, False])
    """
    if not isinstance(losses, Tensor):
        losses = Tensor(np.asarray(losses), requires_grad=False)
    losses._keras_mask = np.asarray(mask, dtype=bool)
    return losses


def get_loss_mask(losses):
    """Returns the mask `set_loss_mask` attached to `losses`, or None.

    Args:
        losses: Per-sample losses: a Tensor, NumPy array or anything else.

    Returns:
        A boolean NumPy array, or None when `losses` carries no mask.

    Examples:
        >>> from kerasish.losses.loss import get_loss_mask
        >>> get_loss_mask(np.array([1.0, 2.0])) is None
        True
    """
    return getattr(losses, "_keras_mask", None)


def apply_mask(sample_weight, mask, dtype, reduction):
    """Merges a mask of valid loss entries into the sample weights, as Keras does.

    For `"sum_over_batch_size"` and `"mean"` a valid entry weighs
    `total / valid` (the number of entries over the number of valid ones) and
    an invalid one 0, so that the later division by `total` makes the result
    the mean over the valid entries only (0 when none is valid). For the
    other reductions the mask simply weighs each entry 1 or 0.

    Args:
        sample_weight: The sample weights, or None.
        mask: A boolean array of the shape of the losses, or None.
        dtype: The dtype of the weights built.
        reduction: The reduction that follows, as in `Loss`.

    Returns:
        The sample weights times the mask weights (the mask weights alone
        without `sample_weight`); `sample_weight` unchanged when `mask` is
        None.

    Examples:
        >>> from kerasish.losses.loss import apply_mask
        >>> mask = np.array([True, True, False, False])
        >>> apply_mask(None, mask, "float32", "sum_over_batch_size")
        array([2., 2., 0., 0.], dtype=float32)
        >>> apply_mask(None, mask, "float32", "sum")
        array([1., 1., 0., 0.], dtype=float32)
    """
    if mask is None:
        return sample_weight
    mask = np.asarray(ops.convert_to_numpy(mask), dtype=bool)
    if reduction in ("mean", "sum_over_batch_size"):
        total = np.asarray(mask.size, dtype=dtype)
        valid = np.asarray(np.count_nonzero(mask), dtype=dtype)
        mask_weight = total / valid if valid else np.asarray(0, dtype=dtype)
        float_mask = np.where(mask, mask_weight, 0).astype(dtype)
    else:
        float_mask = mask.astype(dtype)
    if sample_weight is None:
        return float_mask
    sample_weight = ops.cast(sample_weight, dtype)
    float_mask, sample_weight = squeeze_or_expand_to_same_rank(float_mask, sample_weight)
    check_broadcastable(sample_weight, float_mask, "sample_weight", "losses")
    return ops.multiply(sample_weight, float_mask)


def reduce_weighted_values(values, sample_weight=None, reduction="sum_over_batch_size", dtype=None,
                           mask=None):
    """Weights loss values by `sample_weight` and reduces them, as `Loss.__call__` does.

    Args:
        values: The loss values, a Tensor, NumPy array or list.
        sample_weight: Optional weights that broadcast against `values` (after
            a trailing axis of size 1 is matched). None, the default, weights
            every value 1.
        reduction: How to combine the weighted values: `"sum_over_batch_size"`
            (the default: sum divided by the number of values), `"mean"` (the
            same), `"sum"`, `"mean_with_sample_weight"` (sum divided by the sum
            of the weights) or None / `"none"` (no reduction).
        dtype: The dtype to compute in. None (the default) keeps the dtype of
            `values` (floatx for lists of floats).
        mask: Optional boolean array of the shape of `values`, True where a
            value counts (`sparse_categorical_crossentropy` with `ignore_class`
            sets one). It is merged into the weights by `apply_mask`: the
            means are then over the valid values only. Defaults to None.

    Returns:
        The reduced loss: a scalar, or the weighted values for no reduction.

    Raises:
        ValueError: If `reduction` is not a known value, or `sample_weight`
            does not broadcast against `values`.

    Examples:
        >>> values = np.array([1.0, 2.0, 3.0, 4.0], dtype="float32")
        >>> float(keras.losses.reduce_weighted_values(values))
        2.5
        >>> weights = np.array([1.0, 1.0, 0.0, 0.0], dtype="float32")
        >>> float(keras.losses.reduce_weighted_values(values, weights, reduction="sum"))
        3.0
        >>> float(keras.losses.reduce_weighted_values(values, weights, "mean_with_sample_weight"))
        1.5
        >>> float(keras.losses.reduce_weighted_values(values, mask=weights > 0))
        1.5
    """
    reduction = standardize_reduction(reduction)
    values = ops.convert_to_tensor(values, dtype=dtype)
    if sample_weight is not None:
        sample_weight = ops.convert_to_tensor(sample_weight, dtype=_dtype_of(values))
    sample_weight = apply_mask(sample_weight, mask, _dtype_of(values), reduction)
    if sample_weight is not None:
        values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
        check_broadcastable(sample_weight, values, "sample_weight", "losses")
        values = ops.multiply(values, sample_weight)
    return reduce_values(values, sample_weight, reduction)
