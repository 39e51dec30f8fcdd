"""`ReversibleEmbedding`: an embedding that also maps vectors back to logits over the vocabulary."""

from kerasish import ops
from kerasish.layers.core.embedding import Embedding


class ReversibleEmbedding(Embedding):
    """An `Embedding` that, called with `reverse=True`, projects vectors back
    onto the vocabulary: `logits = inputs @ embeddings.T` (the tied weights of
    a language model's input embedding and output layer), or with a separate
    `reverse_embeddings` weight when `tie_weights=False`.

    Args:
        input_dim: the vocabulary size, a positive int.
        output_dim: the embedding size, a positive int.
        tie_weights: whether the reverse projection uses the transposed
            embeddings (default True) or its own weight.
        embeddings_initializer: initializer of the embeddings (default `"uniform"`).
        embeddings_regularizer: regularizer of the embeddings, or None.
        embeddings_constraint: constraint of the embeddings, or None.
        mask_zero: as for `Embedding`.
        reverse_dtype: the dtype the reverse projection is computed in, or None.
        logit_soft_cap: if set, reverse logits become
            `tanh(logits / cap) * cap`.
        **kwargs: `Embedding`'s other keyword arguments, such as `name`.

    Input shape:
        Forward (`reverse=False`): integer indices of any rank, usually
        `(batch_size, sequence_length)`. Reversed (`reverse=True`): vectors
        `(batch_size, ..., output_dim)`.

    Output shape:
        Forward: the input's shape with a new last axis of size `output_dim`.
        Reversed: the input's shape with its last axis replaced by `input_dim`
        (a score for every token of the vocabulary).

    Raises:
        ValueError: for invalid `input_dim` or `output_dim` (as `Embedding`).

    Examples:
        >>> layer = keras.layers.ReversibleEmbedding(10, 4)
        >>> vectors = layer(np.array([[1, 2, 3]]))
        >>> vectors.shape, layer(vectors, reverse=True).shape
        ((1, 3, 4), (1, 3, 10))
    """

    def __init__(self, input_dim, output_dim, tie_weights=True, embeddings_initializer="uniform",
                 embeddings_regularizer=None, embeddings_constraint=None, mask_zero=False,
                 reverse_dtype=None, logit_soft_cap=None, **kwargs):
        super().__init__(input_dim, output_dim, embeddings_initializer=embeddings_initializer,
                         embeddings_regularizer=embeddings_regularizer,
                         embeddings_constraint=embeddings_constraint, mask_zero=mask_zero,
                         **kwargs)
        self.tie_weights = tie_weights
        self.reverse_dtype = reverse_dtype
        self.logit_soft_cap = logit_soft_cap

    def build(self, input_shape=None):
        super().build(input_shape)
        if not self.tie_weights:
            self.reverse_embeddings = self.add_weight(
                shape=(self.output_dim, self.input_dim), initializer=self.embeddings_initializer,
                name="reverse_embeddings", regularizer=self.embeddings_regularizer,
                constraint=self.embeddings_constraint,
            )

    def call(self, inputs, reverse=False):
        if not reverse:
            return super().call(inputs)
        kernel = ops.transpose(self.embeddings) if self.tie_weights else self.reverse_embeddings
        if self.reverse_dtype is not None:
            inputs, kernel = ops.cast(inputs, self.reverse_dtype), ops.cast(kernel,
                                                                           self.reverse_dtype)
        logits = ops.matmul(inputs, kernel)
        if self.logit_soft_cap is not None:
            cap = self.logit_soft_cap
            logits = ops.multiply(ops.tanh(ops.divide(logits, cap)), cap)
        return logits

    def compute_output_shape(self, input_shape, reverse=False):
        if reverse:
            return tuple(input_shape[:-1]) + (self.input_dim,)
        return super().compute_output_shape(input_shape)

    def get_config(self):
        config = super().get_config()
        config.update({"tie_weights": self.tie_weights, "reverse_dtype": self.reverse_dtype,
                       "logit_soft_cap": self.logit_soft_cap})
        return config
