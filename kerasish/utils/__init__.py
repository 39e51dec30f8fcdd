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
