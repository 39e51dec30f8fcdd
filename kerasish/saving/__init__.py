"""`kerasish.saving`: saving and loading models and weights, and turning
objects into configs and back. The file formats (and h5py) are imported only
when a file is read or written."""

from kerasish.saving import serialization_lib
from kerasish.saving.serialization_lib import (  # noqa: F401
    CustomObjectScope,
    custom_object_scope,
    get_custom_objects,
    get_registered_name,
    get_registered_object,
    register_keras_serializable,
    serialize_keras_object,
)
from kerasish.utils import lazy_namespace

# Names whose modules load on first use: name -> module. To add one, add ONE line.
_LAZY = {
    "KerasFileEditor": ".file_editor",
    "load_model": ".saving_api",
    "load_weights": ".saving_api",
    "save_model": ".saving_api",
    "save_weights": ".saving_api",
}
lazy_namespace.attach(globals(), _LAZY)


def deserialize_keras_object(config, custom_objects=None, safe_mode=True, **kwargs):
    """Rebuilds an object from its config, with Keras's public signature.

    Looks names up in `custom_objects`, the active `CustomObjectScope`s and
    the registered objects first, then among kerasish's built-ins by the
    Keras module the config names, so configs written by Keras load too.

    Args:
        config: a serialized object, as `serialize_keras_object` returns it.
        custom_objects: an optional dict of names to custom classes and
            functions.
        safe_mode: whether to refuse lambdas stored as bytecode (default True).
        **kwargs: `module_objects`, an optional dict of names searched last.

    Returns:
        The rebuilt object.

    Raises:
        ValueError: on an unknown keyword argument, or (from the
            deserialization) a lambda in safe mode.
        TypeError: if a class or function cannot be found.

    Examples:
        >>> config = keras.saving.serialize_keras_object(keras.layers.Dense(4, name="d"))
        >>> layer = keras.saving.deserialize_keras_object(config)
        >>> layer.name, layer.units
        ('d', 4)
    """
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
    "KerasFileEditor",
]
