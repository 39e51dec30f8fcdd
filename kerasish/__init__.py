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
    initializers,
    layers,
    losses,
    metrics,
    models,
    ops,
    optimizers,
    regularizers,
    saving,
    utils,
)
from kerasish.backend.tensor import Variable  # noqa: F401
from kerasish.layers import Input, Layer  # noqa: F401
from kerasish.models import Model, Sequential  # noqa: F401
from kerasish.version import __version__  # noqa: F401
from kerasish.backend.tape import GradientTape  # noqa: F401,E402
