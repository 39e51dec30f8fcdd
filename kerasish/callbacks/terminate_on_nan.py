import numpy as np

from kerasish.callbacks.callback import Callback


class TerminateOnNaN(Callback):
    """Stops training as soon as the loss becomes NaN or infinite.

    After each training batch the callback checks `logs["loss"]`; when it
    is not finite, it prints a message and sets `model.stop_training`, so
    `fit` ends after the current batch (the epoch's logs are still
    recorded).

    Args:
        raise_error: whether to raise a `RuntimeError` instead of stopping
            quietly. Defaults to False.

    Examples:
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
        >>> stopper = keras.callbacks.TerminateOnNaN()
        >>> stopper.set_model(model)
        >>> stopper.on_train_batch_end(3, {"loss": float("nan")})
        Batch 3: Invalid loss, terminating training
        >>> model.stop_training
        True
    """

    def __init__(self, raise_error=False):
        super().__init__()
        self.raise_error = raise_error

    def on_batch_end(self, batch, logs=None):
        """Stops training, or raises, when this batch's loss is not finite.

        Raises:
            RuntimeError: with `raise_error=True`, when the loss is NaN or
                infinite.
        """
        loss = (logs or {}).get("loss")
        if loss is None or not (np.isnan(loss) or np.isinf(loss)):
            return
        if self.raise_error:
            raise RuntimeError(
                f"NaN or Inf loss encountered at batch {batch}. Loss value: {loss}. "
                "Terminating training immediately."
            )
        print(f"Batch {batch}: Invalid loss, terminating training")
        self.model.stop_training = True
