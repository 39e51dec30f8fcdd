"""The global random state behind initializers, shuffling and dropout."""

import random as python_random

import numpy as np

# Made on first use: creating it imports numpy.random (about 20 ms), which
# `import kerasish` does not need.
_GENERATOR = [None]


def global_generator():
    if _GENERATOR[0] is None:
        _GENERATOR[0] = np.random.default_rng()
    return _GENERATOR[0]


def set_seed(seed):
    _GENERATOR[0] = np.random.default_rng(seed)


def make_generator(seed=None):
    """A generator for one draw: a fixed seed gives the same numbers every
    time (as Keras's seeded initializers do); None draws from the global state."""
    if seed is None:
        return global_generator()
    # Keras takes negative seeds too; NumPy wants them non-negative.
    return np.random.default_rng(seed % 2**64 if seed < 0 else seed)


def seed_everything(seed):
    python_random.seed(seed)
    np.random.seed(seed)
    set_seed(seed)
