"""The global random state behind initializers, shuffling and dropout."""

import random as python_random

import numpy as np

_GENERATOR = [np.random.default_rng()]


def global_generator():
    return _GENERATOR[0]


def set_seed(seed):
    _GENERATOR[0] = np.random.default_rng(seed)


def make_generator(seed=None):
    """A generator for one draw: a fixed seed gives the same numbers every
    time (as Keras's seeded initializers do); None draws from the global state."""
    if seed is None:
        return _GENERATOR[0]
    # Keras takes negative seeds too; NumPy wants them non-negative.
    return np.random.default_rng(seed % 2**64 if seed < 0 else seed)


def seed_everything(seed):
    python_random.seed(seed)
    np.random.seed(seed)
    set_seed(seed)
