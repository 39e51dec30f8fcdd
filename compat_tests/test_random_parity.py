"""`keras.random` against real Keras: every draw's dtype, shape, moments and
range (exact streams differ: Keras draws from TensorFlow's Philox), seeding
semantics (an int repeats, a SeedGenerator advances), SeedGenerator config
and state, and errors for bad dtypes and seeds."""

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import real_keras

N = 20000

DRAWS = {
    "normal": lambda r, seed: r.normal((N,), mean=1.0, stddev=2.0, seed=seed),
    "uniform": lambda r, seed: r.uniform((N,), minval=-1.0, maxval=3.0, seed=seed),
    "truncated_normal": lambda r, seed: r.truncated_normal((N,), stddev=2.0, seed=seed),
    "gamma": lambda r, seed: r.gamma((N,), alpha=2.5, seed=seed),
    "beta": lambda r, seed: r.beta((N,), alpha=2.0, beta=5.0, seed=seed),
    "binomial": lambda r, seed: r.binomial((N,), counts=10, probabilities=0.3, seed=seed),
    "randint": lambda r, seed: r.randint((N,), 0, 7, seed=seed),
    "categorical": lambda r, seed: r.categorical(np.log([[0.2, 0.3, 0.5]]), N, seed=seed)[0],
    "dropout": lambda r, seed: r.dropout(np.ones(N, np.float32), 0.3, seed=seed),
    "shuffle": lambda r, seed: r.shuffle(np.arange(N, dtype=np.float32), seed=seed),
}


@pytest.mark.parametrize("name", sorted(DRAWS))
def test_distribution_matches_keras(name):
    keras = real_keras()
    ours = kerasish.ops.convert_to_numpy(DRAWS[name](kerasish.random, 3))
    theirs = np.asarray(DRAWS[name](keras.random, 3))
    assert ours.dtype == theirs.dtype and ours.shape == theirs.shape, name
    spread = max(float(theirs.std()), 1e-3)
    assert abs(float(ours.mean()) - float(theirs.mean())) < 0.05 * max(1.0, spread), name
    assert abs(float(ours.std()) - float(theirs.std())) < 0.05 * max(1.0, spread), name
    assert ours.min() >= theirs.min() - 0.5 * spread and ours.max() <= theirs.max() + 0.5 * spread


@pytest.mark.parametrize("name", sorted(DRAWS))
def test_seeding_semantics_match_keras(name):
    keras = real_keras()
    for library in (kerasish, keras):
        same = [np.asarray(kerasish.ops.convert_to_numpy(DRAWS[name](library.random, 7)))
                for _ in range(2)]
        assert np.array_equal(*same), f"{library.__name__}: an int seed repeats"
        generator = library.random.SeedGenerator(7)
        first = np.asarray(kerasish.ops.convert_to_numpy(DRAWS[name](library.random, generator)))
        second = np.asarray(kerasish.ops.convert_to_numpy(DRAWS[name](library.random, generator)))
        if name != "binomial" or first.std() > 0:
            assert not np.array_equal(first, second), f"{library.__name__}: a generator advances"


def test_seed_generator_matches_keras():
    keras = real_keras()
    ours = kerasish.random.SeedGenerator(5, name="g")
    theirs = keras.random.SeedGenerator(5, name="g")
    assert ours.get_config() == theirs.get_config()
    assert ours.state.dtype == keras.ops.dtype(theirs.state.value)
    assert ours.state.name == theirs.state.name == "seed_generator_state"
    assert np.array_equal(ours.next(), np.asarray(theirs.next()))
    assert np.array_equal(ours.state.numpy(), np.asarray(theirs.state.value))
    restored = kerasish.random.SeedGenerator.from_config(ours.get_config())
    assert restored.get_config() == ours.get_config()


def test_set_random_seed_repeats_unseeded_draws():
    kerasish.utils.set_random_seed(11)
    first = kerasish.random.normal((4,))
    kerasish.utils.set_random_seed(11)
    assert np.array_equal(first, kerasish.random.normal((4,)))


@pytest.mark.parametrize("call", [
    lambda r: r.uniform((2,), dtype="int32"),
    lambda r: r.normal((2,), dtype="int32"),
    lambda r: r.randint((2,), 0, 3, dtype="float32"),
    lambda r: r.normal((2,), seed="abc"),
    lambda r: r.SeedGenerator(seed=1.5),
    lambda r: r.categorical(np.zeros(3), 2),
])
def test_bad_arguments_raise_like_keras(call):
    # Keras raises (sometimes TensorFlow's TypeError deep inside); kerasish
    # raises a ValueError naming the argument.
    keras = real_keras()
    with pytest.raises(Exception):
        call(keras.random)
    with pytest.raises(ValueError, match="`(dtype|seed|logits)`|seed"):
        call(kerasish.random)


def test_vae_sampling_layer_from_keras_guide_runs():
    keras = kerasish

    class Sampling(keras.layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.seed_generator = keras.random.SeedGenerator(1337)

        def call(self, inputs):
            z_mean, z_log_var = inputs
            batch = keras.ops.shape(z_mean)[0]
            dim = keras.ops.shape(z_mean)[1]
            epsilon = keras.random.normal(shape=(batch, dim), seed=self.seed_generator)
            return z_mean + keras.ops.exp(0.5 * z_log_var) * epsilon

    z_mean = keras.Variable(np.zeros((4, 2), np.float32))
    z_log_var = keras.Variable(np.zeros((4, 2), np.float32))
    z = Sampling()([z_mean, z_log_var])
    assert z.shape == (4, 2)
    grads = kerasish.backend.gradients(keras.ops.sum(z), [z_mean, z_log_var])
    assert np.allclose(grads[0], 1.0)
