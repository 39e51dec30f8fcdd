"""`MultiHeadAttention`, the attention of "Attention is all you need"
(Vaswani et al., 2017), with Keras 3's arguments, sublayers and weights."""

import math
import string

import numpy as np

from kerasish import constraints, initializers, ops, regularizers
from kerasish.backend.attention_primitives import DotProductAttention, MaskedSoftmax
from kerasish.backend.masking import get_keras_mask, set_keras_mask
from kerasish.backend.tensor import Tensor
from kerasish.layers.core.einsum_dense import EinsumDense
from kerasish.layers.attention.symbolic_scores import SymbolicScoresMixin
from kerasish.layers.layer import Layer
from kerasish.layers.regularization.dropout import Dropout
from kerasish.saving.serialization_lib import serialize_keras_object
from kerasish.utils import naming


class MultiHeadAttention(SymbolicScoresMixin, Layer):
    """Multi-head attention: `num_heads` scaled dot-product attentions side by side.

    `query`, `key` and `value` are projected by EinsumDense layers into
    `num_heads` heads (of size `key_dim` for query and key, `value_dim` for
    value). In each head, the softmax of the scaled query-key dot products
    weights the values; the heads' results are projected back to the query's
    last dimension (or `output_shape`). With `query`, `value` (and `key`) the
    same tensor this is self-attention; with different ones, cross-attention.

    Masks: `attention_mask` (`(B, T, S)`, True where a query position may
    attend to a key position), `use_causal_mask=True` (position `i` attends to
    positions `<= i`), and the Keras masks carried by `query` and `value`
    (from `Embedding(mask_zero=True)`) or given as `query_mask` /
    `value_mask` / `key_mask`, are combined with a logical AND.

    Args:
        num_heads: the number of attention heads, a positive int.
        key_dim: the size of each head for query and key, a positive int.
        value_dim: the size of each head for value; `key_dim` when None.
        dropout: the dropout rate applied to the attention probabilities
            while training.
        use_bias: whether the projections have biases.
        output_shape: the shape of each output vector, an int or tuple;
            None projects back to the query's last dimension.
        attention_axes: the axes of the query attended over (an int or a
            tuple); None means every axis but the batch and the last one.
        sliding_window: None, or a positive int: query position `i` then
            only attends to positions within `sliding_window - 1` of it.
        flash_attention: None or False: kerasish has no flash attention.
        kernel_initializer: initializer of the projection kernels.
        bias_initializer: initializer of the projection biases.
        kernel_regularizer: regularizer of the projection kernels.
        bias_regularizer: regularizer of the projection biases.
        activity_regularizer: regularizer of the projections' outputs.
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
        query_mask, value_mask, key_mask: boolean masks `(B, T)` / `(B, S)`.
        attention_mask: a boolean mask `(B, T, S)` (broadcast over heads).
        return_attention_scores: also return the attention probabilities,
            `(B, num_heads, T, S)`.
        training: whether dropout is active.
        use_causal_mask: whether position `i` may only attend to `<= i`.

    Returns:
        The attention output `(B, T, E)`, and the attention scores when
        `return_attention_scores=True`.

    Input shape:
        `query` of shape `(batch_size, Tq, query_dim)`, `value`
        `(batch_size, Tv, value_dim)` and `key` (`value` when omitted)
        `(batch_size, Tv, key_dim)`; with `attention_axes`, `query`, `value` and
        `key` may have more axes, `(batch_size, ..., dim)`, attended over the axes
        named. `attention_mask`, if given, is boolean and broadcastable to
        `(batch_size, Tq, Tv)`.

    Output shape:
        `(batch_size, Tq, query_dim)`, or `(batch_size, Tq) + output_shape` when
        `output_shape` is given; with `return_attention_scores=True`, also the
        scores `(batch_size, num_heads, Tq, Tv)` (one query and one key axis per
        attended axis).

    Raises:
        ValueError: on a non-positive `num_heads`, `key_dim` or `value_dim`,
            a bad `attention_axes`, `output_shape` or `sliding_window`, or
            flash attention; when called, on `attention_axes` out of range,
            value and key shapes that differ, query and value of different
            batch sizes or ranks, or a mask that does not broadcast.

    Examples:
        >>> mha = keras.layers.MultiHeadAttention(num_heads=2, key_dim=4)
        >>> query = np.ones((3, 5, 8), dtype="float32")
        >>> value = np.ones((3, 7, 6), dtype="float32")
        >>> output, scores = mha(query, value, return_attention_scores=True)
        >>> output.shape, scores.shape
        ((3, 5, 8), (3, 2, 5, 7))
        >>> [w.shape for w in mha.weights[:2]]
        [(8, 2, 4), (2, 4)]
    """

    def __init__(
        self,
        num_heads,
        key_dim,
        value_dim=None,
        dropout=0.0,
        use_bias=True,
        output_shape=None,
        attention_axes=None,
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
        _check_positive_int("num_heads", num_heads)
        _check_positive_int("key_dim", key_dim)
        if value_dim is not None:
            _check_positive_int("value_dim", value_dim, "a positive integer or `None`")
        super().__init__(**kwargs)
        self.supports_masking = True
        self._num_heads, self._key_dim = num_heads, key_dim
        self._value_dim = value_dim if value_dim else key_dim
        self._dropout, self._use_bias, self._use_gate = dropout, use_bias, use_gate
        # (Not `_output_shape` as in Keras: kerasish's models keep each
        # layer's output shape under that name.)
        self._projected_shape = _normalize_output_shape(output_shape)
        if flash_attention:
            raise ValueError("kerasish has no flash attention: pass `flash_attention=None`.")
        self._kernel_initializer = initializers.get(kernel_initializer)
        self._bias_initializer = initializers.get(bias_initializer)
        self._kernel_regularizer = regularizers.get(kernel_regularizer)
        self._bias_regularizer = regularizers.get(bias_regularizer)
        self._activity_regularizer = regularizers.get(activity_regularizer)
        self._kernel_constraint = constraints.get(kernel_constraint)
        self._bias_constraint = constraints.get(bias_constraint)
        self._attention_axes = _normalize_attention_axes(attention_axes)
        if sliding_window is not None and (
            not isinstance(sliding_window, int) or isinstance(sliding_window, bool)
            or sliding_window <= 0
        ):
            raise ValueError(
                "`sliding_window` must be `None` or a positive integer. "
                f"Received: sliding_window={sliding_window}"
            )
        self._sliding_window = sliding_window
        self.seed = seed
        self._inverse_sqrt_key_dim = 1.0 / math.sqrt(float(key_dim))

    # Read-only views of the arguments, as in Keras.
    num_heads = property(lambda self: self._num_heads)
    key_dim = property(lambda self: self._key_dim)
    value_dim = property(lambda self: self._value_dim)
    dropout = property(lambda self: self._dropout)
    use_bias = property(lambda self: self._use_bias)
    attention_axes = property(lambda self: self._attention_axes)
    query_dense = property(lambda self: self._query_dense)
    key_dense = property(lambda self: self._key_dense)
    value_dense = property(lambda self: self._value_dense)
    output_dense = property(lambda self: self._output_dense)

    # ------------------------------------------------------------- building
    def build(self, query_shape, value_shape=None, key_shape=None):
        if value_shape is None:
            # Built from the query alone (a call that gave only its shape):
            # the projections are made on the first call, from every shape.
            return
        query_shape, value_shape = tuple(query_shape), tuple(value_shape)
        key_shape = value_shape if key_shape is None else tuple(key_shape)
        _check_value_and_key(value_shape, key_shape)
        _check_query_and_value(query_shape, value_shape)
        self._query_dense = self._projection(query_shape, self._key_dim, "query")
        self._key_dense = self._projection(key_shape, self._key_dim, "key")
        if self._use_gate:
            self._gate_dense = self._projection(query_shape, self._value_dim, "gate", "sigmoid")
        self._value_dense = self._projection(value_shape, self._value_dim, "value")
        self._build_attention(len(query_shape) + 1)
        self._output_dense = self._make_output_dense(query_shape)
        self._prefix_sublayer_paths()
        self.built = True

    def _common_sublayer_kwargs(self):
        """The projections' shared arguments, with fresh initializer objects
        (one seeded initializer would give every kernel the same values)."""
        return dict(
            kernel_initializer=_fresh(self._kernel_initializer),
            bias_initializer=_fresh(self._bias_initializer),
            kernel_regularizer=self._kernel_regularizer,
            bias_regularizer=self._bias_regularizer,
            activity_regularizer=self._activity_regularizer,
            kernel_constraint=self._kernel_constraint,
            bias_constraint=self._bias_constraint,
            dtype=self.dtype,
        )

    def _projection(self, input_shape, head_size, name, activation=None, num_heads=None):
        """EinsumDense from `(B, ..., dim)` to `(B, ..., heads, head_size)`, with
        `num_heads` heads (the layer's `num_heads` when None)."""
        equation, bias_axes, output_rank = projection_equation(len(input_shape) - 1, 1, 2)
        heads = self._num_heads if num_heads is None else num_heads
        layer = EinsumDense(
            equation,
            output_shape=[None] * (output_rank - 3) + [heads, head_size],
            bias_axes=bias_axes if self._use_bias else None,
            activation=activation,
            name=name,
            **self._common_sublayer_kwargs(),
        )
        layer.build(input_shape)
        return layer

    def _make_output_dense(self, query_shape):
        """EinsumDense from the heads `(B, ..., num_heads, value_dim)` to the output."""
        output_shape = self._projected_shape or (query_shape[-1],)
        equation, bias_axes, output_rank = projection_equation(
            len(query_shape) - 1, 2, len(output_shape)
        )
        layer = EinsumDense(
            equation,
            output_shape=[None] * (output_rank - 1 - len(output_shape)) + list(output_shape),
            bias_axes=bias_axes if self._use_bias else None,
            name="attention_output",
            **self._common_sublayer_kwargs(),
        )
        layer.build(tuple(query_shape[:-1]) + (self._num_heads, self._value_dim))
        return layer

    def _build_attention(self, rank):
        """The attention equations for projected tensors of rank `rank`
        (batch, attended axes..., heads, channels) and the softmax axes."""
        query_rank = rank - 1
        if self._attention_axes is None:
            axes = tuple(range(1, rank - 2))
        else:
            axes = tuple(a if a >= 0 else (rank - 1) + a for a in self._attention_axes)
            if not all(1 <= a <= query_rank - 2 for a in axes) or len(set(axes)) != len(axes):
                raise ValueError(
                    "Invalid `attention_axes`: each axis must be a distinct axis of the query "
                    f"between its batch axis and its last axis (1 to {query_rank - 2} for "
                    f"a query of rank {query_rank}). Received: "
                    f"attention_axes={self._attention_axes}"
                )
        self._attention_axes = axes
        self._dot_product_equation, self._combine_equation, scores_rank = attention_equations(
            rank, axes
        )
        norm_axes = tuple(range(scores_rank - len(axes), scores_rank))
        self._softmax = _AttentionSoftmax(
            axis=norm_axes, dtype=self.dtype, name=naming.auto_name("Softmax")
        )
        self._dropout_layer = Dropout(rate=self._dropout, dtype=self.dtype, seed=self.seed)

    def _prefix_sublayer_paths(self):
        sublayers = [self._query_dense, self._key_dense, self._value_dense, self._output_dense]
        for layer in sublayers + ([self._gate_dense] if self._use_gate else []):
            for variable in layer.weights:
                variable.path = f"{self.name}/{layer.name}/{variable.name}"

    # -------------------------------------------------------------- calling
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
        if not hasattr(self, "_query_dense"):  # built from the query shape alone
            self.build(np.shape(query), np.shape(value), np.shape(key))
        _check_value_and_key(np.shape(value), np.shape(key))
        _check_query_and_value(np.shape(query), np.shape(value))
        # As in Keras 3, the query's mask is the one its tensor carries (a
        # `query_mask` argument is ignored); the inputs' masks are consumed
        # here and the output carries the query's.
        query_mask = get_keras_mask(query)
        for tensor in (query, value, key):
            set_keras_mask(tensor, None)
        attention_mask = self._compute_attention_mask(
            query, value, query_mask, value_mask, key_mask, attention_mask, use_causal_mask
        )
        output, scores = self._attend(
            query, key, value, attention_mask, training, return_attention_scores
        )
        if query_mask is not None:
            set_keras_mask(output, query_mask)
        if return_attention_scores:
            return output, scores
        return output

    def _attend(self, query, key, value, attention_mask, training, return_attention_scores):
        """The projections, the attention and the output projection of
        unprojected inputs: returns (output, scores)."""
        gate = self._gate_dense(query) if self._use_gate else None
        query = self._query_dense(query)
        key, value = self._project_key_value(key, value)
        output, scores = self._compute_attention(
            query, key, value, attention_mask, training, return_attention_scores
        )
        if gate is not None:
            output = ops.multiply(output, gate)
        return self._output_dense(output), scores

    def _project_key_value(self, key, value):
        """The key and value in heads, `(B, S, num_heads, size)`."""
        return self._key_dense(key), self._value_dense(value)

    def _compute_attention(self, query, key, value, attention_mask=None, training=None,
                           return_attention_scores=False):
        """Scaled dot-product attention of projected query, key and value
        (`(B, T, N, key_dim)`, `(B, S, N, key_dim)`, `(B, S, N, value_dim)`).

        Returns the attention output and the attention probabilities.
        """
        # Keras runs its fused attention kernel unless it must return or
        # drop out the probabilities; that kernel leaves fully masked rows
        # uniform instead of zero (see backend/attention_primitives.py).
        fused = not (self._dropout > 0.0 or return_attention_scores or len(query.shape) != 4)
        if fused and self._attention_axes == (1,):
            return self._fused_attention(query, key, value, attention_mask), None
        query = ops.multiply(query, np.asarray(self._inverse_sqrt_key_dim, dtype=query.dtype))
        scores = ops.einsum(self._dot_product_equation, key, query)
        # (`call` directly: the softmax layer has no weights, regularizer or
        # mask to pass on, and this runs on every step.)
        scores = self._softmax.call(
            scores, mask=self._expand_mask(attention_mask, len(scores.shape)),
            zero_masked=not fused,
        )
        dropped = self._dropout_layer(scores, training=training) if self._dropout > 0 else scores
        output = ops.einsum(self._combine_equation, dropped, value)
        return output, scores

    def _fused_attention(self, query, key, value, attention_mask):
        """The (B, T, N, H) attention output as one primitive (Keras's fused path)."""
        mask = self._expand_mask(attention_mask, 4)
        if mask is not None:
            batch, length, heads = query.shape[:3]
            check_mask_broadcasts(mask.shape, (batch, heads, length, key.shape[1]))
        return DotProductAttention.apply(
            query, key, value, mask=mask, scale=self._inverse_sqrt_key_dim
        )

    def _expand_mask(self, mask, rank):
        """Inserts the head axis (and any other missing axis) into a mask
        for scores of rank `rank`."""
        if mask is None:
            return None
        axis = -len(self._attention_axes) * 2 - 1
        while mask.ndim < rank:
            mask = np.expand_dims(mask, axis)
        return mask

    def _compute_attention_mask(self, query, value, query_mask=None, value_mask=None,
                                key_mask=None, attention_mask=None, use_causal_mask=False):
        """The AND of every mask that applies, `(B, T, S)`-shaped, or None."""
        masks = []
        if query_mask is not None:
            masks.append(np.expand_dims(_as_bool(query_mask), -1))
        if value_mask is not None:
            masks.append(np.expand_dims(_as_bool(value_mask), -2))
        if key_mask is not None:
            masks.append(np.expand_dims(_as_bool(key_mask), -2))
        if use_causal_mask:
            masks.append(self._compute_causal_mask(query, value))
        if self._sliding_window is not None:
            masks.append(self._sliding_window_mask(query, value))
        if attention_mask is not None:
            masks.insert(0, _as_bool(attention_mask))
        if not masks:
            return None
        combined = masks[0]
        for mask in masks[1:]:
            combined = _and(combined, mask)
        return combined

    def _compute_causal_mask(self, query, value=None):
        """`(1, T, S)`: True where the key position is at or before the query's."""
        q_length = np.shape(query)[1]
        v_length = q_length if value is None else np.shape(value)[1]
        return np.tril(np.ones((q_length, v_length), dtype=bool))[None]

    def _sliding_window_mask(self, query, value):
        """`(1, T, S)`: True within `sliding_window - 1` positions of the query's."""
        rows = np.arange(np.shape(query)[1])[:, None]
        cols = np.arange(np.shape(value)[1])[None, :]
        return (np.abs(rows - cols) < self._sliding_window)[None]

    def compute_output_shape(self, query_shape, value_shape=None, key_shape=None):
        query_shape = tuple(query_shape)
        if value_shape is not None:
            value_shape = tuple(value_shape)
            _check_value_and_key(value_shape, value_shape if key_shape is None else tuple(key_shape))
        output_shape = query_shape
        if self._projected_shape:
            output_shape = query_shape[:-1] + self._projected_shape
        if not self._returns_scores_symbolically():
            return output_shape
        # A functional call with return_attention_scores=True (see
        # SymbolicScoresMixin): the scores' shape comes too.
        key_length = (value_shape or query_shape)[1]
        return [output_shape, (query_shape[0], self._num_heads, query_shape[1], key_length)]

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "num_heads": self._num_heads,
                "key_dim": self._key_dim,
                "value_dim": self._value_dim,
                "dropout": self._dropout,
                "use_bias": self._use_bias,
                "use_gate": self._use_gate,
                "output_shape": self._projected_shape,
                "attention_axes": self._attention_axes,
                "sliding_window": self._sliding_window,
                "kernel_initializer": serialize_keras_object(self._kernel_initializer),
                "bias_initializer": serialize_keras_object(self._bias_initializer),
                "kernel_regularizer": serialize_keras_object(self._kernel_regularizer),
                "bias_regularizer": serialize_keras_object(self._bias_regularizer),
                "activity_regularizer": serialize_keras_object(self._activity_regularizer),
                "kernel_constraint": serialize_keras_object(self._kernel_constraint),
                "bias_constraint": serialize_keras_object(self._bias_constraint),
                "seed": self.seed,
            }
        )
        return config


class _AttentionSoftmax(Layer):
    """The softmax over the attended axes, with masked positions left out.

    A layer (not just an op) so that MultiHeadAttention holds `_softmax` as
    Keras's does: weights files list it.
    """

    built_at_init = True

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis
        self.supports_masking = True
        self.built = True

    def call(self, inputs, mask=None, zero_masked=True):
        return masked_softmax(inputs, mask, self.axis, zero_masked)

    def get_config(self):
        config = super().get_config()
        config["axis"] = self.axis
        return config


def masked_softmax(scores, mask, axis, zero_masked=True):
    """Softmax of `scores` over `axis` ignoring positions where `mask` is False.

    A mask that does not broadcast to the scores is refused in Keras's
    Softmax wording; `zero_masked` gives masked positions probability 0 (a
    fully masked row gives zeros) rather than leaving such rows uniform.
    """
    if mask is not None:
        mask = _as_bool(mask)
        check_mask_broadcasts(mask.shape, tuple(scores.shape))
    if isinstance(axis, (tuple, list)) and len(axis) == 1:
        axis = axis[0]
    elif isinstance(axis, list):
        axis = tuple(axis)
    return MaskedSoftmax.apply(scores, mask=mask, axis=axis, zero_masked=zero_masked)


def check_mask_broadcasts(mask_shape, inputs_shape):
    """Refuses, in the words of Keras's Softmax layer, a mask that does not
    broadcast to the attention scores."""
    if len(mask_shape) > len(inputs_shape):
        raise ValueError(
            "The `mask` must be broadcastable to `inputs` and must not have more dimensions. "
            f"Received: inputs.shape={inputs_shape}, mask.shape={mask_shape}"
        )
    for m, n in zip(mask_shape[::-1], inputs_shape[::-1]):
        if m not in (1, n):
            raise ValueError(
                "The `mask` must be broadcastable to `inputs`. Each mask dimension must be 1 "
                "or match the corresponding input dimension. Received: "
                f"inputs.shape={inputs_shape}, mask.shape={mask_shape}"
            )


# ------------------------------------------------------------ validation


def _check_positive_int(name, value, expected="a positive integer"):
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ValueError(
            f"Received an invalid value for argument `{name}`, expected {expected}. "
            f"Received: {name}={value}"
        )


def _normalize_output_shape(output_shape):
    if not output_shape:
        return output_shape
    if isinstance(output_shape, int):
        return (output_shape,)
    try:
        return tuple(output_shape)
    except TypeError:
        raise ValueError(
            f"Invalid `output_shape`: {output_shape}. When specified, the `output_shape` "
            "should be of type tuple, list, or int."
        ) from None


def _normalize_attention_axes(attention_axes):
    if isinstance(attention_axes, int) and not isinstance(attention_axes, bool):
        return (attention_axes,)
    if attention_axes and not isinstance(attention_axes, (list, tuple)):
        raise ValueError(
            "`attention_axes` must be an int, list, or tuple."
            f"Received: attention_axes={attention_axes}"
        )
    return attention_axes


def _check_value_and_key(value_shape, key_shape):
    if tuple(value_shape[1:-1]) != tuple(key_shape[1:-1]):
        raise ValueError(
            "All dimensions of `value` and `key`, except the last one, must be equal. "
            f"Received: value_shape={tuple(value_shape)} and key_shape={tuple(key_shape)}"
        )


def _check_query_and_value(query_shape, value_shape):
    """Query and value share the batch size and the rank (Keras fails later,
    inside the einsum, with a backend error)."""
    same_batch = query_shape[0] is None or value_shape[0] is None or (
        query_shape[0] == value_shape[0])
    if len(query_shape) != len(value_shape) or not same_batch:
        raise ValueError(
            "`query` and `value` must have the same rank and batch size. "
            f"Received: query_shape={tuple(query_shape)} and value_shape={tuple(value_shape)}"
        )


def _as_bool(mask):
    mask = mask.value if isinstance(mask, Tensor) else np.asarray(mask)
    return mask if mask.dtype == bool else mask.astype(bool)


def _and(a, b):
    return np.logical_and(a, b)


def _fresh(initializer):
    return type(initializer).from_config(initializer.get_config())


# ------------------------------------------------------------- equations


def projection_equation(free_dims, bound_dims, output_dims):
    """The EinsumDense equation of a projection: `free_dims` axes kept,
    `bound_dims` contracted with the kernel, `output_dims` produced.
    Returns (equation, bias axes, output rank)."""
    letters = string.ascii_lowercase
    free = letters[:free_dims]
    bound = letters[free_dims:free_dims + bound_dims]
    produced = letters[free_dims + bound_dims:free_dims + bound_dims + output_dims]
    equation = f"{free}{bound},{bound}{produced}->{free}{produced}"
    return equation, produced, len(free + produced)


def attention_equations(rank, attention_axes):
    """The einsum equations of attention over projected tensors of rank
    `rank` (batch, axes..., heads, channels): the query-key dot product into
    scores `(batch axes, heads, query axes, key axes)`, and the combination
    of scores and values back to the query's layout. Returns them and the
    scores' rank."""
    letters = string.ascii_lowercase
    target = letters[:rank]
    batch_dims = [i for i in range(rank) if i not in attention_axes and i != rank - 1]
    source, offset = "", rank
    for i in range(rank):
        if i in batch_dims or i == rank - 1:
            source += target[i]
        else:
            source += letters[offset]
            offset += 1
    product = "".join(
        [target[i] for i in batch_dims]
        + [target[i] for i in attention_axes]
        + [source[i] for i in attention_axes]
    )
    dot_product = f"{source},{target}->{product}"
    combine = f"{product},{source}->{target}"
    return dot_product, combine, len(product)
