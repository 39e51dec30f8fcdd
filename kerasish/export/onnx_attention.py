"""ONNX conversions of EinsumDense and the attention layers (MultiHeadAttention,
Attention, AdditiveAttention).

EinsumDense is ONNX's Einsum with the layer's own equation. MultiHeadAttention
is composed from its four (or five, with `use_gate`) EinsumDense projections
and the layer's own dot-product and combination equations, so every
`attention_axes` layout exports. Masks: `use_causal_mask=True` becomes a
lower-triangular mask built from the scores' shape, so any sequence length
works; an `attention_mask` tensor and the masks the inputs carry
(`Embedding(mask_zero=True)`) apply as in Keras: masked scores are pushed
down by 1e9 before the softmax.
"""

import numpy as np

from kerasish.export.onnx_layers import apply_activation

# What Keras subtracts from masked float32 scores before the softmax.
MASKED_SCORE = 1.0e9


def _einsum_dense_on(g, layer, x):
    y = g.op("Einsum", x, g.const(layer.kernel.numpy(), f"{layer.name}/kernel"),
             equation=layer.equation)
    if layer.bias is not None:
        y = g.op("Add", y, g.const(layer.bias.numpy(), f"{layer.name}/bias"))
    return apply_activation(g, layer.activation, y, layer.name)


def einsum_dense(g, layer, inputs, shapes):
    return _einsum_dense_on(g, layer, inputs[0])


# ---------------------------------------------------------------- masking
def _causal_keep(g, scores):
    """1.0 where the key position (last axis) is at or before the query's
    (the axis before), 0.0 elsewhere: a (T, S) lower triangle, from the
    scores' shape so any length works."""
    shape = g.op("Shape", scores)
    zero, one = g.const(0, "zero", np.int64), g.const(1, "one", np.int64)
    positions = [g.op("Range", zero, g.op("Gather", shape, g.const(axis, "axis", np.int64)), one)
                 for axis in (-2, -1)]
    queries = g.op("Unsqueeze", positions[0], g.ints([1], "axes"))
    return g.op("Cast", g.op("LessOrEqual", positions[1], queries), to=g.onnx.TensorProto.FLOAT)


def _push_down_masked(g, scores, keep):
    """scores - 1e9 where `keep` (float, broadcasting) is 0, as Keras masks."""
    return g.op("Sub", scores, g.op("Mul", g.op("Sub", g.const(1.0), keep), g.const(MASKED_SCORE)))


def _keep_from_tensor(g, mask, mask_rank, scores_rank, head_axis):
    """A boolean/0-1 mask tensor as float, with axes inserted at `head_axis`
    (counted from the end) until it has the scores' rank."""
    keep = g.op("Cast", mask, to=g.onnx.TensorProto.FLOAT)
    while mask_rank < scores_rank:
        axis = head_axis + mask_rank + 1 if head_axis < 0 else head_axis
        keep = g.op("Unsqueeze", keep, g.ints([axis], "axes"))
        mask_rank += 1
    return keep


def _softmax(g, scores, axes, rank):
    axes = [a % rank for a in axes]
    if len(axes) == 1:
        return g.op("Softmax", scores, axis=axes[0])
    shifted = g.op("Sub", scores, g.reduce("ReduceMax", scores, axes, keepdims=1))
    exponentials = g.op("Exp", shifted)
    return g.op("Div", exponentials, g.reduce("ReduceSum", exponentials, axes, keepdims=1))


# ------------------------------------------------------ MultiHeadAttention
def _refuse(layer, what):
    raise ValueError(
        f"Layer '{layer.name}' of class {type(layer).__name__} uses {what}, which kerasish "
        "cannot export to ONNX."
    )


def _query_value_key(inputs, call_kwargs):
    """MultiHeadAttention's query, value and key, given positionally or by keyword."""
    named = {name: call_kwargs[name][0][0] for name in ("value", "key") if name in call_kwargs}
    query = inputs[0]
    value = inputs[1] if len(inputs) > 1 else named.get("value")
    key = inputs[2] if len(inputs) > 2 else named.get("key", value)
    return query, value, key


def _combined_keep(g, layer, query, value, key, scores, scores_rank, call_kwargs):
    """1/0 against the scores where every mask that applies keeps/drops the
    pair (Keras ANDs them), or None without masks."""
    keeps = _keeps_from_keras_masks(g, layer, query, value, key, scores_rank)
    if call_kwargs.get("use_causal_mask"):
        keeps.append(_causal_keep(g, scores))
    if call_kwargs.get("attention_mask") is not None:
        ((mask, mask_shape),) = call_kwargs["attention_mask"]
        head_axis = -len(layer.attention_axes) * 2 - 1
        keeps.append(_keep_from_tensor(g, mask, len(mask_shape), scores_rank, head_axis))
    keep = None
    for part in keeps:
        keep = part if keep is None else g.op("Mul", keep, part)
    return keep


def multi_head_attention(g, layer, inputs, shapes, call_kwargs):
    query, value, key = _query_value_key(inputs, call_kwargs)
    if getattr(layer, "_sliding_window", None) is not None:
        _refuse(layer, "`sliding_window`")
    rank = len(shapes[0]) + 1  # projected tensors: (batch, axes..., heads, channels)
    scores_rank = 2 * len(layer.attention_axes) + (rank - len(layer.attention_axes) - 1)
    gate = _einsum_dense_on(g, layer._gate_dense, query) if layer._use_gate else None
    q = _einsum_dense_on(g, layer.query_dense, query)
    k = _einsum_dense_on(g, layer.key_dense, key)
    v = _einsum_dense_on(g, layer.value_dense, value)
    q = g.op("Mul", q, g.const(layer._inverse_sqrt_key_dim))
    scores = g.op("Einsum", k, q, equation=layer._dot_product_equation)
    keep = _combined_keep(g, layer, query, value, key, scores, scores_rank, call_kwargs)
    for x in (query, value, key):  # consumed: later layers see these inputs unmasked, as in Keras
        g.masks.pop(x, None)
    if keep is not None:
        scores = _push_down_masked(g, scores, keep)
    probabilities = _softmax(g, scores, layer._softmax.axis, scores_rank)
    if keep is not None and _zeroes_fully_masked_rows(layer, rank, call_kwargs):
        axes = [a % scores_rank for a in layer._softmax.axis]
        probabilities = g.op("Mul", probabilities, g.reduce("ReduceMax", keep, axes, keepdims=1))
    output = g.op("Einsum", probabilities, v, equation=layer._combine_equation)
    if gate is not None:
        output = g.op("Mul", output, gate)
    output = _einsum_dense_on(g, layer.output_dense, output)
    if call_kwargs.get("return_attention_scores"):
        return [output, probabilities]
    return output


multi_head_attention.keyword_tensors = ("value", "key", "attention_mask")
multi_head_attention.reads_masks = True


def _keeps_from_keras_masks(g, layer, query, value, key, scores_rank):
    """The Keras masks the inputs carry, as 0/1 keeps against (B, N, T, S)
    scores: the query's along T, the value's (and a given key's) along S."""
    sources = [(query, [1, 3]), (value, [1, 2])] + ([(key, [1, 2])] if key != value else [])
    keeps = [g.op("Unsqueeze", g.op("Cast", g.masks[x], to=g.onnx.TensorProto.FLOAT),
                  g.ints(axes, "axes")) for x, axes in sources if x in g.masks]
    if keeps and scores_rank != 4:
        raise ValueError(
            f"Layer '{layer.name}' of class MultiHeadAttention receives a mask with "
            "`attention_axes` over several axes, which kerasish cannot export to ONNX."
        )
    return keeps


def _zeroes_fully_masked_rows(layer, rank, call_kwargs):
    """Keras's fused attention (no dropout, no returned scores, one attended
    axis) leaves fully masked rows uniform; its other path gives them zeros."""
    fused = not (layer.dropout > 0.0 or call_kwargs.get("return_attention_scores")
                 or rank != 4) and tuple(layer.attention_axes) == (1,)
    return not fused


# ------------------------------------------------ Attention, AdditiveAttention
def _dot_scores(g, layer, query, key):
    scores = g.op("MatMul", query, g.op("Transpose", key, perm=[0, 2, 1]))
    if layer.scale is not None:
        scores = g.op("Mul", scores, g.const(layer.scale.numpy(), f"{layer.name}/scale"))
    return scores


def _pair_sums(g, query, key):
    """(B, Tq, Tv, dim): every query position plus every key position."""
    return g.op("Add", g.op("Unsqueeze", query, g.ints([-2], "axes")),
                g.op("Unsqueeze", key, g.ints([-3], "axes")))


def _concat_scores(g, layer, query, key):
    pairs = _pair_sums(g, query, key)
    if layer.scale is not None:
        pairs = g.op("Mul", pairs, g.const(layer.scale.numpy(), f"{layer.name}/scale"))
    summed = g.reduce("ReduceSum", g.op("Tanh", pairs), [-1], keepdims=0)
    return g.op("Mul", summed, g.const(layer.concat_score_weight.numpy(),
                                       f"{layer.name}/concat_score_weight"))


def _additive_scores(g, layer, query, key):
    pairs = g.op("Tanh", _pair_sums(g, query, key))
    if layer.use_scale:
        pairs = g.op("Mul", pairs, g.const(layer.scale.numpy(), f"{layer.name}/scale"))
    return g.reduce("ReduceSum", pairs, [-1], keepdims=0)


def _attention(score_function):
    def convert(g, layer, inputs, shapes, call_kwargs):
        if len(shapes[0]) != 3:
            _refuse(layer, f"a query of rank {len(shapes[0])} (kerasish exports rank 3)")
        query, value = inputs[0], inputs[1]
        key = inputs[2] if len(inputs) > 2 else value
        scores = score_function(g, layer, query, key)
        keep = None
        if value in g.masks:  # (B, Tv) -> (B, 1, Tv)
            keep = g.op("Unsqueeze", g.op("Cast", g.masks[value], to=g.onnx.TensorProto.FLOAT),
                        g.ints([1], "axes"))
        if call_kwargs.get("use_causal_mask"):
            causal = _causal_keep(g, scores)
            keep = causal if keep is None else g.op("Mul", keep, causal)
        if keep is not None:
            scores = _push_down_masked(g, scores, keep)
        weights = g.op("Softmax", scores, axis=-1)
        output = g.op("MatMul", weights, value)
        if query in g.masks:  # masked query steps give zeros
            output = g.op("Where", g.op("Unsqueeze", g.masks[query], g.ints([-1], "axes")),
                          output, g.const(0.0))
        if call_kwargs.get("return_attention_scores"):
            return [output, weights]
        return output

    convert.reads_masks = True
    return convert


def attention(g, layer, inputs, shapes, call_kwargs):
    scores = _dot_scores if layer.score_mode == "dot" else _concat_scores
    return _attention(scores)(g, layer, inputs, shapes, call_kwargs)


attention.reads_masks = True
additive_attention = _attention(_additive_scores)
