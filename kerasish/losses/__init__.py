"""`kerasish.losses`: loss functions, loss classes and `get`."""

import sys

from kerasish.saving import serialization_lib

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
from kerasish.losses.specialized_losses import *  # noqa: F401,F403,E402
from kerasish.losses import specialized_losses as _specialized  # noqa: E402

_CLASSES += list(_specialized.SPECIALIZED_LOSS_CLASSES)
_FUNCTIONS += list(_specialized.SPECIALIZED_LOSS_FUNCTIONS)
from kerasish.losses.ctc_loss import CTC, ctc  # noqa: F401,E402

_CLASSES.append(CTC)
_FUNCTIONS.append(ctc)
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
    """Returns the config dict of a loss, for saving it with a model.

    The dict has Keras's layout (`module`, `class_name`, `config`,
    `registered_name`), so real Keras can read it back and the other way round.

    Args:
        loss: A `Loss` instance or a loss function.

    Returns:
        A config dict.

    Examples:
        >>> config = keras.losses.serialize(keras.losses.MeanSquaredError())
        >>> config["class_name"], config["config"]
        ('MeanSquaredError', {'name': 'mean_squared_error', 'reduction': 'sum_over_batch_size'})
    """
    return serialization_lib.serialize_keras_object(loss)


def deserialize(name, custom_objects=None):
    """Returns the loss that a name or config dict describes.

    Args:
        name: A loss name (`"mse"`, `"mean_squared_error"`,
            `"MeanSquaredError"`, ...) or a config dict made by `serialize`.
        custom_objects: Optional dict mapping names to custom loss classes or
            functions, searched as well as the built-ins.

    Returns:
        A loss function, or a `Loss` instance for a class config.

    Examples:
        >>> keras.losses.deserialize("mse") is keras.losses.mean_squared_error
        True
    """
    return serialization_lib.deserialize_keras_object(name, ALL_OBJECTS_DICT, custom_objects)


def get(identifier):
    """Returns the loss an identifier stands for, as `model.compile(loss=...)` reads it.

    Args:
        identifier: None (returned as None), a name such as `"mse"` or
            `"categorical_crossentropy"` (a loss function), a class name such as
            `"BinaryCrossentropy"` (an instance with default arguments is made),
            a config dict made by `serialize`, a `Loss` class, or any callable
            (returned as it is).

    Returns:
        A callable loss: a function or a `Loss` instance; None for None.

    Raises:
        ValueError: If `identifier` names no known (built-in or registered
            custom) loss, or is not callable.

    Examples:
        >>> keras.losses.get("mse") is keras.losses.mean_squared_error
        True
        >>> type(keras.losses.get("BinaryCrossentropy")).__name__
        'BinaryCrossentropy'
    """
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        obj = deserialize(identifier)
    elif isinstance(identifier, str):
        obj = ALL_OBJECTS_DICT.get(identifier)
        if obj is None:
            obj = serialization_lib.lookup_custom_object(identifier)
    else:
        obj = identifier
    if isinstance(obj, type):
        obj = obj()
    if callable(obj):
        return obj
    from kerasish.utils.identifier_utils import custom_object_names, unknown_identifier_error

    raise unknown_identifier_error(
        "loss", identifier, [*ALL_OBJECTS_DICT, *custom_object_names()]
    )


serialization_lib.register_builtin_family("losses", sys.modules[__name__])
