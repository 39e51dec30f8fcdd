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

_CLASSES = [Adadelta, Adagrad, Adam, Adamax, AdamW, Nadam, RMSprop, SGD]
# Keys are lower case: names are looked up case-insensitively, as in Keras.
ALL_OBJECTS_DICT = {cls.__name__.lower(): cls for cls in _CLASSES}


def serialize(optimizer):
    from kerasish.saving.serialization_lib import serialize_keras_object

    return serialize_keras_object(optimizer)


def deserialize(config, custom_objects=None):
    from kerasish.saving.serialization_lib import deserialize_keras_object

    config = dict(config)
    if str(config.get("class_name", "")).lower() in ALL_OBJECTS_DICT:
        config["class_name"] = config["class_name"].lower()
    return deserialize_keras_object(config, ALL_OBJECTS_DICT, custom_objects)


def get(identifier):
    """Returns an Optimizer for a name ("sgd", "adam", ...), a config dict or an instance."""
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
    raise ValueError(f"Could not interpret optimizer identifier: {identifier}")
