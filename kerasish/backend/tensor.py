"""The reverse-mode autodiff engine.

A `Tensor` wraps a NumPy array and remembers the `Function` that produced it and
that function's inputs. `gradients(target, sources)` walks the graph backwards in
topological order and returns d(target)/d(source) for each source.

Ops only build a graph when gradients are needed: if no input requires a
gradient (or recording is off, see `no_grad`), a Function returns a plain
`np.ndarray`. Inference therefore costs no graph at all.
"""

import contextlib

import numpy as np

_RECORDING = [True]


@contextlib.contextmanager
def no_grad():
    """Context in which ops return plain arrays and record no graph."""
    previous = _RECORDING[0]
    _RECORDING[0] = False
    try:
        yield
    finally:
        _RECORDING[0] = previous


def is_recording():
    return _RECORDING[0]


_DTYPE_NAMES = {}


def dtype_name(dtype):
    """`dtype.name`, cached: NumPy computes that name in Python on every access,
    and the training step asks for it several times."""
    name = _DTYPE_NAMES.get(dtype)
    if name is None:
        name = _DTYPE_NAMES[dtype] = dtype.name
    return name


class Tensor:
    """An array that knows how it was computed, so it can be differentiated."""

    __array_priority__ = 100  # make `ndarray + Tensor` call Tensor.__radd__

    def __init__(self, value, function=None, inputs=(), requires_grad=True):
        self.value = value
        self.function = function
        self.inputs = inputs
        self.requires_grad = requires_grad

    # -- array-like surface -------------------------------------------------
    @property
    def shape(self):
        return self.value.shape

    @property
    def dtype(self):
        return dtype_name(self.value.dtype)

    @property
    def ndim(self):
        return self.value.ndim

    def numpy(self):
        return self.value

    def __array__(self, dtype=None, copy=None):
        if dtype is None:
            return self.value
        return self.value.astype(dtype)

    def __len__(self):
        return len(self.value)

    def __repr__(self):
        return f"<Tensor shape={self.shape} dtype={self.dtype}>\n{self.value}"

    def __float__(self):
        return float(self.value)

    # Operators are defined at the bottom of primitives.py, which needs Tensor.


class Function:
    """One differentiable primitive.

    Subclasses implement `forward(*arrays)`, which returns an array and may keep
    what backward needs on `self`, and `backward(grad)`, which returns one
    gradient per input (None for inputs that are not differentiable).

    `self.needs_grad` holds one flag per input, set before `forward` runs: a
    backward may skip the gradients nobody asked for (a layer's input that is
    data rather than a tensor), and a forward may skip saving what only those
    gradients would use.
    """

    needs_grad = ()

    def needs_grad_of(self, index):
        """Whether input `index` wants a gradient (True when unknown, e.g. for a
        Function used without `apply`)."""
        flags = self.needs_grad
        return index >= len(flags) or flags[index]

    def forward(self, *arrays):
        raise NotImplementedError

    def backward(self, grad):
        raise NotImplementedError

    @classmethod
    def apply(cls, *inputs, **attributes):
        function = cls()
        function.__dict__.update(attributes)
        arrays = [x.value if isinstance(x, Tensor) else x for x in inputs]
        if _RECORDING[0]:
            function.needs_grad = tuple(
                isinstance(x, Tensor) and x.requires_grad for x in inputs
            )
        else:
            function.needs_grad = (False,) * len(inputs)
        output = function.forward(*arrays)
        if True in function.needs_grad:
            return Tensor(output, function, inputs)
        return output


def unbroadcast(grad, shape):
    """Sums `grad` over the axes that broadcasting added or stretched to `shape`.

    This is the only place where broadcasting is undone.
    """
    if grad.shape == shape:
        return grad
    extra = grad.ndim - len(shape)
    if extra > 0:
        grad = grad.sum(axis=tuple(range(extra)))
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
    if stretched:
        grad = grad.sum(axis=stretched, keepdims=True)
    return grad.reshape(shape)


def _topological_order(target):
    """Computed tensors that `target` depends on (needing grads), inputs before
    outputs. Leaves (variables, tensors without a Function) are left out: they
    only receive gradients.

    Iterative depth-first search, so deep graphs do not hit the recursion limit.
    A node is marked visited when it is expanded, not when it is pushed: a
    tensor reached along two paths (x feeding both f(x) and g(f(x))) must be
    placed after every tensor it depends on, whichever path reaches it first.
    """
    order, visited = [], set()
    stack = [(target, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
            continue
        # Mark a node when it is expanded, not when it is pushed: a node reached
        # again through a later path must be finished before that path's
        # consumer, or its gradient would be used before it is complete.
        if id(node) in visited:
            continue
        visited.add(id(node))
        stack.append((node, True))
        for parent in node.inputs:
            if (
                isinstance(parent, Tensor)
                and parent.requires_grad
                and parent.function is not None
                and id(parent) not in visited
            ):
                stack.append((parent, False))
    return order


def gradients(target, sources):
    """Returns the gradient of the tensor `target` with respect to each source.

    `target` is usually a scalar loss; a non-scalar target is differentiated as
    the sum of its elements. A source that `target` does not depend on gets a
    zero gradient.
    """
    sources = list(sources)
    if not isinstance(target, Tensor):
        return [np.zeros(s.shape, dtype=s.value.dtype) for s in sources]
    wanted = {id(s) for s in sources}
    grads = {id(target): np.ones_like(target.value)}
    for node in reversed(_topological_order(target)):
        function, key = node.function, id(node)
        if function is None:
            continue
        # Free intermediate gradients as soon as they are used.
        grad = grads.get(key) if key in wanted else grads.pop(key, None)
        if grad is None:
            continue
        for parent, parent_grad in zip(node.inputs, function.backward(grad)):
            if parent_grad is None or not (isinstance(parent, Tensor) and parent.requires_grad):
                continue
            shape = parent.value.shape
            if parent_grad.shape != shape:
                parent_grad = unbroadcast(parent_grad, shape)
                assert parent_grad.shape == shape, (parent_grad.shape, shape)
            key = id(parent)
            previous = grads.get(key)
            grads[key] = parent_grad if previous is None else previous + parent_grad
    results = []
    for source in sources:
        grad = grads.get(id(source))
        if grad is None:
            grad = np.zeros(source.shape, dtype=source.value.dtype)
        results.append(grad)
    return results


class Variable(Tensor):
    """A named, stateful tensor: layer weights, optimizer slots, metric state.

    `value` is rebound or updated in place by `assign`; ops that read the
    variable see its current value.
    """

    def __init__(self, initializer, shape=None, dtype=None, trainable=True, name=None):
        from kerasish.backend import config

        if dtype is None and isinstance(initializer, (np.ndarray, np.generic)):
            dtype = initializer.dtype  # an array keeps its dtype, as in Keras
        dtype = np.dtype(dtype or config.floatx())
        if callable(initializer):
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
        self.name = name or "variable"
        self.path = self.name
        self._trainable = trainable

    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        self._trainable = bool(value)
        self.requires_grad = self._trainable

    def numpy(self):
        # A copy, as in Keras: optimizers update `value` in place, which would
        # silently change an array the user kept from before training.
        return self.value.copy()

    def assign(self, value):
        value = np.asarray(value.value if isinstance(value, Tensor) else value)
        if value.shape != self.value.shape:
            raise ValueError(
                "The shape of the target variable and the shape of the target value in "
                "`variable.assign(value)` must match. "
                f"variable.shape={self.value.shape}, Received: value.shape={value.shape}. "
                f"Target variable: {self.path}"
            )
        self.value = value.astype(self.value.dtype, copy=True)
        return self

    def assign_add(self, value):
        return self.assign(self.value + np.asarray(value))

    def assign_sub(self, value):
        return self.assign(self.value - np.asarray(value))

    def __repr__(self):
        return (
            f"<Variable path={self.path}, shape={self.shape}, dtype={self.dtype}, "
            f"value={self.value}>"
        )
