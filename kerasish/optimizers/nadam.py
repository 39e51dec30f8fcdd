import numpy as np

from kerasish.backend import config as backend_config
from kerasish.optimizers.optimizer import Optimizer


class Nadam(Optimizer):
    """Nadam: Adam with Nesterov momentum.

    Keras's rule, with its momentum schedule u_t = beta_1 * (1 - 0.5 * 0.96^t)
    and the running product P_t = u_1 * ... * u_t (one extra optimizer
    variable, created after the slots; t starts at 1, m and v at 0):

        m += (g - m) * (1 - beta_1)
        v += (g^2 - v) * (1 - beta_2)
        m_hat = u_(t+1) * m / (1 - P_t * u_(t+1)) + (1 - u_t) * g / (1 - P_t)
        v_hat = v / (1 - beta_2^t)
        w -= lr * m_hat / (sqrt(v_hat) + epsilon)

    Args:
        learning_rate: a float, a `LearningRateSchedule` or a callable
            returning the rate. Defaults to 0.001.
        beta_1: decay rate of the first-moment estimate (and base of the
            momentum schedule). Defaults to 0.9.
        beta_2: decay rate of the second-moment estimate. Defaults to 0.999.
        epsilon: small constant for numerical stability. Defaults to 1e-7.
        name: name of the optimizer. Defaults to a unique name from the class.
        **kwargs: the base `Optimizer` arguments: `weight_decay`, `clipnorm`,
            `clipvalue`, `global_clipnorm`, ...

    Examples:
        >>> weights = keras.Variable([1.0, 2.0])
        >>> optimizer = keras.optimizers.Nadam(learning_rate=0.1)
        >>> _ = optimizer.apply_gradients([(np.array([0.5, -1.0]), weights)])
        >>> weights.numpy()
        array([0.8937, 2.1063], dtype=float32)
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
        dtype = var_list[0].value.dtype if var_list else backend_config.floatx()
        super().build(var_list)
        self._momentums, self._velocities = self.add_optimizer_variables(
            var_list, ["momentum", "velocity"]
        )
        self._u_product = self.add_variable((), initializer="ones", dtype=dtype, name="variable")

    def _update_all(self, grads, variables, learning_rate):
        u_product = self._u_product
        dtype = u_product.value.dtype.type
        decay_power = np.power(dtype(0.96), dtype(self._iterations.value + 1))
        u_product.value = u_product.value * self.beta_1 * (1.0 - 0.5 * decay_power)
        super()._update_all(grads, variables, learning_rate)

    def update_step(self, gradient, variable, learning_rate):
        w = variable.value
        dtype = w.dtype.type
        lr = dtype(learning_rate)
        local_step = dtype(self._iterations.value + 1)
        next_step = dtype(self._iterations.value + 2)
        decay = dtype(0.96)
        beta_1, beta_2 = dtype(self.beta_1), dtype(self.beta_2)
        u_t = beta_1 * (1.0 - 0.5 * np.power(decay, local_step))
        u_t_1 = beta_1 * (1.0 - 0.5 * np.power(decay, next_step))
        u_product_t = self._u_product.value.astype(w.dtype)
        u_product_t_1 = u_product_t * u_t_1
        beta_2_power = np.power(beta_2, local_step)
        index = self._get_variable_index(variable)
        m = self._momentums[index].value
        v = self._velocities[index].value
        m += (gradient - m) * (1 - beta_1)
        v += (np.square(gradient) - v) * (1 - beta_2)
        m_hat = (u_t_1 * m) / (1 - u_product_t_1) + ((1 - u_t) * gradient) / (1 - u_product_t)
        v_hat = v / (1 - beta_2_power)
        w -= (m_hat * lr) / (np.sqrt(v_hat) + self.epsilon)

    def get_config(self):
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon})
        return config
