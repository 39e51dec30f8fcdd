from kerasish.optimizers.optimizer import Optimizer


class SGD(Optimizer):
    """Stochastic gradient descent, with optional (Nesterov) momentum.

    Without momentum each step is `w -= learning_rate * g`. With momentum,
    Keras's rule keeps a velocity per variable (starting at 0):

        velocity = momentum * velocity - learning_rate * g
        w += velocity                                      (plain momentum)
        w += momentum * velocity - learning_rate * g       (nesterov=True)

    Args:
        learning_rate: a float, a `LearningRateSchedule` or a callable
            returning the rate. Defaults to 0.01.
        momentum: a float in [0, 1] that accelerates descent along
            consistent directions and damps oscillations. Defaults to 0.0
            (no velocity slots are created then).
        nesterov: whether to use Nesterov momentum. Defaults to False.
        name: name of the optimizer. Defaults to a unique name from the class.
        **kwargs: the base `Optimizer` arguments: `weight_decay`, `clipnorm`,
            `clipvalue`, `global_clipnorm`, ...

    Raises:
        ValueError: when `momentum` is not a number in [0, 1], or for a bad
            base argument (see `Optimizer`).

    Examples:
        >>> weights = keras.Variable([1.0, 2.0])
        >>> optimizer = keras.optimizers.SGD(learning_rate=0.1, momentum=0.9)
        >>> _ = optimizer.apply_gradients([(np.array([0.5, -1.0]), weights)])
        >>> _ = optimizer.apply_gradients([(np.array([0.5, -1.0]), weights)])
        >>> weights.numpy()
        array([0.855, 2.29 ], dtype=float32)
    """

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, name=None, **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        if not isinstance(momentum, (int, float)) or momentum < 0 or momentum > 1:
            raise ValueError(
                f"`momentum` must be a float between [0, 1]. Received: momentum={momentum}"
            )
        self.momentum = momentum
        self.nesterov = nesterov

    def build(self, variables):
        if self.built:
            return
        super().build(variables)
        self.momentums = []
        if self.momentum != 0:
            self.momentums = self.add_optimizer_variables(variables, "momentum")

    def update_step(self, gradient, variable, learning_rate):
        w = variable.value
        lr = learning_rate if learning_rate.dtype == w.dtype else learning_rate.astype(w.dtype)
        if self.momentum == 0:
            if self._may_overwrite(gradient):  # no temporary for lr * g
                gradient *= lr
                w -= gradient
            else:
                w -= gradient * lr
            return
        m = self.momentums[self._get_variable_index(variable)].value
        momentum = w.dtype.type(self.momentum)
        m *= momentum
        m -= gradient * lr
        if self.nesterov:
            w += m * momentum - gradient * lr
        else:
            w += m

    def get_config(self):
        config = super().get_config()
        config.update({"momentum": self.momentum, "nesterov": self.nesterov})
        return config
