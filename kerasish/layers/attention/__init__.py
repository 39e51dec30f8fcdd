"""Attention layers, and the EinsumDense projections they are built from."""

from kerasish.layers.attention.additive_attention import AdditiveAttention
from kerasish.layers.attention.attention import Attention
from kerasish.layers.attention.multi_head_attention import MultiHeadAttention
from kerasish.layers.core.einsum_dense import EinsumDense

ATTENTION_LAYERS = (AdditiveAttention, Attention, EinsumDense, MultiHeadAttention)

__all__ = [cls.__name__ for cls in ATTENTION_LAYERS]
