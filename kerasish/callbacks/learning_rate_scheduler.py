import numpy as np

from kerasish.callbacks.callback import Callback


class LearningRateScheduler(Callback):
    """Sets the optimizer's learning rate at the start of each epoch.

    At each epoch's start the callback calls `schedule(epoch, lr)` with the
    current learning rate (or `schedule(epoch)` when the function takes one
    argument) and sets the result on the optimizer; at each epoch's end it
    adds the rate to the logs as `learning_rate`, so `History` records it.
    For a rate that changes every step instead, pass a
    `keras.optimizers.schedules.LearningRateSchedule` to the optimizer.

    Args:
        schedule: a function of `(epoch, lr)` or of `epoch` (from 0) that
            returns the new learning rate as a float.
        verbose: 1 to print the rate each epoch, 0 (default) for silence.

    Raises:
        ValueError: at the start of an epoch, when the optimizer has no
            `learning_rate` or `schedule` does not return a float.

    Examples:
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
        >>> model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
        >>> halve = keras.callbacks.LearningRateScheduler(lambda epoch, lr: lr * 0.5)
        >>> history = model.fit(np.ones((4, 2)), np.zeros((4, 1)), epochs=3, verbose=0,
        ...                     callbacks=[halve])
        >>> [round(rate, 4) for rate in history.history["learning_rate"]]
        [0.05, 0.025, 0.0125]
    """

    def __init__(self, schedule, verbose=0):
        super().__init__()
        self.schedule = schedule
        self.verbose = verbose

    def on_epoch_begin(self, epoch, logs=None):
        optimizer = self.model.optimizer
        if not hasattr(optimizer, "learning_rate"):
            raise ValueError('Optimizer must have a "learning_rate" attribute.')
        try:
            current = float(np.asarray(optimizer.learning_rate))
            learning_rate = self.schedule(epoch, current)
        except TypeError:  # a schedule of the epoch alone
            learning_rate = self.schedule(epoch)
        if not isinstance(learning_rate, (float, np.float32, np.float64)):
            raise ValueError(
                f"The output of the `schedule` function should be a float. Got: {learning_rate}"
            )
        optimizer.learning_rate = learning_rate
        if self.verbose > 0:
            print(
                f"\nEpoch {epoch + 1}: LearningRateScheduler setting learning rate to "
                f"{learning_rate}."
            )

    def on_epoch_end(self, epoch, logs=None):
        if logs is not None:
            logs["learning_rate"] = float(np.asarray(self.model.optimizer.learning_rate))
