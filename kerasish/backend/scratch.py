"""Scratch gradients: reusing gradient arrays that nothing else holds.

A training step allocates one new array per gradient and per sum of
gradients. Many of those arrays belong to the backward pass alone (a
matmul's fresh output, a sum already made), so they can be overwritten:
sums accumulate in place, a relu multiplies its mask into its incoming
gradient, and the optimizer scales the final gradients in place (SGD), all
without allocating. `fit` differentiates with `scratch_gradients()`;
`gradients()` (tensor.py) never overwrites anything.

Which arrays are safe is tracked per tensor ("scratch" keys). Only functions
whose class says `returns_unshared_gradients = True` (kerasish's own
primitives, derived from `Primitive`; tests/test_scratch_gradients.py checks
every one) can produce scratch arrays: a user's backward may return an array
it keeps somewhere the engine cannot see.
"""

import numpy as np

from kerasish.backend.tensor import Function, GradientSums, backpropagate, unbroadcast


class Primitive(Function):
    """A Function whose backward returns only new arrays or its own `grad`,
    never an array it or anyone else keeps, so its gradients may be scratch.

    `grad_is_scratch` is set before `backward` runs: True when nothing but the
    engine holds `grad`, which `backward` may then overwrite in place.
    """

    returns_unshared_gradients = True
    grad_is_scratch = False


class ScratchGradients(list):
    """A list of gradients plus the ids of those nothing else holds
    (`scratch_ids`): an optimizer may overwrite those."""

    def __init__(self, gradients=()):
        super().__init__(gradients)
        self.scratch_ids = set()


class ScratchGradientSums(GradientSums):
    """GradientSums that remembers which arrays only the backward pass holds
    (`scratch`), adds to them in place and lets backward overwrite them."""

    result_type = ScratchGradients

    def __init__(self, target, sources):
        super().__init__(target, sources)
        self.scratch = {id(target)}

    def backward(self, node, grad):
        key = id(node)
        node.function.grad_is_scratch = key in self.scratch and key not in self.wanted
        return node.function.backward(grad)

    def add(self, parent, parent_grad, node, input_grads, grad):
        owned = _is_fresh(parent_grad, grad, node.function, input_grads)
        shape = parent.value.shape
        if parent_grad.shape != shape:
            parent_grad = unbroadcast(parent_grad, shape)  # new: a sum
            # (A NumPy scalar, the sum over every axis, cannot be updated in place.)
            owned = type(parent_grad) is np.ndarray
        key = id(parent)
        previous = self.grads.get(key)
        if previous is None:
            self.grads[key] = parent_grad
            if owned:
                self.scratch.add(key)
        elif key in self.scratch and previous.dtype == parent_grad.dtype:
            previous += parent_grad
        else:
            total = self.grads[key] = previous + parent_grad
            # The sum of two 0-d gradients is a NumPy scalar: `+=` on it would
            # rebind a local name and lose the next gradient.
            if type(total) is np.ndarray:
                self.scratch.add(key)
            else:
                self.scratch.discard(key)

    def result(self, sources, unconnected_gradients):
        results = super().result(sources, unconnected_gradients)
        for source, grad in zip(sources, results):
            if id(source) in self.scratch:
                results.scratch_ids.add(id(grad))
        return results


def scratch_gradients(target, sources, unconnected_gradients="zero"):
    """`gradients()`, returned as a `ScratchGradients` list (for the trainer)."""
    return backpropagate(target, sources, unconnected_gradients, ScratchGradientSums)


def _is_fresh(array, grad, function, input_grads):
    """Whether `array`, returned by `function.backward(grad)` for one input,
    belongs to that input alone: an array owning its memory, given to no
    other input, and either new or the incoming gradient when that was
    scratch. Plain loops: it runs for every gradient of every step."""
    if not getattr(function, "returns_unshared_gradients", False):
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
