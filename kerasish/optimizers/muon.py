"""Muon: momentum updates orthogonalized by Newton-Schulz iterations for
matrices, AdamW for everything else."""

import re

import numpy as np

from kerasish.optimizers.optimizer import Optimizer


def _swap_last_axes(x):
    return np.swapaxes(x, -1, -2)


class Muon(Optimizer):
    """Muon (Jordan et al., 2024) with Keras's update. For 2-D variables
    (except embeddings and `exclude_layers`), the momentum (Nesterov by
    default) is orthogonalized by `ns_steps` Newton-Schulz iterations with
    coefficients `(muon_a, muon_b, muon_c)`, scaled by
    `sqrt(max(rows, cols)) * rms_rate`, and subtracted times the learning
    rate. Other variables get AdamW steps at `learning_rate * adam_lr_ratio`.
    Weight decay is `weight_decay` for the first kind and
    `adam_weight_decay` for the second.

    Args:
        learning_rate: a float, a `LearningRateSchedule` or a callable (default 0.001).
        adam_beta_1: AdamW's first-moment decay (default 0.9).
        adam_beta_2: AdamW's second-moment decay (default 0.999).
        adam_weight_decay: the weight decay of AdamW-updated variables (default 0.004).
        epsilon: AdamW's epsilon (default 1e-7).
        weight_decay: the weight decay of Muon-updated variables (default 0.004).
        exclude_layers: regular expressions of variable paths updated by AdamW.
        exclude_embeddings: whether variables whose path contains
            "embedding" are updated by AdamW (default True).
        muon_a: the first Newton-Schulz coefficient (default 3.4445).
        muon_b: the second Newton-Schulz coefficient (default -4.775).
        muon_c: the third Newton-Schulz coefficient (default 2.0315).
        adam_lr_ratio: the AdamW rate as a multiple of `learning_rate` (default 1).
        momentum: the momentum of Muon updates (default 0.95).
        ns_steps: the number of Newton-Schulz iterations (default 5).
        nesterov: whether to use Nesterov momentum (default True).
        rms_rate: the RMS matching factor, or None for no scaling (default 0.2).
        name: name of the optimizer.
        **kwargs: the other base `Optimizer` arguments (`clipnorm`, ...).

    Examples:
        >>> matrix = keras.Variable(np.eye(2, dtype="float32"))
        >>> optimizer = keras.optimizers.Muon(learning_rate=0.1, weight_decay=None)
        >>> _ = optimizer.apply_gradients([(np.array([[1.0, 0.0], [0.0, 0.0]]), matrix)])
        >>> matrix.numpy().round(3)
        array([[0.98, 0.  ],
               [0.  , 1.  ]], dtype=float32)
    """

    def __init__(self, learning_rate=0.001, adam_beta_1=0.9, adam_beta_2=0.999,
                 adam_weight_decay=0.004, epsilon=1e-7, weight_decay=0.004, name=None,
                 exclude_layers=None, exclude_embeddings=True, muon_a=3.4445, muon_b=-4.775,
                 muon_c=2.0315, adam_lr_ratio=1, momentum=0.95, ns_steps=5, nesterov=True,
                 rms_rate=0.2, **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, weight_decay=weight_decay,
                         **kwargs)
        self.adam_beta_1 = adam_beta_1
        self.adam_beta_2 = adam_beta_2
        self.epsilon = epsilon
        self.muon_a, self.muon_b, self.muon_c = muon_a, muon_b, muon_c
        self.adam_lr_ratio = adam_lr_ratio
        self.momentum = momentum
        self.ns_steps = ns_steps
        self.nesterov = nesterov
        self.exclude_embeddings = exclude_embeddings
        self.exclude_layers = exclude_layers or []
        self.adam_weight_decay = adam_weight_decay
        self.rms_rate = rms_rate

    def _should_use_adamw(self, variable):
        if len(variable.shape) != 2:
            return True
        path = getattr(variable, "path", variable.name)
        if self.exclude_embeddings and "embedding" in path.lower():
            return True
        return any(re.search(keyword, path) for keyword in self.exclude_layers)

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self.momentums, self.adam_velocities = [], []
        for variable in var_list:
            self.momentums.append(self.add_variable_from_reference(variable, "momentum"))
            self.adam_velocities.append(
                self.add_variable_from_reference(variable, "velocity")
                if self._should_use_adamw(variable) else None)

    def update_step(self, gradient, variable, learning_rate):
        index = self._get_variable_index(variable)
        m, v = self.momentums[index].value, self.adam_velocities[index]
        if v is not None:
            self._adamw_step(gradient, variable, learning_rate * self.adam_lr_ratio, m, v.value)
        else:
            self._muon_step(gradient, variable, learning_rate, m)

    def _muon_step(self, gradient, variable, learning_rate, m):
        w = variable.value
        dtype = w.dtype.type
        m += gradient + m * dtype(self.momentum - 1)
        direction = gradient + dtype(self.momentum) * m if self.nesterov else m
        update = self._orthogonalized(direction) * dtype(learning_rate)
        if self.rms_rate is not None:
            update = update * np.sqrt(dtype(max(update.shape[0], update.shape[1]))) * dtype(
                self.rms_rate)
        w -= update.astype(w.dtype)

    def _orthogonalized(self, x):
        """Newton-Schulz iterations towards U V^T of x's SVD, as Keras runs them."""
        a, b, c = self.muon_a, self.muon_b, self.muon_c
        tall = x.shape[-2] > x.shape[-1]
        if tall:
            x = _swap_last_axes(x)
        x = x / (np.sqrt(np.sum(np.square(x), axis=(-2, -1), keepdims=True)) + x.dtype.type(1e-7))
        for _ in range(self.ns_steps):
            gram = x @ _swap_last_axes(x)
            x = x.dtype.type(a) * x + (x.dtype.type(b) * gram + x.dtype.type(c) * gram @ gram) @ x
        return _swap_last_axes(x) if tall else x

    def _adamw_step(self, gradient, variable, learning_rate, m, v):
        w = variable.value
        dtype = w.dtype.type
        step = dtype(self._iterations.value + 1)
        alpha = dtype(learning_rate) * np.sqrt(
            dtype(1) - np.power(dtype(self.adam_beta_2), step)) / (
            dtype(1) - np.power(dtype(self.adam_beta_1), step))
        m += (gradient - m) * dtype(1 - self.adam_beta_1)
        v += (np.square(gradient) - v) * dtype(1 - self.adam_beta_2)
        w -= (m * alpha) / (np.sqrt(v) + dtype(self.epsilon))

    def _apply_weight_decay(self, variables):
        learning_rate = self._get_current_learning_rate()
        for variable in variables:
            if not self._use_weight_decay(variable):
                continue
            decay = self.adam_weight_decay if self._should_use_adamw(variable) else \
                self.weight_decay
            if decay is None:
                continue
            w = variable.value
            w -= w * w.dtype.type(decay) * learning_rate.astype(w.dtype)

    def get_config(self):
        config = super().get_config()
        config.update({
            "adam_beta_1": self.adam_beta_1, "adam_beta_2": self.adam_beta_2,
            "epsilon": self.epsilon, "exclude_layers": self.exclude_layers,
            "muon_a": self.muon_a, "muon_b": self.muon_b, "muon_c": self.muon_c,
            "adam_lr_ratio": self.adam_lr_ratio, "momentum": self.momentum,
            "ns_steps": self.ns_steps, "nesterov": self.nesterov,
            "exclude_embeddings": self.exclude_embeddings,
            "adam_weight_decay": self.adam_weight_decay, "rms_rate": self.rms_rate,
        })
        return config
