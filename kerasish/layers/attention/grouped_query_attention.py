"""`GroupQueryAttention`: grouped-query attention (Ainslie et al., 2023),
with Keras 3's arguments, sublayers and weights."""

import math

from kerasish import ops, regularizers
from kerasish.layers.attention.multi_head_attention import (
    MultiHeadAttention,
    _check_positive_int,
    _check_value_and_key,
)
from kerasish.layers.layer import Layer
from kerasish.saving.serialization_lib import serialize_keras_object


def _no_public_sublayer(self):
    raise AttributeError(f"'{type(self).__name__}' has no public sublayer attributes")


class GroupedQueryAttention(MultiHeadAttention):
    """Grouped-query attention: `num_query_heads` query heads sharing
    `num_key_value_heads` key/value heads.

    The query is projected into `num_query_heads` heads of size `head_dim`,
    the key and value into `num_key_value_heads` heads; each key/value head
    serves `num_query_heads // num_key_value_heads` consecutive query heads.
    In each head, the softmax of the scaled query-key dot products weights
    the values, and the heads' results are projected back to the query's
    last dimension. One key/value head is multi-query attention;
    `num_key_value_heads == num_query_heads` is multi-head attention.

    Weights, as in Keras (`grouped_query_attention/query/kernel`, ...):
    query `(dim, num_query_heads, head_dim)` and bias, key and value
    `(dim, num_key_value_heads, head_dim)` and biases, with `use_gate` a
    gate like the query between key and value, and the output projection
    `(num_query_heads, head_dim, dim)` and bias `(dim,)`.

    Masks (`attention_mask`, `use_causal_mask`, `sliding_window` and the
    masks of `query`, `value` and `key`) combine with a logical AND, as in
    `MultiHeadAttention`.

    Args:
        head_dim: the size of each attention head, a positive int.
        num_query_heads: the number of query heads, a positive int.
        num_key_value_heads: the number of key and value heads, a positive
            int dividing `num_query_heads`.
        dropout: the dropout rate applied to the attention probabilities
            while training.
        use_bias: whether the projections have biases.
        sliding_window: None, or a positive int: query position `i` then
            only attends to positions within `sliding_window - 1` of it.
        flash_attention: None or False: kerasish has no flash attention.
        kernel_initializer: initializer of the projection kernels.
        bias_initializer: initializer of the projection biases.
        kernel_regularizer: regularizer of the projection kernels.
        bias_regularizer: regularizer of the projection biases.
        activity_regularizer: regularizer of the projections' and the
            layer's outputs (Keras applies it to both).
        kernel_constraint: constraint of the projection kernels.
        bias_constraint: constraint of the projection biases.
        use_gate: whether a sigmoid gate computed from the query multiplies
            the heads' outputs before the output projection.
        seed: an int seeding the dropout, or None.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Call arguments:
        query: the query, `(B, T, dim)`.
        value: the value, `(B, S, dim)`.
        key: the key, `(B, S, dim)`; `value` when None.
        query_mask, value_mask, key_mask: boolean masks `(B, T)` / `(B, S)`;
            by default the masks the tensors carry.
        attention_mask: a boolean mask `(B, T, S)` (broadcast over heads).
        return_attention_scores: also return the attention probabilities,
            `(B, num_query_heads, T, S)`.
        training: whether dropout is active.
        use_causal_mask: whether position `i` may only attend to `<= i`.

    Input shape:
        `query` `(batch, target_length, dim)`; `value` and `key`
        `(batch, source_length, dim_kv)`.

    Output shape:
        `(batch, target_length, dim)`, and with `return_attention_scores`
        the scores `(batch, num_query_heads, target_length, source_length)`.

    Returns:
        The attention output, and the attention scores when
        `return_attention_scores=True`.

    Raises:
        ValueError: if a head count or `head_dim` is not a positive int,
            `num_query_heads` is not divisible by `num_key_value_heads`, on
            a bad `sliding_window`, or flash attention; when called, if
            value and key shapes differ but in their last axis, or a mask
            does not broadcast.

    Examples:
        >>> gqa = keras.layers.GroupQueryAttention(
        ...     head_dim=4, num_query_heads=4, num_key_value_heads=2)
        >>> query = np.ones((3, 5, 8), dtype="float32")
        >>> value = np.ones((3, 7, 8), dtype="float32")
        >>> output, scores = gqa(query, value, return_attention_scores=True)
        >>> output.shape, scores.shape
        ((3, 5, 8), (3, 4, 5, 7))
        >>> [tuple(w.shape) for w in gqa.weights[:4]]
        [(8, 4, 4), (4, 4), (8, 2, 4), (2, 4)]
    """

    def __init__(
        self,
        head_dim,
        num_query_heads,
        num_key_value_heads,
        dropout=0.0,
        use_bias=True,
        sliding_window=None,
        flash_attention=None,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        use_gate=False,
        seed=None,
        **kwargs,
    ):
        for name, value in (("head_dim", head_dim), ("num_query_heads", num_query_heads),
                            ("num_key_value_heads", num_key_value_heads)):
            _check_positive_int(name, value)
        if num_query_heads % num_key_value_heads != 0:
            raise ValueError("`num_query_heads` must be divisible by `num_key_value_heads`.")
        super().__init__(
            num_heads=num_query_heads, key_dim=head_dim, dropout=dropout, use_bias=use_bias,
            sliding_window=sliding_window, flash_attention=flash_attention,
            kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint, use_gate=use_gate, seed=seed, **kwargs,
        )
        self.head_dim = head_dim
        self.num_query_heads = num_query_heads
        self.num_key_value_heads = num_key_value_heads
        self.num_repeats = num_query_heads // num_key_value_heads
        # Keras sets it on the layer itself too, so the output is regularized as well.
        self.activity_regularizer = regularizers.get(activity_regularizer)
        self._inverse_sqrt_key_dim = 1.0 / math.sqrt(float(head_dim))

    # Exported (and written in configs) as GroupQueryAttention, as Keras does;
    # the class name gives the default layer name and the weights files' entry.
    _keras_export_name = "GroupQueryAttention"

    # Keras keeps the sublayers private (`_query_dense`, ...), so weights
    # files list them under those names; MultiHeadAttention's public views
    # would put them elsewhere.
    query_dense = key_dense = value_dense = output_dense = property(_no_public_sublayer)

    use_gate = property(lambda self: self._use_gate)
    sliding_window = property(lambda self: self._sliding_window)

    def build(self, query_shape, value_shape=None, key_shape=None):
        if value_shape is None:
            return  # built on the first call, from every shape (see MultiHeadAttention)
        query_shape, value_shape = tuple(query_shape), tuple(value_shape)
        key_shape = value_shape if key_shape is None else tuple(key_shape)
        _check_value_and_key(value_shape, key_shape)
        heads, kv_heads, size = self.num_query_heads, self.num_key_value_heads, self.head_dim
        self._query_dense = self._projection(query_shape, size, "query", num_heads=heads)
        self._key_dense = self._projection(key_shape, size, "key", num_heads=kv_heads)
        if self._use_gate:
            self._gate_dense = self._projection(query_shape, size, "gate", "sigmoid", heads)
        self._value_dense = self._projection(value_shape, size, "value", num_heads=kv_heads)
        self._build_attention(4)
        self._output_dense = self._make_output_dense(query_shape)
        self._prefix_sublayer_paths()
        self.built = True

    def call(
        self,
        query,
        value,
        key=None,
        query_mask=None,
        value_mask=None,
        key_mask=None,
        attention_mask=None,
        return_attention_scores=False,
        training=None,
        use_causal_mask=False,
    ):
        if key is None:
            key = value
        if not hasattr(self, "_query_dense"):
            self.build(ops.shape(query), ops.shape(value), ops.shape(key))
        _check_value_and_key(ops.shape(value), ops.shape(key))
        attention_mask = self._compute_attention_mask(
            query, value, query_mask, value_mask, key_mask, attention_mask, use_causal_mask
        )
        output, scores = self._attend(
            query, key, value, attention_mask, training, return_attention_scores
        )
        if return_attention_scores:
            return output, scores
        return output

    def _project_key_value(self, key, value):
        # Each key/value head serves `num_repeats` consecutive query heads.
        key = ops.repeat(self._key_dense(key), self.num_repeats, axis=2)
        value = ops.repeat(self._value_dense(value), self.num_repeats, axis=2)
        return key, value

    def compute_output_shape(self, query_shape, value_shape=None, key_shape=None):
        query_shape = tuple(query_shape)
        value_shape = query_shape if value_shape is None else tuple(value_shape)
        key_shape = value_shape if key_shape is None else tuple(key_shape)
        if query_shape[-1] != value_shape[-1]:
            raise ValueError(
                "The last dimension of `query_shape` and `value_shape` must be equal, but are "
                f"{query_shape[-1]}, {value_shape[-1]}. Received: query_shape={query_shape}, "
                f"value_shape={value_shape}"
            )
        _check_value_and_key(value_shape, key_shape)
        if not self._returns_scores_symbolically():
            return query_shape
        scores_shape = (query_shape[0], self.num_query_heads, query_shape[1], key_shape[1])
        return [query_shape, scores_shape]

    def get_config(self):
        config = Layer.get_config(self)
        config.update({
            "head_dim": self.head_dim,
            "num_query_heads": self.num_query_heads,
            "num_key_value_heads": self.num_key_value_heads,
            "use_bias": self._use_bias,
            "use_gate": self._use_gate,
            "sliding_window": self._sliding_window,
            "dropout": self._dropout,
        })
        for name in ("kernel_initializer", "bias_initializer", "kernel_regularizer",
                     "bias_regularizer", "activity_regularizer", "kernel_constraint",
                     "bias_constraint"):
            config[name] = serialize_keras_object(getattr(self, f"_{name}"))
        config["seed"] = self.seed
        return config


# Keras's GroupedQueryAttention keeps these arguments as public attributes.
for _name in ("kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer",
              "kernel_constraint", "bias_constraint"):
    setattr(GroupedQueryAttention, _name,
            property(lambda self, name=_name: getattr(self, f"_{name}"),
                     doc=f"The `{_name}` argument.\n\nReturns:\n    The resolved object."))

GroupQueryAttention = GroupedQueryAttention  # the public name, `keras.layers.GroupQueryAttention`
