"""Differentiable primitives behind the wider `keras.ops` surface.

Most new ops are composed from the core primitives in `primitives.py`
(indexing, where, reshape, ...). The ones here are those that need their own
backward: element-wise functions given as (function, derivative) pairs,
cumulative sums and products, and writes into an array (slice and scatter
updates).
"""

import numpy as np

from kerasish.backend.tensor import Function


class Unary(Function):
    """`fn(a)` element-wise, with the gradient `grad * derivative(a, out)`.

    Attributes: `fn` (array -> array) and `derivative` ((input, output) ->
    the local derivative, broadcastable to the input), or None for a function
    whose gradient Keras does not define (then no gradient flows).
    """

    def forward(self, a):
        out = self.fn(a)
        self.a, self.out = a, out
        return out

    def backward(self, grad):
        if self.derivative is None:
            return (None,)
        return (grad * self.derivative(self.a, self.out),)


class Binary(Function):
    """`fn(a, b)` element-wise with broadcasting; `derivatives` is a pair of
    functions (a, b, out) -> local derivative with respect to a and to b
    (either may be None: no gradient for that input)."""

    def forward(self, a, b):
        out = self.fn(a, b)
        self.a, self.b, self.out = a, b, out
        return out

    def backward(self, grad):
        grads = []
        for index, derivative in enumerate(self.derivatives):
            if derivative is None or not self.needs_grad_of(index):
                grads.append(None)
            else:
                grads.append(grad * derivative(self.a, self.b, self.out))
        return tuple(grads)


def _flip(a, axis):
    return np.flip(a, axis=axis)


class CumSum(Function):
    """Cumulative sum along `axis` (an int); the gradient is the reversed
    cumulative sum of the incoming gradient."""

    def forward(self, a):
        return np.cumsum(a, axis=self.axis, dtype=self.dtype)

    def backward(self, grad):
        return (_flip(np.cumsum(_flip(grad, self.axis), axis=self.axis), self.axis),)


class CumProd(Function):
    """Cumulative product along `axis`. The gradient of output k with
    respect to input i <= k is prod(a[:k+1]) / a[i], computed without
    division (zeros allowed) as a sum over exclusive products."""

    def forward(self, a):
        self.a = a
        self.out = np.cumprod(a, axis=self.axis, dtype=self.dtype)
        return self.out

    def backward(self, grad):
        if np.all(self.a != 0):  # the short way: reversed cumsum of grad * out, over a
            reversed_sum = _flip(np.cumsum(_flip(grad * self.out, self.axis), axis=self.axis),
                                 self.axis)
            return (reversed_sum / self.a,)
        a = np.moveaxis(self.a, self.axis, -1)
        g = np.moveaxis(grad, self.axis, -1)
        n = a.shape[-1]
        result = np.zeros_like(g)
        # For each input position i: sum over k >= i of g[k] * prod(a[j], j<=k, j!=i).
        before = np.concatenate([np.ones(a.shape[:-1] + (1,), a.dtype),
                                 np.cumprod(a, axis=-1)[..., :-1]], axis=-1)
        for i in range(n):
            running = before[..., i]
            total = g[..., i] * running
            for k in range(i + 1, n):
                running = running * a[..., k]
                total = total + g[..., k] * running
            result[..., i] = total
        return (np.moveaxis(result, -1, self.axis),)


class SetItem(Function):
    """A copy of `a` with `a[index] = update`: the gradient of `a` is zero at
    the written positions, the update's is the gradient read there. Attribute:
    `index`, any NumPy index (slices, or integer arrays without repeats)."""

    def forward(self, a, update):
        out = np.array(a, copy=True)
        out[self.index] = update
        return out

    def backward(self, grad):
        grad_a = None
        if self.needs_grad_of(0):
            grad_a = np.array(grad, copy=True)
            grad_a[self.index] = 0
        grad_update = None
        if self.needs_grad_of(1):
            grad_update = np.array(grad[self.index], copy=True)  # the engine unbroadcasts
        return grad_a, grad_update


class AddAt(Function):
    """A copy of `a` with `update` added at `index` (repeats accumulate, as
    TensorFlow's scatter_nd does); the update's gradient is read at `index`."""

    def forward(self, a, update):
        out = np.array(a, copy=True)
        np.add.at(out, self.index, update)
        return out

    def backward(self, grad):
        return grad, np.array(grad[self.index], copy=True)


class SegmentReduce(Function):
    """Reduces rows of `data` that share a segment id (`ids`, fixed) into
    `num_segments` rows with `ufunc` (np.add, np.maximum, np.minimum or
    np.multiply); empty segments hold `empty` (0 for a sum)."""

    def forward(self, data):
        out_shape = (self.num_segments,) + data.shape[1:]
        out = np.full(out_shape, self.start, dtype=data.dtype)
        valid = (self.ids >= 0) & (self.ids < self.num_segments)
        ids, rows = self.ids[valid], data[valid]
        self.ufunc.at(out, ids, rows)
        counts = np.bincount(ids, minlength=self.num_segments)
        out[counts == 0] = self.empty
        self.data, self.out, self.valid, self.ids_valid = data, out, valid, ids
        return out

    def backward(self, grad):
        picked_grad = grad[self.ids_valid]
        full = np.zeros_like(self.data)
        rows = self.data[self.valid]
        if self.ufunc is np.add:
            local = picked_grad
        elif self.ufunc is np.multiply:
            with np.errstate(divide="ignore", invalid="ignore"):
                local = picked_grad * np.where(rows != 0, self.out[self.ids_valid] / rows, 0)
        else:  # max / min: to the rows equal to the extreme, shared among ties
            winners = rows == self.out[self.ids_valid]
            ties = np.zeros_like(self.out)
            np.add.at(ties, self.ids_valid, winners.astype(self.out.dtype))
            local = picked_grad * winners / np.maximum(ties[self.ids_valid], 1)
        full[self.valid] = local
        return (full,)


class Gather(Function):
    """`a.flat[positions]`: any op that only moves elements (flip, roll,
    tile, repeat, sort, diagonal, ...) as one gather by precomputed flat
    positions. With `fill`, position 0 reads a zero and position i reads
    element i - 1, for ops that also write zeros (tril, diag, pad). The
    backward sums the gradient back per position with `bincount`, much
    faster than `np.add.at`."""

    fill = False

    def forward(self, a):
        self.shape, self.dtype = a.shape, a.dtype
        flat = a.reshape(-1)
        if self.fill:
            flat = np.concatenate([np.zeros(1, a.dtype), flat])
        return flat[self.positions]

    def backward(self, grad):
        size = int(np.prod(self.shape)) + (1 if self.fill else 0)
        summed = np.bincount(self.positions.reshape(-1), weights=grad.reshape(-1), minlength=size)
        if self.fill:
            summed = summed[1:]
        return (summed.astype(grad.dtype).reshape(self.shape),)
