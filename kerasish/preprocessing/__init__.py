"""`kerasish.preprocessing`: Keras 3's legacy-named home of the image and
sequence helpers and the dataset builders (the same functions as in
`keras.utils`)."""

from kerasish.preprocessing import image, sequence  # noqa: F401
from kerasish.utils.image_dataset_utils import image_dataset_from_directory  # noqa: F401
from kerasish.utils.text_dataset_utils import text_dataset_from_directory  # noqa: F401
from kerasish.utils.timeseries_dataset_utils import timeseries_dataset_from_array  # noqa: F401
