"""`kerasish.models`: Model, Sequential and model loading."""

from kerasish.saving import serialization_lib as _serialization_lib
from kerasish.utils import lazy_namespace as _lazy_namespace

# name -> module, imported on first use. To add a name, add ONE line.
_MODELS = {
    "Functional": ".functional",
    "Model": ".model",
    "Sequential": ".sequential",
}
_OTHERS = {
    "clone_model": ".cloning",
    "load_model": "kerasish.saving.saving_api",
    "model_from_json": "kerasish.saving.model_config",
    "save_model": "kerasish.saving.saving_api",
}
_PUBLIC = {name: _MODELS[name] for name in ("Model", "Sequential")}  # Functional is not public
_lazy_namespace.attach(globals(), {**_PUBLIC, **_OTHERS})
__all__ = [*_PUBLIC, *_OTHERS]

# The model classes by the names configs use (Keras writes "Functional").
ALL_OBJECTS_DICT = _lazy_namespace.LazyObjects(__name__, _MODELS)
_serialization_lib.register_builtin_family("models", __name__)
