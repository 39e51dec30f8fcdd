"""`kerasish.losses`: loss functions, loss classes and `get`."""

from kerasish.losses.loss import Loss, reduce_weighted_values  # noqa: F401
from kerasish.losses.losses import *  # noqa: F401,F403
from kerasish.losses import losses as _losses

_CLASSES = [
    _losses.MeanSquaredError, _losses.MeanAbsoluteError, _losses.MeanAbsolutePercentageError,
    _losses.MeanSquaredLogarithmicError, _losses.CategoricalCrossentropy,
    _losses.SparseCategoricalCrossentropy, _losses.BinaryCrossentropy, _losses.Hinge,
    _losses.SquaredHinge, _losses.CategoricalHinge, _losses.Huber, _losses.LogCosh,
    _losses.KLDivergence, _losses.Poisson, _losses.CosineSimilarity,
]
_FUNCTIONS = [
    _losses.mean_squared_error, _losses.mean_absolute_error,
    _losses.mean_absolute_percentage_error, _losses.mean_squared_logarithmic_error,
    _losses.categorical_crossentropy, _losses.sparse_categorical_crossentropy,
    _losses.binary_crossentropy, _losses.hinge, _losses.squared_hinge,
    _losses.categorical_hinge, _losses.huber, _losses.log_cosh, _losses.kl_divergence,
    _losses.poisson, _losses.cosine_similarity,
]
ALL_OBJECTS_DICT = {cls.__name__: cls for cls in _CLASSES}
ALL_OBJECTS_DICT.update({fn.__name__: fn for fn in _FUNCTIONS})
ALL_OBJECTS_DICT.update({
    "mse": _losses.mean_squared_error, "MSE": _losses.mean_squared_error,
    "mae": _losses.mean_absolute_error, "MAE": _losses.mean_absolute_error,
    "mape": _losses.mean_absolute_percentage_error, "MAPE": _losses.mean_absolute_percentage_error,
    "msle": _losses.mean_squared_logarithmic_error, "MSLE": _losses.mean_squared_logarithmic_error,
    "kld": _losses.kl_divergence, "KLD": _losses.kl_divergence,
    "bce": _losses.binary_crossentropy, "BCE": _losses.binary_crossentropy,
})


def serialize(loss):
    from kerasish.saving.serialization_lib import serialize_keras_object

    return serialize_keras_object(loss)


def deserialize(name, custom_objects=None):
    from kerasish.saving.serialization_lib import deserialize_keras_object

    return deserialize_keras_object(name, ALL_OBJECTS_DICT, custom_objects)


def get(identifier):
    """Returns a loss function or Loss for a name, a config dict or a callable."""
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        obj = deserialize(identifier)
    elif isinstance(identifier, str):
        obj = ALL_OBJECTS_DICT.get(identifier)
        if obj is None:
            from kerasish.saving.serialization_lib import lookup_custom_object

            obj = lookup_custom_object(identifier)
    else:
        obj = identifier
    if isinstance(obj, type):
        obj = obj()
    if callable(obj):
        return obj
    raise ValueError(f"Could not interpret loss identifier: {identifier}")
