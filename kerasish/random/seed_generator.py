"""`SeedGenerator`: the state that makes seeded random ops differ per call."""

import numpy as np

from kerasish.backend import random as backend_random
from kerasish.backend.variables import Variable


class SeedGenerator:
    """A random state for the `keras.random` functions, advanced on every draw.

    Random functions given an int `seed` return the same numbers on every
    call; given a `SeedGenerator`, each call draws from a new seed derived
    from the generator's state, so the numbers differ from call to call yet
    repeat from run to run. Keep one as a layer attribute for dropout or
    sampling. Its state is a non-trainable int64 variable `[seed, counter]`
    named `seed_generator_state`, as in Keras (which keeps it out of weight
    files too: the config's `seed` recreates it).

    Args:
        seed: An int. None (the default) picks one at random, from the state
            `keras.utils.set_random_seed` seeds.
        name: The generator's name; None gives `seed_generator`, ... .
        **kwargs: Accepted for Keras compatibility (`backend`); anything else
            is an error.

    Raises:
        ValueError: If `seed` is not an int or an unknown keyword is given.

    Examples:
        >>> gen = keras.random.SeedGenerator(seed=42)
        >>> a = keras.random.normal((2,), seed=gen)
        >>> b = keras.random.normal((2,), seed=gen)
        >>> bool(np.all(a == b))
        False
        >>> gen.state.numpy()
        array([42,  2])
    """

    _count = [0]

    def __init__(self, seed=None, name=None, **kwargs):
        kwargs.pop("backend", None)
        if kwargs:
            raise ValueError(f"Unrecognized keyword arguments: {kwargs}")
        if name is None:
            name = "seed_generator" if not SeedGenerator._count[0] else (
                f"seed_generator_{SeedGenerator._count[0]}")
            SeedGenerator._count[0] += 1
        self.name = name
        self._initial_seed = seed
        if seed is None:
            seed = int(backend_random.global_generator().integers(1, int(1e9)))
        if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool):
            raise ValueError(f"Argument `seed` must be an integer. Received: seed={seed}")
        self.state = Variable(np.array([seed, 0], dtype=np.int64), trainable=False,
                              name="seed_generator_state")

    def next(self, ordered=True):
        """Returns the current state and advances it.

        Args:
            ordered: If True (the default) the counter goes up by one;
                otherwise the state is scrambled, as Keras's global generator
                does.

        Returns:
            The state before the call, an int64 array `[seed, counter]`.

        Examples:
            >>> gen = keras.random.SeedGenerator(7)
            >>> gen.next()
            array([7, 0])
            >>> gen.next()
            array([7, 1])
        """
        current = self.state.value.copy()
        if ordered:
            self.state.assign(current + np.array([0, 1], dtype=np.int64))
        else:
            self.state.assign((current + 1) * 5387 % 933199)
        return current

    def get_config(self):
        """Returns the constructor arguments, as Keras saves them.

        Returns:
            A dict with `seed` (as given, possibly None) and `name`.

        Examples:
            >>> keras.random.SeedGenerator(3, name="noise").get_config()
            {'seed': 3, 'name': 'noise'}
        """
        return {"seed": self._initial_seed, "name": self.name}

    @classmethod
    def from_config(cls, config):
        """Creates a generator from `get_config()`'s dict.

        Args:
            config: The dict.

        Returns:
            A new SeedGenerator.

        Examples:
            >>> keras.random.SeedGenerator.from_config({"seed": 3, "name": "g"}).name
            'g'
        """
        return cls(**config)


def draw_generator(seed):
    """A NumPy generator for one random op, from Keras's `seed` argument:
    an int gives the same stream every time, a SeedGenerator a new stream per
    call, None kerasish's global state (which `set_random_seed` seeds)."""
    if isinstance(seed, SeedGenerator):
        return np.random.default_rng([int(v) % 2**63 for v in seed.next()])
    if isinstance(seed, (int, np.integer)) and not isinstance(seed, bool):
        return np.random.default_rng([int(seed) % 2**63, 0])
    if seed is None:
        return backend_random.global_generator()
    raise ValueError(
        "Argument `seed` must be either an integer or an instance of `SeedGenerator`. "
        f"Received: seed={seed} (of type {type(seed)})"
    )
