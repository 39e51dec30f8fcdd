"""`kerasish.config`: global settings, as in `keras.config`."""

from kerasish.backend.config import (  # noqa: F401
    backend,
    epsilon,
    floatx,
    image_data_format,
    set_epsilon,
    set_floatx,
)
