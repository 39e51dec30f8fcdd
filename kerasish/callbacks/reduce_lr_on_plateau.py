import warnings

import numpy as np

from kerasish.callbacks.monitor_callback import MonitorCallback


class ReduceLROnPlateau(MonitorCallback):
    """Lowers the learning rate when a monitored value has stopped improving.

    At the end of each epoch the callback reads `logs[monitor]`. After
    `patience` epochs in a row without an improvement of more than
    `min_delta`, it multiplies the learning rate by `factor` (never going
    below `min_lr`), then waits `cooldown` epochs before counting again. It
    also adds the current `learning_rate` to each epoch's logs.

    Args:
        monitor: the name of the logged value to watch. Defaults to
            "val_loss".
        factor: the factor to multiply the learning rate by, below 1.
            Defaults to 0.1.
        patience: how many epochs without improvement to allow before
            lowering the rate. Defaults to 10.
        verbose: 1 to print a message when the rate changes, 0 (default)
            for silence.
        mode: "min", "max" or "auto" (default): whether lower or higher
            values are better; "auto" decides from the name, as for
            `EarlyStopping`.
        min_delta: the smallest change that counts as an improvement.
            Defaults to 1e-4.
        cooldown: how many epochs to wait after lowering the rate before
            counting epochs without improvement again. Defaults to 0.
        min_lr: the lowest learning rate allowed. Defaults to 0.0.
        **kwargs: accepted and ignored, as in Keras (for old arguments).

    Raises:
        ValueError: when `factor` is 1.0 or more.

    Examples:
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
        >>> model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.0), loss="mse")
        >>> reduce = keras.callbacks.ReduceLROnPlateau(monitor="loss", factor=0.5, patience=1,
        ...                                            min_lr=0.0)
        >>> model.optimizer.learning_rate = 0.4
        >>> reduce.set_model(model)
        >>> reduce.on_train_begin()
        >>> for epoch, loss in enumerate([1.0, 1.0, 1.0]):
        ...     reduce.on_epoch_end(epoch, {"loss": loss})
        >>> round(float(model.optimizer.learning_rate.numpy()), 4)
        0.1
    """

    def __init__(
        self,
        monitor="val_loss",
        factor=0.1,
        patience=10,
        verbose=0,
        mode="auto",
        min_delta=1e-4,
        cooldown=0,
        min_lr=0.0,
        **kwargs,
    ):
        super().__init__(monitor, mode, min_delta=min_delta)
        if factor >= 1.0:
            raise ValueError(
                f"ReduceLROnPlateau does not support a factor >= 1.0. Received factor={factor}"
            )
        self.factor = factor
        self.min_lr = min_lr
        self.patience = patience
        self.verbose = verbose
        self.cooldown = cooldown
        self.cooldown_counter = 0
        self.wait = 0

    def _reset(self):
        self.best = None
        self.cooldown_counter = 0
        self.wait = 0

    def on_train_begin(self, logs=None):
        self._reset()

    def in_cooldown(self):
        """Whether the callback is still waiting out its `cooldown`."""
        return self.cooldown_counter > 0

    def on_epoch_end(self, epoch, logs=None):
        if self.monitor_op is None:
            self._set_monitor_op()
        logs = logs if logs is not None else {}
        logs["learning_rate"] = float(np.asarray(self.model.optimizer.learning_rate))
        current = logs.get(self.monitor)
        if current is None:
            warnings.warn(
                f"Learning rate reduction is conditioned on metric `{self.monitor}` which is "
                f"not available. Available metrics are: {','.join(list(logs.keys()))}.",
                stacklevel=2,
            )
            return
        if self.in_cooldown():
            self.cooldown_counter -= 1
            self.wait = 0
        if self._is_improvement(current, self.best):
            self.best = current
            self.wait = 0
        elif not self.in_cooldown():
            self.wait += 1
            if self.wait >= self.patience and self._reduce_lr(epoch):
                self.cooldown_counter = self.cooldown
                self.wait = 0

    def _reduce_lr(self, epoch):
        optimizer = self.model.optimizer
        old_lr = float(np.asarray(optimizer.learning_rate))
        if old_lr <= np.float32(self.min_lr):
            return False
        new_lr = max(old_lr * self.factor, self.min_lr)
        optimizer.learning_rate = new_lr
        if self.verbose > 0:
            print(f"\nEpoch {epoch + 1}: ReduceLROnPlateau reducing learning rate to {new_lr}.")
        return True
