"""`kerasish.regularizers`: penalties on weights added to the training loss."""

import math

import numpy as np

from kerasish.saving import serialization_lib as _serialization_lib
from kerasish.utils import identifier_utils as _identifier_utils

from kerasish import ops


class Regularizer:
    """Base class of regularizers: a penalty on a weight, added to the loss.

    A regularizer is called as `regularizer(x)` and returns a scalar. Layers
    take them through their `kernel_regularizer`, `bias_regularizer` and
    `activity_regularizer` arguments; the penalties are collected in
    `model.losses` and added to the training loss, as in Keras. The base
    class's penalty is 0. To write one, override `__call__` with ops from
    `keras.ops` (so gradients flow) and, to save it, `get_config`.

    Examples:
        >>> class SumOfWeights(keras.regularizers.Regularizer):
        ...     def __call__(self, x):
        ...         return 0.1 * keras.ops.sum(x)
        >>> layer = keras.layers.Dense(2, kernel_initializer="ones",
        ...                            kernel_regularizer=SumOfWeights())
        >>> _ = layer(np.ones((1, 3)))
        >>> [round(float(loss), 4) for loss in layer.losses]
        [0.6]
    """
    def __call__(self, x):
        return 0.0

    def get_config(self):
        """The constructor arguments that recreate this regularizer, for saving.

        Returns:
            A JSON-serialisable dict; empty for the base class.
        """
        return {}

    @classmethod
    def from_config(cls, config):
        """Creates a regularizer from the dict `get_config` returned.

        Args:
            config: the dict of constructor arguments.

        Returns:
            A new regularizer of this class.
        """
        return cls(**config)


def _validate_factor(name, value):
    # Keras's wording, its missing space included, so messages match.
    if not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        raise ValueError(
            f"Invalid value for argument {name}: expected a non-negative float."
            f"Received: {name}={value}"
        )
    return float(value)


class L1L2(Regularizer):
    """Penalises both the absolute values and the squares of a weight.

        penalty(x) = l1 * sum(|x|) + l2 * sum(x^2)

    computed in the weight's dtype (float32 by default).

    Args:
        l1: the L1 factor, a non-negative number. Defaults to 0.0.
        l2: the L2 factor, a non-negative number. Defaults to 0.0.

    Raises:
        ValueError: when a factor is negative or not a number.

    Examples:
        >>> penalty = keras.regularizers.L1L2(l1=0.1, l2=0.1)
        >>> round(float(penalty(np.array([1.0, -2.0], dtype="float32"))), 4)
        0.8
    """
    def __init__(self, l1=0.0, l2=0.0):
        self.l1 = _validate_factor("l1", l1)
        self.l2 = _validate_factor("l2", l2)

    def __call__(self, x):
        penalty = ops.zeros((), dtype=ops.dtype(x))  # float32 even when both factors are 0
        if self.l1:
            penalty = ops.add(penalty, ops.multiply(self.l1, ops.sum(ops.abs(x))))
        if self.l2:
            penalty = ops.add(penalty, ops.multiply(self.l2, ops.sum(ops.square(x))))
        return penalty

    def get_config(self):
        return {"l1": self.l1, "l2": self.l2}


class L1(L1L2):
    """Penalises the absolute values of a weight: `l1 * sum(|x|)`.

    L1 pushes weights to exactly zero, giving sparse weights.

    Args:
        l1: the factor, a non-negative number. Defaults to 0.01.

    Raises:
        ValueError: when `l1` is negative or not a number.

    Examples:
        >>> round(float(keras.regularizers.L1(0.1)(np.array([1.0, -2.0], dtype="float32"))), 4)
        0.3
    """
    def __init__(self, l1=0.01):
        super().__init__(l1=l1)

    def get_config(self):
        # Keras keeps L1's factor as a float32 tensor, so its config holds the
        # float32-rounded value (0.01 -> 0.009999999776482582); so does ours.
        return {"l1": float(np.float32(self.l1))}


class L2(L1L2):
    """Penalises the squares of a weight: `l2 * sum(x^2)` (weight decay).

    Note that Keras, and so kerasish, does not halve the sum.

    Args:
        l2: the factor, a non-negative number. Defaults to 0.01.

    Raises:
        ValueError: when `l2` is negative or not a number.

    Examples:
        >>> round(float(keras.regularizers.L2(0.1)(np.array([1.0, -2.0], dtype="float32"))), 4)
        0.5
    """
    def __init__(self, l2=0.01):
        super().__init__(l2=l2)

    def get_config(self):
        return {"l2": self.l2}


class OrthogonalRegularizer(Regularizer):
    """Penalises non-orthogonal rows (or columns) of a 2D weight.

    The rows (`mode="rows"`) or columns (`mode="columns"`) are scaled to
    unit L2 norm; the penalty is `factor / 2` times the mean absolute dot
    product over the distinct pairs of them:

        penalty(x) = factor * 0.5 * sum(|G - diag(G)|) / (n * (n - 1) / 2)

    where `G` is the Gram matrix of the `n` normalized vectors. Applied to a
    `Dense` kernel of shape `(input_dim, units)`, rows mode pushes the
    kernel's rows towards an orthogonal set.

    Args:
        factor: the penalty's factor, a non-negative number. Defaults to
            0.01.
        mode: `"rows"` (default) or `"columns"`: which vectors of the
            weight should be orthogonal.

    Returns:
        A regularizer; calling it on a rank-2 weight returns a scalar.

    Raises:
        ValueError: when `factor` is negative or not a finite number, when
            `mode` is neither "rows" nor "columns", and (when called) when
            the weight is not of rank 2.

    Examples:
        >>> penalty = keras.regularizers.OrthogonalRegularizer(factor=1.0)
        >>> round(float(penalty(np.eye(3, dtype="float32"))), 4)
        0.0
        >>> round(float(penalty(np.array([[1.0, 0.0], [1.0, 1.0]], dtype="float32"))), 4)
        0.7071
    """

    def __init__(self, factor=0.01, mode="rows"):
        if (not isinstance(factor, (int, float)) or isinstance(factor, bool)
                or not np.isfinite(factor) or factor < 0):
            raise ValueError(
                "Invalid value for argument factor: expected a non-negative float. "
                f"Received: factor={factor}"
            )
        if mode not in ("rows", "columns"):
            raise ValueError(
                'Invalid value for argument `mode`. Expected one of {"rows", "columns"}. '
                f"Received: mode={mode}"
            )
        # Keras holds the factor as a float32 tensor: the config shows the rounded value.
        self.factor = float(np.float32(factor))
        self.mode = mode

    def __call__(self, x):
        if len(x.shape) != 2:
            raise ValueError(
                f"Inputs to OrthogonalRegularizer must have rank 2. Received: inputs.shape={x.shape}"
            )
        x = ops.convert_to_tensor(x)
        dtype = ops.dtype(x)
        if self.mode == "rows":
            unit = ops.normalize(x, axis=1)
            gram = ops.matmul(unit, ops.transpose(unit))
        else:
            unit = ops.normalize(x, axis=0)
            gram = ops.matmul(ops.transpose(unit), unit)
        size = gram.shape[0]
        off_diagonal = ops.multiply(gram, ops.subtract(1.0, ops.eye(size, dtype=dtype)))
        pairs = size * (size - 1.0) / 2.0
        total = ops.sum(ops.abs(off_diagonal))
        return ops.divide(ops.multiply(ops.multiply(self.factor, 0.5), total), pairs)

    def get_config(self):
        return {"factor": self.factor, "mode": self.mode}


l1, l2, l1_l2 = L1, L2, L1L2
orthogonal_regularizer = OrthogonalRegularizer
# The names Keras's `get` accepts ("l1_l2" is not one of them).
ALL_OBJECTS_DICT = {"L1": L1, "L2": L2, "L1L2": L1L2, "l1": L1, "l2": L2, "l1l2": L1L2,
                    "OrthogonalRegularizer": OrthogonalRegularizer,
                    "orthogonal_regularizer": OrthogonalRegularizer}


def serialize(regularizer):
    """Turns a regularizer into a JSON-serialisable config dict, as Keras saves it.

    Args:
        regularizer: a `Regularizer` instance.

    Returns:
        A dict with `module`, `class_name`, `config` and `registered_name`.

    Examples:
        >>> config = keras.regularizers.serialize(keras.regularizers.L2(0.1))
        >>> config["class_name"], config["config"]
        ('L2', {'l2': 0.1})
    """
    return _serialization_lib.serialize_keras_object(regularizer)


def deserialize(config, custom_objects=None):
    """Recreates a regularizer from a config made by `serialize`.

    Args:
        config: a dict as `serialize` returns it.
        custom_objects: optional dict mapping names to your own regularizer
            classes.

    Returns:
        A new `Regularizer`.

    Examples:
        >>> regularizer = keras.regularizers.deserialize(
        ...     {"class_name": "L1L2", "config": {"l1": 0.0, "l2": 0.5}})
        >>> regularizer.l2
        0.5
    """
    return _serialization_lib.deserialize_keras_object(config, ALL_OBJECTS_DICT, custom_objects)


def get(identifier):
    """Returns a regularizer for a name, a config dict or a callable.

    This is how layers read their `*_regularizer` arguments. The names are
    those Keras accepts: "l1", "l2", "l1l2" (or "L1", "L2", "L1L2"), each
    with default factors (0.01 for "l1" and "l2", 0 for "l1l2"). A
    callable (a `Regularizer` instance or a function of `x`) is returned as
    is.

    Args:
        identifier: None, a string name, a config dict or a callable.

    Returns:
        A regularizer, or None for None.

    Raises:
        ValueError: when the identifier names no known regularizer.

    Examples:
        >>> keras.regularizers.get("l2").get_config()
        {'l2': 0.01}
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
        "regularizer", identifier, [*ALL_OBJECTS_DICT, *_identifier_utils.custom_object_names()]
    )


_serialization_lib.register_builtin_family("regularizers", __name__)
