"""`AdditiveAttention`: Bahdanau-style attention over `[query, value, key]`."""

from kerasish import ops
from kerasish.layers.attention.attention import Attention


class AdditiveAttention(Attention):
    """Additive attention: the scores are `sum(scale * tanh(query + key))`.

    Each query position is added to each key position, passed through tanh
    and summed over the features with a trained per-feature `scale`
    (`use_scale=True`, glorot-uniform initialized); the softmax of these
    scores weights the values. Masks, causal masking, dropout and returned
    scores work as in `Attention`.

    Args:
        use_scale: whether the per-feature `scale` weight, of shape `(dim,)`,
            is created and trained; without it the features are summed as they are.
        dropout: the fraction of attention probabilities dropped while training.
        **kwargs: Base layer keyword arguments such as `name`, `dtype` and `seed`.

    Input shape:
        A list `[query, value]` or `[query, value, key]`: `query` of shape
        `(batch_size, Tq, dim)`, `value` and `key` (`value` when omitted)
        `(batch_size, Tv, dim)`. The optional `mask` is a list
        `[query_mask, value_mask]` of shapes `(batch_size, Tq)` and
        `(batch_size, Tv)`.

    Output shape:
        `(batch_size, Tq, dim)`; with `return_attention_scores=True`, also the
        scores `(batch_size, Tq, Tv)`.

    Raises:
        ValueError: when called on something other than a list of 2 or 3
            tensors of matching shapes, or with a bad mask list.

    Examples:
        >>> query = np.ones((2, 3, 4), dtype="float32")
        >>> value = np.ones((2, 5, 4), dtype="float32")
        >>> layer = keras.layers.AdditiveAttention()
        >>> layer([query, value]).shape
        (2, 3, 4)
        >>> layer.scale.shape
        (4,)
    """

    def __init__(self, use_scale=True, dropout=0.0, **kwargs):
        super().__init__(use_scale=use_scale, dropout=dropout, **kwargs)

    def build(self, input_shape):
        self._validate_inputs(input_shape)
        self.scale = None
        self.concat_score_weight = None
        if self.use_scale:
            self.scale = self.add_weight(
                name="scale", shape=(input_shape[0][-1],), initializer="glorot_uniform"
            )
        self.built = True

    def _calculate_scores(self, query, key):
        pairs = ops.tanh(ops.add(ops.expand_dims(query, -2), ops.expand_dims(key, -3)))
        if self.use_scale:
            pairs = ops.multiply(self.scale, pairs)
        return ops.sum(pairs, axis=-1)

    def get_config(self):
        config = super().get_config()
        del config["score_mode"]
        return config
