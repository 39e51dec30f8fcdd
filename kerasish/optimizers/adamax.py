import numpy as np

from kerasish.optimizers.optimizer import Optimizer


class Adamax(Optimizer):
    """Adamax: Adam with the infinity norm in place of the second moment.

    Keras's rule (t is the step number, starting at 1; m and u start at 0):

        m += (g - m) * (1 - beta_1)
        u = max(beta_2 * u, |g|)
        w -= lr * m / ((1 - beta_1^t) * (u + epsilon))

    Args:
        learning_rate: a float, a `LearningRateSchedule` or a callable
            returning the rate. Defaults to 0.001.
        beta_1: decay rate of the first-moment estimate. Defaults to 0.9.
        beta_2: decay rate of the infinity-norm estimate `u`. Defaults to
            0.999.
        epsilon: small constant for numerical stability. Defaults to 1e-7.
        name: name of the optimizer. Defaults to a unique name from the class.
        **kwargs: the base `Optimizer` arguments: `weight_decay`, `clipnorm`,
            `clipvalue`, `global_clipnorm`, ...

    Examples:
        >>> weights = keras.Variable([1.0, 2.0])
        >>> optimizer = keras.optimizers.Adamax(learning_rate=0.1)
        >>> _ = optimizer.apply_gradients([(np.array([0.5, -1.0]), weights)])
        >>> weights.numpy()
        array([0.9, 2.1], dtype=float32)
    """

    def __init__(
        self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, name=None, **kwargs
    ):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._m, self._u = self.add_optimizer_variables(var_list, ["momentum", "norm"])

    def update_step(self, gradient, variable, learning_rate):
        w = variable.value
        dtype = w.dtype.type
        lr = dtype(learning_rate)
        beta_1_power = np.power(dtype(self.beta_1), dtype(self._iterations.value + 1))
        index = self._get_variable_index(variable)
        m = self._m[index].value
        u = self._u[index]
        m += (gradient - m) * (1 - self.beta_1)
        u.value = np.maximum(self.beta_2 * u.value, np.abs(gradient))
        w -= (lr * m) / ((1 - beta_1_power) * (u.value + self.epsilon))

    def get_config(self):
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon})
        return config
