import numpy as np

from kerasish.optimizers.optimizer import Optimizer


class Adam(Optimizer):
    """Adam: steps scaled by running estimates of the gradient's first two moments.

    Keras's rule, with the bias correction folded into the step size (t is
    the step number, starting at 1; m and v start at 0):

        m += (g - m) * (1 - beta_1)
        v += (g^2 - v) * (1 - beta_2)
        v_hat = max(v_hat, v)                 (amsgrad only; then v_hat is used as v)
        alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t)
        w -= m * alpha / (sqrt(v) + epsilon)

    Because `epsilon` is added outside the square root after the correction,
    results match Keras rather than the paper's "epsilon hat" exactly.

    Args:
        learning_rate: a float, a `LearningRateSchedule` or a callable
            returning the rate. Defaults to 0.001.
        beta_1: decay rate of the first-moment (mean) estimate. Defaults to
            0.9.
        beta_2: decay rate of the second-moment (uncentered variance)
            estimate. Defaults to 0.999.
        epsilon: small constant for numerical stability. Defaults to 1e-7.
        amsgrad: whether to use the AMSGrad variant, which divides by the
            largest `v` seen so far. Defaults to False.
        name: name of the optimizer. Defaults to a unique name from the class.
        **kwargs: the base `Optimizer` arguments: `weight_decay`, `clipnorm`,
            `clipvalue`, `global_clipnorm`, ...

    Examples:
        >>> weights = keras.Variable([1.0, 2.0])
        >>> optimizer = keras.optimizers.Adam(learning_rate=0.1)
        >>> _ = optimizer.apply_gradients([(np.array([0.5, -1.0]), weights)])
        >>> _ = optimizer.apply_gradients([(np.array([0.5, -1.0]), weights)])
        >>> weights.numpy()
        array([0.8, 2.2], dtype=float32)
    """

    def __init__(
        self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False,
        name=None, **kwargs,
    ):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.amsgrad = amsgrad

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._momentums, self._velocities = self.add_optimizer_variables(
            var_list, ["momentum", "velocity"]
        )
        if self.amsgrad:
            self._velocity_hats = self.add_optimizer_variables(var_list, "velocity_hat")

    def update_step(self, gradient, variable, learning_rate):
        w = variable.value
        dtype = w.dtype.type
        lr = dtype(learning_rate)
        step = dtype(self._iterations.value + 1)
        beta_1_power = np.power(dtype(self.beta_1), step)
        beta_2_power = np.power(dtype(self.beta_2), step)
        index = self._get_variable_index(variable)
        m = self._momentums[index].value
        v = self._velocities[index].value
        alpha = lr * np.sqrt(1 - beta_2_power) / (1 - beta_1_power)
        m += (gradient - m) * (1 - self.beta_1)
        v += (np.square(gradient) - v) * (1 - self.beta_2)
        if self.amsgrad:
            v_hat = self._velocity_hats[index].value
            np.maximum(v_hat, v, out=v_hat)
            v = v_hat
        w -= (m * alpha) / (np.sqrt(v) + self.epsilon)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "beta_1": self.beta_1,
                "beta_2": self.beta_2,
                "epsilon": self.epsilon,
                "amsgrad": self.amsgrad,
            }
        )
        return config
