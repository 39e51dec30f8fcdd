"""Lion: steps of fixed size in the direction of the sign of a momentum."""

import numpy as np

from kerasish.optimizers.optimizer import Optimizer


class Lion(Optimizer):
    """Lion (EvoLved Sign Momentum, Chen et al., 2023): every weight moves by
    exactly the learning rate, in the direction of the sign of an
    interpolation between its momentum and gradient.

        w -= lr * sign(beta_1 * m + (1 - beta_1) * g)
        m = beta_2 * m + (1 - beta_2) * g

    Its steps are larger than Adam's for the same rate: use a learning
    rate 3-10 times smaller.

    Args:
        learning_rate: a float, a `LearningRateSchedule` or a callable (default 0.001).
        beta_1: the interpolation factor of the step direction, in (0, 1] (default 0.9).
        beta_2: the decay of the momentum (default 0.99).
        name: name of the optimizer.
        **kwargs: the base `Optimizer` arguments (`weight_decay`, `clipnorm`, ...).

    Raises:
        ValueError: if `beta_1` is not in (0, 1], or a base argument is invalid.

    Examples:
        >>> weights = keras.Variable([1.0, 2.0])
        >>> optimizer = keras.optimizers.Lion(learning_rate=0.1)
        >>> _ = optimizer.apply_gradients([(np.array([0.5, -1.0]), weights)])
        >>> weights.numpy()
        array([0.9, 2.1], dtype=float32)
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.99, name=None, **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        if beta_1 <= 0 or beta_1 > 1:
            raise ValueError(
                "Argument `beta_1` must be in the [0, 1] range. Otherwise, the optimizer "
                f"degenerates to SignSGD. Received: beta_1={beta_1}."
            )
        self.beta_1 = beta_1
        self.beta_2 = beta_2

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._momentums = self.add_optimizer_variables(var_list, "momentum")

    def update_step(self, gradient, variable, learning_rate):
        w = variable.value
        dtype = w.dtype.type
        m = self._momentums[self._get_variable_index(variable)].value
        direction = np.sign(m * dtype(self.beta_1) + gradient * dtype(1.0 - self.beta_1))
        w -= dtype(learning_rate) * direction
        m *= dtype(self.beta_2)
        m += gradient * dtype(1.0 - self.beta_2)

    def get_config(self):
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2})
        return config
