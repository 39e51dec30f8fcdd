"""Every activation in `kerasish.activations` against `keras.activations`:
values and gradients, with the options that change the computation."""

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import (
    public_members,
    ELEMENTWISE,
    REDUCTION,
    Tolerance,
    assert_same_values_and_grads,
    random_shape,
    real_keras,
    uniform,
)

SEEDS = range(3)


def _avoiding(kinks, low=-4.0, high=4.0, margin=0.05):
    """Random values at least `margin` away from each kink, where the two
    libraries may pick different subgradients."""

    def draw(rng, shape):
        values = uniform(rng, shape, low, high)
        for kink in kinks:
            near = np.abs(values - kink) < margin
            values[near] += 3 * margin
        return values

    return draw


# erf (exact gelu) comes from a polynomial fit: NumPy has none.
ERF_FIT = Tolerance(2e-5, 2e-6, "erf from a polynomial fit, a few float32 ulp")


def _even_last_axis(rng, shape):
    return uniform(rng, shape[:-1] + (2 * shape[-1],))


def _distinct(rng, shape):
    """Values all different (sparsemax's support changes where two cross)."""
    size = int(np.prod(shape))
    return (rng.permutation(size).astype(np.float32) * 0.37 - size * 0.15).reshape(shape)


# (name, kwargs, draw, tolerance); several rows per activation with options.
ACTIVATIONS = [
    ("relu", {}, _avoiding([0.0]), ELEMENTWISE),
    ("relu", {"negative_slope": 0.1}, _avoiding([0.0]), ELEMENTWISE),
    ("relu", {"max_value": 1.5}, _avoiding([0.0, 1.5]), ELEMENTWISE),
    ("relu", {"threshold": 0.5}, _avoiding([0.5]), ELEMENTWISE),
    ("relu", {"negative_slope": 0.2, "max_value": 2.0, "threshold": -0.5},
     _avoiding([-0.5, 2.0]), ELEMENTWISE),
    ("leaky_relu", {}, _avoiding([0.0]), ELEMENTWISE),
    ("leaky_relu", {"negative_slope": 0.05}, _avoiding([0.0]), ELEMENTWISE),
    ("relu6", {}, _avoiding([0.0, 6.0], -8, 8), ELEMENTWISE),
    ("sigmoid", {}, _avoiding([], -10, 10), ELEMENTWISE),
    ("tanh", {}, _avoiding([]), ELEMENTWISE),
    ("softmax", {}, _avoiding([]), REDUCTION),
    ("softmax", {"axis": 0}, _avoiding([]), REDUCTION),
    ("log_softmax", {}, _avoiding([]), REDUCTION),
    ("log_softmax", {"axis": 0}, _avoiding([]), REDUCTION),
    ("softplus", {}, _avoiding([], -20, 20), ELEMENTWISE),
    ("softsign", {}, _avoiding([0.0]), ELEMENTWISE),
    ("elu", {}, _avoiding([0.0]), ELEMENTWISE),
    ("elu", {"alpha": 0.5}, _avoiding([0.0]), ELEMENTWISE),
    ("selu", {}, _avoiding([0.0]), ELEMENTWISE),
    ("silu", {}, _avoiding([]), ELEMENTWISE),
    ("swish", {}, _avoiding([]), ELEMENTWISE),
    ("exponential", {}, _avoiding([]), ELEMENTWISE),
    ("hard_sigmoid", {}, _avoiding([-3.0, 3.0], -5, 5), ELEMENTWISE),
    ("hard_silu", {}, _avoiding([-3.0, 3.0], -5, 5), ELEMENTWISE),
    ("hard_swish", {}, _avoiding([-3.0, 3.0], -5, 5), ELEMENTWISE),
    ("linear", {}, _avoiding([]), ELEMENTWISE),
    ("celu", {}, _avoiding([0.0]), ELEMENTWISE),
    ("celu", {"alpha": 0.5}, _avoiding([0.0]), ELEMENTWISE),
    ("gelu", {}, _avoiding([]), ERF_FIT),
    ("gelu", {"approximate": True}, _avoiding([]), ELEMENTWISE),
    ("glu", {}, _even_last_axis, ELEMENTWISE),
    ("hard_shrink", {}, _avoiding([-0.5, 0.5]), ELEMENTWISE),
    ("hard_shrink", {"threshold": 1.0}, _avoiding([-1.0, 1.0]), ELEMENTWISE),
    ("hard_tanh", {}, _avoiding([-1.0, 1.0]), ELEMENTWISE),
    ("log_sigmoid", {}, _avoiding([], -10, 10), ELEMENTWISE),
    ("mish", {}, _avoiding([]), ELEMENTWISE),
    ("soft_shrink", {}, _avoiding([-0.5, 0.5]), ELEMENTWISE),
    ("sparse_plus", {}, _avoiding([-1.0, 1.0]), ELEMENTWISE),
    ("sparse_sigmoid", {}, _avoiding([-1.0, 1.0]), ELEMENTWISE),
    ("sparsemax", {}, _distinct, REDUCTION),
    ("squareplus", {}, _avoiding([]), ELEMENTWISE),
    ("squareplus", {"b": 1.0}, _avoiding([]), ELEMENTWISE),
    ("tanh_shrink", {}, _avoiding([]), ELEMENTWISE),
    ("threshold", {"threshold": 0.5, "default_value": -1.0}, _avoiding([0.5]), ELEMENTWISE),
]


def test_every_activation_has_a_case():
    covered = {row[0] for row in ACTIVATIONS}
    public = public_members(kerasish.activations, not_members={"builtin_name"})
    missing = sorted({fn.__name__ for fn in public} - covered)
    assert not missing, f"add these activations to ACTIVATIONS in {__file__}: {missing}"


def test_same_activation_names_as_keras():
    keras = real_keras()
    ours = set(kerasish.activations.ALL_OBJECTS_DICT)
    assert [name for name in ours if not hasattr(keras.activations, name)] == []
    for name in ours:
        assert kerasish.activations.get(name).__name__ == keras.activations.get(name).__name__


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(
    "name,kwargs,draw,tolerance", ACTIVATIONS, ids=[f"{r[0]}{r[1] or ''}" for r in ACTIVATIONS]
)
def test_activation_matches_keras(name, kwargs, draw, tolerance, seed):
    rng = np.random.default_rng([seed, sum(map(ord, name))])
    x = draw(rng, random_shape(rng, min_rank=2 if "softmax" in name else 1))
    assert_same_values_and_grads(
        getattr(kerasish.activations, name),
        getattr(real_keras().activations, name),
        [x],
        kwargs,
        tolerance,
        what=f"activations.{name}{kwargs}",
    )


@pytest.mark.parametrize("name", ["gelu", "mish", "sparsemax", "relu", "swish"])
def test_serialize_and_deserialize_match_keras(name):
    keras = real_keras()
    ours = kerasish.activations.serialize(getattr(kerasish.activations, name))
    theirs = keras.activations.serialize(getattr(keras.activations, name))
    assert ours == theirs
    assert kerasish.activations.deserialize(theirs).__name__ == \
        keras.activations.deserialize(theirs).__name__
