"""A sample of the robustness fuzz cases checked against real Keras: odd but
valid inputs give Keras's results, and inputs kerasish refuses are ones Keras
refuses too (apart from NaN/inf data, which kerasish refuses on purpose)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import kerasish
from compat_tests.helpers import ELEMENTWISE, REDUCTION, assert_close, copy_weights, real_keras
from tests.robustness_checks import FUZZ, call

VALID_DTYPES = ["float16", "float32", "float64", "int8", "int64", "uint8", "bool"]


def _models():
    keras = real_keras()
    theirs = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    theirs.compile(optimizer="sgd", loss="mse")
    ours = kerasish.Sequential([kerasish.Input((3,)), kerasish.layers.Dense(2)])
    ours.compile(optimizer="sgd", loss="mse")
    copy_weights(theirs, ours)
    return ours, theirs


@pytest.fixture(scope="module")
def models():
    return _models()


@settings(FUZZ, max_examples=20)  # each Keras predict traces a new function (~0.1 s)
@given(dtype=st.sampled_from(VALID_DTYPES), rows=st.integers(1, 5),
       trailing_one=st.booleans(), data=st.data())
def test_predict_on_odd_dtypes_and_ranks_matches_keras(models, dtype, rows, trailing_one, data):
    ours, theirs = models
    shape = (rows, 3, 1) if trailing_one else (rows, 3)
    kind = np.dtype(dtype).kind
    # Values float32 holds exactly (kerasish refuses float64 data beyond float32's range).
    elements = st.floats(-100, 100, width=16) if kind == "f" else None
    x = data.draw(hnp.arrays(np.dtype(dtype), shape, elements=elements))
    # A Keras model fed inputs of another rank or dtype than the ones its
    # predict function was traced for fails inside TensorFlow: trace anew.
    theirs.predict_function = None
    # One matmul + bias add of exactly-cast inputs rounds like a reduction.
    assert_close(ours.predict(x, verbose=0), theirs.predict(x, verbose=0), REDUCTION, dtype)


@pytest.mark.parametrize("y_shape", [(4, 1), (4, 2), (4, 2, 1)])
def test_train_on_batch_broadcasts_targets_as_keras_does(y_shape):
    ours, theirs = _models()
    rng = np.random.default_rng(0)
    x = rng.normal(size=(4, 3)).astype("float32")
    y = rng.normal(size=y_shape).astype("float32")
    # One SGD step on a float32 loss: the loss itself is a reduction.
    assert_close(ours.train_on_batch(x, y), theirs.train_on_batch(x, y), REDUCTION, str(y_shape))
    assert_close(ours.get_weights()[0], theirs.get_weights()[0], REDUCTION, "kernel after a step")


@pytest.mark.parametrize("y_shape", [(4,), (4, 5), (4, 2, 2)])
def test_targets_keras_rejects_are_rejected(y_shape):
    ours, theirs = _models()
    x = np.ones((4, 3), "float32")
    y = np.ones(y_shape, "float32")
    _, their_error = call(lambda: theirs.train_on_batch(x, y))
    assert their_error is not None
    with pytest.raises(ValueError, match="`y_true` and `y_pred` must have compatible shapes"):
        ours.train_on_batch(x, y)


@pytest.mark.parametrize("logits, labels", [
    ([1e4, -1e4, 0.0], [0.0, 1.0, 0.0]),
    ([1e4, -1e4, 0.0], [1.0, 0.0, 0.0]),
    ([-1e4, 1e4, 1e4], [0.5, 0.25, 0.25]),
])
@pytest.mark.parametrize("name", ["CategoricalCrossentropy", "BinaryCrossentropy"])
def test_extreme_logits_give_keras_losses(logits, labels, name):
    keras = real_keras()
    z = np.array([logits], "float32")
    y = np.array([labels], "float32")
    ours = getattr(kerasish.losses, name)(from_logits=True)(y, z)
    theirs = getattr(keras.losses, name)(from_logits=True)(y, z)
    # Logits of 1e4 make each term exact in float32 or round once.
    assert_close(np.asarray(kerasish.ops.convert_to_numpy(ours)), np.asarray(theirs), ELEMENTWISE, name)


def test_empty_batch_losses_stay_unreduced_as_in_keras():
    keras = real_keras()
    y = np.ones((0, 2), "float32")
    ours = kerasish.losses.MeanSquaredError()(y, y)
    theirs = keras.losses.MeanSquaredError()(y, y)
    assert tuple(np.shape(ours)) == tuple(theirs.shape) == (0,)
