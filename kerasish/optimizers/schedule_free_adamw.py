"""ScheduleFreeAdamW: AdamW without a learning-rate schedule, by averaging iterates."""

import numpy as np

from kerasish.optimizers.optimizer import Optimizer


class ScheduleFreeAdamW(Optimizer):
    """Schedule-free AdamW (Defazio et al., 2024) with Keras's update. The
    `momentum` slot holds the fast iterate `z` (it starts as the weights);
    the weights hold the interpolation `y` of `z` and the running average
    `x`, so no decaying schedule is needed:

        v += (g^2 - v) * (1 - beta_2)
        z -= lr * g / (sqrt(v / (1 - beta_2^t)) + epsilon)
        x = (y - (1 - beta_1) * z) / beta_1      (z after its update, as Keras computes it)
        x = (1 - 1/t) * x + (1/t) * z
        y = (1 - beta_1) * z + beta_1 * x

    With `warmup_steps`, the rate grows linearly over the first steps.

    Args:
        learning_rate: a float, a `LearningRateSchedule` or a callable (default 0.0025).
        beta_1: the interpolation between `z` and the average (default 0.9).
        beta_2: decay of the second-moment estimate (default 0.999).
        epsilon: small constant for numerical stability (default 1e-8).
        warmup_steps: the number of linear warm-up steps (default 0).
        name: name of the optimizer.
        **kwargs: the base `Optimizer` arguments (`weight_decay`, `clipnorm`, ...).

    Examples:
        >>> weights = keras.Variable([1.0, 2.0])
        >>> optimizer = keras.optimizers.ScheduleFreeAdamW(learning_rate=0.1)
        >>> _ = optimizer.apply_gradients([(np.array([0.5, -1.0]), weights)])
        >>> weights.numpy()
        array([0.9, 2.1], dtype=float32)
    """

    def __init__(self, learning_rate=0.0025, beta_1=0.9, beta_2=0.999, epsilon=1e-8,
                 warmup_steps=0, name=None, **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.warmup_steps = warmup_steps

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._momentums, self._velocities = self.add_optimizer_variables(
            var_list, ["momentum", "velocity"])
        for momentum, variable in zip(self._momentums, var_list):
            momentum.assign(variable.value.copy())

    def update_step(self, gradient, variable, learning_rate):
        y = variable.value
        dtype = y.dtype.type
        lr = dtype(learning_rate)
        step = dtype(self._iterations.value + 1)
        if self.warmup_steps > 0:
            lr = lr * min(step / dtype(self.warmup_steps), dtype(1))
        index = self._get_variable_index(variable)
        z, v = self._momentums[index].value, self._velocities[index].value
        beta_1, beta_2 = dtype(self.beta_1), dtype(self.beta_2)
        v += (np.square(gradient) - v) * (dtype(1) - beta_2)
        denominator = np.sqrt(v / (dtype(1) - np.power(beta_2, step))) + dtype(self.epsilon)
        z -= lr * gradient / denominator
        weight = dtype(1) / step
        # Keras reads the momentum through a reference, after its update:
        # x comes from the new z (the paper uses the previous one).
        x = (y - (dtype(1) - beta_1) * z) / beta_1
        x = (dtype(1) - weight) * x + weight * z
        y[...] = (dtype(1) - beta_1) * z + beta_1 * x

    def get_config(self):
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon,
                       "warmup_steps": self.warmup_steps})
        return config
