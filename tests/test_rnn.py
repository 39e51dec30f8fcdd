"""Recurrent layers: the generic layer checks (finite-difference gradients,
shapes, configs), the whole-sequence primitives against the readable cell
loop, Keras's masking rules, dropout, stateful layers, wrappers, files and
errors. (Numbers against real Keras: compat_tests/test_rnn_parity.py.)"""

import numpy as np
import pytest

import kerasish as keras
from kerasish import ops
from kerasish.backend.tensor import Tensor, gradients
from tests.layer_checks import check_layer

L = keras.layers


# ------------------------------------------------------ generic layer checks

LAYER_CASES = [
    ("SimpleRNN", lambda: L.SimpleRNN(3), 3),
    ("SimpleRNN[relu,sequences]", lambda: L.SimpleRNN(2, activation="relu",
                                                      return_sequences=True), 3),
    ("LSTM", lambda: L.LSTM(3), 3),
    ("LSTM[backwards,sequences]", lambda: L.LSTM(2, go_backwards=True, return_sequences=True), 3),
    ("LSTM[no bias]", lambda: L.LSTM(2, use_bias=False), 2),
    ("GRU", lambda: L.GRU(3), 3),
    ("GRU[reset_before]", lambda: L.GRU(3, reset_after=False, return_sequences=True), 3),
    ("RNN[LSTMCell,softsign]", lambda: L.RNN(L.LSTMCell(2, activation="softsign")), 3),
    ("RNN[stacked]", lambda: L.RNN([L.SimpleRNNCell(2), L.GRUCell(2)]), 6),
    ("Bidirectional", lambda: L.Bidirectional(L.GRU(2, return_sequences=True)), 6),
    ("Bidirectional[sum]", lambda: L.Bidirectional(L.SimpleRNN(2), merge_mode="sum"), 6),
    ("TimeDistributed[Dense]", lambda: L.TimeDistributed(L.Dense(2, activation="tanh")), 2),
]


@pytest.mark.parametrize("make, num_weights", [c[1:] for c in LAYER_CASES],
                         ids=[c[0] for c in LAYER_CASES])
def test_generic_layer_checks(make, num_weights):
    check_layer(make, input_shape=(2, 4, 3), num_weights=num_weights)


def test_time_distributed_conv_checks():
    check_layer(lambda: L.TimeDistributed(L.Conv1D(2, 2)), input_shape=(2, 3, 4, 2),
                num_weights=2)


# ------------------------------------ the fast primitives vs the cell loop


def _run(layer, x, mask, initial_state):
    x_t = Tensor(x.copy())
    states = [Tensor(s.copy()) for s in initial_state]
    kwargs = {"initial_state": states}
    if mask is not None:
        kwargs["mask"] = mask
    outputs = layer(x_t, **kwargs)
    outputs = outputs if isinstance(outputs, list) else [outputs]
    rng = np.random.default_rng(5)
    loss = sum(ops.sum(ops.multiply(o, rng.normal(size=np.shape(o)))) for o in outputs)
    return [np.asarray(o) for o in outputs], gradients(
        loss, [x_t] + layer.trainable_weights + states)


FUSED_LAYERS = {
    "SimpleRNN": lambda **kw: L.SimpleRNN(3, **kw),
    "LSTM": lambda **kw: L.LSTM(3, **kw),
    "GRU": lambda **kw: L.GRU(3, **kw),
    "GRU[reset_before]": lambda **kw: L.GRU(3, reset_after=False, **kw),
    "LSTM[relu,linear]": lambda **kw: L.LSTM(3, activation="relu",
                                             recurrent_activation="linear", **kw),
}
FUSED_OPTIONS = [
    {}, {"return_sequences": True}, {"go_backwards": True, "return_state": True},
    {"return_sequences": True, "go_backwards": True, "zero_output_for_mask": True},
]


@pytest.mark.parametrize("options", FUSED_OPTIONS, ids=str)
@pytest.mark.parametrize("name", list(FUSED_LAYERS))
@pytest.mark.parametrize("masked", [False, True])
def test_sequence_primitive_matches_the_cell_loop(name, options, masked):
    # Seeded weights: with relu and linear gates values reach ~20, where the two
    # float32 summation orders differ by ~1e-6 relative.
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(4, 5, 2)).astype("float32")
    mask = None
    if masked:
        mask = np.ones((4, 5), dtype=bool)
        mask[0, 3:] = False
        mask[1, :] = False
        mask[2, :2] = False
    fast, slow = FUSED_LAYERS[name](**options), FUSED_LAYERS[name](**options)
    fast(x)
    slow(x)
    slow.set_weights(fast.get_weights())
    slow.cell_class = None  # forces RNN's generic loop over the cell
    states = [rng.normal(size=(4, 3)).astype("float32") for _ in fast.state_size]
    fast_out, fast_grads = _run(fast, x, mask, states)
    slow_out, slow_grads = _run(slow, x, mask, states)
    for a, b in zip(fast_out, slow_out):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    for a, b in zip(fast_grads, slow_grads):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)


# -------------------------------------------------------------- masking


def test_masked_steps_keep_states_and_repeat_or_zero_the_output():
    x = np.random.default_rng(1).normal(size=(2, 4, 3)).astype("float32")
    mask = np.array([[True, True, False, False], [True, False, True, False]])
    layer = L.GRU(2, return_sequences=True, return_state=True)
    out, state = layer(x, mask=mask)
    out = np.asarray(out)
    np.testing.assert_array_equal(out[0, 2], out[0, 1])  # previous output repeated
    np.testing.assert_array_equal(out[0, 3], out[0, 1])
    np.testing.assert_array_equal(out[1, 1], out[1, 0])
    np.testing.assert_array_equal(np.asarray(state)[0], out[0, 1])  # the state was carried
    zeroing = L.GRU(2, return_sequences=True, zero_output_for_mask=True)
    zeroing(x)
    zeroing.set_weights(layer.get_weights())
    zeroed = np.asarray(zeroing(x, mask=mask))
    np.testing.assert_array_equal(zeroed[~mask], 0.0)
    np.testing.assert_array_equal(zeroed[mask], out[mask])


def test_masked_timesteps_get_no_gradient():
    x = Tensor(np.random.default_rng(2).normal(size=(2, 5, 3)).astype("float32"))
    mask = np.array([[True, True, True, False, False], [False] * 5])
    layer = L.LSTM(3)
    (grad,) = gradients(ops.sum(layer(x, mask=mask)), [x])
    np.testing.assert_array_equal(grad[~mask], 0.0)
    assert np.all(np.abs(grad[mask]).sum(axis=-1) > 0)


def test_output_mask_follows_return_sequences():
    layer = L.LSTM(2, return_sequences=True)
    mask = np.array([[True, False]])
    np.testing.assert_array_equal(layer.compute_mask(None, mask), mask)
    assert L.LSTM(2).compute_mask(None, mask) is None
    assert L.LSTM(2, return_state=True).compute_mask(None, mask) == [None, None, None]


def test_embedding_mask_zero_reaches_the_lstm():
    tokens = np.array([[4, 2, 0, 0], [3, 0, 0, 0]])
    embedded = L.Embedding(6, 3, mask_zero=True)(tokens)
    layer = L.LSTM(2, return_sequences=True)
    masked = np.asarray(layer(embedded))
    explicit = np.asarray(layer(np.asarray(embedded), mask=tokens != 0))
    np.testing.assert_array_equal(masked, explicit)


# -------------------------------------------------------- dropout, state


def test_dropout_only_in_training_and_same_units_at_every_step():
    x = np.ones((3, 6, 4), dtype="float32")
    layer = L.SimpleRNN(5, dropout=0.5, recurrent_dropout=0.5, seed=1,
                        kernel_initializer="ones", recurrent_initializer="zeros",
                        return_sequences=True)
    inference = np.asarray(layer(x))
    np.testing.assert_array_equal(inference, np.asarray(layer(x, training=False)))
    trained = np.asarray(layer(x, training=True))
    assert not np.allclose(trained, inference)
    # With a zero recurrent kernel every step sees the same dropped input.
    np.testing.assert_allclose(trained, np.repeat(trained[:, :1], 6, axis=1), rtol=1e-6)


@pytest.mark.parametrize("make", [lambda: L.LSTM(3, dropout=0.3, recurrent_dropout=0.3),
                                  lambda: L.GRU(3, dropout=0.3, recurrent_dropout=0.2),
                                  lambda: L.GRU(3, dropout=0.3, reset_after=False)])
def test_training_with_dropout_differentiates(make):
    layer = make()
    x = Tensor(np.random.default_rng(0).normal(size=(2, 4, 3)).astype("float32"))
    grads = gradients(ops.sum(layer(x, training=True)), [x] + layer.trainable_weights)
    assert all(np.isfinite(g).all() for g in grads)


def test_stateful_layer_carries_and_resets_states():
    x = np.random.default_rng(0).normal(size=(2, 3, 4)).astype("float32")
    layer = L.LSTM(3, stateful=True)
    first = np.asarray(layer(x))
    second = np.asarray(layer(x))
    assert not np.allclose(first, second)
    layer.reset_states()
    np.testing.assert_allclose(np.asarray(layer(x)), first, rtol=1e-6)
    assert len(layer.weights) == 3  # the carried states are not weights
    assert all(v.trainable is False for v in layer.states)


def test_unroll_gives_the_same_numbers():
    x = np.random.default_rng(0).normal(size=(2, 3, 4)).astype("float32")
    rolled, unrolled = L.GRU(3), L.GRU(3, unroll=True)
    rolled(x)
    unrolled(x)
    unrolled.set_weights(rolled.get_weights())
    np.testing.assert_array_equal(np.asarray(rolled(x)), np.asarray(unrolled(x)))


def test_lstm_bias_starts_with_forget_gate_ones():
    layer = L.LSTM(2)
    layer(np.zeros((1, 1, 3), dtype="float32"))
    np.testing.assert_array_equal(layer.cell.bias.numpy(), [0, 0, 1, 1, 0, 0, 0, 0])


def test_custom_cell_trains_through_autodiff():
    class MinimalCell(keras.Layer):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.units = units
            self.state_size = units

        def build(self, input_shape):
            self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")
            self.recurrent = self.add_weight(shape=(self.units, self.units), name="recurrent")

        def call(self, inputs, states):
            output = ops.tanh(ops.matmul(inputs, self.kernel)
                              + ops.matmul(states[0], self.recurrent))
            return output, [output]

    model = keras.Sequential([keras.Input((5, 2)), L.RNN(MinimalCell(4)), L.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="mse")
    rng = np.random.default_rng(0)
    x = rng.normal(size=(32, 5, 2)).astype("float32")
    y = np.tanh(x.sum(axis=(1, 2)) / 3)[:, None]
    before = [w.numpy() for w in model.layers[0].weights]
    history = model.fit(x, y, epochs=20, verbose=0).history["loss"]
    assert history[-1] < 0.5 * history[0]
    after = model.layers[0].weights
    assert all(not np.allclose(a, b.numpy()) for a, b in zip(before, after))


# ------------------------------------------------------------- wrappers


def test_bidirectional_merge_modes_and_states():
    x = np.random.default_rng(0).normal(size=(2, 4, 3)).astype("float32")
    layer = L.Bidirectional(L.LSTM(2, return_sequences=True, return_state=True), merge_mode=None)
    forward, backward, *states = layer(x)
    assert np.shape(forward) == np.shape(backward) == (2, 4, 2)
    assert len(states) == 4
    expected = {"concat": (2, 4, 4), "sum": (2, 4, 2), "mul": (2, 4, 2), "ave": (2, 4, 2)}
    for mode, shape in expected.items():
        wrapped = L.Bidirectional(L.LSTM(2, return_sequences=True), merge_mode=mode)
        assert np.shape(wrapped(x)) == shape
        assert wrapped.compute_output_shape((None, 4, 3)) == (None,) + shape[1:]


def test_bidirectional_reverses_backward_outputs_to_input_order():
    x = np.random.default_rng(0).normal(size=(1, 5, 2)).astype("float32")
    layer = L.Bidirectional(L.SimpleRNN(2, return_sequences=True), merge_mode=None)
    _, backward = layer(x)
    alone = L.SimpleRNN(2, return_sequences=True, go_backwards=True)
    alone(x)
    alone.set_weights(layer.backward_layer.get_weights())
    np.testing.assert_allclose(np.asarray(backward), np.asarray(alone(x))[:, ::-1], rtol=1e-6)


def test_bidirectional_errors():
    with pytest.raises(ValueError, match="Invalid merge mode"):
        L.Bidirectional(L.LSTM(2), merge_mode="max")
    with pytest.raises(ValueError, match="different `go_backwards` value"):
        L.Bidirectional(L.LSTM(2), backward_layer=L.LSTM(2))
    with pytest.raises(ValueError, match='same value for attribute "return_sequences"'):
        L.Bidirectional(L.LSTM(2), backward_layer=L.LSTM(2, go_backwards=True,
                                                         return_sequences=True))
    with pytest.raises(ValueError, match="keras.layers.Layer` instance"):
        L.Bidirectional("lstm")
    with pytest.raises(AttributeError, match="Layer must be stateful"):
        L.Bidirectional(L.LSTM(2)).reset_state()


def test_time_distributed_errors():
    with pytest.raises(ValueError, match="keras.layers.Layer` instance"):
        L.TimeDistributed(3)
    with pytest.raises(ValueError, match="at least 3 dimensions"):
        L.TimeDistributed(L.Dense(2))(np.zeros((2, 3), dtype="float32"))
    layer = L.TimeDistributed(L.Dense(2))
    with pytest.raises(ValueError, match="incompatible with the input shape"):
        layer(np.zeros((2, 3, 4), dtype="float32"), mask=np.ones((2, 5), dtype=bool))


# ---------------------------------------------------------------- errors


def test_wrong_input_rank_is_refused():
    with pytest.raises(ValueError, match="expected ndim=3, found ndim=2"):
        L.GRU(2)(np.zeros((2, 3), dtype="float32"))
    with pytest.raises(ValueError, match="expected min_ndim=3"):
        L.RNN(L.GRUCell(2))(np.zeros((2, 3), dtype="float32"))


def test_mask_of_the_wrong_shape_is_refused():
    with pytest.raises(ValueError, match=r"mask.shape=\(2, 4\)"):
        L.LSTM(2)(np.zeros((2, 3, 4), dtype="float32"), mask=np.ones((2, 4), dtype=bool))


def test_initial_state_of_the_wrong_number_or_shape_is_refused():
    x = np.zeros((2, 3, 4), dtype="float32")
    with pytest.raises(ValueError, match=r"expects 2 state\(s\).*received 1"):
        L.LSTM(5)(x, initial_state=[np.zeros((2, 5), dtype="float32")])
    with pytest.raises(ValueError, match=r"expected \(batch_size, state_size\) = \(2, 5\)"):
        L.GRU(5)(x, initial_state=[np.zeros((2, 4), dtype="float32")])


def test_stateful_layer_needs_a_fixed_batch_size():
    with pytest.raises(ValueError, match="the batch size must be static"):
        keras.Sequential([keras.Input((3, 4)), L.LSTM(2, stateful=True)])
    layer = L.LSTM(2, stateful=True)
    layer(np.zeros((2, 3, 4), dtype="float32"))
    with pytest.raises(ValueError, match="Expected batch size: 2"):
        layer(np.zeros((3, 3, 4), dtype="float32"))


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="expected a positive integer"):
        L.LSTM(0)
    with pytest.raises(ValueError, match="use_cudnn"):
        L.GRU(2, use_cudnn="yes")
    with pytest.raises(ValueError, match="should have a `call` method"):
        L.RNN(3)
    with pytest.raises(ValueError, match="`state_size` attribute"):
        L.StackedRNNCells([L.Dense(2)])


# ---------------------------------------------------------------- files


@pytest.mark.parametrize("suffix", [".keras", ".weights.h5", ".h5"])
def test_recurrent_models_round_trip_through_files(tmp_path, suffix):
    inputs = keras.Input((5,))
    x = L.Embedding(10, 4, mask_zero=True)(inputs)
    x = L.Bidirectional(L.LSTM(3, return_sequences=True))(x)
    x = L.GRU(3, return_sequences=True, reset_after=False)(x)
    x = L.RNN([L.SimpleRNNCell(2), L.LSTMCell(2)], return_sequences=True)(x)
    outputs = L.TimeDistributed(L.Dense(1))(x)
    model = keras.Model.from_config(keras.Model(inputs, outputs).get_config())
    fresh = keras.Model.from_config(model.get_config())
    tokens = np.array([[1, 2, 3, 0, 0], [4, 5, 6, 7, 8]])
    expected = model.predict(tokens, verbose=0)
    path = str(tmp_path / f"model{suffix}")
    if suffix == ".weights.h5":
        model.save_weights(path)
        assert not np.allclose(fresh.predict(tokens, verbose=0), expected)
        clone = fresh
        clone.load_weights(path)
    else:
        model.save(path)
        clone = keras.saving.load_model(path)
    np.testing.assert_array_equal(clone.predict(tokens, verbose=0), expected)
