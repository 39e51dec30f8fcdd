"""`Attention`: dot-product (Luong-style) attention over `[query, value, key]`."""

import numpy as np

from kerasish import ops
from kerasish.backend import random as backend_random
from kerasish.backend.tensor import Tensor
from kerasish.layers.attention.multi_head_attention import check_mask_broadcasts
from kerasish.layers.attention.symbolic_scores import SymbolicScoresMixin
from kerasish.layers.layer import Layer


class Attention(SymbolicScoresMixin, Layer):
    """Dot-product attention: each query position takes a softmax-weighted
    average of the values, weighted by how well the query matches each key.

    Called on `[query, value]` or `[query, value, key]` (key defaults to
    value), of shapes `(B, Tq, dim)`, `(B, Tv, dim)` and `(B, Tv, dim)`. With
    `score_mode="dot"` the scores are `query @ key^T` (times a trained
    `scale` when `use_scale`); with `"concat"` they are
    `concat_score_weight * sum(tanh(query + key))` over the features.

    Args:
        use_scale: whether the scores are multiplied by a trained scalar
            `scale` (initially 1).
        score_mode: `"dot"` (default) or `"concat"`.
        dropout: the fraction of attention probabilities dropped while training.
        seed: an int seeding the dropout, or None.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Call arguments:
        inputs: the list `[query, value]` or `[query, value, key]`.
        mask: the list `[query_mask, value_mask]` of boolean masks `(B, Tq)`
            and `(B, Tv)` (either may be None): masked values get no
            attention and masked query positions output zeros.
        training: whether dropout is active.
        return_attention_scores: also return the attention probabilities
            `(B, Tq, Tv)`.
        use_causal_mask: whether query position `i` only attends to value
            positions `<= i`.

    Returns:
        The attention output `(B, Tq, dim)`, and the probabilities when
        `return_attention_scores=True`.

    Input shape:
        A list `[query, value]` or `[query, value, key]`: `query` of shape
        `(batch_size, Tq, dim)`, `value` `(batch_size, Tv, dim)` and `key` (`value`
        when omitted) `(batch_size, Tv, dim)`. The optional `mask` is a list
        `[query_mask, value_mask]` of shapes `(batch_size, Tq)` and
        `(batch_size, Tv)`.

    Output shape:
        `(batch_size, Tq, dim)`; with `return_attention_scores=True`, also the
        scores `(batch_size, Tq, Tv)`.

    Raises:
        ValueError: on an unknown `score_mode`; when called, if the inputs
            are not a list of 2 or 3 tensors, the mask is not a list of 2 or
            3, query and key features or batch sizes differ, or value and
            key lengths differ.

    Examples:
        >>> query = np.ones((2, 3, 4), dtype="float32")
        >>> value = np.arange(40, dtype="float32").reshape(2, 5, 4)
        >>> output, scores = keras.layers.Attention()([query, value], return_attention_scores=True)
        >>> output.shape, scores.shape
        ((2, 3, 4), (2, 3, 5))
    """

    def __init__(self, use_scale=False, score_mode="dot", dropout=0.0, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.use_scale = use_scale
        self.score_mode = score_mode
        self.dropout = dropout
        self.seed = seed
        self._seeded_generator = backend_random.make_generator(seed) if seed is not None else None
        if score_mode not in ("dot", "concat"):
            raise ValueError(
                "Invalid value for argument score_mode. Expected one of {'dot', 'concat'}. "
                f"Received: score_mode={score_mode}"
            )
        self.supports_masking = True

    def build(self, input_shape):
        self._validate_inputs(input_shape)
        self.scale = None
        self.concat_score_weight = None
        if self.use_scale:
            self.scale = self.add_weight(name="scale", shape=(), initializer="ones")
        if self.score_mode == "concat":
            self.concat_score_weight = self.add_weight(
                name="concat_score_weight", shape=(), initializer="ones"
            )
        self.built = True

    def _calculate_scores(self, query, key):
        """The `(B, Tq, Tv)` scores of every query position against every key."""
        if self.score_mode == "dot":
            scores = ops.matmul(query, ops.transpose(key, _swap_last_two(len(key.shape))))
            return scores if self.scale is None else ops.multiply(scores, self.scale)
        pairs = ops.add(ops.expand_dims(query, -2), ops.expand_dims(key, -3))
        if self.scale is not None:
            pairs = ops.multiply(self.scale, pairs)
        return ops.multiply(self.concat_score_weight, ops.sum(ops.tanh(pairs), axis=-1))

    def _apply_scores(self, scores, value, scores_mask=None, training=False):
        """Softmax of the scores (masked positions pushed down by 1e9, as
        Keras does), dropout while training, then the weighted values."""
        if scores_mask is not None:
            padding = np.logical_not(scores_mask)
            if padding.ndim == 2:
                padding = padding[:, None, :]
            check_mask_broadcasts(padding.shape, tuple(np.shape(scores)))
            big = 65504.0 if np.dtype(ops.dtype(scores)) == np.float16 else 1.0e9
            scores = ops.where(padding, ops.subtract(scores, big), scores)
        weights = ops.softmax(scores, axis=-1)
        if training and self.dropout > 0:
            rng = self._seeded_generator or backend_random.global_generator()
            keep = rng.random(np.shape(weights), dtype=np.float32) >= self.dropout
            weights = ops.multiply(weights, keep / np.float32(1 - self.dropout))
        return ops.matmul(weights, value), weights

    def _calculate_score_mask(self, scores, value_mask, use_causal_mask):
        if not use_causal_mask:
            return value_mask
        q_length, v_length = np.shape(scores)[-2:]
        causal = np.tril(np.ones((q_length, v_length), dtype=bool))[None]
        if value_mask is None:
            return causal
        return np.logical_and(value_mask[:, None, :], causal)

    def call(self, inputs, mask=None, training=False, return_attention_scores=False,
             use_causal_mask=False):
        self._validate_inputs(inputs, mask)
        query, value = inputs[0], inputs[1]
        key = inputs[2] if len(inputs) > 2 else value
        _check_shapes(self, np.shape(query), np.shape(value), np.shape(key))
        query_mask = _bool_or_none(mask[0]) if mask else None
        value_mask = _bool_or_none(mask[1]) if mask else None
        scores = self._calculate_scores(query, key)
        scores_mask = self._calculate_score_mask(scores, value_mask, use_causal_mask)
        output, weights = self._apply_scores(scores, value, scores_mask, training)
        if query_mask is not None:
            output = ops.where(query_mask[..., None], output, 0.0)
        if return_attention_scores:
            return output, weights
        return output

    def compute_mask(self, inputs, mask=None):
        self._validate_inputs(inputs, mask)
        if mask is None or mask[0] is None:
            return None
        return _bool_or_none(mask[0])

    def compute_output_shape(self, input_shape):
        query_shape, value_shape = input_shape[0], input_shape[1]
        output_shape = (*query_shape[:-1], value_shape[-1])
        if not self._returns_scores_symbolically():
            return output_shape
        # A functional call with return_attention_scores=True (see
        # SymbolicScoresMixin): the `(B, Tq, Tv)` scores come too.
        key_shape = input_shape[2] if len(input_shape) > 2 else value_shape
        return [output_shape, (*query_shape[:-1], key_shape[-2])]

    def _validate_inputs(self, inputs, mask=None):
        name = type(self).__name__
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(
                f"{name} layer must be called on a list of inputs, namely [query, value] or "
                f"[query, value, key]. Received: inputs={inputs}."
            )
        if len(inputs) < 2 or len(inputs) > 3:
            raise ValueError(
                f"{name} layer accepts inputs list of length 2 or 3, namely [query, value] or "
                f"[query, value, key]. Received length: {len(inputs)}."
            )
        if mask is not None:
            if not isinstance(mask, (list, tuple)):
                raise ValueError(
                    f"{name} layer mask must be a list, namely [query_mask, value_mask]. "
                    f"Received: mask={mask}."
                )
            if len(mask) < 2 or len(mask) > 3:
                raise ValueError(
                    f"{name} layer accepts mask list of length 2 or 3. "
                    f"Received: inputs={inputs}, mask={mask}."
                )

    def get_config(self):
        config = super().get_config()
        config.update(
            {"use_scale": self.use_scale, "score_mode": self.score_mode,
             "dropout": self.dropout, "seed": self.seed}
        )
        return config


def _swap_last_two(rank):
    return tuple(range(rank - 2)) + (rank - 1, rank - 2)


def _bool_or_none(mask):
    if mask is None:
        return None
    mask = mask.value if isinstance(mask, Tensor) else np.asarray(mask)
    return mask.astype(bool, copy=False)


def _check_shapes(layer, query_shape, value_shape, key_shape):
    """Shapes Keras would only reject deep inside a matmul."""
    problem = None
    if not (len(query_shape) == len(value_shape) == len(key_shape)):
        problem = "`query`, `value` and `key` must have the same rank"
    elif not (query_shape[0] == value_shape[0] == key_shape[0]):
        problem = "`query`, `value` and `key` must have the same batch size"
    elif query_shape[-1] != key_shape[-1]:
        problem = "`query` and `key` must have the same last dimension"
    elif value_shape[-2] != key_shape[-2]:
        problem = "`value` and `key` must have the same number of timesteps"
    if problem:
        raise ValueError(
            f"Invalid inputs of {type(layer).__name__} layer '{layer.name}': {problem}. "
            f"Received: query.shape={tuple(query_shape)}, value.shape={tuple(value_shape)}, "
            f"key.shape={tuple(key_shape)}"
        )
