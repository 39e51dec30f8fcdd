"""GroupQueryAttention: the generic layer checks (finite differences,
shapes, configs) over self-attention, a NumPy reference of the grouped
heads, its equivalence with MultiHeadAttention when every query head has
its own key/value head, masks, symbolic calls and errors. (Numbers against
real Keras: compat_tests/test_gqa_parity.py.)"""

import numpy as np
import pytest

import kerasish as keras
from tests.layer_checks import check_layer

L = keras.layers


class SelfGroupQueryAttention(L.GroupQueryAttention):
    """Self-attention over one input, so the one-input layer checks can run."""

    def build(self, input_shape):
        super().build(input_shape, input_shape)

    def call(self, inputs):
        return super().call(inputs, inputs, use_causal_mask=True)

    def compute_output_shape(self, input_shape):
        return super().compute_output_shape(input_shape, input_shape)


def _softmax(z):
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def _reference(num_query_heads, num_key_value_heads, head_dim):
    """Causal self-attention in NumPy: query head `u` reads key/value head
    `u // (num_query_heads // num_key_value_heads)`."""
    group = num_query_heads // num_key_value_heads

    def reference(x, weights):
        qk, qb, kk, kb, vk, vb, ok, ob = weights
        q = np.einsum("btm,muh->btuh", x, qk) + qb
        k = np.einsum("btm,mvh->btvh", x, kk) + kb
        v = np.einsum("btm,mvh->btvh", x, vk) + vb
        steps = x.shape[1]
        causal = np.tril(np.ones((steps, steps), bool))
        heads = []
        for u in range(num_query_heads):
            scores = np.einsum("bth,bsh->bts", q[:, :, u], k[:, :, u // group]) / np.sqrt(head_dim)
            probabilities = _softmax(np.where(causal, scores, -1e9))
            heads.append(np.einsum("bts,bsh->bth", probabilities, v[:, :, u // group]))
        return np.einsum("btuh,uhm->btm", np.stack(heads, axis=2), ok) + ob

    return reference


@pytest.mark.parametrize("heads", [(4, 2), (3, 1), (2, 2)], ids=["grouped", "multi-query",
                                                                   "multi-head"])
def test_layer_checks_against_a_numpy_reference(heads):
    query_heads, kv_heads = heads
    check_layer(lambda: SelfGroupQueryAttention(2, query_heads, kv_heads),
                input_shape=(2, 3, 4), num_weights=8,
                reference=_reference(query_heads, kv_heads, 2))


def test_as_many_key_value_heads_is_multi_head_attention():
    rng = np.random.default_rng(0)
    query, value = rng.normal(size=(2, 4, 6)), rng.normal(size=(2, 5, 6))
    query, value = query.astype("float32"), value.astype("float32")
    gqa = L.GroupQueryAttention(3, 2, 2)
    mha = L.MultiHeadAttention(2, 3)
    gqa(query, value)
    mha(query, value)
    mha.set_weights(gqa.get_weights())
    mask = rng.uniform(size=(2, 4, 5)) > 0.3
    for kwargs in ({}, {"attention_mask": mask, "return_attention_scores": True}):
        ours, theirs = gqa(query, value, **kwargs), mha(query, value, **kwargs)
        ours, theirs = (ours, theirs) if kwargs else ((ours,), (theirs,))
        for a, b in zip(ours, theirs):
            np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=1e-5, atol=1e-6)


def test_weights_names_and_shapes_follow_keras():
    layer = L.GroupQueryAttention(head_dim=4, num_query_heads=6, num_key_value_heads=3,
                                  use_gate=True)
    layer(np.ones((1, 2, 5), "float32"), np.ones((1, 3, 7), "float32"))
    assert layer.name.startswith("grouped_query_attention")
    assert [(w.path.split("/", 1)[1], tuple(w.shape)) for w in layer.weights] == [
        ("query/kernel", (5, 6, 4)), ("query/bias", (6, 4)),
        ("key/kernel", (7, 3, 4)), ("key/bias", (3, 4)),
        ("gate/kernel", (5, 6, 4)), ("gate/bias", (6, 4)),
        ("value/kernel", (7, 3, 4)), ("value/bias", (3, 4)),
        ("attention_output/kernel", (6, 4, 5)), ("attention_output/bias", (5,))]
    assert layer.num_repeats == 2
    assert layer.kernel_initializer.__class__.__name__ == "GlorotUniform"
    assert layer.bias_regularizer is None and layer.use_gate and layer.sliding_window is None
    assert keras.layers.serialize(layer)["class_name"] == "GroupQueryAttention"


def test_masks_combine_and_fully_masked_queries_attend_nowhere_in_scores():
    rng = np.random.default_rng(1)
    query = rng.normal(size=(2, 4, 6)).astype("float32")
    layer = L.GroupQueryAttention(2, 4, 2)
    value_mask = np.array([[True, True, False, False], [True, True, True, True]])
    _, scores = layer(query, query, value_mask=value_mask, use_causal_mask=True,
                      return_attention_scores=True)
    scores = np.asarray(scores)
    assert scores.shape == (2, 4, 4, 4)
    np.testing.assert_array_equal(scores[0, :, :, 2:], 0.0)  # masked keys
    np.testing.assert_array_equal(np.triu(scores[1, 0], 1), 0.0)  # future keys
    np.testing.assert_allclose(scores.sum(-1), 1.0, rtol=1e-6)


def test_symbolic_call_and_embedding_mask():
    tokens = keras.Input((5,), dtype="int32")
    embedded = L.Embedding(10, 6, mask_zero=True)(tokens)
    output, scores = L.GroupQueryAttention(3, 4, 1)(embedded, embedded,
                                                    return_attention_scores=True)
    assert output.shape == (None, 5, 6) and scores.shape == (None, 4, 5, 5)
    model = keras.Model(tokens, [output, scores])
    ids = np.array([[1, 2, 0, 0, 0], [3, 4, 5, 6, 7]])
    _, probabilities = model.predict(ids, verbose=0)
    np.testing.assert_array_equal(probabilities[0, :, :2, 2:], 0.0)


def test_dropout_only_in_training():
    x = np.random.default_rng(2).normal(size=(2, 6, 4)).astype("float32")
    layer = L.GroupQueryAttention(2, 2, 1, dropout=0.5, seed=3)
    np.testing.assert_array_equal(np.asarray(layer(x, x)), np.asarray(layer(x, x)))
    assert not np.allclose(np.asarray(layer(x, x, training=True)), np.asarray(layer(x, x)))


@pytest.mark.parametrize("kwargs, message", [
    (dict(head_dim=4, num_query_heads=6, num_key_value_heads=4), "divisible"),
    (dict(head_dim=0, num_query_heads=2, num_key_value_heads=1), "head_dim"),
    (dict(head_dim=2, num_query_heads=2, num_key_value_heads=0), "num_key_value_heads"),
    (dict(head_dim=2, num_query_heads=2, num_key_value_heads=1, sliding_window=-1),
     "sliding_window"),
    (dict(head_dim=2, num_query_heads=2, num_key_value_heads=1, flash_attention=True),
     "flash attention"),
])
def test_bad_arguments_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        L.GroupQueryAttention(**kwargs)


def test_bad_shapes_are_refused():
    layer = L.GroupQueryAttention(2, 2, 1)
    with pytest.raises(ValueError, match="last dimension of `query_shape` and `value_shape`"):
        layer.compute_output_shape((2, 3, 4), (2, 5, 6))
    with pytest.raises(ValueError, match="All dimensions of `value` and `key`"):
        layer(np.ones((1, 3, 4)), np.ones((1, 5, 4)), np.ones((1, 4, 4)))
