"""Loss functions (one value per sample) and their class forms."""

import warnings

from kerasish import ops
from kerasish.backend import config
from kerasish.losses.loss import Loss, check_broadcastable, squeeze_or_expand_to_same_rank


def _prepare(y_true, y_pred):
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.cast(y_true, ops.dtype(y_pred))
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    check_broadcastable(y_true, y_pred, "y_true", "y_pred")
    return y_true, y_pred


def mean_squared_error(y_true, y_pred):
    y_true, y_pred = _prepare(y_true, y_pred)
    return ops.mean(ops.square(ops.subtract(y_true, y_pred)), axis=-1)


def mean_absolute_error(y_true, y_pred):
    y_true, y_pred = _prepare(y_true, y_pred)
    return ops.mean(ops.abs(ops.subtract(y_true, y_pred)), axis=-1)


def mean_absolute_percentage_error(y_true, y_pred):
    y_true, y_pred = _prepare(y_true, y_pred)
    eps = config.epsilon()
    diff = ops.divide(ops.abs(ops.subtract(y_true, y_pred)), ops.maximum(ops.abs(y_true), eps))
    return ops.multiply(100.0, ops.mean(diff, axis=-1))


def mean_squared_logarithmic_error(y_true, y_pred):
    y_true, y_pred = _prepare(y_true, y_pred)
    eps = config.epsilon()
    first = ops.log(ops.add(ops.maximum(y_pred, eps), 1.0))
    second = ops.log(ops.add(ops.maximum(y_true, eps), 1.0))
    return ops.mean(ops.square(ops.subtract(first, second)), axis=-1)


def _check_axis(axis):
    if isinstance(axis, bool):
        raise ValueError(
            "`axis` must be of type `int`. "
            f"Received: axis={axis} of type {type(axis)}"
        )


def categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    _check_axis(axis)
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.cast(y_true, ops.dtype(y_pred))
    if y_pred.shape[-1] == 1:
        warnings.warn(
            "In loss categorical_crossentropy, expected y_pred.shape to be (batch_size, "
            "num_classes) with num_classes > 1. Received: "
            f"y_pred.shape={tuple(y_pred.shape)}. Consider using 'binary_crossentropy' if "
            "you only have 2 classes.",
            SyntaxWarning,
            stacklevel=2,
        )
    if label_smoothing:
        num_classes = y_pred.shape[-1]
        y_true = ops.add(ops.multiply(y_true, 1.0 - label_smoothing), label_smoothing / num_classes)
    return ops.categorical_crossentropy(y_true, y_pred, from_logits=from_logits, axis=axis)


def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False, ignore_class=None, axis=-1):
    if ignore_class is not None:
        raise ValueError("`ignore_class` is not supported by kerasish yet.")
    return ops.sparse_categorical_crossentropy(y_true, y_pred, from_logits=from_logits, axis=axis)


def binary_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.cast(y_true, ops.dtype(y_pred))
    if label_smoothing:
        y_true = ops.add(ops.multiply(y_true, 1.0 - label_smoothing), 0.5 * label_smoothing)
    return ops.mean(ops.binary_crossentropy(y_true, y_pred, from_logits=from_logits), axis=axis)


def _hinge_labels(y_true):
    """Maps {0, 1} labels to {-1, 1}; labels already in {-1, 1} stay."""
    import numpy as np

    values = ops.convert_to_numpy(y_true)
    if np.all((values == 0) | (values == 1)):
        return ops.subtract(ops.multiply(2.0, y_true), 1.0)
    return y_true


def hinge(y_true, y_pred):
    y_true, y_pred = _prepare(y_true, y_pred)
    y_true = _hinge_labels(y_true)
    return ops.mean(ops.maximum(ops.subtract(1.0, ops.multiply(y_true, y_pred)), 0.0), axis=-1)


def squared_hinge(y_true, y_pred):
    y_true, y_pred = _prepare(y_true, y_pred)
    y_true = _hinge_labels(y_true)
    margin = ops.maximum(ops.subtract(1.0, ops.multiply(y_true, y_pred)), 0.0)
    return ops.mean(ops.square(margin), axis=-1)


def categorical_hinge(y_true, y_pred):
    y_true, y_pred = _prepare(y_true, y_pred)
    pos = ops.sum(ops.multiply(y_true, y_pred), axis=-1)
    neg = ops.max(ops.multiply(ops.subtract(1.0, y_true), y_pred), axis=-1)
    return ops.maximum(ops.add(ops.subtract(neg, pos), 1.0), 0.0)


def huber(y_true, y_pred, delta=1.0):
    y_true, y_pred = _prepare(y_true, y_pred)
    error = ops.subtract(y_pred, y_true)
    abs_error = ops.abs(error)
    quadratic = ops.multiply(0.5, ops.square(error))
    linear = ops.subtract(ops.multiply(delta, abs_error), 0.5 * delta * delta)
    small = ops.convert_to_numpy(abs_error) <= delta
    return ops.mean(ops.where(small, quadratic, linear), axis=-1)


def log_cosh(y_true, y_pred):
    import math

    y_true, y_pred = _prepare(y_true, y_pred)
    x = ops.subtract(y_pred, y_true)
    # log(cosh(x)) = x + softplus(-2x) - log(2), stable for large |x|
    value = ops.subtract(ops.add(x, ops.softplus(ops.multiply(-2.0, x))), math.log(2.0))
    return ops.mean(value, axis=-1)


def kl_divergence(y_true, y_pred):
    y_true, y_pred = _prepare(y_true, y_pred)
    eps = config.epsilon()
    y_true = ops.clip(y_true, eps, 1)
    y_pred = ops.clip(y_pred, eps, 1)
    return ops.sum(ops.multiply(y_true, ops.log(ops.divide(y_true, y_pred))), axis=-1)


def poisson(y_true, y_pred):
    y_true, y_pred = _prepare(y_true, y_pred)
    eps = config.epsilon()
    return ops.mean(ops.subtract(y_pred, ops.multiply(y_true, ops.log(ops.add(y_pred, eps)))), axis=-1)


def _l2_normalize(x, axis):
    square_sum = ops.sum(ops.square(x), axis=axis, keepdims=True)
    return ops.multiply(x, ops.divide(1.0, ops.sqrt(ops.maximum(square_sum, 1e-12))))


def cosine_similarity(y_true, y_pred, axis=-1):
    y_true, y_pred = _prepare(y_true, y_pred)
    y_true = _l2_normalize(y_true, axis)
    y_pred = _l2_normalize(y_pred, axis)
    return ops.negative(ops.sum(ops.multiply(y_true, y_pred), axis=axis))


class LossFunctionWrapper(Loss):
    """A Loss built from a per-sample function and its keyword arguments."""

    def __init__(self, fn, reduction="sum_over_batch_size", name=None, dtype=None, **kwargs):
        super().__init__(name=name or fn.__name__, reduction=reduction, dtype=dtype)
        self.fn = fn
        self._fn_kwargs = kwargs

    def call(self, y_true, y_pred):
        # As in Keras: (batch,) labels meet (batch, 1) predictions.
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self):
        config = super().get_config()
        config.update(self._fn_kwargs)
        return config


def _loss_class(class_name, fn, default_name, **defaults):
    """Defines a Loss class around `fn`, whose keyword arguments are `defaults`."""

    def __init__(self, *args, reduction="sum_over_batch_size", name=default_name, dtype=None, **kwargs):
        options = dict(defaults)
        names = list(defaults)
        for position, value in enumerate(args):
            options[names[position]] = value
        for key, value in kwargs.items():
            if key not in defaults:
                raise TypeError(f"{class_name}.__init__() got an unexpected keyword argument '{key}'")
            options[key] = value
        LossFunctionWrapper.__init__(self, fn, reduction=reduction, name=name, dtype=dtype, **options)

    cls = type(class_name, (LossFunctionWrapper,), {"__init__": __init__})
    cls.__module__ = __name__

    def from_config(klass, config):
        return klass(**config)

    cls.from_config = classmethod(from_config)
    return cls


MeanSquaredError = _loss_class("MeanSquaredError", mean_squared_error, "mean_squared_error")
MeanAbsoluteError = _loss_class("MeanAbsoluteError", mean_absolute_error, "mean_absolute_error")
MeanAbsolutePercentageError = _loss_class(
    "MeanAbsolutePercentageError", mean_absolute_percentage_error, "mean_absolute_percentage_error"
)
MeanSquaredLogarithmicError = _loss_class(
    "MeanSquaredLogarithmicError", mean_squared_logarithmic_error, "mean_squared_logarithmic_error"
)
CategoricalCrossentropy = _loss_class(
    "CategoricalCrossentropy", categorical_crossentropy, "categorical_crossentropy",
    from_logits=False, label_smoothing=0.0, axis=-1,
)
SparseCategoricalCrossentropy = _loss_class(
    "SparseCategoricalCrossentropy", sparse_categorical_crossentropy,
    "sparse_categorical_crossentropy", from_logits=False, ignore_class=None, axis=-1,
)
BinaryCrossentropy = _loss_class(
    "BinaryCrossentropy", binary_crossentropy, "binary_crossentropy",
    from_logits=False, label_smoothing=0.0, axis=-1,
)
Hinge = _loss_class("Hinge", hinge, "hinge")
SquaredHinge = _loss_class("SquaredHinge", squared_hinge, "squared_hinge")
CategoricalHinge = _loss_class("CategoricalHinge", categorical_hinge, "categorical_hinge")
Huber = _loss_class("Huber", huber, "huber_loss", delta=1.0)
LogCosh = _loss_class("LogCosh", log_cosh, "log_cosh")
KLDivergence = _loss_class("KLDivergence", kl_divergence, "kl_divergence")
Poisson = _loss_class("Poisson", poisson, "poisson")
CosineSimilarity = _loss_class("CosineSimilarity", cosine_similarity, "cosine_similarity", axis=-1)

# Aliases Keras accepts.
mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
kld = KLD = kl_divergence
logcosh = log_cosh
