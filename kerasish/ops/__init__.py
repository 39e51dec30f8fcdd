"""`kerasish.ops`: the differentiable operations layers are written in,
named as in `keras.ops`."""

from kerasish.ops.conv import *  # noqa: F401,F403
from kerasish.ops.core import *  # noqa: F401,F403
from kerasish.ops.nn import *  # noqa: F401,F403
from kerasish.ops.numpy import *  # noqa: F401,F403
