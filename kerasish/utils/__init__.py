"""`kerasish.utils`: helpers users reach for alongside models."""

from kerasish.utils.numerical_utils import normalize, to_categorical  # noqa: F401
from kerasish.utils.progbar import Progbar  # noqa: F401
from kerasish.utils.rng_utils import set_random_seed  # noqa: F401
from kerasish.backend import clear_session  # noqa: F401,E402
from kerasish.utils.model_visualization import model_to_dot, plot_model  # noqa: F401
from kerasish.trainers.data_adapters.py_dataset_adapter import PyDataset  # noqa: F401,E402
from kerasish.trainers.data_adapters.py_dataset_adapter import PyDataset as Sequence  # noqa: F401,E402
from kerasish.trainers.data_adapters.data_adapter_utils import (  # noqa: F401,E402
    pack_x_y_sample_weight,
    unpack_x_y_sample_weight,
)
from kerasish.utils.dataset_utils import BatchDataset  # noqa: F401,E402
from kerasish.utils.image_dataset_utils import image_dataset_from_directory  # noqa: F401,E402
from kerasish.utils.image_utils import array_to_img, img_to_array, load_img, save_img  # noqa: F401,E402
from kerasish.utils.text_dataset_utils import text_dataset_from_directory  # noqa: F401,E402
from kerasish.utils.timeseries_dataset_utils import timeseries_dataset_from_array  # noqa: F401,E402
from kerasish.utils.config import Config  # noqa: F401,E402
from kerasish.utils.dataset_splitting import split_dataset  # noqa: F401,E402
from kerasish.utils.dtype_utils import standardize_dtype  # noqa: F401,E402
from kerasish.utils.file_utils import get_file  # noqa: F401,E402
from kerasish.utils.io_utils import (  # noqa: F401,E402
    disable_interactive_logging,
    enable_interactive_logging,
    is_interactive_logging_enabled,
)
from kerasish.utils.sequence_utils import pad_sequences  # noqa: F401,E402
from kerasish.utils.tensor_utils import get_source_inputs, is_keras_tensor  # noqa: F401,E402

# Keras's serialization helpers live in kerasish.saving, which imports layers
# and models: importing it here would close an import circle (ops -> utils ->
# saving -> layers -> ops) while kerasish is still loading, so these names are
# looked up on first use instead.
_FROM_SAVING = {
    "CustomObjectScope": "serialization_lib", "custom_object_scope": "serialization_lib",
    "get_custom_objects": "serialization_lib", "get_registered_name": "serialization_lib",
    "get_registered_object": "serialization_lib",
    "register_keras_serializable": "serialization_lib",
    "serialize_keras_object": "serialization_lib", "deserialize_keras_object": "",
}


def __getattr__(name):
    if name == "FeatureSpace":  # a Layer: imported on first use, as layers import utils
        from kerasish.utils.feature_space import FeatureSpace

        return FeatureSpace
    if name not in _FROM_SAVING:
        raise AttributeError(f"module 'kerasish.utils' has no attribute '{name}'")
    from kerasish import saving
    from kerasish.saving import serialization_lib

    return getattr(serialization_lib if _FROM_SAVING[name] else saving, name)


def __dir__():
    return sorted(set(globals()) | set(_FROM_SAVING) | {"FeatureSpace"})
