"""`kerasish.initializers`: weight initializers and `get`."""

from kerasish.saving import serialization_lib as _serialization_lib
from kerasish.utils import identifier_utils as _identifier_utils

from kerasish.initializers.initializers import (  # noqa: F401
    Constant,
    GlorotNormal,
    GlorotUniform,
    HeNormal,
    HeUniform,
    Identity,
    Initializer,
    LecunNormal,
    LecunUniform,
    Ones,
    Orthogonal,
    RandomNormal,
    RandomUniform,
    TruncatedNormal,
    VarianceScaling,
    Zeros,
    compute_fans,
)
from kerasish.utils.naming import to_snake_case as _to_snake_case

_CLASSES = [
    Constant, GlorotNormal, GlorotUniform, HeNormal, HeUniform, Identity, LecunNormal,
    LecunUniform, Ones, Orthogonal, RandomNormal, RandomUniform, TruncatedNormal,
    VarianceScaling, Zeros,
]
ALL_OBJECTS_DICT = {cls.__name__: cls for cls in _CLASSES}
ALL_OBJECTS_DICT.update({_to_snake_case(cls.__name__): cls for cls in _CLASSES})
ALL_OBJECTS_DICT.update({"zero": Zeros, "one": Ones, "constant": Constant, "uniform": RandomUniform,
                         "normal": RandomNormal, "IdentityInitializer": Identity,
                         "identity": Identity, "orthogonal": Orthogonal})

# Short aliases Keras also exports.
zeros, ones, constant = Zeros, Ones, Constant
glorot_uniform, glorot_normal = GlorotUniform, GlorotNormal
he_uniform, he_normal = HeUniform, HeNormal
random_normal, random_uniform, truncated_normal = RandomNormal, RandomUniform, TruncatedNormal
lecun_uniform, lecun_normal, variance_scaling = LecunUniform, LecunNormal, VarianceScaling
identity = IdentityInitializer = Identity
orthogonal = OrthogonalInitializer = Orthogonal


def serialize(initializer):
    """Turns an initializer into a JSON-serialisable config dict, as Keras saves it.

    Args:
        initializer: an `Initializer` instance.

    Returns:
        A dict with `module`, `class_name`, `config` and `registered_name`.

    Examples:
        >>> config = keras.initializers.serialize(keras.initializers.Constant(2.0))
        >>> config["class_name"], config["config"]
        ('Constant', {'value': 2.0})
    """
    return _serialization_lib.serialize_keras_object(initializer)


def deserialize(config, custom_objects=None):
    """Recreates an initializer from a config made by `serialize`.

    Args:
        config: a dict as `serialize` returns it.
        custom_objects: optional dict mapping names to your own initializer
            classes.

    Returns:
        A new `Initializer`.

    Examples:
        >>> initializer = keras.initializers.deserialize(
        ...     {"class_name": "Constant", "config": {"value": 2.0}})
        >>> initializer((2,))
        array([2., 2.], dtype=float32)
    """
    return _serialization_lib.deserialize_keras_object(config, ALL_OBJECTS_DICT, custom_objects)


def get(identifier):
    """Returns an initializer for a name, a config dict, a class or a callable.

    This is how layers read their `*_initializer` arguments. Names are the
    class names in CamelCase or snake_case ("GlorotUniform",
    "glorot_uniform", "he_normal", "zeros", ...) and a few aliases ("zero",
    "one", "uniform", "normal"); each gives a new instance with default
    arguments. A class is instantiated; any other callable
    `(shape, dtype)` is returned as is.

    Args:
        identifier: None, a string name, a config dict, an `Initializer`
            class or a callable.

    Returns:
        An initializer (a callable `(shape, dtype=None)`), or None for None.

    Raises:
        ValueError: when the identifier names no known initializer.

    Examples:
        >>> initializer = keras.initializers.get("glorot_uniform")
        >>> type(initializer).__name__
        'GlorotUniform'
        >>> keras.initializers.get("ones")((2,))
        array([1., 1.], dtype=float32)
    """
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        cls = ALL_OBJECTS_DICT.get(identifier)
        if cls is None:
            cls = _serialization_lib.lookup_custom_object(identifier)
        if cls is not None:
            return cls() if isinstance(cls, type) else cls
    elif isinstance(identifier, type) and issubclass(identifier, Initializer):
        return identifier()
    elif callable(identifier):
        return identifier
    raise _identifier_utils.unknown_identifier_error(
        "initializer", identifier, [*ALL_OBJECTS_DICT, *_identifier_utils.custom_object_names()]
    )

from kerasish.initializers.stft_initializer import STFT, STFTInitializer  # noqa: E402,F401

stft = STFT
ALL_OBJECTS_DICT.update({"STFT": STFT, "STFTInitializer": STFT, "stft": STFT})

_serialization_lib.register_builtin_family("initializers", __name__)
