"""`kerasish.losses`: loss functions, loss classes and `get`.

A name's module is imported when the name is first used (see
`kerasish/utils/lazy_namespace.py`)."""

from kerasish.saving import serialization_lib as _serialization_lib
from kerasish.utils import identifier_utils as _identifier_utils
from kerasish.utils import lazy_namespace as _lazy_namespace

# The losses `get` and `deserialize` know by name: name -> module ("module:name"
# for Keras's short names). To add a loss, add ONE line here.
_LOSSES = {
    "MeanSquaredError": ".losses",
    "MeanAbsoluteError": ".losses",
    "MeanAbsolutePercentageError": ".losses",
    "MeanSquaredLogarithmicError": ".losses",
    "CategoricalCrossentropy": ".losses",
    "SparseCategoricalCrossentropy": ".losses",
    "BinaryCrossentropy": ".losses",
    "Hinge": ".losses",
    "SquaredHinge": ".losses",
    "CategoricalHinge": ".losses",
    "Huber": ".losses",
    "LogCosh": ".losses",
    "KLDivergence": ".losses",
    "Poisson": ".losses",
    "CosineSimilarity": ".losses",
    "BinaryFocalCrossentropy": ".specialized_losses",
    "CategoricalFocalCrossentropy": ".specialized_losses",
    "Dice": ".specialized_losses",
    "Tversky": ".specialized_losses",
    "CategoricalGeneralizedCrossEntropy": ".specialized_losses",
    "Circle": ".specialized_losses",
    "CTC": ".ctc_loss",
    "mean_squared_error": ".losses",
    "mean_absolute_error": ".losses",
    "mean_absolute_percentage_error": ".losses",
    "mean_squared_logarithmic_error": ".losses",
    "categorical_crossentropy": ".losses",
    "sparse_categorical_crossentropy": ".losses",
    "binary_crossentropy": ".losses",
    "hinge": ".losses",
    "squared_hinge": ".losses",
    "categorical_hinge": ".losses",
    "huber": ".losses",
    "log_cosh": ".losses",
    "kl_divergence": ".losses",
    "poisson": ".losses",
    "cosine_similarity": ".losses",
    "binary_focal_crossentropy": ".specialized_losses",
    "categorical_focal_crossentropy": ".specialized_losses",
    "dice": ".specialized_losses",
    "tversky": ".specialized_losses",
    "categorical_generalized_cross_entropy": ".specialized_losses",
    "circle": ".specialized_losses",
    "ctc": ".ctc_loss",
    "mse": ".losses:mean_squared_error",
    "MSE": ".losses:mean_squared_error",
    "mae": ".losses:mean_absolute_error",
    "MAE": ".losses:mean_absolute_error",
    "mape": ".losses:mean_absolute_percentage_error",
    "MAPE": ".losses:mean_absolute_percentage_error",
    "msle": ".losses:mean_squared_logarithmic_error",
    "MSLE": ".losses:mean_squared_logarithmic_error",
    "kld": ".losses:kl_divergence",
    "KLD": ".losses:kl_divergence",
}
# The rest of the namespace. To add a name, add ONE line here.
_OTHERS = {
    "Loss": ".loss",
    "LossFunctionWrapper": ".losses",
    "check_broadcastable": ".loss",
    "logcosh": ".losses:log_cosh",
    "reduce_weighted_values": ".loss",
    "squeeze_or_expand_to_same_rank": ".loss",
}
# Names `get` knows that are not attributes of the namespace.
_NAMES_FOR_GET = {"bce": ".losses:binary_crossentropy", "BCE": ".losses:binary_crossentropy"}

_lazy_namespace.attach(globals(), {**_LOSSES, **_OTHERS})
ALL_OBJECTS_DICT = _lazy_namespace.LazyObjects(__name__, {**_LOSSES, **_NAMES_FOR_GET})


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
    return _serialization_lib.serialize_keras_object(loss)


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
    return _serialization_lib.deserialize_keras_object(name, ALL_OBJECTS_DICT, custom_objects)


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
            obj = _serialization_lib.lookup_custom_object(identifier)
    else:
        obj = identifier
    if isinstance(obj, type):
        obj = obj()
    if callable(obj):
        return obj
    raise _identifier_utils.unknown_identifier_error(
        "loss", identifier, [*ALL_OBJECTS_DICT, *_identifier_utils.custom_object_names()]
    )


_serialization_lib.register_builtin_family("losses", __name__)
