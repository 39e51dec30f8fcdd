"""`kerasish.optimizers`: optimizers and `get`."""

from kerasish.optimizers import schedules  # noqa: F401
from kerasish.optimizers.adadelta import Adadelta
from kerasish.optimizers.adagrad import Adagrad
from kerasish.optimizers.adam import Adam
from kerasish.optimizers.adamax import Adamax
from kerasish.optimizers.adamw import AdamW
from kerasish.optimizers.nadam import Nadam
from kerasish.optimizers.optimizer import Optimizer  # noqa: F401
from kerasish.optimizers.rmsprop import RMSprop
from kerasish.optimizers.sgd import SGD
from kerasish.optimizers.adafactor import Adafactor
from kerasish.optimizers.ftrl import Ftrl
from kerasish.optimizers.lamb import Lamb
from kerasish.optimizers.lion import Lion
from kerasish.optimizers.muon import Muon
from kerasish.optimizers.schedule_free_adamw import ScheduleFreeAdamW
from kerasish.optimizers.multi_optimizer import MultiOptimizer, OptimizerMap  # noqa: F401

_CLASSES = [Adadelta, Adagrad, Adam, Adamax, AdamW, Nadam, RMSprop, SGD]
_CLASSES += [Adafactor, Ftrl, Lion, Muon, ScheduleFreeAdamW]
# Keys are lower case: names are looked up case-insensitively, as in Keras.
# (Lamb is public but, as in Keras 3.15, not known to `get` by name.)
ALL_OBJECTS_DICT = {cls.__name__.lower(): cls for cls in _CLASSES}


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
    from kerasish.saving.serialization_lib import serialize_keras_object

    return serialize_keras_object(optimizer)


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
    from kerasish.saving.serialization_lib import deserialize_keras_object

    config = dict(config)
    if str(config.get("class_name", "")).lower() in ALL_OBJECTS_DICT:
        config["class_name"] = config["class_name"].lower()
    return deserialize_keras_object(config, ALL_OBJECTS_DICT, custom_objects)


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
    from kerasish.utils.identifier_utils import custom_object_names, unknown_identifier_error

    raise unknown_identifier_error(
        "optimizer", identifier, [*ALL_OBJECTS_DICT, *custom_object_names()]
    )
