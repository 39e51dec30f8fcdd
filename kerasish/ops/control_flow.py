"""Control flow and function transforms of `keras.ops`: cond, switch,
while_loop, fori_loop, scan, associative_scan, map, vectorized_map,
vectorize and custom_gradient.

kerasish runs eagerly, so these are Python loops and branches over the
ops; gradients flow through whatever ops the bodies run, as in Keras's
eager backends. `custom_gradient` replaces the gradient of a function with
one the user writes.
"""

import numpy as np

from kerasish import tree
from kerasish.backend.tensor import Function, Tensor
from kerasish.ops.numpy import _value, stack


def cond(pred, true_fn, false_fn):
    """Calls `true_fn()` if `pred` is true, else `false_fn()`.

    Args:
        pred: A boolean scalar (Python bool, or a 0-d array or Tensor).
        true_fn: A function of no arguments.
        false_fn: A function of no arguments.

    Returns:
        The result of the function called.

    Examples:
        >>> keras.ops.cond(np.array(True), lambda: 1, lambda: 2)
        1
    """
    return true_fn() if bool(np.asarray(_value(pred))) else false_fn()


def switch(index, branches, *operands):
    """Calls `branches[index](*operands)`; `index` is clamped to the valid range, as in Keras.

    Args:
        index: An int (or 0-d integer array).
        branches: A sequence of functions.
        *operands: The arguments passed to the chosen branch.

    Returns:
        The chosen branch's result.

    Examples:
        >>> keras.ops.switch(1, [lambda x: x + 1, lambda x: x * 10], 3)
        30
    """
    position = int(np.clip(int(np.asarray(_value(index))), 0, len(branches) - 1))
    return branches[position](*operands)


def while_loop(cond, body, loop_vars, maximum_iterations=None):
    """Runs `loop_vars = body(*loop_vars)` while `cond(*loop_vars)` is true.

    Args:
        cond: A function of the loop variables returning a boolean.
        body: A function of the loop variables returning new ones (same structure).
        loop_vars: A tuple or list of loop variables (a single value is allowed).
        maximum_iterations: An optional cap on the number of iterations.

    Returns:
        The final loop variables, in the structure given (a single value
        comes back as a single value).

    Examples:
        >>> keras.ops.while_loop(lambda i: i < 5, lambda i: i + 2, 0)
        6
    """
    single = not isinstance(loop_vars, (tuple, list))
    state = (loop_vars,) if single else tuple(loop_vars)
    count = 0
    while bool(np.asarray(_value(cond(*state)))):
        if maximum_iterations is not None and count >= maximum_iterations:
            break
        result = body(*state)
        state = (result,) if single else tuple(result)
        count += 1
    return state[0] if single else type(loop_vars)(state)


def fori_loop(lower, upper, body_fun, init_val):
    """Runs `value = body_fun(i, value)` for i from `lower` up to `upper` (excluded).

    Args:
        lower: The first index.
        upper: The end index (excluded).
        body_fun: A function `(i, value) -> value`.
        init_val: The initial value.

    Returns:
        The final value.

    Examples:
        >>> keras.ops.fori_loop(0, 4, lambda i, total: total + i, 0)
        6
    """
    value = init_val
    for i in range(int(np.asarray(_value(lower))), int(np.asarray(_value(upper)))):
        value = body_fun(i, value)
    return value


def _stack_outputs(outputs):
    if not outputs:
        return None
    return tree.map_structure(lambda *items: stack(list(items)), *outputs)


def scan(f, init, xs=None, length=None, reverse=False, unroll=1):
    """Loops `carry, y = f(carry, x)` over the leading axis of `xs`, stacking the `y`s.

    Args:
        f: A function `(carry, x) -> (carry, y)`.
        init: The initial carry.
        xs: The sequence to scan (a nested structure of arrays sharing a
            leading axis), or None to loop `length` times with x = None.
        length: The number of steps when `xs` is None.
        reverse: Whether to scan from the end. Defaults to False.
        unroll: Accepted for Keras compatibility (the loop is eager).

    Returns:
        A tuple `(final_carry, stacked_ys)`.

    Raises:
        ValueError: If neither `xs` nor `length` is given.

    Examples:
        >>> carry, ys = keras.ops.scan(lambda c, x: (c + x, c + x), 0, np.array([1, 2, 3]))
        >>> ys
        array([1, 3, 6])
    """
    if xs is None and length is None:
        raise ValueError("Got no `xs` to scan over and `length` not provided.")
    leaves = tree.flatten(xs) if xs is not None else []
    steps = length if xs is None else int(np.shape(_value(leaves[0]))[0])
    order = range(steps - 1, -1, -1) if reverse else range(steps)
    carry, outputs = init, []
    for i in order:
        x = None if xs is None else tree.map_structure(lambda leaf: leaf[i], xs)
        carry, y = f(carry, x)
        outputs.append(y)
    if reverse:
        outputs.reverse()
    return carry, _stack_outputs(outputs)


def associative_scan(f, elems, reverse=False, axis=0):
    """The inclusive scan of `elems` with the associative operation `f` along `axis`.

    Args:
        f: An associative function `(a, b) -> c` on slices.
        elems: An array (or nested structure of arrays sharing `axis`).
        reverse: Whether to scan from the end. Defaults to False.
        axis: The axis. Defaults to 0.

    Returns:
        The running results, stacked along `axis`.

    Examples:
        >>> keras.ops.associative_scan(lambda a, b: a + b, np.array([1, 2, 3]))
        array([1, 3, 6])
    """
    from kerasish.ops.array_ops import moveaxis

    moved = tree.map_structure(lambda leaf: moveaxis(leaf, axis, 0), elems)
    steps = int(np.shape(_value(tree.flatten(moved)[0]))[0])
    order = list(range(steps))[::-1] if reverse else list(range(steps))
    results, running = [], None
    for i in order:
        item = tree.map_structure(lambda leaf: leaf[i], moved)
        running = item if running is None else (f(item, running) if reverse else f(running, item))
        results.append(running)
    if reverse:
        results.reverse()
    stacked = _stack_outputs(results)
    return tree.map_structure(lambda leaf: moveaxis(leaf, 0, axis), stacked)


def map(f, xs):
    """Applies `f` to each slice of `xs` along its leading axis and stacks the results.

    Args:
        f: A function of one slice.
        xs: An array (or nested structure of arrays sharing a leading axis).

    Returns:
        The stacked results.

    Examples:
        >>> keras.ops.map(lambda x: x * 2, np.array([1, 2]))
        array([2, 4])
    """
    steps = int(np.shape(_value(tree.flatten(xs)[0]))[0])
    return _stack_outputs([f(tree.map_structure(lambda leaf: leaf[i], xs))
                           for i in range(steps)])


def vectorized_map(function, elements):
    """`map(function, elements)`: applies `function` per slice of the leading axis.

    Args:
        function: A function of one slice.
        elements: An array or nested structure of arrays.

    Returns:
        The stacked results.

    Examples:
        >>> keras.ops.vectorized_map(lambda x: x.sum(), np.ones((2, 3)))
        array([3., 3.])
    """
    return map(function, elements)


def vectorize(pyfunc, *, excluded=None, signature=None):
    """Turns a function of scalars (or of core shapes, with `signature`) into one over arrays.

    Args:
        pyfunc: The function to vectorize.
        excluded: Positions or names of arguments passed through unvectorized.
        signature: A generalized ufunc signature such as "(n),(n)->()".

    Returns:
        The vectorized function (it returns NumPy arrays).

    Examples:
        >>> keras.ops.vectorize(lambda a, b: a + b)(np.array([1, 2]), 10)
        array([11, 12])
    """
    vectorized = np.vectorize(
        lambda *args, **kwargs: np.asarray(_value(pyfunc(*args, **kwargs))),
        excluded=excluded or set(), signature=signature)

    def wrapper(*args, **kwargs):
        return vectorized(*[_value(a) for a in args], **kwargs)

    return wrapper


class _CustomGradient(Function):
    """One node for a `custom_gradient` function: the forward is the user's
    result, the backward the user's gradient function."""

    def forward(self, *arrays):
        return self.result

    def backward(self, grad):
        grads = self.grad_fn(grad)
        grads = grads if isinstance(grads, (tuple, list)) else (grads,)
        return tuple(None if g is None else np.asarray(_value(g)) for g in grads)


def custom_gradient(f):
    """Decorates `f(*args)` returning `(output, grad_fn)` so gradients use `grad_fn`.

    `grad_fn(upstream)` receives the gradient of the output and returns one
    gradient per argument of `f` (Keras also passes `upstream` as a keyword
    on some backends: both forms work).

    Args:
        f: A function of Tensors returning `(output, grad_fn)`.

    Returns:
        A function with `f`'s arguments that returns `output`, differentiated
        by `grad_fn`.

    Examples:
        >>> @keras.ops.custom_gradient
        ... def clipped_identity(x):
        ...     def grad(upstream):
        ...         return keras.ops.clip(upstream, -1.0, 1.0)
        ...     return x, grad
        >>> w = keras.Variable([1.0])
        >>> y = keras.ops.multiply(clipped_identity(w), 5.0)
        >>> keras.backend.gradients(y, [w])
        [array([1.], dtype=float32)]
    """

    def wrapper(*args):
        plain = [a.value if isinstance(a, Tensor) else a for a in args]
        output, grad_fn = f(*plain)

        def call_grad(upstream):
            try:
                return grad_fn(upstream)
            except TypeError:
                return grad_fn(upstream=upstream)

        return _CustomGradient.apply(*args, result=np.asarray(_value(output)), grad_fn=call_grad)

    wrapper.__name__ = getattr(f, "__name__", "custom_gradient")
    wrapper.__doc__ = f.__doc__
    return wrapper


__all__ = ["cond", "switch", "while_loop", "fori_loop", "scan", "associative_scan", "map",
           "vectorized_map", "vectorize", "custom_gradient"]
