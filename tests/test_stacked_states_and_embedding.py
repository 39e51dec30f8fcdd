"""Two recurrent/embedding fixes: the states an RNN over stacked cells
returns (nested per cell, in the structure of the initial states, as
Keras's loop repacks them), and Embedding's Keras 2 `input_length`
(a warning, not an error). Numbers against real Keras:
compat_tests/test_rnn_fixes_parity.py."""

import warnings

import numpy as np
import pytest

import kerasish as keras
from kerasish.backend.tensor import Tensor, gradients

L = keras.layers
X = np.random.default_rng(0).normal(size=(2, 5, 6)).astype("float32")


def _shapes(value):
    if isinstance(value, (list, tuple)):
        return [_shapes(v) for v in value]
    return tuple(np.shape(value))


@pytest.mark.parametrize("cells, expected", [
    (lambda: [L.GRUCell(4), L.LSTMCell(3)], [(2, 3), [(2, 4)], [(2, 3), (2, 3)]]),
    (lambda: [L.LSTMCell(4)], [(2, 4), [(2, 4), (2, 4)]]),
    (lambda: [L.GRUCell(4)], [(2, 4), [(2, 4)]]),
    (lambda: [L.SimpleRNNCell(2), L.LSTMCell(4), L.GRUCell(3)],
     [(2, 3), [(2, 2)], [(2, 4), (2, 4)], [(2, 3)]]),
], ids=["gru+lstm", "one lstm", "one gru", "three cells"])
@pytest.mark.parametrize("sequences", [False, True], ids=["last", "sequences"])
def test_stacked_cells_return_each_cells_states(cells, expected, sequences):
    layer = L.RNN(cells(), return_state=True, return_sequences=sequences)
    outputs = layer(X)
    if sequences:
        expected = [(2, 5, expected[0][1])] + expected[1:]
    assert _shapes(outputs) == expected


def test_stacked_states_are_the_last_cells_outputs_and_feed_back_as_initial_state():
    layer = L.RNN([L.LSTMCell(4)], return_state=True, return_sequences=True)
    sequence, (h, c) = layer(X)
    np.testing.assert_array_equal(np.asarray(sequence)[:, -1], np.asarray(h))
    # Running the two halves, the second from the first's states, is one run.
    _, first_states = layer(X[:, :3])
    second, _ = layer(X[:, 3:], initial_state=[first_states])
    np.testing.assert_allclose(np.asarray(second)[:, -1], np.asarray(h), rtol=1e-6, atol=1e-6)


def test_single_cell_stack_is_differentiable_through_its_states():
    layer = L.RNN([L.LSTMCell(3)], return_state=True)
    x = Tensor(X.copy())
    _, (h, c) = layer(x)
    grads = gradients(keras.ops.sum(c), [x] + layer.trainable_weights)
    assert all(np.all(np.isfinite(g)) and np.any(g != 0) for g in grads)


def test_stacked_masked_run_keeps_the_state_structure():
    layer = L.RNN([L.LSTMCell(3)], return_state=True)
    mask = np.array([[True] * 5, [True, True, False, False, False]])
    output, (h, c) = layer(X, mask=mask)
    alone = L.RNN([L.LSTMCell(3)], return_state=True)
    alone(X[1:, :2])
    alone.set_weights(layer.get_weights())
    _, (h_short, c_short) = alone(X[1:, :2])
    np.testing.assert_allclose(np.asarray(c)[1:], np.asarray(c_short), rtol=1e-6, atol=1e-7)


def test_embedding_input_length_warns_and_is_ignored():
    with pytest.warns(UserWarning, match=r"Argument `input_length` is deprecated\. Just remove it"):
        layer = L.Embedding(10, 3, input_length=7)
    assert "input_length" not in layer.get_config()
    assert layer(np.zeros((2, 4), "int32")).shape == (2, 4, 3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        L.Embedding(10, 3, input_length=None)  # None: no warning, as in Keras


@pytest.mark.parametrize("name, args", [("input_dim", (0, 3)), ("output_dim", (3, 2.5))])
def test_embedding_dimension_errors_use_keras_wording(name, args):
    value = args[0] if name == "input_dim" else args[1]
    message = (f"`{name}` must be a positive integer. Received: {name}={value} "
               f"(of type {type(value).__name__}).")
    with pytest.raises(ValueError, match=message.replace(".", r"\.").replace("(", r"\(")
                       .replace(")", r"\)")):
        L.Embedding(*args)
