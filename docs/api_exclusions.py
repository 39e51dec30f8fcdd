"""Public Keras 3.15 names kerasish leaves out on purpose, with the reason,
by namespace. docs/compat_matrix.py can read EXCLUDED to list them apart
from the names still to do (and leave them out of the coverage ratio)."""

BACKEND_WRAPPER = "wraps a model of another framework (JAX, Flax, PyTorch, TensorFlow SavedModel)"
NEEDS_NETWORK = "sends data to a network service"
NEEDS_ORBAX = "writes checkpoints through Orbax, a JAX library"
MIXED_PRECISION = "exists for mixed precision (float16 loss scaling), which kerasish does not have"
KERAS2_LEGACY = "Keras 2 compatibility shims for TensorFlow's legacy optimizers/serialization"

EXCLUDED = {
    "layers": {
        "JaxLayer": BACKEND_WRAPPER,
        "FlaxLayer": BACKEND_WRAPPER,
        "TorchModuleWrapper": BACKEND_WRAPPER,
        "TFSMLayer": BACKEND_WRAPPER,
    },
    "callbacks": {
        "RemoteMonitor": NEEDS_NETWORK,
        "OrbaxCheckpoint": NEEDS_ORBAX,
    },
    "optimizers": {
        "LossScaleOptimizer": MIXED_PRECISION,
        "legacy": KERAS2_LEGACY,
    },
    "utils": {
        "legacy": KERAS2_LEGACY,
    },
}
