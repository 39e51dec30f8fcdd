"""`kerasish.ops`: the differentiable operations layers are written in,
named as in `keras.ops`.

NumPy arrays in give NumPy arrays out, as with Keras's NumPy backend; an
input that needs a gradient (a Variable, or a Tensor computed from one)
gives a Tensor that records how it was made, for `keras.backend.gradients`
and training."""

from kerasish.ops.conv import *  # noqa: F401,F403
from kerasish.ops.core import *  # noqa: F401,F403
from kerasish.ops.nn import *  # noqa: F401,F403
from kerasish.ops.numpy import *  # noqa: F401,F403
from kerasish.ops.einsum import *  # noqa: F401,F403
