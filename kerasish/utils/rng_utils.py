"""`set_random_seed`: one call makes a program's random numbers repeat."""

from kerasish.backend import random as backend_random


def set_random_seed(seed):
    """Seeds Python's `random`, NumPy's global state and kerasish's generator.

    After the call, initial weights, `fit`'s shuffling, dropout masks and
    noise repeat from run to run, as with Keras's function of the same name.
    Initializers given their own `seed` do not depend on it.

    Args:
        seed: a Python int.

    Raises:
        ValueError: if `seed` is not an int.

    Examples:
        >>> keras.utils.set_random_seed(42)
        >>> first = keras.layers.Dense(2)(np.ones((1, 3)))
        >>> keras.utils.set_random_seed(42)
        >>> second = keras.layers.Dense(2)(np.ones((1, 3)))
        >>> bool(np.all(np.asarray(first) == np.asarray(second)))
        True
    """
    if not isinstance(seed, int):
        raise ValueError(
            f"Expected `seed` argument to be an integer. Received: seed={seed} "
            f"(of type {type(seed)})"
        )
    backend_random.seed_everything(seed)
