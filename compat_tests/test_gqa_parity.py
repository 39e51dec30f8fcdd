"""GroupQueryAttention against real Keras 3: outputs, scores and gradients
(inputs and every weight) under tf.GradientTape, weight paths and shapes,
configs, every kind of mask (on both of Keras's paths: the fused kernel and
the softmax layer), masks carried by Embedding(mask_zero=True), symbolic
calls, .keras files both ways, a fit history and error messages.

GQA_CASES joins the LAYERS table of test_layers_parity.py (self-attention
over the one input there)."""

import functools

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import REDUCTION, TRAINING, assert_close, real_keras
from compat_tests.test_attention_parity import (
    GRADIENTS,
    TOKENS,
    LayerCase,
    _assert_layer_parity,
    _mask,
    _random,
)


@functools.cache
def _self_attention_class(lib):
    class SelfGroupQueryAttention(lib.layers.GroupQueryAttention):
        def build(self, input_shape):
            super().build(input_shape, input_shape)

        def call(self, inputs):
            return super().call(inputs, inputs)

        def compute_output_shape(self, input_shape):
            return super().compute_output_shape(input_shape, input_shape)

    return SelfGroupQueryAttention


def _self(**kwargs):
    return lambda m: _self_attention_class(m)(**kwargs)


GQA_CASES = [
    LayerCase("GroupQueryAttention[self]", _self(
        head_dim=3, num_query_heads=4, num_key_value_heads=2), (2, 4, 6), GRADIENTS),
    LayerCase("GroupQueryAttention[multi-query,no bias]", _self(
        head_dim=2, num_query_heads=3, num_key_value_heads=1, use_bias=False), (2, 5, 4),
        GRADIENTS),
]


GQA_CALLS = [
    ("self", dict(head_dim=4, num_query_heads=4, num_key_value_heads=2),
     [(2, 5, 8), (2, 5, 8)], {}),
    ("cross, scores", dict(head_dim=4, num_query_heads=4, num_key_value_heads=2),
     [(2, 5, 8), (2, 7, 8)], dict(return_attention_scores=True)),
    ("key", dict(head_dim=3, num_query_heads=6, num_key_value_heads=3),
     [(2, 5, 8), (2, 7, 6), (2, 7, 4)], {}),
    ("multi-head (as many kv heads)", dict(head_dim=4, num_query_heads=2,
                                           num_key_value_heads=2), [(2, 5, 8), (2, 6, 8)],
     dict(return_attention_scores=True)),
    ("no bias", dict(head_dim=4, num_query_heads=4, num_key_value_heads=1, use_bias=False),
     [(2, 5, 8), (2, 6, 8)], {}),
    ("causal", dict(head_dim=4, num_query_heads=4, num_key_value_heads=2),
     [(2, 5, 8), (2, 5, 8)], dict(use_causal_mask=True)),
    ("causal, scores", dict(head_dim=4, num_query_heads=4, num_key_value_heads=2),
     [(2, 5, 8), (2, 5, 8)], dict(use_causal_mask=True, return_attention_scores=True)),
    ("attention_mask", dict(head_dim=4, num_query_heads=4, num_key_value_heads=2),
     [(2, 5, 8), (2, 6, 8)], dict(attention_mask=_mask((2, 5, 6), 3))),
    ("attention_mask, scores", dict(head_dim=4, num_query_heads=4, num_key_value_heads=2),
     [(2, 5, 8), (2, 6, 8)], dict(attention_mask=_mask((2, 5, 6), 3),
                                  return_attention_scores=True)),
    ("query, value and key masks", dict(head_dim=4, num_query_heads=4, num_key_value_heads=2),
     [(2, 5, 8), (2, 6, 8), (2, 6, 8)],
     dict(query_mask=_mask((2, 5), 8, False), value_mask=_mask((2, 6), 5),
          key_mask=_mask((2, 6), 6, False))),
    ("gate, sliding window, causal", dict(head_dim=4, num_query_heads=4, num_key_value_heads=2,
                                          use_gate=True, sliding_window=2),
     [(2, 5, 8), (2, 6, 8)], dict(use_causal_mask=True)),
    ("dropout at inference", dict(head_dim=4, num_query_heads=4, num_key_value_heads=2,
                                  dropout=0.3),
     [(2, 5, 8), (2, 5, 8)], dict(attention_mask=_mask((2, 5, 5), 7))),
]


@pytest.mark.parametrize("label,kwargs,shapes,call_kwargs", GQA_CALLS,
                         ids=[c[0] for c in GQA_CALLS])
def test_group_query_attention_matches_keras(label, kwargs, shapes, call_kwargs):
    args = [_random(s, i) for i, s in enumerate(shapes)]
    _assert_layer_parity("GroupQueryAttention", kwargs, args, call_kwargs, label)


def test_names_weights_and_config_round_trip_match_keras():
    kwargs = dict(head_dim=3, num_query_heads=4, num_key_value_heads=2, use_gate=True,
                  dropout=0.1, sliding_window=3, kernel_regularizer="l2", seed=2)
    ours = kerasish.layers.GroupQueryAttention(**kwargs)
    theirs = real_keras().layers.GroupQueryAttention(**kwargs)
    # Both libraries' automatic names start from zero in each test (compat_tests/conftest.py).
    assert ours.name == theirs.name == "grouped_query_attention"
    q, v = _random((2, 4, 6), 0), _random((2, 5, 6), 1)
    ours(q, v)
    theirs(q, v)
    assert [w.path.split("/", 1)[1] for w in ours.weights] == [
        w.path.split("/", 1)[1] for w in theirs.weights]
    assert list(ours.get_config()) == list(theirs.get_config())
    serialized = kerasish.layers.serialize(ours)
    assert serialized["class_name"] == real_keras().layers.serialize(theirs)["class_name"]
    back = kerasish.layers.deserialize(real_keras().layers.serialize(
        real_keras().layers.deserialize(serialized)))
    assert back.get_config() == ours.get_config()


def _masked_model(lib, dropout=0.0, scores=False):
    tokens = lib.Input((6,), dtype="int32")
    embedded = lib.layers.Embedding(12, 8, mask_zero=True)(tokens)
    attention = lib.layers.GroupQueryAttention(4, 4, 2, dropout=dropout)
    if scores:
        attended, _ = attention(embedded, embedded, return_attention_scores=True)
    else:
        attended = attention(embedded, embedded)
    pooled = lib.layers.GlobalAveragePooling1D()(attended)
    return lib.Model(tokens, [attended, pooled])


@pytest.mark.parametrize("dropout,scores", [(0.0, False), (0.2, False), (0.0, True)],
                         ids=["fused path", "softmax-layer path", "scores"])
def test_embedding_masks_reach_group_query_attention_as_in_keras(dropout, scores):
    ours, theirs = _masked_model(kerasish, dropout, scores), _masked_model(
        real_keras(), dropout, scores)
    theirs.set_weights(ours.get_weights())
    for a, b in zip(ours.predict(TOKENS, verbose=0), theirs.predict(TOKENS, verbose=0)):
        assert_close(a, b, REDUCTION, "masked GQA model")


def _decoder(lib):
    tokens = lib.Input((6,), dtype="int32")
    x = lib.layers.Embedding(12, 8)(tokens)
    x = lib.layers.GroupQueryAttention(4, 4, 2, use_gate=True, name="gqa")(
        x, x, use_causal_mask=True)
    x = lib.layers.GlobalAveragePooling1D()(x)
    model = lib.Model(tokens, lib.layers.Dense(1)(x))
    model.compile(optimizer=lib.optimizers.SGD(0.1), loss="mse")
    return model


def test_fit_history_matches_keras():
    rng = np.random.default_rng(0)
    x = rng.integers(0, 12, (16, 6)).astype("int32")
    y = (x[:, :2].mean(axis=1, keepdims=True) / 12).astype("float32")
    ours, theirs = _decoder(kerasish), _decoder(real_keras())
    theirs.set_weights(ours.get_weights())
    kwargs = dict(batch_size=8, epochs=3, shuffle=False, verbose=0)
    assert_close(ours.fit(x, y, **kwargs).history["loss"],
                 theirs.fit(x, y, **kwargs).history["loss"], TRAINING, "loss")
    for a, b in zip(ours.get_weights(), theirs.get_weights()):
        assert_close(a, b, TRAINING, "weights after fit")


@pytest.mark.parametrize("direction", ["kerasish->keras", "keras->kerasish"])
def test_keras_files_move_both_ways(tmp_path, direction):
    source_lib, target_lib = ((kerasish, real_keras()) if direction == "kerasish->keras"
                              else (real_keras(), kerasish))
    source = _decoder(source_lib)
    path = str(tmp_path / "decoder.keras")
    source.save(path)
    loaded = target_lib.saving.load_model(path)
    for a, b in zip(source.get_weights(), loaded.get_weights()):
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b))
    x = np.random.default_rng(1).integers(0, 12, (3, 6)).astype("int32")
    assert_close(loaded.predict(x, verbose=0), source.predict(x, verbose=0), REDUCTION, "predict")


def _error(lib, make):
    with pytest.raises(ValueError) as error:
        make(lib)
    return str(error.value)


@pytest.mark.parametrize("make", [
    lambda m: m.layers.GroupQueryAttention(4, 6, 4),
    lambda m: m.layers.GroupQueryAttention(4, 4, 2, sliding_window=0),
    lambda m: m.layers.GroupQueryAttention(4, 4, 2).compute_output_shape((2, 3, 6), (2, 5, 4)),
    lambda m: m.layers.GroupQueryAttention(4, 4, 2).compute_output_shape(
        (2, 3, 6), (2, 5, 6), (2, 4, 6)),
], ids=["divisible", "sliding_window", "last dims", "value and key"])
def test_errors_match_keras(make):
    assert _error(kerasish, make) == _error(real_keras(), make)
