"""`kerasish.utils`: helpers users reach for alongside models."""

from kerasish.utils.numerical_utils import normalize, to_categorical  # noqa: F401
from kerasish.utils.progbar import Progbar  # noqa: F401
from kerasish.utils.rng_utils import set_random_seed  # noqa: F401
from kerasish.backend import clear_session  # noqa: F401,E402
from kerasish.utils.model_visualization import model_to_dot, plot_model  # noqa: F401
