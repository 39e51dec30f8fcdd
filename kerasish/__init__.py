"""kerasish: Keras's API over a pure NumPy core.

    import kerasish as keras
"""

from kerasish import (  # noqa: F401
    activations,
    backend,
    callbacks,
    config,
    constraints,
    datasets,
    export,
    initializers,
    layers,
    losses,
    metrics,
    models,
    ops,
    optimizers,
    random,
    tree,
    regularizers,
    saving,
    utils,
)
from kerasish.backend.variables import Variable  # noqa: F401
from kerasish.backend.name_scope import name_scope  # noqa: F401
from kerasish.initializers import Initializer  # noqa: F401
from kerasish.losses import Loss  # noqa: F401
from kerasish.metrics import Metric  # noqa: F401
from kerasish.optimizers import Optimizer  # noqa: F401
from kerasish.regularizers import Regularizer  # noqa: F401
from kerasish.backend.keras_tensor import KerasTensor  # noqa: F401
from kerasish.layers import Input, InputSpec, Layer  # noqa: F401
from kerasish.models import Model, Sequential  # noqa: F401
from kerasish.version import __version__  # noqa: F401
from kerasish.backend.tape import GradientTape  # noqa: F401,E402
from kerasish import preprocessing  # noqa: F401,E402
from kerasish.dtype_policies import DTypePolicy, FloatDTypePolicy  # noqa: F401,E402
from kerasish.version import version  # noqa: F401,E402
from kerasish import visualization  # noqa: F401,E402
