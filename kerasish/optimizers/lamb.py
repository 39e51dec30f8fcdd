"""Lamb: Adam steps rescaled per variable by the ratio of the weights' norm to the step's."""

import numpy as np

from kerasish.optimizers.optimizer import Optimizer


class Lamb(Optimizer):
    """Lamb (You et al., 2019), Adam with a layer-wise trust ratio, for large batches.

        m += (g - m) * (1 - beta_1);  v += (g^2 - v) * (1 - beta_2)
        update = (m / (1 - beta_1^t)) / (sqrt(v / (1 - beta_2^t)) + epsilon)
        w -= lr * (|w| / |update|) * update

    The trust ratio `|w| / |update|` (L2 norms over the whole variable) is 1
    when either norm is 0.

    Args:
        learning_rate: a float, a `LearningRateSchedule` or a callable (default 0.001).
        beta_1: decay of the first-moment estimate (default 0.9).
        beta_2: decay of the second-moment estimate (default 0.999).
        epsilon: small constant for numerical stability (default 1e-7).
        name: name of the optimizer.
        **kwargs: the base `Optimizer` arguments (`weight_decay`, `clipnorm`, ...).

    Examples:
        >>> weights = keras.Variable([3.0, 4.0])
        >>> optimizer = keras.optimizers.Lamb(learning_rate=0.1)
        >>> _ = optimizer.apply_gradients([(np.array([1.0, 1.0]), weights)])
        >>> weights.numpy()
        array([2.6464, 3.6464], dtype=float32)
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, name=None,
                 **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._momentums, self._velocities = self.add_optimizer_variables(
            var_list, ["momentum", "velocity"])

    def update_step(self, gradient, variable, learning_rate):
        w = variable.value
        dtype = w.dtype.type
        step = dtype(self._iterations.value + 1)
        index = self._get_variable_index(variable)
        m, v = self._momentums[index].value, self._velocities[index].value
        m += (gradient - m) * dtype(1 - self.beta_1)
        v += (np.square(gradient) - v) * dtype(1 - self.beta_2)
        m_hat = m / (dtype(1) - np.power(dtype(self.beta_1), step))
        v_root = np.sqrt(v / (dtype(1) - np.power(dtype(self.beta_2), step))) + dtype(self.epsilon)
        update = m_hat / v_root
        w_norm, update_norm = np.sqrt(np.sum(np.square(w))), np.sqrt(np.sum(np.square(update)))
        ratio = w_norm / update_norm if w_norm > 0 and update_norm > 0 else dtype(1)
        w -= dtype(ratio) * dtype(learning_rate) * update

    def get_config(self):
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon})
        return config
