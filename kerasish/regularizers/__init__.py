"""`kerasish.regularizers`: penalties on weights added to the training loss."""

import numpy as np

from kerasish import ops


class Regularizer:
    def __call__(self, x):
        return 0.0

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def _validate_factor(name, value):
    if not isinstance(value, (int, float)) or value < 0:
        raise ValueError(
            f"Value for argument `{name}` should be a non-negative number. Received: {name}={value}"
        )
    return float(value)


class L1L2(Regularizer):
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
    def __init__(self, l1=0.01):
        super().__init__(l1=l1)

    def get_config(self):
        # Keras keeps L1's factor as a float32 tensor, so its config holds the
        # float32-rounded value (0.01 -> 0.009999999776482582); so does ours.
        return {"l1": float(np.float32(self.l1))}


class L2(L1L2):
    def __init__(self, l2=0.01):
        super().__init__(l2=l2)

    def get_config(self):
        return {"l2": self.l2}


l1, l2, l1_l2 = L1, L2, L1L2
# The names Keras's `get` accepts ("l1_l2" is not one of them).
ALL_OBJECTS_DICT = {"L1": L1, "L2": L2, "L1L2": L1L2, "l1": L1, "l2": L2, "l1l2": L1L2}


def serialize(regularizer):
    from kerasish.saving.serialization_lib import serialize_keras_object

    return serialize_keras_object(regularizer)


def deserialize(config, custom_objects=None):
    from kerasish.saving.serialization_lib import deserialize_keras_object

    return deserialize_keras_object(config, ALL_OBJECTS_DICT, custom_objects)


def get(identifier):
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str) and identifier in ALL_OBJECTS_DICT:
        return ALL_OBJECTS_DICT[identifier]()
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret regularizer identifier: {identifier}")
