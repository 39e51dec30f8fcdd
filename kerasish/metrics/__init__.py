"""`kerasish.metrics`: stateful metrics, metric functions and `get`."""

import sys

from kerasish.saving import serialization_lib

from kerasish.losses.losses import (  # noqa: F401
    binary_crossentropy,
    categorical_crossentropy,
    hinge,
    kl_divergence,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    mean_squared_logarithmic_error,
    poisson,
    sparse_categorical_crossentropy,
    squared_hinge,
)
from kerasish.metrics.accuracy_metrics import (  # noqa: F401
    Accuracy,
    BinaryAccuracy,
    CategoricalAccuracy,
    SparseCategoricalAccuracy,
    SparseTopKCategoricalAccuracy,
    TopKCategoricalAccuracy,
    accuracy,
    binary_accuracy,
    categorical_accuracy,
    sparse_categorical_accuracy,
    sparse_top_k_categorical_accuracy,
    top_k_categorical_accuracy,
)
from kerasish.metrics.confusion_metrics import AUC, Precision, Recall  # noqa: F401
from kerasish.metrics.f_score_metrics import F1Score, FBetaScore  # noqa: F401
from kerasish.metrics.metric import Metric  # noqa: F401
from kerasish.metrics.reduction_metrics import Mean, MeanMetricWrapper, Sum  # noqa: F401
from kerasish.utils.naming import to_snake_case as _to_snake_case
from kerasish.metrics.regression_metrics import (  # noqa: F401
    LogCoshError,
    MeanAbsoluteError,
    MeanAbsolutePercentageError,
    MeanSquaredError,
    MeanSquaredLogarithmicError,
    R2Score,
    RootMeanSquaredError,
)

_CLASSES = [
    Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy,
    SparseTopKCategoricalAccuracy, TopKCategoricalAccuracy, Mean, Sum, MeanSquaredError,
    MeanAbsoluteError, MeanAbsolutePercentageError, MeanSquaredLogarithmicError,
    RootMeanSquaredError, LogCoshError,
]
_FUNCTIONS = [
    accuracy, binary_accuracy, categorical_accuracy, sparse_categorical_accuracy,
    sparse_top_k_categorical_accuracy, top_k_categorical_accuracy, mean_squared_error,
    mean_absolute_error, mean_absolute_percentage_error, mean_squared_logarithmic_error,
    binary_crossentropy, categorical_crossentropy, sparse_categorical_crossentropy,
    hinge, squared_hinge, kl_divergence, poisson,
]
_CLASSES += [AUC, Precision, Recall, F1Score, FBetaScore, R2Score]

from kerasish.losses.losses import categorical_hinge, huber, log_cosh  # noqa: F401,E402
from kerasish.losses.specialized_losses import (  # noqa: F401,E402
    binary_focal_crossentropy,
    categorical_focal_crossentropy,
)
from kerasish.metrics.confusion_count_metrics import *  # noqa: F401,F403,E402
from kerasish.metrics.correlation_metrics import (  # noqa: F401,E402
    ConcordanceCorrelation,
    PearsonCorrelation,
    concordance_correlation,
    pearson_correlation,
)
from kerasish.metrics.iou_metrics import *  # noqa: F401,F403,E402
from kerasish.metrics.probabilistic_metrics import *  # noqa: F401,F403,E402
from kerasish.metrics import confusion_count_metrics as _counts  # noqa: E402
from kerasish.metrics import iou_metrics as _iou  # noqa: E402
from kerasish.metrics import probabilistic_metrics as _probabilistic  # noqa: E402

_CLASSES += list(_probabilistic.PROBABILISTIC_METRICS) + list(_counts.CONFUSION_COUNT_METRICS)
_CLASSES += list(_iou.IOU_METRICS) + [PearsonCorrelation, ConcordanceCorrelation]
# (Keras's `metrics.get` does not resolve huber, log_cosh and the focal
# crossentropies by name, though they are attributes of keras.metrics.)
_FUNCTIONS += [categorical_hinge, pearson_correlation, concordance_correlation]
ALL_OBJECTS_DICT = {cls.__name__: cls for cls in _CLASSES}
ALL_OBJECTS_DICT.update({fn.__name__: fn for fn in _FUNCTIONS})
# As in Keras, the snake_case name of a metric class (and the short aliases)
# means the class, so `get` returns a Metric instance rather than the
# per-sample function of the same name.
ALL_OBJECTS_DICT.update({_to_snake_case(cls.__name__): cls for cls in _CLASSES})
ALL_OBJECTS_DICT.update({
    "mse": MeanSquaredError, "MSE": MeanSquaredError,
    "mae": MeanAbsoluteError, "MAE": MeanAbsoluteError,
    "mape": MeanAbsolutePercentageError, "MAPE": MeanAbsolutePercentageError,
    "msle": MeanSquaredLogarithmicError, "MSLE": MeanSquaredLogarithmicError,
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
    return serialization_lib.serialize_keras_object(metric)


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
    return serialization_lib.deserialize_keras_object(config, ALL_OBJECTS_DICT, custom_objects)


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
            obj = serialization_lib.lookup_custom_object(identifier)
    else:
        obj = identifier
    if isinstance(obj, type):
        obj = obj()
    if callable(obj):
        return obj
    from kerasish.utils.identifier_utils import custom_object_names, unknown_identifier_error

    raise unknown_identifier_error(
        "metric", identifier, [*ALL_OBJECTS_DICT, *custom_object_names()]
    )


serialization_lib.register_builtin_family("metrics", sys.modules[__name__])
