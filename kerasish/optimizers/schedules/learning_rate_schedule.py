"""Learning-rate schedules: callables from the optimizer's iteration count to
a learning rate, computed in float32 (the dtype of the initial rate) as Keras
does, so the rates match Keras's bit for bit or nearly."""

import math

import numpy as np

from kerasish.backend import config
from kerasish.saving.serialization_lib import deserialize_keras_object
from kerasish.saving.serialization_lib import serialize_keras_object


class LearningRateSchedule:
    """Base class of learning-rate schedules: a learning rate per step.

    Pass a schedule as an optimizer's `learning_rate`: before each step the
    optimizer calls `schedule(optimizer.iterations)` (the number of steps
    already taken, from 0) and uses the result. A subclass implements
    `__call__(step)` and, to be saved with the model, `get_config()`.

    Examples:
        >>> class Halving(keras.optimizers.schedules.LearningRateSchedule):
        ...     def __init__(self, initial_learning_rate):
        ...         self.initial_learning_rate = initial_learning_rate
        ...     def __call__(self, step):
        ...         return np.float32(self.initial_learning_rate * 0.5 ** int(step))
        ...     def get_config(self):
        ...         return {"initial_learning_rate": self.initial_learning_rate}
        >>> optimizer = keras.optimizers.SGD(learning_rate=Halving(0.8))
        >>> weights = keras.Variable([1.0])
        >>> _ = optimizer.apply_gradients([(np.array([1.0]), weights)])
        >>> _ = optimizer.apply_gradients([(np.array([1.0]), weights)])
        >>> weights.numpy()
        array([-0.2], dtype=float32)
        >>> round(float(optimizer.learning_rate), 4)
        0.2
    """

    def __call__(self, step):
        raise NotImplementedError(
            f"Learning rate schedule '{self.__class__.__name__}' must override "
            "`__call__(self, step)`."
        )

    def get_config(self):
        """The constructor arguments that recreate this schedule, for saving.

        Returns:
            A JSON-serialisable dict, passed back to `from_config`.

        Raises:
            NotImplementedError: when a subclass does not override it.
        """
        raise NotImplementedError(
            f"Learning rate schedule '{self.__class__.__name__}' must override "
            "`get_config()` in order to be serializable."
        )

    @classmethod
    def from_config(cls, config):
        """Creates a schedule from the dict `get_config` returned.

        Args:
            config: the dict of constructor arguments.

        Returns:
            A new schedule of this class.
        """
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
    """A learning rate multiplied by `decay_rate` every `decay_steps` steps.

        rate(step) = initial_learning_rate * decay_rate ^ (step / decay_steps)

    computed in float32 as Keras does; with `staircase=True` the exponent is
    rounded down.

    Args:
        initial_learning_rate: the rate at step 0, a float.
        decay_steps: a positive number of steps: the unit of `step` in the
            formula.
        decay_rate: the decay rate, a float.
        staircase: whether to round `step / decay_steps` down, so the rate
            changes only every `decay_steps` steps. Defaults to False.
        name: name of the schedule. Defaults to the class name.

    Raises:
        ValueError: when `decay_steps` is not positive.

    Examples:
        >>> schedule = keras.optimizers.schedules.ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5)
        >>> [round(float(schedule(step)), 4) for step in [0, 5, 10, 20]]
        [0.1, 0.0707, 0.05, 0.025]
    """

    def __call__(self, step):
        initial = _as_float(self.initial_learning_rate)
        dtype = initial.dtype
        return initial * np.power(dtype.type(self.decay_rate), self._progress(step, dtype))


class PiecewiseConstantDecay(LearningRateSchedule):
    """A learning rate that is constant between step boundaries.

    The rate is `values[0]` up to and including step `boundaries[0]`,
    `values[i]` for steps in `(boundaries[i-1], boundaries[i]]`, and
    `values[-1]` after the last boundary, as in Keras.

    Args:
        boundaries: increasing step numbers where the rate changes.
        values: the rates, one more than `boundaries`.
        name: name of the schedule. Defaults to "PiecewiseConstant".

    Raises:
        ValueError: when `values` does not have exactly one more entry than
            `boundaries`.

    Examples:
        >>> schedule = keras.optimizers.schedules.PiecewiseConstantDecay([10, 20], [0.1, 0.01, 0.001])
        >>> [round(float(schedule(step)), 4) for step in [0, 10, 11, 20, 21]]
        [0.1, 0.1, 0.01, 0.01, 0.001]
    """

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
    """A learning rate that falls polynomially to an end value over `decay_steps`.

        rate(step) = (initial - end) * (1 - step / decay_steps) ^ power + end

    where `step` stops at `decay_steps`, so the rate stays at `end` after.
    With `cycle=True` it does not stop: `decay_steps` is first raised to the
    next multiple of itself at or above `step`, so the rate jumps back up
    and decays again, as in Keras.

    Args:
        initial_learning_rate: the rate at step 0, a float.
        decay_steps: a positive number of steps over which to decay.
        end_learning_rate: the final rate. Defaults to 0.0001.
        power: the exponent of the polynomial; 1.0 (default) is linear.
        cycle: whether to restart the decay every `decay_steps` steps.
            Defaults to False.
        name: name of the schedule. Defaults to "PolynomialDecay".

    Raises:
        ValueError: when `decay_steps` is not positive.

    Examples:
        >>> schedule = keras.optimizers.schedules.PolynomialDecay(
        ...     0.1, decay_steps=10, end_learning_rate=0.01)
        >>> [round(float(schedule(step)), 4) for step in [0, 5, 10, 20]]
        [0.1, 0.055, 0.01, 0.01]
    """

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
    """A learning rate that decays as the inverse of time.

        rate(step) = initial_learning_rate / (1 + decay_rate * step / decay_steps)

    computed in float32 as Keras does; with `staircase=True`,
    `step / decay_steps` is rounded down.

    Args:
        initial_learning_rate: the rate at step 0, a float.
        decay_steps: a positive number of steps: the unit of `step` in the
            formula.
        decay_rate: the decay rate, a float.
        staircase: whether to round `step / decay_steps` down, so the rate
            changes only every `decay_steps` steps. Defaults to False.
        name: name of the schedule. Defaults to the class name.

    Raises:
        ValueError: when `decay_steps` is not positive.

    Examples:
        >>> schedule = keras.optimizers.schedules.InverseTimeDecay(0.1, decay_steps=10, decay_rate=1.0)
        >>> [round(float(schedule(step)), 4) for step in [0, 5, 10, 20]]
        [0.1, 0.0667, 0.05, 0.0333]
    """

    def __call__(self, step):
        initial = _as_float(self.initial_learning_rate)
        dtype = initial.dtype
        one = dtype.type(1)
        return initial / (one + dtype.type(self.decay_rate) * self._progress(step, dtype))


class CosineDecay(LearningRateSchedule):
    """A learning rate that follows half a cosine wave down, after an optional warmup.

    Without warmup, with `s = min(step, decay_steps) / decay_steps`:

        rate(step) = initial_learning_rate * ((1 - alpha) * 0.5 * (1 + cos(pi * s)) + alpha)

    With `warmup_target`, the rate first rises linearly from
    `initial_learning_rate` to `warmup_target` over `warmup_steps` steps,
    then decays from `warmup_target` by the formula above, counting steps
    from the end of the warmup (SGDR without restarts, Loshchilov & Hutter
    2017, as in Keras).

    Args:
        initial_learning_rate: the rate at step 0, a float.
        decay_steps: a positive number of steps over which to decay.
        alpha: the final rate as a fraction of the decayed-from rate.
            Defaults to 0.0.
        name: name of the schedule. Defaults to "CosineDecay".
        warmup_target: the rate to warm up to, or None (default) for no
            warmup.
        warmup_steps: the length of the warmup, in steps. Defaults to 0.

    Raises:
        ValueError: when `decay_steps` is not positive.

    Examples:
        >>> schedule = keras.optimizers.schedules.CosineDecay(
        ...     0.0, decay_steps=10, warmup_target=0.1, warmup_steps=5)
        >>> [round(float(schedule(step)), 4) for step in [0, 5, 10, 15, 20]]
        [0.0, 0.1, 0.05, 0.0, 0.0]
    """

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


class CosineDecayRestarts(LearningRateSchedule):
    """Cosine decay with warm restarts (SGDR, Loshchilov & Hutter, 2016).

    The rate follows a cosine from `initial_learning_rate` down to
    `alpha * initial_learning_rate` over `first_decay_steps` steps, then
    restarts; each period is `t_mul` times longer than the previous one and
    starts `m_mul` times lower.

    Args:
        initial_learning_rate: the rate at the start, a float.
        first_decay_steps: the length of the first period, > 0.
        t_mul: the factor by which each period is longer (default 2.0).
        m_mul: the factor by which each restart's rate is lower (default 1.0).
        alpha: the smallest rate, as a fraction of the period's start (default 0.0).
        name: name of the schedule (default `"SGDRDecay"`).

    Raises:
        ValueError: if `first_decay_steps` is not positive.

    Examples:
        >>> schedule = keras.optimizers.schedules.CosineDecayRestarts(1.0, 4)
        >>> [round(float(schedule(step)), 4) for step in (0, 2, 4, 8)]
        [1.0, 0.5, 1.0, 0.5]
    """

    def __init__(self, initial_learning_rate, first_decay_steps, t_mul=2.0, m_mul=1.0, alpha=0.0,
                 name="SGDRDecay"):
        self.initial_learning_rate = initial_learning_rate
        self.first_decay_steps = first_decay_steps
        self._t_mul = t_mul
        self._m_mul = m_mul
        self.alpha = alpha
        self.name = name
        _check_decay_steps(first_decay_steps, "first_decay_steps")

    def _restart_and_fraction(self, completed, dtype):
        """Which period `completed` (in units of the first period) falls in,
        and how far into that period it is, in [0, 1)."""
        t_mul = dtype(self._t_mul)
        if t_mul == 1:
            restart = np.floor(completed)
            return restart, completed - restart
        # Periods 1, t, t^2, ...: period i starts at (1 - t^i) / (1 - t).
        restart = np.floor(np.log(dtype(1) - completed * (dtype(1) - t_mul)) / np.log(t_mul))
        start = (dtype(1) - np.power(t_mul, restart)) / (dtype(1) - t_mul)
        return restart, (completed - start) / np.power(t_mul, restart)

    def __call__(self, step):
        initial = _as_float(self.initial_learning_rate)
        dtype = initial.dtype.type
        completed = _step_as(step, initial.dtype) / dtype(self.first_decay_steps)
        restart, fraction = self._restart_and_fraction(completed, dtype)
        cosine = dtype(0.5) * np.power(dtype(self._m_mul), restart) * (
            dtype(1) + np.cos(dtype(math.pi) * fraction))
        alpha = dtype(self.alpha)
        return initial * ((dtype(1) - alpha) * cosine + alpha)

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "first_decay_steps": self.first_decay_steps,
            "t_mul": self._t_mul,
            "m_mul": self._m_mul,
            "alpha": self.alpha,
            "name": self.name,
        }


ALL_OBJECTS_DICT = {
    cls.__name__: cls
    for cls in (
        CosineDecay, CosineDecayRestarts, ExponentialDecay, InverseTimeDecay,
        PiecewiseConstantDecay, PolynomialDecay
    )
}


def serialize(learning_rate_schedule):
    """Turns a schedule into a JSON-serialisable config dict, as Keras saves it.

    Built-in schedules name the module `keras.optimizers.schedules`, so
    that Keras can load what kerasish saves.

    Args:
        learning_rate_schedule: a `LearningRateSchedule` instance.

    Returns:
        A dict with `module`, `class_name`, `config` and `registered_name`.

    Examples:
        >>> schedule = keras.optimizers.schedules.ExponentialDecay(0.1, 10, 0.5)
        >>> config = keras.optimizers.schedules.serialize(schedule)
        >>> config["class_name"], config["config"]["decay_rate"]
        ('ExponentialDecay', 0.5)
    """
    config = serialize_keras_object(learning_rate_schedule)
    if type(learning_rate_schedule).__name__ in ALL_OBJECTS_DICT and isinstance(config, dict):
        # Keras looks built-in schedules up in this module when it loads them.
        config["module"] = "keras.optimizers.schedules"
    return config


def deserialize(config, custom_objects=None):
    """Recreates a schedule from a config made by `serialize`.

    Args:
        config: a dict as `serialize` returns it.
        custom_objects: optional dict mapping names to your own schedule
            classes.

    Returns:
        A new `LearningRateSchedule`.

    Examples:
        >>> schedule = keras.optimizers.schedules.deserialize({
        ...     "class_name": "PiecewiseConstantDecay",
        ...     "config": {"boundaries": [10], "values": [0.1, 0.01]},
        ... })
        >>> round(float(schedule(11)), 4)
        0.01
    """
    return deserialize_keras_object(config, ALL_OBJECTS_DICT, custom_objects)
