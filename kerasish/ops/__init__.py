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
from kerasish.ops.array_ops import *  # noqa: F401,F403
from kerasish.ops.elementwise import *  # noqa: F401,F403
from kerasish.ops.reductions import *  # noqa: F401,F403
from kerasish.ops.activation_ops import *  # noqa: F401,F403
from kerasish.ops.linalg import *  # noqa: F401,F403
from kerasish.ops.creation import *  # noqa: F401,F403
from kerasish.ops.products import *  # noqa: F401,F403
from kerasish.ops.searching import *  # noqa: F401,F403
from kerasish.ops.math import *  # noqa: F401,F403
from kerasish.ops.control_flow import *  # noqa: F401,F403
from kerasish.ops.nn_extra import *  # noqa: F401,F403
from kerasish.ops.einsum import *  # noqa: F401,F403

from kerasish.ops.einops import *  # noqa: E402,F401,F403
from kerasish.ops import image  # noqa: E402,F401
from kerasish.ops import namespaces as _namespaces  # noqa: E402

_namespaces.attach(globals())

from kerasish.ops import operators  # noqa: F401,E402  (makes Tensor operators call these ops)

from kerasish.ops import symbolic as _symbolic  # noqa: E402  (ops take KerasTensors: last, wraps the namespace)
_symbolic.install(globals())
