"""`kerasish.models`: Model, Sequential and model loading."""

from kerasish.models.model import Model  # noqa: F401
from kerasish.models.sequential import Sequential  # noqa: F401
from kerasish.saving.saving_api import load_model, save_model  # noqa: F401,E402
from kerasish.saving.model_config import model_from_json  # noqa: F401,E402
from kerasish.models.cloning import clone_model  # noqa: F401,E402
