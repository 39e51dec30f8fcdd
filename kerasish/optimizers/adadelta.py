import numpy as np

from kerasish.optimizers.optimizer import Optimizer


class Adadelta(Optimizer):
    """Adadelta: steps scaled by running averages of gradients and past updates.

    Keras's rule (both averages start at 0); unlike the original paper, the
    learning rate still scales the step, so use 1.0 to recover it:

        E[g^2] = rho * E[g^2] + (1 - rho) * g^2
        delta = -sqrt(E[dx^2] + epsilon) * g / sqrt(E[g^2] + epsilon)
        E[dx^2] = rho * E[dx^2] + (1 - rho) * delta^2
        w += lr * delta

    Args:
        learning_rate: a float, a `LearningRateSchedule` or a callable
            returning the rate. Defaults to 0.001.
        rho: decay rate of both running averages. Defaults to 0.95.
        epsilon: small constant for numerical stability. Defaults to 1e-7.
        name: name of the optimizer. Defaults to a unique name from the class.
        **kwargs: the base `Optimizer` arguments: `weight_decay`, `clipnorm`,
            `clipvalue`, `global_clipnorm`, ...

    Examples:
        >>> weights = keras.Variable([1.0, 2.0])
        >>> optimizer = keras.optimizers.Adadelta(learning_rate=1.0)
        >>> _ = optimizer.apply_gradients([(np.array([0.5, -1.0]), weights)])
        >>> weights.numpy()
        array([0.9986, 2.0014], dtype=float32)
    """

    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-7, name=None, **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.rho = rho
        self.epsilon = epsilon

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._accumulated_grads, self._accumulated_delta_vars = self.add_optimizer_variables(
            var_list, ["accumulated_grad", "accumulated_delta_var"]
        )

    def update_step(self, gradient, variable, learning_rate):
        w = variable.value
        lr = w.dtype.type(learning_rate)
        rho = self.rho
        index = self._get_variable_index(variable)
        grad_average = self._accumulated_grads[index]
        delta_average = self._accumulated_delta_vars[index]
        grad_average.value = rho * grad_average.value + (1 - rho) * np.square(gradient)
        delta = -(
            (np.sqrt(delta_average.value + self.epsilon) * gradient)
            / np.sqrt(grad_average.value + self.epsilon)
        )
        delta_average.value = rho * delta_average.value + (1 - rho) * np.square(delta)
        w += lr * delta

    def get_config(self):
        config = super().get_config()
        config.update({"rho": self.rho, "epsilon": self.epsilon})
        return config
