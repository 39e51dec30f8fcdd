"""The differentiable primitives: one Function per operation.

Each `forward` receives plain NumPy arrays and keeps only what its `backward`
needs. Gradients are returned in the shape of the broadcast result; the
engine reduces them to each input's shape (see `tensor.unbroadcast`).
Primitives that merge several of these into one node for speed (a dense
layer's matmul, bias and relu; a softmax cross-entropy) are in
fused_primitives.py.
"""

import math

import numpy as np

from kerasish.backend.scratch import Primitive

# ---------------------------------------------------------------- elementwise


class Add(Primitive):
    def forward(self, a, b):
        return a + b

    def backward(self, grad):
        return grad, grad


class Subtract(Primitive):
    def forward(self, a, b):
        return a - b

    def backward(self, grad):
        return grad, -grad


class Multiply(Primitive):
    def forward(self, a, b):
        self.a, self.b = a, b
        return a * b

    def backward(self, grad):
        return grad * self.b, grad * self.a


class Divide(Primitive):
    def forward(self, a, b):
        self.a, self.b = a, b
        return a / b

    def backward(self, grad):
        grad_a = grad / self.b
        grad_b = -grad_a * self.a / self.b if self.needs_grad_of(1) else None
        return grad_a, grad_b


class Power(Primitive):
    def forward(self, a, b):
        self.a, self.b = a, b
        self.out = np.power(a, b)
        return self.out

    def backward(self, grad):
        grad_a = grad * self.b * np.power(self.a, self.b - 1)
        grad_b = None
        if isinstance(self.b, np.ndarray) and self.b.dtype.kind == "f":
            safe_log = np.log(np.where(self.a > 0, self.a, 1))
            grad_b = grad * self.out * safe_log
        return grad_a, grad_b


class Maximum(Primitive):
    def forward(self, a, b):
        self.a_wins = a >= b
        return np.maximum(a, b)

    def backward(self, grad):
        return grad * self.a_wins, grad * ~self.a_wins


class Minimum(Primitive):
    def forward(self, a, b):
        self.a_wins = a <= b
        return np.minimum(a, b)

    def backward(self, grad):
        return grad * self.a_wins, grad * ~self.a_wins


class Negative(Primitive):
    def forward(self, a):
        return -a

    def backward(self, grad):
        return (-grad,)


class Exp(Primitive):
    def forward(self, a):
        self.out = np.exp(a)
        return self.out

    def backward(self, grad):
        return (grad * self.out,)


class Log(Primitive):
    def forward(self, a):
        self.a = a
        return np.log(a)

    def backward(self, grad):
        return (grad / self.a,)


class Sqrt(Primitive):
    def forward(self, a):
        self.out = np.sqrt(a)
        return self.out

    def backward(self, grad):
        return (grad * 0.5 / self.out,)


class Square(Primitive):
    def forward(self, a):
        self.a = a
        return np.square(a)

    def backward(self, grad):
        return (grad * 2 * self.a,)


class Abs(Primitive):
    def forward(self, a):
        # (np.sign has no bool loop; bool input is never differentiated.)
        self.sign = np.sign(a) if self.needs_grad_of(0) else None
        return np.abs(a)

    def backward(self, grad):
        return (grad * self.sign,)


class Clip(Primitive):
    """Clips to [low, high]; the gradient passes only where nothing was clipped."""

    def forward(self, a):
        self.inside = (a >= self.low) & (a <= self.high)
        return np.clip(a, self.low, self.high)

    def backward(self, grad):
        return (grad * self.inside,)


class Where(Primitive):
    def forward(self, condition, a, b):
        self.condition = condition
        return np.where(condition, a, b)

    def backward(self, grad):
        zero = np.zeros((), dtype=grad.dtype)
        return None, np.where(self.condition, grad, zero), np.where(self.condition, zero, grad)


class Cast(Primitive):
    def forward(self, a):
        self.input_dtype = a.dtype
        return a.astype(self.dtype)

    def backward(self, grad):
        if self.input_dtype.kind != "f":
            return (None,)
        return (grad.astype(self.input_dtype),)


# ---------------------------------------------------------------- activations


class Relu(Primitive):
    def forward(self, a):
        self.out = np.maximum(a, 0)  # the mask `a > 0` is `out > 0`: made only for backward
        return self.out

    def backward(self, grad):
        return (grad * (self.out > 0),)


def stable_sigmoid(a):
    """1 / (1 + exp(-a)), one exponential per element.

    For a < -88 (float32) exp(-a) overflows to inf and the result is exactly
    0, the correctly rounded value down to float32's smallest normal number;
    only NumPy's overflow warning needs silencing. Elsewhere the relative
    error is under 3e-7 (a form that exponentiates -|a| and selects between
    two quotients is as accurate but takes four more passes over the data;
    0.5 * (1 + tanh(a / 2)) is faster but loses all relative accuracy for
    a < -9, where 1 + tanh cancels).
    """
    with np.errstate(over="ignore", under="ignore"):
        return 1 / (1 + np.exp(-a))


class Sigmoid(Primitive):
    def forward(self, a):
        self.out = stable_sigmoid(a)
        return self.out

    def backward(self, grad):
        return (grad * self.out * (1 - self.out),)


class Tanh(Primitive):
    def forward(self, a):
        self.out = np.tanh(a)
        return self.out

    def backward(self, grad):
        return (grad * (1 - self.out * self.out),)


_SQRT_2_OVER_PI = math.sqrt(2 / math.pi)
_GELU_CUBIC = 0.044715


class GeluTanh(Primitive):
    """gelu's tanh approximation, 0.5 x (1 + tanh(c (x + 0.044715 x^3))),
    with c = sqrt(2 / pi): one node (and, without a gradient, one buffer)
    instead of the seven ops and temporaries of its composition."""

    def forward(self, x):
        inner = np.asarray(x * x)  # an array even for 0-d input, so `out=` can write to it
        inner *= x
        inner *= _GELU_CUBIC
        inner += x
        inner *= _SQRT_2_OVER_PI
        t = np.tanh(inner, out=inner)
        if True in self.needs_grad:
            self.x, self.t = x, t.copy()
        t += 1
        t *= x
        t *= 0.5
        return t if t.ndim else t[()]

    def backward(self, grad):
        x, t = self.x, self.t
        d_inner = _SQRT_2_OVER_PI * (1 + 3 * _GELU_CUBIC * x * x)
        return (grad * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * d_inner),)


class Softplus(Primitive):
    def forward(self, a):
        self.a = a
        return np.logaddexp(np.zeros((), dtype=a.dtype), a)

    def backward(self, grad):
        return (grad * stable_sigmoid(self.a),)


# The reductions on the training path call the ufuncs' `reduce` directly: the
# same computation as `a.sum()` / `a.max()` without their Python wrappers,
# which cost more than the arithmetic on a batch of 10 logits.
_sum = np.add.reduce
_max = np.maximum.reduce


def _row_max(a, axis):
    """`max(a, axis, keepdims=True)`, the shift of a softmax.

    Along a short last axis (a batch of 10 class scores) NumPy's reduction runs
    its inner loop once per row, which costs three times more than reducing a
    transposed copy across rows (12 -> 4 us for 128 x 10). The maximum is
    exact, so both ways give the same numbers.
    """
    if a.ndim == 2 and axis in (-1, 1) and a.shape[1] <= 32:
        return _max(np.ascontiguousarray(a.T), axis=0)[:, None]
    return _max(a, axis=axis, keepdims=True)


def _softmax_and_log_normalizer(a, axis):
    """softmax(a) and the pair (max, log(sum(exp(a - max)))) along `axis`
    (kept as size 1): `(a - max) - log_sum` is log_softmax(a), bit for bit,
    which a cross-entropy on a softmax output then takes without a second
    pass of exp and sum."""
    row_max = _row_max(a, axis)
    # Logits of both signs near float32's limits overflow the shift to -inf,
    # whose exp is the right answer (0); the warning would only alarm.
    with np.errstate(over="ignore"):
        probs = np.exp(a - row_max)
    total = _sum(probs, axis=axis, keepdims=True)
    probs /= total
    return probs, (row_max, np.log(total))


def log_softmax_array(a, axis):
    if a.size == 0:  # nothing to normalise (and max has no identity to start from)
        return np.empty_like(a)
    with np.errstate(over="ignore"):  # see _softmax_and_log_normalizer
        shifted = a - _row_max(a, axis)
    return shifted - np.log(_sum(np.exp(shifted), axis=axis, keepdims=True))


class Softmax(Primitive):
    def forward(self, a):
        if a.size == 0:  # nothing to normalise (and max has no identity to start from)
            self.out, self.log_normalizer = np.empty_like(a), None
            return self.out
        self.out, self.log_normalizer = _softmax_and_log_normalizer(a, self.axis)
        return self.out

    def backward(self, grad):
        inner = (grad * self.out).sum(axis=self.axis, keepdims=True)
        return (self.out * (grad - inner),)


class LogSoftmax(Primitive):
    def forward(self, a):
        self.out = log_softmax_array(a, self.axis)
        return self.out

    def backward(self, grad):
        total = grad.sum(axis=self.axis, keepdims=True)
        return (grad - np.exp(self.out) * total,)


# ------------------------------------------------------------- linear algebra


class MatMul(Primitive):
    def forward(self, a, b):
        self.a, self.b = a, b
        if a.dtype == np.int8 and b.dtype == np.int8:
            # Keras accumulates int8 products in int32 (int8 would overflow).
            return np.matmul(a, b, dtype=np.int32)
        return np.matmul(a, b)

    def backward(self, grad):
        # A 1-D operand is a row (a) or a column (b) whose axis matmul dropped
        # from the output: put it back in `grad`, then take it out of the result.
        a = self.a[None, :] if self.a.ndim == 1 else self.a
        b = self.b[:, None] if self.b.ndim == 1 else self.b
        if self.b.ndim == 1:
            grad = np.expand_dims(grad, -1)
        if self.a.ndim == 1:
            grad = np.expand_dims(grad, -2)
        grad_a = np.matmul(grad, np.swapaxes(b, -1, -2))
        grad_b = np.matmul(np.swapaxes(a, -1, -2), grad)
        if self.a.ndim == 1:
            grad_a = grad_a[..., 0, :]
        if self.b.ndim == 1:
            grad_b = grad_b[..., 0]
        return grad_a, grad_b


# ----------------------------------------------------------------- reductions


def _expand_reduced(grad, shape, axis, keepdims):
    """Re-inserts reduced axes into `grad` so it broadcasts against `shape`."""
    if keepdims:
        return grad
    if axis is None:
        return grad.reshape([1] * len(shape))
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    for a in sorted(a % len(shape) for a in axes):
        grad = np.expand_dims(grad, a)
    return grad


class Sum(Primitive):
    def forward(self, a):
        self.shape = a.shape
        return _sum(a, axis=self.axis, keepdims=self.keepdims)

    def backward(self, grad):
        grad = _expand_reduced(np.asarray(grad), self.shape, self.axis, self.keepdims)
        # A filled array rather than np.broadcast_to, whose Python wrapper
        # costs more than filling the small arrays a training step sums.
        full = np.empty(self.shape, dtype=grad.dtype)
        full[...] = grad
        return (full,)


class Max(Primitive):
    """Maximum; the gradient is shared equally among tied maxima."""

    def forward(self, a):
        self.a = a
        self.out = np.max(a, axis=self.axis, keepdims=True)
        if self.keepdims:
            return self.out
        return np.max(a, axis=self.axis)

    def backward(self, grad):
        grad = _expand_reduced(np.asarray(grad), self.a.shape, self.axis, self.keepdims)
        winners = self.a == self.out
        # The count in the gradient's dtype: an integer count would upcast float32 to float64.
        count = winners.sum(axis=self.axis, keepdims=True).astype(grad.dtype)
        return (grad * winners / count,)


class Prod(Primitive):
    def forward(self, a):
        self.a = a
        return np.prod(a, axis=self.axis, keepdims=self.keepdims)

    def backward(self, grad):
        grad = _expand_reduced(np.asarray(grad), self.a.shape, self.axis, self.keepdims)
        return (grad * _product_of_others(self.a, self.axis),)


def _product_of_others(a, axis):
    """For each element, the product of the other elements it was reduced with.
    Exclusive cumulative products from both ends, so zeros need no division."""
    if axis is None:
        axes = tuple(range(a.ndim))
    else:
        axes = tuple(x % a.ndim for x in ((axis,) if isinstance(axis, int) else axis))
    order = [i for i in range(a.ndim) if i not in axes] + list(axes)
    moved = np.transpose(a, order)
    flat = moved.reshape(moved.shape[: a.ndim - len(axes)] + (-1,))
    ones = np.ones(flat.shape[:-1] + (1,), dtype=a.dtype)
    before = np.cumprod(np.concatenate([ones, flat[..., :-1]], axis=-1), axis=-1)
    reversed_flat = flat[..., ::-1]
    after = np.cumprod(np.concatenate([ones, reversed_flat[..., :-1]], axis=-1), axis=-1)[..., ::-1]
    others = (before * after).reshape(moved.shape)
    return np.transpose(others, np.argsort(order))


# ---------------------------------------------------------------------- shape


class Reshape(Primitive):
    def forward(self, a):
        self.shape = a.shape
        return a.reshape(self.new_shape)

    def backward(self, grad):
        return (grad.reshape(self.shape),)


class Transpose(Primitive):
    def forward(self, a):
        return np.transpose(a, self.axes)

    def backward(self, grad):
        if self.axes is None:
            return (np.transpose(grad),)
        return (np.transpose(grad, np.argsort(self.axes)),)


class GetItem(Primitive):
    def forward(self, a):
        self.shape, self.dtype = a.shape, a.dtype
        return a[self.index]

    def backward(self, grad):
        full = np.zeros(self.shape, dtype=grad.dtype)
        np.add.at(full, self.index, grad)
        return (full,)


class Concatenate(Primitive):
    def forward(self, *arrays):
        self.sizes = [a.shape[self.axis] for a in arrays]
        return np.concatenate(arrays, axis=self.axis)

    def backward(self, grad):
        splits = np.cumsum(self.sizes)[:-1]
        return tuple(np.split(grad, splits, axis=self.axis))


class BroadcastTo(Primitive):
    def forward(self, a):
        return np.broadcast_to(a, self.shape)

    def backward(self, grad):
        return (grad,)
