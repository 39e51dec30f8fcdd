"""Recurrent layers against real Keras 3: outputs, every gradient (inputs,
weights, initial states) under tf.GradientTape, weights and configs, with
masks (uneven padding, a fully masked sequence), go_backwards,
return_state, stacked cells, batch 1 and sequences of one step; a fit
history; error messages.

`RNN_CASES` joins the shared LAYERS table of test_layers_parity.py (one
output per call there); the cases with several outputs, masks and initial
states are compared here.
"""

from dataclasses import dataclass
from typing import Callable

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import REDUCTION, TRAINING, Tolerance, assert_close, real_keras, tf
from kerasish import ops
from kerasish.backend.tensor import Tensor, gradients

# A recurrence compounds float32 rounding over its timesteps (each step's
# error feeds the next one), and tanh/sigmoid differ by a few ulp between
# NumPy and Eigen: a little looser than one reduction.
RECURRENT = Tolerance(5e-5, 5e-6, "float32 rounding compounded over the timesteps")



@dataclass
class LayerCase:
    """The fields of test_layers_parity.LayerCase (that module imports this one)."""

    label: str
    factory: Callable
    input_shape: tuple
    tolerance: object = REDUCTION


RNN_CASES = [
    LayerCase("SimpleRNN", lambda m: m.layers.SimpleRNN(4), (3, 5, 2), RECURRENT),
    LayerCase("SimpleRNN[relu,sequences]", lambda m: m.layers.SimpleRNN(
        3, activation="relu", return_sequences=True), (2, 4, 3), RECURRENT),
    LayerCase("LSTM", lambda m: m.layers.LSTM(4), (3, 6, 2), RECURRENT),
    LayerCase("LSTM[sequences,backwards]", lambda m: m.layers.LSTM(
        3, return_sequences=True, go_backwards=True), (2, 5, 4), RECURRENT),
    LayerCase("LSTM[no bias,no forget bias]", lambda m: m.layers.LSTM(
        3, use_bias=False, unit_forget_bias=False), (2, 4, 3), RECURRENT),
    LayerCase("LSTM[hard_sigmoid,generic loop]", lambda m: m.layers.LSTM(
        3, recurrent_activation="hard_sigmoid", activation="softsign"), (2, 4, 3), RECURRENT),
    LayerCase("LSTM[batch1,seq1]", lambda m: m.layers.LSTM(3, return_sequences=True),
              (1, 1, 2), RECURRENT),
    LayerCase("GRU", lambda m: m.layers.GRU(4), (3, 6, 2), RECURRENT),
    LayerCase("GRU[reset_before]", lambda m: m.layers.GRU(
        4, reset_after=False, return_sequences=True), (3, 5, 2), RECURRENT),
    LayerCase("GRU[no bias,backwards]", lambda m: m.layers.GRU(
        3, use_bias=False, go_backwards=True), (2, 5, 3), RECURRENT),
    LayerCase("RNN[SimpleRNNCell]", lambda m: m.layers.RNN(
        m.layers.SimpleRNNCell(3, name="cell")), (2, 4, 3), RECURRENT),
    LayerCase("SimpleRNNCell[in RNN]", lambda m: m.layers.RNN(
        m.layers.SimpleRNNCell(3, activation="sigmoid", name="cell"), return_sequences=True),
        (2, 4, 3), RECURRENT),
    LayerCase("LSTMCell[in RNN]", lambda m: m.layers.RNN(
        m.layers.LSTMCell(3, name="cell"), go_backwards=True), (2, 4, 3), RECURRENT),
    LayerCase("GRUCell[in RNN]", lambda m: m.layers.RNN(
        m.layers.GRUCell(3, name="cell"), return_sequences=True), (2, 4, 3), RECURRENT),
    LayerCase("GRUCell[reset_before,in RNN]", lambda m: m.layers.RNN(
        m.layers.GRUCell(3, reset_after=False, name="cell")), (2, 4, 3), RECURRENT),
    LayerCase("StackedRNNCells[in RNN]", lambda m: m.layers.RNN(m.layers.StackedRNNCells(
        [m.layers.LSTMCell(3, name="a"), m.layers.GRUCell(2, name="b")], name="stack")),
        (2, 4, 3), RECURRENT),
    LayerCase("Bidirectional", lambda m: m.layers.Bidirectional(
        m.layers.LSTM(3, name="lstm")), (2, 5, 3), RECURRENT),
    LayerCase("Bidirectional[sum,GRU,sequences]", lambda m: m.layers.Bidirectional(
        m.layers.GRU(3, return_sequences=True, name="gru"), merge_mode="sum"), (2, 5, 3),
        RECURRENT),
    LayerCase("Bidirectional[backward_layer,ave]", lambda m: m.layers.Bidirectional(
        m.layers.LSTM(3, return_sequences=True, name="f"), merge_mode="ave",
        backward_layer=m.layers.GRU(3, return_sequences=True, go_backwards=True, name="b")),
        (2, 5, 3), RECURRENT),
    LayerCase("TimeDistributed", lambda m: m.layers.TimeDistributed(
        m.layers.Dense(3, activation="tanh", name="dense")), (2, 4, 3)),
    LayerCase("TimeDistributed[Conv1D]", lambda m: m.layers.TimeDistributed(
        m.layers.Conv1D(2, 2, name="conv")), (2, 3, 5, 2)),
]


# ----------------------------------------------------------- several outputs


def _pair(make, x_shape, seed=0):
    """The same layer in both libraries, built, with kerasish's random weights in both."""
    rng = np.random.default_rng(seed)
    ours, theirs = make(kerasish), make(real_keras())
    x = rng.uniform(-2, 2, x_shape).astype("float32")
    ours(x)
    theirs(x)
    weights = [rng.uniform(-0.8, 0.8, w.shape).astype("float32") for w in ours.get_weights()]
    ours.set_weights(weights)
    theirs.set_weights(weights)
    return x, ours, theirs


def _as_list(output):
    return list(output) if isinstance(output, (list, tuple)) else [output]


def _ours(layer, x, mask, initial_state, cotangents=None):
    x_t = Tensor(x.copy())
    states = None if initial_state is None else [Tensor(s.copy()) for s in initial_state]
    kwargs = {"mask": mask} if mask is not None else {}
    nested = _nest(getattr(layer, "state_size", []), states)
    if states is not None:
        kwargs["initial_state"] = nested
    outputs = _as_list(layer(x_t, **kwargs))
    values = [np.asarray(o) for o in outputs]
    if cotangents is None:
        cotangents = [np.random.default_rng(k + 7).uniform(0.5, 1.5, v.shape).astype("float32")
                      for k, v in enumerate(values)]
    loss = sum(ops.sum(ops.multiply(o, c)) for o, c in zip(outputs, cotangents))
    sources = [x_t] + list(layer.trainable_weights) + (states or [])
    return values, gradients(loss, sources), cotangents


def _theirs(layer, x, mask, initial_state, cotangents):
    tensorflow = tf()
    x_t = tensorflow.Variable(x)
    states = None if initial_state is None else [tensorflow.Variable(s) for s in initial_state]
    kwargs = {"mask": tensorflow.constant(mask)} if mask is not None else {}
    nested = _nest(getattr(layer, "state_size", []), states)
    if states is not None:
        kwargs["initial_state"] = nested
    with tensorflow.GradientTape() as tape:
        outputs = _as_list(layer(x_t, **kwargs))
        loss = sum(tensorflow.reduce_sum(o * c) for o, c in zip(outputs, cotangents))
    sources = [x_t] + list(layer.trainable_weights) + (states or [])
    grads = tape.gradient(loss, sources, unconnected_gradients=tensorflow.UnconnectedGradients.ZERO)
    return [np.asarray(o) for o in outputs], [np.asarray(g) for g in grads]


def _nest(state_size, states):
    """Flat states arranged as a stacked cell's nested `state_size`."""
    if states is None:
        return None
    leaves = list(states)
    if list(state_size) == [-1]:  # ConvLSTM: two feature-map states, given flat
        return leaves
    return [[leaves.pop(0) for _ in size] if isinstance(size, (list, tuple)) else leaves.pop(0)
            for size in state_size]


def _uneven_mask(batch, steps):
    """Uneven right padding, a left-padded row, and a fully masked row."""
    mask = np.ones((batch, steps), dtype=bool)
    for row in range(batch):
        kind = row % 4
        if kind == 1:
            mask[row, steps - 2:] = False
        elif kind == 2:
            mask[row, :] = False
        elif kind == 3:
            mask[row, :1] = False
            mask[row, -1] = False
    return mask


def _assert_same_run(ours, theirs, x, mask=None, initial_state=None, what=""):
    our_values, our_grads, cotangents = _ours(ours, x, mask, initial_state)
    their_values, their_grads = _theirs(theirs, x, mask, initial_state, cotangents)
    assert len(our_values) == len(their_values), what
    for index, (a, b) in enumerate(zip(our_values, their_values)):
        assert_close(a, b, RECURRENT, f"{what} output {index}")
    assert len(our_grads) == len(their_grads)
    for index, (a, b) in enumerate(zip(our_grads, their_grads)):
        assert_close(a, b, RECURRENT, f"{what} gradient {index}")


LAYER_VARIANTS = {
    "SimpleRNN": lambda m, **kw: m.layers.SimpleRNN(3, **kw),
    "LSTM": lambda m, **kw: m.layers.LSTM(3, **kw),
    "GRU": lambda m, **kw: m.layers.GRU(3, **kw),
    "GRU[reset_before]": lambda m, **kw: m.layers.GRU(3, reset_after=False, **kw),
    "RNN[LSTMCell]": lambda m, **kw: m.layers.RNN(m.layers.LSTMCell(3, name="cell"), **kw),
    "RNN[stacked]": lambda m, **kw: m.layers.RNN(
        [m.layers.GRUCell(4, name="a"), m.layers.LSTMCell(3, name="b")], **kw),
    "Bidirectional[concat]": lambda m, **kw: m.layers.Bidirectional(m.layers.LSTM(3, **kw)),
    "Bidirectional[mul,GRU]": lambda m, **kw: m.layers.Bidirectional(
        m.layers.GRU(3, **kw), merge_mode="mul"),
    "Bidirectional[None,SimpleRNN]": lambda m, **kw: m.layers.Bidirectional(
        m.layers.SimpleRNN(3, **kw), merge_mode=None),
}
OPTIONS = {
    "last": {},
    "sequences": {"return_sequences": True},
    "state": {"return_state": True},
    "backwards,state,sequences": {"go_backwards": True, "return_state": True,
                                  "return_sequences": True},
    "zero_output_for_mask": {"return_sequences": True, "zero_output_for_mask": True},
}


@pytest.mark.parametrize("options", list(OPTIONS), ids=list(OPTIONS))
@pytest.mark.parametrize("variant", list(LAYER_VARIANTS), ids=list(LAYER_VARIANTS))
@pytest.mark.parametrize("masked", [False, True], ids=["unmasked", "masked"])
def test_outputs_states_and_gradients_match_keras(variant, options, masked):
    make, options_used = LAYER_VARIANTS[variant], dict(OPTIONS[options])
    if variant.startswith("Bidirectional"):
        options_used.pop("go_backwards", None)  # both libraries refuse two backward layers
    x, ours, theirs = _pair(lambda m: make(m, **options_used), (4, 5, 3))
    mask = _uneven_mask(4, 5) if masked else None
    _assert_same_run(ours, theirs, x, mask=mask, what=f"{variant}[{options}]")


@pytest.mark.parametrize("variant", ["SimpleRNN", "LSTM", "GRU", "RNN[stacked]"])
@pytest.mark.parametrize("masked", [False, True], ids=["unmasked", "masked"])
def test_initial_state_and_its_gradient_match_keras(variant, masked):
    make = LAYER_VARIANTS[variant]
    x, ours, theirs = _pair(lambda m: make(m, return_state=True, return_sequences=True),
                            (4, 5, 3))
    rng = np.random.default_rng(3)
    sizes = [s for s in _flat_sizes(ours.state_size)]
    initial = [rng.uniform(-1, 1, (4, size)).astype("float32") for size in sizes]
    mask = _uneven_mask(4, 5) if masked else None
    _assert_same_run(ours, theirs, x, mask=mask, initial_state=initial, what=variant)


def _flat_sizes(state_size):
    for size in state_size:
        if isinstance(size, (list, tuple)):
            yield from _flat_sizes(size)
        else:
            yield size


@pytest.mark.parametrize("shape", [(1, 1, 3), (1, 7, 2), (5, 1, 2)], ids=str)
@pytest.mark.parametrize("variant", ["LSTM", "GRU", "SimpleRNN"])
def test_batch_one_and_single_step_match_keras(variant, shape):
    make = LAYER_VARIANTS[variant]
    x, ours, theirs = _pair(lambda m: make(m, return_state=True), shape)
    _assert_same_run(ours, theirs, x, what=f"{variant}{shape}")


def test_fully_masked_batch_gives_zeros_and_keeps_initial_states_like_keras():
    x, ours, theirs = _pair(lambda m: m.layers.LSTM(3, return_state=True), (2, 4, 3))
    mask = np.zeros((2, 4), dtype=bool)
    initial = [np.full((2, 3), 0.5, "float32"), np.full((2, 3), -0.25, "float32")]
    _assert_same_run(ours, theirs, x, mask=mask, initial_state=initial, what="all masked")
    values, _, _ = _ours(ours, x, mask, initial)
    np.testing.assert_array_equal(values[0], 0.0)
    np.testing.assert_array_equal(values[1], initial[0])


def test_stateful_layer_carries_states_like_keras():
    x, ours, theirs = _pair(lambda m: m.layers.GRU(3, stateful=True, return_sequences=True),
                            (2, 4, 3))
    ours.reset_state()
    theirs.reset_state()
    for _ in range(3):
        assert_close(np.asarray(ours(x)), np.asarray(theirs(x)), RECURRENT, "stateful call")
    ours.reset_states()
    theirs.reset_states()
    assert_close(np.asarray(ours(x)), np.asarray(theirs(x)), RECURRENT, "after reset")


@pytest.mark.parametrize("name", ["SimpleRNN", "LSTM", "GRU"])
def test_layer_config_round_trips_through_keras(name):
    options = dict(return_sequences=True, go_backwards=True, dropout=0.25,
                   recurrent_dropout=0.5, kernel_regularizer="l2", seed=3)
    if name == "SimpleRNN":
        options["activation"] = "relu"
    ours = getattr(kerasish.layers, name)(3, **options)
    theirs = real_keras().layers.deserialize(kerasish.layers.serialize(ours))
    our_config, their_config = ours.get_config(), theirs.get_config()
    assert list(our_config) == list(their_config)
    assert our_config == their_config
    back = kerasish.layers.deserialize(real_keras().layers.serialize(theirs))
    assert back.get_config() == our_config


# -------------------------------------------------------------- training


def _text_data(seed=0, n=48, steps=7, vocabulary=20):
    rng = np.random.default_rng(seed)
    x = rng.integers(1, vocabulary, size=(n, steps))
    y = (x[:, :3].sum(axis=1) > 1.5 * vocabulary).astype("float32")
    return x, y


@pytest.mark.parametrize("recurrent", ["LSTM", "GRU", "SimpleRNN"])
def test_fit_history_and_weights_match_keras(recurrent):
    x, y = _text_data()

    def build(m):
        model = m.Sequential([
            m.Input((7,)),
            m.layers.Embedding(20, 5),
            getattr(m.layers, recurrent)(6, return_sequences=True),
            getattr(m.layers, recurrent)(4, go_backwards=True),
            m.layers.Dense(1, activation="sigmoid"),
        ])
        model.compile(optimizer=m.optimizers.SGD(0.1), loss="binary_crossentropy",
                      metrics=["accuracy"])
        return model

    ours, theirs = build(kerasish), build(real_keras())
    theirs.set_weights(ours.get_weights())
    kwargs = dict(batch_size=16, epochs=3, shuffle=False, verbose=0)
    our_history = ours.fit(x, y, **kwargs).history
    their_history = theirs.fit(x, y, **kwargs).history
    assert list(our_history) == list(their_history)
    for key in our_history:
        assert_close(our_history[key], their_history[key], TRAINING, key)
    for a, b in zip(ours.get_weights(), theirs.get_weights()):
        assert_close(a, b, TRAINING, "weights after fit")
    assert_close(ours.predict(x, verbose=0), theirs.predict(x, verbose=0), TRAINING, "predict")


# ---------------------------------------------------------------- errors


def _keras_message(make, *args, **kwargs):
    with pytest.raises(ValueError) as error:
        make(real_keras())(*args, **kwargs)
    return str(error.value)


def test_wrong_rank_error_matches_keras():
    x = np.zeros((2, 3), "float32")
    theirs = _keras_message(lambda m: m.layers.LSTM(2), x)
    with pytest.raises(ValueError) as error:
        kerasish.layers.LSTM(2, name="lstm_rank")(x)
    assert "expected ndim=3, found ndim=2. Full shape received: (2, 3)" in theirs
    assert "expected ndim=3, found ndim=2. Full shape received: (2, 3)" in str(error.value)


def test_stateful_without_batch_size_error_matches_keras():
    def model(m):
        return m.Sequential([m.Input((4, 3)), m.layers.GRU(2, stateful=True)])

    with pytest.raises(ValueError) as theirs:
        model(real_keras())
    with pytest.raises(ValueError) as ours:
        model(kerasish)
    assert str(ours.value) == str(theirs.value)


def test_invalid_units_error_matches_keras():
    with pytest.raises(ValueError) as theirs:
        real_keras().layers.LSTMCell(0)
    with pytest.raises(ValueError) as ours:
        kerasish.layers.LSTMCell(0)
    assert str(ours.value) == str(theirs.value)


def test_weight_tolerance_is_reduction_for_one_step():
    # A single timestep is one cell evaluation: no compounding.
    x, ours, theirs = _pair(lambda m: m.layers.LSTM(3), (2, 1, 3))
    assert_close(np.asarray(ours(x)), np.asarray(theirs(x)), REDUCTION, "one step")


# ------------------------------------------------------- masks end to end


def _padded_tokens(seed=1, n=24, steps=6, vocabulary=12):
    """Token sequences right-padded with 0 to uneven lengths, one of them empty."""
    rng = np.random.default_rng(seed)
    x = rng.integers(1, vocabulary, size=(n, steps))
    lengths = rng.integers(0, steps + 1, size=n)
    lengths[0] = 0
    x[np.arange(steps)[None, :] >= lengths[:, None]] = 0
    y = (x.sum(axis=1) % 2).astype("float32")
    return x, y


@pytest.mark.parametrize("recurrent", ["LSTM", "GRU", "Bidirectional"])
def test_embedding_mask_zero_into_recurrent_layers_matches_keras(recurrent):
    x, y = _padded_tokens()

    def build(m):
        if recurrent == "Bidirectional":
            middle = [m.layers.Bidirectional(m.layers.LSTM(4, return_sequences=True)),
                      m.layers.GRU(3)]
        else:
            middle = [getattr(m.layers, recurrent)(4, return_sequences=True),
                      getattr(m.layers, recurrent)(3)]
        model = m.Sequential([m.Input((6,)), m.layers.Embedding(12, 5, mask_zero=True),
                              *middle, m.layers.Dense(1, activation="sigmoid")])
        # SGD: Adam would turn the ~1e-9 float32 noise of gradients that are zero in
        # exact arithmetic (masked steps) into full-size steps in either library.
        model.compile(optimizer=m.optimizers.SGD(0.5), loss="binary_crossentropy")
        return model

    ours, theirs = build(kerasish), build(real_keras())
    theirs.set_weights(ours.get_weights())
    assert_close(ours.predict(x, verbose=0), theirs.predict(x, verbose=0), RECURRENT, "predict")
    kwargs = dict(batch_size=8, epochs=2, shuffle=False, verbose=0)
    our_history = ours.fit(x, y, **kwargs).history
    their_history = theirs.fit(x, y, **kwargs).history
    assert_close(our_history["loss"], their_history["loss"], TRAINING, "loss")
    assert_close(ours.predict(x, verbose=0), theirs.predict(x, verbose=0), TRAINING, "after fit")


def test_encoder_decoder_with_symbolic_initial_state_matches_keras():
    def build(m):
        encoder_in = m.Input((5, 3))
        _, h, c = m.layers.LSTM(4, return_state=True)(encoder_in)
        decoder_in = m.Input((4, 2))
        decoded = m.layers.LSTM(4, return_sequences=True)(decoder_in, initial_state=[h, c])
        out = m.layers.TimeDistributed(m.layers.Dense(3, activation="softmax"))(decoded)
        return m.Model([encoder_in, decoder_in], out)

    ours, theirs = build(kerasish), build(real_keras())
    theirs.set_weights(ours.get_weights())
    rng = np.random.default_rng(0)
    inputs = [rng.normal(size=(6, 5, 3)).astype("float32"),
              rng.normal(size=(6, 4, 2)).astype("float32")]
    assert_close(ours.predict(inputs, verbose=0), theirs.predict(inputs, verbose=0), RECURRENT,
                 "encoder-decoder")


def test_masking_layer_into_recurrent_layers_matches_keras():
    rng = np.random.default_rng(4)
    x = rng.normal(size=(5, 6, 3)).astype("float32")
    x[0, 3:] = 0.0
    x[1, :] = 0.0
    x[2, :2] = 0.0

    def build(m):
        return m.Sequential([m.Input((6, 3)), m.layers.Masking(0.0),
                             m.layers.SimpleRNN(4, return_sequences=True),
                             m.layers.Bidirectional(m.layers.GRU(3, return_sequences=True)),
                             m.layers.LSTM(2)])

    ours, theirs = build(kerasish), build(real_keras())
    theirs.set_weights(ours.get_weights())
    assert_close(ours.predict(x, verbose=0), theirs.predict(x, verbose=0), RECURRENT, "Masking")
