"""Fused primitives: common chains of ops computed as one graph node.

Each does what the chain of plain primitives (primitives.py) would, with the
same numbers, but records one node instead of several, works in place on
its own fresh arrays, and takes shortcuts in backward that the chain cannot
see (a cross-entropy on softmax logits has the gradient `softmax - labels`).
The ops choose them (`ops/nn.py`, `ops/fused.py`); layers never do.
"""

import numpy as np

from kerasish.backend import threads
from kerasish.backend.primitives import log_softmax_array, stable_sigmoid
from kerasish.backend.scratch import Primitive

_sum = np.add.reduce  # as in primitives.py: the ufunc without np.sum's wrapper


def _log_softmax_from(logits, log_normalizer):
    """log_softmax(logits), given the (max, log-sum) pair a Softmax node made
    (primitives._softmax_and_log_normalizer)."""
    row_max, log_sum = log_normalizer
    with np.errstate(over="ignore"):  # -inf shifts: see primitives._softmax_and_log_normalizer
        shifted = logits - row_max
    shifted -= log_sum
    return shifted


def _matmul(x, matrix):
    """`x @ matrix` over the last axis of `x`, large products on the pool's
    threads (`threads.matmul`). The result is a new array of its own (not a
    reshaped view), as the engine's scratch gradients require."""
    if x.ndim == 2:
        return threads.matmul(x, matrix)
    if x.ndim < 2:
        return np.matmul(x, matrix)
    result = np.empty(x.shape[:-1] + matrix.shape[1:], dtype=np.result_type(x, matrix))
    threads.matmul(x.reshape(-1, x.shape[-1]), matrix, out=result.reshape(-1, matrix.shape[1]))
    return result


class FusedDense(Primitive):
    """`activation(x @ kernel + bias)` as one node, `activation` being "linear"
    or "relu" (the others need their own node: softmax and sigmoid outputs must
    remember their logits for the losses).

    Against MatMul + Add + Relu this records one node instead of three, adds
    the bias and applies relu in place on the fresh matmul output, keeps no
    separate relu mask, and skips the input gradient (a GEMM as large as the
    forward one) when the input is data. `bias` may be None.
    Measured (benchmarks/README.md): 2.11 M -> 1.87 M instructions per
    training step of a small MLP, and a quarter of the tutorial MLP's
    backward FLOPs saved by the skipped input gradient.
    """

    def forward(self, x, kernel, bias):
        if x.dtype != kernel.dtype:
            # Integer or differently-typed inputs compute in the kernel's
            # dtype, as Keras's matmul type promotion does; never in float64.
            x = x.astype(kernel.dtype)
        out = _matmul(x, kernel)
        if bias is not None:
            out += bias
        if self.activation == "relu":
            np.maximum(out, 0, out=out)
        self.x, self.kernel, self.out = x, kernel, out
        return out

    def backward(self, grad):
        if self.activation == "relu":
            if self.grad_is_scratch:
                np.multiply(grad, self.out > 0, out=grad)
            else:
                grad = grad * (self.out > 0)
        units = self.kernel.shape[-1]
        flat_grad = grad.reshape(-1, units)
        grad_x = grad_kernel = grad_bias = None
        if self.needs_grad_of(0):
            grad_x = _matmul(grad, self.kernel.T)
        if self.needs_grad_of(1):
            grad_kernel = threads.matmul(self.x.reshape(-1, self.kernel.shape[0]).T, flat_grad)
        if self.needs_grad_of(2):
            grad_bias = _sum(flat_grad, axis=0)
        return grad_x, grad_kernel, grad_bias


class MeanOfAll(Primitive):
    """sum(a) / count, as one node: a loss's "sum_over_batch_size" reduction,
    the same numbers as a Sum node followed by a Divide node. Attribute:
    count (positive)."""

    def forward(self, a):
        self.shape = a.shape
        self.divisor = np.asarray(self.count, dtype=a.dtype)  # as Divide would see it
        return _sum(a, axis=None) / self.divisor

    def backward(self, grad):
        full = np.empty(self.shape, dtype=grad.dtype)
        full[...] = grad / self.divisor
        return (full,)


class SoftmaxCrossEntropy(Primitive):
    """-sum(labels * log_softmax(logits)) along `axis`, with the short backward
    (softmax - labels) instead of differentiating through softmax and log."""

    log_normalizer = None  # given when the logits went through a Softmax node

    def forward(self, labels, logits):
        if self.log_normalizer is None:
            log_probs = log_softmax_array(logits, self.axis)
        else:
            log_probs = _log_softmax_from(logits, self.log_normalizer)
        self.labels, self.log_probs = labels, log_probs
        # A class with label 0 contributes 0 even when its log-probability is
        # -inf (logits of +-float32 max); TensorFlow returns NaN there.
        products = np.multiply(
            labels, log_probs, out=np.zeros(log_probs.shape, log_probs.dtype), where=labels != 0
        )
        return -_sum(products, axis=self.axis)

    def backward(self, grad):
        grad = grad[..., None] if self.axis == -1 else np.expand_dims(grad, self.axis)
        probs = np.exp(self.log_probs)
        label_sum = _sum(self.labels, axis=self.axis, keepdims=True)
        grad_logits = grad * (probs * label_sum - self.labels)
        grad_labels = -grad * self.log_probs if self.needs_grad_of(0) else None
        return grad_labels, grad_logits


class SparseSoftmaxCrossEntropy(Primitive):
    """Softmax cross-entropy with integer class labels along the last axis."""

    log_normalizer = None  # as in SoftmaxCrossEntropy

    def forward(self, labels, logits):
        if self.log_normalizer is None:
            log_probs = log_softmax_array(logits, -1)
        else:
            log_probs = _log_softmax_from(logits, self.log_normalizer)
        self.labels, self.log_probs = labels, log_probs
        picked = np.take_along_axis(log_probs, labels[..., None], axis=-1)
        return -picked[..., 0]

    def backward(self, grad):
        grad_logits = np.exp(self.log_probs)
        np.put_along_axis(
            grad_logits,
            self.labels[..., None],
            np.take_along_axis(grad_logits, self.labels[..., None], axis=-1) - 1,
            axis=-1,
        )
        return None, grad_logits * grad[..., None]


class SigmoidCrossEntropy(Primitive):
    """Binary cross-entropy from logits, written the overflow-free way:
    max(x, 0) - x * z + log(1 + exp(-|x|))."""

    def forward(self, labels, logits):
        self.labels, self.logits = labels, logits
        return (
            np.maximum(logits, 0)
            - logits * labels
            + np.log1p(np.exp(-np.abs(logits)))
        )

    def backward(self, grad):
        grad_logits = grad * (stable_sigmoid(self.logits) - self.labels)
        grad_labels = -grad * self.logits
        return grad_labels, grad_logits
