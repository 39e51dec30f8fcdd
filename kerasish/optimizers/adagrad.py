import numpy as np

from kerasish import initializers
from kerasish.optimizers.optimizer import Optimizer


class Adagrad(Optimizer):
    """Adagrad: per-parameter steps that shrink as squared gradients add up.

    Keras's rule, the accumulator starting at `initial_accumulator_value`:

        accumulator += g^2
        w -= lr * g / sqrt(accumulator + epsilon)

    Args:
        learning_rate: a float, a `LearningRateSchedule` or a callable
            returning the rate. Defaults to 0.001.
        initial_accumulator_value: starting value of every accumulator, a
            non-negative float. Defaults to 0.1.
        epsilon: small constant for numerical stability. Defaults to 1e-7.
        name: name of the optimizer. Defaults to a unique name from the class.
        **kwargs: the base `Optimizer` arguments: `weight_decay`, `clipnorm`,
            `clipvalue`, `global_clipnorm`, ...

    Examples:
        >>> weights = keras.Variable([1.0, 2.0])
        >>> optimizer = keras.optimizers.Adagrad(learning_rate=0.1)
        >>> _ = optimizer.apply_gradients([(np.array([0.5, -1.0]), weights)])
        >>> weights.numpy()
        array([0.9155, 2.0953], dtype=float32)
    """

    def __init__(
        self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7, name=None,
        **kwargs,
    ):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.initial_accumulator_value = initial_accumulator_value
        self.epsilon = epsilon

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        initializer = initializers.Constant(self.initial_accumulator_value)
        self._accumulators = self.add_optimizer_variables(
            var_list, "accumulator", initializer=initializer
        )

    def update_step(self, gradient, variable, learning_rate):
        w = variable.value
        lr = w.dtype.type(learning_rate)
        accumulator = self._accumulators[self._get_variable_index(variable)].value
        accumulator += np.square(gradient)
        w -= (lr * gradient) / np.sqrt(accumulator + self.epsilon)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "initial_accumulator_value": self.initial_accumulator_value,
                "epsilon": self.epsilon,
            }
        )
        return config
