"""FTRL-Proximal: per-coordinate rates with L1/L2 shrinkage, for sparse linear models."""

import numpy as np

from kerasish import initializers
from kerasish.optimizers.optimizer import Optimizer


def _check_sign(value, argument, negative):
    if (value > 0.0) if negative else (value < 0.0):
        wanted = "negative" if negative else "positive"
        raise ValueError(f"`{argument}` needs to be {wanted} or zero. Received: {argument}={value}.")


class Ftrl(Optimizer):
    """Follow The Regularized Leader (McMahan et al., 2013), with Keras's update:

        g' = g + 2 * l2_shrinkage * w
        n' = n + g^2
        z += g' - (n'^-p - n^-p) / lr * w        (p = learning_rate_power)
        w = (clip(z, -l1, l1) - z) / (n'^-p / lr + 2 * (l2 + beta / (2 lr)))
        n = n'

    Args:
        learning_rate: a float, a `LearningRateSchedule` or a callable (default 0.001).
        learning_rate_power: how the rate decreases with the accumulated
            squared gradients, <= 0 (default -0.5).
        initial_accumulator_value: the starting value of `n`, >= 0 (default 0.1).
        l1_regularization_strength: L1 strength, >= 0 (default 0).
        l2_regularization_strength: L2 strength, >= 0 (default 0).
        l2_shrinkage_regularization_strength: L2 shrinkage applied to the
            gradient, >= 0 (default 0).
        beta: the beta of the paper's per-coordinate rate (default 0).
        name: name of the optimizer.
        **kwargs: the base `Optimizer` arguments (`weight_decay`, `clipnorm`, ...).

    Raises:
        ValueError: if an argument has the wrong sign.

    Examples:
        >>> weights = keras.Variable([1.0, 2.0])
        >>> optimizer = keras.optimizers.Ftrl(learning_rate=0.1)
        >>> _ = optimizer.apply_gradients([(np.array([0.5, -1.0]), weights)])
        >>> weights.numpy()
        array([0.381 , 1.4923], dtype=float32)
    """

    def __init__(self, learning_rate=0.001, learning_rate_power=-0.5, initial_accumulator_value=0.1,
                 l1_regularization_strength=0.0, l2_regularization_strength=0.0,
                 l2_shrinkage_regularization_strength=0.0, beta=0.0, name=None, **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        _check_sign(initial_accumulator_value, "initial_accumulator_value", negative=False)
        _check_sign(learning_rate_power, "learning_rate_power", negative=True)
        _check_sign(l1_regularization_strength, "l1_regularization_strength", negative=False)
        _check_sign(l2_regularization_strength, "l2_regularization_strength", negative=False)
        _check_sign(l2_shrinkage_regularization_strength, "l2_shrinkage_regularization_strength",
                    negative=False)
        self.learning_rate_power = learning_rate_power
        self.initial_accumulator_value = initial_accumulator_value
        self.l1_regularization_strength = l1_regularization_strength
        self.l2_regularization_strength = l2_regularization_strength
        self.l2_shrinkage_regularization_strength = l2_shrinkage_regularization_strength
        self.beta = beta

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)

        self._accumulators, self._linears = self.add_optimizer_variables(
            var_list, ["accumulator", "linear"],
            initializer=[initializers.Constant(self.initial_accumulator_value), "zeros"])

    def update_step(self, gradient, variable, learning_rate):
        w = variable.value
        dtype = w.dtype.type
        lr = dtype(learning_rate)
        index = self._get_variable_index(variable)
        accumulator, linear = self._accumulators[index].value, self._linears[index].value
        power = dtype(-self.learning_rate_power)
        l2 = dtype(self.l2_regularization_strength + self.beta / (2.0 * float(lr)))
        shrunk_gradient = gradient + dtype(2 * self.l2_shrinkage_regularization_strength) * w
        new_accumulator = accumulator + np.square(gradient)
        linear += shrunk_gradient - (np.power(new_accumulator, power) -
                                     np.power(accumulator, power)) / lr * w
        quadratic = np.power(new_accumulator, power) / lr + dtype(2) * l2
        l1 = dtype(self.l1_regularization_strength)
        w[...] = (np.clip(linear, -l1, l1) - linear) / quadratic
        accumulator[...] = new_accumulator

    def get_config(self):
        config = super().get_config()
        config.update({
            "learning_rate_power": self.learning_rate_power,
            "initial_accumulator_value": self.initial_accumulator_value,
            "l1_regularization_strength": self.l1_regularization_strength,
            "l2_regularization_strength": self.l2_regularization_strength,
            "l2_shrinkage_regularization_strength": self.l2_shrinkage_regularization_strength,
            "beta": self.beta,
        })
        return config
