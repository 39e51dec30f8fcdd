"""kerasish: Keras's API over a pure NumPy core.

    import kerasish as keras

`import kerasish` imports the families whose names configs refer to (so
`load_model` and `deserialize` find every built-in); each family imports a
class's module when the class is first used, and the other namespaces load
on first use (see `kerasish/utils/lazy_namespace.py`)."""

from kerasish import (  # noqa: F401
    activations,
    backend,
    config,
    constraints,
    initializers,
    layers,
    losses,
    metrics,
    models,
    ops,
    optimizers,
    regularizers,
    saving,
)
from kerasish.utils import lazy_namespace as _lazy_namespace
from kerasish.version import __version__, version  # noqa: F401  (keras.version() is a function)

# Names of the top-level namespace loaded on first use: name -> module.
# To add one, add ONE line.
_LAZY = {
    "GradientTape": "kerasish.backend.tape",
    "Initializer": "kerasish.initializers",
    "Input": "kerasish.layers",
    "InputSpec": "kerasish.layers",
    "KerasTensor": "kerasish.backend.keras_tensor",
    "Layer": "kerasish.layers",
    "Loss": "kerasish.losses",
    "Metric": "kerasish.metrics",
    "Model": "kerasish.models",
    "Optimizer": "kerasish.optimizers",
    "Regularizer": "kerasish.regularizers",
    "Sequential": "kerasish.models",
    "Variable": "kerasish.backend.variables",
    "name_scope": "kerasish.backend.name_scope",
    "Operation": "kerasish.ops.operation",
    "Function": "kerasish.ops.function",
    "DTypePolicy": "kerasish.dtype_policies",
    "FloatDTypePolicy": "kerasish.dtype_policies",
}
# The namespaces nothing else needs at import. To add one, add its name.
_LAZY_SUBMODULES = ("callbacks", "datasets", "export", "random", "tree", "utils",
                    "preprocessing", "visualization")
_lazy_namespace.attach(globals(), _LAZY, _LAZY_SUBMODULES)
