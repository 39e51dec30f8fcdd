"""Hypothesis fuzzing of this round's layer families: recurrent layers and
multi-head attention with masks (ragged, empty, fully masked), string lookups
and text vectorization with unicode and empty strings, and generators that
change shape or raise mid-epoch.

Same rule as tests/test_robustness_fuzz.py: any input gives a result or a
clear ValueError/TypeError raised by kerasish, never another exception, never
a NaN, never a model left half-updated. The case counts are kept small (each
property runs in a few seconds); run with `--hypothesis-show-statistics` to
see them.
"""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kerasish as keras
from tests.robustness_checks import FUZZ, assert_clear_error, call

SMALL = settings(FUZZ, max_examples=25)

RECURRENT = [keras.layers.LSTM, keras.layers.GRU, keras.layers.SimpleRNN]


@st.composite
def masked_sequences(draw, max_batch=3, max_time=4):
    """(x, mask): sizes down to zero, masks ragged, with fully masked rows,
    or masking everything."""
    batch, time = draw(st.integers(0, max_batch)), draw(st.integers(0, max_time))
    features = draw(st.integers(1, 3))
    seed = draw(st.integers(0, 2**16))
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(batch, time, features)).astype("float32")
    kind = draw(st.sampled_from(["ragged", "random", "none_masked", "all_masked"]))
    if kind == "ragged":  # right padding, as Masking or Embedding(mask_zero) give
        lengths = rng.integers(0, time + 1, batch)
        mask = np.arange(time)[None, :] < lengths[:, None]
    elif kind == "random":
        mask = rng.random((batch, time)) < 0.5
    else:
        mask = np.full((batch, time), kind == "none_masked")
    return x, mask, rng


@SMALL
@given(layer_class=st.sampled_from(RECURRENT), data=masked_sequences(),
       return_sequences=st.booleans(), go_backwards=st.booleans())
def test_recurrent_layers_with_masks_ignore_masked_steps(layer_class, data, return_sequences,
                                                          go_backwards):
    x, mask, rng = data
    layer = layer_class(3, return_sequences=return_sequences, go_backwards=go_backwards, seed=1)
    result, error = call(lambda: np.asarray(layer(x, mask=mask)))
    if error is not None:
        assert_clear_error(error, "mask", "inputs", layer.name)
        return
    batch, time = mask.shape
    assert result.shape == ((batch, time, 3) if return_sequences else (batch, 3))
    assert np.isfinite(result).all()
    # What masked steps hold must not matter.
    noisy = np.where(mask[..., None], x, rng.normal(size=x.shape) * 100).astype("float32")
    np.testing.assert_allclose(np.asarray(layer(noisy, mask=mask)), result, rtol=1e-5, atol=1e-6)
    if not return_sequences:
        # A fully masked sample keeps the initial state: zeros.
        np.testing.assert_array_equal(result[~mask.any(axis=1)], 0.0)


@SMALL
@given(data=masked_sequences(max_batch=2, max_time=3), layer_class=st.sampled_from(RECURRENT))
def test_recurrent_models_train_on_masked_batches_without_nan(data, layer_class):
    x, mask, _ = data
    x = np.where(mask[..., None], x, 0.0).astype("float32")  # Masking's convention
    model = keras.Sequential([keras.Input(x.shape[1:]), keras.layers.Masking(0.0),
                              layer_class(2, seed=1), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    before = [w.copy() for w in model.get_weights()]
    y = np.ones((x.shape[0], 1), "float32")
    result, error = call(lambda: model.train_on_batch(x, y))
    if error is not None:
        assert_clear_error(error, "x", "y", "batch", "sample")
        for now, then in zip(model.get_weights(), before):
            np.testing.assert_array_equal(now, then)  # nothing half-updated
        return
    assert all(np.isfinite(w).all() for w in model.get_weights())


@st.composite
def attention_inputs(draw):
    batch, tq, tv = draw(st.integers(1, 2)), draw(st.integers(1, 3)), draw(st.integers(1, 4))
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    query = rng.normal(size=(batch, tq, 4)).astype("float32")
    value = rng.normal(size=(batch, tv, 4)).astype("float32")
    kind = draw(st.sampled_from(["random", "all_masked", "none", "key_mask"]))
    if kind == "none":
        mask = None
    elif kind == "key_mask":  # the same keys hidden for every query
        mask = np.broadcast_to(rng.random((batch, 1, tv)) < 0.6, (batch, tq, tv)).copy()
    else:
        mask = (rng.random((batch, tq, tv)) < 0.5) if kind == "random" else np.zeros(
            (batch, tq, tv), bool)
    return query, value, mask, rng


@SMALL
@given(data=attention_inputs(), causal=st.booleans())
def test_multi_head_attention_with_masks_is_finite_and_ignores_hidden_keys(data, causal):
    query, value, mask, rng = data
    layer = keras.layers.MultiHeadAttention(num_heads=2, key_dim=3, seed=1)
    run = lambda v: np.asarray(layer(query, v, attention_mask=mask, use_causal_mask=causal))  # noqa: E731
    result, error = call(lambda: run(value))
    if error is not None:
        assert_clear_error(error, "mask", "query", "value")
        return
    assert result.shape == query.shape
    assert np.isfinite(result).all()
    if mask is None or causal:
        return
    # A key hidden from every query of a sample cannot change that sample's output
    # (unless the query sees no key at all: then Keras attends uniformly).
    hidden = ~mask.any(axis=1)  # (batch, tv)
    sees_something = mask.any(axis=2).all(axis=1)  # (batch,)
    changed = value.copy()
    changed[hidden] += 50.0
    again = run(changed)
    np.testing.assert_allclose(again[sees_something], result[sees_something], rtol=1e-4, atol=1e-5)


TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=6)


@SMALL
@given(vocabulary=st.lists(TEXT, min_size=0, max_size=5), inputs=st.lists(TEXT, max_size=5))
def test_string_lookup_with_unicode_and_empty_strings(vocabulary, inputs):
    layer, error = call(lambda: keras.layers.StringLookup(vocabulary=vocabulary))
    if error is not None:
        assert_clear_error(error, "vocabulary", "Vocabulary", "mask_token", "oov")
        return
    vocab = layer.get_vocabulary()
    result, error = call(lambda: np.asarray(layer(np.array(inputs, dtype=object))))
    if error is not None:
        assert_clear_error(error, "inputs", "StringLookup")
        return
    assert result.shape == (len(inputs),)
    for token, index in zip(inputs, result):
        assert index == (vocab.index(token) if token in vocab[1:] else 0)
    # The inverse lookup gives back each known token.
    inverse = keras.layers.StringLookup(vocabulary=vocabulary, invert=True)
    assert [str(t) for t in np.asarray(inverse(result))] == [
        t if t in vocab[1:] else "[UNK]" for t in inputs]


@SMALL
@given(corpus=st.lists(TEXT, min_size=1, max_size=5), inputs=st.lists(TEXT, max_size=4),
       output_mode=st.sampled_from(["int", "multi_hot", "count"]),
       sequence_length=st.sampled_from([None, 3]))
def test_text_vectorization_with_unicode_and_empty_strings(corpus, inputs, output_mode,
                                                          sequence_length):
    kwargs = {"output_mode": output_mode}
    if output_mode == "int":
        kwargs["output_sequence_length"] = sequence_length
    layer = keras.layers.TextVectorization(**kwargs)
    _, error = call(lambda: layer.adapt(np.array(corpus, dtype=object)))
    if error is not None:
        assert_clear_error(error, "data", "adapt", "vocabulary")
        return
    result, error = call(lambda: np.asarray(layer(np.array(inputs, dtype=object))))
    if error is not None:
        assert_clear_error(error, "inputs", "TextVectorization")
        return
    assert result.shape[0] == len(inputs)
    assert np.isfinite(result.astype("float64")).all()
    vocabulary_size = layer.vocabulary_size()
    assert result.min(initial=0) >= 0
    if output_mode == "int":
        assert result.max(initial=0) < vocabulary_size
        if sequence_length is not None:
            assert result.shape == (len(inputs), sequence_length)
    else:
        assert result.shape == (len(inputs), vocabulary_size)


# ------------------------------------------------------------- generators


@st.composite
def generator_plans(draw):
    """Per step: "ok" (a batch of the model's shape, its size varying),
    "wide_x", "wide_y", "raise", or "rank" (x of a rank the model cannot take)."""
    steps = draw(st.lists(st.sampled_from(["ok", "ok", "wide_x", "wide_y", "raise", "rank"]),
                          min_size=1, max_size=4))
    sizes = draw(st.lists(st.integers(1, 4), min_size=len(steps), max_size=len(steps)))
    return list(zip(steps, sizes))


class Boom(RuntimeError):
    pass


def _batches(plan):
    rng = np.random.default_rng(0)
    for kind, n in plan:
        if kind == "raise":
            raise Boom("the generator failed")
        features = 5 if kind == "wide_x" else 3
        x = rng.normal(size=(n, features) if kind != "rank" else (n, 3, 2)).astype("float32")
        y = rng.normal(size=(n, 4 if kind == "wide_y" else 2)).astype("float32")
        yield x, y


def _model():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, name="d")])
    model.set_weights([np.full((3, 2), 0.1, "float32"), np.zeros(2, "float32")])
    model.compile(optimizer=keras.optimizers.SGD(0.01, momentum=0.5), loss="mse")
    return model


def _trained_on(batches):
    model = _model()
    if batches:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model.fit(_batches(batches), epochs=1, verbose=0)
    return model.get_weights()


@SMALL
@given(plan=generator_plans())
def test_generators_that_change_shape_or_raise(plan):
    model = _model()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result, error = call(lambda: model.fit(_batches(plan), epochs=1, verbose=0))
    good = 0
    while good < len(plan) and plan[good][0] == "ok":
        good += 1
    if good == len(plan):
        assert error is None, repr(error)
        assert np.isfinite(result.history["loss"]).all()
        return
    if plan[good][0] == "raise":
        assert isinstance(error, Boom), repr(error)  # the user's error, unchanged
    else:
        assert_clear_error(error, "shape", "incompatible")
    # Never half-updated: the model holds the updates of the good steps before
    # the failure, or (a failure among the first two batches, which are read
    # ahead, as Keras does, to learn the data's shapes) none.
    candidates = [_trained_on(plan[:good])] + ([_trained_on([])] if good < 2 else [])
    assert any(
        all(np.allclose(now, expected, rtol=1e-6, atol=1e-7)
            for now, expected in zip(model.get_weights(), weights))
        for weights in candidates
    ), (plan, model.get_weights())
