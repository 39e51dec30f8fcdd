"""The reverse-mode autodiff engine.

A `Tensor` wraps a NumPy array and remembers the `Function` that produced it and
that function's inputs. `gradients(target, sources)` walks the graph backwards in
topological order and returns d(target)/d(source) for each source.

Ops only build a graph when gradients are needed: if no input requires a
gradient (or recording is off, see `no_grad`), a Function returns a plain
`np.ndarray`. Inference therefore costs no graph at all.
"""

import itertools
import operator

import numpy as np

_RECORDING = [True]
_TRUSTED_MODULES = ("kerasish.backend.primitives", "kerasish.backend.conv_primitives")
_CREATION_ORDER = itertools.count()
_CREATION_ORDER_OF = operator.attrgetter("creation_order")


class no_grad:
    """A context manager inside which ops record no graph.

    Inside the `with` block every op returns a plain NumPy array, even when
    its inputs are trainable variables, so nothing can be differentiated and
    no memory is spent on the graph. `predict`, `evaluate` and the optimizers'
    updates run this way. Blocks may be nested; recording resumes when the
    outermost block exits, even through an exception. (A small class rather
    than a generator-based context manager: metrics enter it on every batch.)

    Examples:
        >>> w = keras.Variable(np.ones((2, 2), dtype="float32"))
        >>> type(keras.ops.matmul(w, w)).__name__
        'Tensor'
        >>> with keras.backend.no_grad():
        ...     type(keras.ops.matmul(w, w)).__name__
        'ndarray'
    """

    def __enter__(self):
        self._previous = _RECORDING[0]
        _RECORDING[0] = False
        return self

    def __exit__(self, *exc_info):
        _RECORDING[0] = self._previous
        return False


def is_recording():
    """Tells whether ops currently record a graph for gradients.

    Returns:
        False inside a `no_grad()` block, True otherwise.

    Examples:
        >>> keras.backend.is_recording()
        True
        >>> with keras.backend.no_grad():
        ...     keras.backend.is_recording()
        False
    """
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
    """An array that knows how it was computed, so it can be differentiated.

    Ops given a Tensor that requires a gradient return a new Tensor that
    remembers the `Function` and the inputs that produced it; `gradients()`
    walks these links backwards. Layers called on NumPy arrays return Tensors
    when the layer has trainable weights. A Tensor behaves like a read-only
    array: it has `shape`, `dtype` and `ndim`, supports the arithmetic
    operators, and `np.asarray(t)` or `t.numpy()` give its values.

    Args:
        value: the NumPy array held.
        function: the `Function` that computed `value`, or None for a leaf
            (data or a variable).
        inputs: the inputs of `function`, Tensors or arrays.
        requires_grad: whether gradients flow to and through this tensor.

    Examples:
        >>> x = keras.backend.Tensor(np.array([1.0, 2.0, 3.0], dtype="float32"))
        >>> y = keras.ops.sum(x * x)
        >>> y.shape, y.dtype
        ((), 'float32')
        >>> keras.backend.gradients(y, [x])
        [array([2., 4., 6.], dtype=float32)]
    """

    __array_priority__ = 100  # make `ndarray + Tensor` call Tensor.__radd__

    _keras_mask = None  # a Keras mask is attached per instance (backend/masking.py)

    def __init__(self, value, function=None, inputs=(), requires_grad=True):
        self.value = value
        self.function = function
        self.inputs = inputs
        self.requires_grad = requires_grad
        # A tensor is always made after its inputs, so sorting by this
        # number orders a graph topologically (see _topological_order).
        self.creation_order = next(_CREATION_ORDER)

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
        """Returns the NumPy array this tensor holds (not a copy).

        Returns:
            The array, with the tensor's shape and dtype.
        """
        return self.value

    def __array__(self, dtype=None, copy=None):
        # np.asarray wants an ndarray; a value can be a NumPy scalar (a
        # counter after `value + 1`, a full reduction).
        if copy:
            return np.array(self.value, dtype=dtype)
        return np.asarray(self.value, dtype=dtype)

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
    gradients would use. `self.grad_is_scratch` is set before `backward`
    runs: True when nothing but the engine holds the `grad` array, which
    `backward` may then overwrite (multiply a mask into it in place) instead
    of allocating a new array.

    Call a primitive with `MyFunction.apply(*inputs, **attributes)`: the
    attributes are set on the new Function object before `forward` runs.

    Examples:
        >>> class Cube(keras.backend.Function):
        ...     def forward(self, a):
        ...         self.a = a
        ...         return a ** 3
        ...     def backward(self, grad):
        ...         return [grad * 3 * self.a ** 2]
        >>> x = keras.Variable(np.array([1.0, 2.0], dtype="float32"))
        >>> y = Cube.apply(x)
        >>> keras.backend.gradients(keras.ops.sum(y), [x])
        [array([ 3., 12.], dtype=float32)]
    """

    needs_grad = ()
    grad_is_scratch = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # kerasish's own primitives return new arrays or their `grad`, never
        # an array they keep (tests/test_scratch_gradients.py checks every
        # op), so their gradients may be scratch; a user's never are.
        cls._keeps_no_returned_array = cls.__module__ in _TRUSTED_MODULES

    def needs_grad_of(self, index):
        """Whether input `index` wants a gradient (True when unknown, e.g. for a
        Function used without `apply`)."""
        flags = self.needs_grad
        return index >= len(flags) or flags[index]

    def forward(self, *arrays):
        """Computes the output array from the input arrays (subclasses implement it).

        Args:
            *arrays: the inputs, as NumPy arrays or Python scalars.

        Returns:
            The output array.

        Raises:
            NotImplementedError: always, in the base class.
        """
        raise NotImplementedError

    def backward(self, grad):
        """Returns the gradient for each input of `forward` (subclasses implement it).

        Args:
            grad: the gradient of the target with respect to the output,
                an array of the output's shape.

        Returns:
            A sequence with one gradient per input (None for an input that
            needs none). A gradient may have a broadcast shape: the engine
            sums it back to the input's shape.

        Raises:
            NotImplementedError: always, in the base class.
        """
        raise NotImplementedError

    @classmethod
    def apply(cls, *inputs, **attributes):
        """Runs the primitive on `inputs`, recording it in the graph when needed.

        Args:
            *inputs: Tensors, Variables, arrays or scalars.
            **attributes: values set on the new Function before `forward`
                runs (such as an `axis`).

        Returns:
            A Tensor that remembers this Function when an input requires a
            gradient and recording is on, else the plain output array.
        """
        function = cls()
        if attributes:
            function.__dict__.update(attributes)
        recording = _RECORDING[0]
        arrays, needs_grad = [], []
        for x in inputs:  # a plain loop: cheaper than comprehensions on every op
            if isinstance(x, Tensor):
                arrays.append(x.value)
                needs_grad.append(recording and x.requires_grad)
            else:
                arrays.append(x)
                needs_grad.append(False)
        function.needs_grad = tuple(needs_grad)
        output = function.forward(*arrays)
        if True in needs_grad:
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
    only receive gradients; `target` itself is always included.

    A graph is collected with an explicit stack (deep graphs do not hit the
    recursion limit) and sorted by creation order: every tensor is created
    after the tensors it is computed from.
    """
    nodes, seen, stack = [target], {id(target)}, [target]
    while stack:
        for parent in stack.pop().inputs:
            if (
                isinstance(parent, Tensor)
                and parent.requires_grad
                and parent.function is not None
                and id(parent) not in seen
            ):
                seen.add(id(parent))
                nodes.append(parent)
                stack.append(parent)
    nodes.sort(key=_CREATION_ORDER_OF)
    return nodes


def gradients(target, sources, unconnected_gradients="zero"):
    """Returns the gradient of the tensor `target` with respect to each source.

    `target` is usually a scalar loss; a non-scalar target is differentiated as
    the sum of its elements. This is kerasish's counterpart of TensorFlow's
    `GradientTape.gradient`: the graph is recorded as ops run, so there is no
    tape to open.

    Args:
        target: the Tensor to differentiate (a plain array, computed without
            recording, depends on no source).
        sources: an iterable of Tensors or Variables, usually
            `model.trainable_variables`.
        unconnected_gradients: what a source that `target` does not depend on
            gets: `"zero"` (the default), an array of zeros, or `"none"`,
            None, as TensorFlow's tape gives by default (the optimizer then
            skips the variable, as Keras's does).

    Returns:
        A list with one NumPy array (or None) per source, of the source's shape.

    Raises:
        ValueError: if `unconnected_gradients` is not `"zero"` or `"none"`.

    Examples:
        >>> w = keras.Variable(np.array([1.0, -2.0], dtype="float32"))
        >>> loss = keras.ops.sum(keras.ops.square(w))
        >>> keras.backend.gradients(loss, [w])
        [array([ 2., -4.], dtype=float32)]
    """
    return list(_backpropagate(target, sources, unconnected_gradients))


class ScratchGradients(list):
    """A list of gradients from the engine, plus the ids of the arrays in it
    that nothing else holds (`scratch_ids`): an optimizer may overwrite those
    (SGD scales them in place instead of allocating `learning_rate * g`).

    `fit` passes its gradients to the optimizer this way; gradients a user
    computes with `gradients()` are a plain list and are never overwritten.
    """

    def __init__(self):
        super().__init__()
        self.scratch_ids = set()


def scratch_gradients(target, sources, unconnected_gradients="zero"):
    """`gradients()`, returned as a `ScratchGradients` list (for the trainer)."""
    return _backpropagate(target, sources, unconnected_gradients)


def _backpropagate(target, sources, unconnected_gradients):
    if unconnected_gradients not in ("zero", "none"):
        raise ValueError(
            "`unconnected_gradients` must be 'zero' or 'none'. "
            f"Received: unconnected_gradients={unconnected_gradients!r}"
        )
    sources = list(sources)
    results = ScratchGradients()
    if not isinstance(target, Tensor):
        results.extend(_unconnected(s, unconnected_gradients) for s in sources)
        return results
    wanted = {id(s) for s in sources}
    grads = {id(target): np.ones_like(target.value)}
    # Keys whose gradient array only this function holds: a backward may
    # overwrite its `grad` then, and sums can accumulate in place.
    scratch = {id(target)}
    for node in reversed(_topological_order(target)):
        function, key = node.function, id(node)
        if function is None:
            continue
        # Free intermediate gradients as soon as they are used.
        grad = grads.get(key) if key in wanted else grads.pop(key, None)
        if grad is None:
            continue
        function.grad_is_scratch = key in scratch and key not in wanted
        _accumulate(node, function.backward(grad), grad, grads, scratch)
    for source in sources:
        grad = grads.get(id(source))
        if grad is None:
            results.append(_unconnected(source, unconnected_gradients))
            continue
        results.append(grad)
        if id(source) in scratch:
            results.scratch_ids.add(id(grad))
    return results


def _accumulate(node, input_grads, grad, grads, scratch):
    """Adds the gradients a backward returned to those of the node's inputs."""
    function, inputs = node.function, node.inputs
    for parent, parent_grad in zip(inputs, input_grads):
        if parent_grad is None or not (isinstance(parent, Tensor) and parent.requires_grad):
            continue
        owned = _is_fresh(parent_grad, grad, function, input_grads)
        shape = parent.value.shape
        if parent_grad.shape != shape:
            parent_grad = unbroadcast(parent_grad, shape)  # new: a sum
            assert parent_grad.shape == shape, (parent_grad.shape, shape)
            # (A NumPy scalar, the sum over every axis, cannot be updated in place.)
            owned = type(parent_grad) is np.ndarray
        key = id(parent)
        previous = grads.get(key)
        if previous is None:
            grads[key] = parent_grad
            if owned:
                scratch.add(key)
        elif key in scratch and previous.dtype == parent_grad.dtype:
            previous += parent_grad
        else:
            total = grads[key] = previous + parent_grad
            # The sum of two 0-d gradients is a NumPy scalar: `+=` on it would
            # rebind a local name and lose the next gradient.
            if type(total) is np.ndarray:
                scratch.add(key)
            else:
                scratch.discard(key)


def _is_fresh(array, grad, function, input_grads):
    """Whether `array`, returned by `function.backward(grad)` for one input,
    belongs to that input alone: an array owning its memory, given to no
    other input, and either new or the incoming gradient when that was
    scratch.

    Only kerasish's own primitives are known to return no array they or
    anyone else keep. A user's backward may return an array it recorded or
    keeps anywhere (in a list, a module, the `grad` it also stored), which
    the engine cannot see, so its gradients are never scratch.

    Written with plain loops: it runs for every gradient of every step."""
    if not function._keeps_no_returned_array:
        return False
    if type(array) is not np.ndarray or array.base is not None:
        return False
    given = 0
    for g in input_grads:
        if g is array:
            given += 1
    if given > 1:
        return False
    if array is grad:
        return function.grad_is_scratch
    return True


def _unconnected(source, unconnected_gradients):
    """The gradient of a source the target does not depend on."""
    if unconnected_gradients == "none":
        return None
    return np.zeros(source.shape, dtype=source.value.dtype)


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
        from kerasish.backend import config

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
        return self

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
