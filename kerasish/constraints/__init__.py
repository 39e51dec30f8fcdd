"""`kerasish.constraints`: projections applied to weights after each update."""

import numpy as np

from kerasish.saving import serialization_lib as _serialization_lib
from kerasish.utils import identifier_utils as _identifier_utils


class Constraint:
    """Base class of weight constraints: a projection applied after each update.

    A constraint is called as `constraint(w)` with a weight's values and
    returns the values to keep. Layers take them through their
    `kernel_constraint`, `bias_constraint`, ... arguments; the optimizer
    applies them after every step, as Keras does. The base class returns
    `w` unchanged. To write one, override `__call__` and, to save it with
    the model, `get_config`.

    Examples:
        >>> class ClipToOne(keras.constraints.Constraint):
        ...     def __call__(self, w):
        ...         return np.clip(w, -1.0, 1.0)
        >>> ClipToOne()(np.array([-3.0, 0.5, 2.0]))
        array([-1. ,  0.5,  1. ])
    """
    def __call__(self, w):
        return w

    def get_config(self):
        """The constructor arguments that recreate this constraint, for saving.

        Returns:
            A JSON-serialisable dict; empty for constraints without
            arguments.
        """
        return {}

    @classmethod
    def from_config(cls, config):
        """Creates a constraint from the dict `get_config` returned.

        Args:
            config: the dict of constructor arguments.

        Returns:
            A new constraint of this class.
        """
        return cls(**config)


def _norms(w, axis):
    return np.sqrt(np.sum(np.square(w), axis=axis, keepdims=True))


class MaxNorm(Constraint):
    """Rescales weight vectors whose L2 norm exceeds `max_value`.

    Each vector along `axis` with norm `n > max_value` is multiplied by
    `max_value / n` (up to a 1e-7 guard against division by zero); others
    are kept, as in Keras and Srivastava et al. (2014).

    Args:
        max_value: the largest norm allowed. Defaults to 2.
        axis: the axis (or axes) along which norms are taken. Defaults to
            0: for a Dense kernel `(input_dim, units)` each unit's incoming
            weights; for a Conv2D kernel `(rows, cols, in, out)` use
            `[0, 1, 2]`.

    Examples:
        >>> w = np.array([[3.0, 0.0], [4.0, 0.5]], dtype="float32")
        >>> np.round(keras.constraints.MaxNorm(max_value=2)(w), 4)
        array([[1.2, 0. ],
               [1.6, 0.5]], dtype=float32)
    """
    def __init__(self, max_value=2, axis=0):
        self.max_value, self.axis = max_value, axis

    def __call__(self, w):
        norms = _norms(w, self.axis)
        desired = np.clip(norms, 0, self.max_value)
        return w * (desired / (1e-7 + norms))

    def get_config(self):
        return {"max_value": self.max_value, "axis": self.axis}


class NonNeg(Constraint):
    """Sets negative weights to zero: `maximum(w, 0)`.

    Examples:
        >>> keras.constraints.NonNeg()(np.array([-1.0, 2.0, 0.5], dtype="float32"))
        array([0. , 2. , 0.5], dtype=float32)
    """
    def __call__(self, w):
        # maximum, as Keras 3 computes it: negative weights become +0.0, where
        # multiplying by a mask would leave -0.0.
        return np.maximum(w, np.zeros((), dtype=np.asarray(w).dtype))


class UnitNorm(Constraint):
    """Rescales every weight vector to an L2 norm of 1.

    Each vector along `axis` is divided by its norm (plus 1e-7).

    Args:
        axis: the axis (or axes) along which norms are taken. Defaults to
            0: for a Dense kernel `(input_dim, units)` each unit's incoming
            weights; for a Conv2D kernel `(rows, cols, in, out)` use
            `[0, 1, 2]`.

    Examples:
        >>> w = np.array([[3.0, 0.0], [4.0, 0.5]], dtype="float32")
        >>> np.round(keras.constraints.UnitNorm()(w), 4)
        array([[0.6, 0. ],
               [0.8, 1. ]], dtype=float32)
    """
    def __init__(self, axis=0):
        self.axis = axis

    def __call__(self, w):
        return w / (1e-7 + _norms(w, self.axis))

    def get_config(self):
        return {"axis": self.axis}


class MinMaxNorm(Constraint):
    """Keeps the L2 norm of every weight vector between two bounds.

    Each vector along `axis` with norm `n` is rescaled to the norm
    `rate * clip(n, min_value, max_value) + (1 - rate) * n`; `rate` < 1
    moves it only part of the way at each step.

    Args:
        min_value: the smallest norm allowed. Defaults to 0.0.
        max_value: the largest norm allowed. Defaults to 1.0.
        rate: how far to move towards the allowed range, in [0, 1].
            Defaults to 1.0 (all the way).
        axis: the axis (or axes) along which norms are taken. Defaults to
            0: for a Dense kernel `(input_dim, units)` each unit's incoming
            weights; for a Conv2D kernel `(rows, cols, in, out)` use
            `[0, 1, 2]`.

    Examples:
        >>> w = np.array([[3.0, 0.0], [4.0, 0.5]], dtype="float32")
        >>> np.round(keras.constraints.MinMaxNorm(min_value=1.0, max_value=2.0)(w), 4)
        array([[1.2, 0. ],
               [1.6, 1. ]], dtype=float32)
    """
    def __init__(self, min_value=0.0, max_value=1.0, rate=1.0, axis=0):
        self.min_value, self.max_value, self.rate, self.axis = min_value, max_value, rate, axis

    def __call__(self, w):
        norms = _norms(w, self.axis)
        clipped = np.clip(norms, self.min_value, self.max_value)
        desired = self.rate * clipped + (1 - self.rate) * norms
        return w * (desired / (1e-7 + norms))

    def get_config(self):
        return {"min_value": self.min_value, "max_value": self.max_value,
                "rate": self.rate, "axis": self.axis}


max_norm, non_neg, unit_norm, min_max_norm = MaxNorm, NonNeg, UnitNorm, MinMaxNorm
ALL_OBJECTS_DICT = {
    "MaxNorm": MaxNorm, "NonNeg": NonNeg, "UnitNorm": UnitNorm, "MinMaxNorm": MinMaxNorm,
    "max_norm": MaxNorm, "non_neg": NonNeg, "unit_norm": UnitNorm, "min_max_norm": MinMaxNorm,
}


def serialize(constraint):
    """Turns a constraint into a JSON-serialisable config dict, as Keras saves it.

    Args:
        constraint: a `Constraint` instance.

    Returns:
        A dict with `module`, `class_name`, `config` and `registered_name`.

    Examples:
        >>> config = keras.constraints.serialize(keras.constraints.MaxNorm(3))
        >>> config["class_name"], config["config"]
        ('MaxNorm', {'max_value': 3, 'axis': 0})
    """
    return _serialization_lib.serialize_keras_object(constraint)


def deserialize(config, custom_objects=None):
    """Recreates a constraint from a config made by `serialize`.

    Args:
        config: a dict as `serialize` returns it.
        custom_objects: optional dict mapping names to your own constraint
            classes.

    Returns:
        A new `Constraint`.

    Examples:
        >>> constraint = keras.constraints.deserialize(
        ...     {"class_name": "MaxNorm", "config": {"max_value": 3, "axis": 0}})
        >>> constraint.max_value
        3
    """
    return _serialization_lib.deserialize_keras_object(config, ALL_OBJECTS_DICT, custom_objects)


def get(identifier):
    """Returns a constraint for a name, a config dict or a callable.

    This is how layers read their `*_constraint` arguments. Names are the
    class names in CamelCase or snake_case ("MaxNorm", "non_neg", ...);
    each gives a new instance with default arguments. A callable (a
    `Constraint` instance or a function of `w`) is returned as is.

    Args:
        identifier: None, a string name, a config dict or a callable.

    Returns:
        A constraint, or None for None.

    Raises:
        ValueError: when the identifier names no known constraint.

    Examples:
        >>> type(keras.constraints.get("non_neg")).__name__
        'NonNeg'
    """
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str) and identifier in ALL_OBJECTS_DICT:
        return ALL_OBJECTS_DICT[identifier]()
    if callable(identifier):
        return identifier
    raise _identifier_utils.unknown_identifier_error(
        "constraint", identifier, [*ALL_OBJECTS_DICT, *_identifier_utils.custom_object_names()]
    )


_serialization_lib.register_builtin_family("constraints", __name__)
