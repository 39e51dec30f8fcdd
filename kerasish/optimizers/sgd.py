from kerasish.optimizers.optimizer import Optimizer


class SGD(Optimizer):
    """Gradient descent with optional (Nesterov) momentum, Keras's update rule:

        velocity = momentum * velocity - learning_rate * g
        w += velocity                                      (plain momentum)
        w += momentum * velocity - learning_rate * g       (nesterov)
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
