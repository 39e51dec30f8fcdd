"""`kerasish.preprocessing.sequence`: `pad_sequences`, as in Keras."""

from kerasish.utils.sequence_utils import pad_sequences  # noqa: F401
