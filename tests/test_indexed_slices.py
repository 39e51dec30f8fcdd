"""RowSlices, the gradient of an embedding lookup: a dense array that keeps
its rows for TensorFlow's row-by-row unary ops, and Adam on an embedding
whose batch repeats a token against a NumPy reference of what Keras on
TensorFlow computes. (Against real Keras: compat_tests/test_rnn_fixes_parity.py.)"""

import pickle

import numpy as np
import pytest

import kerasish as keras
from kerasish.backend.indexed_slices import RowSlices

ROWS = np.array([[1.0, -2.0], [3.0, 0.5], [-1.0, 4.0]], dtype="float32")
INDICES = np.array([2, 0, 2])


def _slices():
    return RowSlices.from_rows(ROWS, INDICES, (4, 2))


def _dense(rows, indices=INDICES, shape=(4, 2)):
    out = np.zeros(shape, dtype=rows.dtype)
    np.add.at(out, indices, rows)
    return out


def test_values_are_the_rows_summed_per_index():
    g = _slices()
    np.testing.assert_array_equal(np.asarray(g), _dense(ROWS))
    assert g.dtype == np.float32 and isinstance(g, np.ndarray)


@pytest.mark.parametrize("ufunc", [np.square, np.sqrt, np.abs, np.sign, np.negative])
def test_zero_preserving_unary_ops_work_row_by_row(ufunc):
    with np.errstate(invalid="ignore"):
        result = ufunc(_slices())
        expected = _dense(ufunc(ROWS))
    np.testing.assert_array_equal(np.asarray(result), expected)
    assert isinstance(result, RowSlices)


def test_square_of_a_repeated_index_is_the_sum_of_squares():
    g = _slices()
    assert np.square(g)[2, 0] == 1.0 + 1.0  # not (1 - 1) ** 2
    np.testing.assert_array_equal(np.square(np.asarray(g))[2, 0], 0.0)


def test_scaling_keeps_rows_and_other_ops_give_dense_arrays():
    g = _slices()
    np.testing.assert_array_equal(np.square(g * 2.0), _dense(np.square(ROWS * 2)))
    np.testing.assert_array_equal(np.square(0.5 * g), _dense(np.square(ROWS * 0.5)))
    table = np.arange(8, dtype="float32").reshape(4, 2) + 1
    np.testing.assert_array_equal(np.square(g / table), _dense(np.square(ROWS / table[INDICES])))
    difference = g - np.ones((4, 2), "float32")
    assert type(difference) is np.ndarray
    np.testing.assert_array_equal(np.square(difference), np.square(_dense(ROWS) - 1))
    assert type(np.sum(g)) is not RowSlices and float(np.sum(g)) == float(_dense(ROWS).sum())


def test_clipping_by_value_clips_each_row():
    clipped = np.clip(_slices(), -1.5, 1.5)
    np.testing.assert_array_equal(np.asarray(clipped), _dense(np.clip(ROWS, -1.5, 1.5)))
    np.testing.assert_array_equal(np.square(clipped), _dense(np.square(np.clip(ROWS, -1.5, 1.5))))


def test_two_lookups_of_one_table_concatenate_their_rows():
    other = RowSlices.from_rows(ROWS[:1] * 3, np.array([2]), (4, 2))
    total = _slices() + other
    np.testing.assert_array_equal(np.square(total), _dense(
        np.square(np.concatenate([ROWS, ROWS[:1] * 3])), np.array([2, 0, 2, 2])))
    accumulated = _slices()
    accumulated += other
    np.testing.assert_array_equal(np.square(accumulated), np.square(total))


def test_writes_views_and_copies_forget_the_rows():
    g = _slices()
    g += np.ones((4, 2), "float32")  # an in-place dense update
    np.testing.assert_array_equal(np.square(g), np.square(_dense(ROWS) + 1))
    assert _slices()[1:].rows is None
    assert type(pickle.loads(pickle.dumps(_slices()))) is np.ndarray
    np.testing.assert_array_equal(np.square(_slices().astype("float64")),
                                  _dense(np.square(ROWS.astype("float64"))))


def _adam_reference(table, kernel, tokens, target, steps, lr=0.1, dense=False):
    """Keras's Adam on TensorFlow: the table's second moment sums the
    squares of each looked-up row's gradient (`dense`: squares the sums)."""
    m = [np.zeros_like(table), np.zeros_like(kernel)]
    v = [np.zeros_like(table), np.zeros_like(kernel)]
    table, kernel = table.astype(np.float64), kernel.astype(np.float64)
    for step in range(1, steps + 1):
        pooled = table[tokens].mean(axis=1)
        d_out = 2 * (pooled @ kernel - target) / target.size
        d_rows = np.repeat((d_out @ kernel.T)[:, None, :] / tokens.shape[1], tokens.shape[1], 1)
        rows, indices = d_rows.reshape(-1, table.shape[1]), tokens.reshape(-1)
        squares = (_dense(rows ** 2, indices, table.shape), (pooled.T @ d_out) ** 2)
        grads = (_dense(rows, indices, table.shape), pooled.T @ d_out)
        if dense:
            squares = (grads[0] ** 2, squares[1])
        alpha = lr * np.sqrt(1 - 0.999 ** step) / (1 - 0.9 ** step)
        for k, weight in enumerate((table, kernel)):
            m[k] += (grads[k] - m[k]) * 0.1
            v[k] += (squares[k] - v[k]) * 0.001
            weight -= m[k] * alpha / (np.sqrt(v[k]) + 1e-7)
    return table


def test_adam_on_an_embedding_with_repeated_tokens_follows_keras_on_tensorflow():
    rng = np.random.default_rng(0)
    table = rng.normal(size=(6, 3)).astype("float32")
    kernel = rng.normal(size=(3, 1)).astype("float32")
    tokens = np.array([[1, 1, 2, 1], [3, 1, 3, 0]])
    target = rng.normal(size=(2, 1)).astype("float32")
    model = keras.Sequential([
        keras.Input((4,), dtype="int32"), keras.layers.Embedding(6, 3),
        keras.layers.GlobalAveragePooling1D(), keras.layers.Dense(1, use_bias=False)])
    model.set_weights([table, kernel])
    model.compile(keras.optimizers.Adam(0.1), "mse")
    for _ in range(3):
        model.train_on_batch(tokens, target)
    expected = _adam_reference(table, kernel, tokens, target, 3)
    np.testing.assert_allclose(model.get_weights()[0], expected, rtol=1e-4, atol=1e-5)
    # Squaring the summed rows (a dense gradient) lands elsewhere: the test tells them apart.
    dense = _adam_reference(table, kernel, tokens, target, 3, dense=True)
    assert not np.allclose(model.get_weights()[0], dense, rtol=1e-4, atol=1e-5)
