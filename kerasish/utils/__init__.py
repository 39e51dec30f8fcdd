"""`kerasish.utils`: helpers users reach for alongside models."""

from kerasish.utils.numerical_utils import normalize, to_categorical  # noqa: F401
from kerasish.utils.progbar import Progbar  # noqa: F401
from kerasish.utils.rng_utils import set_random_seed  # noqa: F401
from kerasish.backend import clear_session  # noqa: F401,E402
from kerasish.utils.model_visualization import model_to_dot, plot_model  # noqa: F401
from kerasish.utils.config import Config  # noqa: F401,E402
from kerasish.utils.dataset_splitting import split_dataset  # noqa: F401,E402
from kerasish.utils.dtype_utils import standardize_dtype  # noqa: F401,E402
from kerasish.utils.file_utils import get_file  # noqa: F401,E402
from kerasish.utils.io_utils import (  # noqa: F401,E402
    disable_interactive_logging,
    enable_interactive_logging,
    is_interactive_logging_enabled,
)
from kerasish.utils.packing import pack_x_y_sample_weight, unpack_x_y_sample_weight  # noqa: F401,E402
from kerasish.utils.sequence_utils import pad_sequences  # noqa: F401,E402
from kerasish.utils.tensor_utils import get_source_inputs, is_keras_tensor  # noqa: F401,E402
from kerasish.saving.serialization_lib import (  # noqa: F401,E402
    CustomObjectScope,
    custom_object_scope,
    get_custom_objects,
    get_registered_name,
    get_registered_object,
    register_keras_serializable,
    serialize_keras_object,
)
from kerasish.saving import deserialize_keras_object  # noqa: F401,E402
