"""`Variable`: the stateful tensor behind layer weights, optimizer slots and
metric state."""

import numpy as np

from kerasish.backend import config
from kerasish.backend.tensor import Tensor


class Variable(Tensor):
    """A named, stateful tensor: layer weights, optimizer slots, metric state.

    `value` is rebound or updated in place by `assign`; ops that read the
    variable see its current value. A trainable variable requires a gradient,
    so ops on it build the graph that `gradients()` differentiates. Layers
    create their variables with `Layer.add_weight`, which also sets `path`
    (`"dense/kernel"`).

    Args:
        initializer: the initial value: an array-like (its dtype is kept
            when `dtype` is None), an initializer name such as `"zeros"`, or a
            callable `initializer(shape, dtype=dtype)` such as
            `keras.initializers.Ones()`.
        shape: the variable's shape; required with a named or callable
            initializer, and checked against an initial array.
        dtype: the dtype; defaults to the array's dtype, else `floatx()`.
        trainable: whether optimizers train it (and gradients reach it).
        name: the variable's name; `"variable"` when None.

    Raises:
        ValueError: if an initializer name or callable comes without `shape`,
            if an initial array does not have `shape`, or (from
            `keras.initializers.get`) if the initializer name is unknown.

    Examples:
        >>> v = keras.Variable("zeros", shape=(2,), name="bias")
        >>> v
        <Variable path=bias, shape=(2,), dtype=float32, value=[0. 0.]>
        >>> v.assign_add(np.array([1.0, 2.0])).numpy()
        array([1., 2.], dtype=float32)
    """

    def __init__(self, initializer, shape=None, dtype=None, trainable=True, name=None):
        if dtype is None and isinstance(initializer, (np.ndarray, np.generic)):
            dtype = initializer.dtype  # an array keeps its dtype, as in Keras
        dtype = np.dtype(dtype or config.floatx())
        if isinstance(initializer, str):  # "zeros", "glorot_uniform", ... as in Keras
            from kerasish import initializers

            initializer = initializers.get(initializer)
        if callable(initializer):
            if shape is None:
                raise ValueError(
                    "When creating a Variable from an initializer, the `shape` argument "
                    f"should be specified. Received: initializer={initializer} and shape=None"
                )
            value = initializer(shape, dtype=dtype)
        else:
            value = initializer
        value = np.array(value, dtype=dtype)
        if shape is not None and tuple(value.shape) != tuple(shape):
            raise ValueError(
                f"Initial value has shape {value.shape}, expected shape={tuple(shape)}. "
                f"Received: name={name}"
            )
        super().__init__(value, requires_grad=trainable)
        self._version = 0
        self.name = name or "variable"
        self.path = self.name
        self._trainable = trainable

    @property
    def trainable(self):
        """Whether the variable is trained; setting it also switches its gradients on or off.

        Returns:
            A bool.
        """
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        self._trainable = bool(value)
        self.requires_grad = self._trainable

    def numpy(self):
        """Returns a copy of the variable's current value.

        Returns:
            A NumPy array that later updates of the variable do not change.
        """
        # A copy, as in Keras: optimizers update `value` in place, which would
        # silently change an array the user kept from before training.
        return self.value.copy()

    def assign(self, value):
        """Replaces the variable's value, keeping its dtype.

        Args:
            value: an array-like, Tensor or Variable of the variable's shape;
                it is copied and cast to the variable's dtype.

        Returns:
            The variable itself.

        Raises:
            ValueError: if the shape of `value` differs from the variable's.
        """
        value = np.asarray(value.value if isinstance(value, Tensor) else value)
        if value.shape != self.value.shape:
            raise ValueError(
                "The shape of the target variable and the shape of the target value in "
                "`variable.assign(value)` must match. "
                f"variable.shape={self.value.shape}, Received: value.shape={value.shape}. "
                f"Target variable: {self.path}"
            )
        self.value = value.astype(self.value.dtype, copy=True)
        self._version += 1
        return self

    def updated_in_place(self):
        """Records that `value` was changed in place (`variable.value -= step`).

        Every update counts: `assign` counts itself, optimizers call this
        after their in-place updates. A graph recorded before the update
        then refuses to give gradients (`gradients()` raises ValueError)
        instead of silently mixing old and new values.

        Examples:
            >>> w = keras.Variable(np.array([1.0, 2.0], dtype="float32"))
            >>> y = keras.ops.sum(w * w)
            >>> w.value *= 2
            >>> w.updated_in_place()
            >>> try:
            ...     keras.backend.gradients(y, [w])
            ... except ValueError as error:
            ...     print(str(error)[:57])
            Cannot compute gradients through a graph whose variables
        """
        self._version += 1

    def assign_add(self, value):
        """Adds `value` to the variable, as `assign(variable + value)`.

        Args:
            value: an array-like that broadcasts to the variable's shape.

        Returns:
            The variable itself.
        """
        return self.assign(self.value + np.asarray(value))

    def assign_sub(self, value):
        """Subtracts `value` from the variable, as `assign(variable - value)`.

        Args:
            value: an array-like that broadcasts to the variable's shape.

        Returns:
            The variable itself.
        """
        return self.assign(self.value - np.asarray(value))

    def __repr__(self):
        return (
            f"<Variable path={self.path}, shape={self.shape}, dtype={self.dtype}, "
            f"value={self.value}>"
        )
