"""`kerasish.activations`: activation functions and `get`."""

from kerasish.activations.activations import (  # noqa: F401
    _ALIASES,
    _BUILTINS,
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
    """The name under which `fn` is a built-in activation, or None."""
    for name, builtin in _BUILTINS.items():
        if builtin is fn:
            return name
    return None


def serialize(activation):
    from kerasish.saving.serialization_lib import serialize_keras_object

    name = builtin_name(activation)  # layer configs name built-in activations
    return name if name is not None else serialize_keras_object(activation)


def deserialize(config, custom_objects=None):
    from kerasish.saving.serialization_lib import deserialize_keras_object

    return deserialize_keras_object(config, ALL_OBJECTS_DICT, custom_objects)


def get(identifier):
    """Returns the activation for None (linear), a name, a config dict or a callable."""
    if identifier is None:
        return linear
    if isinstance(identifier, str):
        fn = ALL_OBJECTS_DICT.get(identifier)
        if fn is None:
            from kerasish.saving.serialization_lib import lookup_custom_object

            fn = lookup_custom_object(identifier)
    elif isinstance(identifier, dict):
        fn = deserialize(identifier)
    else:
        fn = identifier
    if callable(fn):
        return fn
    raise ValueError(f"Could not interpret activation function identifier: {identifier}")
