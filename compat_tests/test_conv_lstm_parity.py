"""ConvLSTM1D/2D/3D against real Keras 3: outputs and every gradient
(inputs, weights, initial states) with padding, strides, dilation, both
data formats, masks, go_backwards and return_state; Keras's own
initialized weights in both; configs both ways; .keras files both ways;
a fit history; error messages.

`CONV_LSTM_CASES` joins the shared LAYERS table of test_layers_parity.py
(one output per call); the cases with several outputs, masks and initial
states are compared here.
"""

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import TRAINING, assert_close, real_keras
from compat_tests.test_rnn_parity import OPTIONS as RNN_OPTIONS
from compat_tests.test_rnn_parity import (
    RECURRENT,
    LayerCase,
    _assert_same_run,
    _pair,
    _uneven_mask,
)

CONV_LSTM_CASES = [
    LayerCase("ConvLSTM1D", lambda m: m.layers.ConvLSTM1D(3, 2), (2, 3, 6, 2), RECURRENT),
    LayerCase("ConvLSTM1D[same,sequences,backwards]", lambda m: m.layers.ConvLSTM1D(
        2, 3, padding="same", return_sequences=True, go_backwards=True), (2, 4, 5, 3), RECURRENT),
    LayerCase("ConvLSTM1D[strides,channels_first]", lambda m: m.layers.ConvLSTM1D(
        2, 2, strides=2, data_format="channels_first"), (2, 3, 2, 7), RECURRENT),
    LayerCase("ConvLSTM2D", lambda m: m.layers.ConvLSTM2D(2, 3), (2, 3, 5, 5, 2), RECURRENT),
    LayerCase("ConvLSTM2D[same,sequences]", lambda m: m.layers.ConvLSTM2D(
        3, (3, 2), padding="same", return_sequences=True), (2, 3, 4, 5, 2), RECURRENT),
    LayerCase("ConvLSTM2D[dilation,no bias,no forget bias]", lambda m: m.layers.ConvLSTM2D(
        2, 2, dilation_rate=2, use_bias=False, unit_forget_bias=False), (1, 3, 6, 6, 1),
        RECURRENT),
    LayerCase("ConvLSTM2D[strides,same,channels_first]", lambda m: m.layers.ConvLSTM2D(
        2, 3, strides=(2, 1), padding="same", data_format="channels_first",
        return_sequences=True), (2, 3, 2, 5, 4), RECURRENT),
    LayerCase("ConvLSTM2D[relu,hard_sigmoid]", lambda m: m.layers.ConvLSTM2D(
        2, 2, activation="relu", recurrent_activation="hard_sigmoid"), (2, 3, 4, 4, 2),
        RECURRENT),
    LayerCase("ConvLSTM3D", lambda m: m.layers.ConvLSTM3D(2, 2), (1, 3, 3, 4, 3, 2), RECURRENT),
    LayerCase("ConvLSTM3D[same,channels_first,sequences]", lambda m: m.layers.ConvLSTM3D(
        2, 2, padding="same", data_format="channels_first", return_sequences=True),
        (2, 2, 1, 3, 3, 3), RECURRENT),
    LayerCase("Bidirectional[ConvLSTM2D]", lambda m: m.layers.Bidirectional(m.layers.ConvLSTM2D(
        2, 3, padding="same", return_sequences=True, name="clstm")), (2, 3, 4, 4, 1), RECURRENT),
]


VARIANTS = {
    "1D": (lambda m, **kw: m.layers.ConvLSTM1D(2, 3, padding="same", **kw), (4, 5, 6, 2)),
    "2D[valid]": (lambda m, **kw: m.layers.ConvLSTM2D(2, 2, **kw), (4, 5, 4, 4, 2)),
    "2D[channels_first]": (lambda m, **kw: m.layers.ConvLSTM2D(
        2, 3, padding="same", data_format="channels_first", **kw), (4, 5, 2, 4, 3)),
    "3D": (lambda m, **kw: m.layers.ConvLSTM3D(2, 2, padding="same", **kw), (4, 5, 2, 3, 3, 1)),
}
OPTIONS = {name: RNN_OPTIONS[name]
           for name in ("state", "backwards,state,sequences", "zero_output_for_mask")}


@pytest.mark.parametrize("options", list(OPTIONS), ids=list(OPTIONS))
@pytest.mark.parametrize("variant", list(VARIANTS), ids=list(VARIANTS))
@pytest.mark.parametrize("masked", [False, True], ids=["unmasked", "masked"])
def test_outputs_states_and_gradients_match_keras(variant, options, masked):
    make, shape = VARIANTS[variant]
    x, ours, theirs = _pair(lambda m: make(m, **OPTIONS[options]), shape)
    mask = _uneven_mask(shape[0], shape[1]) if masked else None
    _assert_same_run(ours, theirs, x, mask=mask, what=f"{variant}[{options}]")


@pytest.mark.parametrize("variant", list(VARIANTS), ids=list(VARIANTS))
@pytest.mark.parametrize("masked", [False, True], ids=["unmasked", "masked"])
def test_initial_state_and_its_gradient_match_keras(variant, masked):
    make, shape = VARIANTS[variant]
    x, ours, theirs = _pair(lambda m: make(m, return_state=True, return_sequences=True), shape)
    state_shape = tuple(ours.get_initial_state(shape[0])[0].shape)
    rng = np.random.default_rng(3)
    initial = [rng.uniform(-1, 1, state_shape).astype("float32") for _ in range(2)]
    mask = _uneven_mask(shape[0], shape[1]) if masked else None
    _assert_same_run(ours, theirs, x, mask=mask, initial_state=initial, what=variant)


@pytest.mark.parametrize("variant", list(VARIANTS), ids=list(VARIANTS))
def test_keras_initialized_weights_give_the_same_outputs(variant):
    """Keras's own initial weights (its orthogonal recurrent kernel and forget bias of ones)
    set into kerasish: the same outputs."""
    make, shape = VARIANTS[variant]
    x = np.random.default_rng(5).uniform(-1, 1, shape).astype("float32")
    ours = make(kerasish, return_sequences=True)
    theirs = make(real_keras(), return_sequences=True)
    expected = np.asarray(theirs(x))
    ours(x)
    ours.set_weights(theirs.get_weights())
    assert_close(np.asarray(ours(x)), expected, RECURRENT, variant)
    bias = theirs.get_weights()[2]
    np.testing.assert_array_equal(bias, np.repeat([0.0, 1.0, 0.0, 0.0], bias.size // 4))


def test_stateful_layer_carries_states_like_keras():
    x, ours, theirs = _pair(lambda m: m.layers.ConvLSTM1D(
        2, 3, padding="same", stateful=True, return_sequences=True), (2, 3, 5, 2))
    ours.reset_state()  # (building ran a batch with other weights)
    theirs.reset_state()
    for _ in range(3):
        assert_close(np.asarray(ours(x)), np.asarray(theirs(x)), RECURRENT, "stateful call")
    ours.reset_state()
    theirs.reset_state()
    assert_close(np.asarray(ours(x)), np.asarray(theirs(x)), RECURRENT, "after reset")


def test_own_initializers_follow_keras_statistics():
    """Fresh weights: the forget bias is ones, the recurrent kernel orthogonal in Keras's
    flattening (rows = window x filters), the kernel Glorot-bounded like Keras's."""
    ours = kerasish.layers.ConvLSTM2D(4, 3)
    ours(np.zeros((1, 2, 5, 5, 3), "float32"))
    kernel, recurrent, bias = ours.get_weights()
    np.testing.assert_array_equal(bias, np.repeat([0.0, 1.0, 0.0, 0.0], 4))
    flat = recurrent.reshape(-1, recurrent.shape[-1])
    np.testing.assert_allclose(flat.T @ flat, np.eye(16), atol=1e-5)
    theirs = real_keras().layers.ConvLSTM2D(4, 3)
    theirs(np.zeros((1, 2, 5, 5, 3), "float32"))
    their_kernel = theirs.get_weights()[0]
    limit = np.sqrt(6.0 / (9 * 3 + 9 * 16))
    assert np.abs(kernel).max() <= limit and np.abs(their_kernel).max() <= limit


@pytest.mark.parametrize("name", ["ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D"])
def test_config_round_trips_through_keras(name):
    options = dict(padding="same", return_sequences=True, go_backwards=True, dropout=0.25,
                   recurrent_dropout=0.5, kernel_regularizer="l2", seed=3,
                   data_format="channels_first", activity_regularizer="l1")
    ours = getattr(kerasish.layers, name)(3, 2, **options)
    theirs = real_keras().layers.deserialize(kerasish.layers.serialize(ours))
    our_config, their_config = ours.get_config(), theirs.get_config()
    assert list(our_config) == list(their_config)
    assert our_config == their_config
    back = kerasish.layers.deserialize(real_keras().layers.serialize(theirs))
    assert back.get_config() == our_config


def _video_model(m):
    model = m.Sequential([
        m.Input((4, 6, 6, 1)),
        m.layers.ConvLSTM2D(3, 3, padding="same", return_sequences=True, name="conv_lstm_a"),
        m.layers.ConvLSTM2D(2, 2, name="conv_lstm_b"),
        m.layers.Flatten(),
        m.layers.Dense(1),
    ])
    model.compile(optimizer=m.optimizers.Adam(0.01), loss="mse")
    return model


@pytest.mark.parametrize("direction", ["kerasish->keras", "keras->kerasish"])
def test_keras_files_move_both_ways(tmp_path, direction):
    source_lib, target_lib = ((kerasish, real_keras()) if direction == "kerasish->keras"
                              else (real_keras(), kerasish))
    source = _video_model(source_lib)
    rng = np.random.default_rng(0)
    source.set_weights([rng.uniform(-0.5, 0.5, np.shape(w)).astype("float32")
                        for w in source.get_weights()])
    path = str(tmp_path / "video.keras")
    source.save(path)
    loaded = target_lib.saving.load_model(path)
    for a, b in zip(source.get_weights(), loaded.get_weights()):
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b))
    assert [w.name for w in loaded.weights] == [w.name for w in source.weights]
    x = rng.uniform(-1, 1, (3, 4, 6, 6, 1)).astype("float32")
    assert_close(loaded.predict(x, verbose=0), source.predict(x, verbose=0), RECURRENT, "predict")


def test_fit_history_matches_keras():
    rng = np.random.default_rng(1)
    x = rng.uniform(-1, 1, (12, 4, 6, 6, 1)).astype("float32")
    y = x[:, -1].mean(axis=(1, 2))  # a function of the last frame
    ours, theirs = _video_model(kerasish), _video_model(real_keras())
    theirs.set_weights(ours.get_weights())
    kwargs = dict(batch_size=4, epochs=2, shuffle=False, verbose=0)
    our_history = ours.fit(x, y, **kwargs).history
    their_history = theirs.fit(x, y, **kwargs).history
    assert_close(our_history["loss"], their_history["loss"], TRAINING, "loss")
    for a, b in zip(ours.get_weights(), theirs.get_weights()):
        assert_close(a, b, TRAINING, "weights after fit")


def _messages(make, x=None):
    found = []
    for m in (kerasish, real_keras()):
        with pytest.raises(ValueError) as error:
            layer = make(m)
            layer(x)
        found.append(str(error.value))
    return found


def test_strides_with_dilation_error_matches_keras():
    ours, theirs = _messages(lambda m: m.layers.ConvLSTM2D(2, 3, strides=2, dilation_rate=2))
    assert ours == theirs


def test_wrong_rank_error_names_the_expected_ndim_like_keras():
    ours, theirs = _messages(lambda m: m.layers.ConvLSTM2D(2, 3, name="clstm"),
                             np.zeros((1, 3, 5, 5), "float32"))
    for fragment in ("expected ndim=5, found ndim=4", "Full shape received: (1, 3, 5, 5)"):
        assert fragment in ours and fragment in theirs
