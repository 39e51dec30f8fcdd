"""The `Metric` base class: state in variables, `update_state`, `result`."""

import numpy as np

from kerasish import initializers
from kerasish.backend import config
from kerasish.backend.variables import Variable
from kerasish.utils import naming


class Metric:
    """Base class of stateful metrics: accumulate, read, start over.

    A metric keeps running totals in non-trainable variables. `update_state`
    adds a batch to them, `result` turns them into the current value and
    `reset_state` sets them back to zero; calling the metric does the first
    two in one go. `fit` and `evaluate` reset every metric at the start of
    each epoch, so logged values cover the whole epoch so far, as in Keras.

    To write your own metric, create its variables in `__init__` with
    `add_variable` and override `update_state` and `result`.

    Args:
        dtype: dtype of the metric's variables and result. Defaults to
            `keras.config.floatx()` ("float32").
        name: name of the metric, used as its key in the training logs.
            Defaults to a unique snake_case name made from the class name.

    Examples:
        >>> class CountAbove(keras.metrics.Metric):
        ...     def __init__(self, threshold, name="count_above"):
        ...         super().__init__(name=name)
        ...         self.threshold = threshold
        ...         self.count = self.add_variable((), "zeros", name="count")
        ...     def update_state(self, values):
        ...         self.count.assign_add(np.sum(np.asarray(values) > self.threshold))
        ...     def result(self):
        ...         return self.count.numpy()
        >>> metric = CountAbove(0.5)
        >>> metric.update_state([0.2, 0.7, 0.9])
        >>> float(metric([0.6]))
        3.0
        >>> metric.reset_state()
        >>> float(metric.result())
        0.0
    """

    def __init__(self, dtype=None, name=None):
        self.name = name or naming.auto_name(self.__class__.__name__)
        self._dtype = dtype or config.floatx()
        self._variables = []

    @property
    def dtype(self):
        """The dtype of the metric's variables and result, e.g. "float32".

        Returns:
            The dtype name as a string.
        """
        return self._dtype

    @property
    def variables(self):
        """The metric's state variables, in the order they were created.

        Returns:
            A new list of `Variable`s (non-trainable).
        """
        return list(self._variables)

    def add_variable(self, shape, initializer, dtype=None, aggregation="sum", name=None):
        """Creates a non-trainable state variable and tracks it in `variables`.

        `reset_state` sets every tracked variable back to zeros.

        Args:
            shape: shape of the variable, a tuple of ints (`()` for a scalar).
            initializer: initial value: an initializer name such as "zeros",
                an `Initializer` instance or a callable `(shape, dtype)`.
            dtype: dtype of the variable. Defaults to the metric's `dtype`.
            aggregation: how replicas would combine the variable in
                distributed training. Accepted for Keras compatibility;
                kerasish runs on one device and ignores it.
            name: name of the variable.

        Returns:
            The new `Variable`.
        """
        initializer = initializers.get(initializer)
        variable = Variable(
            initializer, shape=tuple(shape), dtype=dtype or self._dtype, trainable=False, name=name
        )
        self._variables.append(variable)
        return variable

    def add_weight(self, shape=(), initializer=None, dtype=None, name=None):
        """Creates a state variable; the older name of `add_variable`.

        Args:
            shape: shape of the variable, a tuple of ints. Defaults to `()`.
            initializer: initial value, as for `add_variable`. Give one:
                the default None leaves the variable undefined.
            dtype: dtype of the variable. Defaults to the metric's `dtype`.
            name: name of the variable.

        Returns:
            The new `Variable`.
        """
        # Keras's signature (shape first, with a default), unlike the alias
        # this used to be.
        return self.add_variable(shape, initializer, dtype=dtype, name=name)

    def update_state(self, *args, **kwargs):
        """Adds a batch of observations to the metric's state.

        Subclasses override this; built-in metrics take
        `(y_true, y_pred, sample_weight=None)` (or `(values, sample_weight=None)`
        for `Mean` and `Sum`).

        Args:
            *args: the batch, as the subclass defines it.
            **kwargs: more of the batch, as the subclass defines it.

        Raises:
            NotImplementedError: when a subclass does not override it.
        """
        raise NotImplementedError

    def result(self):
        """Computes the metric's value from its state.

        Subclasses override this. Reading the result does not change the
        state.

        Returns:
            A NumPy scalar or array in the metric's dtype.

        Raises:
            NotImplementedError: when a subclass does not override it.
        """
        raise NotImplementedError

    def reset_state(self):
        """Sets every state variable back to zeros, forgetting all batches seen."""
        for variable in self._variables:
            variable.assign(np.zeros(variable.shape, dtype=variable.value.dtype))

    def __call__(self, *args, **kwargs):
        self.update_state(*args, **kwargs)
        return self.result()

    def get_config(self):
        """The constructor arguments that recreate this metric, for saving.

        Returns:
            A JSON-serialisable dict; the base class gives `name` and `dtype`.
        """
        return {"name": self.name, "dtype": self._dtype}

    @classmethod
    def from_config(cls, config):
        """Creates a metric from the dict `get_config` returned.

        Args:
            config: the dict of constructor arguments.

        Returns:
            A new metric of this class, with fresh (zero) state.
        """
        return cls(**config)

    def __repr__(self):
        return f"<{self.__class__.__name__} name={self.name}>"
