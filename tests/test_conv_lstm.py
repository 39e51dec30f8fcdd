"""ConvLSTM1D/2D/3D: the generic layer checks (finite-difference gradients,
shapes, weight counts, configs), a NumPy reference of the recurrence,
masks, dropout, stateful layers, errors, and a next-frame prediction
model that learns. (Numbers against real Keras:
compat_tests/test_conv_lstm_parity.py.)"""

import numpy as np
import pytest

import kerasish as keras
from tests.layer_checks import check_layer

L = keras.layers


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _conv1d(x, kernel, padding):
    """Cross-correlation of (batch, steps, channels) with (k, channels, out), stride 1."""
    k = kernel.shape[0]
    if padding == "same":
        before = (k - 1) // 2
        x = np.pad(x, ((0, 0), (before, k - 1 - before), (0, 0)))
    steps = x.shape[1] - k + 1
    return np.stack([np.einsum("bkc,kco->bo", x[:, t:t + k], kernel) for t in range(steps)], 1)


def _conv_lstm1d_reference(padding):
    def reference(x, weights):
        kernel, recurrent_kernel, bias = weights
        h = c = None
        for t in range(x.shape[1]):
            z = _conv1d(x[:, t], kernel, padding) + bias
            if h is None:
                h = c = np.zeros(z.shape[:-1] + (z.shape[-1] // 4,))
            z = z + _conv1d(h, recurrent_kernel, "same")
            i, f, g, o = np.split(z, 4, axis=-1)
            c = _sigmoid(f) * c + _sigmoid(i) * np.tanh(g)
            h = _sigmoid(o) * np.tanh(c)
        return h
    return reference


@pytest.mark.parametrize("padding", ["valid", "same"])
def test_conv_lstm1d_matches_a_numpy_reference(padding):
    check_layer(lambda: L.ConvLSTM1D(2, 3, padding=padding), input_shape=(2, 3, 5, 2),
                num_weights=3, reference=_conv_lstm1d_reference(padding))


LAYER_CASES = [
    ("ConvLSTM1D[strides,sequences]", lambda: L.ConvLSTM1D(
        2, 2, strides=2, return_sequences=True), (2, 3, 5, 2), 3),
    ("ConvLSTM1D[channels_first,backwards]", lambda: L.ConvLSTM1D(
        2, 2, data_format="channels_first", go_backwards=True), (2, 3, 2, 4), 3),
    ("ConvLSTM2D[same]", lambda: L.ConvLSTM2D(2, 2, padding="same"), (1, 3, 3, 3, 1), 3),
    ("ConvLSTM2D[dilation,no bias]", lambda: L.ConvLSTM2D(
        1, 2, dilation_rate=2, use_bias=False), (2, 2, 4, 4, 1), 2),
    ("ConvLSTM3D", lambda: L.ConvLSTM3D(1, 2), (1, 2, 3, 3, 3, 1), 3),
]


@pytest.mark.parametrize("make, input_shape, num_weights", [c[1:] for c in LAYER_CASES],
                         ids=[c[0] for c in LAYER_CASES])
def test_generic_layer_checks(make, input_shape, num_weights):
    check_layer(make, input_shape=input_shape, num_weights=num_weights)


def test_weights_have_keras_names_shapes_and_forget_bias():
    layer = L.ConvLSTM2D(4, (3, 2), name="clstm")
    layer(np.zeros((2, 3, 6, 5, 3), "float32"))
    assert [w.path for w in layer.weights] == [
        "clstm/conv_lstm_cell/kernel", "clstm/conv_lstm_cell/recurrent_kernel",
        "clstm/conv_lstm_cell/bias"]
    assert [tuple(w.shape) for w in layer.weights] == [(3, 2, 3, 16), (3, 2, 4, 16), (16,)]
    np.testing.assert_array_equal(layer.get_weights()[2], np.repeat([0.0, 1.0, 0.0, 0.0], 4))


def test_states_have_the_shape_of_the_input_convolution():
    layer = L.ConvLSTM2D(3, 3, strides=2, padding="valid", return_state=True,
                         return_sequences=True, data_format="channels_first")
    output, h, c = layer(np.ones((2, 4, 1, 9, 7), "float32"))
    assert output.shape == (2, 4, 3, 4, 3) and h.shape == c.shape == (2, 3, 4, 3)
    np.testing.assert_array_equal(np.asarray(output)[:, -1], np.asarray(h))
    assert layer.compute_output_shape((None, 4, 1, 9, 7)) == [
        (None, 4, 3, 4, 3), (None, 3, 4, 3), (None, 3, 4, 3)]


def test_masked_timesteps_keep_the_states():
    x = np.random.default_rng(0).normal(size=(2, 4, 5, 2)).astype("float32")
    layer = L.ConvLSTM1D(2, 3, padding="same", return_state=True)
    mask = np.array([[True, True, True, True], [True, True, False, False]])
    _, h, c = layer(x, mask=mask)
    _, h_short, c_short = layer(x[1:, :2])
    np.testing.assert_allclose(np.asarray(h)[1], np.asarray(h_short)[0], rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(np.asarray(c)[1], np.asarray(c_short)[0], rtol=1e-6, atol=1e-7)
    assert layer.compute_mask(x, mask) == [None, None, None]


def test_initial_state_continues_a_sequence():
    x = np.random.default_rng(1).normal(size=(2, 5, 4, 4, 1)).astype("float32")
    layer = L.ConvLSTM2D(2, 2, padding="same", return_state=True)
    full, _, _ = layer(x)
    _, h, c = layer(x[:, :3])
    rest, _, _ = layer(x[:, 3:], initial_state=[h, c])
    np.testing.assert_allclose(np.asarray(rest), np.asarray(full), rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match="expects 2 states"):
        layer(x, initial_state=[h])
    with pytest.raises(ValueError, match="wrong shape"):
        layer(x, initial_state=[h[:, :2], c[:, :2]])


def test_stateful_layer_carries_its_states():
    x = np.random.default_rng(2).normal(size=(2, 4, 3, 2)).astype("float32")
    stateful = L.ConvLSTM1D(2, 2, padding="same", stateful=True)
    plain = L.ConvLSTM1D(2, 2, padding="same")
    stateful(x[:, :2])
    plain(x)
    plain.set_weights(stateful.get_weights())
    stateful.reset_state()
    stateful(x[:, :2])
    np.testing.assert_allclose(np.asarray(stateful(x[:, 2:])), np.asarray(plain(x)),
                               rtol=1e-5, atol=1e-6)


def test_dropout_draws_one_mask_per_gate_for_the_whole_sequence():
    x = np.ones((2, 3, 6, 2), "float32")
    layer = L.ConvLSTM1D(2, 2, dropout=0.5, recurrent_dropout=0.5, seed=1)
    inference = np.asarray(layer(x))
    np.testing.assert_array_equal(np.asarray(layer(x, training=False)), inference)
    trained = np.asarray(layer(x, training=True))
    assert not np.allclose(trained, inference)
    masks = layer.cell.get_dropout_mask(x[:, 0])
    assert len(masks) == 4 and set(np.unique(masks[0])) <= {0.0, 2.0}
    layer.cell.reset_dropout_mask()


@pytest.mark.parametrize("make, message", [
    (lambda: L.ConvLSTM2D(2, 3, strides=2, dilation_rate=2), "not compatible with"),
    (lambda: L.ConvLSTM2D(0, 3), "filters"),
    (lambda: L.ConvLSTM2D(2, (3, 3, 3)), "kernel_size"),
    (lambda: L.ConvLSTM2D(2, 3, padding="full"), "padding"),
    (lambda: L.ConvLSTM2D(2, 3, data_format="nhwc"), "data_format"),
])
def test_bad_arguments_are_refused(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_bad_inputs_are_refused():
    with pytest.raises(ValueError, match="expected ndim=5, found ndim=4"):
        L.ConvLSTM2D(2, 3)(np.zeros((1, 3, 5, 5), "float32"))
    with pytest.raises(ValueError, match="static input shapes"):
        L.ConvLSTM2D(2, 3)(keras.Input((3, None, 5, 1)))


def _moving_dots(n, steps, size, seed=0):
    """Each clip: a bright pixel moving one column right per frame."""
    rng = np.random.default_rng(seed)
    clips = np.zeros((n, steps + 1, size, size, 1), "float32")
    for k in range(n):
        row, col = rng.integers(0, size), rng.integers(0, size - steps)
        for t in range(steps + 1):
            clips[k, t, row, col + t, 0] = 1.0
    return clips[:, :-1], clips[:, 1:]


def test_next_frame_prediction_model_learns():
    keras.utils.set_random_seed(0)
    frames, next_frames = _moving_dots(16, 4, 6)
    model = keras.Sequential([
        keras.Input((4, 6, 6, 1)),
        L.ConvLSTM2D(6, 3, padding="same", return_sequences=True),
        L.Conv3D(1, (1, 3, 3), padding="same", activation="sigmoid"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(0.02), loss="binary_crossentropy")
    history = model.fit(frames, next_frames, epochs=12, batch_size=8, verbose=0).history
    assert history["loss"][-1] < 0.5 * history["loss"][0]
    predicted = model.predict(frames, verbose=0)
    # The brightest predicted pixel of the last frame is where the dot moves next.
    hits = [np.argmax(predicted[k, -1]) == np.argmax(next_frames[k, -1]) for k in range(16)]
    assert np.mean(hits) >= 0.5
