import numpy as np

from kerasish.optimizers.optimizer import Optimizer


class RMSprop(Optimizer):
    """RMSprop: steps divided by a running root mean square of the gradients.

    Keras's rule (v, a and m start at 0):

        v = rho * v + (1 - rho) * g^2
        a = rho * a + (1 - rho) * g               (centered only)
        denominator = v - a^2 + epsilon  (centered)  or  v + epsilon
        increment = lr * g / sqrt(denominator)
        m = momentum * m + increment; w -= m      (momentum > 0)
        w -= increment                            (otherwise)

    Args:
        learning_rate: a float, a `LearningRateSchedule` or a callable
            returning the rate. Defaults to 0.001.
        rho: decay rate of the running averages. Defaults to 0.9.
        momentum: momentum of the increments; 0.0 (default) for none.
        epsilon: small constant for numerical stability. Defaults to 1e-7.
        centered: whether to divide by an estimate of the gradient's
            variance (subtracting the squared running mean `a`) rather than
            its uncentered second moment. Defaults to False.
        name: name of the optimizer. Defaults to a unique name from the class.
        **kwargs: the base `Optimizer` arguments: `weight_decay`, `clipnorm`,
            `clipvalue`, `global_clipnorm`, ...

    Examples:
        >>> weights = keras.Variable([1.0, 2.0])
        >>> optimizer = keras.optimizers.RMSprop(learning_rate=0.1)
        >>> _ = optimizer.apply_gradients([(np.array([0.5, -1.0]), weights)])
        >>> weights.numpy()
        array([0.6838, 2.3162], dtype=float32)
    """

    def __init__(
        self, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False,
        name=None, **kwargs,
    ):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.rho = rho
        self.momentum = momentum
        self.epsilon = epsilon
        self.centered = centered

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._velocities = self.add_optimizer_variables(var_list, "velocity")
        self._momentums = []
        if self.momentum > 0:
            self._momentums = self.add_optimizer_variables(var_list, "momentum")
        self._average_gradients = []
        if self.centered:
            self._average_gradients = self.add_optimizer_variables(var_list, "average_gradient")

    def update_step(self, gradient, variable, learning_rate):
        w = variable.value
        lr = w.dtype.type(learning_rate)
        index = self._get_variable_index(variable)
        velocity = self._velocities[index]
        rho = self.rho
        velocity.value = rho * velocity.value + (1 - rho) * np.square(gradient)
        if self.centered:
            average = self._average_gradients[index]
            average.value = rho * average.value + (1 - rho) * gradient
            denominator = velocity.value - np.square(average.value) + self.epsilon
        else:
            denominator = velocity.value + self.epsilon
        increment = (lr * gradient) / np.sqrt(denominator)
        if self.momentum > 0:
            momentum = self._momentums[index]
            momentum.value = self.momentum * momentum.value + increment
            w -= momentum.value
        else:
            w -= increment

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "rho": self.rho,
                "momentum": self.momentum,
                "epsilon": self.epsilon,
                "centered": self.centered,
            }
        )
        return config
