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
