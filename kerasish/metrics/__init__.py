"""`kerasish.metrics`: stateful metrics, metric functions and `get`.

A name's module is imported when the name is first used (see
`kerasish/utils/lazy_namespace.py`)."""

from kerasish.saving import serialization_lib as _serialization_lib
from kerasish.utils import identifier_utils as _identifier_utils
from kerasish.utils import lazy_namespace as _lazy_namespace
from kerasish.utils.naming import to_snake_case as _to_snake_case

# The metric classes: name -> module. `get` and `deserialize` know each by its
# name and by its snake_case name. To add a metric, add ONE line here.
_METRICS = {
    "Accuracy": ".accuracy_metrics",
    "BinaryAccuracy": ".accuracy_metrics",
    "CategoricalAccuracy": ".accuracy_metrics",
    "SparseCategoricalAccuracy": ".accuracy_metrics",
    "SparseTopKCategoricalAccuracy": ".accuracy_metrics",
    "TopKCategoricalAccuracy": ".accuracy_metrics",
    "Mean": ".reduction_metrics",
    "Sum": ".reduction_metrics",
    "MeanSquaredError": ".regression_metrics",
    "MeanAbsoluteError": ".regression_metrics",
    "MeanAbsolutePercentageError": ".regression_metrics",
    "MeanSquaredLogarithmicError": ".regression_metrics",
    "RootMeanSquaredError": ".regression_metrics",
    "LogCoshError": ".regression_metrics",
    "AUC": ".confusion_metrics",
    "Precision": ".confusion_metrics",
    "Recall": ".confusion_metrics",
    "F1Score": ".f_score_metrics",
    "FBetaScore": ".f_score_metrics",
    "R2Score": ".regression_metrics",
    "BinaryCrossentropy": ".probabilistic_metrics",
    "CategoricalCrossentropy": ".probabilistic_metrics",
    "SparseCategoricalCrossentropy": ".probabilistic_metrics",
    "KLDivergence": ".probabilistic_metrics",
    "Poisson": ".probabilistic_metrics",
    "Hinge": ".probabilistic_metrics",
    "SquaredHinge": ".probabilistic_metrics",
    "CategoricalHinge": ".probabilistic_metrics",
    "CosineSimilarity": ".probabilistic_metrics",
    "TruePositives": ".confusion_count_metrics",
    "FalsePositives": ".confusion_count_metrics",
    "TrueNegatives": ".confusion_count_metrics",
    "FalseNegatives": ".confusion_count_metrics",
    "SensitivityAtSpecificity": ".confusion_count_metrics",
    "SpecificityAtSensitivity": ".confusion_count_metrics",
    "PrecisionAtRecall": ".confusion_count_metrics",
    "RecallAtPrecision": ".confusion_count_metrics",
    "IoU": ".iou_metrics",
    "BinaryIoU": ".iou_metrics",
    "MeanIoU": ".iou_metrics",
    "OneHotIoU": ".iou_metrics",
    "OneHotMeanIoU": ".iou_metrics",
    "PearsonCorrelation": ".correlation_metrics",
    "ConcordanceCorrelation": ".correlation_metrics",
}
# The metric functions `get` knows by name (where a class has the same
# snake_case name, as in Keras, the name means the class).
_FUNCTIONS = {
    "accuracy": ".accuracy_metrics",
    "binary_accuracy": ".accuracy_metrics",
    "categorical_accuracy": ".accuracy_metrics",
    "sparse_categorical_accuracy": ".accuracy_metrics",
    "sparse_top_k_categorical_accuracy": ".accuracy_metrics",
    "top_k_categorical_accuracy": ".accuracy_metrics",
    "mean_squared_error": "kerasish.losses.losses",
    "mean_absolute_error": "kerasish.losses.losses",
    "mean_absolute_percentage_error": "kerasish.losses.losses",
    "mean_squared_logarithmic_error": "kerasish.losses.losses",
    "binary_crossentropy": "kerasish.losses.losses",
    "categorical_crossentropy": "kerasish.losses.losses",
    "sparse_categorical_crossentropy": "kerasish.losses.losses",
    "hinge": "kerasish.losses.losses",
    "squared_hinge": "kerasish.losses.losses",
    "kl_divergence": "kerasish.losses.losses",
    "poisson": "kerasish.losses.losses",
    "categorical_hinge": "kerasish.losses.losses",
    "pearson_correlation": ".correlation_metrics",
    "concordance_correlation": ".correlation_metrics",
}
# The rest of the namespace. To add a name, add ONE line here.
_OTHERS = {
    "MeanMetricWrapper": ".reduction_metrics",
    "Metric": ".metric",
    "binary_focal_crossentropy": "kerasish.losses.specialized_losses",
    "categorical_focal_crossentropy": "kerasish.losses.specialized_losses",
    "huber": "kerasish.losses.losses",
    "log_cosh": "kerasish.losses.losses",
}
# Keras's short names, known to `get` (not attributes of the namespace).
_SHORT_NAMES = {
    "mse": ".regression_metrics:MeanSquaredError", "MSE": ".regression_metrics:MeanSquaredError",
    "mae": ".regression_metrics:MeanAbsoluteError", "MAE": ".regression_metrics:MeanAbsoluteError",
    "mape": ".regression_metrics:MeanAbsolutePercentageError",
    "MAPE": ".regression_metrics:MeanAbsolutePercentageError",
    "msle": ".regression_metrics:MeanSquaredLogarithmicError",
    "MSLE": ".regression_metrics:MeanSquaredLogarithmicError",
}

_lazy_namespace.attach(globals(), {**_METRICS, **_FUNCTIONS, **_OTHERS})
ALL_OBJECTS_DICT = _lazy_namespace.LazyObjects(__name__, {
    **_METRICS,
    **_FUNCTIONS,
    **{_to_snake_case(name): f"{module}:{name}" for name, module in _METRICS.items()},
    **_SHORT_NAMES,
})


def serialize(metric):
    """Turns a metric into a JSON-serialisable config dict, as Keras saves it.

    Args:
        metric: a `Metric` instance (or a registered metric function).

    Returns:
        A dict with `module`, `class_name`, `config` and `registered_name`.

    Examples:
        >>> config = keras.metrics.serialize(keras.metrics.Mean(name="loss_mean"))
        >>> config["class_name"], config["config"]
        ('Mean', {'name': 'loss_mean', 'dtype': 'float32'})
    """
    return _serialization_lib.serialize_keras_object(metric)


def deserialize(config, custom_objects=None):
    """Recreates a metric from a config made by `serialize`, or from its name.

    Args:
        config: a dict as `serialize` returns it, or the name of a built-in
            metric.
        custom_objects: optional dict mapping names to your own metric
            classes or functions, for configs that refer to them.

    Returns:
        A new `Metric` instance (for a name, the class or function itself).

    Examples:
        >>> keras.metrics.deserialize({"class_name": "Mean", "config": {"name": "m"}})
        <Mean name=m>
    """
    return _serialization_lib.deserialize_keras_object(config, ALL_OBJECTS_DICT, custom_objects)


def get(identifier):
    """Returns a metric for a name, a config dict or a callable, as `compile` does.

    The name of a metric class, in CamelCase or snake_case ("AUC",
    "sparse_categorical_accuracy", or an alias such as "mae"), gives a new
    instance of that class, as in Keras; the name of another metric
    function ("binary_crossentropy") gives the function. A class is
    instantiated; a callable (a `Metric` instance or a function) is
    returned unchanged. `compile` resolves "accuracy" itself (binary,
    sparse or categorical, from the shapes of labels and outputs).

    Args:
        identifier: None, a string name, a config dict, a `Metric` class or
            a callable.

    Returns:
        A `Metric` instance or a callable, or None for None.

    Raises:
        ValueError: when the identifier names no known metric.

    Examples:
        >>> keras.metrics.get("mae")
        <MeanAbsoluteError name=mean_absolute_error>
        >>> keras.metrics.get("sparse_categorical_accuracy")
        <SparseCategoricalAccuracy name=sparse_categorical_accuracy>
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
        "metric", identifier, [*ALL_OBJECTS_DICT, *_identifier_utils.custom_object_names()]
    )


_serialization_lib.register_builtin_family("metrics", __name__)
