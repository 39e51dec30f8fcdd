from kerasish.backend import random as backend_random


def set_random_seed(seed):
    """Seeds Python's `random`, NumPy's global state and kerasish's generator,
    so that initial weights, shuffling and dropout repeat from run to run."""
    if not isinstance(seed, int):
        raise ValueError(
            f"Expected `seed` argument to be an integer. Received: seed={seed} "
            f"(of type {type(seed)})"
        )
    backend_random.seed_everything(seed)
