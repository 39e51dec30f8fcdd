"""utils/validation.check_scalar: one checker for scalar arguments."""

import numpy as np
import pytest

import kerasish as keras
from kerasish.utils.validation import check_scalar


@pytest.mark.parametrize("value", [0.1, 1, np.float32(0.1), np.float64(0.5), np.int64(0)])
def test_python_and_numpy_numbers_are_accepted(value):
    assert check_scalar(value, "rate", low=0, high=1) == pytest.approx(float(value))
    assert type(check_scalar(value, "rate", low=0, high=1)) in (int, float)


@pytest.mark.parametrize("value, error", [
    (-0.1, ValueError), (1.5, ValueError),  # numbers out of range
    # No numbers at all: a TypeError, as comparing them raises in Keras.
    (True, TypeError), ("0.1", TypeError), (None, TypeError), ([0.1], TypeError),
    (np.array([0.1]), TypeError),
])
def test_other_values_are_refused_in_keras_wording(value, error):
    expected = (r"Invalid value received for argument `rate`\. "
                r"Expected a float value between 0 and 1\. Received: rate=")
    with pytest.raises(error, match=expected):
        check_scalar(value, "rate", low=0, high=1)


def test_integer_kind_and_one_sided_ranges():
    assert check_scalar(np.int32(3), "units", kind="int", low=1) == 3
    with pytest.raises(ValueError, match="Expected an integer value >= 1. Received: units=2.0"):
        check_scalar(2.0, "units", kind="int", low=1)


def test_gaussian_noise_and_dropout_take_numpy_scalars():
    layer = keras.layers.GaussianNoise(np.float32(0.1))
    assert layer.get_config()["stddev"] == pytest.approx(0.1)
    assert keras.layers.Dropout(np.float64(0.5)).rate == 0.5
    with pytest.raises(ValueError, match="Received: stddev=-1"):
        keras.layers.GaussianNoise(-1.0)
