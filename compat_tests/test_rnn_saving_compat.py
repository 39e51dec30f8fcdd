"""Recurrent models move between kerasish and real Keras 3 in every file
format (.keras, .weights.h5, legacy .h5), and Keras 2 (tf_keras) .h5 files
load in kerasish: the same weights arrive and both sides predict the same."""

import warnings

import numpy as np
import pytest

import kerasish

keras = pytest.importorskip("keras")

TOKENS = np.array([[1, 2, 3, 0, 0, 0], [4, 5, 6, 7, 8, 9], [0, 0, 0, 0, 0, 0],
                   [9, 1, 0, 0, 0, 0]])
# The same float32 weights through ~6 recurrent steps in two frameworks.
CROSS_ATOL = 2e-6


def _recurrent_stack(lib):
    return [
        lib.layers.Embedding(10, 4, mask_zero=True, name="embed"),
        lib.layers.Bidirectional(lib.layers.LSTM(3, return_sequences=True), name="bi"),
        lib.layers.GRU(3, return_sequences=True, name="gru_after"),
        lib.layers.GRU(3, return_sequences=True, reset_after=False, name="gru_before"),
        lib.layers.RNN([lib.layers.SimpleRNNCell(2), lib.layers.LSTMCell(2)],
                       return_sequences=True, name="stacked"),
        lib.layers.TimeDistributed(lib.layers.Dense(1), name="head"),
    ]


def build(lib, functional=False):
    """Embedding with a mask, a Bidirectional LSTM, a GRU of each bias layout,
    stacked cells and a TimeDistributed head: every recurrent weight layout,
    as a Sequential or a functional model (Keras records the functional
    Embedding's mask as an operation node of the graph)."""
    if functional:
        inputs = lib.Input((6,))
        x = inputs
        for layer in _recurrent_stack(lib):
            x = layer(x)
        model = lib.Model(inputs, x)
    else:
        model = lib.Sequential([lib.Input((6,))] + _recurrent_stack(lib))
    model.compile(optimizer=lib.optimizers.Adam(0.01), loss=lib.losses.MeanSquaredError())
    return model


def _randomized(model, seed=0):
    rng = np.random.default_rng(seed)
    model.set_weights([rng.uniform(-0.5, 0.5, np.shape(w)).astype("float32")
                       for w in model.get_weights()])
    return model


def assert_same(source, loaded):
    source_weights, loaded_weights = source.get_weights(), loaded.get_weights()
    assert len(source_weights) == len(loaded_weights)
    for a, b in zip(source_weights, loaded_weights):
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b))
    np.testing.assert_allclose(loaded.predict(TOKENS, verbose=0),
                               source.predict(TOKENS, verbose=0), atol=CROSS_ATOL)


DIRECTIONS = [(kerasish, keras), (keras, kerasish)]
IDS = ["kerasish-to-keras", "keras-to-kerasish"]


@pytest.mark.parametrize("functional", [False, True], ids=["sequential", "functional"])
@pytest.mark.parametrize("extension", [".keras", ".h5"])
@pytest.mark.parametrize("source_lib,target_lib", DIRECTIONS, ids=IDS)
def test_whole_models_move_both_ways(tmp_path, source_lib, target_lib, extension, functional):
    source = _randomized(build(source_lib, functional))
    path = str(tmp_path / f"model{extension}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        source.save(path)
        loaded = target_lib.saving.load_model(path)
    assert_same(source, loaded)


@pytest.mark.parametrize("source_lib,target_lib", DIRECTIONS, ids=IDS)
def test_weights_files_move_both_ways(tmp_path, source_lib, target_lib):
    source = _randomized(build(source_lib))
    path = str(tmp_path / "model.weights.h5")
    source.save_weights(path)
    target = build(target_lib)
    target.load_weights(path)
    assert_same(source, target)


def test_trained_model_continues_training_after_the_move(tmp_path):
    """A model trained by Keras, saved with its optimizer, trains on in kerasish."""
    y = np.random.default_rng(1).normal(size=(4, 6, 1)).astype("float32")
    source = _randomized(build(keras))
    source.fit(TOKENS, y, epochs=2, verbose=0)
    source.save(tmp_path / "trained.keras")
    ours = kerasish.saving.load_model(tmp_path / "trained.keras")
    assert_same(source, ours)
    before = ours.evaluate(TOKENS, y, verbose=0)
    ours.fit(TOKENS, y, epochs=3, verbose=0)
    assert ours.evaluate(TOKENS, y, verbose=0) < before


# ------------------------------------------------------ Keras 2 (tf_keras)
@pytest.fixture(scope="module")
def tf_keras():
    return pytest.importorskip("tf_keras")


def build_keras2(lib):
    return lib.Sequential([
        lib.Input((6,)),
        lib.layers.Embedding(10, 4, mask_zero=True, name="embed"),
        lib.layers.Bidirectional(lib.layers.LSTM(3, return_sequences=True), name="bi"),
        lib.layers.GRU(3, name="gru"),
        lib.layers.Dense(1, name="out"),
    ])


def test_keras2_h5_recurrent_model_loads(tmp_path, tf_keras):
    source = _randomized(build_keras2(tf_keras))
    source(TOKENS)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        source.save(tmp_path / "k2.h5")
        ours = kerasish.saving.load_model(tmp_path / "k2.h5")
    assert_same(source, ours)


def test_keras2_h5_weights_load_and_kerasish_weights_load_in_keras2(tmp_path, tf_keras):
    source = _randomized(build_keras2(tf_keras))
    source(TOKENS)
    source.save_weights(tmp_path / "k2_weights.h5")
    ours = build_keras2(kerasish)
    ours.load_weights(tmp_path / "k2_weights.h5")
    assert_same(source, ours)
    ours.set_weights([w * 0.5 for w in ours.get_weights()])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours.save(tmp_path / "ours.h5")
    fresh = build_keras2(tf_keras)
    fresh.load_weights(tmp_path / "ours.h5")
    assert_same(ours, fresh)
