"""Turning objects into JSON-ready configs and back, in Keras 3's format:
`{"module": ..., "class_name": ..., "config": ..., "registered_name": ...}`."""

import inspect

_CUSTOM_OBJECTS = {}
_SCOPE_STACK = []


def register_keras_serializable(package="Custom", name=None):
    """Class or function decorator registering a custom object as
    `"package>name"` so that configs that mention it can be loaded."""

    def decorator(obj):
        registered = f"{package}>{name or obj.__name__}"
        if inspect.isclass(obj) and not hasattr(obj, "get_config"):
            raise ValueError("Cannot register a class that does not have a get_config() method.")
        _CUSTOM_OBJECTS[registered] = obj
        obj._registered_name = registered
        return obj

    return decorator


class CustomObjectScope:
    """`with CustomObjectScope({"MyLayer": MyLayer}):` makes those names loadable."""

    def __init__(self, custom_objects):
        self.custom_objects = dict(custom_objects or {})

    def __enter__(self):
        _SCOPE_STACK.append(self.custom_objects)
        return self

    def __exit__(self, *exc):
        _SCOPE_STACK.pop()


custom_object_scope = CustomObjectScope


def get_custom_objects():
    return _CUSTOM_OBJECTS


def lookup_custom_object(name, custom_objects=None):
    for scope in [custom_objects or {}] + _SCOPE_STACK[::-1] + [_CUSTOM_OBJECTS]:
        if name in scope:
            return scope[name]
    return None


_PUBLIC_MODULE = {
    "initializers": "keras.initializers",
    "layers": "keras.layers",
    "losses": "keras.losses",
    "metrics": "keras.metrics",
    "optimizers": "keras.optimizers",
    "regularizers": "keras.regularizers",
    "constraints": "keras.constraints",
    "activations": "keras.activations",
    "callbacks": "keras.callbacks",
}


def _public_module(cls):
    parts = cls.__module__.split(".")
    if parts[0] == "kerasish" and len(parts) > 1:
        if parts[1] == "models":
            return "keras"
        return _PUBLIC_MODULE.get(parts[1], "keras")
    return cls.__module__


def serialize_keras_object(obj):
    """Returns a JSON-ready description of `obj` (None, plain values, or any
    object with `get_config`)."""
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    if isinstance(obj, (list, tuple)):
        return [serialize_keras_object(x) for x in obj]
    if isinstance(obj, dict):
        return {k: serialize_keras_object(v) for k, v in obj.items()}
    if inspect.isfunction(obj):
        from kerasish import activations

        builtin = activations.builtin_name(obj)
        if builtin is not None:
            return builtin
        return {
            "module": obj.__module__,
            "class_name": "function",
            "config": obj.__name__,
            "registered_name": getattr(obj, "_registered_name", obj.__name__),
        }
    cls = obj.__class__
    registered = getattr(cls, "_registered_name", None)
    return {
        "module": _public_module(cls),
        "class_name": cls.__name__,
        "config": obj.get_config(),
        "registered_name": registered,
    }


def deserialize_keras_object(config, module_objects=None, custom_objects=None, safe_mode=True):
    """Rebuilds an object from `serialize_keras_object`'s output. Class names
    are looked up in `custom_objects`, registered objects and then in
    `module_objects` (a dict of the family's built-in names)."""
    if config is None or isinstance(config, (bool, int, float)):
        return config
    module_objects = module_objects or {}
    if isinstance(config, str):
        obj = lookup_custom_object(config, custom_objects) or module_objects.get(config)
        if obj is None:
            raise ValueError(f"Could not interpret serialized object: {config}")
        return obj
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(
            f"Could not deserialize object: expected a dict with a `class_name` key. "
            f"Received: config={config}"
        )
    class_name = config["class_name"]
    inner = config.get("config", {})
    if class_name == "function":
        name = config.get("registered_name") or inner
        obj = lookup_custom_object(name, custom_objects) or module_objects.get(inner)
        if obj is None:
            raise ValueError(f"Unknown function: '{name}'. Pass it in `custom_objects`.")
        return obj
    registered = config.get("registered_name")
    cls = (
        (registered and lookup_custom_object(registered, custom_objects))
        or lookup_custom_object(class_name, custom_objects)
        or module_objects.get(class_name)
    )
    if cls is None:
        raise TypeError(
            f"Could not locate class '{class_name}'. Make sure custom classes are decorated "
            f"with `@kerasish.saving.register_keras_serializable()` or passed in "
            f"`custom_objects`. Full object config: {config}"
        )
    if not inspect.isclass(cls):
        return cls
    return cls.from_config(inner)
