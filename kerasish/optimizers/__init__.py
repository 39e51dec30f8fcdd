"""`kerasish.optimizers`: optimizers and `get`."""

from kerasish.optimizers.optimizer import Optimizer  # noqa: F401
from kerasish.optimizers.sgd import SGD

ALL_OBJECTS_DICT = {"SGD": SGD, "sgd": SGD}


def serialize(optimizer):
    from kerasish.saving.serialization_lib import serialize_keras_object

    return serialize_keras_object(optimizer)


def deserialize(config, custom_objects=None):
    from kerasish.saving.serialization_lib import deserialize_keras_object

    return deserialize_keras_object(config, ALL_OBJECTS_DICT, custom_objects)


def get(identifier):
    """Returns an Optimizer for a name ("sgd", "adam", ...), a config dict or an instance."""
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        cls = ALL_OBJECTS_DICT.get(identifier) or ALL_OBJECTS_DICT.get(identifier.lower())
        if cls is not None:
            return cls()
    raise ValueError(f"Could not interpret optimizer identifier: {identifier}")
