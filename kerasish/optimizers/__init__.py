"""`kerasish.optimizers`: optimizers and `get`.

An optimizer's module is imported when it is first used (see
`kerasish/utils/lazy_namespace.py`)."""

from kerasish.optimizers.optimizer import Optimizer  # the base class: `get` checks for it
from kerasish.saving import serialization_lib as _serialization_lib
from kerasish.utils import identifier_utils as _identifier_utils
from kerasish.utils import lazy_namespace as _lazy_namespace

# The optimizers `get` and `deserialize` know by name: name -> module. To add
# an optimizer, add ONE line here.
_OPTIMIZERS = {
    "Adadelta": ".adadelta",
    "Adagrad": ".adagrad",
    "Adam": ".adam",
    "Adamax": ".adamax",
    "AdamW": ".adamw",
    "Nadam": ".nadam",
    "RMSprop": ".rmsprop",
    "SGD": ".sgd",
    "Adafactor": ".adafactor",
    "Ftrl": ".ftrl",
    "Lion": ".lion",
    "Muon": ".muon",
    "ScheduleFreeAdamW": ".schedule_free_adamw",
}
# The rest of the namespace. (Lamb is public but, as in Keras 3.15, not known
# to `get` by name.)
_OTHERS = {
    "Lamb": ".lamb",
    "MultiOptimizer": ".multi_optimizer",
    "OptimizerMap": ".multi_optimizer",
}

_lazy_namespace.attach(globals(), {**_OPTIMIZERS, **_OTHERS}, submodules=("schedules",))
# Keys are lower case: names are looked up case-insensitively, as in Keras.
ALL_OBJECTS_DICT = _lazy_namespace.LazyObjects(
    __name__, {name.lower(): f"{module}:{name}" for name, module in _OPTIMIZERS.items()}
)


def serialize(optimizer):
    """Turns an optimizer into a JSON-serialisable config dict, as Keras saves it.

    Args:
        optimizer: an `Optimizer` instance.

    Returns:
        A dict with `module`, `class_name`, `config` (the result of
        `get_config()`) and `registered_name`.

    Examples:
        >>> config = keras.optimizers.serialize(keras.optimizers.SGD(learning_rate=0.5))
        >>> config["class_name"], config["config"]["learning_rate"]
        ('SGD', 0.5)
    """
    return _serialization_lib.serialize_keras_object(optimizer)


def deserialize(config, custom_objects=None):
    """Recreates an optimizer from a config made by `serialize`.

    Built-in class names are matched case-insensitively, as in Keras.

    Args:
        config: a dict as `serialize` returns it (`class_name` and `config`).
        custom_objects: optional dict mapping names to your own optimizer or
            schedule classes.

    Returns:
        A new, unbuilt `Optimizer`.

    Examples:
        >>> optimizer = keras.optimizers.deserialize(
        ...     {"class_name": "Adam", "config": {"learning_rate": 0.01}})
        >>> type(optimizer).__name__, round(float(optimizer.learning_rate.numpy()), 4)
        ('Adam', 0.01)
    """
    config = dict(config)
    if str(config.get("class_name", "")).lower() in ALL_OBJECTS_DICT:
        config["class_name"] = config["class_name"].lower()
    return _serialization_lib.deserialize_keras_object(config, ALL_OBJECTS_DICT, custom_objects)


def get(identifier):
    """Returns an optimizer for a name, a config dict or an instance, as `compile` does.

    A name ("sgd", "adam", "RMSprop", ...; any case) gives a new optimizer
    with its default arguments; an `Optimizer` instance is returned as is.

    Args:
        identifier: None, a string name, a config dict or an `Optimizer`.

    Returns:
        An `Optimizer`, or None for None.

    Raises:
        ValueError: when the identifier names no known optimizer.

    Examples:
        >>> optimizer = keras.optimizers.get("adam")
        >>> type(optimizer).__name__, round(float(optimizer.learning_rate.numpy()), 4)
        ('Adam', 0.001)
    """
    if identifier is None:
        return None
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, dict):
        obj = deserialize(identifier)
    elif isinstance(identifier, str):
        cls = ALL_OBJECTS_DICT.get(identifier.lower())
        obj = cls() if cls is not None else None
    else:
        obj = None
    if isinstance(obj, Optimizer):
        return obj
    raise _identifier_utils.unknown_identifier_error(
        "optimizer", identifier, [*ALL_OBJECTS_DICT, *_identifier_utils.custom_object_names()]
    )


_serialization_lib.register_builtin_family("optimizers", __name__)
