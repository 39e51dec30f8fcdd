"""The `Metric` base class: state in variables, `update_state`, `result`."""

import numpy as np

from kerasish import initializers
from kerasish.backend import config
from kerasish.backend.tensor import Variable
from kerasish.utils import naming


class Metric:
    """A stateful metric: accumulate with `update_state`, read with `result`,
    start over with `reset_state`."""

    def __init__(self, dtype=None, name=None):
        self.name = name or naming.auto_name(self.__class__.__name__)
        self._dtype = dtype or config.floatx()
        self._variables = []

    @property
    def dtype(self):
        return self._dtype

    @property
    def variables(self):
        return list(self._variables)

    def add_variable(self, shape, initializer, dtype=None, aggregation="sum", name=None):
        initializer = initializers.get(initializer)
        variable = Variable(
            initializer, shape=tuple(shape), dtype=dtype or self._dtype, trainable=False, name=name
        )
        self._variables.append(variable)
        return variable

    add_weight = add_variable

    def update_state(self, *args, **kwargs):
        raise NotImplementedError

    def result(self):
        raise NotImplementedError

    def reset_state(self):
        for variable in self._variables:
            variable.assign(np.zeros(variable.shape, dtype=variable.value.dtype))

    def __call__(self, *args, **kwargs):
        self.update_state(*args, **kwargs)
        return self.result()

    def get_config(self):
        return {"name": self.name, "dtype": self._dtype}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return f"<{self.__class__.__name__} name={self.name}>"
