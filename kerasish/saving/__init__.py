"""`kerasish.saving`: saving and loading models and weights, and turning
objects into configs and back. h5py is imported only when a file is read or
written."""

from kerasish.saving import serialization_lib
from kerasish.saving.saving_api import load_model, load_weights, save_model, save_weights
from kerasish.saving.serialization_lib import (  # noqa: F401
    CustomObjectScope,
    custom_object_scope,
    get_custom_objects,
    get_registered_name,
    get_registered_object,
    register_keras_serializable,
    serialize_keras_object,
)


def deserialize_keras_object(config, custom_objects=None, safe_mode=True, **kwargs):
    """Rebuilds an object from its config (Keras's signature)."""
    module_objects = kwargs.pop("module_objects", None)
    if kwargs:
        raise ValueError(f"Invalid keyword arguments: {kwargs}")
    return serialization_lib.deserialize_keras_object(
        config, module_objects, custom_objects, safe_mode=safe_mode
    )


__all__ = [
    "CustomObjectScope", "custom_object_scope", "deserialize_keras_object", "get_custom_objects",
    "get_registered_name", "get_registered_object", "load_model", "load_weights",
    "register_keras_serializable", "save_model", "save_weights", "serialize_keras_object",
]
