"""`kerasish.activations`: activation functions and `get`."""

from kerasish.saving import serialization_lib as _serialization_lib
from kerasish.utils import identifier_utils as _identifier_utils

from kerasish.activations.activations import (  # noqa: F401
    _ALIASES,
    _BUILTINS,
    celu,
    gelu,
    glu,
    hard_shrink,
    hard_tanh,
    log_sigmoid,
    mish,
    soft_shrink,
    sparse_plus,
    sparse_sigmoid,
    sparsemax,
    squareplus,
    tanh_shrink,
    threshold,
    elu,
    exponential,
    hard_sigmoid,
    hard_silu,
    hard_swish,
    leaky_relu,
    linear,
    log_softmax,
    relu,
    relu6,
    selu,
    sigmoid,
    silu,
    softmax,
    softplus,
    softsign,
    swish,
    tanh,
)

ALL_OBJECTS_DICT = {**_BUILTINS, **_ALIASES}


def builtin_name(fn):
    """Returns the name under which `fn` is a built-in activation, or None.

    Aliases resolve to the main name (`swish` is `"silu"`), as in Keras's saved
    configs.

    Args:
        fn: A function.

    Returns:
        A string such as `"relu"`, or None if `fn` is not a built-in activation.

    Examples:
        >>> keras.activations.builtin_name(keras.activations.swish)
        'silu'
        >>> keras.activations.builtin_name(print) is None
        True
    """
    for name, builtin in _BUILTINS.items():
        if builtin is fn:
            return name
    return None


def serialize(activation):
    """Returns the config form of an activation, for saving in a layer's config.

    A built-in activation is saved as its name, as Keras does; any other
    callable as a `{"class_name": "function", ...}` dict (a custom function
    must be registered or passed as a custom object to be loaded again).

    Args:
        activation: An activation function.

    Returns:
        A string for a built-in activation, else a config dict.

    Examples:
        >>> keras.activations.serialize(keras.activations.relu)
        'relu'
    """
    name = builtin_name(activation)  # layer configs name built-in activations
    return name if name is not None else _serialization_lib.serialize_keras_object(activation)


def deserialize(config, custom_objects=None):
    """Returns the activation function that a serialized config names.

    Args:
        config: An activation name such as `"relu"` or a config dict made by
            `serialize`.
        custom_objects: Optional dict mapping names to custom activation
            functions, searched as well as the built-ins.

    Returns:
        The activation function.

    Examples:
        >>> keras.activations.deserialize("relu") is keras.activations.relu
        True
    """
    return _serialization_lib.deserialize_keras_object(config, ALL_OBJECTS_DICT, custom_objects)


def get(identifier):
    """Returns the activation function an identifier stands for.

    This is how layers read their `activation` argument.

    Args:
        identifier: None (meaning `linear`), a name such as `"relu"` or
            `"swish"`, a config dict made by `serialize`, or any callable
            (returned as it is).

    Returns:
        A callable activation function.

    Raises:
        ValueError: If `identifier` does not name a known (built-in or
            registered custom) activation, or is not callable.

    Examples:
        >>> keras.activations.get("relu") is keras.activations.relu
        True
        >>> keras.activations.get(None) is keras.activations.linear
        True
    """
    if identifier is None:
        return linear
    if isinstance(identifier, str):
        fn = ALL_OBJECTS_DICT.get(identifier)
        if fn is None:
            fn = _serialization_lib.lookup_custom_object(identifier)
    elif isinstance(identifier, dict):
        fn = deserialize(identifier)
    else:
        fn = identifier
    if callable(fn):
        return fn
    raise _identifier_utils.unknown_identifier_error(
        "activation function", identifier,
        [*ALL_OBJECTS_DICT, *_identifier_utils.custom_object_names()],
    )


_serialization_lib.register_builtin_family("activations", __name__)
