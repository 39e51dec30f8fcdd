"""Adafactor: Adam-like steps with the second moments of matrices stored as
row and column averages, so the optimizer state is sublinear in memory."""

import numpy as np

from kerasish.optimizers.optimizer import Optimizer


def _rms(x):
    return np.sqrt(np.mean(np.square(x)))


class Adafactor(Optimizer):
    """Adafactor (Shazeer & Stern, 2018) with Keras's update.

    For variables of rank 2 or more, the second moment of the gradient is
    factored into a row average `r` and a column average `c`; for smaller
    ones it is kept whole in `v`. With `t` the step:

        beta_2_t = 1 - t ** beta_2_decay
        rho_t = min(lr, 1 / sqrt(t))
        alpha_t = max(epsilon_2, rms(w)) * rho_t
        u = g / sqrt(v);  u /= max(1, rms(u) / clip_threshold)
        w -= alpha_t * u

    Args:
        learning_rate: a float, a `LearningRateSchedule` or a callable (default 0.001).
        beta_2_decay: the exponent of the second-moment decay (default -0.8).
        epsilon_1: added to the squared gradients (default 1e-30).
        epsilon_2: the smallest scale of a step (default 1e-3).
        clip_threshold: the largest RMS of an unscaled step (default 1.0).
        relative_step: whether a constant learning rate is also capped at
            `1 / sqrt(t)` (default True).
        name: name of the optimizer.
        **kwargs: the base `Optimizer` arguments (`weight_decay`, `clipnorm`, ...).

    Examples:
        >>> weights = keras.Variable([[1.0, 2.0], [3.0, 4.0]])
        >>> optimizer = keras.optimizers.Adafactor(learning_rate=0.1)
        >>> _ = optimizer.apply_gradients([(np.ones((2, 2)), weights)])
        >>> weights.numpy()
        array([[0.7261, 1.7261],
               [2.7261, 3.7261]], dtype=float32)
    """

    def __init__(self, learning_rate=0.001, beta_2_decay=-0.8, epsilon_1=1e-30, epsilon_2=1e-3,
                 clip_threshold=1.0, relative_step=True, name=None, **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.beta_2_decay = beta_2_decay
        self.epsilon_1 = epsilon_1
        self.epsilon_2 = epsilon_2
        self.clip_threshold = clip_threshold
        self.relative_step = relative_step

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._r, self._c, self._v = [], [], []
        for variable in var_list:
            shape, dtype = variable.shape, variable.value.dtype
            # Keras names the factored averages after the variable itself.
            if len(shape) < 2:
                self._r.append(self.add_variable((), dtype=dtype, name=variable.name))
                self._c.append(self.add_variable((), dtype=dtype, name=variable.name))
            else:
                self._r.append(self.add_variable(shape[:-1], dtype=dtype, name=variable.name))
                self._c.append(self.add_variable(shape[:-2] + shape[-1:], dtype=dtype,
                                                 name=variable.name))
            self._v.append(self.add_variable_from_reference(variable, "velocity"))

    def update_step(self, gradient, variable, learning_rate):
        w = variable.value
        dtype = w.dtype.type
        lr = dtype(learning_rate)
        step = dtype(self._iterations.value + 1)
        if self._schedule is None and self.relative_step:
            lr = min(lr, dtype(1) / np.sqrt(step))
        index = self._get_variable_index(variable)
        r, c, v = self._r[index].value, self._c[index].value, self._v[index].value
        rho = min(lr, dtype(1) / np.sqrt(step))
        alpha = max(dtype(self.epsilon_2), _rms(w)) * rho
        squared = np.square(gradient) + dtype(self.epsilon_1)
        beta = dtype(1) - np.power(step, dtype(self.beta_2_decay))
        if w.ndim >= 2:
            r[...] = beta * r + (dtype(1) - beta) * np.mean(squared, axis=-1)
            c[...] = beta * c + (dtype(1) - beta) * np.mean(squared, axis=-2)
            v[...] = (r / np.mean(r, axis=-1, keepdims=True))[..., None] * c[..., None, :]
        else:
            v[...] = beta * v + (dtype(1) - beta) * squared
        update = gradient / np.sqrt(v)
        update = update / max(dtype(1), _rms(update) / dtype(self.clip_threshold))
        w -= dtype(alpha) * update

    def get_config(self):
        config = super().get_config()
        config.update({
            "beta_2_decay": self.beta_2_decay, "epsilon_1": self.epsilon_1,
            "epsilon_2": self.epsilon_2, "clip_threshold": self.clip_threshold,
            "relative_step": self.relative_step,
        })
        return config
