"""Initializers: the distributions Keras documents, seeds, configs, `get`."""

import math

import numpy as np
import pytest

from kerasish import initializers, layers

SHAPE = (400, 300)  # 120000 draws: sample std within ~0.3% of the true one
FAN_IN, FAN_OUT = SHAPE
# A sample standard deviation of 120000 draws is off by about 1/sqrt(2 * 120000)
# = 0.2% (one sigma); 2% is ten sigma, so the check never flakes but still
# catches a wrong scale or fan.
STD_RTOL = 0.02
TRUNCATION = 0.87962566103423978  # std of a standard normal cut at +-2


def spread(variance, kind):
    """(expected std, bound on |values|) for a zero-mean initializer."""
    std = math.sqrt(variance)
    if kind == "uniform":
        return std, math.sqrt(3 * variance)
    return std, 2 * std / TRUNCATION


@pytest.mark.parametrize(
    "cls, variance, kind",
    [
        (initializers.GlorotUniform, 2 / (FAN_IN + FAN_OUT), "uniform"),
        (initializers.GlorotNormal, 2 / (FAN_IN + FAN_OUT), "normal"),
        (initializers.HeUniform, 2 / FAN_IN, "uniform"),
        (initializers.HeNormal, 2 / FAN_IN, "normal"),
        (initializers.LecunUniform, 1 / FAN_IN, "uniform"),
        (initializers.LecunNormal, 1 / FAN_IN, "normal"),
    ],
)
def test_variance_scaling_presets(cls, variance, kind):
    values = cls(seed=1)(SHAPE)
    assert values.dtype == np.float32 and values.shape == SHAPE
    std, bound = spread(variance, kind)
    assert np.abs(values).max() <= bound * (1 + 1e-6)
    assert values.std() == pytest.approx(std, rel=STD_RTOL)
    assert abs(values.mean()) < 5 * std / math.sqrt(values.size)


@pytest.mark.parametrize("mode, fan", [("fan_in", 40 * 9), ("fan_out", 16 * 9),
                                       ("fan_avg", (40 + 16) * 9 / 2)])
def test_variance_scaling_fans_of_a_conv_kernel(mode, fan):
    values = initializers.VarianceScaling(scale=3.0, mode=mode, distribution="uniform", seed=2)(
        (3, 3, 40, 16)
    )
    assert np.abs(values).max() <= math.sqrt(3 * 3.0 / fan) * (1 + 1e-6)
    assert values.std() == pytest.approx(math.sqrt(3.0 / fan), rel=0.05)


def test_random_normal_uniform_truncated_defaults():
    normal = initializers.RandomNormal(seed=3)(SHAPE)
    assert normal.std() == pytest.approx(0.05, rel=STD_RTOL)
    uniform = initializers.RandomUniform(seed=3)(SHAPE)
    assert uniform.min() >= -0.05 and uniform.max() <= 0.05
    truncated = initializers.TruncatedNormal(mean=1.0, stddev=0.1, seed=3)(SHAPE)
    assert np.abs(truncated - 1.0).max() <= 0.2 + 1e-6


def test_constant_initializers():
    np.testing.assert_array_equal(initializers.Zeros()((2, 3)), np.zeros((2, 3)))
    np.testing.assert_array_equal(initializers.Ones()((2,)), np.ones(2))
    np.testing.assert_array_equal(initializers.Constant(2.5)((2, 2)), np.full((2, 2), 2.5))
    np.testing.assert_array_equal(initializers.Identity(gain=2.0)((2, 3)), 2 * np.eye(2, 3))


def test_orthogonal():
    q = initializers.Orthogonal(seed=4)((6, 4))
    np.testing.assert_allclose(q.T @ q, np.eye(4), atol=1e-5)
    wide = initializers.Orthogonal(gain=2.0, seed=4)((3, 5))
    np.testing.assert_allclose(wide @ wide.T, 4 * np.eye(3), atol=1e-5)


def test_seeded_initializers_repeat_and_unseeded_ones_do_not():
    a = initializers.GlorotUniform(seed=5)
    np.testing.assert_array_equal(a((3, 3)), a((3, 3)))
    np.testing.assert_array_equal(a((3, 3)), initializers.GlorotUniform(seed=5)((3, 3)))
    b = initializers.GlorotUniform()
    assert not np.array_equal(b((3, 3)), b((3, 3)))


def test_dtype_argument_and_float64():
    assert initializers.HeNormal(seed=1)((2, 2), dtype="float64").dtype == np.float64
    assert initializers.Zeros()((2,), dtype="float64").dtype == np.float64


@pytest.mark.parametrize(
    "initializer",
    [initializers.GlorotUniform(seed=1), initializers.RandomNormal(0.5, 2.0, seed=3),
     initializers.RandomUniform(-1.0, 1.0), initializers.Constant(3.0),
     initializers.VarianceScaling(2.0, "fan_out", "uniform", seed=7), initializers.Orthogonal(0.5)],
)
def test_config_round_trip(initializer):
    config = initializer.get_config()
    assert type(initializer).from_config(config).get_config() == config


def test_glorot_config_holds_only_seed_and_axes_like_keras():
    assert initializers.GlorotUniform(seed=1).get_config() == {
        "seed": 1, "input_axes": None, "output_axes": None
    }


@pytest.mark.parametrize(
    "name, cls",
    [("glorot_uniform", initializers.GlorotUniform), ("GlorotUniform", initializers.GlorotUniform),
     ("he_normal", initializers.HeNormal), ("zeros", initializers.Zeros),
     ("ones", initializers.Ones), ("random_normal", initializers.RandomNormal),
     ("orthogonal", initializers.Orthogonal)],
)
def test_get_by_name(name, cls):
    assert isinstance(initializers.get(name), cls)


def test_get_rejects_unknown_names_and_bad_arguments():
    with pytest.raises(ValueError, match="Could not interpret initializer identifier: glorot"):
        initializers.get("glorot")
    with pytest.raises(ValueError, match="Received: seed=1.5"):
        initializers.RandomNormal(seed=1.5)
    with pytest.raises(ValueError, match="Received: mode=fan_sum"):
        initializers.VarianceScaling(mode="fan_sum")
    with pytest.raises(ValueError, match="Received: scale=0"):
        initializers.VarianceScaling(scale=0)


def test_dense_uses_its_initializers():
    layer = layers.Dense(3, kernel_initializer="ones", bias_initializer=initializers.Constant(0.5))
    layer(np.zeros((1, 2), "float32"))
    np.testing.assert_array_equal(layer.kernel.value, np.ones((2, 3)))
    np.testing.assert_array_equal(layer.bias.value, np.full(3, 0.5))
