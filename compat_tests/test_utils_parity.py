"""`kerasish.utils` helpers against `keras.utils`."""

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import REDUCTION, assert_close, real_keras

LABELS = [
    (np.array([0, 2, 1, 2]), None),
    (np.array([[1], [0], [3]]), 5),
    (np.array([[0, 1], [2, 0]]), 3),
    (np.array([1.0, 0.0, 2.0]), None),
    (np.array([3], np.uint8), 4),
]


@pytest.mark.parametrize("labels,num_classes", LABELS, ids=[str(i) for i in range(len(LABELS))])
def test_to_categorical_matches_keras(labels, num_classes):
    ours = kerasish.utils.to_categorical(labels, num_classes)
    theirs = real_keras().utils.to_categorical(labels, num_classes)
    # Keras returns float64 for NumPy labels; kerasish returns float32 on
    # purpose (floatx by default, no silent upcast of the training targets).
    assert theirs.dtype == np.float64 and ours.dtype == np.float32
    assert ours.shape == theirs.shape
    np.testing.assert_array_equal(ours, theirs)


# Not axis=0: Keras 3.15's NumPy path replaces a falsy axis by -1 and then
# fails to broadcast (kerasish normalizes along axis 0 as asked).
@pytest.mark.parametrize("axis,order", [(-1, 2), (-1, 1), (1, 3)])
def test_normalize_matches_keras(axis, order):
    x = np.random.default_rng(axis + order).normal(size=(4, 3)).astype(np.float32)
    ours = np.asarray(kerasish.utils.normalize(x, axis=axis, order=order))
    theirs = np.asarray(real_keras().utils.normalize(x, axis=axis, order=order))
    assert ours.dtype == theirs.dtype
    assert_close(ours, theirs, REDUCTION, f"normalize axis={axis} order={order}")
