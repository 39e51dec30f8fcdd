"""`MaskedSoftmax`: the softmax of attention scores where a mask is False
counts as minus infinity, as one graph node.

Keras applies the mask in two slightly different ways. Its `Softmax` layer
(used by `MultiHeadAttention` when it returns scores or drops out, and by
`Attention`) also zeroes the masked probabilities afterwards, so a row with
every position masked gives zeros. Its fused `dot_product_attention` does not,
so such a row gives a uniform distribution. `zero_masked` picks one.
"""

import numpy as np

from kerasish.backend.primitives import _softmax_and_log_normalizer
from kerasish.backend.tensor import Function


def large_negative(dtype):
    """What a masked score becomes before the softmax, as in Keras's Softmax layer."""
    return -3e4 if np.dtype(dtype) == np.float16 else -1e9


class MaskedSoftmax(Function):
    """softmax(where(mask, scores, large_negative)) over `axis` (an int or a
    tuple), times the mask when `zero_masked`; `mask` is a boolean array that
    broadcasts to the scores, or None."""

    def forward(self, scores):
        mask = self.mask
        if mask is not None:
            scores = np.where(mask, scores, scores.dtype.type(large_negative(scores.dtype)))
        probs, _ = _softmax_and_log_normalizer(scores, self.axis)
        if mask is not None and self.zero_masked:
            probs *= mask
        self.probs = probs
        return probs

    def backward(self, grad):
        probs, mask = self.probs, self.mask
        inner = (grad * probs).sum(axis=self.axis, keepdims=True)
        # For zeroed rows `probs` is already 0 where masked, so the
        # softmax's own gradient vanishes there; otherwise the mask does it.
        grad_scores = probs * (grad - inner)
        if mask is not None and not self.zero_masked:
            grad_scores *= mask
        return (grad_scores,)


def _heads_first(x, last_two=(1, 3)):
    """(B, T, N, H) -> contiguous (B, N, T, H), or with `last_two=(3, 1)`
    -> (B, N, H, T): a stack of matrices for one batched matmul."""
    return np.ascontiguousarray(x.transpose(0, 2, *last_two))


class DotProductAttention(Function):
    """softmax(scale * query . key, masked) . value for projected tensors of
    shape (B, T, N, H), (B, S, N, H) and (B, S, N, H): Keras's fused attention
    (its `dot_product_attention`, used when the scores are neither returned
    nor dropped out), as one node that keeps the heads-first copies of its
    inputs for the backward pass instead of transposing them again there.

    `mask` is None or a boolean array broadcasting to (B, N, T, S); a fully
    masked row gets a uniform distribution, as in Keras's kernel. `scale`
    multiplies the dot products.
    """

    def forward(self, query, key, value):
        self.query_h = _heads_first(query)  # (B, N, T, H)
        self.key_t = _heads_first(key, (3, 1))  # (B, N, H, S)
        self.value_h = _heads_first(value)  # (B, N, S, H)
        scores = np.matmul(self.query_h, self.key_t)
        scores *= scores.dtype.type(self.scale)
        if self.mask is not None:
            scores = np.where(self.mask, scores, scores.dtype.type(large_negative(scores.dtype)))
        self.probs, _ = _softmax_and_log_normalizer(scores, -1)
        return np.matmul(self.probs, self.value_h).transpose(0, 2, 1, 3)

    def backward(self, grad):
        grad_h = _heads_first(grad)  # (B, N, T, H)
        probs = self.probs
        grad_value = None
        if self.needs_grad_of(2):
            grad_value = np.matmul(np.ascontiguousarray(probs.swapaxes(-1, -2)), grad_h)
            grad_value = grad_value.transpose(0, 2, 1, 3)
        grad_probs = np.matmul(grad_h, np.ascontiguousarray(self.value_h.swapaxes(-1, -2)))
        inner = (grad_probs * probs).sum(axis=-1, keepdims=True)
        grad_scores = grad_probs
        grad_scores -= inner
        grad_scores *= probs
        if self.mask is not None:
            grad_scores *= self.mask
        grad_scores *= grad_scores.dtype.type(self.scale)
        grad_query = grad_key = None
        if self.needs_grad_of(0):
            key_h = np.ascontiguousarray(self.key_t.swapaxes(-1, -2))
            grad_query = np.matmul(grad_scores, key_h).transpose(0, 2, 1, 3)
        if self.needs_grad_of(1):
            query_t = np.ascontiguousarray(self.query_h.swapaxes(-1, -2))
            grad_key = np.matmul(query_t, grad_scores).transpose(0, 3, 1, 2)
        return grad_query, grad_key, grad_value
