"""`kerasish.utils`: helpers users reach for alongside models."""

from kerasish.utils import lazy_namespace

# name -> module (relative to kerasish.utils, or absolute), imported on first
# use. To add a helper, add ONE line.
_LAZY = {
    "BatchDataset": ".dataset_utils",
    "Config": ".config",
    "FeatureSpace": ".feature_space",
    "CustomObjectScope": "kerasish.saving.serialization_lib",
    "PyDataset": "kerasish.trainers.data_adapters.py_dataset_adapter",
    "Progbar": ".progbar",
    "Sequence": "kerasish.trainers.data_adapters.py_dataset_adapter:PyDataset",
    "array_to_img": ".image_utils",
    "audio_dataset_from_directory": ".audio_dataset_utils",
    "clear_session": "kerasish.backend",
    "custom_object_scope": "kerasish.saving.serialization_lib",
    "deserialize_keras_object": "kerasish.saving",
    "disable_interactive_logging": ".io_utils",
    "enable_interactive_logging": ".io_utils",
    "get_custom_objects": "kerasish.saving.serialization_lib",
    "get_file": ".file_utils",
    "get_registered_name": "kerasish.saving.serialization_lib",
    "get_registered_object": "kerasish.saving.serialization_lib",
    "get_source_inputs": ".tensor_utils",
    "image_dataset_from_directory": ".image_dataset_utils",
    "img_to_array": ".image_utils",
    "is_interactive_logging_enabled": ".io_utils",
    "is_keras_tensor": ".tensor_utils",
    "load_img": ".image_utils",
    "model_to_dot": ".model_visualization",
    "normalize": ".numerical_utils",
    "pack_x_y_sample_weight": "kerasish.trainers.data_adapters.data_adapter_utils",
    "pad_sequences": ".sequence_utils",
    "plot_model": ".model_visualization",
    "register_keras_serializable": "kerasish.saving.serialization_lib",
    "save_img": ".image_utils",
    "serialize_keras_object": "kerasish.saving.serialization_lib",
    "set_random_seed": ".rng_utils",
    "split_dataset": ".dataset_splitting",
    "standardize_dtype": ".dtype_utils",
    "text_dataset_from_directory": ".text_dataset_utils",
    "timeseries_dataset_from_array": ".timeseries_dataset_utils",
    "to_categorical": ".numerical_utils",
    "unpack_x_y_sample_weight": "kerasish.trainers.data_adapters.data_adapter_utils",
}
lazy_namespace.attach(globals(), _LAZY, ("bounding_boxes",))

# Configs name `keras.utils` classes (FeatureSpace) by module: the loader finds
# them among this namespace's public names.
ALL_OBJECTS_DICT = {}
from kerasish.saving import serialization_lib as _serialization_lib  # noqa: E402

_serialization_lib.register_builtin_family("utils", __name__)
