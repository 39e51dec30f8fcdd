"""Long runs of this round's sequence models: 200 epochs of a small LSTM and
of a small transformer block, both with masks, keep memory flat, as the MLP
does in tests/test_robustness_numerics.py (no autodiff graph, mask, batch or
log retained from one epoch to the next)."""

import gc
import tracemalloc

import numpy as np

import kerasish as keras
from kerasish.backend.tensor import Tensor
from kerasish.backend.variables import Variable

EPOCHS, WARM_UP = 200, 19


def _live_tensors():
    return sum(1 for obj in gc.get_objects()
               if isinstance(obj, Tensor) and not isinstance(obj, Variable))


def _memory_growth(model, x, y):
    """Traced memory and live Tensors between the end of epoch 20 and of epoch 200."""
    marks = {}

    class Measure(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            if epoch in (WARM_UP, EPOCHS - 1):
                gc.collect()
                marks[epoch] = (tracemalloc.get_traced_memory()[0], _live_tensors())

    tracemalloc.start()
    try:
        history = model.fit(x, y, batch_size=len(x), epochs=EPOCHS, verbose=0,
                            shuffle=False, callbacks=[Measure()])
    finally:
        tracemalloc.stop()
    assert np.isfinite(history.history["loss"]).all()
    (start, tensors_start), (end, tensors_end) = marks[WARM_UP], marks[EPOCHS - 1]
    return end - start, tensors_end - tensors_start


def _padded_tokens(rng, samples=8, time=6, vocabulary=12):
    tokens = rng.integers(1, vocabulary, (samples, time))
    lengths = rng.integers(1, time + 1, samples)
    tokens[np.arange(time)[None, :] >= lengths[:, None]] = 0  # right padding: masked
    return tokens


def test_two_hundred_epochs_of_a_masked_lstm_keep_memory_flat():
    # History's 180 floats take ~6 KiB; one retained 8x6x4 float32 state per
    # epoch would already take 140 KiB.
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = _padded_tokens(rng)
    model = keras.Sequential([keras.Input((x.shape[1],), dtype="int32"),
                              keras.layers.Embedding(12, 4, mask_zero=True),
                              keras.layers.LSTM(4), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    growth, tensors = _memory_growth(model, x, rng.normal(size=(len(x), 1)).astype("float32"))
    assert growth < 64 * 1024, f"traced memory grew by {growth} bytes over 180 epochs"
    assert tensors == 0


def test_two_hundred_epochs_of_a_masked_transformer_block_keep_memory_flat():
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(1)
    x = _padded_tokens(rng)
    tokens = keras.Input((x.shape[1],), dtype="int32")
    embedded = keras.layers.Embedding(12, 8, mask_zero=True)(tokens)
    attended = keras.layers.MultiHeadAttention(num_heads=2, key_dim=4)(embedded, embedded)
    block = keras.layers.LayerNormalization()(keras.layers.Add()([embedded, attended]))
    feed_forward = keras.layers.Dense(8)(keras.layers.Dense(16, activation="relu")(block))
    block = keras.layers.LayerNormalization()(keras.layers.Add()([block, feed_forward]))
    pooled = keras.layers.GlobalAveragePooling1D()(block)
    model = keras.Model(tokens, keras.layers.Dense(1)(pooled))
    model.compile(optimizer="adam", loss="mse")
    growth, tensors = _memory_growth(model, x, rng.normal(size=(len(x), 1)).astype("float32"))
    assert growth < 64 * 1024, f"traced memory grew by {growth} bytes over 180 epochs"
    assert tensors == 0
