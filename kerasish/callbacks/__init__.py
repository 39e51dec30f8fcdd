"""`kerasish.callbacks`: hooks into training."""

from kerasish.callbacks.callback import Callback  # noqa: F401
from kerasish.callbacks.callback_list import CallbackList  # noqa: F401
from kerasish.callbacks.history import History  # noqa: F401
from kerasish.callbacks.progbar_logger import ProgbarLogger  # noqa: F401
from kerasish.callbacks.model_checkpoint import ModelCheckpoint  # noqa: F401
