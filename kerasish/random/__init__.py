"""`kerasish.random`: random draws as in `keras.random`, seeded by an int,
a `SeedGenerator` or the global state (`keras.utils.set_random_seed`)."""

from kerasish.random.random import (  # noqa: F401
    beta,
    binomial,
    categorical,
    dropout,
    gamma,
    normal,
    randint,
    shuffle,
    truncated_normal,
    uniform,
)
from kerasish.random.seed_generator import SeedGenerator  # noqa: F401
