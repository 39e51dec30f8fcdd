"""Learning-rate schedules: callables from the optimizer's iteration count to
a learning rate, computed in float32 (the dtype of the initial rate) as Keras
does, so the rates match Keras's bit for bit or nearly."""

import math

import numpy as np

from kerasish.backend import config


class LearningRateSchedule:
    """Base class: subclasses implement `__call__(step)` and `get_config()`."""

    def __call__(self, step):
        raise NotImplementedError(
            f"Learning rate schedule '{self.__class__.__name__}' must override "
            "`__call__(self, step)`."
        )

    def get_config(self):
        raise NotImplementedError(
            f"Learning rate schedule '{self.__class__.__name__}' must override "
            "`get_config()` in order to be serializable."
        )

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def _as_float(value):
    """Python numbers become floatx (as TF converts them); float arrays keep their dtype."""
    array = np.asarray(getattr(value, "value", value))
    if isinstance(value, (int, float)) or array.dtype.kind != "f":
        array = array.astype(config.floatx())
    return array


def _step_as(step, dtype):
    return np.asarray(getattr(step, "value", step)).astype(dtype)


def _check_decay_steps(decay_steps, name="decay_steps"):
    if decay_steps <= 0:
        raise ValueError(f"Argument `{name}` must be > 0. Received: {name}={decay_steps}")


class _RateDecay(LearningRateSchedule):
    """Shared by the schedules that decay by `decay_rate` every `decay_steps`
    steps: the same arguments, the same config and the same progress
    step / decay_steps, rounded down when `staircase`."""

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False, name=None):
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name or type(self).__name__
        _check_decay_steps(decay_steps)

    def _progress(self, step, dtype):
        p = _step_as(step, dtype) / dtype.type(self.decay_steps)
        return np.floor(p) if self.staircase else p

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "decay_rate": self.decay_rate,
            "staircase": self.staircase,
            "name": self.name,
        }


class ExponentialDecay(_RateDecay):
    """initial_learning_rate * decay_rate ^ (step / decay_steps), the exponent
    rounded down when `staircase`."""

    def __call__(self, step):
        initial = _as_float(self.initial_learning_rate)
        dtype = initial.dtype
        return initial * np.power(dtype.type(self.decay_rate), self._progress(step, dtype))


class PiecewiseConstantDecay(LearningRateSchedule):
    """values[0] up to and including boundaries[0], values[i] on
    (boundaries[i-1], boundaries[i]], values[-1] after the last boundary."""

    def __init__(self, boundaries, values, name="PiecewiseConstant"):
        if len(boundaries) != len(values) - 1:
            raise ValueError(
                "The length of boundaries should be 1 less than the length of values. "
                f"Received: boundaries={boundaries} of length {len(boundaries)}, and "
                f"values={values} of length {len(values)}."
            )
        self.boundaries = boundaries
        self.values = values
        self.name = name

    def __call__(self, step):
        step = np.asarray(getattr(step, "value", step))
        values = [_as_float(v) for v in self.values]
        # The number of boundaries strictly below `step` picks the piece.
        piece = int(np.sum([step > b for b in self.boundaries]))
        return values[piece].copy()

    def get_config(self):
        return {"boundaries": self.boundaries, "values": self.values, "name": self.name}


class PolynomialDecay(LearningRateSchedule):
    """(initial - end) * (1 - step / decay_steps) ^ power + end; with `cycle`
    the horizon grows to the next multiple of decay_steps."""

    def __init__(
        self, initial_learning_rate, decay_steps, end_learning_rate=0.0001, power=1.0,
        cycle=False, name="PolynomialDecay",
    ):
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.end_learning_rate = end_learning_rate
        self.power = power
        self.cycle = cycle
        self.name = name
        _check_decay_steps(decay_steps)

    def __call__(self, step):
        initial = _as_float(self.initial_learning_rate)
        dtype = initial.dtype.type
        end = dtype(self.end_learning_rate)
        step = _step_as(step, initial.dtype)
        decay_steps = dtype(self.decay_steps)
        if self.cycle:
            multiplier = dtype(1.0) if step == 0 else np.ceil(step / decay_steps)
            decay_steps = decay_steps * multiplier
        else:
            step = np.minimum(step, decay_steps)
        p = step / decay_steps
        return (initial - end) * np.power(1 - p, dtype(self.power)) + end

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "end_learning_rate": self.end_learning_rate,
            "power": self.power,
            "cycle": self.cycle,
            "name": self.name,
        }


class InverseTimeDecay(_RateDecay):
    """initial_learning_rate / (1 + decay_rate * step / decay_steps), the
    fraction rounded down when `staircase`."""

    def __call__(self, step):
        initial = _as_float(self.initial_learning_rate)
        dtype = initial.dtype
        one = dtype.type(1)
        return initial / (one + dtype.type(self.decay_rate) * self._progress(step, dtype))


class CosineDecay(LearningRateSchedule):
    """Cosine decay from the initial rate (or, with `warmup_target`, a linear
    warmup over `warmup_steps` to the target, then cosine decay from the
    target) down to `alpha` times that rate after `decay_steps`."""

    def __init__(
        self, initial_learning_rate, decay_steps, alpha=0.0, name="CosineDecay",
        warmup_target=None, warmup_steps=0,
    ):
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.alpha = alpha
        self.name = name
        self.warmup_steps = warmup_steps
        self.warmup_target = warmup_target
        _check_decay_steps(decay_steps)

    def _decay(self, step, decay_steps, decay_from, dtype):
        completed_fraction = step / decay_steps
        cosine = 0.5 * (1.0 + np.cos(dtype(math.pi) * completed_fraction))
        return decay_from * ((1 - self.alpha) * cosine + self.alpha)

    def __call__(self, step):
        initial = _as_float(self.initial_learning_rate)
        dtype = initial.dtype.type
        decay_steps = dtype(self.decay_steps)
        step = _step_as(step, initial.dtype)
        if self.warmup_target is None:
            return self._decay(np.minimum(step, decay_steps), decay_steps, initial, dtype)
        target = dtype(self.warmup_target)
        warmup_steps = dtype(self.warmup_steps)
        step = np.minimum(step, decay_steps + warmup_steps)
        if step < warmup_steps:
            return (target - initial) * (step / warmup_steps) + initial
        return self._decay(step - warmup_steps, decay_steps, target, dtype)

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "alpha": self.alpha,
            "name": self.name,
            "warmup_target": self.warmup_target,
            "warmup_steps": self.warmup_steps,
        }


ALL_OBJECTS_DICT = {
    cls.__name__: cls
    for cls in (
        CosineDecay, ExponentialDecay, InverseTimeDecay, PiecewiseConstantDecay, PolynomialDecay
    )
}


def serialize(learning_rate_schedule):
    from kerasish.saving.serialization_lib import serialize_keras_object

    config = serialize_keras_object(learning_rate_schedule)
    if type(learning_rate_schedule).__name__ in ALL_OBJECTS_DICT and isinstance(config, dict):
        # Keras looks built-in schedules up in this module when it loads them.
        config["module"] = "keras.optimizers.schedules"
    return config


def deserialize(config, custom_objects=None):
    from kerasish.saving.serialization_lib import deserialize_keras_object

    return deserialize_keras_object(config, ALL_OBJECTS_DICT, custom_objects)
