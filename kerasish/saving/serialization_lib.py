"""Turning objects into JSON-ready configs and back, in Keras 3's format:
`{"module": ..., "class_name": ..., "config": ..., "registered_name": ...}`,
plus `build_config`/`compile_config` for layers and models.

Built-in classes are written under Keras's public module names
(`keras.layers`, `keras.optimizers`, ...) so that real Keras can read the
configs, and configs written by Keras are resolved to kerasish classes by the
same names."""

import contextlib
import inspect
import sys
import types

import numpy as np

_CUSTOM_OBJECTS = {}  # "package>name" -> class or function
_CUSTOM_NAMES = {}  # class or function -> "package>name"
_SCOPE_STACK = []
_SAFE_MODE = [None]  # None: not inside a loading call


def register_keras_serializable(package="Custom", name=None):
    """Class or function decorator registering a custom object as
    `"package>name"` so that configs that mention it can be loaded.

    Saved configs then carry `registered_name="package>name"`, and
    `load_model` finds the object without `custom_objects`, as in Keras. A
    class must have a `get_config()` method (every `Layer` has one); its
    constructor must accept what `get_config()` returns.

    Args:
        package: the namespace part of the registered name (default
            `"Custom"`).
        name: the name part; the object's `__name__` when None.

    Returns:
        A decorator that registers its argument and returns it unchanged.

    Raises:
        ValueError: (when decorating) if a class has no `get_config()` method.

    Examples:
        >>> @keras.saving.register_keras_serializable(package="Docs")
        ... class Scale(keras.layers.Layer):
        ...     def __init__(self, factor=2.0, **kwargs):
        ...         super().__init__(**kwargs)
        ...         self.factor = factor
        ...     def call(self, inputs):
        ...         return inputs * self.factor
        ...     def get_config(self):
        ...         return {**super().get_config(), "factor": self.factor}
        >>> keras.saving.get_registered_name(Scale)
        'Docs>Scale'
        >>> config = keras.saving.serialize_keras_object(Scale(3.0))
        >>> keras.saving.deserialize_keras_object(config).factor
        3.0
    """

    def decorator(obj):
        registered = f"{package}>{name or obj.__name__}"
        if inspect.isclass(obj) and not hasattr(obj, "get_config"):
            raise ValueError("Cannot register a class that does not have a get_config() method.")
        _CUSTOM_OBJECTS[registered] = obj
        _CUSTOM_NAMES[obj] = registered
        return obj

    return decorator


def get_registered_name(obj):
    """The name `obj` was registered under, or its plain `__name__`.

    Args:
        obj: a class or function.

    Returns:
        `"package>name"` for an object registered with
        `register_keras_serializable`, else `obj.__name__` (None if it has none).

    Examples:
        >>> keras.saving.get_registered_name(keras.layers.Dense)
        'Dense'
    """
    return _CUSTOM_NAMES.get(obj, getattr(obj, "__name__", None))


def get_registered_object(name, custom_objects=None, module_objects=None):
    """Returns the object registered (or in scope) under `name`, or None.

    Looks in `custom_objects`, then the active `CustomObjectScope`s
    (innermost first), then the objects registered with
    `register_keras_serializable`, then `module_objects`.

    Args:
        name: the name to look up, such as `"package>name"`.
        custom_objects: an optional dict of names to objects, searched first.
        module_objects: an optional dict searched last.

    Returns:
        The class or function found, or None.

    Examples:
        >>> def double(x):
        ...     return 2 * x
        >>> with keras.saving.CustomObjectScope({"double": double}):
        ...     keras.saving.get_registered_object("double") is double
        True
        >>> keras.saving.get_registered_object("double") is None
        True
    """
    return lookup_custom_object(name, custom_objects) or (module_objects or {}).get(name)


class CustomObjectScope:
    """`with CustomObjectScope({"MyLayer": MyLayer}):` makes those names loadable.

    Inside the `with` block, deserialization (`load_model`,
    `model_from_json`, `deserialize_keras_object`, ...) finds the given
    custom classes and functions by name, without registering them for good.
    Scopes nest; `keras.saving.custom_object_scope` is the same class.

    Args:
        custom_objects: a dict mapping names (as they appear in configs) to
            classes or functions, or None.

    Examples:
        >>> class Identity(keras.layers.Layer):
        ...     def call(self, inputs):
        ...         return inputs
        >>> config = keras.saving.serialize_keras_object(Identity(name="same"))
        >>> with keras.saving.CustomObjectScope({"Identity": Identity}):
        ...     layer = keras.saving.deserialize_keras_object(config)
        >>> layer.name
        'same'
    """

    def __init__(self, custom_objects):
        self.custom_objects = dict(custom_objects or {})

    def __enter__(self):
        _SCOPE_STACK.append(self.custom_objects)
        return self

    def __exit__(self, *exc):
        _SCOPE_STACK.pop()


custom_object_scope = CustomObjectScope


def get_custom_objects():
    """Returns the global dict of registered custom objects.

    It maps `"package>name"` to each class or function decorated with
    `register_keras_serializable`. Changing the dict changes the registry,
    as in Keras; prefer the decorator or `CustomObjectScope`.

    Returns:
        The registry dict itself (not a copy).

    Examples:
        >>> @keras.saving.register_keras_serializable(package="Docs")
        ... def halve(x):
        ...     return x / 2
        >>> keras.saving.get_custom_objects()["Docs>halve"] is halve
        True
    """
    return _CUSTOM_OBJECTS


def lookup_custom_object(name, custom_objects=None):
    if not isinstance(name, str):
        return None
    for scope in [custom_objects or {}] + _SCOPE_STACK[::-1] + [_CUSTOM_OBJECTS]:
        if name in scope:
            return scope[name]
    return None


@contextlib.contextmanager
def safe_mode_scope(safe_mode):
    """Nested deserialization calls see the safe mode of the outermost load."""
    previous = _SAFE_MODE[0]
    _SAFE_MODE[0] = safe_mode if previous is None else previous
    try:
        yield
    finally:
        _SAFE_MODE[0] = previous


def in_safe_mode():
    return _SAFE_MODE[0] is not False


# ------------------------------------------------------------------ modules
# kerasish package -> the public Keras module its objects are written under.
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
    "models": "keras",
    "utils": "keras.utils",
}
# Keras writes its Functional class under its private module, with a
# registered name, because `keras.Functional` is not public.
_PRIVATE_KERAS_CLASSES = {"Functional": "keras.src.models.functional"}


def _public_module(obj):
    module = getattr(obj, "__module__", None) or ""
    parts = module.split(".")
    if parts[0] != "kerasish":
        return module
    name = getattr(obj, "__name__", "")
    if name in _PRIVATE_KERAS_CLASSES and parts[1:2] == ["models"]:
        return _PRIVATE_KERAS_CLASSES[name]
    if name in ("Layer", "Optimizer") and parts[1:2] in (["layers"], ["optimizers"]):
        return "keras"  # Keras writes its base classes as `keras.Layer`, `keras.Optimizer`
    return _PUBLIC_MODULE.get(parts[1] if len(parts) > 1 else "", "keras")


def keras_class_name(cls):
    """The public name Keras gives `cls`: its class name, unless the class is
    exported under another (Keras's GroupedQueryAttention is
    `keras.layers.GroupQueryAttention`); configs, registries and docs use it."""
    return vars(cls).get("_keras_export_name", cls.__name__)


def _is_builtin(obj):
    return (getattr(obj, "__module__", "") or "").split(".")[0] == "kerasish"


# family ("layers", "losses", ...) -> the name of its namespace module. Each
# family's `__init__` registers itself, so this module, at the bottom of the
# import graph, imports none of them.
_FAMILY_NAMESPACES = {}


def register_builtin_family(family, namespace_name):
    """Makes a family's built-ins loadable by name.

    `namespace.ALL_OBJECTS_DICT` maps the names configs use to classes and
    functions (a dict, or a `LazyObjects` that imports a class when read);
    the namespace's other public classes and functions are found too, as
    Keras finds `keras.<family>.<name>`.

    Args:
        family: the family's name, as in `kerasish.<family>`.
        namespace_name: the name of the family's namespace module (its
            `__name__`; the module is looked up in `sys.modules` when a name
            is resolved, by then it has finished importing).
    """
    _FAMILY_NAMESPACES[family] = namespace_name


_FAMILY_OF_MODULE = {
    "keras.models": "models",
    "keras.src.models.functional": "models",
    "keras.src.models.sequential": "models",
    "keras.src.models.model": "models",
}
_FAMILIES = ("layers", "models", "optimizers", "losses", "metrics", "initializers",
             "regularizers", "constraints", "activations", "utils")


def _builtin_for(class_name, module):
    """Finds a built-in class or function from the `module` Keras wrote."""
    if not module or module == "builtins":
        families = _FAMILIES
    elif module == "keras":
        families = ("models", "layers", "optimizers")
    elif module in _FAMILY_OF_MODULE:
        families = (_FAMILY_OF_MODULE[module],)
    elif module.startswith("keras."):
        parts = module.split(".")
        family = parts[2] if parts[1] == "src" and len(parts) > 2 else parts[1]
        families = (family,) if family in _FAMILIES else ()
    else:
        return None
    for family in families:
        obj = _family_member(family, class_name)
        if obj is not None:
            return obj
    return None


def _family_member(family, name):
    """`name` among a family's built-ins, or as a public kerasish class or
    function of its namespace (as Keras looks up `keras.<family>.<name>`)."""
    if family not in _FAMILY_NAMESPACES:
        return None
    namespace = sys.modules[_FAMILY_NAMESPACES[family]]
    objects = namespace.ALL_OBJECTS_DICT
    if name in objects:
        return objects[name]
    public = getattr(namespace, name, None)
    if (inspect.isclass(public) or inspect.isfunction(public)) and _is_builtin(public):
        return public
    return objects.get(name.lower())


# ------------------------------------------------------------ serialization
def serialize_keras_object(obj):
    """Returns a JSON-ready description of `obj` (None, plain values, numpy
    values, functions, or any object with `get_config`).

    Objects with `get_config` become Keras 3's
    `{"module", "class_name", "config", "registered_name"}` dict (plus
    `build_config` and `compile_config` for built layers and compiled
    models); built-in objects are written under Keras's public module names,
    so that real Keras can read the result. Lists, tuples and dicts are
    serialized item by item; NumPy arrays become `__numpy__` entries; a
    lambda is serialized as bytecode, with a warning, and only loads with
    `safe_mode=False`.

    Args:
        obj: the object to describe.

    Returns:
        A JSON-serializable value (usually a dict).

    Raises:
        TypeError: if `obj` is neither a plain value, a container, a
            function nor an object with a `get_config()` method.

    Examples:
        >>> config = keras.saving.serialize_keras_object(keras.layers.Dropout(0.5, name="drop"))
        >>> config["module"], config["class_name"]
        ('keras.layers', 'Dropout')
        >>> layer_arguments = config["config"]
        >>> layer_arguments["rate"], layer_arguments["name"]
        (0.5, 'drop')
        >>> keras.saving.serialize_keras_object(keras.activations.relu)["config"]
        'relu'
    """
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    if isinstance(obj, (np.generic,)):
        return obj.item()
    if isinstance(obj, np.ndarray):
        if obj.ndim == 0:
            return obj.item()
        return {"class_name": "__numpy__",
                "config": {"value": obj.tolist(), "dtype": obj.dtype.name}}
    if isinstance(obj, (list, tuple)):
        # Tuples stay tuples in memory, as in Keras; JSON writes both as lists.
        items = [serialize_keras_object(x) for x in obj]
        return tuple(items) if isinstance(obj, tuple) else items
    if isinstance(obj, dict):
        return {k: serialize_keras_object(v) for k, v in obj.items()}
    if isinstance(obj, types.FunctionType) and obj.__name__ == "<lambda>":
        return _serialize_lambda(obj)
    if inspect.isfunction(obj) or inspect.isbuiltin(obj):
        return _serialize_function(obj)
    if not hasattr(obj, "get_config"):
        raise TypeError(
            f"Cannot serialize object {obj} of type {type(obj)}. To be serializable, a class "
            "must implement the `get_config()` method."
        )
    cls = obj.__class__
    config = {
        "module": _public_module(cls),
        "class_name": keras_class_name(cls),
        "config": serialize_keras_object(obj.get_config()),
        "registered_name": _registered_name_for_class(cls),
    }
    _add_build_and_compile_config(obj, config)
    return config


def _registered_name_for_class(cls):
    if cls in _CUSTOM_NAMES:
        return _CUSTOM_NAMES[cls]
    if _is_builtin(cls):
        return cls.__name__ if cls.__name__ in _PRIVATE_KERAS_CLASSES else None
    return cls.__name__


def _add_build_and_compile_config(obj, config):
    if hasattr(obj, "get_build_config"):
        build_config = obj.get_build_config()
        if build_config is not None:
            config["build_config"] = serialize_keras_object(build_config)
    if hasattr(obj, "get_compile_config"):
        compile_config = obj.get_compile_config()
        if compile_config:
            config["compile_config"] = serialize_keras_object(compile_config)


def _serialize_function(fn):
    if _is_builtin(fn):  # written the way Keras writes its own functions
        return {"module": "builtins", "class_name": "function",
                "config": fn.__name__, "registered_name": "function"}
    return {"module": fn.__module__, "class_name": "function",
            "config": get_registered_name(fn), "registered_name": get_registered_name(fn)}


def _serialize_lambda(fn):
    import base64
    import marshal
    import warnings

    warnings.warn(
        "The object being serialized includes a `lambda`. This is unsafe. In order to reload "
        "the object, you will have to pass `safe_mode=False` to the loading function. Please "
        "avoid using `lambda` in the future, and use named Python functions instead.",
        stacklevel=3,
    )
    code = base64.b64encode(marshal.dumps(fn.__code__)).decode("ascii")
    return {"class_name": "__lambda__", "config": {"value": [code, None, None]}}


# ---------------------------------------------------------- deserialization
def deserialize_keras_object(config, module_objects=None, custom_objects=None, safe_mode=True):
    """Rebuilds an object from `serialize_keras_object`'s output (or from a
    config Keras wrote). Names are looked up in `custom_objects`, the custom
    object scopes and registered objects, then among kerasish's built-ins by
    the Keras module named in the config, then in `module_objects`.

    Args:
        config: a serialized object: a dict with `class_name` and `config`,
            a plain value, or a list or dict of serialized objects.
        module_objects: an optional dict of names to objects of the family
            being read (e.g. all layers), searched last.
        custom_objects: an optional dict of names to custom classes and
            functions, searched first.
        safe_mode: whether to refuse lambdas stored as bytecode (default
            True); nested calls keep the outermost call's choice.

    Returns:
        The rebuilt object (built and compiled when the config says so).

    Raises:
        TypeError: if a class or function cannot be found, or the config is
            malformed.
        ValueError: if a lambda is met in safe mode, or a bare name is not
            among `module_objects`.

    Examples:
        >>> config = {"module": "keras.layers", "class_name": "Dense",
        ...           "config": {"units": 3}, "registered_name": None}
        >>> layer = keras.saving.deserialize_keras_object(config)
        >>> type(layer).__name__, layer.units
        ('Dense', 3)
    """
    with safe_mode_scope(safe_mode):
        return _deserialize(config, module_objects or {}, custom_objects or {})


def _deserialize(config, module_objects, custom_objects):
    if config is None or isinstance(config, (bool, int, float)):
        return config
    if isinstance(config, str):
        obj = lookup_custom_object(config, custom_objects) or module_objects.get(config)
        if obj is None and module_objects:
            raise ValueError(f"Could not interpret serialized object: {config}")
        return config if obj is None else obj  # without a family, names stay names
    if isinstance(config, (list, tuple)):
        return [_deserialize(x, module_objects, custom_objects) for x in config]
    if not isinstance(config, dict):
        raise TypeError(f"Could not parse config: {config}")
    if "class_name" not in config:  # a plain dict of objects
        return {k: _deserialize(v, module_objects, custom_objects) for k, v in config.items()}
    class_name = config["class_name"]
    _check_names_are_strings(config)
    inner = config.get("config")
    inner = {} if inner is None else inner
    if class_name == "__numpy__":
        return np.array(inner["value"], dtype=inner["dtype"])
    if class_name == "__lambda__":
        return _deserialize_lambda(inner)
    if class_name == "function":
        return _resolve_function(config, inner, module_objects, custom_objects)
    cls = _resolve_class(config, module_objects, custom_objects)
    if not inspect.isclass(cls):
        return cls
    if not isinstance(inner, dict):
        raise TypeError(f"Expected 'config' to be a dict for {class_name}. Full config: {config}")
    with CustomObjectScope(custom_objects):
        instance = _from_config(cls, inner, custom_objects)
        build_config = config.get("build_config")
        if build_config and not getattr(instance, "built", True):
            instance.build_from_config(build_config)
            instance.built = True
        compile_config = config.get("compile_config")
        if compile_config and hasattr(instance, "compile_from_config"):
            instance.compile_from_config(compile_config)
    return instance


def _check_names_are_strings(config):
    """Files can hold anything: a number where a class or module name belongs
    must fail here, not in a string method further down."""
    for key in ("class_name", "module", "registered_name"):
        value = config.get(key)
        if (value is not None or key == "class_name") and not isinstance(value, str):
            raise TypeError(
                f"Could not parse config: '{key}' must be a string. "
                f"Received: {key}={value!r} in config={config}"
            )


def _from_config(cls, inner, custom_objects):
    if "custom_objects" in inspect.signature(cls.from_config).parameters:
        return cls.from_config(inner, custom_objects=custom_objects)
    try:
        return cls.from_config(inner)
    except TypeError as error:
        raise TypeError(
            f"{cls} could not be deserialized properly. Please ensure that components that are "
            "Python object instances (layers, models, etc.) returned by `get_config()` are "
            f"explicitly deserialized in the model's `from_config()` method.\n\nconfig={inner}."
            f"\n\nException encountered: {error}"
        ) from error


def _resolve_class(config, module_objects, custom_objects):
    class_name = config["class_name"]
    registered = config.get("registered_name")
    module = config.get("module")
    cls = lookup_custom_object(registered, custom_objects) or lookup_custom_object(
        class_name, custom_objects
    )
    if cls is None and module is None:  # legacy configs: the caller's family first
        cls = module_objects.get(class_name)
    cls = cls or _builtin_for(class_name, module) or module_objects.get(class_name)
    if cls is None and class_name.startswith("Custom>"):  # Keras 2's names for built-ins
        cls = _builtin_for(class_name[len("Custom>"):], module)
    if cls is None:
        raise TypeError(
            f"Could not locate class '{class_name}'. Make sure custom classes are decorated "
            "with `@kerasish.saving.register_keras_serializable()` or passed in "
            f"`custom_objects`. Full object config: {config}"
        )
    return cls


def _resolve_function(config, inner, module_objects, custom_objects):
    registered = config.get("registered_name") or inner
    if registered == "function":  # Keras's marker for its built-in functions
        registered = inner
    obj = (
        lookup_custom_object(registered, custom_objects)
        or lookup_custom_object(inner, custom_objects)
        or module_objects.get(inner)
        or _builtin_for(inner, config.get("module"))
    )
    if obj is None:
        raise TypeError(
            f"Could not locate function '{inner}'. Make sure custom functions are decorated "
            "with `@kerasish.saving.register_keras_serializable()` or passed in "
            f"`custom_objects`. Full object config: {config}"
        )
    return obj


def _deserialize_lambda(inner):
    if in_safe_mode():
        raise ValueError(
            "Requested the deserialization of a Python lambda. This carries a potential risk "
            "of arbitrary code execution and thus it is disallowed by default. If you trust "
            "the source of the artifact, you can override this error by passing "
            "`safe_mode=False` to the loading function."
        )
    import base64
    import marshal

    code = marshal.loads(base64.b64decode(inner["value"][0]))
    return types.FunctionType(code, globals())
