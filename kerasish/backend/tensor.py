"""The reverse-mode autodiff engine: the whole idea in one file.

A `Tensor` wraps a NumPy array and remembers the `Function` that produced it
and that function's inputs. `gradients(target, sources)` walks the graph
backwards in topological order and returns d(target)/d(source) per source.
Ops build a graph only when an input requires a gradient and recording is on
(see `no_grad`); otherwise a Function returns a plain `np.ndarray`. Speed-ups
live elsewhere: scratch.py reuses gradient arrays nothing else holds,
fused_primitives.py merges common chains of ops into one node.
"""

import itertools
import operator

import numpy as np

from kerasish.backend.config import dtype_name
from kerasish.backend.recording import _RECORDING, is_recording, no_grad  # noqa: F401

_CREATION_ORDER = itertools.count()
_CREATION_ORDER_OF = operator.attrgetter("creation_order")


class Tensor:
    """An array that knows how it was computed, so it can be differentiated.

    Ops given a Tensor that requires a gradient return a new Tensor that
    remembers the `Function` and the inputs that produced it; `gradients()`
    walks these links backwards. A Tensor behaves like a read-only array: it
    has `shape`, `dtype` and `ndim`, its operators are `kerasish.ops`
    functions (`ops/operators.py`), and `np.asarray(t)` gives its values.

    Args:
        value: the NumPy array held.
        function: the `Function` that computed `value`, or None for a leaf.
        inputs: the inputs of `function`, Tensors or arrays.
        requires_grad: whether gradients flow to and through this tensor.

    Examples:
        >>> x = keras.backend.Tensor(np.array([1.0, 2.0, 3.0], dtype="float32"))
        >>> y = keras.ops.sum(x * x)
        >>> keras.backend.gradients(y, [x])
        [array([2., 4., 6.], dtype=float32)]
    """

    __array_priority__ = 100  # make `ndarray + Tensor` call Tensor.__radd__
    _version = 0  # in-place updates of the value: always 0 here, counted by a Variable
    _keras_mask = None  # a Keras mask is attached per instance (backend/masking.py)

    def __init__(self, value, function=None, inputs=(), requires_grad=True):
        self.value = value
        self.function = function
        self.inputs = inputs
        self.requires_grad = requires_grad
        # Made after its inputs: sorting by this orders a graph topologically.
        self.creation_order = next(_CREATION_ORDER)

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
        """Returns the NumPy array this tensor holds (not a copy)."""
        return self.value

    def __array__(self, dtype=None, copy=None):
        # A value can be a NumPy scalar (a full reduction); np.asarray wants an array.
        if copy:
            return np.array(self.value, dtype=dtype)
        return np.asarray(self.value, dtype=dtype)

    def __len__(self):
        return len(self.value)

    def __repr__(self):
        return f"<Tensor shape={self.shape} dtype={self.dtype}>\n{self.value}"

    def __float__(self):
        return float(self.value)


class Function:
    """One differentiable primitive.

    Subclasses implement `forward(*arrays)`, which returns an array and may
    keep what backward needs on `self`, and `backward(grad)`, which returns
    one gradient per input (None for inputs that need none). `needs_grad`
    holds one flag per input, set before `forward` runs, so both may skip
    work for inputs that are data. Call a primitive with
    `MyFunction.apply(*inputs, **attributes)`.

    Examples:
        >>> class Cube(keras.backend.Function):
        ...     def forward(self, a):
        ...         self.a = a
        ...         return a ** 3
        ...     def backward(self, grad):
        ...         return [grad * 3 * self.a ** 2]
        >>> x = keras.Variable(np.array([1.0, 2.0], dtype="float32"))
        >>> keras.backend.gradients(keras.ops.sum(Cube.apply(x)), [x])
        [array([ 3., 12.], dtype=float32)]
    """

    needs_grad = ()

    def needs_grad_of(self, index):
        """Whether input `index` wants a gradient (True when unknown)."""
        flags = self.needs_grad
        return index >= len(flags) or flags[index]

    def forward(self, *arrays):
        """The output array, from the input arrays (NumPy arrays or scalars)."""
        raise NotImplementedError

    def backward(self, grad):
        """One gradient per input of `forward` (None where none is needed),
        given `grad`, the gradient of the output. A gradient may keep the
        output's broadcast shape: the engine sums it back (`unbroadcast`)."""
        raise NotImplementedError

    @classmethod
    def apply(cls, *inputs, **attributes):
        """Runs the primitive on `inputs` (Tensors, arrays, scalars), with
        `attributes` (an `axis`, ...) set on it first. Returns a Tensor that
        remembers this Function when an input requires a gradient and
        recording is on, else the plain output array."""
        function = cls()
        if attributes:
            function.__dict__.update(attributes)
        recording = _RECORDING[0]
        arrays, needs_grad, versions = [], [], 0
        for x in inputs:  # a plain loop: cheaper than comprehensions on every op
            if isinstance(x, Tensor):
                arrays.append(x.value)
                needs_grad.append(recording and x.requires_grad)
                versions += x._version
            else:
                arrays.append(x)
                needs_grad.append(False)
        function.needs_grad = tuple(needs_grad)
        output = function.forward(*arrays)
        if True in needs_grad:
            # Versions only grow: their sum changes exactly when an input
            # was updated in place since (see _check_inputs_unchanged).
            function.input_versions = versions
            return Tensor(output, function, inputs)
        return output


def unbroadcast(grad, shape):
    """Sums `grad` over the axes broadcasting added or stretched to reach `shape`."""
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
    """The computed tensors `target` depends on, inputs before outputs (leaves
    left out: they only receive gradients). An explicit stack, so deep graphs
    do not hit the recursion limit; sorted by creation order."""
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


class GradientSums:
    """The gradients of one backward pass, by tensor id: each arriving
    gradient is summed back to its tensor's shape and added to the others.
    (scratch.py's subclass reuses arrays in place; this one never does.)"""

    result_type = list

    def __init__(self, target, sources):
        self.grads = {id(target): np.ones_like(target.value)}
        self.wanted = {id(s) for s in sources}

    def take(self, node):
        """The gradient of `node`, freed unless it is one of the sources."""
        key = id(node)
        return self.grads.get(key) if key in self.wanted else self.grads.pop(key, None)

    def backward(self, node, grad):
        return node.function.backward(grad)

    def add(self, parent, parent_grad, node, input_grads, grad):
        parent_grad = unbroadcast(parent_grad, parent.value.shape)
        previous = self.grads.get(id(parent))
        self.grads[id(parent)] = parent_grad if previous is None else previous + parent_grad

    def result(self, sources, unconnected_gradients):
        results = self.result_type()
        for source in sources:
            grad = self.grads.get(id(source))
            results.append(_unconnected(source, unconnected_gradients) if grad is None else grad)
        return results


def gradients(target, sources, unconnected_gradients="zero"):
    """Returns the gradient of the tensor `target` with respect to each source.

    A non-scalar target is differentiated as the sum of its elements. This is
    kerasish's counterpart of TensorFlow's `GradientTape.gradient`: the graph
    is recorded as ops run, so there is no tape to open.

    Args:
        target: the Tensor to differentiate (a plain array depends on no source).
        sources: an iterable of Tensors or Variables.
        unconnected_gradients: what a source `target` does not depend on gets:
            `"zero"` (the default), zeros, or `"none"`, None.

    Returns:
        A list with one NumPy array (or None) per source, of the source's shape.

    Raises:
        ValueError: if `unconnected_gradients` is not `"zero"` or `"none"`, or
            a variable the graph used was updated after it was recorded.

    Examples:
        >>> w = keras.Variable(np.array([1.0, -2.0], dtype="float32"))
        >>> loss = keras.ops.sum(keras.ops.square(w))
        >>> keras.backend.gradients(loss, [w])
        [array([ 2., -4.], dtype=float32)]
    """
    return backpropagate(target, sources, unconnected_gradients, GradientSums)


def backpropagate(target, sources, unconnected_gradients, sums_type):
    """`gradients()`, collecting the gradients in a `sums_type` (a GradientSums)."""
    if unconnected_gradients not in ("zero", "none"):
        raise ValueError(
            "`unconnected_gradients` must be 'zero' or 'none'. "
            f"Received: unconnected_gradients={unconnected_gradients!r}"
        )
    sources = list(sources)
    if not isinstance(target, Tensor):
        return sums_type.result_type(_unconnected(s, unconnected_gradients) for s in sources)
    sums = sums_type(target, sources)
    for node in reversed(_topological_order(target)):
        if node.function is None:  # the target itself is a leaf
            continue
        grad = sums.take(node)
        if grad is None:
            continue
        _check_inputs_unchanged(node)
        input_grads = sums.backward(node, grad)
        for parent, parent_grad in zip(node.inputs, input_grads):
            if parent_grad is not None and isinstance(parent, Tensor) and parent.requires_grad:
                sums.add(parent, parent_grad, node, input_grads, grad)
    return sums.result(sources, unconnected_gradients)


def _check_inputs_unchanged(node):
    """Raises when a variable `node` was computed from has been updated in
    place since (an optimizer step): its saved arrays would give the gradient
    at the new value, silently wrong."""
    versions = 0
    for x in node.inputs:
        if isinstance(x, Tensor):
            versions += x._version
    if versions != getattr(node.function, "input_versions", versions):  # made without apply()
        paths = dict.fromkeys(x.path for x in node.inputs if hasattr(x, "path"))
        names = ", ".join(f"`{path}`" for path in paths)
        raise ValueError(
            "Cannot compute gradients through a graph whose variables changed after it was "
            f"recorded: variable(s) {names} were updated (by `assign()` or an optimizer step) "
            f"since `{type(node.function).__name__}` used them. Recompute the target (call the "
            "model or function again) after updating variables, then call `gradients()`."
        )


def _unconnected(source, unconnected_gradients):
    """The gradient of a source the target does not depend on."""
    if unconnected_gradients == "none":
        return None
    return np.zeros(source.shape, dtype=source.value.dtype)
